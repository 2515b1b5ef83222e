"""The shapes graph read into plain objects: shapes, their targets and their constraints.

Each constraint parameter is read by the component that implements it
(:data:`puentes.check.shacl.components.REGISTRY`); any other SHACL parameter, or a form a
component does not express, raises :class:`Unsupported`, naming the shape and the feature, so
that nothing is silently left unchecked (``puentes.check.validate`` then hands that shape to
pyshacl).
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from puentes.check.shacl.base import Constraint, Shape, Unsupported, path_sparql
from puentes.check.shacl.components import REGISTRY, SECONDARY

__all__ = ["NOT_CONSTRAINTS", "Constraint", "Shape", "ShapesModel", "Unsupported",
           "path_sparql"]

#: parameters of the SHACL namespace that hold no constraint (names, targets, severity …);
#: every other sh: parameter of a shape must be read by a component of
#: :data:`puentes.check.shacl.components.REGISTRY`, or the shape is refused
NOT_CONSTRAINTS = {SH.name, SH.description, SH.message, SH.severity, SH.path, SH.property,
                   SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                   SH.target, SH.deactivated, SH.order, SH.group, SH.defaultValue}


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
        if path is not None:
            path_sparql(sg, path, node)  # refuses a malformed path now
        shape = Shape(
            node=node, path=path, severity=sg.value(node, SH.severity) or SH.Violation,
            messages=list(sg.objects(node, SH.message)),
            deactivated=str(sg.value(node, SH.deactivated)).lower() == "true",
            constraints=[], properties=[],
            target_classes=list(sg.objects(node, SH.targetClass)),
            target_nodes=list(sg.objects(node, SH.targetNode)),
            subjects_of=list(sg.objects(node, SH.targetSubjectsOf)),
            objects_of=list(sg.objects(node, SH.targetObjectsOf)))
        for p, o in sorted(sg.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            # a parameter that only goes with another (sh:flags, sh:qualifiedMinCount …) is
            # read with it; alone, it makes no constraint (SHACL 4: a component applies when
            # its mandatory parameters are there)
            if not str(p).startswith(str(SH)) or p in NOT_CONSTRAINTS or p in SECONDARY:
                continue
            kind = REGISTRY.get(p)
            if kind is None:
                raise Unsupported(node, f"sh:{str(p)[len(str(SH)):]} (no component of the "
                                  "engine implements it)")
            kind.check_place(shape)
            shape.constraints.extend(kind.read(self, node, o))
        if (node, RDF.type, RDFS.Class) in sg or (node, RDF.type, OWL.Class) in sg:
            shape.target_classes.append(node)  # an implicit class target
        for t in sg.objects(node, SH.target):
            if (t, RDF.type, SH.SPARQLTarget) not in sg or sg.value(t, SH.select) is None:
                raise Unsupported(node, "a sh:target that is not a SPARQL SELECT target")
            shape.sparql_targets.append((str(sg.value(t, SH.select)), self.prefixes(t)))
        shape.properties = [self.shape(p) for p in sorted(sg.objects(node, SH.property), key=str)]
        return shape

    def prefixes(self, node: URIRef | BNode) -> str:
        """The PREFIX lines of a SPARQL-based constraint or target (its ``sh:prefixes``)."""
        lines = []
        for decl_owner in self.sg.objects(node, SH.prefixes):
            for d in self.sg.objects(decl_owner, SH.declare):
                prefix, ns = self.sg.value(d, SH.prefix), self.sg.value(d, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{ns}>")
        return "\n".join(sorted(set(lines)))
