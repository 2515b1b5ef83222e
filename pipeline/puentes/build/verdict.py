"""A source's verdict in a build: what its graph is validated against (the types of the
nodes it refers to, the validation context that decides whether a recorded verdict still
holds), which records a change reaches, which cross-record checks it can affect, and the SHACL
validation itself (only Violations quarantine; Warnings are counted)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from puentes import __version__
from puentes.build import deps
from puentes.build.changes import GraphChange, digest, neighbourhood, shapes_reach, validation_scope
from puentes.check.checks import affected_by, check_files, check_reads, reads_digest
from puentes.model import model_files
from puentes.namespaces import graph_iri
from puentes.paths import shapes_dir
from puentes.rdfio import to_rdflib
from puentes.store import GraphStore, SourceState


def types_of(graph: Graph) -> Graph:
    g = Graph()
    for s, o in graph.subject_objects(RDF.type):
        g.add((s, RDF.type, o))
    return g


def subgraph(types: Graph, nodes: set) -> Graph:
    out = Graph()
    for s, o in types.subject_objects(RDF.type):
        if s in nodes:
            out.add((s, RDF.type, o))
    return out


def context_types(store: GraphStore, graph: Graph, source_id: str,
                   new_types: dict[str, Graph]) -> Graph:
    """The rdf:type statements, from the other graphs, of the nodes ``graph`` refers to
    without describing them: what sh:class needs to see, and nothing more (so that pyshacl
    does not walk the other graphs' nodes). Graphs re-mapped in this run give their new
    types, the others their types in the store."""
    described = set(graph.subjects())
    refs = {o for o in graph.objects() if isinstance(o, URIRef) and o not in described}
    out = Graph()
    if not refs:
        return out
    for sid, types in new_types.items():
        if sid != source_id:
            for ref in refs:
                for cls in types.objects(ref, RDF.type):
                    out.add((ref, RDF.type, cls))
    skip = {str(graph_iri(sid)) for sid in (*new_types, source_id)}
    values = " ".join(f"<{r}>" for r in sorted(refs))
    q = f"SELECT ?s ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?o }} }}"
    for row in store.query(q):
        if row["g"].value not in skip:
            out.add((to_rdflib(row["s"]), RDF.type, to_rdflib(row["o"])))
    return out


#: Warnings remembered per node in a source's state, at most (above, an edit revalidates the
#: whole graph of that source).
MAX_REMEMBERED = 50_000


def store_token(store: GraphStore, states: dict[str, SourceState]) -> str:
    """Names the graphs of the store as they are: their ids and fingerprints."""
    return digest(f"{sid}={states[sid].fingerprint if sid in states else ''}"
                  for sid in store.source_ids())


def validation_context(types: Graph) -> str:
    """What a source's verdict depends on besides its own graph: the shapes, the model, the
    validation code, and what the other graphs say of the nodes it refers to (``types``)."""
    files = sorted(shapes_dir().glob("*.ttl")) + model_files()
    files += deps.validation_code()
    return digest([__version__, *(p.read_bytes() for p in files),
                   *sorted(f"{s} {o}" for s, o in types.subject_objects(RDF.type))])


def checks_to_run(store: GraphStore, known: dict[str, dict], changes: dict[str, GraphChange],
                   graphs: dict[str, Graph]) -> tuple[list[Path], list[str]]:
    """The checks a change can affect (or that did not pass last time), and those skipped."""
    predicates = set().union(*(c.predicates for c in changes.values()))
    classes = set().union(*(c.classes for c in changes.values()))

    def bound(binders: set[str], predicate: str) -> bool:
        # Is ``predicate`` the object of a binder triple, in the store (any graph, the old
        # versions included) or in a new graph? Then a variable predicate may match it.
        p = ox.NamedNode(predicate)
        for b in binders:
            if next(iter(store.store.quads_for_pattern(None, ox.NamedNode(b), p, None)),
                    None) is not None:
                return True
            if any((None, URIRef(b), URIRef(predicate)) in g for g in graphs.values()):
                return True
        return False

    run, skipped = [], []
    for path in check_files():
        entry = known.get(path.stem)
        if (entry is not None and entry.get("digest") == reads_digest(path.read_text(
                encoding="utf-8")) and not affected_by(entry.get("reads"), predicates,
                                                        classes, bound)):
            skipped.append(path.stem)
        else:
            run.append(path)
    return run, skipped


@dataclass
class CheckStore:
    """Where the cross-record checks of a build run: an in-memory store holding the new
    graphs (from the triples parsed once) and, of the other graphs of the store, only those
    the checks to run read (``copied``; ``triples`` copied in all)."""

    store: ox.Store
    copied: list[str]
    triples: int


def check_entries(checks: list[Path], known: dict[str, dict]) -> dict[str, dict]:
    """``{check: {"digest", "reads"}}`` for the ``checks`` (:func:`check_reads`), taken from
    the ``known`` record when the check's text is the same, else read again."""
    out = {}
    for path in checks:
        text = path.read_text(encoding="utf-8")
        entry, digest = known.get(path.stem, {}), reads_digest(text)
        reads = entry.get("reads") if entry.get("digest") == digest else check_reads(text)
        out[path.stem] = {"digest": digest, "reads": reads}
    return out


def check_store(store: GraphStore, candidates: dict[str, list[ox.Triple]],
                reads: list[dict | None]) -> CheckStore:
    """The store the checks run over: the ``candidates``' new graphs in place of their
    old versions and, of the rest of the store, the graphs holding a predicate (for
    ``rdf:type``, a class) that one of the checks reads (``reads``, of each check:
    :func:`check_reads`; the predicates a variable one is bound to included) — a graph with
    none of them cannot give a row. A check that may read anything takes every graph.
    Copied quad by quad, never written out and parsed again.

    (The checks over the store on disk, with the new graph staged in a hidden graph, were
    measured 1.1-44x slower: bench/results/2026-12-07-edit-walk.md.)"""
    mem = ox.Store()
    for sid, triples in candidates.items():
        g = ox.NamedNode(str(graph_iri(sid)))
        mem.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
    others = [sid for sid in store.source_ids() if sid not in candidates]
    if any(r is None or r["any_class"] for r in reads):
        wanted = others
    else:
        iris = {i for r in reads for i in r["iris"]} - {_TYPE}
        iris |= _bound(store, mem, {b for r in reads for b in r["binders"]})
        values = " ".join(f"<{i}>" for i in sorted(iris))
        wanted = [sid for sid in others if iris and store.store.query(
            f"ASK {{ GRAPH <{graph_iri(sid)}> {{ VALUES ?i {{ {values} }} "
            f"{{ ?s ?i ?o }} UNION {{ ?s a ?i }} }} }}")]
    n = 0
    for sid in wanted:
        quads = list(store.store.quads_for_pattern(None, None, None,
                                                   ox.NamedNode(str(graph_iri(sid)))))
        mem.bulk_extend(quads)
        n += len(quads)
    return CheckStore(mem, wanted, n)


_TYPE = str(RDF.type)


def _bound(store: GraphStore, mem: ox.Store, binders: set[str]) -> set[str]:
    """The predicates a variable predicate may take: the objects of the ``binders``' triples
    (``qb:dimension ?dim``), in the store's graphs and in the new ones."""
    out: set[str] = set()
    for b in binders:
        for s in (store.store, mem):
            out |= {q.object.value for q in s.quads_for_pattern(None, ox.NamedNode(b), None)
                    if isinstance(q.object, ox.NamedNode)}
    return out


def sources_in_store(store: GraphStore, failures: list, candidates: set[str]) -> None:
    """Add to each failure the graphs of the store, not copied for the checks, that also
    describe its node (a check store holds only the graphs the checks read)."""
    for f in failures:
        node = next(iter(f.row.values()), "")
        if "://" not in node:
            continue
        found = {q.graph_name.value for q in store.store.quads_for_pattern(
            ox.NamedNode(node), None, None) if isinstance(q.graph_name, ox.NamedNode)}
        ids = set(f.source_ids) | {sid for sid in store.source_ids()
                                   if sid not in candidates and str(graph_iri(sid)) in found}
        f.source_ids = sorted(ids)


@dataclass
class Outcome:
    violation_count: int
    warning_count: int
    warnings_by_shape: dict[str, int]
    text: str
    #: Warnings per node and shape (``{node IRI: {shape: n}}``), of the whole graph
    by_node: dict[str, dict[str, int]] = field(default_factory=dict)
    revalidated: int | None = None


def validate_change(graph: Graph, types: Graph, change: GraphChange,
                     known: dict[str, dict[str, int]] | None,
                     parsed: list[ox.Triple] | None = None) -> Outcome:
    """Validate a source's new graph in the context of the ``types`` of the nodes it refers
    to: only the records the change can affect when the Warnings of the others are
    ``known`` (from the last good load, in the same validation context) and the shapes
    allow it (:func:`puentes.build.changes.shapes_reach`); else all of them."""
    from puentes.check.shapes import load_shapes_graph

    reach = shapes_reach(load_shapes_graph(per_record=True)) if known is not None else None
    if reach is None or not change.exact:
        return validate(graph, types, parsed=parsed)
    scope = validation_scope(graph, change, reach)
    part = neighbourhood(graph, scope, reach)
    refs = set(part.objects())
    outcome = validate(part, subgraph(types, refs), scope)
    redone = change.nodes() | {str(n) for n in scope}
    by_node = {n: w for n, w in known.items() if n not in redone}
    by_node.update(outcome.by_node)
    by_shape: dict[str, int] = {}
    for shapes in by_node.values():
        for shape, n in shapes.items():
            by_shape[shape] = by_shape.get(shape, 0) + n
    return Outcome(outcome.violation_count, sum(by_shape.values()), by_shape, outcome.text,
                    by_node, len(scope))


def validate(graph: Graph, context: Graph, scope: set | None = None,
              parsed: list[ox.Triple] | None = None) -> Outcome:
    """SHACL-validate one source graph in the context of the model and the types of the
    nodes it refers to (``context``); only this graph's own nodes (or the ``scope`` ones)
    are validated. ``parsed``: the whole graph as the triples the build parsed once (the
    engine then loads them as they are, instead of converting a million rdflib terms)."""
    from puentes.check.shapes import load_shapes_graph
    from puentes.check.validate import validate_graph
    from puentes.model import load_model_graph

    # Cross-record rules run afterwards as checks over the union (run_checks), once. The
    # context holds only the types of the nodes this graph refers to, so the validation
    # sees this graph's nodes plus those few bare nodes (whose results are left out), not
    # every node of the other graphs. The model and the context are given apart from the
    # data (no merged copy), and results about their own nodes are left out.
    report = validate_graph(graph, shapes=load_shapes_graph(per_record=True),
                            ontology=[load_model_graph(), context], data_nt=parsed)
    # validate_graph already leaves out the results about the model's and the context's
    # nodes (it is given them as ontology); only a scope narrows further
    results = (report.results if scope is None
               else [r for r in report.results if r.focus_node in scope])
    violations = [r for r in results if r.severity == "Violation"]
    warnings = [r for r in results if r.severity != "Violation"]
    by_shape: dict[str, int] = {}
    by_node: dict[str, dict[str, int]] = {}
    for r in warnings:
        key = r.shape_name or str(r.source_shape)
        by_shape[key] = by_shape.get(key, 0) + 1
        node = by_node.setdefault(str(r.focus_node), {})
        node[key] = node.get(key, 0) + 1
    text = report.subset(violations).to_text() if violations else ""
    return Outcome(len(violations), len(warnings), by_shape, text, by_node)


