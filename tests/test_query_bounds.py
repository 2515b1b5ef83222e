"""``puentes query`` bounds local queries: a time limit (60 s by default for one's own query,
none for the saved questions unless asked) and a memory bound, enforced by running the query
in one of the server's query workers and stopping it; a stopped query exits 2 with a message
and a hint. Real slow and memory-hungry queries on small stores, no mocks."""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root
from puentes.store import GraphStore

FIXTURE = str(project_root() / "tests" / "fixtures" / "example-graph.ttl")
#: a product of three unrelated patterns: ~10^11 rows on the fixture with the model
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: every pair of triples, sorted: gigabytes before the first row comes out
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 5"


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["query", *args], input=stdin)


def test_a_slow_query_of_ones_own_is_stopped_with_a_hint():
    started = time.monotonic()
    out = run("-", FIXTURE, "--timeout", "1", stdin=SLOW)
    assert out.exit_code == 2, out.output
    assert "stopped after 1 s" in out.output and "--timeout SECONDS" in out.output
    assert time.monotonic() - started < 60  # stopped, not finished (it takes hours)


def test_a_slow_query_on_a_built_store_is_stopped(tmp_path: Path):
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph("example", _as_nt(FIXTURE))
    store.close()
    rq = tmp_path / "slow.rq"
    rq.write_text(SLOW, encoding="utf-8")
    out = run(str(rq), "--store", str(tmp_path / "store"), "--timeout", "1")
    assert out.exit_code == 2, out.output
    assert "ran past the time limit" in out.output


def test_a_query_past_the_memory_bound_is_stopped_with_a_hint():
    out = run("-", FIXTURE, "--timeout", "120", "--memory", "256", stdin=HUNGRY)
    assert out.exit_code == 2, out.output
    assert "memory bound of 256 MB" in out.output and "--memory MB" in out.output


def test_a_bounded_query_gives_the_same_rows_and_errors_as_without():
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"
    bounded = run("-", FIXTURE, "--format", "csv", "--timeout", "30", stdin=query)
    free = run("-", FIXTURE, "--format", "csv", "--timeout", "0", stdin=query)
    assert bounded.exit_code == free.exit_code == 0, bounded.output + free.output
    assert bounded.output == free.output and int(bounded.output.splitlines()[1]) > 0
    text = "SELECT * WHERE {\n  ?s ?p\n}"
    broken = run("-", FIXTURE, "--timeout", "30", stdin=text)
    assert broken.exit_code == 2 and "not valid SPARQL: error at 3:" in broken.output
    # the same message, the same line and column in the text as written
    assert broken.output == run("-", FIXTURE, "--timeout", "0", stdin=text).output


def test_a_saved_question_runs_without_a_limit_unless_asked():
    out = run("010", FIXTURE, "--format", "csv")
    assert out.exit_code == 0, out.output
    limited = run("010", FIXTURE, "--format", "csv", "--timeout", "30")
    assert limited.exit_code == 0 and limited.output == out.output


def _as_nt(path: str) -> str:
    from rdflib import Graph

    return Graph().parse(path).serialize(format="nt")
