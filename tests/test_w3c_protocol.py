"""The W3C SPARQL 1.1 Protocol test suite (tests/w3c/protocol/manifest.ttl, all 34 tests)
against `puentes serve` on 127.0.0.1.

The manifest describes each test as HTTP requests (method, path, headers, body and its
encoding) and the expected response (status class, result format, boolean). This runner
reads those descriptions and sends them byte for byte; nothing is hand-written per test.

- Query tests (20): the response must be what the manifest expects.
- Update tests (14): puentes serve is read-only, so the update request must be refused with
  403 and the served store must be unchanged (its N-Quads dump compared before and after).
  The manifest's follow-up requests, which check that the update took effect, are not sent.

After each test, one more query on the same connection checks that it was kept alive.
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from servers import puentes_server

from puentes.store import GraphStore
from puentes.web.app import App

# slow: the W3C SPARQL Protocol suite against a real server
pytestmark = [pytest.mark.slow, pytest.mark.server]
HERE = Path(__file__).parent / "w3c" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = BOOLEAN_TYPES + ("text/csv", "text/tab-separated-values")
RDF_TYPES = {"application/rdf+xml": ox.RdfFormat.RDF_XML, "text/turtle": ox.RdfFormat.TURTLE,
             "application/n-triples": ox.RdfFormat.N_TRIPLES}


def _manifest() -> list[dict]:
    g = Graph().parse(HERE / "manifest.ttl", format="turtle",
                      publicID=(HERE / "manifest.ttl").as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        requests = []
        for req in Collection(g, g.value(g.value(entry, MF.action), HT.requests)):
            body = g.value(req, HT.body)
            resp = g.value(req, HT.resp)
            requests.append({
                "method": str(g.value(req, HT.methodName)),
                "path": str(g.value(req, HT.absolutePath)),
                "headers": {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                            for h in Collection(g, g.value(req, HT.headers) or RDF.nil)},
                "body": None if body is None else str(g.value(body, CNT.chars)).encode(
                    str(g.value(body, CNT.characterEncoding))),
                "status": sorted(str(s)[len(HTS):] for s in g.objects(resp, MF.expectedStatus)),
                "format": (str(g.value(resp, MF.expectedFormat))
                           if g.value(resp, MF.expectedFormat) else None),
                "boolean": (g.value(resp, MF.expectedBoolean).toPython()
                            if g.value(resp, MF.expectedBoolean) is not None else None),
            })
        data = tuple(sorted((str(g.value(d, UT.graph)).rsplit("/", 1)[-1],
                             str(g.value(d, RDFS.label)))
                            for d in g.objects(entry, UT.graphData)))
        name = str(entry).rsplit("#", 1)[-1]
        tests.append({"id": name, "name": str(g.value(entry, MF.name)), "data": data,
                      "requests": requests, "update": "update" in name})
    return tests


TESTS = _manifest()


def test_the_manifest_is_complete():
    assert len(TESTS) == 34
    assert sum(not t["update"] for t in TESTS) == 20 and sum(t["update"] for t in TESTS) == 14


_SERVERS: dict[tuple, tuple[str, App]] = {}


@pytest.fixture(scope="module")
def servers():
    """One server per distinct test dataset (the manifest's ut:graphData)."""
    stack = []
    yield lambda data: _server(data, stack)
    for cm in reversed(stack):
        cm.__exit__(None, None, None)
    _SERVERS.clear()


def _server(data: tuple, stack: list) -> tuple[str, App]:
    if data not in _SERVERS:
        gs = GraphStore.in_memory()
        for file, graph in data:
            gs.store.load(path=str(HERE / file), format=ox.RdfFormat.N_TRIPLES,
                          to_graph=ox.NamedNode(graph))
        app = App(gs, timeout=10)
        cm = puentes_server(app)
        stack.append(cm)
        _SERVERS[data] = (cm.__enter__(), app)
    return _SERVERS[data]


def _dump(app: App) -> list[str]:
    store = ox.Store.read_only(str(app.snapshot))
    return sorted(str(q) for q in store)


def _send(conn: http.client.HTTPConnection, req: dict) -> http.client.HTTPResponse:
    path = "/sparql" + req["path"][len("/sparql/"):]
    conn.request(req["method"], path, body=req["body"], headers=req["headers"])
    return conn.getresponse()


def _check(resp: http.client.HTTPResponse, body: bytes, req: dict) -> None:
    status = f"{resp.status // 100}xx"
    assert status in req["status"], (resp.status, body[:300])
    ctype = (resp.getheader("content-type") or "").split(";")[0].strip()
    if req["format"] == "boolean":
        assert ctype in BOOLEAN_TYPES, ctype
        value = (json.loads(body)["boolean"] if ctype.endswith("json")
                 else b"<boolean>true</boolean>" in body)
        if req["boolean"] is not None:
            assert value is req["boolean"]
    elif req["format"] == "tabular":
        assert ctype in TABULAR_TYPES, ctype
        if ctype.endswith("json"):
            assert "vars" in json.loads(body)["head"]
    elif req["format"] == "RDF":
        assert ctype in RDF_TYPES, ctype
        list(ox.parse(body, format=RDF_TYPES[ctype]))  # parses, or raises


@pytest.mark.parametrize("test", TESTS, ids=[t["id"] for t in TESTS])
def test_w3c_protocol(test, servers):
    base, app = servers(test["data"])
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=20)
    try:
        if test["update"]:
            before = _dump(app)
            resp = _send(conn, test["requests"][0])
            body = resp.read()
            assert resp.status == 403, (resp.status, body[:300])
            assert _dump(app) == before
        else:
            for req in test["requests"]:
                resp = _send(conn, req)
                _check(resp, resp.read(), req)
        # the connection is still alive and answers
        conn.request("GET", "/sparql?query=ASK%20%7B%7D",
                     headers={"Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        assert resp.status == 200 and json.loads(resp.read())["boolean"] is True
    finally:
        conn.close()


def test_graph_names_in_the_manifest_are_loaded():
    """The fixtures are the manifest's: three one-triple graphs, named by their labels."""
    for file in ("data1.nt", "data2.nt", "data3.nt"):
        g = Graph().parse(HERE / file, format="nt")
        assert len(g) == 1
        s = next(iter(g.subjects()))
        assert isinstance(s, URIRef) and s.endswith(file.replace(".nt", ".rdf"))
