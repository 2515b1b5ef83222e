"""bench/serve.py runs (a smoke run at the smallest size): both servers answer the same lookups
and the report has every row as a ratio to the Oxigraph server. No timing is asserted."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest

from puentes.paths import project_root

pytestmark = pytest.mark.server


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is installed by the test setup")
def test_serve_benchmark_smoke_run(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_serve",
                                                  project_root() / "bench" / "serve.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    triples = bench.synthetic_store(tmp_path / "store", 3000)
    result = bench.run(tmp_path / "store", seconds=1, rounds=1, workers=1)
    for kind in bench.KINDS:
        for server in ("puentes serve", "Oxigraph server"):
            assert result[kind][server]["rps"] > 0 and result[kind][server]["non_2xx"] == 0
        assert result[kind]["ratio"] > 0
    text = bench.report(result, triples, 1, 1, 1)
    assert text.count("| puentes serve |") == 2 and text.count("×") == 4
