"""bench/serve.py runs (a smoke run at the smallest size): puentes and the references (the
Oxigraph server, nginx) answer the same lookups and pages, and the report has every row as a
ratio to its reference and every target with its status. No timing is asserted."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from puentes.paths import project_root

# slow: a benchmark of the real server
pytestmark = [pytest.mark.slow, pytest.mark.server]


@pytest.mark.skipif(shutil.which("wrk") is None or not Path("/usr/sbin/nginx").exists(),
                    reason="wrk and nginx are installed by the test setup")
def test_serve_benchmark_smoke_run(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_serve",
                                                  project_root() / "bench" / "serve.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    triples = bench.synthetic_store(tmp_path / "store", 3000)
    result = bench.run(tmp_path / "store", seconds=1, rounds=1, workers=1, pages=20)
    for kind in bench.KINDS:
        for server in ("puentes serve", bench.REFERENCE[kind]):
            assert result[kind][server]["rps"] > 0 and result[kind][server]["non_2xx"] == 0
        assert result[kind]["ratio"] > 0
    assert result["pages"] == 20 and result["first_rendering_ms"]["max"] > 0
    text = bench.report(result, triples, 1, 1, 1)
    assert text.count("| puentes serve |") == 5 and text.count("× |") == 10
    assert text.count(" met |") + text.count("**not met** |") == len(bench.TARGETS)
