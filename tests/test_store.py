"""The embedded store: atomic replacement of a source graph, crash safety, build state."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from rdflib import Graph, Literal, URIRef

from puentes.errors import StoreError
from puentes.store import STAGING_PREFIX, GraphStore, SourceState

EX = "http://example.org/"


def _graph(n: int, tag: str) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), Literal(f"{tag} {i}")))
    return g


def test_replace_graph_swaps_whole_graph_and_records_state(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    assert store.replace_graph("a", _graph(5, "v1"), SourceState("a", "fp1", "t1", 5)) == 5
    assert store.replace_graph("b", _graph(3, "b"), SourceState("b", "fpb", "t1", 3)) == 3
    assert store.replace_graph("a", _graph(2, "v2"), SourceState("a", "fp2", "t2", 2)) == 2
    assert store.graphs() == {"a": 2, "b": 3}
    assert store.states()["a"].fingerprint == "fp2"
    values = sorted(r["o"].value for r in store.query(
        "SELECT ?o WHERE { GRAPH <https://w3id.org/puentes/graph/a> { ?s ?p ?o } }"))
    assert values == ["v2 0", "v2 1"]


def test_queries_see_source_graphs_only_not_build_state(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph("a", _graph(1, "x"), SourceState("a", "fp", "t", 1))
    rows = list(store.query("SELECT ?o WHERE { ?s ?p ?o }"))
    assert [r["o"].value for r in rows] == ["x 0"]


def test_invalid_input_leaves_previous_graph(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph("a", _graph(4, "good"), SourceState("a", "fp", "t", 4))
    with pytest.raises(SyntaxError):
        store.replace_graph("a", "<http://example.org/x> <broken", SourceState("a", "x", "t", 1))
    assert store.graphs() == {"a": 4}
    assert store.states()["a"].fingerprint == "fp"


def test_crash_mid_load_leaves_previous_graph_intact(tmp_path):
    """A process killed after staging the new graph, before the swap, changes nothing."""
    path = tmp_path / "store"
    store = GraphStore.open(path)
    store.replace_graph("a", _graph(3, "old"), SourceState("a", "old", "t", 3))
    store.close()
    script = textwrap.dedent(f"""
        import os, pyoxigraph as ox
        s = ox.Store({str(path)!r})
        data = b"".join(b'<{EX}n%d> <{EX}p> "new" .\\n' % i for i in range(1000))
        s.load(data, format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode({STAGING_PREFIX!r} + "a"))
        s.flush()
        os._exit(9)   # dies before the MOVE that would publish the new graph
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == 9, proc.stderr.decode()
    store = GraphStore.open(path)  # opening removes the orphan staging graph
    assert store.graphs() == {"a": 3}
    assert store.states()["a"].fingerprint == "old"
    assert not any(g.value.startswith(STAGING_PREFIX) for g in store.store.named_graphs())


def test_empty_graph_clears_source(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph("a", _graph(2, "x"))
    store.replace_graph("a", Graph(), SourceState("a", "empty", "t", 0))
    assert store.graphs() == {}
    assert store.states()["a"].triples == 0


def test_read_only_store_must_exist(tmp_path):
    with pytest.raises(StoreError) as err:
        GraphStore.open(tmp_path / "missing", read_only=True)
    assert "puentes build" in str(err.value)


def test_second_writer_gets_a_clear_error(tmp_path):
    first = GraphStore.open(tmp_path / "store")
    assert GraphStore.open(tmp_path / "store") is first  # same process: the same store
    script = ("from puentes.store import GraphStore\n"
              f"GraphStore.open({str(tmp_path / 'store')!r})\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "another puentes process" in proc.stderr


def test_export_and_dataset_roundtrip(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph("a", _graph(3, "x"))
    ds = store.dataset()
    assert len(ds) == 3
    assert len(store.graph("a")) == 3
    assert store.export().count(b"\n") == 3
