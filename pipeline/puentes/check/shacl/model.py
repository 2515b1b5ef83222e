"""The shapes graph read into plain objects: shapes, their targets and their constraints.

Only what the compiler can turn into set-based SPARQL is accepted; any other SHACL feature
raises :class:`Unsupported`, naming the shape and the feature, so that nothing is silently
left unchecked (``puentes.check.validate`` then hands that shape to pyshacl).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

#: node-level and property-level parameters that hold no constraint
_NOT_CONSTRAINTS = {SH.name, SH.description, SH.message, SH.severity, SH.path, SH.property,
                    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                    SH.target, SH.deactivated, SH.order, SH.group, SH.defaultValue,
                    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.flags, SH.prefixes,
                    SH.declare, SH.select, SH.namespace, SH.prefix}

#: parameter → constraint component, for the constraints the compiler handles
COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent, SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent, SH.node: SH.NodeConstraintComponent,
    SH["or"]: SH.OrConstraintComponent, SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}


class Unsupported(Exception):  # noqa: N818 - a reason, not a failure of the program
    """A shape uses a SHACL feature the SPARQL compiler does not handle."""

    def __init__(self, shape: object, feature: str) -> None:
        super().__init__(f"shape {shape}: {feature} is not supported by the Oxigraph engine")
        self.shape = shape
        self.feature = feature


@dataclass
class Constraint:
    """One constraint of a shape: its parameter (``sh:class`` …), value and extra values."""

    param: URIRef
    value: object
    extra: dict = field(default_factory=dict)

    @property
    def component(self) -> URIRef:
        """The SHACL constraint component (``sh:ClassConstraintComponent`` …)."""
        return COMPONENTS[self.param]


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


class ShapesModel:
    """The shapes of a shapes graph, read once and kept by node."""

    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self._shapes: dict = {}

    def top_level(self) -> list[URIRef | BNode]:
        """The shapes with targets (only these produce results), in a stable order."""
        nodes = set()
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                  SH.target):
            nodes.update(self.sg.subjects(p, None))
        for cls in (RDFS.Class, OWL.Class):
            for s in self.sg.subjects(RDF.type, cls):
                if (s, RDF.type, SH.NodeShape) in self.sg or (s, SH.property, None) in self.sg:
                    nodes.add(s)
        return sorted(nodes, key=str)

    def shape(self, node: URIRef | BNode) -> Shape:
        """The shape at ``node`` (read once; raises :class:`Unsupported`)."""
        if node not in self._shapes:
            self._shapes[node] = None  # guards a recursive shape while it is being read
            self._shapes[node] = self._read(node)
        shape = self._shapes[node]
        if shape is None:
            raise Unsupported(node, "a recursive shape")
        return shape

    def _read(self, node: URIRef | BNode) -> Shape:
        sg = self.sg
        path = sg.value(node, SH.path)
        if isinstance(path, BNode) and sg.value(path, SH.inversePath) is None:
            raise Unsupported(node, "a complex property path")
        if isinstance(path, BNode) and not isinstance(sg.value(path, SH.inversePath), URIRef):
            raise Unsupported(node, "a nested inverse path")
        constraints = []
        for p, o in sorted(sg.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if not str(p).startswith(str(SH)) or p in _NOT_CONSTRAINTS:
                continue
            if p not in COMPONENTS:
                raise Unsupported(node, f"sh:{str(p)[len(str(SH)):]}")
            constraints.append(self._constraint(node, p, o))
        if any(c.param == SH.qualifiedValueShape for c in constraints) and \
                (node, SH.qualifiedValueShapesDisjoint, None) in sg:
            raise Unsupported(node, "sh:qualifiedValueShapesDisjoint")
        severity = sg.value(node, SH.severity) or SH.Violation
        shape = Shape(
            node=node, path=path, severity=severity, messages=list(sg.objects(node, SH.message)),
            deactivated=str(sg.value(node, SH.deactivated)).lower() == "true",
            constraints=constraints, properties=[],
            target_classes=list(sg.objects(node, SH.targetClass)),
            target_nodes=list(sg.objects(node, SH.targetNode)),
            subjects_of=list(sg.objects(node, SH.targetSubjectsOf)),
            objects_of=list(sg.objects(node, SH.targetObjectsOf)))
        if (node, RDF.type, RDFS.Class) in sg or (node, RDF.type, OWL.Class) in sg:
            shape.target_classes.append(node)  # an implicit class target
        for t in sg.objects(node, SH.target):
            if (t, RDF.type, SH.SPARQLTarget) not in sg or sg.value(t, SH.select) is None:
                raise Unsupported(node, "a sh:target that is not a SPARQL SELECT target")
            shape.sparql_targets.append((str(sg.value(t, SH.select)), self.prefixes(t)))
        shape.properties = [self.shape(p) for p in sorted(sg.objects(node, SH.property), key=str)]
        return shape

    def _constraint(self, shape: object, p: URIRef, o: object) -> Constraint:
        sg = self.sg
        if p in (SH.languageIn, SH["in"], SH["or"], SH["and"]):
            items = list(Collection(sg, o))
            if p in (SH["or"], SH["and"]):
                items = [self.shape(i) for i in items]
            return Constraint(p, items)
        if p in (SH.node, SH["not"]):
            return Constraint(p, self.shape(o))
        if p == SH.qualifiedValueShape:
            if (shape, SH.qualifiedMaxCount, None) in sg:
                raise Unsupported(shape, "sh:qualifiedMaxCount")
            count = sg.value(shape, SH.qualifiedMinCount)
            if count is None:
                raise Unsupported(shape, "sh:qualifiedValueShape without sh:qualifiedMinCount")
            return Constraint(p, self.shape(o), {"min": int(count)})
        if p == SH.pattern:
            flags = sg.value(shape, SH.flags)
            return Constraint(p, str(o), {"flags": str(flags) if flags is not None else ""})
        if p == SH.sparql:
            if (o, SH.deactivated, Literal(True)) in sg:
                return Constraint(p, None, {"deactivated": True})
            select = sg.value(o, SH.select)
            if select is None:
                raise Unsupported(shape, "a SPARQL constraint without sh:select")
            return Constraint(p, str(select), {"node": o, "prefixes": self.prefixes(o),
                                               "messages": list(sg.objects(o, SH.message))})
        if isinstance(o, BNode):
            raise Unsupported(shape, f"a blank node as the value of {p}")
        return Constraint(p, o)

    def prefixes(self, node: URIRef | BNode) -> str:
        """The PREFIX lines of a SPARQL-based constraint or target (its ``sh:prefixes``)."""
        lines = []
        for decl_owner in self.sg.objects(node, SH.prefixes):
            for d in self.sg.objects(decl_owner, SH.declare):
                prefix, ns = self.sg.value(d, SH.prefix), self.sg.value(d, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{ns}>")
        return "\n".join(sorted(set(lines)))
