"""Releases people can cite and follow (issue 21), replayed on a real change: the withdrawal
of Burkina Faso, Mali and Niger from ECOWAS (effective 2025-01-29).

The registry of tests/sources/registry/ecowas-withdrawal (real records, as they stood before
the withdrawal was recorded) is built and released as v1; the steward's edit — ``to:
2025-01-29`` on the three memberships — is made, the graph rebuilt and released as v2. Then:
the diff names exactly the three memberships (with the registry edit and sources) and the
answers they change; Burkina Faso's feed lists exactly what it lost and parses with
feedparser; v2's catalogue links v1 as its previous version and passes the DCAT-AP shapes
(and scores excellent with the MQA rules); v1's pages, dumps and answers are byte for byte
what they were, and still served; a release is never overwritten."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import feedparser
import pytest
from catalogues import registry_catalogue
from click.testing import CliRunner
from pyshacl import validate
from rdflib import Graph, URIRef
from servers import free_port, puentes_serve_process

from puentes.build.loop import build
from puentes.cli import cli
from puentes.paths import project_root
from puentes.store import GraphStore
from puentes.web.publish.dcat import ADMS, load_dcat_ap_shapes
from puentes.web.release.catalogue import DCAT, version_iri
from puentes.web.release.make import make_release
from puentes.web.release.versions import ReleaseError, releases, verify_sums

ROOT = project_root()
FIXTURE = ROOT / "tests" / "sources" / "registry" / "ecowas-withdrawal"
PID = "https://w3id.org/puentes/id/"
LEFT = ("BFA", "MLI", "NER")


pytestmark = pytest.mark.slow  # builds and publishes releases


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(tmp: Path, catalogue: Path) -> GraphStore:
    report = build(store_path=tmp / "store", catalogue_path=catalogue)
    assert report.exit_code == 0, [(r.source_id, r.messages) for r in report.results]
    return GraphStore.open(tmp / "store", read_only=True)


@pytest.fixture(scope="module")
def two_releases():
    # a folder nginx (another user) may read, as tests/test_catalogue.py makes it
    tmp = Path(tempfile.mkdtemp(prefix="puentes-release-"))
    os.chmod(tmp, 0o755)
    try:
        yield _two_releases(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _two_releases(tmp: Path) -> dict:
    registry = tmp / "registry"
    shutil.copytree(FIXTURE, registry)
    catalogue = registry_catalogue(tmp, registry)
    root = tmp / "releases"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    store = _build(tmp, catalogue)
    first = make_release(store, root, version="v1", date="2025-01-01", base_url=base,
                         catalogue_path=catalogue, ontology_docs=False)
    before = _files(root / "v1")
    feeds = _files(root / "feeds")
    # the steward's edit: the three memberships end on 2025-01-29
    path = registry / "organizations.yaml"
    text = path.read_text(encoding="utf-8")
    for code in LEFT:
        line = f"{{country: {code}, from: 1975-05-28, role: founding-member,"
        assert text.count(line) == 1
        text = text.replace(line, f"{{country: {code}, from: 1975-05-28, to: 2025-01-29, "
                                  "role: founding-member,")
    path.write_text(text, encoding="utf-8")
    store = _build(tmp, catalogue)
    second = make_release(store, root, version="v2", date="2025-02-01", base_url=base,
                          catalogue_path=catalogue, ontology_docs=False)
    return {"root": root, "port": port, "base": base, "before": before, "feeds": feeds,
            "first": first,
            "second": second, "catalogue": catalogue, "store": store}


def test_the_diff_names_exactly_the_changed_memberships(two_releases):
    root = two_releases["root"]
    log = json.loads((root / "v2" / "changes" / "changes.json").read_text())
    assert [r["iri"] for r in log["records"]] == [f"{PID}membership/ecowas--{c}" for c in LEFT]
    for r in log["records"]:
        assert r["status"] == "changed"
        assert [(f["predicate"], f["removed"], f["added"]) for f in r["fields"]] == [
            ("http://schema.org/endDate", [], [{"value": "2025-01-29",
                                                "datatype": "xsd:date"}])]
        reg = r["registry"]
        assert (reg["record"], reg["file"]) == ("ecowas", "organizations.yaml")
        code = r["iri"][-3:]
        # the registry edit behind the change: the member's line, before and after
        assert f"-    - {{country: {code}, from: 1975-05-28, role" in reg["edit"]
        assert f"+    - {{country: {code}, from: 1975-05-28, to: 2025-01-29" in reg["edit"]
        assert {s["url"] for s in r["sources"]} >= {"https://reliefweb.int/organization/ecowas"}
    assert log["summary"] == {"added": 0, "removed": 0, "changed": 3,
                              "questions": log["summary"]["questions"]}
    # the consequences: ECOWAS's current members lose the three, each caused by its change
    members = [c for c in log["consequences"] if c["query"] == "201"]
    assert [c["params"] for c in members] == [{"body": f"{PID}organization/ecowas"}]
    lost = {row["country"]["iri"][-3:]: row for row in members[0]["lost"]}
    assert set(lost) == set(LEFT) and not members[0]["gained"] and not members[0]["changed"]
    assert members[0]["causes"] == [f"{PID}membership/ecowas--{c}" for c in LEFT]
    for c in log["consequences"]:
        assert c["causes"], c  # every changed answer is traced to a record
        assert set(c["causes"]) <= {r["iri"] for r in log["records"]}
    # the same changelog from the command line, as Markdown, JSON and RDF
    for fmt, needle in (("markdown", "ecowas--BFA"), ("json", '"changed": 3'),
                        ("turtle", "cs:ChangeSet")):
        out = CliRunner().invoke(cli, ["diff", "v1", "v2", "--releases", str(root),
                                       "--format", fmt])
        assert out.exit_code == 0, out.output
        assert needle in out.output
    ttl = Graph().parse(root / "v2" / "changes" / "changes.ttl")
    cs = URIRef("http://purl.org/vocab/changeset/schema#")
    assert len(set(ttl.subjects(None, URIRef(str(cs) + "ChangeSet")))) == 3
    notes = (root / "v2" / "changes" / "NOTES.md").read_text()
    assert "3 record(s) changed" in notes and "3 registro(s) modificado(s)" in notes


def test_burkina_faso_feed_lists_exactly_the_coverage_it_lost(two_releases):
    root = two_releases["root"]
    for lang, words in (("en", "Burkina Faso left Economic Community of West African States"),
                        ("es", "Burkina Faso dejó de ser miembro de Comunidad Económica"),
                        ("fr", "Burkina Faso a cessé d'être membre de Communauté")):
        feed = feedparser.parse((root / "feeds" / "country" / f"BFA.{lang}.atom").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert len(feed.entries) == 1, [e.title for e in feed.entries]
        entry = feed.entries[0]
        assert entry.title.startswith(words) and "2025-01-29" in entry.title, entry.title
        content = entry.content[0].value
        # (one source's title names all three countries: it is the source of the change)
        rest = content.replace("ECOWAS gives Mali, Niger and Burkina Faso", "")
        for other in ("Mali", "Niger", "MLI", "NER"):
            assert other not in entry.title + rest, other
        # the evidence: the membership's page in v2, the sources, the answers it changed
        assert entry.link == f"{two_releases['base']}v2/id/membership/ecowas--BFA.html"
        assert "https://reliefweb.int/organization/ecowas" in content
        assert "organizations.yaml" in content and "201" in content
    # the others: Mali has its own single entry; a country that stayed has none
    assert len(feedparser.parse(root / "feeds" / "country" / "MLI.en.atom").entries) == 1
    ghana = feedparser.parse(root / "feeds" / "country" / "GHA.en.atom")
    assert not ghana.bozo and ghana.entries == []
    body = feedparser.parse(root / "feeds" / "organization" / "ecowas.en.atom")
    assert len(body.entries) == 3
    question = feedparser.parse(root / "feeds" / "question" / "201.en.atom")
    assert len(question.entries) == 1 and "−3" in question.entries[0].title
    everything = feedparser.parse(root / "feeds" / "all.fr.atom")
    assert [e.title for e in everything.entries] == ["Version v2", "Version v1"]
    # the pages link their feeds, and say how to cite the release
    page = (root / "v2" / "id" / "country" / "BFA.html").read_text()
    assert ('<link rel="alternate" type="application/atom+xml" hreflang="en"'
            in page) and 'href="../../../feeds/country/BFA.en.atom"' in page
    assert "Cite this version" in page and "(version v2)" in page


def test_every_followed_thing_has_a_valid_feed_and_only_changed_ones_are_rewritten(
        two_releases):
    """A feed per country, body, initiative and saved question, in es, en and fr, each
    valid Atom; v2 rewrote only the feeds it added an entry to (and the releases feed):
    the others are byte for byte what v1 wrote."""
    from puentes.query import saved_queries
    from puentes.web.release.feeds import feed_path

    root, store = two_releases["root"], two_releases["store"]
    things = {r["s"].value for r in store.query(
        "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(?c IN (<https://w3id.org/puentes/ontology#"
        "Country>, <https://w3id.org/puentes/ontology#RegionalBody>, "
        "<https://w3id.org/puentes/ontology#Initiative>)) }")}
    assert any("/country/" in i for i in things) and any("/initiative/" in i for i in things)
    wanted = {feed_path(i, lang) for i in things for lang in ("es", "en", "fr")} | {
        feed_path(q.number, lang) for q in saved_queries() for lang in ("es", "en", "fr")}
    assert None not in wanted
    now = _files(root / "feeds")
    assert wanted <= set(now)
    for path in now:
        feed = feedparser.parse((root / "feeds" / path).read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
    before = two_releases["feeds"]
    rewritten = {p for p in now if before.get(p) != now[p]}
    assert rewritten == {f"{kind}/{name}.{lang}.atom" for lang in ("es", "en", "fr")
                         for kind, name in [("country", c) for c in LEFT]
                         + [("organization", "ecowas"), ("question", "201")]
                         + [("question", c["query"]) for c in json.loads(
                             (root / "v2" / "changes" / "changes.json").read_text())[
                                 "consequences"]]} | {
        f"all.{lang}.atom" for lang in ("es", "en", "fr")}


def test_v2_catalogue_links_v1_and_passes_the_dcat_ap_shapes(two_releases):
    root = two_releases["root"]
    cat = Graph().parse(root / "v2" / "catalog.ttl")
    whole = URIRef(f"{PID}dataset/puentes")
    v1, v2 = version_iri("v1"), version_iri("v2")
    assert (v2, DCAT.previousVersion, v1) in cat
    assert (v2, DCAT.version, None) in cat and (v2, ADMS.versionNotes, None) in cat
    assert set(cat.objects(whole, DCAT.hasVersion)) == {v1, v2}
    assert (whole, DCAT.hasCurrentVersion, v2) in cat
    # v1 is described again, with its own downloads
    v1_dumps = {str(u) for d in cat.objects(v1, DCAT.distribution)
                for u in cat.objects(d, DCAT.downloadURL)}
    assert f"{two_releases['base']}v1/dumps/puentes.nt.gz" in v1_dumps
    shapes = load_dcat_ap_shapes(ROOT / "shapes" / "dcat-ap" / "dcat-ap-3.0.1-SHACL.ttl")
    conforms, _g, text = validate(cat, shacl_graph=shapes, inference="none",
                                  allow_warnings=True)
    assert conforms, text
    # the catalogue at the root of the releases is the current release's
    assert (root / "catalog.ttl").read_bytes() == (root / "v2" / "catalog.ttl").read_bytes()


def test_the_catalogue_keeps_its_mqa_score(two_releases):
    """v2's catalogue scores with the MQA rules (every URL fetched from nginx serving the
    releases folder) as `publish`'s catalogue of the same graph does: the versions score as
    the whole graph did, and the mean is not lower."""
    import requests
    from mqa import score_catalogue
    from webservers import MissingServer, nginx

    from puentes.web.publish import publish

    root, base = two_releases["root"], two_releases["base"]
    plain = root / "plain"  # the same graph published the plain way, served beside
    publish(two_releases["store"], plain, base_url=f"{base}plain/", ontology_docs=False)
    try:
        with nginx(root, port=two_releases["port"]):
            status = lambda url: requests.get(url, timeout=10).status_code  # noqa: E731
            released, per = score_catalogue(Graph().parse(root / "v2" / "catalog.ttl"),
                                            status)
            published, before = score_catalogue(Graph().parse(plain / "catalog.ttl"), status)
    except MissingServer as err:
        pytest.skip(str(err))
    finally:
        shutil.rmtree(plain)
    whole = before[URIRef(f"{PID}dataset/puentes")].total
    assert whole >= 351, before[URIRef(f"{PID}dataset/puentes")].indicators  # excellent
    for node in (URIRef(f"{PID}dataset/puentes"), version_iri("v1"), version_iri("v2")):
        assert per[node].total == pytest.approx(whole), (node, per[node].indicators)
    assert released.total >= published.total - 1e-9, (released.indicators,
                                                      published.indicators)


def test_v1_pages_dumps_and_answers_are_unchanged_and_served(two_releases):
    root = two_releases["root"]
    assert _files(root / "v1") == two_releases["before"]
    assert verify_sums(root / "v1") == [] and verify_sums(root / "v2") == []
    assert [r.version for r in releases(root)] == ["v1", "v2"]
    assert (root / "latest").resolve() == (root / "v2").resolve()
    answer = json.loads((root / "v1" / "queries" / "answers" / "009.json").read_text())
    assert "results" in answer
    # a past answer, asked again: as the graph stood in v1, Burkina Faso was a member
    args = ["query", "201", "--releases", str(root), "--param",
            "body=pid:organization/ecowas", "--format", "csv"]
    old = CliRunner().invoke(cli, [*args, "--release", "v1"])
    new = CliRunner().invoke(cli, [*args, "--release", "v2"])
    assert old.exit_code == 0 and new.exit_code == 0, old.output + new.output
    assert f"{PID}country/BFA" in old.output and f"{PID}country/BFA" not in new.output
    assert old.output.count("\n") == new.output.count("\n") + 3
    # served: v1's page, dump and answer as files, and its saved question asked again
    from starlette.testclient import TestClient

    from puentes.web.release.serve import release_app

    client = TestClient(release_app(root))
    for rel in ("v1/id/country/BFA.html", "v1/dumps/puentes.nt.gz",
                "v1/queries/answers/009.json", "v1/CITATION.cff", "feeds/country/BFA.en.atom"):
        got = client.get(f"/{rel}")
        assert got.status_code == 200, rel
        assert got.content == (root / rel).read_bytes(), rel
    got = client.get("/v1/query/201", params={"body": "pid:organization/ecowas"})
    assert got.status_code == 200, got.text
    rows = got.json()["results"]["bindings"]
    assert f"{PID}country/BFA" in {r["country"]["value"] for r in rows}
    got = client.get("/v1/sparql", params={
        "query": "ASK { <https://w3id.org/puentes/id/membership/ecowas--BFA> "
                 "<http://schema.org/endDate> ?d }"})
    assert got.status_code == 200 and got.json()["boolean"] is False
    assert client.get("/v9/query/201").status_code == 404


def test_the_cli_server_serves_past_releases_over_http(two_releases):
    """`puentes serve --releases` as its own process on a free port of 127.0.0.1: a past
    release's page, dump and saved answers (its file and its permalink, asked again from
    the release's dump) over HTTP, as they were written and as the graph stood."""
    import gzip

    import pyoxigraph as ox
    import requests

    root = two_releases["root"]
    # the server's own store (this process holds the built one: one writer per folder),
    # loaded from v2's dump; the releases are answered from their own dumps
    served = root.parent / "served-store"
    if not served.exists():
        store = GraphStore.open(served)
        store.store.bulk_load(gzip.decompress((root / "v2" / "dumps" / "puentes.nq.gz")
                                              .read_bytes()), format=ox.RdfFormat.N_QUADS)
        store.close()
    with puentes_serve_process(served, "--releases", str(root)) as (url, _proc):
        for rel in ("v1/id/country/BFA.html", "v1/dumps/puentes.nt.gz",
                    "v1/queries/answers/009.json", "latest/CITATION.cff"):
            got = requests.get(f"{url}/releases/{rel}", timeout=30)
            assert got.status_code == 200, (rel, got.status_code)
            assert got.content == (root / rel).read_bytes(), rel
        assert "Cite this version" in requests.get(
            f"{url}/releases/v1/id/country/BFA.html", timeout=30).text
        dump = gzip.decompress(requests.get(f"{url}/releases/v1/dumps/puentes.nt.gz",
                                            timeout=30).content).decode()
        assert f"<{PID}membership/ecowas--BFA> <http://schema.org/endDate>" not in dump
        # the permalink of a past answer: ECOWAS's members as v1 had them, Burkina Faso in
        permalink = f"{url}/releases/v1/query/201?body=pid:organization/ecowas"
        got = requests.get(permalink, timeout=60)
        assert got.status_code == 200, got.text
        assert got.headers["content-type"].startswith("application/sparql-results+json")
        members = {r["country"]["value"] for r in got.json()["results"]["bindings"]}
        assert {f"{PID}country/{c}" for c in LEFT} <= members
        now = requests.get(permalink.replace("/v1/", "/v2/"), timeout=60).json()
        assert not {f"{PID}country/{c}" for c in LEFT} & {
            r["country"]["value"] for r in now["results"]["bindings"]}
        assert len(members) == len(now["results"]["bindings"]) + 3
        assert requests.get(f"{url}/releases/v9/query/201", timeout=30).status_code == 404


def test_a_release_is_never_overwritten(two_releases):
    root = two_releases["root"]
    with pytest.raises(ReleaseError, match="exists already"):
        make_release(two_releases["store"], root, version="v1", date="2025-03-01",
                     catalogue_path=two_releases["catalogue"], ontology_docs=False)
    result = CliRunner().invoke(cli, ["release", "--version", "v2", "--to", str(root),
                                      "--store", str(two_releases["store"].path),
                                      "--catalogue", str(two_releases["catalogue"])])
    assert result.exit_code == 2 and "exists already" in result.output
    assert "choose another --version" in result.output
    assert verify_sums(root / "v2") == []
    assert not [p for p in root.iterdir() if p.name.startswith(".v")]


def test_each_release_can_be_cited(two_releases):
    root = two_releases["root"]
    cff = root / "v2" / "CITATION.cff"
    exe = shutil.which("cffconvert") or str(Path(__import__("sys").executable).parent
                                            / "cffconvert")
    proc = subprocess.run([exe, "--validate", "-i", str(cff)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^version: v2$", cff.read_text(), re.M)
    dc = json.loads((root / "v2" / "datacite.json").read_text())["data"]["attributes"]
    # DataCite kernel 4's mandatory properties (the DOI is given when it is registered)
    for key in ("creators", "titles", "publisher", "publicationYear", "types", "url"):
        assert dc[key], key
    assert dc["types"]["resourceTypeGeneral"] == "Dataset" and dc["version"] == "v2"
    assert dc["relatedIdentifiers"] == [{"relatedIdentifier": f"{two_releases['base']}v1/",
                                         "relatedIdentifierType": "URL",
                                         "relationType": "IsNewVersionOf"}]
    assert {t["lang"] for t in dc["titles"]} == {"es", "en", "fr"}


def test_a_diff_failing_in_its_worker_process_stops_the_release_whole(two_releases, tmp_path):
    # the diff from the previous release runs in a worker process while the pages are
    # written: when it fails (here: the previous release has lost its dump), the error
    # reaches the command with its hint, and nothing of the new release is left behind
    root = tmp_path / "releases"
    shutil.copytree(two_releases["root"], root, symlinks=True)
    (root / "v2" / "dumps" / "puentes.nt.gz").unlink()
    with pytest.raises(ReleaseError, match="no N-Triples dump") as err:
        make_release(two_releases["store"], root, version="v3", date="2025-03-01",
                     catalogue_path=two_releases["catalogue"], ontology_docs=False)
    assert "puentes release" in err.value.hint and "v2" in err.value.message
    assert not (root / "v3").exists()
    assert not [p for p in root.iterdir() if p.name.startswith(".v")]
    assert [r.version for r in releases(root)] == ["v1", "v2"]


def test_a_damaged_dump_of_the_previous_release_is_named(two_releases, tmp_path):
    # the worker process reads the previous release's dump: a truncated one is reported
    # with its path and what to do, and the new release is not made
    root = tmp_path / "releases"
    shutil.copytree(two_releases["root"], root, symlinks=True)
    dump = root / "v2" / "dumps" / "puentes.nt.gz"
    dump.write_bytes(dump.read_bytes()[:200])
    with pytest.raises(ReleaseError, match="dump cannot be read") as err:
        make_release(two_releases["store"], root, version="v3", date="2025-03-01",
                     catalogue_path=two_releases["catalogue"], ontology_docs=False)
    assert str(dump) in err.value.message and "SHA256SUMS" in err.value.hint
    assert not (root / "v3").exists()
    assert not [p for p in root.iterdir() if p.name.startswith(".v")]
