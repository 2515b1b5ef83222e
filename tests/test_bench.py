"""The benchmark harness runs and reports every row (no timing assertions)."""

from __future__ import annotations

import importlib.util

from puentes.paths import project_root


def test_store_benchmark_reports_every_row():
    spec = importlib.util.spec_from_file_location("bench_run", project_root() / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rows = bench.run(2000)
    names = [r[0] for r in rows]
    assert names[:2] == ["parse Turtle", "load N-Triples into a store"]
    assert len(rows) == 6 and all(slow > 0 and fast > 0 for _, slow, fast in rows)
    text = bench.report(rows, 2000)
    assert text.count("×") == 6
