"""The components SHACL groups as "other" (SHACL 4.8): ``sh:in``, ``sh:hasValue``, ``sh:closed``."""

from __future__ import annotations

from rdflib import BNode, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from puentes.check.shacl.base import Constraint, ModelView, Unsupported
from puentes.check.shacl.components.core import (
    Branch,
    Component,
    Cx,
    ValueComponent,
    term,
)


class InComponent(ValueComponent):
    """sh:in: the value is one of the listed terms."""

    params = (SH["in"],)
    iri = SH.InConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        return [Constraint(SH["in"], list(Collection(model.sg, value)), kind=self)]

    def test(self, cx: Cx, v: str) -> str:
        if any(isinstance(i, BNode) for i in cx.c.value):
            raise Unsupported(cx.shape.node, "a blank node in sh:in")
        if not cx.c.value:
            return "false"
        return "(" + " || ".join(f"sameTerm({v}, {term(i)})" for i in cx.c.value) + ")"


class HasValueComponent(Component):
    """sh:hasValue: the term is one of the value nodes (a result has no sh:value)."""

    params = (SH.hasValue,)
    iri = SH.HasValueConstraintComponent

    def violations(self, cx: Cx) -> Branch:
        if cx.path is None:
            return Branch(f"FILTER(!sameTerm(?this, {term(cx.c.value)}))", with_value=False)
        return Branch(f"FILTER NOT EXISTS {{ ?this {cx.path} {term(cx.c.value)} }}",
                      with_value=False)

    def holds(self, cx: Cx, f: str) -> str:
        if cx.path is None:
            return f"sameTerm({f}, {term(cx.c.value)})"
        return f"EXISTS {{ {f} {cx.path} {term(cx.c.value)} }}"


class ClosedComponent(Component):
    """sh:closed true (with sh:ignoredProperties): every predicate of the focus node is the
    path of one of the shape's property shapes or ignored; a result per other triple, with
    its predicate as sh:resultPath and its object as sh:value."""

    params = (SH.closed, SH.ignoredProperties)
    iri = SH.ClosedConstraintComponent
    on_property = False

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        if str(value).lower() != "true":
            return []
        allowed = set()
        for prop in model.sg.objects(node, SH.property):
            path = model.sg.value(prop, SH.path)
            if isinstance(path, URIRef):
                allowed.add(path)
        for lst in model.sg.objects(node, SH.ignoredProperties):
            allowed.update(Collection(model.sg, lst))
        return [Constraint(SH.closed, sorted(allowed), kind=self)]

    def _outside(self, cx: Cx) -> str:
        if not cx.c.value:
            return ""
        return f"FILTER(?path NOT IN ({', '.join(term(p) for p in cx.c.value)}))"

    def violations(self, cx: Cx) -> Branch:
        return Branch(f"?this ?path ?value . {self._outside(cx)}", with_path=True)

    def holds(self, cx: Cx, f: str) -> str:
        p, o = cx.var(), cx.var()
        return f"NOT EXISTS {{ {f} {p} {o} . {self._outside(cx).replace('?path', p)} }}"
