"""The SHACL shapes: every shape has good and bad example data whose expected outcome
(shapes/tests/manifest.ttl, W3C SHACL test-suite vocabulary) is checked here, and every
property shape speaks to a data steward (sh:name, sh:description, sh:message)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS

from puentes.model import load_model_graph
from puentes.namespaces import PREFIXES, PSC
from puentes.paths import shapes_dir
from puentes.shapes import load_shapes_graph
from puentes.validate import validate_graph

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
TESTS = shapes_dir() / "tests"


@lru_cache(maxsize=1)
def manifest() -> Graph:
    return Graph().parse(TESTS / "manifest.ttl")


def entries() -> list[URIRef]:
    g = manifest()
    head = g.value(next(g.subjects(RDF.type, MF.Manifest)), MF.entries)
    return list(Collection(g, head))


def curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and prefix not in ("pid", "psc", "pg"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def outcome(data: Graph) -> tuple[bool, set[tuple[str, str, str]]]:
    full = Graph()
    full += data
    full += load_model_graph()
    report = validate_graph(full)
    own = set(data.subjects())
    got = set()
    for r in report.results:
        if r.focus_node not in own:
            continue
        key = curie(r.path) if r.path else (r.shape_name or r.source_shape)
        got.add((str(r.focus_node), key, r.severity))
    return report.subset([r for r in report.results if r.focus_node in own]).conforms, got


@pytest.mark.parametrize("entry", entries(), ids=lambda e: str(e).rsplit("/", 1)[-1])
def test_example_has_the_expected_outcome(entry):
    g = manifest()
    action = g.value(entry, MF.action)
    data_file = TESTS / str(g.value(action, SHT.dataGraph)).rsplit("/", 1)[-1]
    result = g.value(entry, MF.result)
    expected_conforms = g.value(result, SH.conforms).toPython()
    expected = {(str(g.value(r, SH.focusNode)), str(g.value(r, SH.resultPath)),
                 str(g.value(r, SH.resultSeverity)).rsplit("#", 1)[-1])
                for r in g.objects(result, SH.result)}
    conforms, got = outcome(Graph().parse(data_file))
    assert conforms is expected_conforms
    assert got == expected


def _node_shapes_with_targets(shapes: Graph) -> set[URIRef]:
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf)
    return {s for t in targets for s in shapes.subjects(t, None) if isinstance(s, URIRef)}


def test_every_targeted_shape_has_a_good_and_a_bad_example():
    g = manifest()
    tested = {(g.value(e, SH.shapesGraph), str(e).rsplit("-", 1)[-1]) for e in entries()}
    for shape in _node_shapes_with_targets(load_shapes_graph()):
        assert (shape, "good") in tested, f"{shape} has no good example"
        assert (shape, "bad") in tested, f"{shape} has no bad example"


def test_every_property_shape_speaks_to_a_steward():
    shapes = load_shapes_graph()
    missing = []
    for ps in shapes.objects(None, SH.property):
        for pred in (SH.name, SH.description, SH.message):
            if not isinstance(shapes.value(ps, pred), Literal):
                missing.append((str(shapes.value(ps, SH.path)), pred.fragment))
    for constraint in shapes.objects(None, SH.sparql):
        for pred in (SH.name, SH.description, SH.message):
            if not isinstance(shapes.value(constraint, pred), Literal):
                missing.append(("sparql", pred.fragment))
    assert missing == []


def test_every_node_shape_links_back_to_a_definition():
    shapes = load_shapes_graph()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if isinstance(shape, BNode):
            continue
        assert shapes.value(shape, RDFS.isDefinedBy) is not None, shape


SCHEMES = sorted({str(o)[len(str(PSC)):] for o in load_shapes_graph().objects(None, SH.hasValue)
                  if str(o).startswith(str(PSC))})


@pytest.mark.parametrize("scheme", SCHEMES)
def test_vocabulary_shape_accepts_its_concepts_and_rejects_others(scheme):
    """pus:InScheme-<scheme>: a concept of the scheme passes, one of another scheme fails."""
    model = load_model_graph()
    shapes = load_shapes_graph()
    shape = URIRef(f"https://w3id.org/puentes/shapes#InScheme-{scheme}")
    own = next(iter(model.subjects(SKOS.inScheme, PSC[scheme])), None)
    other = next(c for c in model.subjects(SKOS.inScheme, PSC["theme" if scheme != "theme"
                                                               else "role"]))
    single = Graph()
    for t in shapes.triples((shape, None, None)):
        single.add(t)
    prop = shapes.value(shape, SH.property)
    for t in shapes.triples((prop, None, None)):
        single.add(t)
    for focus, ok in ((own, True), (other, False)):
        if focus is None:  # the good scheme is filled by mappers, not the ontology
            continue
        data = Graph()
        data += model
        single.add((shape, SH.targetNode, focus))
        report = validate_graph(data, shapes=single)
        single.remove((shape, SH.targetNode, focus))
        assert report.conforms is ok, (scheme, focus)


def test_shape_files_are_split_by_concern():
    names = {p.name for p in shapes_dir().glob("*.ttl")}
    assert {"core.ttl", "vocabularies.ttl", "dates.ttl", "cross-entity.ttl",
            "recommended.ttl"} <= names


CHECK_FOR_SHAPE = {
    "TriangularPartnersShape": "triangular-partners-violation",
    "MemberDuringInitiativeShape": "member-during-initiative-violation",
    "FactHasSourceShape": "fact-without-source-violation",
    "DateOrderShape": "date-order-violation",
}


@pytest.mark.parametrize("shape,check", sorted(CHECK_FOR_SHAPE.items()))
def test_the_build_check_agrees_with_the_shape(shape, check):
    """The build runs cross-record rules as *-violation.rq over the store: same verdicts."""
    import pyoxigraph as ox

    from puentes.checks import check_files, run_checks

    path = next(p for p in check_files() if p.stem == check)
    for kind, expect_rows in (("good", False), ("bad", True)):
        store = ox.Store()
        data = Graph().parse(TESTS / f"{shape}-{kind}.ttl")
        data += load_model_graph()
        store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode("https://w3id.org/puentes/graph/test"))
        rows = [f for f in run_checks(store, path.parent) if f.check == check]
        assert bool(rows) is expect_rows, (shape, kind, rows)
