"""The benchmark suite (bench/run.py) runs end to end at its smallest size, so that it cannot
rot: every stage is measured and reported, every target gets a status. No time is asserted
(machines differ; the suite reports ratios, never thresholds)."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from puentes.paths import project_root

pytestmark = pytest.mark.slow  # the benchmark suite at its smallest size


def _load(name: str):  # noqa: ANN202 - a module loaded from a file
    path = project_root() / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_generator_is_seeded_and_writes_a_project(tmp_path):
    gen = _load("generate")
    a = gen.generate(2_000, tmp_path / "a")
    b = gen.generate(2_000, tmp_path / "b")
    assert a == b
    for rel in ("data/registry/initiatives.yaml", "data/raw/ilostat/SDG_A871_SEX_AGE_RT.csv"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    assert (tmp_path / "a/data/sources.yaml").is_file() and (tmp_path / "a/shapes").exists()


def test_the_suite_runs_every_stage_at_the_smallest_size(tmp_path):
    run = _load("run")
    result = run.suite("2k", 1, tmp_path / "work", {"jena", "pyshacl", "publish", "real"},
                       say=lambda _msg: None)
    figures = result["figures"]
    for name in ("build (map + validate + checks + load)", "no-op rebuild (CLI)",
                 "edit one registry record, rebuild (CLI)",
                 "map (all sources, with N-Triples serialisation)",
                 "dumps (publish's dumps.write_dumps)",
                 "validate (the build's way)", "cross-record checks",
                 "load (replace_graph, all graphs)", "pyoxigraph bulk_load (reference)",
                 "quality report", "parse Turtle dump: pyoxigraph", "query 001", "query 101"):
        assert figures[name]["seconds"] is not None and figures[name]["seconds"] >= 0, name
    assert result["triples"] > 1_000
    assert {t["status"] for t in result["targets"]} <= {"holds", "MISSED", "not measured"}
    text = run.to_markdown(result)
    assert "| load (replace_graph, all graphs) |" in text and "## Targets" in text
    assert json.loads(json.dumps(result))["size"] == "2k"
