"""The four shipped official-statistics sources (issue 9 §1): ILOSTAT SDG 8.7.1, the UN SDG
database's 8.7.1 series, the World Bank's children in employment and UNICEF's SOWC 2023
table 12. Small fixtures made for the tests (``tests/sources/<id>/``) map to exact values
with the publisher's codes kept; missing values, footnotes and aggregates are reported;
a non-numeric or unknown cell is an error naming file, line, column and what was expected;
the shipped files map to the counts their READMEs state, pass the shapes' observation rules
and the Data Cube integrity checks, and carry the mirror in PROV."""

from __future__ import annotations

import shutil
import warnings
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, QB, RDF, SKOS, XSD

from puentes.build.provenance import add_run_record
from puentes.check.checks import run_checks
from puentes.errors import DataError
from puentes.ingest.catalogue import load_catalogue
from puentes.ingest.opendata.cube import SDG_871
from puentes.model import load_model_graph
from puentes.namespaces import PU, SDMX_DIM, SDMX_MEASURE, concept, rid

HERE = Path(__file__).parent / "sources"
IDS = ["ilostat-sdg-8.7.1", "un-sdg-8.7.1", "worldbank-wdi-child-employment",
       "unicef-sowc-2023"]


def source(sid: str, location: Path | None = None):
    """The catalogue entry of ``sid``, reading from ``location`` (default: its fixtures)."""
    from dataclasses import replace

    return replace(load_catalogue()[sid], location=location or HERE / sid)


def mapped(sid: str, location: Path | None = None) -> tuple[Graph, list[str]]:
    """The graph and the warnings of the mapper of ``sid``."""
    src = source(sid, location)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = src.mapper().map_source(src)
    return g, [str(w.message) for w in caught]


def observations(g: Graph) -> dict[tuple[str, str, str, str, str], Literal]:
    """``(country, year, indicator, age, sex) → value`` of every observation."""
    def slug(node: URIRef) -> str:
        return str(node).rsplit("/", 1)[1]

    out = {}
    for obs in g.subjects(RDF.type, QB.Observation):
        key = (slug(g.value(obs, SDMX_DIM.refArea)), str(g.value(obs, SDMX_DIM.refPeriod)),
               slug(g.value(obs, PU.indicator)), slug(g.value(obs, SDMX_DIM.age)),
               slug(g.value(obs, SDMX_DIM.sex)))
        assert key not in out, key
        out[key] = g.value(obs, SDMX_MEASURE.obsValue)
    return out


def dec(text: str) -> Literal:
    return Literal(text, datatype=XSD.decimal)


def broken_copy(tmp_path: Path, sid: str, name: str, old: str, new: str) -> Path:
    """A copy of the fixtures of ``sid`` with ``old`` replaced by ``new`` in file ``name``."""
    folder = tmp_path / sid
    shutil.copytree(HERE / sid, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


# ILOSTAT ------------------------------------------------------------------------------------

ILO_A = "ddf--datapoints--sdg_a871_sex_age_rt--by--ref_area--sex--classif1--time.csv"


def test_ilostat_maps_every_row_with_a_value_exactly():
    g, warned = mapped("ilostat-sdg-8.7.1")
    obs = observations(g)
    ea, hc = "sdg-871-economic-activity", "sdg-871-economic-activity-household-chores"
    assert obs == {
        ("BGD", "2019", ea, "5-17", "female"): dec("2.924"),
        ("BGD", "2019", ea, "5-17", "male"): dec("8.747"),
        ("BGD", "2019", ea, "5-17", "total"): dec("5.875"),
        ("GHA", "2018", ea, "5-17", "total"): dec("14.359"),
        ("GHA", "2024", ea, "5-17", "total"): dec("3.556"),
        ("BGD", "2019", hc, "5-17", "total"): dec("6.753"),
        ("GHA", "2018", hc, "12-14", "total"): dec("30.0"),
        ("GHA", "2018", hc, "5-17", "total"): dec("19.516"),
    }
    # the world aggregate and the empty cell are reported, not dropped silently
    assert any("1 area(s) that are not countries" in w and "wld: 1 row(s)" in w
               for w in warned), warned
    assert any("1 row(s) left out" in w and ILO_A in w and "no value" in w for w in warned)


def test_ilostat_observation_keeps_the_publishers_codes_and_links_sdg_871():
    g, _ = mapped("ilostat-sdg-8.7.1")
    obs = rid("observation", "ilostat-sdg-8.7.1/bgd-2019-sdg-871-economic-activity-5-17-"
                             "total-total")
    assert g.value(obs, PU.seriesCode) == Literal("SDG_A871_SEX_AGE_RT")
    assert g.value(obs, PU.sourceKey) == Literal(
        "ref_area=bgd;sex=sex_t;classif1=age_cldversion_y5_17;time=2019")
    assert g.value(obs, PU.sdgIndicator) == SDG_871 == URIRef(
        "http://metadata.un.org/sdg/C080701")
    assert g.value(obs, SDMX_DIM.refArea) == rid("country", "BGD")
    assert g.value(obs, SDMX_DIM.refPeriod) == Literal("2019", datatype=XSD.gYear)
    assert g.value(obs, QB.dataSet) == rid("dataset", "ilostat-sdg-8.7.1")


@pytest.mark.parametrize(("old", "new", "column", "expected"), [
    ("bgd,sex_m,age_cldversion_y5_17,2019,8.747", "bgd,sex_m,age_cldversion_y5_17,2019,8,7",
     None, "5 cells"),
    ("2019,8.747", "2019,n/a", "sdg_a871_sex_age_rt", "a decimal number"),
    ("bgd,sex_m,", "bgd,sex_x,", "sex", "one of sex_f, sex_m, sex_t"),
    ("age_cldversion_y5_17,2019,8.747", "age_cldversion_y5_14,2019,8.747", "classif1",
     "one of age_cldversion_y12_14"),
    ("bgd,sex_m,age_cldversion_y5_17,2019", "bgd,sex_m,age_cldversion_y5_17,19",
     "time", "a year"),
    ("bgd,sex_m,", "bgd,sex_f,", None, "one row per key (the same key is on line 2)"),
])
def test_ilostat_bad_cell_names_file_line_column_and_expected(tmp_path, old, new, column,
                                                              expected):
    folder = broken_copy(tmp_path, "ilostat-sdg-8.7.1", ILO_A, old, new)
    with pytest.raises(DataError) as err:
        mapped("ilostat-sdg-8.7.1", folder)
    (issue,) = err.value.issues
    assert (issue.file, issue.line, issue.field) == (ILO_A, 3, column)
    assert expected in issue.expected
    assert f"{ILO_A}:3" in str(err.value)


def test_ddf_header_must_match_the_file_name(tmp_path):
    folder = broken_copy(tmp_path, "ilostat-sdg-8.7.1", ILO_A, "classif1,time", "age,time")
    with pytest.raises(DataError, match="the columns ref_area, sex, classif1, time"):
        mapped("ilostat-sdg-8.7.1", folder)


# UN SDG database ----------------------------------------------------------------------------

def test_un_sdg_maps_m49_areas_and_reports_aggregates_by_name():
    g, warned = mapped("un-sdg-8.7.1")
    ea, hc = "sdg-871-economic-activity", "sdg-871-economic-activity-household-chores"
    assert observations(g) == {
        ("BGD", "2019", ea, "5-17", "total"): dec("5.9"),
        ("BGD", "2019", ea, "5-17", "female"): dec("3.0"),
        ("BGD", "2019", ea, "5-17", "male"): dec("8.7"),
        ("GHA", "2018", ea, "5-17", "total"): dec("14.359"),
        ("NIC", "2012", ea, "10-17", "total"): dec("25.9"),
        ("BGD", "2019", hc, "5-17", "total"): dec("6.8"),
        ("GHA", "2018", hc, "5-17", "total"): dec("20.1"),
    }
    assert any("202 (Sub-Saharan Africa): 1 row(s)" in w for w in warned), warned
    assert any("1 row(s) left out" in w and "no value" in w for w in warned), warned
    obs = rid("observation", "un-sdg-8.7.1/gha-2018-sdg-871-economic-activity-household-"
                             "chores-5-17-total-total")
    assert g.value(obs, PU.seriesCode) == Literal("SL_TLF_CHLDEC")
    assert g.value(obs, PU.sourceKey) == Literal(
        "age=5_17;geo_area=288;nature=c;sex=bothsex;units=percent;year=2018")


def test_un_sdg_unknown_nature_or_unit_is_an_error(tmp_path):
    name = "ddf--datapoints--sl_tlf_chldec--by--age--geo_area--nature--sex--units--year.csv"
    folder = broken_copy(tmp_path, "un-sdg-8.7.1", name, "288,c,bothsex,percent",
                         "288,e,bothsex,number")
    with pytest.raises(DataError) as err:
        mapped("un-sdg-8.7.1", folder)
    assert {(i.line, i.field, i.value) for i in err.value.issues} == {
        (3, "nature", "e"), (3, "units", "number")}


# World Bank WDI -----------------------------------------------------------------------------

def test_worldbank_wdi_is_children_in_employment_7_14_not_child_labour():
    g, warned = mapped("worldbank-wdi-child-employment")
    assert observations(g) == {
        ("BEN", "2006", "children-in-employment", "7-14", "total"): dec("74.4"),
        ("BEN", "2012", "children-in-employment", "7-14", "total"): dec("24.1"),
        ("BEN", "2006", "children-in-employment", "7-14", "female"): dec("76.1"),
        ("BRA", "2015", "children-in-employment-study-and-work", "7-14", "total"):
            dec("95.96"),
        ("BRA", "2015", "children-in-employment-work-only", "7-14", "total"): dec("4.04"),
    }
    assert not list(g.objects(None, PU.sdgIndicator)), "children in employment is not 8.7.1"
    assert {str(c) for c in g.objects(None, PU.seriesCode)} == {
        "SL.TLF.0714.ZS", "SL.TLF.0714.FE.ZS", "SL.TLF.0714.SW.ZS", "SL.TLF.0714.WK.ZS"}
    comment = " ".join(str(o) for o in g.objects(rid("dataset", "worldbank-wdi-child-"
                                                              "employment"), None))
    assert "NOT child labour" in comment
    labels = {str(label) for label in load_model_graph().objects(
        concept("indicator", "children-in-employment"), SKOS.prefLabel)}
    assert "children in employment (not child labour)" in labels
    assert any("wld: 1 row(s)" in w for w in warned) and any("no value" in w for w in warned)


# UNICEF SOWC 2023 ---------------------------------------------------------------------------

SOWC = "SOWC-2023-Statistical-tables-All-EN.xlsx"


def test_unicef_sowc_maps_table_12_with_footnotes_and_reports_the_rest():
    g, warned = mapped("unicef-sowc-2023")
    hc = "child-labour-economic-activity-household-chores"
    assert observations(g) == {
        ("AFG", "2021", hc, "5-17", "total"): dec("13.0"),
        ("AFG", "2021", hc, "5-17", "male"): dec("14.2"),
        ("AFG", "2021", hc, "5-17", "female"): dec("11.7"),
        ("ALB", "2021", hc, "5-17", "total"): dec("3.3"),
        ("ALB", "2021", hc, "5-17", "male"): dec("3.6"),
        ("ALB", "2021", hc, "5-17", "female"): dec("3.0"),
        ("AGO", "2021", hc, "5-17", "total"): dec("18.724"),
        ("AGO", "2021", hc, "5-17", "male"): dec("16.6"),  # 16.600000000000001 in the XML
        ("AGO", "2021", hc, "5-17", "female"): dec("19.87"),
    }
    alb = rid("observation", f"unicef-sowc-2023/alb-2021-{hc}-5-17-male-total")
    assert g.value(alb, PU.footnote) == Literal("x,y")
    assert g.value(alb, PU.sourceKey) == Literal(
        "sheet=12. Child Protection;row=10;column=E;name=Albania;period=2013–2021")
    assert g.value(alb, PU.sdgIndicator) == SDG_871
    assert any("Sub-Saharan Africa" in w and "World" in w for w in warned), warned
    assert any("match no country" in w and "Atlantis" in w for w in warned), warned
    # Andorra (3) and the United Kingdom (3): matched, but "-"
    assert any("6 cell(s) left out: not available" in w for w in warned), warned


def _edit_sheet(tmp_path: Path, cell: str, value: object) -> Path:
    import openpyxl

    folder = tmp_path / "unicef-sowc-2023"
    shutil.copytree(HERE / "unicef-sowc-2023", folder)
    wb = openpyxl.load_workbook(folder / SOWC)
    wb["12. Child Protection"][cell] = value
    wb.save(folder / SOWC)
    return folder


@pytest.mark.parametrize(("cell", "value", "expected"), [
    ("E9", "n/a", "a percentage or '-'"),
    ("D9", "z", "footnote flags among x, y, p"),
    ("C6", "Both sexes", "the heading 'Total'"),
])
def test_unicef_sowc_bad_cell_names_file_sheet_cell_and_expected(tmp_path, cell, value,
                                                                 expected):
    with pytest.raises(DataError) as err:
        mapped("unicef-sowc-2023", _edit_sheet(tmp_path, cell, value))
    (issue,) = err.value.issues
    assert (issue.file, issue.line, issue.field, issue.value) == (
        SOWC, int(cell[1:]), f"12. Child Protection!{cell}", value)
    assert expected in issue.expected


def test_unicef_sowc_missing_sheet_is_named(tmp_path):
    import openpyxl

    folder = tmp_path / "unicef-sowc-2023"
    folder.mkdir()
    openpyxl.Workbook().save(folder / SOWC)
    with pytest.raises(DataError, match="a sheet named '12. Child Protection'"):
        mapped("unicef-sowc-2023", folder)


# The shipped files --------------------------------------------------------------------------

#: observations per source and the areas left out, as the folders' READMEs count them
SHIPPED = {
    "ilostat-sdg-8.7.1": (3053 + 1657, set()),
    "un-sdg-8.7.1": (310 + 312 - 7 * 3, {"1", "62", "202", "419", "513", "747", "753"}),
    "worldbank-wdi-child-employment": (281 * 4 + 282 + 182 * 4, set()),
    "unicef-sowc-2023": (96 * 3, set()),
}


@pytest.fixture(scope="module")
def shipped() -> dict[str, tuple[Graph, list[str]]]:
    return {sid: mapped(sid, load_catalogue()[sid].location) for sid in IDS}


@pytest.mark.parametrize("sid", IDS)
def test_shipped_files_map_to_the_counts_of_their_readme(sid, shipped):
    g, warned = shipped[sid]
    n, aggregates = SHIPPED[sid]
    assert len(set(g.subjects(RDF.type, QB.Observation))) == n
    for code in aggregates:
        assert any(f"; {code} (" in w or f": {code} (" in w for w in warned), (code, warned)
    assert not any("match no country" in w for w in warned), warned


def test_shipped_values_are_exact_decimals_from_the_text(shipped):
    obs = observations(shipped["ilostat-sdg-8.7.1"][0])
    assert obs[("BDI", "2017", "sdg-871-economic-activity", "5-17", "total")] == dec("20.503")
    un = observations(shipped["un-sdg-8.7.1"][0])
    assert un[("BDI", "2017", "sdg-871-economic-activity", "5-17", "total")] == dec("20.479")
    sowc = observations(shipped["unicef-sowc-2023"][0])
    hc = "child-labour-economic-activity-household-chores"
    assert sowc[("BDI", "2021", hc, "5-17", "female")] == dec("32.162")
    wdi = observations(shipped["worldbank-wdi-child-employment"][0])
    assert wdi[("SEN", "2015", "children-in-employment", "7-14", "total")] == dec(
        "25.1388709167")
    for g, _ in shipped.values():
        for v in g.objects(None, SDMX_MEASURE.obsValue):
            assert v.datatype == XSD.decimal and Decimal(str(v)) == v.toPython()


@pytest.mark.slow  # the shipped statistics against the Data Cube rules
def test_shipped_data_pass_the_data_cube_integrity_checks(shipped):
    full = Graph()
    for g, _ in shipped.values():
        full += g
    # the countries the observations point to, as the countries source declares them
    for c in set(full.objects(None, SDMX_DIM.refArea)):
        full.add((c, RDF.type, PU.Country))
    full += load_model_graph()
    store = ox.Store()
    store.load(full.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode("https://w3id.org/puentes/graph/t"))
    failures = [f for f in run_checks(store) if f.check.startswith("qb-ic-")]
    assert failures == []


@pytest.mark.parametrize("sid", IDS)
def test_prov_names_the_mirror_commit_and_the_original_publisher(sid):
    src = load_catalogue()[sid]
    g = Graph()
    add_run_record(g, src, src.mapper().inputs(src), datetime.now(timezone.utc))
    ds = rid("dataset", sid)
    mirrors = set(g.objects(ds, PROV.wasDerivedFrom))
    assert mirrors and all(str(m).startswith(src.mirror["repository"] + "/tree/")
                           for m in mirrors)
    commits = {str(m).rsplit("/", 1)[1] for m in mirrors}
    assert commits == ({src.mirror["commit"]} if "commit" in src.mirror
                       else set(src.mirror["commits"].values()))
    assert all(g.value(m, PROV.hadPrimarySource) == URIRef(src.url) for m in mirrors)
    assert str(g.value(ds, URIRef("http://purl.org/dc/terms/publisher"))) == src.publisher
    for path in src.mapper().inputs(src):
        assert path.is_file(), path
