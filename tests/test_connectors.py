"""The live connectors (World Bank, ILOSTAT, UNICEF, Wikidata) against a real HTTP server on
127.0.0.1 replaying responses in each API's documented format (tests/sources/README-remote.md):
pagination, faults, conditional requests; then the mapped graphs — observation counts,
values and dimensions, one compared as a whole with an expected Turtle file — and the
Wikidata cross-check, which reports differences and links only what agrees."""

from __future__ import annotations

import json
import re
import urllib.parse
import warnings
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, OWL, QB, RDF, RDFS
from replay import Replay, Reply, replay_server

from puentes.errors import FetchError, NoSnapshotError
from puentes.ingest import fetch
from puentes.ingest.catalogue import Source
from puentes.ingest.fetch import Policy, read_meta
from puentes.ingest.sources import ilostat, unicef, wikidata, worldbank
from puentes.namespaces import PU, SDMX_DIM, SDMX_MEASURE, concept, rid

pytestmark = pytest.mark.server
SOURCES = Path(__file__).parent / "sources"  # one folder of fixtures per source id
WIKIDATA = SOURCES / "wikidata"
FAST = Policy(attempts=3, backoff=0.01, timeout=0.3, max_wait=0.05)
WB_MAIN = "/country/all/indicator/SL.TLF.0714.ZS"
WD = "http://www.wikidata.org/entity/"
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


def fixture(name: str) -> bytes:
    """A recorded response: ``<source id>-….ext`` or ``<source id>.ext`` in its folder."""
    return (SOURCES / re.split(r"[-.]", name)[0] / name).read_bytes()


def source(sid: str, url: str = "http://unused", **options: str) -> Source:
    return Source(id=sid, title=sid, kind="remote-api", location=Path("."), licence="CC0",
                  publisher="p", url=url, options=options)


def wikidata_source(url: str = "http://unused") -> Source:
    return source("wikidata", url, registry=str(WIKIDATA / "registry"),
                  countries_table=str(WIKIDATA / "countries-table.csv"))


@pytest.fixture(autouse=True)
def raw_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(Source, "raw_dir", property(lambda self: tmp_path / "raw" / self.id))
    for sid in ("WORLDBANK", "ILOSTAT", "UNICEF", "WIKIDATA"):
        monkeypatch.delenv(f"PUENTES_{sid}_URL", raising=False)
        monkeypatch.delenv(f"PUENTES_{sid}_TOKEN", raising=False)


def mapped(module, src):  # noqa: ANN001, ANN202
    """The graph and the warnings of map_source."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = module.map_source(src)
    return g, [str(w.message) for w in caught]


def observations(g: Graph) -> dict[tuple, Literal]:
    """(area, year, indicator, age, sex, sector) → value, with the concepts' slugs."""
    out = {}
    for obs in g.subjects(RDF.type, QB.Observation):
        def slug(p, obs=obs):  # noqa: ANN001, ANN202
            return str(g.value(obs, p)).rsplit("/", 1)[-1]
        key = (slug(SDMX_DIM.refArea), str(g.value(obs, SDMX_DIM.refPeriod)),
               slug(PU.indicator), slug(SDMX_DIM.age), slug(SDMX_DIM.sex), slug(PU.sector))
        assert key not in out, f"two observations for {key}"
        out[key] = g.value(obs, SDMX_MEASURE.obsValue)
    return out


def dec(text: str) -> Literal:
    return Literal(text, datatype=XSD_DECIMAL)


# -- the routes each API answers ----------------------------------------------------------
def worldbank_routes(r: Replay) -> None:
    for code in worldbank.INDICATORS:
        r.add(f"/country/all/indicator/{code}", Reply(200, fixture("worldbank-empty.json")))
    r.add("/country/all/indicator/SL.TLF.0714.FE.ZS", Reply(200, fixture("worldbank-female.json")))
    r.add(WB_MAIN + "?page=1", Reply(200, fixture("worldbank-page-1.json"), {"ETag": '"v1"'}))
    r.add(WB_MAIN + "?page=2", Reply(200, fixture("worldbank-page-2.json")))


def ilostat_routes(r: Replay) -> None:
    r.add("/data/ILO,DF_SDG_A871_SEX_AGE_RT/", Reply(200, fixture("ilostat-sdg-a871.csv")))
    r.add("/data/ILO,DF_SDG_B871_SEX_AGE_RT/", Reply(200, fixture("ilostat-sdg-b871.csv")))


def unicef_routes(r: Replay) -> None:
    flow = "/data/UNICEF,GLOBAL_DATAFLOW,1.0"
    r.add(f"{flow}/.PT_CHLD_5-17_LBR_ECON.", Reply(200, fixture("unicef-econ.csv")))
    r.add(f"{flow}/.PT_CHLD_5-17_LBR_ECON-HC.", Reply(200, fixture("unicef-econ-hc.csv")))


def wikidata_routes(r: Replay) -> None:
    r.add("/sparql", Reply(200, fixture("wikidata.json"),
                           {"Content-Type": "application/sparql-results+json"}))


# -- the catalogue ------------------------------------------------------------------------
def test_catalogue_entries_name_real_endpoints_licences_and_a_full_mapper():
    from puentes.ingest.catalogue import load_catalogue

    catalogue = load_catalogue()
    for sid in ("worldbank", "ilostat", "unicef", "wikidata"):
        entry = catalogue[sid]
        assert entry.kind == "remote-api" and entry.url.startswith("https://")
        assert entry.licence and entry.publisher
        module = entry.mapper()
        assert {"MAPPER_VERSION", "inputs", "map_source", "fetch"} <= set(dir(module))
    assert "creativecommons.org/licenses/by/4.0" in catalogue["worldbank"].licence
    assert "publicdomain/zero" in catalogue["wikidata"].licence


# -- no snapshot --------------------------------------------------------------------------
@pytest.mark.parametrize("module", [worldbank, ilostat, unicef, wikidata])
def test_no_snapshot_means_skip_with_the_command_to_fetch(module):
    sid = module.__name__.rsplit(".", 1)[1]
    with pytest.raises(NoSnapshotError) as err:
        module.map_source(source(sid))
    assert f"run `puentes build --refresh {sid}`" in err.value.hint


# -- World Bank ---------------------------------------------------------------------------
def test_worldbank_pages_through_every_indicator_and_maps_countries_only():
    r = Replay()
    worldbank_routes(r)
    with replay_server(r) as base:
        src = source("worldbank", base)
        worldbank.fetch(src, policy=FAST)
    main = r.sent("SL.TLF.0714.ZS?")
    assert [urllib.parse.parse_qs(q.path.split("?")[1])["page"] for q in main] == [["1"], ["2"]]
    assert all("per_page=1000" in q.path and "format=json" in q.path for q in main)
    assert {q.path.split("?")[0].rsplit("/", 1)[1] for q in r.requests} == set(
        worldbank.INDICATORS)
    meta = read_meta(src.raw_dir)
    entry = meta["files"]["SL.TLF.0714.ZS.json"]
    assert entry["etag"] == '"v1"' and len(entry["urls"]) == 2
    g, notes = mapped(worldbank, src)
    assert observations(g) == {
        ("BRA", "2015", "children-in-employment", "7-14", "total", "total"): dec("3.5"),
        ("GHA", "2017", "children-in-employment", "7-14", "total", "total"): dec("21.75"),
        ("BRA", "2015", "children-in-employment", "7-14", "female", "total"): dec("2.25"),
    }  # WLD, SSF (aggregates) and XKX (not ISO 3166-1) left out; GHA 2016 has no value
    (note,) = notes
    assert "3 area code(s) left out" in note and all(c in note for c in ("WLD", "SSF", "XKX"))
    obs = rid("observation", "worldbank/gha-2017-children-in-employment-7-14-total-total")
    assert g.value(obs, QB.dataSet) == rid("dataset", "worldbank")
    assert g.value(obs, SDMX_DIM.refPeriod) == Literal("2017", datatype=XSD_GYEAR)
    assert g.value(obs, SDMX_DIM.refArea) == rid("country", "GHA")


def test_worldbank_304_on_the_first_page_keeps_that_indicator():
    r = Replay()
    worldbank_routes(r)
    with replay_server(r) as base:
        src = source("worldbank", base)
        worldbank.fetch(src, policy=FAST)
        before = (src.raw_dir / "SL.TLF.0714.ZS.json").read_bytes()
        r.add(WB_MAIN + "?page=1", Reply(304, b""))
        worldbank.fetch(src, policy=FAST)
    last = r.sent("SL.TLF.0714.ZS?")[-1]
    assert last.headers["If-None-Match"] == '"v1"' and "page=1" in last.path
    assert (src.raw_dir / "SL.TLF.0714.ZS.json").read_bytes() == before
    assert read_meta(src.raw_dir)["files"]["SL.TLF.0714.ZS.json"]["status"] == 304


@pytest.mark.parametrize("fault", ["permanent-500", "error-shape", "broken-json", "timeout",
                                   "not-a-page"])
def test_worldbank_failure_on_a_later_page_keeps_the_whole_old_snapshot(fault):
    r = Replay()
    worldbank_routes(r)
    with replay_server(r) as base:
        src = source("worldbank", base)
        worldbank.fetch(src, policy=FAST)
        snapshot = {p.name: p.read_bytes() for p in src.raw_dir.iterdir()}
        r.add(WB_MAIN + "?page=1", Reply(200, fixture("worldbank-page-1.json"),
                                         {"ETag": '"v2"'}))
        r.add(WB_MAIN + "?page=2", {
            "permanent-500": Reply(500, b"down"),
            "error-shape": Reply(200, fixture("worldbank-error.json")),
            "broken-json": Reply(200, b'[{"page": 2, '),
            "timeout": Reply(200, fixture("worldbank-page-2.json"), delay=FAST.timeout + 0.3),
            "not-a-page": Reply(200, b'{"unexpected": true}')}[fault])
        with pytest.raises(FetchError) as err:
            worldbank.fetch(src, policy=FAST)
    assert "refresh of 'worldbank' failed" in err.value.message
    assert "kept unchanged" in err.value.hint
    if fault == "error-shape":
        assert "The provided parameter value is not valid (id 120)" in err.value.message
    assert {p.name: p.read_bytes() for p in src.raw_dir.iterdir()} == snapshot


# -- ILOSTAT (compared as a whole graph) --------------------------------------------------
def test_ilostat_maps_sex_and_age_to_the_expected_graph():
    r = Replay()
    ilostat_routes(r)
    with replay_server(r) as base:
        src = source("ilostat", base)
        ilostat.fetch(src, policy=FAST)
    assert all("format=csv" in q.path for q in r.requests)
    assert all(q.headers["Accept"].startswith("application/vnd.sdmx.data+csv")
               for q in r.requests)
    g, notes = mapped(ilostat, src)
    expected = Graph().parse(SOURCES / "ilostat" / "ilostat-expected.ttl")
    if not isomorphic(g, expected):
        _both, extra, missing = graph_diff(to_isomorphic(g), to_isomorphic(expected))
        pytest.fail("ilostat graph differs\nunexpected:\n" + extra.serialize(format="nt")
                    + "\nmissing:\n" + missing.serialize(format="nt"))
    assert sorted(notes) == sorted([
        "ilostat: 1 row(s) left out: area X01 (not a country)",
        "ilostat: 1 row(s) left out: no value",
        "ilostat: 1 row(s) left out: period '2017-Q1' (not annual)"])


# -- UNICEF -------------------------------------------------------------------------------
def test_unicef_keeps_totals_and_reports_breakdowns_aggregates_and_conflicts():
    r = Replay()
    unicef_routes(r)
    with replay_server(r) as base:
        src = source("unicef", base)
        unicef.fetch(src, policy=FAST)
    assert all("labels=id" in q.path and "format=csv" in q.path for q in r.requests)
    g, notes = mapped(unicef, src)
    econ, hc = "child-labour-economic-activity", "child-labour-economic-activity-household-chores"
    assert observations(g) == {
        ("GHA", "2018", econ, "5-17", "total", "total"): dec("20.5"),
        ("GHA", "2018", econ, "5-17", "female", "total"): dec("19.8"),
        ("GHA", "2018", econ, "5-11", "male", "total"): dec("21.1"),
        ("GHA", "2018", hc, "5-17", "total", "total"): dec("27.0"),
    }
    assert sorted(notes) == sorted([
        "unicef: 1 row(s) left out: BFA 2020 5-17 total: 2 different values",
        "unicef: 1 row(s) left out: area UNICEF_WCAR (not a country)",
        "unicef: 1 row(s) left out: broken down by RESIDENCE (not modelled)",
        "unicef: 1 row(s) left out: indicator PT_CHLD_5-17_LBR_ECON (another series)"])
    obs = rid("observation", f"unicef/gha-2018-{econ}-5-17-female-total")
    assert g.value(obs, PU.indicator) == concept("indicator", econ)
    assert g.value(obs, SDMX_DIM.sex) == concept("sex", "female")


def test_unicef_rejects_a_body_that_is_not_sdmx_csv_and_keeps_the_snapshot():
    r = Replay()
    unicef_routes(r)
    with replay_server(r) as base:
        src = source("unicef", base)
        unicef.fetch(src, policy=FAST)
        before = {p.name: p.read_bytes() for p in src.raw_dir.iterdir()}
        r.add("/data/UNICEF,GLOBAL_DATAFLOW,1.0/.PT_CHLD_5-17_LBR_ECON-HC.",
              Reply(200, b"<html><body>Service unavailable</body></html>"))
        with pytest.raises(FetchError) as err:
            unicef.fetch(src, policy=FAST)
    assert "not SDMX-CSV" in err.value.message
    assert {p.name: p.read_bytes() for p in src.raw_dir.iterdir()} == before


# -- Wikidata -----------------------------------------------------------------------------
def test_wikidata_query_names_bodies_by_qid_or_name_and_parses():
    from rdflib.plugins.sparql import prepareQuery

    bodies = wikidata.registry_bodies(WIKIDATA / "registry")
    assert sorted(bodies) == ["eac", "ecowas", "mercosur", "sadc"]  # regional bodies only
    query = wikidata.build_query(bodies)
    prepareQuery(query)
    assert '("ecowas" wd:Q9000002)' in query
    assert '("mercosur" "MERCOSUR"@en)' in query and '"East African Community"@en' in query


def test_wikidata_retries_and_snapshots_results_and_query(waits_recorded):
    r = Replay()
    r.add("/sparql", Reply(503, b"busy", {"Retry-After": "2"}), Reply(500, b"oops"),
          Reply(200, fixture("wikidata.json"), {"Content-Type": "application/sparql-results+json"}))
    with replay_server(r) as base:
        src = wikidata_source(base + "/sparql")
        wikidata.fetch(src, policy=FAST)
    assert waits_recorded == [FAST.max_wait, 0.02]  # Retry-After 2 capped; then back-off
    assert [q.method for q in r.requests] == ["POST"] * 3
    form = urllib.parse.parse_qs(r.requests[-1].body.decode())
    assert "wd:Q9000002" in form["query"][0]
    assert (src.raw_dir / "query.rq").read_text() == form["query"][0]
    assert json.loads((src.raw_dir / "memberships.json").read_bytes()) == json.loads(
        fixture("wikidata.json"))


def test_wikidata_bad_query_is_not_retried(waits_recorded):
    r = Replay()
    r.add("/sparql", Reply(400, b"MalformedQueryException"))
    with replay_server(r) as base, pytest.raises(FetchError) as err:
        wikidata.fetch(wikidata_source(base + "/sparql"), policy=FAST)
    assert len(r.requests) == 1 and waits_recorded == []
    assert "refused the query" in err.value.message
    assert "there is no earlier snapshot" in err.value.hint  # none was fetched before


def test_wikidata_cross_check_reports_differences_and_links_only_what_agrees():
    r = Replay()
    wikidata_routes(r)
    with replay_server(r) as base:
        src = wikidata_source(base + "/sparql")
        wikidata.fetch(src, policy=FAST)
    g, notes = mapped(wikidata, src)
    assert sorted(notes) == sorted([
        "wikidata: eac: the name(s) 'East African Community', 'EAC' find several Wikidata "
        "items (wd:Q9000003, wd:Q9000004); not linked — add `wikidata:` to its record in "
        "data/registry/organizations.yaml",
        "wikidata: ecowas (wd:Q9000002), registry vs Wikidata: BFA a current member in "
        "Wikidata only",
        "wikidata: mercosur (wd:Q9000001), registry vs Wikidata: BOL only in Wikidata; "
        "URY joined 1991 vs 1995; VEN a current member in the registry only",
        "wikidata: sadc: no Wikidata item with member countries found by the name(s) "
        "'Southern African Development Community'",
        "wikidata: country GHA: Wikidata item(s) Q999117 carry this ISO code; the countries "
        "table says Q117; not linked"])
    links = {(str(s), str(o)) for s, o in g.subject_objects(OWL.sameAs)}
    assert links == {
        (WD + "Q9000001", str(rid("organization", "mercosur"))),
        (WD + "Q9000002", str(rid("organization", "ecowas"))),
        *((WD + q, str(rid("country", c))) for c, q in [
            ("ARG", "Q414"), ("BEN", "Q962"), ("BFA", "Q965"), ("BOL", "Q750"),
            ("BRA", "Q155"), ("KEN", "Q114"), ("NGA", "Q1033"), ("PRY", "Q733"),
            ("URY", "Q77"), ("VEN", "Q717")])}
    # only links: no membership, no country or body description is merged from Wikidata
    assert set(g.predicates()) == {OWL.sameAs, DCTERMS.source, RDF.type, RDFS.comment,
                                   RDFS.seeAlso}
    assert all(g.value(s, DCTERMS.source) == rid("dataset", "wikidata")
               for s in g.subjects(OWL.sameAs))


@pytest.fixture
def waits_recorded(monkeypatch) -> list[float]:
    taken: list[float] = []
    monkeypatch.setattr(fetch, "sleep", taken.append)
    return taken


# -- through the build --------------------------------------------------------------------
def test_build_refresh_loads_every_connector_and_a_failure_keeps_the_snapshot(
        tmp_path, monkeypatch):
    from puentes.build.loop import build
    from puentes.paths import data_dir, project_root

    remote = {"title": "t", "kind": "remote-api", "licence": "CC0", "publisher": "p",
              "url": "http://unused.invalid"}
    catalogue = tmp_path / "sources.yaml"
    catalogue.write_text(yaml.safe_dump({"sources": {
        "ontology": {"title": "model", "kind": "model", "licence": "CC-BY-4.0",
                     "location": str(project_root() / "ontology"), "publisher": "puentes"},
        "countries": {"title": "countries", "kind": "reference-data", "licence": "PDDL",
                      "location": str(data_dir() / "raw" / "countries"), "publisher": "x"},
        **{sid: {**remote, "location": str(tmp_path / sid)}
           for sid in ("worldbank", "ilostat", "unicef")},
        "wikidata": {**remote, "location": str(tmp_path / "wikidata"), "options": {
            "registry": str(WIKIDATA / "registry"),
            "countries_table": str(WIKIDATA / "countries-table.csv")}}}}))
    r = Replay()
    for routes in (worldbank_routes, ilostat_routes, unicef_routes, wikidata_routes):
        routes(r)
    for name, value in (("ATTEMPTS", "2"), ("BACKOFF", "0.01"), ("TIMEOUT", "2")):
        monkeypatch.setenv(f"PUENTES_HTTP_{name}", value)
    remotes = ["worldbank", "ilostat", "unicef", "wikidata"]
    with replay_server(r) as base:
        for sid in remotes:
            monkeypatch.setenv(f"PUENTES_{sid.upper()}_URL",
                               base + ("/sparql" if sid == "wikidata" else ""))
        skipped = build(store_path=tmp_path / "store", catalogue_path=catalogue)
        assert {s: skipped.result(s).status for s in remotes} == dict.fromkeys(
            remotes, "skipped")
        assert "puentes build --refresh worldbank" in skipped.result("worldbank").messages[0]
        report = build(refresh=["*"], store_path=tmp_path / "store", catalogue_path=catalogue)
        for sid in remotes:
            res = report.result(sid)
            assert (res.status, res.violations) == ("loaded", 0), (sid, res.messages)
        r.add(WB_MAIN + "?page=1", Reply(503, b"down"))
        again = build(refresh=["worldbank"], store_path=tmp_path / "store",
                      catalogue_path=catalogue)
    res = again.result("worldbank")
    assert res.status == "unchanged"  # the old snapshot is kept, so nothing changed
    assert any("fetch failed, the last snapshot is kept" in m and "HTTP 503" in m
               for m in res.messages)
