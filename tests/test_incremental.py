"""A rebuild costs what the change costs (issue 11): editing one registry record validates
again only the records the change can affect and runs only the cross-record checks that read
what changed — and gives the same store, verdict and quality report as a build from scratch."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from catalogues import registry_home
from rdflib import Graph
from rdflib.compare import isomorphic

from puentes.build.changes import shapes_reach
from puentes.build.loop import build
from puentes.build.report.quality import question_status, write_quality_report
from puentes.check.checks import affected_by, check_files, check_reads
from puentes.check.shapes import load_shapes_graph
from puentes.namespaces import graph_iri
from puentes.store import GraphStore

CHECKS = {p.stem for p in check_files()}




@pytest.fixture(scope="module")
def home(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("incremental")
    registry, catalogue = registry_home(tmp)
    first = build(store_path=tmp / "store", catalogue_path=catalogue)
    assert first.exit_code == 0, [(r.source_id, r.messages) for r in first.results]
    write_quality_report(first)  # beside the store, as `puentes build` does
    return tmp, registry, catalogue, first


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _without_runs(store: GraphStore, source_id: str) -> set:
    """The graph of a source, less its build's run record (times and run IRIs differ)."""
    quads = store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(source_id)))
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads
            if "/id/run/" not in str(q.subject) + str(q.object)}


def _report(report, folder: Path | None = None) -> str:  # noqa: ANN001
    md = write_quality_report(report, folder)[0].read_text(encoding="utf-8")
    return "\n".join(line for line in md.splitlines() if not line.startswith("Built "))


@pytest.mark.slow  # real builds of the small registry
def test_editing_records_revalidates_and_rechecks_only_what_they_affect(home, tmp_path):
    tmp, registry, catalogue, first = home
    before = first.result("registry")
    # One Warning more (an initiative without a status) and one description changed.
    _edit(registry / "initiatives.yaml", "  status: active\n", "")
    _edit(registry / "commitments.yaml", 'all its forms."', 'all its forms, as agreed."')
    events = []
    again = build(store_path=tmp / "store", catalogue_path=catalogue, progress=events.append)
    assert again.exit_code == 0
    assert {r.source_id: r.status for r in again.results} == {
        "ontology": "unchanged", "countries": "unchanged", "registry": "loaded"}
    registry_result = again.result("registry")
    subjects = len({s for s, _p, _o in _without_runs(again.store, "registry")})
    assert 0 < registry_result.revalidated < subjects / 10
    assert registry_result.warnings == before.warnings + 1
    # Nothing a cross-record check reads changed: every check is skipped.
    assert again.checks_run == [] and set(again.checks_skipped) == CHECKS
    assert [e.stage for e in events if e.source_id == "*"] == ["start", "checking"]

    # From scratch, with the same files: the same graph, verdict and quality report.
    scratch = build(store_path=tmp_path / "store", catalogue_path=catalogue)
    assert scratch.result("registry").revalidated is None
    assert set(scratch.checks_run) == CHECKS
    fresh = scratch.result("registry")
    assert (fresh.warnings, fresh.warnings_by_shape, fresh.violations) == (
        registry_result.warnings, registry_result.warnings_by_shape, 0)
    for sid in ("countries", "registry"):
        assert _without_runs(again.store, sid) == _without_runs(scratch.store, sid), sid
    model = [Graph(), Graph()]
    for g, store in zip(model, (again.store, scratch.store), strict=True):
        for t in store.graph("ontology"):
            if "/id/run/" not in str(t[0]) + str(t[2]):
                g.add(t)
    assert len(model[0]) > 4000 and isomorphic(*model)
    # The report beside the store asks again only the questions the edit can affect.
    assert again.changed_predicates and again.store_before != again.store_after
    assert _report(again) == _report(scratch, tmp_path / "b")

    nothing = build(store_path=tmp / "store", catalogue_path=catalogue)
    assert {r.status for r in nothing.results} == {"unchanged"}
    assert nothing.checks_run == nothing.checks_skipped == []


@pytest.mark.slow  # real builds of the small registry
def test_an_edit_a_check_reads_runs_that_check_and_no_other(home):
    tmp, registry, catalogue, _first = home
    _edit(registry / "initiatives.yaml", "  start: 2020\n", "  start: 2019\n")
    again = build(store_path=tmp / "store", catalogue_path=catalogue)
    assert again.exit_code == 0 and again.result("registry").status == "loaded"
    assert {"date-order-violation", "member-during-initiative-violation"} <= set(
        again.checks_run)
    assert not any(c.startswith("qb-ic-") for c in again.checks_run)
    assert set(again.checks_run) | set(again.checks_skipped) == CHECKS


@pytest.mark.slow  # real builds of the small registry
def test_a_store_changed_outside_the_build_is_checked_in_full(home):
    tmp, registry, catalogue, _first = home
    store = GraphStore.open(tmp / "store")
    # Written without a build state: the record of passed checks no longer names the store.
    store.replace_graph("extra", "<urn:x:a> <urn:x:p> <urn:x:b> .\n")
    _edit(registry / "commitments.yaml", "all its forms", "all of its forms")
    again = build(store_path=tmp / "store", catalogue_path=catalogue)
    assert set(again.checks_run) == CHECKS


def test_what_a_check_reads() -> None:
    plain = check_reads("SELECT ?x WHERE { ?x a pu:Initiative ; schema:startDate ?d }")
    assert plain["any_class"] is False and not plain["binders"]
    assert "http://schema.org/startDate" in plain["iris"]
    assert affected_by(plain, {"http://schema.org/startDate"}, set())
    assert not affected_by(plain, {"http://purl.org/dc/terms/description"}, set())
    assert affected_by(plain, {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"},
                       {"https://w3id.org/puentes/ontology#Initiative"})
    assert not affected_by(plain, {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"},
                           {"http://www.w3.org/ns/prov#Activity"})
    # A class bound by VALUES is one of the query's IRIs; an unbound one is any class.
    assert check_reads("SELECT ?x WHERE { VALUES ?c { pu:Event } ?x a ?c }")["any_class"] is False
    assert check_reads("SELECT ?x WHERE { ?x a ?c }")["any_class"] is True
    # A variable predicate: bound by a predicate of the query, or anything.
    bound = check_reads("SELECT ?o WHERE { ?s qb:dimension ?d . ?o ?d ?v }")
    assert bound["binders"] == ["http://purl.org/linked-data/cube#dimension"]
    assert not affected_by(bound, {"urn:x:p"}, set(), lambda binders, p: False)
    assert affected_by(bound, {"urn:x:p"}, set(), lambda binders, p: p == "urn:x:p")
    assert check_reads("SELECT ?s WHERE { ?s ?p ?o }") is None
    assert check_reads("SELECT ?s WHERE { ?s !rdfs:label ?o }") is None
    assert check_reads("SELECT ?s WHERE { VALUES ?p { rdfs:label } ?s ?p ?o }") is None
    assert affected_by(None, set(), set())
    # The IRIs of property paths count too.
    path = check_reads("SELECT ?s WHERE { ?s qb:dataSet/qb:structure ?d }")
    assert "http://purl.org/linked-data/cube#structure" in path["iris"]


def test_how_far_the_shapes_read() -> None:
    assert shapes_reach(load_shapes_graph(per_record=True)) == 2
    deep = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .""", format="turtle")
    assert shapes_reach(deep) is None
    inverse_of_value = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:node ex:V ] .
        ex:V sh:property [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ] .""",
        format="turtle")
    assert shapes_reach(inverse_of_value) is None
    one = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:class ex:D ] ,
                        [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ] .""",
        format="turtle")
    assert shapes_reach(one) == 1


def test_a_question_the_changes_cannot_affect_is_not_asked_again() -> None:
    store = GraphStore.in_memory()  # empty: every question is unanswered
    asked = question_status(store)
    assert asked and not any(st["answered"] for st in asked.values())
    remembered = {n: {**st, "answered": True} for n, st in asked.items()}
    # No change since: the remembered status stands (the queries are not run).
    assert all(st["answered"] for st in question_status(store, remembered).values())
    # A change to what a question reads: it is asked again.
    reads = {n: set(st["reads"]["iris"]) for n, st in asked.items() if st["reads"]}
    number, iris = next((n, i) for n, i in sorted(reads.items()) if i)
    predicate = sorted(iris - {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"})[0]
    again = question_status(store, remembered, {predicate})
    assert again[number]["answered"] is False
