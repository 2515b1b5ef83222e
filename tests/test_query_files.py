"""Every saved query is also a plain ``.rq`` beside its ``.ttl`` (issue 13), generated and
current, and runs as it is in an outside SPARQL engine (Oxigraph, with no puentes code
adding prefixes or binding parameters)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from puentes.paths import project_root, queries_dir
from puentes.query import saved_queries
from puentes.query.plain import rq_text

QUERIES = saved_queries()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_the_rq_file_is_current(query):
    rq = query.path.with_suffix(".rq")
    assert rq.is_file(), f"missing {rq.name}: run `python -m puentes.query.plain`"
    assert rq.read_text(encoding="utf-8") == rq_text(query), (
        f"{rq.name} is out of date: run `python -m puentes.query.plain`")


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_the_rq_file_runs_as_it_is_on_the_example_graph(query):
    store = ox.Store()
    store.load(path=str(project_root() / "tests/fixtures/example-graph.ttl"),
               format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    text = query.path.with_suffix(".rq").read_text(encoding="utf-8")
    required = [p.name for p in query.parameters if p.required]
    result = store.query(text)  # a syntax error or an unknown prefix raises here
    assert list(result.variables), query.name
    if not required:
        list(result)


def test_no_rq_file_without_its_saved_query():
    stems = {q.path.stem for q in QUERIES}
    orphans = [p.name for p in queries_dir().glob("[0-9][0-9][0-9]_*.rq") if p.stem not in stems]
    assert not orphans, f"remove {orphans}: their .ttl is gone"
