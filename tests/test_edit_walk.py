"""The edit's walk (issue 19, docs/pipeline.md): a registry edit is mapped, its new graph
parsed once and compared with the store once; it is validated, its cross-record checks run
over the new graph and only the graphs of the store they read (not a copy of the whole
store), and the store changes by that one difference. The counts are the build's own
(``puentes build --json``: ``work`` per source, ``check_graphs``), not a mock's; an edit that
fails leaves the store as it was, to the byte."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from catalogues import registry_home
from click.testing import CliRunner

from puentes.cli import cli
from puentes.store import GraphStore

pytestmark = pytest.mark.slow  # real builds of the model, countries and registry

#: a graph no cross-record check reads (its one predicate is in no check)
UNREAD = "<urn:x:a> <urn:x:unread> <urn:x:b> .\n"
#: a source in RDF that a cross-record check reads (overlapping-membership): two lines of one
#: membership, the second starting in the year given
ORG, SCHEMA = "http://www.w3.org/ns/org#", "http://schema.org/"
MEMBERSHIPS = "".join(
    f"<urn:x:{m}> <{ORG}member> <urn:x:country> ; <{ORG}organization> <urn:x:body> ; "
    f"<{ORG}role> <urn:x:member> ; <{SCHEMA}startDate> \"{start}\"{end} .\n"
    for m, start, end in (("m1", "2000", f' ; <{SCHEMA}endDate> "2005"'), ("m2", "%s", "")))


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("walk")
    (tmp / "notes").mkdir()
    (tmp / "notes" / "memberships.ttl").write_text(MEMBERSHIPS % "2010", encoding="utf-8")
    registry, catalogue = registry_home(tmp, {"notes": {
        "title": "notes", "kind": "curated-registry", "location": str(tmp / "notes"),
        "licence": "CC0", "publisher": "me", "mapper": "rdf-files"}})
    first = _build(tmp, catalogue)
    assert first["exit_code"] == 0, first
    return tmp, registry, catalogue, first


def _build(tmp: Path, catalogue: Path) -> dict:
    result = CliRunner().invoke(cli, ["build", "--store", str(tmp / "store"), "--catalogue",
                                      str(catalogue), "--no-quality", "--json"])
    return json.loads(result.stdout)


def _source(summary: dict, sid: str) -> dict:
    return next(s for s in summary["sources"] if s["id"] == sid)


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def _snapshot(store_path: Path) -> bytes:
    """Every quad of the store, the build state included, in a stable order."""
    store = GraphStore.open(store_path)
    lines = sorted(str(q) for q in store.store)
    store.close()
    return "\n".join(lines).encode()


def test_a_new_graph_is_parsed_once_and_compared_once(home):
    _tmp, _registry, _catalogue, first = home
    for sid in ("ontology", "countries", "registry", "notes"):
        assert _source(first, sid)["work"] == {"parsed": 1, "diffed": 1}, sid


def test_a_registry_edit_parses_once_diffs_once_and_copies_only_what_the_checks_read(home):
    tmp, registry, catalogue, _first = home
    store = GraphStore.open(tmp / "store")
    store.replace_graph("unread", UNREAD)  # outside the build: every check runs again
    total = store.count()
    store.close()
    # A start date: a fact the cross-record checks on dates read.
    _edit(registry / "initiatives.yaml", "  start: 2020\n", "  start: 2019\n")
    summary = _build(tmp, catalogue)
    assert summary["exit_code"] == 0, summary
    assert _source(summary, "registry")["status"] == "loaded"
    assert _source(summary, "registry")["work"] == {"parsed": 1, "diffed": 1}
    for sid in ("ontology", "countries", "notes"):  # unchanged: not even parsed
        assert _source(summary, sid)["work"] == {"parsed": 0, "diffed": 0}
    assert "date-order-violation" in summary["checks_run"]
    # The checks saw the model and the countries (they read them), not the unread graph,
    # and less than the store holds: the rest of the store was not copied.
    assert "unread" not in summary["check_graphs"]
    assert {"ontology", "countries"} <= set(summary["check_graphs"])
    assert 0 < summary["check_copied"] < total


def test_an_edit_that_fails_leaves_the_store_untouched(home):
    tmp, _registry, catalogue, _first = home
    before = _snapshot(tmp / "store")
    # Two lines of one membership that overlap: the graph is mapped, parsed, compared and
    # validated (it conforms), then refused by the cross-record check.
    path = tmp / "notes" / "memberships.ttl"
    path.write_text(MEMBERSHIPS % "2003", encoding="utf-8")
    try:
        summary = _build(tmp, catalogue)
    finally:
        path.write_text(MEMBERSHIPS % "2010", encoding="utf-8")
    assert summary["exit_code"] == 1 and summary["quarantined"] == ["notes"], summary
    assert [f["check"] for f in summary["check_failures"]] == ["overlapping-membership"]
    assert _source(summary, "notes")["work"] == {"parsed": 1, "diffed": 1}
    assert _snapshot(tmp / "store") == before
    # and nothing was left staged: the store holds its graphs and its build state only
    store = GraphStore.open(tmp / "store")
    names = {g.value for g in store.store.named_graphs() if isinstance(g, ox.NamedNode)}
    store.close()
    assert not any("/_staging/" in n for n in names), names
