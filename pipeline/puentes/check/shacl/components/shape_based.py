"""The logical and shape-based components (SHACL 4.6, 4.7): ``sh:node``, ``sh:not``,
``sh:and``, ``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape`` (with its min and max counts)."""

from __future__ import annotations

from rdflib import BNode, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from puentes.check.shacl.base import Constraint, ModelView, Unsupported
from puentes.check.shacl.components.cardinality import at_least, count_branch
from puentes.check.shacl.components.core import (
    Branch,
    Component,
    Cx,
    ValueComponent,
)


class NodeComponent(ValueComponent):
    """sh:node: each value node conforms to the node shape."""

    params = (SH.node,)
    iri = SH.NodeConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        return [Constraint(SH.node, model.shape(value), kind=self)]

    def test(self, cx: Cx, v: str) -> str:
        return cx.compiler.conforms(cx.c.value, v)


class NotComponent(NodeComponent):
    """sh:not: no value node conforms to the shape."""

    params = (SH["not"],)
    iri = SH.NotConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        return [Constraint(SH["not"], model.shape(value), kind=self)]

    def test(self, cx: Cx, v: str) -> str:
        return f"!{cx.compiler.conforms(cx.c.value, v)}"


class _Logical(ValueComponent):
    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        shapes = [model.shape(i) for i in Collection(model.sg, value)]
        return [Constraint(self.params[0], shapes, kind=self)]

    def parts(self, cx: Cx, v: str) -> list[str]:
        """Per listed shape, whether the value conforms to it."""
        return [cx.compiler.conforms(s, v) for s in cx.c.value]


class AndComponent(_Logical):
    """sh:and: each value node conforms to every listed shape."""

    params = (SH["and"],)
    iri = SH.AndConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        return "(" + " && ".join(self.parts(cx, v)) + ")" if cx.c.value else "true"


class OrComponent(_Logical):
    """sh:or: each value node conforms to at least one listed shape."""

    params = (SH["or"],)
    iri = SH.OrConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        return "(" + " || ".join(self.parts(cx, v)) + ")" if cx.c.value else "false"


class XoneComponent(_Logical):
    """sh:xone: each value node conforms to exactly one listed shape (a shape listed twice
    counts twice)."""

    params = (SH.xone,)
    iri = SH.XoneConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        if not cx.c.value:
            return "false"
        return "((" + " + ".join(f"IF({p}, 1, 0)" for p in self.parts(cx, v)) + ") = 1)"


class QualifiedComponent(Component):
    """sh:qualifiedValueShape with sh:qualifiedMinCount and/or sh:qualifiedMaxCount (two
    components, one per count) and sh:qualifiedValueShapesDisjoint: the number of value nodes
    that conform to the shape (and, when disjoint, to none of the sibling shapes: the
    qualified value shapes of the other property shapes of the same parent shapes)."""

    params = (SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
              SH.qualifiedValueShapesDisjoint)
    iri = SH.QualifiedMinCountConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        sg = model.sg
        shape = model.shape(value)
        siblings = []
        if str(sg.value(node, SH.qualifiedValueShapesDisjoint)).lower() == "true":
            for parent in sg.subjects(SH.property, node):
                for sib in sg.objects(parent, SH.property):
                    for q in sg.objects(sib, SH.qualifiedValueShape):
                        if q != value:
                            siblings.append(model.shape(q))
        out = []
        for count, iri in ((SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent),
                           (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent)):
            n = sg.value(node, count)
            if n is not None:
                out.append(Constraint(SH.qualifiedValueShape, shape,
                                      {"count": count, "n": int(n), "siblings": siblings,
                                       "component": iri}, kind=self))
        if not out:
            raise Unsupported(node, "sh:qualifiedValueShape without a qualified count")
        return out

    def _conforming(self, cx: Cx, x: str) -> str:
        test = cx.compiler.conforms(cx.c.value, x)
        for s in cx.c.extra["siblings"]:
            test += f" && !{cx.compiler.conforms(s, x)}"
        return test

    def violations(self, cx: Cx) -> Branch:
        is_min = cx.c.extra["count"] == SH.qualifiedMinCount
        where = f"{cx.values('?this', '?_x')} FILTER({self._conforming(cx, '?_x')})"
        return Branch(count_branch(where, "<" if is_min else ">", cx.c.extra["n"]),
                      with_value=False)

    def holds(self, cx: Cx, f: str) -> str:
        n = cx.c.extra["n"]
        is_min = cx.c.extra["count"] == SH.qualifiedMinCount
        if cx.path is None:
            test = self._conforming(cx, f)
            return (f"(IF({test}, 1, 0) >= {n})" if is_min else f"(IF({test}, 1, 0) <= {n})")
        enough = at_least(cx, f, n if is_min else n + 1, self._conforming(cx, "?_x"))
        return enough if is_min else f"!{enough}"
