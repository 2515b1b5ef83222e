"""Reading the W3C SHACL Core test suite (tests/w3c/shacl-core) and comparing reports as its
procedure says (data-shapes-test-suite/index.html, "Validate RDF data", full compliance).

Kept apart from the test file so that tests/conftest.py can print the counts the tests
record in :data:`COUNTS` at the end of the session.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from puentes.rdfio import parse_file

HERE = Path(__file__).parent / "w3c" / "shacl-core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

#: the predicates the procedure keeps in the actual report (besides rdf:type and the path)
KEPT = {SH.result, SH.conforms, SH.focusNode, SH.resultPath, SH.resultSeverity,
        SH.sourceConstraint, SH.sourceConstraintComponent, SH.sourceShape, SH.value}

#: per way of running ("build", "own"): outcome → test ids; printed by tests/conftest.py
COUNTS: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))


def _graph(path: Path) -> Graph:
    # the project's own reader (Oxigraph's parser, lexical forms kept exactly): the suite's
    # data has ill-typed literals ("none"^^xsd:boolean) whose lexical form must survive
    return parse_file(path)


def _manifests(path: Path) -> list[Path]:
    g = _graph(path)
    out = [path]
    for inc in sorted(g.objects(None, MF.include)):
        out += _manifests(_file(inc))
    return out


def _file(iri: object) -> Path:
    return Path(unquote(urlsplit(str(iri)).path))


def load_tests() -> list[dict]:
    """Every test of the suite: id, label, status, data, shapes and the expected report."""
    tests = []
    for manifest in _manifests(HERE / "manifest.ttl"):
        g = _graph(manifest)
        root = URIRef(manifest.resolve().as_uri())
        entries = g.value(root, MF.entries)
        if entries is None:
            continue
        for entry in Collection(g, entries):
            action = g.value(entry, MF.action)
            files = {}
            for key in (SHT.dataGraph, SHT.shapesGraph):
                target = _file(g.value(action, key))
                files[key] = g if target == manifest.resolve() else _graph(target)
            result = g.value(entry, MF.result)
            tests.append({
                "id": str(entry).rsplit("/", 2)[-2] + "/" + str(entry).rsplit("/", 1)[-1],
                "label": str(g.value(entry, RDFS_LABEL)),
                "status": g.value(entry, MF.status),
                "data": files[SHT.dataGraph], "shapes": files[SHT.shapesGraph],
                "failure": result == SHT.Failure,
                "expected": None if result == SHT.Failure else expected_report(g, result)})
    return tests


RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def _closure(src: Graph, node: object, out: Graph) -> None:
    """``node``'s triples and those of the blank nodes it reaches (a path's structure)."""
    for p, o in src.predicate_objects(node):
        out.add((node, p, o))
        if isinstance(o, BNode):
            _closure(src, o, out)


def expected_report(g: Graph, report: BNode) -> Graph:
    """The triples of R, of each of its results, and of the paths they use."""
    out = Graph()
    for p, o in g.predicate_objects(report):
        out.add((report, p, o))
    for res in g.objects(report, SH.result):
        for p, o in g.predicate_objects(res):
            out.add((res, p, o))
            if p == SH.resultPath and isinstance(o, BNode):
                _closure(g, o, out)
    return out


def actual_report(rg: Graph, expected: Graph) -> Graph:
    """The results graph post-processed as the procedure says: no nested results
    (sh:detail), only the listed predicates, one rdf:type per report and result, each
    result's path cloned, sh:resultMessage kept only where the expected report has it."""
    messages = set(expected.objects(None, SH.resultMessage))
    out = Graph()
    report = next(rg.subjects(RDF.type, SH.ValidationReport))
    new_report = BNode()
    out.add((new_report, RDF.type, SH.ValidationReport))
    out.add((new_report, SH.conforms, rg.value(report, SH.conforms)))
    for res in rg.objects(report, SH.result):
        new = BNode()
        out.add((new_report, SH.result, new))
        out.add((new, RDF.type, SH.ValidationResult))
        for p, o in rg.predicate_objects(res):
            if p == SH.resultMessage and o in messages:
                out.add((new, p, o))
            elif p == SH.resultPath:
                out.add((new, p, _clone(rg, o, out)))
            elif p in KEPT:
                out.add((new, p, o))
    return out


def _clone(src: Graph, node: object, out: Graph) -> object:
    """A path's blank-node structure copied into fresh blank nodes (never shared)."""
    if not isinstance(node, BNode):
        return node
    if src.value(node, RDF.first) is not None or src.value(node, RDF.rest) is not None:
        items = [_clone(src, i, out) for i in Collection(src, node)]
        head = BNode()
        Collection(out, head, items)
        return head
    new = BNode()
    for p, o in src.predicate_objects(node):
        out.add((new, p, _clone(src, o, out)))
    return new


def same_report(expected: Graph, rg: Graph) -> bool:
    """Whether the results graph ``rg`` passes the test of full compliance."""
    return isomorphic(expected, actual_report(rg, expected))


def conforms_of(g: Graph) -> Literal | None:
    """The sh:conforms of a report graph."""
    report = next(g.subjects(RDF.type, SH.ValidationReport), None)
    return g.value(report, SH.conforms)
