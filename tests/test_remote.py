"""Pushing to a real Oxigraph server (from PyPI) through the Graph Store Protocol, and
querying it with `puentes query --endpoint` (SPARQLWrapper)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from servers import oxigraph_binary, oxigraph_server

from puentes.cli import cli
from puentes.errors import PuentesError
from puentes.namespaces import graph_iri
from puentes.paths import project_root
from puentes.query import find_query, run_saved_query
from puentes.store import store_from_files
from puentes.web.publish.remote import push_graphs

# slow: pushes graphs to a real Oxigraph server
pytestmark = [pytest.mark.slow, pytest.mark.server,
              pytest.mark.skipif(oxigraph_binary() is None, reason="pip install oxigraph")]
FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"


def test_push_makes_the_server_equal_to_the_embedded_store(tmp_path):
    store = store_from_files([FIXTURE])
    with oxigraph_server(tmp_path / "oxi") as base:
        pushed = push_graphs(store, base + "/store")
        assert pushed == store.graphs()
        pushed_again = push_graphs(store, base + "/store")  # replaced, not duplicated
        assert pushed_again == pushed
        for sid in store.graphs():
            # each graph read back through the Graph Store Protocol equals the local one
            r = requests.get(base + "/store", params={"graph": str(graph_iri(sid))},
                             headers={"Accept": "application/n-triples"}, timeout=30)
            assert r.status_code == 200
            remote = Graph().parse(data=r.text, format="nt")
            assert isomorphic(remote, store.graph(sid)), sid


def test_query_endpoint_answers_a_saved_query_like_the_embedded_store(tmp_path):
    store = store_from_files([FIXTURE])
    with oxigraph_server(tmp_path / "oxi") as base:
        push_graphs(store, base + "/store")
        # Oxigraph's default graph is its own; ask it to use the union of named graphs.
        endpoint = base + "/query?union-default-graph"
        local = run_saved_query(find_query("010"), store=store)
        remote = run_saved_query(find_query("010"), endpoint=endpoint)
        as_set = lambda r: {tuple(str(x[v]) for v in r.variables) for x in r.rows}  # noqa: E731
        assert as_set(remote) == as_set(local) and remote.rows
        out = CliRunner().invoke(cli, ["query", "010", "--endpoint", endpoint, "--format",
                                       "csv"])
        assert out.exit_code == 0 and "Example Regional Body" in out.output


def test_a_failing_server_gives_a_clear_error(tmp_path):
    store = store_from_files([FIXTURE])
    with pytest.raises(PuentesError) as err:
        push_graphs(store, "http://127.0.0.1:9/store", timeout=2)
    assert "cannot reach" in str(err.value)
    with oxigraph_server(tmp_path / "oxi") as base:
        with pytest.raises(PuentesError) as err:
            push_graphs(store, base + "/no-such-path")
        assert "Graph Store Protocol URL" in err.value.hint
    _ = ox
