"""The U.S. DOL (ILAB) mapper: made-up XML in the real structure → the expected graph; every
case the real files hold (aliases, territories, "Unavailable" values, ambiguous and
impossible values, derived goods, split links, shared project links) mapped or reported;
the mapping report of the shipped files is up to date; the RDF Data Cube integrity
constraints hold on the mapped data and fire on a broken cube; the real findings map, pass
the shapes, and answer the issue-4 questions."""

from __future__ import annotations

import shutil
import warnings
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, SKOS

from puentes.build.provenance import add_run_record
from puentes.check.checks import check_files, run_checks
from puentes.check.shapes import load_shapes_graph
from puentes.check.validate import validate_graph
from puentes.errors import DataError, InputError
from puentes.ingest.catalogue import Source, load_catalogue
from puentes.ingest.sources import usdol_ilab
from puentes.ingest.sources.usdol_ilab.names import ALIASES, iso3, territory_status
from puentes.ingest.sources.usdol_ilab.reader import clean_link
from puentes.model import load_model_graph
from puentes.namespaces import PSC, PU, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, concept, rid
from puentes.paths import project_root

HERE = Path(__file__).parent / "sources" / "usdol-ilab"
RAW = project_root() / "data" / "raw" / "usdol-ilab"


def _source(location: Path) -> Source:
    return Source(id="usdol-ilab", title="t", kind="open-data-file", location=location,
                  licence="PD", publisher="p")


def _map(location: Path) -> tuple[Graph, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = usdol_ilab.map_source(_source(location))
    return g, [str(w.message) for w in caught]


@pytest.fixture(scope="module")
def fixture() -> Graph:
    return _map(HERE)[0]


@pytest.fixture(scope="module")
def report():
    return usdol_ilab.mapping_report(_source(HERE))


def _obs(slug: str):
    return rid("observation", f"usdol-ilab/{slug}")


# The fixture as a whole ----------------------------------------------------------------------

def test_fixture_maps_to_the_expected_graph(fixture):
    expected = Graph().parse(HERE / "expected.ttl")
    if not isomorphic(fixture, expected):
        _, a, b = graph_diff(to_isomorphic(fixture), to_isomorphic(expected))
        raise AssertionError(f"only mapped:\n{a.serialize(format='nt')}\n"
                             f"only expected:\n{b.serialize(format='nt')}")


def test_mapping_report_of_the_shipped_files_is_up_to_date():
    report = usdol_ilab.mapping_report(load_catalogue()["usdol-ilab"]).to_markdown()
    assert (RAW / "mapping-report.md").read_text(encoding="utf-8") == report, (
        "data/raw/usdol-ilab/mapping-report.md is out of date: rewrite it with "
        "`.venv/bin/python -m puentes.ingest.sources.usdol_ilab "
        "> data/raw/usdol-ilab/mapping-report.md` "
        "and read the diff")


def test_raw_files_are_the_snapshot_byte_for_byte():
    """The shipped files are the upstream ones as copied (SHA256SUMS was written from them):
    no clone skips this, unlike a comparison with a folder outside the repository."""
    import hashlib

    sums = dict(reversed(line.split("  ", 1))
                for line in (RAW / "SHA256SUMS").read_text().splitlines() if line.strip())
    assert set(sums) == {"countries.xml", "goods.xml", "goods_by_good.xml"}
    for name, digest in sums.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, name


# Statistics ----------------------------------------------------------------------------------

def test_fractions_become_percent_exactly_and_counts_stay_counts(fixture):
    assert str(fixture.value(_obs("mmr-2022-working-children-5-14-total-total"),
                             SDMX_MEASURE.obsValue)) == "12.5"  # 0.125 in the file
    # a completion rate may pass 100 % (a gross ratio): 1.05 → 105
    assert str(fixture.value(_obs("mmr-2022-primary-completion-rate-primary-total-total"),
                             SDMX_MEASURE.obsValue)) == "105.0"
    count = _obs("mmr-2022-working-children-count-5-14-total-total")
    assert fixture.value(count, SDMX_MEASURE.obsValue).toPython() == Decimal("1206134")
    assert fixture.value(count, SDMX_ATTR.unitMeasure) == concept("unit", "number")


def test_no_value_words_give_no_observation_and_are_counted(fixture, report):
    assert (_obs("mmr-2022-working-children-by-sector-5-14-total-industry"),
            None, None) not in fixture
    assert report.missing[("working-children-by-sector (industry) [Industry]",
                           "Unavailable")] == 3
    assert report.missing[("combining-work-and-school [Total]", "N/A")] == 1
    assert report.missing[("primary-completion-rate [Rate]", "Unknown")] == 1
    assert report.missing[("working-children-count [Total_Working_Population]", "empty")] == 1


def test_ambiguous_impossible_and_ageless_values_are_left_out_and_reported(fixture, report):
    # Somalia: two attendance values for 5–14, no territory named → neither is mapped
    assert (_obs("som-2022-school-attendance-5-14-total-total"), None, None) not in fixture
    # … but values of different age groups are distinct observations
    assert (_obs("som-2022-combining-work-and-school-7-14-total-total"), None, None) in fixture
    assert (_obs("som-2022-combining-work-and-school-10-14-total-total"), None, None) in fixture
    text = "\n".join(report.left_out)
    assert "Somalia school-attendance [Percentage]: 2 values (0.383, 0.442)" in text
    assert "2.84 is not a share between 0 and 1" in text  # 284 % is impossible
    assert "0.968 has no Age_Range" in text
    assert not any(fixture.value(o, SDMX_DIM.refArea) == rid("country", "FLK")
                   for o in fixture.subjects(PU.indicator,
                                             concept("indicator", "working-children")))


def test_reference_year_is_the_report_year_and_the_data_set_says_why(fixture):
    years = {str(y) for y in fixture.objects(None, SDMX_DIM.refPeriod)}
    assert years == {"2022"}
    assert "survey year" in str(fixture.value(rid("dataset", "usdol-ilab"), RDFS.comment))


# Countries -----------------------------------------------------------------------------------

def test_aliases_resolve_dol_names_and_each_says_why():
    assert iso3("Burma") == "MMR" and iso3("Kyrgyz Republic") == "KGZ"
    assert iso3("Congo, Democratic Republic of the") == "COD" and iso3("Brazil") == "BRA"
    assert iso3("Kosovo") is None
    assert all(len(code) == 3 and why for code, why in ALIASES.values())


def test_unmatched_country_names_are_reported_not_dropped_silently(fixture, report):
    _, messages = _map(HERE)
    assert any("Kosovo (2 record(s))" in m for m in messages)
    assert len(report.unmatched["Kosovo"]) == 2  # its country record and a good
    assert not any("Kosovo" in str(o) for o in fixture.objects())


def test_every_name_of_the_real_files_matches_except_kosovo():
    real = usdol_ilab.mapping_report(load_catalogue()["usdol-ilab"])
    assert set(real.unmatched) == {"Kosovo"}
    assert real.code_differences == {("Burma", "BUR", "MMR"), ("Kyrgyz Republic", "KVR", "KGZ")}
    assert territory_status("FLK") == "Territory of GB"
    assert {"AIA", "FLK", "SHN", "TKL", "PSE"} <= set(real.territories)


def test_territories_keep_the_country_wide_value_and_report_the_others(fixture, report):
    node = rid("assessment", "usdol-ilab/som-2022-minimum-work")
    assert fixture.value(node, PU.minimumAge).toPython() == 15  # "All Territories"
    assert any("'Example Territory' (only country-wide values are mapped)" in x
               for x in report.left_out)
    assert report.territories["FLK"] == ("Falkland Islands (Islas Malvinas)", "Territory of GB")


# Ratifications, standards, advancement ------------------------------------------------------

def test_ratifications_as_reported_and_na_or_conflicting_flags_left_out(fixture, report):
    def ratified(code, instrument):
        node = rid("commitment", f"usdol-ilab-{code}-{instrument}")
        value = fixture.value(node, PU.ratified)
        return None if value is None else value.toPython()

    assert ratified("mmr", "ilo-c138") is True and ratified("mmr", "ilo-c182") is False
    assert ratified("mmr", "crc-opac") is True  # given twice, the same: once
    assert ratified("mmr", "palermo-protocol") is None  # "N/A" is not "No"
    assert ratified("som", "ilo-c182") is None  # Yes and No
    assert any("Somalia C_182_Ratified: both Yes and No" in x for x in report.left_out)


def test_legal_standards_ages_and_the_hazardous_work_list(fixture, report):
    education = rid("assessment", "usdol-ilab/mmr-2022-compulsory-education")
    assert fixture.value(education, PU.minimumAge) is None
    assert "17.5" in str(fixture.value(education, RDFS.comment))
    hazardous = rid("assessment", "usdol-ilab/mmr-2022-types-hazardous-work")
    assert fixture.value(hazardous, PU.standardType) == concept("legal-standard",
                                                                "types-hazardous-work")
    assert fixture.value(hazardous, PU.standardExists) == Literal(False)
    assert (concept("legal-standard", "types-hazardous-work"), RDF.type,
            SKOS.Concept) in load_model_graph()


def test_advancement_level_without_its_qualifier_which_stays_in_the_comment(fixture):
    node = rid("assessment", "usdol-ilab/mmr-2022-advancement")
    assert fixture.value(node, PU.advancementLevel) == concept("advancement-level",
                                                               "minimal-advancement")
    assert "Continued Practice" in str(fixture.value(node, RDFS.comment))
    assert "minimal advancement" in str(fixture.value(node, DCTERMS.description))


# Goods and projects --------------------------------------------------------------------------

def test_goods_scheme_and_findings_by_kind_of_exploitation(fixture):
    rice = concept("good", "rice")
    assert fixture.value(rice, SKOS.inScheme) == PSC["good"]
    assert {o.language for o in fixture.objects(rice, SKOS.prefLabel)} == {"en"}
    assert fixture.value(rice, PU.sector) == concept("sector", "agriculture")
    assert fixture.value(concept("good", "pornography"), PU.sector) is None  # "Other"
    kinds = {fixture.value(f, PU.exploitationType)
             for f in fixture.subjects(PU.commodity, rice)}
    assert kinds == {concept("exploitation", "child-labour"),
                     concept("exploitation", "forced-labour")}


def test_goods_made_with_exploited_inputs_name_where_the_inputs_come_from(fixture):
    node = rid("finding", "usdol-ilab/chn-solar-cells-produced-with-exploited-inputs")
    assert fixture.value(node, PU.exploitationType) == concept(
        "exploitation", "produced-with-exploited-inputs")
    assert fixture.value(node, PU.inputProducedIn) == rid("country", "COD")
    assert fixture.value(node, PU.sector) == concept("sector", "industry")  # manufacturing

    # Derived_Country "No": the finding stands, the missing country is reported (pycountry
    # would otherwise read "No" as Norway's code)
    burma = rid("finding", "usdol-ilab/mmr-solar-cells-produced-with-exploited-inputs")
    assert (burma, RDF.type, PU.ProductionFinding) in fixture
    assert fixture.value(burma, PU.inputProducedIn) is None
    assert any("Solar Cells made in Burma: no country of the inputs given" in x
               for x in usdol_ilab.mapping_report(_source(HERE)).left_out)


def test_countries_xml_and_goods_xml_are_compared(report):
    assert any("only in countries.xml: Teak / Burma" in x for x in report.left_out)


def test_projects_links_rejoined_shared_projects_once_and_shared_pdfs_per_title(fixture):
    assert clean_link("https://x.org/a-\n  b") == "https://x.org/a-b"
    example = rid("initiative", "ilab-example-project")
    assert str(fixture.value(example, RDFS.seeAlso)) == \
        "https://example.org/projects/example-project.pdf"
    assert str(fixture.value(example, RDFS.label)) == "Example Project on Child Labor"
    regional = rid("initiative", "ilab-regional-1")  # "www.…" and "https://www.…": one
    assert set(fixture.objects(regional, PU.coversCountry)) == {rid("country", "MMR"),
                                                               rid("country", "FLK")}
    roles = {(fixture.value(p, PU.agent), fixture.value(p, PU.role))
             for p in fixture.subjects(PU.initiative, regional)}
    assert roles == {(rid("organization", "usdol"), concept("role", "funding")),
                     (rid("country", "MMR"), concept("role", "beneficiary")),
                     (rid("country", "FLK"), concept("role", "beneficiary"))}
    assert fixture.value(regional, PU.modality) == concept("modality", "north-south")
    shared = [s for s in fixture.subjects(RDFS.seeAlso, None)
              if str(fixture.value(s, RDFS.seeAlso)).endswith("Closed_CLOSED.pdf")]
    assert len(shared) == 2  # two titles behind one PDF: two projects


# Structure problems --------------------------------------------------------------------------

def test_structure_problems_are_all_reported_at_once_with_lines(tmp_path):
    for name in ("countries.xml", "goods.xml", "goods_by_good.xml"):
        shutil.copy(HERE / name, tmp_path / name)
    (tmp_path / "countries.xml").write_text(
        "<Countries>\n  <Country><Name/></Country>\n  <Nation/>\n</Countries>\n")
    (tmp_path / "goods.xml").write_text(
        "<Goods>\n <Good><Good_Name>Rice</Good_Name><Good_Sector>Fishing</Good_Sector>\n"
        " <Countries><Country><Country_Name>Peru</Country_Name>\n"
        " <Child_Labor>Maybe</Child_Labor></Country></Countries></Good>\n</Goods>\n")
    with pytest.raises(DataError) as err:
        usdol_ilab.map_source(_source(tmp_path))
    issues = {(i.file, i.line, i.field) for i in err.value.issues}
    assert issues == {("countries.xml", 2, "Name"), ("countries.xml", 3, None),
                      ("goods.xml", 2, "Good_Sector"), ("goods.xml", 4, "Child_Labor")}


def test_broken_xml_names_file_and_line(tmp_path):
    for name in ("countries.xml", "goods.xml", "goods_by_good.xml"):
        shutil.copy(HERE / name, tmp_path / name)
    (tmp_path / "goods.xml").write_text("<Goods>\n  <Good>\n</Goods>\n")
    with pytest.raises(InputError, match=r"goods\.xml:3:"):
        usdol_ilab.map_source(_source(tmp_path))


# RDF Data Cube integrity constraints ---------------------------------------------------------

QB_CHECKS = [p.stem for p in check_files() if p.stem.startswith("qb-ic-")]
EX = "https://example.org/broken-cube/"
#: what each check must find in tests/sources/usdol-ilab/broken-cube.ttl (first column)
BROKEN = {
    "qb-ic-01": {"obs-without-dataset", "obs-with-two-datasets"},
    "qb-ic-02": {"dataset-without-structure", "dataset-with-two-structures"},
    "qb-ic-03": {"dsd-without-measure"},
    "qb-ic-04": {"dim-without-range"},
    "qb-ic-05": {"dim-without-code-list"},
    "qb-ic-06": {"dsd"},
    "qb-ic-07": {"orphan-key", "key-2"},
    "qb-ic-08": {"inconsistent-key"},
    "qb-ic-09": {"slice-without-key", "slice-with-two-keys"},
    "qb-ic-10": {"incomplete-slice"},
    # the two bare observations of IC-1 and IC-18 lack dimensions, unit and value as well
    "qb-ic-11": {"obs-without-age", "obs-in-slice-only", "obs-with-two-datasets"},
    "qb-ic-12": {"obs-twin-1"},
    "qb-ic-13": {"obs-without-unit", "obs-in-slice-only", "obs-with-two-datasets"},
    "qb-ic-14": {"obs-without-value", "obs-in-slice-only", "obs-with-two-datasets"},
    "qb-ic-18": {"obs-in-slice-only"},
    "qb-ic-19": {"obs-with-foreign-code"},
}


def _store(*graphs: Graph) -> ox.Store:
    store = ox.Store()
    full = Graph()
    for g in graphs:
        full += g
    full += load_model_graph()
    store.load(full.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode("https://w3id.org/puentes/graph/t"))
    return store


def test_every_integrity_constraint_that_applies_has_a_check():
    # IC-1…14 and 18, 19; IC-15–17 (measure dimension) and IC-20/21 (hierarchical code
    # lists) do not apply: puentes uses neither (next test)
    assert {c[:8] for c in QB_CHECKS} == set(BROKEN)


def test_the_constraints_that_do_not_apply_still_do_not():
    model = load_model_graph()
    assert not list(model.subject_objects(QB.measureType))
    assert not list(model.objects(None, QB.codeList)) or all(
        (lst, RDF.type, SKOS.ConceptScheme) in model for lst in model.objects(None, QB.codeList))
    assert (None, RDF.type, QB["HierarchicalCodeList"]) not in model


def test_data_cube_integrity_constraints_hold_on_the_mapped_fixture(fixture):
    failures = [f for f in run_checks(_store(fixture)) if f.check.startswith("qb-ic-")]
    assert failures == []


@pytest.fixture(scope="module")
def broken_failures():
    broken = Graph().parse(HERE / "broken-cube.ttl")
    return run_checks(_store(broken), max_rows=1000)


@pytest.mark.parametrize("check", sorted(BROKEN))
def test_each_check_finds_its_breakage_in_the_broken_cube(check, broken_failures):
    found = {next(iter(f.row.values())).removeprefix(EX) for f in broken_failures
             if f.check.startswith(check)}
    assert found == BROKEN[check]


@pytest.mark.parametrize("breakage,check", [
    ("drop-dataset", "qb-ic-01-unique-dataset-violation"),
    ("duplicate", "qb-ic-12-no-duplicate-observations-violation"),
    ("drop-unit", "qb-ic-13-required-attributes-violation"),
    ("drop-measure", "qb-ic-14-all-measures-present-violation"),
    ("foreign-code", "qb-ic-19-codes-from-code-list-violation"),
])
def test_data_cube_checks_catch_a_broken_mapped_cube(breakage, check, fixture):
    g = Graph()
    g += fixture
    obs = _obs("mmr-2022-working-children-5-14-total-total")
    if breakage == "drop-dataset":
        g.remove((obs, QB.dataSet, None))
    elif breakage == "duplicate":
        twin = _obs("twin")
        for p, o in list(g.predicate_objects(obs)):
            g.add((twin, p, o))
    elif breakage == "drop-unit":
        g.remove((obs, SDMX_ATTR.unitMeasure, None))
    elif breakage == "drop-measure":
        g.remove((obs, SDMX_MEASURE.obsValue, None))
    else:
        g.set((obs, SDMX_DIM.sex, concept("theme", "education")))
    assert check in {f.check for f in run_checks(_store(g))}


# The real findings ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> Graph:
    from puentes.ingest.sources import countries, registry

    source = load_catalogue()["usdol-ilab"]
    g, _ = _map(source.location)
    add_run_record(g, source, usdol_ilab.inputs(source), datetime.now(timezone.utc))  # as built
    data = Graph()
    data += g
    data += countries.map_source(load_catalogue()["countries"])
    data += registry.map_source(load_catalogue()["registry"])  # declares C138, C182, usdol
    return data


@pytest.mark.slow  # the real findings mapped and validated
def test_the_real_findings_map_and_pass_the_per_record_shapes(real):
    assert len(list(real.subjects(RDF.type, QB.Observation))) > 600
    assert len(list(real.subjects(RDF.type, PU.ProductionFinding))) > 590
    data = Graph()
    data += real
    data += load_model_graph()
    report = validate_graph(data, shapes=load_shapes_graph(per_record=True))
    assert report.accepted, report.subset(report.results[:5]).to_text()


@pytest.mark.slow  # the real findings mapped and validated
def test_every_check_passes_on_the_real_findings(real):
    assert run_checks(_store(real)) == []


@pytest.fixture(scope="module")
def real_store(real, tmp_path_factory):
    from puentes.store import store_from_files

    path = tmp_path_factory.mktemp("real") / "real.nt"
    real.serialize(path, format="nt", encoding="utf-8")
    return store_from_files([path])


@pytest.mark.parametrize("name,params", [
    ("101", {}), ("102", {}), ("103", {}), ("104", {"country": "pid:country/GHA"})])
def test_the_issue_4_questions_answer_on_the_real_graph(name, params, real_store):
    from puentes.query import find_query, run_saved_query

    result = run_saved_query(find_query(name), store=real_store, params=params)
    assert len(result.rows) > 0, name


# Goods in Spanish and French (project translations) --------------------------------------------

def test_every_real_good_is_named_in_spanish_and_french_by_the_project():
    from rdflib.namespace import PROV

    from puentes.ingest.translation import PROJECT

    g, _ = _map(RAW)
    goods = set(g.subjects(SKOS.inScheme, PSC["good"]))
    assert len(goods) == 169
    for good in goods:
        labels = {lit.language: str(lit) for lit in g.objects(good, SKOS.prefLabel)}
        assert set(labels) == {"es", "en", "fr"}, good
        origins = {g.value(o, RDF.value).language: o for o in g.objects(good, PU.nameOrigin)}
        assert set(origins) == {"es", "fr"}, good  # the English name is DOL's own
        for o in origins.values():
            assert (o, RDF.type, PU.ProjectTranslation) in g
            assert (o, PROV.wasAttributedTo, PROJECT) in g
    cocoa = concept("good", "cocoa")
    assert (cocoa, SKOS.prefLabel, Literal("cacao", lang="es")) in g
    assert (concept("good", "gold"), SKOS.prefLabel, Literal("or", lang="fr")) in g


def test_good_names_are_checked_and_gaps_reported(tmp_path: Path):
    for p in HERE.iterdir():
        if p.suffix == ".xml":
            shutil.copy(p, tmp_path / p.name)
    names = tmp_path / usdol_ilab.vocabulary.GOOD_NAMES
    names.write_text("good,es,fr\nCocoa,cacao,\nCocoa,cacao,cacao\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        usdol_ilab.mapping_report(_source(tmp_path))
    assert {(i.line, i.field) for i in err.value.issues} == {(2, "fr"), (3, "good")}
    names.write_text("good,es,fr\nUnobtainium,unobtenio,unobtenium\n", encoding="utf-8")
    left = usdol_ilab.mapping_report(_source(tmp_path)).left_out
    assert any("Unobtainium" in x and "not a good of goods.xml" in x for x in left)
    assert any("no es/fr name in good-names.csv" in x for x in left)
