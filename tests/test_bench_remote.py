"""The push benchmark (bench/remote.py) runs on a tiny graph so that it cannot rot: every way
is measured (each push checked by the benchmark itself: the triples per graph on the server
equal the store's) and reported as a ratio to the reference. No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from servers import oxigraph_binary
from virtuoso import virtuoso_binary

from puentes.paths import project_root

# slow: a benchmark against real Oxigraph and Virtuoso servers
pytestmark = [pytest.mark.slow, pytest.mark.server,
              pytest.mark.skipif(oxigraph_binary() is None or virtuoso_binary() is None,
                                 reason="needs the Oxigraph server (pip install oxigraph) and "
                                        "Virtuoso (apt-get install virtuoso-opensource)")]


def test_the_push_benchmark_measures_every_way_against_its_reference(tmp_path):
    out = subprocess.run([sys.executable, str(project_root() / "bench" / "remote.py"),
                          "--triples", "2000", "--runs", "1", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=240, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    [data] = tmp_path.glob("*-remote.json")
    result = json.loads(data.read_text())
    ways = [(r["store"], r["way"]) for r in result["rows"]]
    assert [s for s, _ in ways] == ["embedded"] + ["Oxigraph server"] * 3 + ["Virtuoso"] * 3
    assert result["rows"][0]["ratio"] == 1.0 and all(r["seconds"] > 0 for r in result["rows"])
    assert sum(result["graphs"].values()) == result["triples"] >= 2000
    text = data.with_suffix(".md").read_text()
    assert all(f"| {store} | {way} |" in text for store, way in ways)
    assert set(result["lookups"]) == {"oxigraph", "virtuoso"}
