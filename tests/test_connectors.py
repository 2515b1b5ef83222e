"""The live connectors against a real local HTTP server replaying documented formats:
pagination, retries on 429/5xx with Retry-After, timeouts, conditional requests, broken
bodies, and a failing server that leaves the previous snapshot untouched."""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import QB, RDF
from replay import Replay, Reply, replay_server

from puentes.catalogue import Source
from puentes.errors import FetchError, NoSnapshotError
from puentes.fetch import Policy, read_meta
from puentes.namespaces import SDMX_DIM, SDMX_MEASURE, concept, rid
from puentes.sources import ilostat, unicef, wikidata, worldbank

HERE = Path(__file__).parent / "connectors"
FAST = Policy(attempts=2, backoff=0.01, timeout=1, max_wait=0.2)


def fixture(name: str) -> bytes:
    return (HERE / name).read_bytes()


def source(sid: str, tmp: Path, url: str = "http://unused") -> Source:
    src = Source(id=sid, title=sid, kind="remote-api", location=tmp / sid, licence="CC0",
                 publisher="p", url=url)
    # raw_dir is data/raw/<id> by default; the tests keep snapshots in a temp folder
    return dataclasses.replace(src)


@pytest.fixture(autouse=True)
def raw_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(Source, "raw_dir", property(lambda self: tmp_path / "raw" / self.id))
    monkeypatch.setenv("PUENTES_WORLDBANK_TOKEN", "secret-token")


def _worldbank_routes(r: Replay) -> None:
    for code in worldbank.INDICATORS:
        r.add(f"/country/all/indicator/{code}", Reply(200, fixture("worldbank-empty.json")))
    main = "/country/all/indicator/SL.TLF.0714.ZS"
    r.add(main + "?page=1", Reply(200, fixture("worldbank-page-1.json"), {"ETag": '"v1"'}))
    r.add(main + "?page=2", Reply(200, fixture("worldbank-page-2.json")))


def _map(mod, src):  # noqa: ANN001, ANN202
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = mod.map_source(src)
    return g, [str(w.message) for w in caught]


def test_no_snapshot_means_skip_with_a_hint(tmp_path):
    with pytest.raises(NoSnapshotError) as err:
        worldbank.map_source(source("worldbank", tmp_path))
    assert "puentes build --refresh worldbank" in err.value.hint


def test_worldbank_pages_and_maps_countries_only(tmp_path):
    r = Replay()
    _worldbank_routes(r)
    with replay_server(r) as base:
        src = source("worldbank", tmp_path, base)
        worldbank.fetch(src, policy=FAST)
    pages = [p for p, _h in r.requests if "SL.TLF.0714.ZS?" in p]
    assert any("page=2" in p for p in pages) and all("per_page=1000" in p for p in pages)
    assert all(h.get("Authorization") == "Bearer secret-token" for _p, h in r.requests)
    meta = read_meta(src.raw_dir)
    assert meta["validators"]["SL.TLF.0714.ZS"]["etag"] == '"v1"' and meta["retrieved_at"]
    g, notes = _map(worldbank, src)
    obs = list(g.subjects(RDF.type, QB.Observation))
    assert len(obs) == 2  # BRA 2015, GHA 2017; WLD is an aggregate, GHA 2016 has no value
    gha = rid("observation", "worldbank/gha-2017-children-in-employment-7-14-total-total")
    assert g.value(gha, SDMX_MEASURE.obsValue) == Literal("21.75", datatype=Literal(
        "1", datatype="http://www.w3.org/2001/XMLSchema#decimal").datatype)
    assert str(g.value(gha, SDMX_DIM.refPeriod)) == "2017"
    assert any("WLD" in n for n in notes)


def test_retries_429_with_retry_after_and_500_then_succeeds(tmp_path):
    r = Replay()
    _worldbank_routes(r)
    main = "/country/all/indicator/SL.TLF.0714.ZS"
    r.add(main + "?page=1", Reply(429, b"slow down", {"Retry-After": "0"}),
          Reply(500, b"oops"), Reply(200, fixture("worldbank-page-1.json")))
    policy = dataclasses.replace(FAST, attempts=3)
    with replay_server(r) as base:
        worldbank.fetch(source("worldbank", tmp_path, base), policy=policy)
    assert sum("SL.TLF.0714.ZS?" in p and "&page=1" in p for p, _ in r.requests) == 3


def test_conditional_request_304_keeps_the_snapshot(tmp_path):
    r = Replay()
    _worldbank_routes(r)
    with replay_server(r) as base:
        src = source("worldbank", tmp_path, base)
        worldbank.fetch(src, policy=FAST)
        before = (src.raw_dir / "SL.TLF.0714.ZS.json").read_bytes()
        r.add("/country/all/indicator/SL.TLF.0714.ZS?page=1", Reply(304, b""))
        worldbank.fetch(src, policy=FAST)
    sent = [h for p, h in r.requests if "SL.TLF.0714.ZS?" in p][-1]
    assert sent.get("If-None-Match") == '"v1"'
    assert (src.raw_dir / "SL.TLF.0714.ZS.json").read_bytes() == before


@pytest.mark.parametrize("fault", ["permanent-500", "error-shape", "broken-json", "timeout"])
def test_a_failing_server_leaves_the_old_snapshot_and_says_so(tmp_path, fault):
    r = Replay()
    _worldbank_routes(r)
    with replay_server(r) as base:
        src = source("worldbank", tmp_path, base)
        worldbank.fetch(src, policy=FAST)
        snapshot = {p.name: p.read_bytes() for p in src.raw_dir.iterdir()}
        key = "/country/all/indicator/SL.TLF.0714.ZS?page=2"
        r.add(key, {"permanent-500": Reply(500, b"down"),
                    "error-shape": Reply(200, fixture("worldbank-error.json")),
                    "broken-json": Reply(200, b"[{\"page\": 1, "),
                    "timeout": Reply(200, fixture("worldbank-page-2.json"), delay=1.5)}[fault])
        with pytest.raises(FetchError) as err:
            worldbank.fetch(src, policy=FAST)
    assert "previous snapshot is kept" in err.value.hint
    assert {p.name: p.read_bytes() for p in src.raw_dir.iterdir()} == snapshot


def test_ilostat_sdmx_csv_maps_sex_and_age(tmp_path):
    r = Replay()
    csv = fixture("ilostat-sdg-a871.csv")
    for name, (path, _ind) in ilostat.FLOWS.items():
        r.add("/" + path, Reply(200, csv if name.startswith("SDG_A") else csv.split(b"\n")[0]))
    with replay_server(r) as base:
        src = source("ilostat", tmp_path, base)
        ilostat.fetch(src, policy=FAST)
    assert all("format=csv" in p for p, _ in r.requests)
    g, notes = _map(ilostat, src)
    female = rid("observation", "ilostat/bra-2019-sdg-871-economic-activity-5-17-female-total")
    assert g.value(female, SDMX_DIM.sex) == concept("sex", "female")
    assert float(g.value(female, SDMX_MEASURE.obsValue)) == 3.1
    assert len(list(g.subjects(RDF.type, QB.Observation))) == 2
    assert any("X01" in n for n in notes) and any("no value" in n for n in notes)


def test_unicef_rejects_a_body_that_is_not_sdmx_csv(tmp_path):
    r = Replay()
    for _name, (path, _ind) in unicef.FLOWS.items():
        r.add("/" + path, Reply(200, fixture("unicef-pt.csv")))
    with replay_server(r) as base:
        src = source("unicef", tmp_path, base)
        unicef.fetch(src, policy=FAST)
        g, _ = _map(unicef, src)
        assert len(list(g.subjects(RDF.type, QB.Observation))) == 2
        r.add("/" + unicef.FLOWS["PT_CHLD_5-17_LBR_ECON"][0], Reply(200, b"<html>oops</html>"))
        with pytest.raises(FetchError):
            unicef.fetch(src, policy=FAST)
    assert len(list(_map(unicef, src)[0].subjects(RDF.type, QB.Observation))) == 2


def test_wikidata_links_and_reports_differences_never_merges(tmp_path, monkeypatch):
    r = Replay()
    json_type = {"Content-Type": "application/sparql-results+json"}
    r.add("/sparql", Reply(500, b"busy"), Reply(200, fixture("wikidata.json"), json_type))
    # the registry side of the comparison, fixed for the test (the real registry changes)
    bodies = {"Southern Common Market": ("mercosur", {"ARG", "BRA", "PRY", "URY", "VEN"})}
    monkeypatch.setattr(wikidata, "_bodies", lambda: bodies)
    with replay_server(r) as base:
        src = source("wikidata", tmp_path, base + "/sparql")
        wikidata.fetch(src, policy=FAST)
    sent = r.requests[-1][0]
    assert sent.startswith("/sparql")
    g, notes = _map(wikidata, src)
    from rdflib import URIRef
    from rdflib.namespace import OWL
    assert (URIRef("http://www.wikidata.org/entity/Q1"), OWL.sameAs,
            rid("organization", "mercosur")) in g
    (mercosur,) = notes
    # Bolivia is in Wikidata only; Venezuela's Wikidata membership has ended
    assert "in Wikidata but not in the registry: BOL" in mercosur
    assert "in the registry but not in Wikidata: VEN" in mercosur
    assert not any(o == rid("country", "BOL") for o in g.objects())


def test_build_refresh_fetches_through_the_build_and_a_failure_keeps_the_snapshot(
        tmp_path, monkeypatch):
    import yaml

    from puentes.build import build

    catalogue = tmp_path / "sources.yaml"
    from puentes.paths import data_dir, project_root

    catalogue.write_text(yaml.safe_dump({"sources": {
        "ontology": {"title": "model", "kind": "model", "licence": "CC-BY-4.0",
                     "location": str(project_root() / "ontology"), "publisher": "puentes"},
        "countries": {"title": "countries", "kind": "reference-data", "licence": "PDDL",
                      "location": str(data_dir() / "raw" / "countries"), "publisher": "x"},
        "worldbank": {
        "title": "wb", "kind": "remote-api", "location": str(tmp_path / "wb"),
        "licence": "https://creativecommons.org/licenses/by/4.0/", "publisher": "WB",
        "url": "http://unused"}}}))
    r = Replay()
    _worldbank_routes(r)
    with replay_server(r) as base:
        monkeypatch.setenv("PUENTES_WORLDBANK_URL", base)
        report = build(refresh=["worldbank"], store_path=tmp_path / "store",
                       catalogue_path=catalogue)
        res = report.result("worldbank")
        assert res.status == "loaded" and res.triples > 20, res.messages
        r.add("/country/all/indicator/SL.TLF.0714.ZS?page=1", Reply(503, b"down"))
        monkeypatch.setattr("puentes.fetch.Policy", lambda: FAST)
        again = build(refresh=["worldbank"], store_path=tmp_path / "store",
                      catalogue_path=catalogue)
    res = again.result("worldbank")
    assert res.status == "unchanged"  # the old snapshot is kept, so nothing changed
    assert any("fetch failed, the last snapshot is kept" in m for m in res.messages)
