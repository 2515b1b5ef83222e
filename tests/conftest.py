"""Session hooks: a browser or load test is always a slow one (the layers of tests/README.md);
the W3C SHACL Core suite's counts printed at the end of every run that ran
tests/test_w3c_shacl.py (with pytest-xdist, each worker sends its counts to the controller).
Shared fixtures: ``example_store``, a store folder holding the example graph."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

EXAMPLE_GRAPH = Path(__file__).parent / "fixtures" / "example-graph.ttl"


@pytest.fixture(scope="module")
def example_store(tmp_path_factory) -> Path:
    """A store folder (closed again, so that a test may open it read-only or hand it to a
    command) whose ``registry`` graph is ``fixtures/example-graph.ttl``, with its state."""
    from rdflib import Graph

    from puentes.store import GraphStore, SourceState

    path = tmp_path_factory.mktemp("store") / "store"
    gs = GraphStore.open(path)
    g = Graph().parse(EXAMPLE_GRAPH)
    gs.replace_graph("registry", g, SourceState("registry", "t", "2026-01-01T00:00:00+00:00",
                                                len(g)))
    gs.close()
    return path

_MERGED: dict[str, dict[str, list[str]]] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every ``browser`` and ``load`` test ``slow`` as well, so that
    ``pytest -m "not slow"`` leaves them out without each file repeating it."""
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("load"):
            item.add_marker(pytest.mark.slow)


def _merge(counts: dict) -> None:
    for way, outcomes in counts.items():
        for outcome, ids in outcomes.items():
            _MERGED.setdefault(way, {}).setdefault(outcome, []).extend(ids)


def pytest_sessionfinish(session: pytest.Session) -> None:
    module = sys.modules.get("w3c_shacl")  # loaded only when the suite's tests were
    if module is None:
        return
    COUNTS = module.COUNTS  # noqa: N806 - the module's constant
    if hasattr(session.config, "workeroutput"):  # an xdist worker
        session.config.workeroutput["w3c_shacl"] = json.dumps(COUNTS)
    else:
        _merge(COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ANN001 - xdist's hook
    _merge(json.loads(getattr(node, "workeroutput", {}).get("w3c_shacl", "{}")))


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    if not _MERGED:
        return
    tr = terminalreporter
    tr.section("W3C SHACL Core test suite (tests/w3c/shacl-core)")
    names = {"build": "build path (validate_graph, pyshacl fallback)",
             "own": "own engine, no fallback"}
    for way in ("build", "own"):
        outcomes = _MERGED.get(way, {})
        total = sum(len(v) for v in outcomes.values())
        if not total:
            continue
        parts = ", ".join(f"{k} {len(v)}" for k, v in sorted(outcomes.items()))
        tr.write_line(f"{names[way]}: {len(outcomes.get('passed', []))}/{total} passed ({parts})")
        for k, ids in sorted(outcomes.items()):
            if k != "passed":
                tr.write_line(f"    {k}: {', '.join(sorted(ids))}")
