"""The SHACL shapes (shapes/*.ttl).

- Every example of shapes/tests/ (manifest.ttl and the manifests it includes, W3C SHACL
  test-suite vocabulary) gives exactly the results stated for it: one parametrised test.
- Every NodeShape has a passing and a failing example.
- Every rule speaks to a data steward: sh:name, sh:description and sh:message; every text a
  person reads (names, descriptions, messages, comments, labels) in Spanish, English and
  French; every shape links back to the term it checks.
- Mandatory rules are Violations, recommended ones Warnings; SPARQL-based rules are targeted
  narrowly; the build's *-violation.rq checks give the same verdicts as the shapes.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from puentes.check.shapes import load_shapes_graph, shapes_files
from puentes.check.validate import validate_graph
from puentes.model import load_model_graph
from puentes.namespaces import PSC
from puentes.paths import shapes_dir

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
PUS = Namespace("https://w3id.org/puentes/shapes#")
ONTOLOGY = URIRef("https://w3id.org/puentes/ontology")
TESTS = shapes_dir() / "tests"
LANGS = {"es", "en", "fr"}
#: shapes of the saved-query catalogue (queries/), not of the data: they speak to query
#: authors and check a few dozen nodes
QUERY_SHAPES = {"saved-queries.ttl"}
#: what a person reads of a shape: on the shapes page (label, target comment, rule name,
#: description, message) and in ``puentes validate``'s report
READ = (SH.name, SH.description, SH.message, RDFS.comment, RDFS.label)


# --- the manifests ----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def manifests() -> tuple[tuple[Path, Graph], ...]:
    """manifest.ttl and every manifest it includes (mf:include), each with its folder."""
    out, todo, seen = [], [TESTS / "manifest.ttl"], set()
    while todo:
        path = todo.pop(0).resolve()
        if path in seen:
            continue
        seen.add(path)
        g = Graph().parse(path, format="turtle")
        out.append((path, g))
        for m in g.subjects(RDF.type, MF.Manifest):
            todo += [path.parent / str(i).rsplit("/", 1)[-1] for i in g.objects(m, MF.include)]
    return tuple(out)


def entries() -> list[tuple[Path, Graph, URIRef]]:
    found = []
    for path, g in manifests():
        for m in g.subjects(RDF.type, MF.Manifest):
            head = g.value(m, MF.entries)
            if head is not None:
                found += [(path, g, e) for e in Collection(g, head)]
    return found


def _path_key(g: Graph, path) -> str | None:  # noqa: ANN001
    if path is None:
        return None
    inverse = g.value(path, SH.inversePath)
    return f"^{inverse}" if inverse is not None else str(path)


def expected_results(g: Graph, entry: URIRef) -> Counter:
    """The results the manifest states, as (focus, path, shape, component, severity)."""
    result = g.value(entry, MF.result)
    return Counter((str(g.value(r, SH.focusNode)), _path_key(g, g.value(r, SH.resultPath)),
                    str(g.value(r, SH.sourceShape)), str(g.value(r, SH.sourceConstraintComponent)),
                    str(g.value(r, SH.resultSeverity)))
                   for r in g.objects(result, SH.result))


def data_file(path: Path, g: Graph, entry: URIRef) -> Path:
    action = g.value(entry, MF.action)
    return path.parent / str(g.value(action, SHT.dataGraph)).rsplit("/", 1)[-1]


def actual_results(data: Graph) -> tuple[bool, bool, Counter]:
    """Validate an example with the model, as `puentes validate` does: results on its nodes
    (SHACL's conformance, puentes' acceptance, the results)."""
    report = validate_graph(data, ontology=load_model_graph())
    got = Counter((str(r.focus_node), r.path, r.node_shape, str(SH[r.constraint]),
                   str(SH[r.severity])) for r in report.results)
    return report.conforms, report.accepted, got


@pytest.mark.parametrize("path,g,entry", [pytest.param(*e, id=str(e[2]).rsplit("/", 1)[-1])
                                           for e in entries()])
def test_example_has_the_expected_outcome(path, g, entry):
    result = g.value(entry, MF.result)
    expected_conforms = g.value(result, SH.conforms).toPython()
    conforms, accepted, got = actual_results(Graph().parse(data_file(path, g, entry)))
    expected = expected_results(g, entry)
    assert got == expected, (f"{data_file(path, g, entry).name}: unexpected "
                             f"{sorted(got - expected)}; missing {sorted(expected - got)}")
    assert conforms is expected_conforms
    # the policy on top of SHACL: only a Violation stops a source
    assert accepted is not any(k[4] == str(SH.Violation) for k in expected)


def test_the_manifest_names_every_example_file_once():
    named = Counter(data_file(p, g, e).name for p, g, e in entries())
    files = {p.name for p in TESTS.glob("*.ttl") if "manifest" not in p.name}
    assert set(named) == files
    assert [n for n, k in named.items() if k > 1] == []


# --- coverage: a passing and a failing example for every NodeShape ------------------------------
def node_shapes() -> list[URIRef]:
    shapes = load_shapes_graph()
    return sorted(s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def applied_node_shapes() -> list[URIRef]:
    """The NodeShapes a validation applies: targeted ones, and those rules use via sh:node
    (a shape with neither is applied by code elsewhere, e.g. tests/test_queries.py)."""
    shapes = load_shapes_graph()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    applied = {s for s in node_shapes() if any((s, t, None) in shapes for t in targets)}
    grew = True
    while grew:  # and the shapes their rules use through sh:node, at any depth
        used = {n for s in applied for rule in [s, *shapes.objects(s, SH.property)]
                for n in shapes.objects(rule, SH.node) if isinstance(n, URIRef)}
        grew = not used <= applied
        applied |= used
    return sorted(applied)


def _rules_using(shape: URIRef) -> set[tuple[str, str | None]]:
    """(NodeShape, path) of the rules a failure of ``shape`` is reported under: its own, or
    those of property shapes that use it through sh:node (the vocabulary shapes)."""
    shapes = load_shapes_graph()
    rules = {(str(shape), None)}
    for prop in shapes.subjects(SH.node, shape):
        parent = shapes.value(None, SH.property, prop)
        if parent is not None:
            rules.add((str(parent), _path_key(shapes, shapes.value(prop, SH.path))))
    return rules


@pytest.mark.parametrize("shape", applied_node_shapes(),
                         ids=lambda s: str(s).rsplit("#", 1)[-1])
def test_every_node_shape_has_a_passing_and_a_failing_example(shape):
    passing = failing = False
    rules = _rules_using(shape)
    for _path, g, entry in entries():
        if (entry, DCTERMS.subject, shape) not in g:
            continue
        expected = expected_results(g, entry)
        if not expected:
            passing = True
        elif any((s, None) in rules or (s, p) in rules for _f, p, s, _c, _v in expected):
            failing = True
    assert passing, f"{shape}: no example that passes (dcterms:subject, no results expected)"
    assert failing, f"{shape}: no example whose expected results come from this shape"


# --- rules that speak to a data steward ----------------------------------------------------
def _rules(g: Graph) -> list:
    return list(g.objects(None, SH.property)) + list(g.objects(None, SH.sparql))


@pytest.mark.parametrize("file", shapes_files(), ids=lambda p: p.name)
def test_every_rule_has_a_name_a_description_and_a_message(file):
    g = Graph().parse(file)
    missing = []
    for rule in _rules(g):
        where = g.value(rule, SH.path) or g.value(None, SH.sparql, rule)
        for pred in (SH.name, SH.description, SH.message):
            if not isinstance(g.value(rule, pred), Literal):
                missing.append((str(where), pred.fragment))
        for pred in (SH.name, SH.message):
            langs = {lit.language for lit in g.objects(rule, pred) if isinstance(lit, Literal)}
            if not langs >= LANGS:
                missing.append((str(where), f"{pred.fragment} in {sorted(LANGS - langs)}"))
    # a NodeShape with constraints of its own (not in property shapes) needs a message too
    node_level = (SH["or"], SH["and"], SH["not"], SH["xone"], SH["class"], SH.nodeKind)
    for shape in g.subjects(RDF.type, SH.NodeShape):
        if any((shape, p, None) in g for p in node_level) and (shape, SH.message, None) not in g:
            missing.append((str(shape), "message"))
    assert missing == []


def _texts_without_a_language(g: Graph) -> list[tuple[str, str, list[str] | str]]:
    """(rule's property or node, predicate, missing languages) for every text of
    :data:`READ` that is not given in each of es, en and fr, or is given untagged."""
    missing = []
    for pred in READ:
        for node in sorted(set(g.subjects(pred, None)), key=str):
            langs = {o.language for o in g.objects(node, pred) if isinstance(o, Literal)}
            where = str(g.value(node, SH.path) or node)
            if not langs >= LANGS:
                missing.append((where, pred.n3(g.namespace_manager), sorted(LANGS - langs)))
            if None in langs:
                missing.append((where, pred.n3(g.namespace_manager), "untagged"))
    return missing


@pytest.mark.parametrize("file", shapes_files(), ids=lambda p: p.name)
def test_every_text_a_person_reads_is_in_spanish_english_and_french(file):
    """Every name, description, message, comment and label of a shape file is given in es, en
    and fr, each tagged: the shapes page and the validation report in Spanish or French
    would otherwise fall back to the English."""
    missing = _texts_without_a_language(Graph().parse(file))
    assert missing == [], f"{file.name}: {len(missing)} texts lack a language: {missing[:5]}"


def test_the_language_check_finds_an_english_only_description():
    """The check reads the rules' blank nodes and the targets' comments too: a description
    left in English only (as 186 were) is reported with its property, an untagged text too."""
    g = Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix pu: <https://w3id.org/puentes/ontology#> .
        <urn:x:S> a sh:NodeShape ; rdfs:label "S"@en , "S"@es , "S"@fr ;
            sh:target [ rdfs:comment "some nodes" ] ;
            sh:property [ sh:path pu:iso3 ; sh:name "code"@en , "código"@es , "code"@fr ;
                          sh:description "The code."@en ] .""")
    found = _texts_without_a_language(g)
    assert ("https://w3id.org/puentes/ontology#iso3", "sh:description", ["es", "fr"]) in found
    assert [f[1:] for f in found if f[1] == "rdfs:comment"] == [
        ("rdfs:comment", ["en", "es", "fr"]), ("rdfs:comment", "untagged")]
    assert len(found) == 3  # the label and the name are complete


@lru_cache(maxsize=1)
def _declared() -> frozenset[URIRef]:
    model = load_model_graph()
    labelled = set(model.subjects(RDFS.label)) | set(model.subjects(SKOS.prefLabel))
    return frozenset(s for s in model.subjects(RDF.type) if s in labelled)


#: the W3C core vocabularies: defined by their specifications, not declared in ontology/
CORE = tuple(str(ns) for ns in (RDF, RDFS, OWL, SH))


def test_every_shape_links_back_to_the_definition_of_what_it_checks():
    """A NodeShape says where its rule is defined (rdfs:isDefinedBy: the ontology or a term
    of it); a rule's property and a shape's target class are terms the model declares, with
    their labels and definitions (ontology/), or terms of RDF, RDFS, OWL or SHACL."""
    shapes = load_shapes_graph()
    declared = _declared() | {t for t in set(shapes.all_nodes()) if str(t).startswith(CORE)}
    problems = []
    for shape in node_shapes():
        link = shapes.value(shape, RDFS.isDefinedBy)
        if link is None or (link != ONTOLOGY and link not in declared):
            problems.append((str(shape), "rdfs:isDefinedBy", str(link)))
        for cls in shapes.objects(shape, SH.targetClass):
            if cls not in declared:
                problems.append((str(shape), "sh:targetClass", str(cls)))
    for rule in shapes.objects(None, SH.property):
        path = shapes.value(rule, SH.path)
        term = shapes.value(path, SH.inversePath) if isinstance(path, BNode) else path
        if term is not None and term not in declared:
            problems.append(("property shape", "sh:path", str(term)))
    assert problems == []


# --- severities and targets -----------------------------------------------------------------
def test_mandatory_rules_are_violations_and_recommended_ones_warnings():
    for file in shapes_files():
        g = Graph().parse(file)
        severities = {str(o) for o in g.objects(None, SH.severity)}
        if file.name == "recommended.ttl":
            shapes = set(g.subjects(RDF.type, SH.NodeShape))
            assert severities == {str(SH.Warning)}
            assert all(g.value(s, SH.severity) == SH.Warning for s in shapes)
            assert all(g.value(r, SH.severity) == SH.Warning for r in _rules(g))
        else:
            assert severities <= {str(SH.Violation)}, file.name


def test_sparql_rules_are_not_evaluated_on_every_node_of_a_class():
    """pyshacl runs a SPARQL-based constraint once per focus node: a rule about a few nodes
    (triangular initiatives, participations in a regional body's instrument) is targeted at
    those nodes only, with a SPARQL-based target or a target on the property it checks."""
    shapes = load_shapes_graph(per_record=False)
    query_shapes = Graph()
    for name in QUERY_SHAPES:
        query_shapes.parse(shapes_dir() / name)
    for shape in set(shapes.subjects(SH.sparql, None)) - set(query_shapes.subjects()):
        assert (shape, SH.targetClass, None) not in shapes, shape
        targets = list(shapes.objects(shape, SH.target)) + list(
            shapes.objects(shape, SH.targetSubjectsOf))
        assert targets, shape


def test_shape_files_are_split_by_concern():
    names = {p.name for p in shapes_files()}
    assert {"core.ttl", "vocabularies.ttl", "dates.ttl", "cross-entity.ttl",
            "recommended.ttl", "prefixes.ttl"} <= names


SCHEMES = sorted({str(o)[len(str(PSC)):] for o in load_shapes_graph().objects(None, SH.hasValue)
                  if str(o).startswith(str(PSC)) and "/" not in str(o)[len(str(PSC)):]})


@pytest.mark.parametrize("scheme", SCHEMES)
def test_vocabulary_shape_accepts_its_concepts_and_rejects_others(scheme):
    """pus:InScheme-<scheme> on its own: every concept of the scheme passes; a concept of
    another scheme, and a node that is no concept, fail."""
    model = load_model_graph()
    shapes = load_shapes_graph()
    shape = PUS[f"InScheme-{scheme}"]
    single = Graph()
    for node in (shape, shapes.value(shape, SH.property)):
        for t in shapes.triples((node, None, None)):
            single.add(t)
    own = list(model.subjects(SKOS.inScheme, PSC[scheme]))
    other = next(model.subjects(SKOS.inScheme, PSC["theme" if scheme != "theme" else "role"]))
    cases = [(c, True) for c in own] + [(other, False), (PSC[f"{scheme}/no-such-concept"], False)]
    for focus, ok in cases:
        single.add((shape, SH.targetNode, focus))
        report = validate_graph(model, shapes=single)
        single.remove((shape, SH.targetNode, focus))
        assert report.conforms is ok, (scheme, focus)


# --- the build's checks agree with the shapes -------------------------------------------------
CHECK_FOR_SHAPE = {
    "TriangularPartnersShape": "triangular-partners-violation",
    "MemberDuringInitiativeShape": "member-during-initiative-violation",
    "FactHasSourceShape": "fact-without-source-violation",
    "DateOrderShape": "date-order-violation",
}


def test_every_cross_record_rule_has_its_check():
    cross = Graph().parse(shapes_dir() / "cross-entity.ttl")
    dates = Graph().parse(shapes_dir() / "dates.ttl")
    named = {str(s).rsplit("#", 1)[-1] for g in (cross, dates)
             for s in g.subjects(RDF.type, SH.NodeShape)}
    assert named == set(CHECK_FOR_SHAPE)


@pytest.mark.parametrize("shape,check", sorted(CHECK_FOR_SHAPE.items()))
def test_the_build_check_finds_the_nodes_the_shape_finds(shape, check):
    """The build runs cross-record rules as *-violation.rq over the store: on the good
    example no rows, on the bad one a row for exactly the focus nodes the manifest expects."""
    import pyoxigraph as ox

    from puentes.check.checks import check_files, run_checks

    path = next(p for p in check_files() if p.stem == check)
    by_file = {data_file(p, g, e).name: (g, e) for p, g, e in entries()}
    for kind in ("good", "bad"):
        g, entry = by_file[f"{shape}-{kind}.ttl"]
        expected = {f for f, _p, s, _c, _v in expected_results(g, entry) if s == str(PUS[shape])}
        store = ox.Store()
        data = Graph().parse(TESTS / f"{shape}-{kind}.ttl")
        data += load_model_graph()
        store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode("https://w3id.org/puentes/graph/test"))
        rows = [f for f in run_checks(store, path.parent) if f.check == check]
        assert {next(iter(f.row.values())) for f in rows} == expected, (shape, kind, rows)


def test_the_fact_classes_are_one_list_the_check_and_the_quality_report_follow():
    """Issue 13: the list of fact classes existed three times and the copies disagreed (the
    quality report missed the two assessment classes). The shape holds the list; the check is
    a standalone .rq any SPARQL tool runs, so its VALUES list is held to the shape here."""
    import re

    from puentes.check.shapes import fact_classes
    from puentes.namespaces import PREFIXES
    from puentes.paths import queries_dir

    text = (queries_dir() / "checks" / "fact-without-source-violation.rq").read_text()
    listed = re.search(r"VALUES \?class \{([^}]*)\}", text).group(1).split()
    expanded = sorted(PREFIXES[p] + local for p, local in (n.split(":", 1) for n in listed))
    assert expanded == fact_classes()
    assert "https://w3id.org/puentes/ontology#AdvancementAssessment" in fact_classes()
