"""The embedded store: atomic replacement of a source graph, crash safety, build state."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from rdflib import BNode, Graph, Literal, URIRef

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


@pytest.mark.slow  # waits out the writer's lock
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


def test_crash_during_bulk_load_of_a_new_graph_hides_it(tmp_path):
    """A process killed while bulk-loading a graph new to the store: readers never see the
    partial graph, and the next writer removes it."""
    path = tmp_path / "store"
    store = GraphStore.open(path)
    store.replace_graph("a", _graph(3, "old"), SourceState("a", "old", "t", 3))
    store.close()
    script = textwrap.dedent(f"""
        import os
        import puentes.store
        from puentes.store import GraphStore
        puentes.store._SMALL_LOAD = 0  # take the bulk path even for this small graph
        s = GraphStore.open({str(path)!r})
        class Dying:  # the bulk load of graph b dies after 500 of its 1000 triples
            def __getattr__(self, name): return getattr(real, name)
            def bulk_load(self, data, **kw):
                real.bulk_load(b"".join(data.splitlines(True)[:500]), **kw)
                real.flush(); os._exit(9)
        real, s.store = s.store, Dying()
        data = "".join('<{EX}n%d> <{EX}p> "new" .\\n' % i for i in range(1000))
        s.replace_graph("b", data)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == 9, proc.stderr.decode()
    reader = GraphStore.open(path, read_only=True)
    assert len(list(reader.store.quads_for_pattern(None, None, None, None))) > 500  # partial
    assert reader.source_ids() == ["a"]  # … but invisible
    assert [r["n"].value for r in reader.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")] == ["3"]
    reader.close()
    store = GraphStore.open(path)  # the next writer drops the partial graph
    assert store.graphs() == {"a": 3}
    assert len(list(store.store.quads_for_pattern(None, None, None, None))) == 3 + 1


def test_replace_graph_applies_the_difference(tmp_path):
    """Replacing a graph leaves exactly the new triples, odd literals included."""
    store = GraphStore.open(tmp_path / "store")
    g1 = _graph(5, "v1")
    g1.add((URIRef(f"{EX}odd"), URIRef(f"{EX}p"), Literal('quote " tab\t nl\n é \u0001',
                                                           lang="es")))
    store.replace_graph("a", g1, SourceState("a", "1", "t", 6))
    g2 = _graph(3, "v1") + _graph(4, "v2")
    g2.add((URIRef(f"{EX}odd"), URIRef(f"{EX}p"), Literal('quote " tab\t nl\n é \u0001',
                                                           lang="es")))
    assert store.replace_graph("a", g2, SourceState("a", "2", "t", 8)) == 8
    assert store.graph("a").isomorphic(g2)
    assert store.states()["a"].fingerprint == "2"


@pytest.mark.parametrize("small_load", [0, 2_000_000], ids=["bulk", "transaction"])
def test_bad_data_for_a_new_graph_leaves_nothing(tmp_path, monkeypatch, small_load):
    import puentes.store

    monkeypatch.setattr(puentes.store, "_SMALL_LOAD", small_load)
    store = GraphStore.open(tmp_path / "store")
    with pytest.raises(SyntaxError):
        store.replace_graph("b", f'<{EX}x> <{EX}p> "ok" .\n<{EX}x> <broken')
    assert store.source_ids() == []
    assert list(store.store.quads_for_pattern(None, None, None, None)) == []


@pytest.mark.parametrize("small", [0, 20_000], ids=["bulk", "transaction"])
def test_apply_change_swaps_in_the_difference_it_is_given(tmp_path, monkeypatch, small):
    """The build's load: the triples parsed once and their difference with the store, applied
    as they are — a new graph loaded whole (hidden while bulk-loaded), an edit by its
    difference, a graph with blank nodes replaced whole — each with the state."""
    from puentes.build.changes import graph_change, parse_triples

    monkeypatch.setattr("puentes.store._SMALL_TRIPLES", small)
    store = GraphStore.open(tmp_path / "store")
    for version, g in enumerate((_graph(5, "v1"), _graph(3, "v1") + _graph(4, "v2"))):
        nt = g.serialize(format="nt", encoding="utf-8")
        triples = parse_triples(nt)
        change = graph_change(store, "a", triples)
        assert change.new_graph == (version == 0)
        assert store.apply_change("a", triples, change.added, change.removed,
                                  SourceState("a", str(version), "t", len(g))) == len(g)
        assert store.graph("a").isomorphic(g) and store.states()["a"].fingerprint == str(version)
    assert store.source_ids() == ["a"]  # no loading mark left
    blank = _graph(2, "b")
    blank.add((BNode(), URIRef(f"{EX}p"), Literal("x")))
    triples = parse_triples(blank.serialize(format="nt", encoding="utf-8"))
    change = graph_change(store, "a", triples, blank=True)
    assert not change.exact
    store.apply_change("a", triples, change.added, change.removed)
    assert store.graph("a").isomorphic(blank)
