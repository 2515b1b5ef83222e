"""What the SHACL engine's modules share: :class:`Unsupported` (the refusal of a feature),
the shapes as plain objects (:class:`Shape`, :class:`Constraint`), SHACL paths as SPARQL
(:func:`path_sparql`), and what a constraint component may ask of the compiler and of the
shapes model (:class:`CompilerView`, :class:`ModelView`) — so that the components, the model
and the compiler import this module and not one another."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH


class Unsupported(Exception):  # noqa: N818 - a reason, not a failure of the program
    """A shape uses a SHACL feature the SPARQL compiler does not handle."""

    def __init__(self, shape: object, feature: str) -> None:
        super().__init__(f"shape {shape}: {feature} is not supported by the Oxigraph engine")
        self.shape = shape
        self.feature = feature
        #: shape → reason, for every shape refused (:meth:`many`)
        self.reasons = {shape: str(self)}

    @classmethod
    def many(cls, reasons: dict) -> Unsupported:
        """One error for every shape refused (``reasons``: shape → reason)."""
        err = cls(next(iter(reasons)), "")
        err.args = ("; ".join(reasons.values()),)
        err.reasons = dict(reasons)
        return err


@dataclass
class Constraint:
    """One constraint of a shape: its parameter (``sh:class`` …), value, extra values and
    the component that implements it (:mod:`puentes.check.shacl.components`)."""

    param: URIRef
    value: object
    extra: dict = field(default_factory=dict)
    kind: object = None

    @property
    def component(self) -> URIRef:
        """The SHACL constraint component (``sh:ClassConstraintComponent`` …)."""
        return self.extra.get("component") or self.kind.iri


@dataclass
class Shape:
    """A node or property shape as the compiler needs it."""

    node: URIRef | BNode
    path: URIRef | BNode | None
    severity: URIRef
    messages: list[Literal]
    deactivated: bool
    constraints: list[Constraint]
    properties: list[Shape]
    target_classes: list[URIRef] = field(default_factory=list)
    target_nodes: list = field(default_factory=list)
    subjects_of: list[URIRef] = field(default_factory=list)
    objects_of: list[URIRef] = field(default_factory=list)
    sparql_targets: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        """Whether the shape names its own focus nodes (otherwise it is only used nested)."""
        return bool(self.target_classes or self.target_nodes or self.subjects_of
                    or self.objects_of or self.sparql_targets)


class CompilerView(Protocol):
    """What a component asks of :class:`puentes.check.shacl.compile.Compiler`."""

    def var(self) -> str:
        """A fresh variable name."""

    def path(self, shape: Shape) -> str | None:
        """The shape's path in SPARQL (None for a node shape)."""

    def conforms(self, shape: Shape, v: str) -> str:
        """An expression true when the node in ``v`` conforms to ``shape``."""

    def bad_mark(self, dt: URIRef, v: str) -> str:
        """Where a datatype test excludes the data's ill-typed literals."""


class ModelView(Protocol):
    """What a component asks of :class:`puentes.check.shacl.model.ShapesModel`."""

    sg: Graph

    def shape(self, node: URIRef | BNode) -> Shape:
        """The shape at ``node``."""

    def prefixes(self, node: URIRef | BNode) -> str:
        """The PREFIX lines of a SPARQL-based constraint or target."""


_PATH_OPS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def path_sparql(sg: Graph, path: object, shape: object = None, depth: int = 0) -> str:
    """A SHACL property path as a SPARQL property path: a predicate, a sequence (an RDF
    list), sh:alternativePath, sh:inversePath, sh:zeroOrMorePath, sh:oneOrMorePath,
    sh:zeroOrOnePath, nested as deep as they go (a malformed path is refused)."""
    if depth > 32:
        raise Unsupported(shape, "a property path nested more than 32 deep")
    if isinstance(path, URIRef):
        return f"<{path}>"
    if not isinstance(path, BNode):
        raise Unsupported(shape, f"a property path that is a literal ({path!r})")
    if (path, RDF.first, None) in sg:
        items = list(Collection(sg, path))
        if len(items) < 2:
            raise Unsupported(shape, "a sequence path of fewer than two members")
        return "(" + " / ".join(path_sparql(sg, i, shape, depth + 1) for i in items) + ")"
    pairs = list(sg.predicate_objects(path))
    if len(pairs) != 1:
        raise Unsupported(shape, "a property path node with other than one path operator")
    op, inner = pairs[0]
    if op == SH.alternativePath:
        items = list(Collection(sg, inner))
        if len(items) < 2:
            raise Unsupported(shape, "an alternative path of fewer than two members")
        return "(" + " | ".join(path_sparql(sg, i, shape, depth + 1) for i in items) + ")"
    if op == SH.inversePath:
        return f"^{path_sparql(sg, inner, shape, depth + 1)}"
    if op in _PATH_OPS:
        return f"({path_sparql(sg, inner, shape, depth + 1)}){_PATH_OPS[op]}"
    raise Unsupported(shape, f"the path operator {op}")
