"""What a change to one source graph can affect (issue 11: a rebuild costs what it changes).

A rebuild compares the newly mapped graph of a source with its graph in the store
(:func:`graph_change`). The difference decides

- which records to validate again (:func:`validation_scope`): the nodes whose own triples
  changed, the nodes a changed triple points to, and the nodes from which a changed node
  lies within the shapes' reach; every other node keeps the verdict it had (its Warnings
  are remembered per node in the build state). That is exact for shapes that read a
  bounded number of steps out from a focus node (and its incoming triples):
  :func:`shapes_reach` measures it, and the whole graph is validated when it is unbounded;
- which cross-record checks to run again (:func:`puentes.check.checks.check_reads`): only those
  that read a predicate (or, for ``rdf:type``, a class) of a changed triple.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from puentes.namespaces import graph_iri
from puentes.store import GraphStore

_TYPE = str(RDF.type)


@dataclass
class GraphChange:
    """How a source's new graph differs from its graph in the store.

    ``exact`` is false when the difference cannot be taken node by node (no graph in the
    store yet, or a graph with blank nodes, whose labels differ from one mapping to the
    next): then every node counts as changed. ``predicates`` and ``classes`` are those of
    the changed triples (``classes``: the objects of changed ``rdf:type`` triples)."""

    exact: bool
    #: no graph of this source in the store yet (then ``added`` and ``removed`` are empty)
    new_graph: bool = False
    added: set[ox.Triple] = field(default_factory=set)
    removed: set[ox.Triple] = field(default_factory=set)
    predicates: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        """True when the new graph is the one in the store."""
        return self.exact and not self.added and not self.removed

    def nodes(self) -> set[str]:
        """The IRIs that are subject or object of a changed triple."""
        out = set()
        for t in (*self.added, *self.removed):
            for term in (t.subject, t.object):
                if isinstance(term, ox.NamedNode):
                    out.add(term.value)
        return out


def graph_change(store: GraphStore, source_id: str, new: list[ox.Triple],
                 blank: bool = False, tally: dict[str, int] | None = None) -> GraphChange:
    """The difference between ``new`` (the triples of the new graph, parsed once by
    :func:`parse_triples`) and the graph of ``source_id`` in the store: the one comparison
    of a build — the load applies it as it is (:meth:`GraphStore.apply_change`).
    ``blank``: the new graph has blank nodes (its text holds ``_:``); ``tally["diffed"]``
    counts the comparisons (the build reports them: ``SourceResult.work``)."""
    if tally is not None:
        tally["diffed"] = tally.get("diffed", 0) + 1
    target = ox.NamedNode(graph_iri(source_id))
    if next(iter(store.store.quads_for_pattern(None, None, None, target)), None) is None:
        # A graph new to the store: everything is new; no set of a million triples is built.
        change = GraphChange(exact=False, new_graph=True)
        _note(change, new)
        return change
    old = {ox.Triple(q.subject, q.predicate, q.object)
           for q in store.store.quads_for_pattern(None, None, None, target)}
    fresh = set(new)
    added, removed = fresh - old, old - fresh
    # A graph with blank nodes is never compared node by node: blank node labels differ
    # from one mapping to the next.
    change = GraphChange(exact=not blank, added=added, removed=removed)
    _note(change, added)
    _note(change, removed)
    return change


def parse_triples(nt: bytes, tally: dict[str, int] | None = None) -> list[ox.Triple]:
    """The triples of N-Triples text, parsed by Oxigraph: the one parse of a new graph in a
    build (its difference, its validation, its cross-record checks and its load all use
    this list). As triples: pyoxigraph parses into quads of the default graph, which never
    equal the store's triples. ``tally["parsed"]`` counts the parses."""
    if tally is not None:
        tally["parsed"] = tally.get("parsed", 0) + 1
    return [q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]


def _note(change: GraphChange, triples: Iterable[ox.Triple]) -> None:
    for t in triples:
        change.predicates.add(t.predicate.value)
        if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode):
            change.classes.add(t.object.value)


def validation_scope(graph: Graph, change: GraphChange, depth: int) -> set[URIRef]:
    """The nodes described in ``graph`` whose verdict the change can alter, for shapes that
    read ``depth`` steps out (:func:`shapes_reach`): the nodes a changed triple is about or
    points to, and the nodes from which one of those it is about lies within ``depth``
    steps."""
    changed = {t.subject.value for t in (*change.added, *change.removed)
               if isinstance(t.subject, ox.NamedNode)}
    scope = set(change.nodes())
    frontier = {URIRef(n) for n in changed}
    for _ in range(depth):
        referrers = {s for node in frontier for s in graph.subjects(None, node)
                     if isinstance(s, URIRef) and str(s) not in scope}
        scope |= {str(s) for s in referrers}
        frontier = referrers
    described = {s for s in graph.subjects() if isinstance(s, URIRef)}
    return {node for node in described if str(node) in scope}


def neighbourhood(graph: Graph, scope: set[URIRef], depth: int) -> Graph:
    """What a validation of the ``scope`` nodes reads from ``graph``: their triples and those
    pointing to them, and the triples of the nodes up to ``depth`` steps out from them."""
    out = Graph()
    for node in scope:
        for s, p, _o in graph.triples((None, None, node)):
            out.add((s, p, node))
    seen: set = set()
    frontier = set(scope)
    for _ in range(depth + 1):
        nxt = set()
        for node in frontier - seen:
            seen.add(node)
            for _s, p, o in graph.triples((node, None, None)):
                out.add((node, p, o))
                if not isinstance(o, URIRef | BNode) or o in seen:
                    continue
                nxt.add(o)
        frontier = nxt
    return out


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_SAME_NODE = (SH.node, SH["not"])
_LISTS = (SH["and"], SH["or"], SH.xone)


def shapes_reach(shapes: Graph) -> int | None:
    """How many steps out from a focus node the shapes read the triples of a node (1: the
    focus node's values' own triples, their types included), or None when that is not
    bounded that way. Each ``sh:path`` must be a predicate, or an inverse predicate at the
    focus node (whose incoming triples a scope covers); nested shapes are followed with the
    depth of the node they apply to. A SPARQL constraint is taken to read ``$this``'s
    triples and those of its values (``$this p/q ?v``), as those of ``shapes/`` do."""
    roots = {s for c in _TARGETS for s in shapes.subjects(c, None)}
    seen: set = set()
    todo = [(shape, 0) for shape in roots]
    reach = 0
    while todo:
        shape, depth = todo.pop()
        if (shape, depth) in seen:
            continue
        seen.add((shape, depth))
        path = shapes.value(shape, SH.path)
        if path is not None:  # a property shape: from nodes at `depth` to their values
            inverse = _inverse(shapes, path)
            if inverse is None and not isinstance(path, URIRef):
                return None  # a sequence, alternative or repeated path
            if inverse is not None and depth > 0:
                return None  # the incoming triples of a value
            reach = max(reach, depth)
            depth += 1  # its other constraints apply to the values
        if (shape, SH["class"], None) in shapes:
            reach = max(reach, depth)
        if (shape, SH.sparql, None) in shapes:
            reach = max(reach, depth if path is not None else depth + 1)
        nested = [q for c in _SAME_NODE for q in shapes.objects(shape, c)]
        nested += list(shapes.objects(shape, SH.qualifiedValueShape))
        for c in _LISTS:
            for head in shapes.objects(shape, c):
                nested += list(Collection(shapes, head))
        todo += [(q, depth) for q in nested]
        todo += [(p, depth) for p in shapes.objects(shape, SH.property)]
    return reach


def _inverse(shapes: Graph, path) -> URIRef | None:  # noqa: ANN001
    if isinstance(path, BNode) and len(list(shapes.predicate_objects(path))) == 1:
        inverse = shapes.value(path, SH.inversePath)
        return inverse if isinstance(inverse, URIRef) else None
    return None


def digest(parts: Iterable[str | bytes]) -> str:
    """A SHA-256 of some texts (a short way to compare what a verdict depended on)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()
