"""The store benchmark (bench/store.py) runs on a tiny graph and reports every row, each as a
ratio to its reference engine. No timing is asserted: only that it runs and reports."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from puentes.paths import project_root

pytestmark = pytest.mark.slow  # a benchmark smoke run


def _bench():  # noqa: ANN202 - a module loaded from a file
    spec = importlib.util.spec_from_file_location("bench_store",
                                                  project_root() / "bench" / "store.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_store_benchmark_reports_every_row():
    bench = _bench()
    result = bench.run(2000, repeat=1)
    assert 1900 <= result.triples <= 2100
    assert [(m.work, m.engine) for m in result.rows] == list(bench.ROWS)
    assert all(m.seconds > 0 and m.ratio > 0 for m in result.rows)
    for work, ref in bench.REFERENCE_ROW.items():  # the reference of each work is 1.0×
        assert [m.ratio for m in result.rows if (m.work, m.engine) == (work, ref)] == [1.0]
    text = bench.report(result)
    for work, engine in bench.ROWS:
        assert f"| {work} | {engine}" in text
    assert text.count("×") == len(bench.ROWS) + 2  # the rows and the two in the legend
    works = {w for w, _ in bench.ROWS}
    assert {"parse Turtle", "load N-Triples", "serialise Turtle"} <= works
    assert {f"query: {q}" for q in ("group-by count", "3-join path", "NOT EXISTS")} <= works


def test_the_synthetic_graph_is_deterministic():
    bench = _bench()
    assert bench.synthetic(3000) == bench.synthetic(3000)
    assert bench.synthetic(3000, seed=1) != bench.synthetic(3000)


def _queries_bench():  # noqa: ANN202 - a module loaded from a file
    spec = importlib.util.spec_from_file_location("bench_queries",
                                                  project_root() / "bench" / "queries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_queries_benchmark_times_every_saved_query_and_writes_its_answer(tmp_path):
    """bench/queries.py on the example graph: a row per saved query with its ratio to the
    100 ms target, and each answer written as CSV (to compare two versions of the queries)."""
    from puentes.query import saved_queries
    from puentes.store import store_from_files

    bench = _queries_bench()
    store = store_from_files([project_root() / "tests" / "fixtures" / "example-graph.ttl"])
    figures = bench.time_queries(store, runs=1, answers=tmp_path)
    numbers = [q.number for q in saved_queries()]
    assert list(figures) == numbers
    assert all(v["seconds"] > 0 for v in figures.values())
    text = bench.report(figures, triples=1, runs=1)
    assert bench.target_for(1_000_000) == 1.0 and bench.target_for(164_000) == 0.1
    for q in saved_queries():
        assert f"| {q.number} {q.slug} | {figures[q.number]['rows']:,} |" in text
    assert text.count("× |") == len(numbers)
    assert all(v["cpu"] > 0 for v in figures.values())
    header = (tmp_path / "010.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "body,country,convention,gap"
    only = bench.time_queries(store, runs=1, only={"203"})
    assert list(only) == ["203"] and only["203"]["rows"] == 4


@pytest.mark.parametrize("script", sorted((project_root() / "bench").glob("*.py")),
                         ids=lambda p: p.name)
def test_every_bench_script_answers_help_with_an_example_and_runs_nothing(script, tmp_path):
    """`--help` prints usage with an example and exits at once: it measures nothing and
    writes no results file (bench/validation.py used to run its whole benchmark)."""
    before = sorted((project_root() / "bench" / "results").iterdir())
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-1000:]
    assert "usage:" in done.stdout and "example" in done.stdout.lower(), done.stdout
    assert sorted((project_root() / "bench" / "results").iterdir()) == before
