"""`puentes serve` as real clients use it: SPARQLWrapper on /sparql, content negotiation on
resource IRIs, read-only, CORS, a timeout and a result limit."""

from __future__ import annotations

import pytest
import requests
from rdflib import RDF, Graph
from servers import puentes_server
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from puentes.paths import project_root
from puentes.store import store_from_files
from puentes.web.app import App
from puentes.web.endpoint.media import negotiate

pytestmark = pytest.mark.server
FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
BODY = "https://w3id.org/puentes/id/organization/example-body"


@pytest.fixture(scope="module")
def base():
    with puentes_server(App(store_from_files([FIXTURE]), timeout=5, limit=20)) as url:
        yield url


def _client(base: str, fmt) -> SPARQLWrapper:  # noqa: ANN001
    c = SPARQLWrapper(base + "/sparql")
    c.setReturnFormat(fmt)
    return c


def test_select_as_json_xml_and_csv_through_sparqlwrapper(base):
    c = _client(base, JSON)
    c.setQuery(f"SELECT ?l WHERE {{ <{BODY}> <http://www.w3.org/2000/01/rdf-schema#label> "
               "?l } ORDER BY ?l")
    rows = c.queryAndConvert()["results"]["bindings"]
    assert [r["l"]["value"] for r in rows] == ["Example Regional Body",
                                               "Organismo Regional de Ejemplo"]
    c.setReturnFormat(XML)
    assert b"Example Regional Body" in c.query().response.read()
    c.setReturnFormat(CSV)
    assert c.queryAndConvert().decode().splitlines()[0] == "l"


def test_ask_and_construct(base):
    c = _client(base, JSON)
    c.setQuery("ASK { ?s a <https://w3id.org/puentes/ontology#RegionalBody> }")
    assert c.queryAndConvert()["boolean"] is True
    c = _client(base, TURTLE)
    c.setQuery("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3")
    g = Graph().parse(data=c.queryAndConvert().decode(), format="turtle")
    # three typing triples, each of them in the served graph
    assert len(g) == 3 and set(g.predicates()) == {RDF.type}
    for s, _p, o in g:
        ask = _client(base, JSON)
        ask.setQuery(f"ASK {{ <{s}> a <{o}> }}")
        assert ask.queryAndConvert()["boolean"] is True, (s, o)


def test_updates_are_refused(base):
    r = requests.post(base + "/sparql", data="DROP ALL",
                      headers={"Content-Type": "application/sparql-update"}, timeout=5)
    assert r.status_code == 403 and "read-only" in r.text
    r = requests.post(base + "/sparql", data={"update": "CLEAR ALL"}, timeout=5)
    assert r.status_code == 403


def test_result_limit_is_applied_and_said(base):
    r = requests.get(base + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                     timeout=5)
    assert len(r.json()["results"]["bindings"]) == 20
    assert r.headers["X-Result-Truncated"] == "20"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv",
                                    "text/tab-separated-values", "application/sparql-results+xml"])
def test_lookups_answered_by_the_server_equal_the_workers_answers(base, accept):
    """A lookup of one resource is answered in the server's process (endpoint.lookup); the
    same query with a no-op FILTER goes to a worker: the same answer, byte for byte."""
    def ask(query: str) -> requests.Response:
        r = requests.get(base + "/sparql", params={"query": query}, timeout=10,
                         headers={"Accept": accept})
        assert r.status_code == 200, r.text
        return r

    here = ask(f"SELECT ?p ?o WHERE {{ <{BODY}> ?p ?o }}")
    worker = ask(f"SELECT ?p ?o WHERE {{ <{BODY}> ?p ?o FILTER(true) }}")
    assert here.content == worker.content and b"Example Regional Body" in here.content
    assert here.headers["content-type"] == worker.headers["content-type"]


def test_a_lookup_longer_than_the_limit_goes_to_a_worker_and_is_cut():
    with puentes_server(App(store_from_files([FIXTURE]), timeout=5, limit=2)) as url:
        r = requests.get(url + "/sparql", timeout=10,
                         params={"query": f"SELECT ?p ?o WHERE {{ <{BODY}> ?p ?o }}"},
                         headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["X-Result-Truncated"] == "2"
    assert len(r.json()["results"]["bindings"]) == 2


def test_a_page_is_rendered_once_and_answered_alike_after():
    """Twelve clients at once ask for a page never asked for: one rendering, twelve equal
    answers with the page's own headers; a request with Origin (CORS) is not cached."""
    from concurrent.futures import ThreadPoolExecutor

    app = App(store_from_files([FIXTURE]))
    renders = []
    render = app._render

    async def counted(scope, key):  # noqa: ANN001, ANN202
        renders.append(key)
        return await render(scope, key)

    app._render = counted
    with puentes_server(app) as url:
        page = url + "/id/organization/example-body.html?lang=es"
        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda _: requests.get(page, timeout=30), range(12)))
        cors = requests.get(page, headers={"Origin": "https://example.org"}, timeout=10)
    assert len(renders) == 1
    assert {a.status_code for a in answers} == {200} and len({a.content for a in answers}) == 1
    assert "Organismo Regional de Ejemplo" in answers[0].text
    assert all(a.headers["content-security-policy"] == answers[0].headers[
        "content-security-policy"] for a in answers)
    assert cors.status_code == 200 and cors.headers["access-control-allow-origin"] == "*"
    assert len(renders) == 1


def test_cors_and_service_description(base):
    r = requests.get(base + "/sparql", headers={"Origin": "https://example.org"}, timeout=5)
    assert r.headers["access-control-allow-origin"] == "*"
    assert "sd:Service" in r.text


def test_bad_query_is_400(base):
    r = requests.get(base + "/sparql", params={"query": "SELEKT nothing"}, timeout=5)
    assert r.status_code == 400 and "Invalid SPARQL" in r.text


@pytest.mark.parametrize("accept,suffix,ctype", [
    ("text/turtle", ".ttl", "text/turtle"),
    ("application/ld+json", ".jsonld", "application/ld+json"),
    ("application/n-triples", ".nt", "application/n-triples"),
    ("text/html,application/xhtml+xml;q=0.9", ".html", "text/html"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", ".jsonld", "application/ld+json"),
])
def test_content_negotiation_303_to_the_document(base, accept, suffix, ctype):
    path = "/id/organization/example-body"
    r = requests.get(base + path, headers={"Accept": accept}, allow_redirects=False,
                     timeout=5)
    assert r.status_code == 303 and r.headers["location"] == path + suffix
    doc = requests.get(base + r.headers["location"], timeout=5)
    assert doc.status_code == 200 and doc.headers["content-type"].startswith(ctype)
    assert "example-body" in doc.text or "Example Regional Body" in doc.text


def test_turtle_document_holds_the_resource_triples(base):
    from rdflib import Graph, URIRef

    r = requests.get(base + "/id/organization/example-body", timeout=5,
                     headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(BODY), None, None) in g and len(g) >= 6


def test_unknown_resource_is_a_helpful_404(base):
    r = requests.get(base + "/id/organization/nope", timeout=5)
    assert r.status_code == 404 and "home page" in r.text


def test_negotiate_prefers_q_values_then_order():
    offers = ["text/html", "text/turtle"]
    assert negotiate("text/turtle;q=0.8, text/html", offers, "text/html") == "text/html"
    assert negotiate("*/*", offers, "text/turtle") == "text/html"
    assert negotiate("", offers, "text/turtle") == "text/turtle"


def test_resource_page_in_the_chosen_language(base):
    es = requests.get(base + "/id/organization/example-body.html?lang=es", timeout=5).text
    en = requests.get(base + "/id/organization/example-body.html", timeout=5).text
    assert "<h1>Organismo Regional de Ejemplo</h1>" in es and 'hreflang="fr"' in es
    assert "<h1>Example Regional Body</h1>" in en
