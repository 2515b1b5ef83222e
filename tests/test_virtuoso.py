"""The scale path on a second real store (issue 11 §3): a private Virtuoso from Debian
(``virtuoso-opensource``, started by tests/virtuoso.py on 127.0.0.1) takes `puentes publish
--endpoint` through its Graph Store Protocol with HTTP Digest and its SPARQL Update endpoint;
the graphs read back are isomorphic to the embedded store's, and every saved question answers
`puentes query --endpoint` exactly as on the embedded store."""

from __future__ import annotations

import json

import pytest
import requests
import yaml
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from virtuoso import PASSWORD, USER, virtuoso_binary, virtuoso_server

from puentes.cli import cli
from puentes.model import load_model_graph
from puentes.namespaces import graph_iri
from puentes.paths import project_root
from puentes.query import SavedQuery, saved_queries
from puentes.rdfio import parse_file
from puentes.store import STAGING_PREFIX, GraphStore

# slow: every saved query on a real Virtuoso
pytestmark = [pytest.mark.slow, pytest.mark.server,
              pytest.mark.skipif(virtuoso_binary() is None,
                                 reason="Virtuoso is not installed: apt-get install "
                                        "virtuoso-opensource (scripts/install-system-deps.sh)")]
ROOT = project_root()
FIXTURE = ROOT / "tests" / "fixtures" / "example-graph.ttl"
PARAMS = yaml.safe_load((ROOT / "tests" / "fixtures" / "example-graph.params.yaml").read_text())


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    """An embedded store on disk: the model and the example graph, as `puentes build` makes
    them (a graph per source)."""
    path = tmp_path_factory.mktemp("store") / "store"
    store = GraphStore.open(path)
    store.replace_graph("ontology", load_model_graph())
    store.replace_graph("example", parse_file(FIXTURE))
    store.close()
    return path


@pytest.fixture(scope="module")
def published(store_path, tmp_path_factory):
    """A private Virtuoso the store was published to with `puentes publish --endpoint`."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PUENTES_ENDPOINT_USER", USER)
            mp.setenv("PUENTES_ENDPOINT_PASSWORD", PASSWORD)
            for _ in range(2):  # the second push replaces the graphs, it does not add to them
                out = CliRunner().invoke(cli, ["publish", "--store", str(store_path),
                                               "--endpoint", server.gsp])
                assert out.exit_code == 0, out.output
        assert "Published 2 graph(s)" in out.output and PASSWORD not in out.output
        yield server


def test_published_graphs_are_isomorphic_to_the_embedded_store(store_path, published):
    store = GraphStore.open(store_path, read_only=True)
    try:
        for sid, n in store.graphs().items():
            r = requests.get(published.base + "/sparql-graph-crud",
                             params={"graph": str(graph_iri(sid))},
                             headers={"Accept": "application/n-triples"}, timeout=60)
            assert r.status_code == 200, (sid, r.status_code)
            remote = Graph().parse(data=r.text, format="nt")
            assert len(remote) == n and isomorphic(remote, store.graph(sid)), sid
    finally:
        store.close()
    names = published.graph_names()
    assert {str(graph_iri(s)) for s in ("ontology", "example")} <= names
    assert not [g for g in names if g.startswith(STAGING_PREFIX)], "staging graphs left"


def _answers(args: list[str], fmt: str) -> str:
    out = CliRunner().invoke(cli, ["query", *args, "--format", fmt])
    assert out.exit_code == 0, out.output
    return out.output


def _runs(query: SavedQuery) -> list[list[str]]:
    """The query's parameters as the expected answers use them, and its defaults (unless a
    parameter is required)."""
    given = [arg for name, value in PARAMS.get(query.number, {}).items()
             for arg in ("--param", f"{name}={value}")]
    required = any(p.required for p in query.parameters)
    return [given] if required or not given else [given, []]


#: Saved questions Virtuoso 7.2 (Debian) does not answer as the standard says, each with
#: what it does; strict xfail: the test says so the day they pass (docs/scaling.md).
VIRTUOSO_DIVERGES = {
    "208_body-members-sdg871": "the data sets' labels (dcterms:title beside rdfs:label) come "
                               "back without the label column from Virtuoso",
}


def _divergence(query):  # noqa: ANN001, ANN202
    reason = VIRTUOSO_DIVERGES.get(query.name)
    return pytest.param(query, id=query.name,
                        marks=[pytest.mark.xfail(reason=reason, strict=True)] if reason else [])


@pytest.mark.parametrize("query", [_divergence(q) for q in saved_queries()])
def test_every_saved_question_answers_the_same_through_query_endpoint(query, store_path,
                                                                      published):
    """The same rows in the same order, the same labels (CSV) and the same RDF terms (SPARQL
    JSON results), with the parameters of the expected answers and with the defaults."""
    for params in _runs(query):
        local = ["--store", str(store_path)]
        remote = ["--endpoint", published.sparql]
        csv_local = _answers([query.number, *params, *local], "csv")
        assert csv_local.count("\n") > 1 or params == [], "no rows: the test proves nothing"
        assert _answers([query.number, *params, *remote], "csv") == csv_local
        terms_local = json.loads(_answers([query.number, *params, *local], "json"))
        terms_remote = json.loads(_answers([query.number, *params, *remote], "json"))
        assert terms_remote["results"]["bindings"] == terms_local["results"]["bindings"]


def test_a_wrong_password_is_refused_clearly_and_never_shown(store_path, published,
                                                             monkeypatch):
    monkeypatch.setenv("PUENTES_ENDPOINT_USER", USER)
    monkeypatch.setenv("PUENTES_ENDPOINT_PASSWORD", "pw-Wrong-5120")
    out = CliRunner().invoke(cli, ["publish", "--store", str(store_path), "--endpoint",
                                   published.gsp])
    assert out.exit_code == 2 and "refused the write (401)" in out.output, out.output
    assert "pw-Wrong-5120" not in out.output and "Published: none" in out.output
    # Basic asked for where the server wants Digest: the message says what to set
    monkeypatch.setenv("PUENTES_ENDPOINT_PASSWORD", PASSWORD)
    monkeypatch.setenv("PUENTES_ENDPOINT_AUTH", "basic")
    out = CliRunner().invoke(cli, ["publish", "--store", str(store_path), "--endpoint",
                                   published.gsp])
    assert out.exit_code == 2 and "PUENTES_ENDPOINT_AUTH=digest" in out.output, out.output
    assert PASSWORD not in out.output
