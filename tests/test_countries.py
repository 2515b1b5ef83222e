"""The countries reference mapper: a made-up slice → the expected graph (isomorphic) and
warnings; differences from pycountry and between the tables are reported, never dropped;
mistakes in ilo-regions.yaml are reported with file, line and field; the real data maps
completely and passes the shapes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from puentes.check.shapes import load_shapes_graph
from puentes.check.validate import validate_graph
from puentes.errors import DataError
from puentes.ingest.catalogue import Source, load_catalogue
from puentes.ingest.sources import countries
from puentes.ingest.sources.countries import curated, differences, tables
from puentes.model import load_model_graph
from puentes.namespaces import PU, concept, rid

SLICE = Path(__file__).parent / "sources" / "countries"
WORLD = rid("region", "m49-001")


def _source(location: Path, *, complete: bool = False) -> Source:
    return Source(id="countries", title="Countries", kind="reference-data", location=location,
                  licence="PDDL", publisher="p", options={"complete": complete})


def _map(source: Source) -> tuple[Graph, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = countries.map_source(source)
    return g, [str(w.message) for w in caught]


@pytest.fixture(scope="module")
def sliced() -> tuple[Graph, list[str]]:
    return _map(_source(SLICE))


@pytest.fixture(scope="module")
def real() -> tuple[Graph, list[str]]:
    return _map(load_catalogue()["countries"])


def _rows(name: str = "country-codes.csv", where: Path = SLICE) -> list[dict[str, str]]:
    return tables.read_table(where / name)


def test_slice_maps_to_the_expected_graph(sliced):
    got, _ = sliced
    expected = Graph().parse(SLICE / "expected.ttl")
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail("not isomorphic\nonly in the output:\n"
                    + only_got.serialize(format="nt") + "\nonly expected:\n"
                    + only_expected.serialize(format="nt"))


def test_slice_reports_what_it_does_not_map(sliced):
    _, messages = sliced
    expected = (SLICE / "expected-warnings.txt").read_text(encoding="utf-8").splitlines()
    assert messages == expected


def test_country_names_regions_groupings_and_links(sliced):
    g, _ = sliced
    bra = rid("country", "BRA")
    assert {(lit.language, str(lit)) for lit in g.objects(bra, RDFS.label)} == {
        ("en", "Brazil"), ("es", "Brasil"), ("fr", "Brésil")}
    assert (bra, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q155")) in g
    assert (bra, SKOS.exactMatch, URIRef("http://metadata.un.org/sdg/codes/geoArea/076")) in g
    south_america = rid("region", "m49-005")  # the intermediate region, not 419
    assert list(g.objects(bra, PU.inRegion)) == [south_america]
    chain = list(g.transitive_objects(south_america, PU.withinRegion))
    assert chain == [south_america, rid("region", "m49-419"), rid("region", "m49-019"), WORLD]
    # No intermediate region: the sub-region; nothing below World: World.
    assert list(g.objects(rid("country", "FJI"), PU.inRegion)) == [rid("region", "m49-054")]
    assert list(g.objects(rid("country", "ATA"), PU.inRegion)) == [WORLD]
    assert (rid("country", "MOZ"), PU.inGrouping, concept("country-grouping", "ldc")) in g
    assert (rid("country", "FJI"), PU.inGrouping, concept("country-grouping", "sids")) in g
    assert (bra, PU.inGrouping, None) not in g
    assert (rid("country", "JOR"), PU.iloRegion, rid("region", "ilo-arab-states")) in g


def test_differences_from_pycountry_are_reported():
    rows = [r for r in _rows() if r["ISO3166-1-Alpha-3"]]
    assert differences.pycountry_differences(rows, complete=False) == []
    rows[0] = {**rows[0], "ISO3166-1-Alpha-2": "XX", "ISO3166-1-numeric": "77"}
    rows.append({**rows[1], "ISO3166-1-Alpha-3": "XKX"})
    rows.append({**rows[1], "ISO3166-1-Alpha-3": "", "official_name_en": "Nowhere"})
    diffs = differences.pycountry_differences(rows, complete=False)
    assert diffs == [
        "BRA: alpha-2 'XX' here, 'BR' in pycountry (the table's value is mapped)",
        "BRA: numeric 77 here, 076 in pycountry",
        "XKX: not in pycountry's ISO 3166-1 (mapped as given)",
        "row 'Nowhere' has no ISO alpha-3 code: not mapped"]
    missing = differences.pycountry_differences(rows, complete=True)
    assert "DEU (Germany): in pycountry, not in the table" in missing


def test_differences_between_the_tables_are_reported():
    rows = _rows()
    unsd = {lang: _rows(f"UNSD-m49-{lang}.csv") for lang in tables.LANGS}
    base = differences.unsd_differences(rows, unsd)
    rows = [dict(r) for r in rows]
    bra = next(r for r in rows if r["ISO3166-1-Alpha-3"] == "BRA")
    bra["M49"] = "0076"  # the same number: not a difference
    bra["Sub-region Code"] = "5"
    unsd["en"] = [r for r in unsd["en"] if r["ISO-alpha3 Code"] != "JOR"]
    new = [d for d in differences.unsd_differences(rows, unsd) if d not in base]
    assert new == [
        "BRA: Sub-region Code '5' in country-codes.csv, '419' in UNSD-m49-en.csv",
        "JOR: in country-codes.csv, not in UNSD-m49-en.csv (regions from country-codes.csv, "
        "names of its regions may be missing)"]


def _broken_ilo_file(tmp_path: Path) -> Path:
    text = (SLICE / "ilo-regions.yaml").read_text(encoding="utf-8")
    text = text.replace("members: [JOR]", "members: [JOR, XYZ]")
    text = text.replace("- id: americas\n  name: {en: Americas, es: Américas, fr: Amériques}\n"
                        "  members: []",
                        "- id: americas\n  name: {en: Americas, fr: Amériques}\n"
                        "  members: [JOR, BRA]\n  office: Lima")
    text = text.replace("- id: europe-central-asia", "- id: europe")
    path = tmp_path / "ilo-regions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_mistakes_in_the_ilo_regions_are_all_reported(tmp_path: Path):
    path = _broken_ilo_file(tmp_path)
    with pytest.raises(DataError) as err:
        curated.load_ilo_regions(path, {"BRA", "JOR"})
    found = {(i.record, i.field, str(i.value)) for i in err.value.issues}
    assert found == {
        ("americas", "office", "Lima"),
        ("americas", "name", "{'en': 'Americas', 'fr': 'Amériques'}"),
        ("americas", "sources", "None"),
        ("arab-states", "members", "XYZ"),
        ("arab-states", "members", "JOR"),  # JOR is already in the Americas above
        ("europe", "id", "europe"),
        ("europe-central-asia", "id", "None"),
    }
    lines = {(i.record, i.field): i.line for i in err.value.issues}
    assert lines[("americas", "office")] == 10
    assert all(i.file == str(path) for i in err.value.issues)


def test_a_broken_ilo_file_stops_the_mapping(tmp_path: Path):
    for name in ("country-codes.csv", "UNSD-m49-en.csv", "UNSD-m49-es.csv", "UNSD-m49-fr.csv"):
        (tmp_path / name).write_bytes((SLICE / name).read_bytes())
    _broken_ilo_file(tmp_path)
    with pytest.raises(DataError):
        countries.map_source(_source(tmp_path))


def test_the_real_table_maps_every_country_completely(real):
    g, messages = real
    # The tables agree with each other and with pycountry; one gap upstream.
    assert messages == ["NAM: no Wikidata item in country-codes.csv (wikidata_id "
                        "''): no owl:sameAs"]
    assert len(tables.read_table(load_catalogue()["countries"].location
                                    / "country-codes.csv")) == 249
    found = set(g.subjects(RDF.type, PU.Country))
    assert len(found) == 249
    for c in found:
        assert {lit.language for lit in g.objects(c, RDFS.label)} == {"en", "es", "fr"}, c
        assert len(list(g.objects(c, PU.inRegion))) == 1, c
        assert any(str(o).startswith("http://metadata.un.org/sdg/codes/geoArea/")
                   for o in g.objects(c, SKOS.exactMatch)), c
        assert len(list(g.objects(c, OWL.sameAs))) == (c != rid("country", "NAM")), c
    for region in g.subjects(PU.regionScheme, concept("region-scheme", "m49")):
        assert {lit.language for lit in g.objects(region, RDFS.label)} == {"en", "es", "fr"}
        assert WORLD in set(g.transitive_objects(region, PU.withinRegion)), region
    sizes = {slug: len(set(g.subjects(PU.inGrouping, concept("country-grouping", slug))))
             for slug in ("ldc", "lldc", "sids")}
    assert sizes == {"ldc": 45, "lldc": 32, "sids": 53}
    arab = set(g.subjects(PU.iloRegion, rid("region", "ilo-arab-states")))
    assert {str(c).rsplit("/", 1)[1] for c in arab} == {
        "BHR", "IRQ", "JOR", "KWT", "LBN", "PSE", "OMN", "QAT", "SAU", "SYR", "ARE", "YEM"}
    assert len(set(g.subjects(RDF.type, PU.Region))) == 30 + 5  # M49 areas + ILO regions
    assert (rid("region", "ilo-africa"), RDFS.label, Literal("Afrique", lang="fr")) in g


def test_the_real_graph_passes_the_shapes(real):
    g, _ = real
    data = Graph()
    data += g
    data += load_model_graph()
    report = validate_graph(data, shapes=load_shapes_graph(per_record=True))
    assert report.accepted, report.subset(report.results[:5]).to_text()


def _label(g: Graph, iso3: str, lang: str) -> str:
    return next(str(x) for x in g.objects(rid("country", iso3), RDFS.label) if x.language == lang)


def test_the_real_names_are_the_ones_the_un_publishes(real):
    g, _ = real
    assert _label(g, "CIV", "en") == "Côte d'Ivoire"  # the table says "Ivory Coast"
    assert _label(g, "CIV", "fr") == "Côte d’Ivoire"
    assert _label(g, "TUR", "en") == "Türkiye"
    assert _label(g, "NLD", "en") == "Netherlands (Kingdom of the)"
    assert _label(g, "NLD", "es") == "Países Bajos (Reino de los)"
    assert _label(g, "BOL", "en") == "Bolivia (Plurinational State of)"
    assert _label(g, "VNM", "en") == "Viet Nam"
    assert not any(str(x) == "Ivory Coast" for x in g.objects(None, RDFS.label))
    # The corrected name cites where it was read.
    cites = {str(g.value(s, DCTERMS.bibliographicCitation))
             for s in g.objects(rid("country", "CIV"), DCTERMS.source)}
    assert any("ddf--entities--geo_area.csv" in c for c in cites)


def _copy_slice(tmp_path: Path, corrections: str) -> Path:
    for p in SLICE.iterdir():
        if p.suffix in (".csv", ".yaml"):
            (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / tables.CORRECTIONS_FILE).write_text(corrections, encoding="utf-8")
    return tmp_path


SOURCE_LINE = '    - {url: "https://example.org/names", accessed: 2026-11-26}\n'


def test_a_name_correction_replaces_the_column_and_warns_when_outdated(tmp_path: Path):
    folder = _copy_slice(tmp_path, "- iso3: BRA\n  lang: en\n  name: Brazil (Federative "
                         "Republic of)\n  replaces: Brasil\n  sources:\n" + SOURCE_LINE)
    g, messages = _map(_source(folder))
    assert _label(g, "BRA", "en") == "Brazil (Federative Republic of)"
    assert _label(g, "BRA", "es") == "Brasil"
    assert any("BRA en: the table now says 'Brazil', not 'Brasil'" in m for m in messages)


def test_mistakes_in_the_name_corrections_are_all_reported(tmp_path: Path):
    folder = _copy_slice(tmp_path, "- iso3: XYZ\n  lang: de\n  name: X\n  replaces: Y\n"
                         "  sources: []\n  colour: red\n")
    with pytest.raises(DataError) as err:
        countries.map_source(_source(folder))
    found = {(i.field, i.line) for i in err.value.issues}
    assert found == {("iso3", 1), ("lang", 2), ("sources", 5), ("colour", 6)}
    assert all(i.file.endswith("name-corrections.yaml") for i in err.value.issues)
