"""`puentes serve` facing hostile and heavy requests, and serving while builds write the store:
SERVICE never calls out (a real local HTTP server records every request it gets), deep
queries are refused before the engine, a timed-out query stops using CPU, updates are refused
on every path, limits on bodies, escaped error pages, security headers, and old-or-new
answers while build-like writers replace the graphs in a loop."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from servers import process_tree_cpu, puentes_serve_process, puentes_server
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

from puentes.namespaces import BASE
from puentes.paths import project_root
from puentes.query import store_from_files
from puentes.store import GraphStore
from puentes.web.app import App

pytestmark = pytest.mark.server
FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"


@pytest.fixture(scope="module")
def base():
    with puentes_server(App(store_from_files([FIXTURE]), timeout=5, max_body=100_000)) as url:
        yield url


@pytest.fixture
def recorder():
    """A real HTTP server on 127.0.0.1 that records every request made to it."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _record(self) -> None:
            seen.append(f"{self.command} {self.path}")
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _record

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }} LIMIT 1",
    "ASK {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE SILENT <{u}> {{ ?s ?p ?o }} }}",
    "select * {{ service ?svc {{ ?s ?p ?o }} VALUES ?svc {{ <{u}> }} }}",
]


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_service_is_refused_and_no_request_leaves(base, recorder, how):
    url, seen = recorder
    for q in SERVICE_QUERIES:
        q = q.format(u=url)
        if how == "get":
            r = requests.get(base + "/sparql", params={"query": q}, timeout=10)
        elif how == "form":
            r = requests.post(base + "/sparql", data={"query": q}, timeout=10)
        else:
            r = requests.post(base + "/sparql", data=q.encode(), timeout=10,
                              headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400 and "no outbound requests" in r.text, (q, r.text)
    time.sleep(0.3)
    assert seen == []


def test_service_in_strings_and_names_is_not_refused(base):
    q = ("PREFIX service: <http://example.org/> SELECT ?service WHERE { "
         "BIND('SERVICE <http://x/>' AS ?service) }")
    r = requests.get(base + "/sparql", params={"query": q}, timeout=10)
    assert r.status_code == 200


def test_deep_queries_are_refused_and_the_server_carries_on(base):
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    r = requests.post(base + "/sparql", data={"query": deep}, timeout=10)
    assert r.status_code == 400 and "nests 5000 levels" in r.text
    bang = "ASK { FILTER(" + "!" * 20000 + "true) }"
    assert requests.post(base + "/sparql", data={"query": bang}, timeout=10).status_code == 400
    r = requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert r.status_code == 200 and r.json()["boolean"] is True


@pytest.mark.parametrize("source", ["stdin", "file"])
def test_query_command_refuses_deep_queries_without_crashing(tmp_path, source):
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    exe = str(Path(sys.executable).with_name("puentes"))
    if source == "stdin":
        r = subprocess.run([exe, "query", "-", str(FIXTURE)], input=deep, text=True,
                           capture_output=True, timeout=60)
    else:
        (tmp_path / "deep.rq").write_text(deep)
        r = subprocess.run([exe, "query", str(tmp_path / "deep.rq"), str(FIXTURE)],
                           capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stderr
    assert "nests 5000 levels deep" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("kwargs", [
    {"data": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"data": "DROP ALL", "headers": {"Content-Type": "Application/SPARQL-Update"}},
    {"data": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update; "
                                                      "charset=UTF-8"}},
    {"data": {"update": "CLEAR ALL"}},
    {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"data": "DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "text/plain"}},
    {"params": {"graph": "urn:g"}, "data": "<urn:a> <urn:b> <urn:c> .",
     "headers": {"Content-Type": "text/turtle"}},
])
def test_updates_are_refused_on_every_path(base, kwargs):
    r = requests.post(base + "/sparql", timeout=10, **kwargs)
    assert r.status_code == 403 and "read-only" in r.text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_graph_store_writes_are_refused(base, method):
    r = requests.request(method, base + "/sparql", params={"default": ""},
                         data="<urn:a> <urn:b> <urn:c> .", timeout=10,
                         headers={"Content-Type": "text/turtle"})
    assert r.status_code == 403
    count = requests.get(base + "/sparql", timeout=10, params={
        "query": "ASK { <urn:a> <urn:b> <urn:c> }"}).json()["boolean"]
    assert count is False


def test_media_types_are_case_insensitive_and_checked(base):
    ok = requests.post(base + "/sparql", data="ASK {}", timeout=10,
                       headers={"Content-Type": "Application/SPARQL-Query; Charset=UTF-8"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True
    bad = requests.post(base + "/sparql", data="ASK {}", timeout=10,
                        headers={"Content-Type": "text/plain"})
    assert bad.status_code == 415
    two = requests.get(base + "/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")],
                       timeout=10)
    assert two.status_code == 400


def test_body_size_limit(base):
    big = "ASK {} #" + "x" * 200_000
    r = requests.post(base + "/sparql", data=big.encode(), timeout=10,
                      headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_blank_nodes_in_every_results_format_through_sparqlwrapper(base):
    q = "SELECT ?b ?l WHERE { BIND(BNODE() AS ?b) BIND('a, \"b\"' AS ?l) }"
    for fmt in (JSON, XML, CSV, TSV):
        c = SPARQLWrapper(base + "/sparql")
        c.setQuery(q)
        c.setReturnFormat(fmt)
        res = c.query()
        assert res.response.status == 200
        body = res.response.read()
        assert b"b" in body
    c.setReturnFormat(JSON)
    assert c.queryAndConvert()["results"]["bindings"][0]["b"]["type"] == "bnode"


def test_relative_iris_resolve_against_the_endpoint(base):
    r = requests.post(base + "/sparql", data="CONSTRUCT { <s> <p> 1 } WHERE {}", timeout=10,
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "application/n-triples"})
    assert r.status_code == 200 and f"<{base}/s> <{base}/p>" in r.text


def test_dataset_named_by_the_request_and_by_the_query(base):
    graph = "https://w3id.org/puentes/graph/file-0"
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(requests.get(base + "/sparql", params={"query": q}, timeout=10)
                .json()["results"]["bindings"][0]["n"]["value"])
    one = int(requests.get(base + "/sparql", params={"query": q, "default-graph-uri": graph},
                           timeout=10).json()["results"]["bindings"][0]["n"]["value"])
    from_q = int(requests.get(base + "/sparql", timeout=10, params={
        "query": f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"}).json()
        ["results"]["bindings"][0]["n"]["value"])
    none = int(requests.get(base + "/sparql", params={"query": q, "named-graph-uri": graph},
                            timeout=10).json()["results"]["bindings"][0]["n"]["value"])
    assert union > one == from_q > 0 and none == 0


def test_service_description_lists_every_format_served(base):
    r = requests.get(base + "/sparql", timeout=10, headers={"Accept": "application/rdf+xml"})
    assert r.headers["content-type"].startswith("application/rdf+xml")
    ttl = requests.get(base + "/sparql", timeout=10).text
    for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
              "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        assert f"formats/{f}>" in ttl


def test_rdf_xml_on_resource_iris(base):
    r = requests.get(base + "/id/organization/example-body", allow_redirects=False,
                     headers={"Accept": "application/rdf+xml"}, timeout=10)
    assert r.status_code == 303 and r.headers["location"].endswith(".rdf")
    doc = requests.get(base + r.headers["location"], timeout=10)
    assert doc.headers["content-type"].startswith("application/rdf+xml")
    assert len(list(ox.parse(doc.content, format=ox.RdfFormat.RDF_XML))) >= 6


def test_answers_written_in_one_piece_keep_http_intact(base):
    """endpoint.http holds an answer's head until its body: a HEAD answer (no body) still
    comes, "100 Continue" is not held, and pipelined requests are answered in order."""
    import socket
    from urllib.parse import urlsplit

    host, port = urlsplit(base).hostname, urlsplit(base).port

    def exchange(data: bytes, until: bytes, count: int = 1) -> bytes:
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(data)
            got = b""
            while got.count(until) < count:
                chunk = sock.recv(65536)
                assert chunk, got
                got += chunk
            return got

    head = exchange(b"HEAD /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n", b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ")
    query = b"ASK { ?s ?p ?o }"
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                     b"Content-Type: application/sparql-query\r\nContent-Length: "
                     + str(len(query)).encode() + b"\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 ")
        sock.sendall(query)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
    two = exchange(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
                   b"GET /id/nowhere HTTP/1.1\r\nHost: x\r\n\r\n", b"HTTP/1.1 ", 2)
    assert two.index(b"HTTP/1.1 200 ") < two.index(b"HTTP/1.1 404 ")


def test_error_pages_escape_html(base):
    r = requests.get(base + "/id/%3Cscript%3Ealert(1)%3C/script%3E", timeout=10)
    assert r.status_code == 404 and "<script>" not in r.text and "&lt;script&gt;" in r.text


def test_security_headers_on_pages(base):
    for path in ("/", "/query", "/id/organization/example-body.html"):
        r = requests.get(base + path, timeout=10)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"]
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    # no inline script on the query page: its code is a file of its own (static/site/)
    csp = requests.get(base + "/query", timeout=10).headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def _store(folder: Path, version: str) -> None:
    """Two source graphs, each marked with the version (a build writes them one by one)."""
    gs = GraphStore.open(folder)
    for source in ("alpha", "beta"):
        gs.replace_graph(source, (
            f"<{BASE}id/organization/probe> <http://www.w3.org/2000/01/rdf-schema#label> "
            f"\"Probe {version}\" .\n<urn:probe> <urn:version> \"{version}\" .\n"
            f"<urn:probe> <urn:source> \"{source}\" .\n"))
    gs.close()


WRITER = """
import sys, time
sys.path.insert(0, {tests!r})
from test_serve_safety import _store
from pathlib import Path
_store(Path(sys.argv[1]), sys.argv[2])
"""


def test_timed_out_query_stops_using_cpu(tmp_path):
    _store(tmp_path / "store", "A")
    # 6 triples joined with themselves 12 times: 6**12 ≈ 2·10⁹ rows, minutes of work even on
    # an idle machine (8 patterns finished within the second there).
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { " + " . ".join(
        f"?s{i} ?p{i} ?o{i}" for i in range(12)) + " }"
    with puentes_serve_process(tmp_path / "store", "--timeout", "1") as (url, proc):
        t0 = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": heavy}, timeout=30)
        assert r.status_code == 503 and "stopped" in r.text
        assert time.monotonic() - t0 < 5
        time.sleep(1.0)  # "within about a second"
        cpu0 = process_tree_cpu(proc.pid)
        time.sleep(2.0)
        used = process_tree_cpu(proc.pid) - cpu0
        print(f"CPU used by serve in the 2 s after the 503 (+1 s): {used:.3f} s")
        assert used < 0.3
        r = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        assert r.status_code == 200 and r.json()["boolean"] is True


@pytest.mark.slow  # builds while a real server serves
def test_serving_while_builds_write_the_store(tmp_path):
    store = tmp_path / "store"
    _store(store, "A")
    stop = threading.Event()
    builds: list[int] = []

    def build_loop() -> None:
        code = WRITER.format(tests=str(Path(__file__).parent))
        i = 0
        while not stop.is_set():
            i += 1
            r = subprocess.run([sys.executable, "-c", code, str(store), "AB"[i % 2]],
                               capture_output=True, text=True, timeout=60)
            builds.append(r.returncode)
            assert r.returncode == 0, r.stderr
            time.sleep(0.3)

    q = "SELECT DISTINCT ?v WHERE { GRAPH ?g { <urn:probe> <urn:version> ?v } }"
    seen, errors = set(), []
    with puentes_serve_process(store, "--refresh", "0.2") as (url, _proc):
        writer = threading.Thread(target=build_loop)
        writer.start()
        deadline = time.monotonic() + 12
        try:
            while time.monotonic() < deadline:
                r = requests.get(url + "/sparql", params={"query": q}, timeout=10)
                if r.status_code != 200:
                    errors.append(r.status_code)
                    continue
                versions = {b["v"]["value"] for b in r.json()["results"]["bindings"]}
                assert len(versions) == 1, versions  # never a mix of two builds
                seen |= versions
                page = requests.get(url + "/id/organization/probe.html", timeout=10)
                assert page.status_code == 200 and ("Probe A" in page.text
                                                    or "Probe B" in page.text)
                doc = requests.get(url + "/id/organization/probe.nt", timeout=10)
                assert doc.text.count("Probe ") == 1, doc.text
        finally:
            stop.set()
            writer.join(timeout=60)
    assert errors == []
    assert builds and set(builds) == {0}
    assert seen == {"A", "B"}  # the server moved to each new build


def test_result_size_limit_truncates_and_says_so():
    with puentes_server(App(store_from_files([FIXTURE]), max_result_bytes=2_000)) as url:
        r = requests.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                         timeout=10)
        assert r.status_code == 200 and r.headers["X-Result-Truncated"]
        assert len(r.content) <= 2_000 and r.json()["results"]["bindings"]


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/json",
                                   "application/sparql-results+xml", "application/xml",
                                   "text/csv", "text/tab-separated-values"])
def test_row_limit_holds_on_the_short_answer_path(media):
    """Short answers are written by Oxigraph's own writer, long ones row by row: at the edge
    (rows as small as a format allows), exactly ``limit`` rows pass and one more is cut."""
    from puentes.web.endpoint.media import RESULTS
    from puentes.web.endpoint.worker import Engine

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(BASE + "id/a"), ox.NamedNode(BASE + "p"), ox.Literal("x"),
                      ox.NamedNode(BASE + "graph/g")))
    engine = Engine(store, {"graph_prefix": BASE + "graph/", "hidden_prefix": BASE + "graph/_"})
    empty_rows = "SELECT ?x { VALUES ?x { " + "UNDEF " * 400 + "} }"
    for limit, truncated in ((400, False), (399, True)):
        head, body = engine.run({"query": empty_rows, "accept": media, "limit": limit})
        assert head["status"] == 200 and head["truncated"] is truncated
        rows = (body.count(b"\r\n") - 1 if media == "text/csv"  # (Oxigraph reads no CSV)
                else len(list(ox.parse_query_results(body, format=RESULTS[media]))))
        assert rows == min(limit, 400)


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
def test_query_page_works_under_its_content_security_policy(base):
    """The policy is strict (no inline script at all: the page's code is a file of its own)
    and the query page still runs a query in a real browser, with no violation reported."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        # reported from before the page's own scripts run
        page.add_init_script("document.addEventListener('securitypolicyviolation', "
                             "e => console.error('CSP violation: ' + e.violatedDirective))")
        page.goto(base + "/query")
        page.select_option("#picker", "010")
        page.wait_for_selector("#answer-table tbody tr", timeout=30000)
        browser.close()
    # (a missing favicon or stylesheet is the site's business, not the policy's)
    problems = [t for t in problems if "CSP" in t or "Content Security Policy" in t]
    assert problems == []


def test_an_engine_crash_costs_one_request(tmp_path):
    """Past the guard (called here without it), a query that overflows the engine's stack
    kills its worker only: the pool answers Crashed, replaces the worker, and goes on."""
    import asyncio

    from puentes.web.endpoint.pool import Crashed, Pool
    from puentes.web.endpoint.snapshot import Snapshots

    snaps = Snapshots()
    snap = snaps.from_memory(store_from_files([FIXTURE]).store)
    config = {"graph_prefix": "https://w3id.org/puentes/graph/",
              "hidden_prefix": "https://w3id.org/puentes/graph/_"}

    async def scenario() -> tuple[bool, dict]:
        pool = Pool(snap, config, size=1, timeout=20)
        await pool.start()
        try:
            crashed = False
            try:
                await pool.run({"query": "SELECT * WHERE " + "{" * 100_000 + "}" * 100_000})
            except Crashed:
                crashed = True
            head, _ = await pool.run({"query": "ASK { ?s ?p ?o }"})
            return crashed, head
        finally:
            pool.close()

    try:
        crashed, head = asyncio.run(scenario())
    finally:
        snaps.close()
    assert crashed and head["status"] == 200


def test_snapshots_of_a_killed_server_are_removed_by_the_next(tmp_path):
    from puentes.web.endpoint.snapshot import Snapshots

    _store(tmp_path / "store", "A")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    orphan = tmp_path / ".serve-orphan"
    (orphan / "snapshot-1").mkdir(parents=True)
    (orphan / "pid").write_text(dead)
    snaps = Snapshots(tmp_path / "store")
    try:
        snaps.take()
        assert not orphan.exists() and snaps.root.exists()
    finally:
        snaps.close()
    assert not snaps.root.exists()


def test_allow_listed_service_is_called_and_no_other(recorder):
    url, seen = recorder
    app = App(store_from_files([FIXTURE]), allow_service=(url,))
    with puentes_server(app) as base:
        other = requests.get(base + "/sparql", timeout=10, params={
            "query": "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"})
        assert other.status_code == 400
        assert "BasicFederatedQuery" in requests.get(base + "/sparql", timeout=10).text
        r = requests.get(base + "/sparql", timeout=20, params={
            "query": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
        assert r.status_code == 200, r.text
    assert len(seen) == 1 and seen[0].split()[1].startswith("/sparql")


@pytest.mark.parametrize("query", [
    "ASK { FILTER(" + "!#c\n" * 70 + "true) }",  # a run split by comments
    "ASK { FILTER(" + "! " * 70 + "true) }",
    "SELECT * WHERE " + "{" * 129 + "}" * 129,
    # a '#' (in an IRI, as in rdf:type's) and many operators: the tokens decide, not the text
    "ASK { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?o FILTER(" + "! " * 70
    + "true) }",
    "SELECT * { ?s ?p ?o OPTIONAL { SeRvIcE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
])
def test_the_guard_refuses_what_the_quick_path_must_not_let_through(query):
    from puentes.query.guard import QueryRefused, check_query

    with pytest.raises(QueryRefused):
        check_query(query)
