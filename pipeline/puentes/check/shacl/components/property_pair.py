"""The property pair components (SHACL 4.5): ``sh:equals``, ``sh:disjoint``, ``sh:lessThan``,
``sh:lessThanOrEquals``."""

from __future__ import annotations

from typing import ClassVar

from rdflib import BNode, URIRef
from rdflib.namespace import SH

from puentes.check.shacl.base import Constraint, ModelView, Unsupported
from puentes.check.shacl.components.core import (
    Branch,
    Component,
    Cx,
    short,
    term,
)


class _Pair(Component):
    """The property pair components: the value nodes against the values of a predicate."""

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        if not isinstance(value, URIRef):
            raise Unsupported(node, f"{short(self.params[0])} with a value that is not an IRI")
        return [Constraint(self.params[0], value, kind=self)]


class EqualsComponent(_Pair):
    """sh:equals: the value nodes and the values of the predicate are the same set (a
    result per node in one set and not the other)."""

    params = (SH.equals,)
    iri = SH.EqualsConstraintComponent

    def violations(self, cx: Cx) -> Branch:
        p = term(cx.c.value)
        return Branch(f"{{ {cx.values('?this', '?value')} FILTER NOT EXISTS {{ ?this {p} ?value }} "
                      f"}} UNION {{ ?this {p} ?value FILTER NOT EXISTS {{ "
                      f"{cx.has('?this', '?value')} }} }}")

    def holds(self, cx: Cx, f: str) -> str:
        p, x = term(cx.c.value), cx.var()
        return (f"(NOT EXISTS {{ {cx.values(f, x)} FILTER NOT EXISTS {{ {f} {p} {x} }} }} && "
                f"NOT EXISTS {{ {f} {p} {x} FILTER NOT EXISTS {{ {cx.has(f, x)} }} }})")


class DisjointComponent(_Pair):
    """sh:disjoint: no value node is also a value of the predicate."""

    params = (SH.disjoint,)
    iri = SH.DisjointConstraintComponent

    def violations(self, cx: Cx) -> Branch:
        return Branch(f"{cx.values('?this', '?value')} ?this {term(cx.c.value)} ?value .")

    def holds(self, cx: Cx, f: str) -> str:
        x = cx.var()
        return f"NOT EXISTS {{ {cx.values(f, x)} {f} {term(cx.c.value)} {x} . }}"


class _Order(_Pair):
    op: ClassVar[str]
    on_node = False

    def violations(self, cx: Cx) -> Branch:
        # a pair that SPARQL cannot compare is a violation too
        # one result per pair (?_d: the other value, projected so that pairs stay apart)
        return Branch(f"{cx.values('?this', '?value')} ?this {term(cx.c.value)} ?_d "
                      f"FILTER(!COALESCE(?value {self.op} ?_d, false))")

    def holds(self, cx: Cx, f: str) -> str:
        x, o = cx.var(), cx.var()
        return (f"NOT EXISTS {{ {cx.values(f, x)} {f} {term(cx.c.value)} {o} "
                f"FILTER(!COALESCE({x} {self.op} {o}, false)) }}")


class LessThanComponent(_Order):
    """sh:lessThan: each value node is below each value of the predicate."""

    params = (SH.lessThan,)
    iri = SH.LessThanConstraintComponent
    op = "<"


class LessThanOrEqualsComponent(_Order):
    """sh:lessThanOrEquals: each value node is at most each value of the predicate."""

    params = (SH.lessThanOrEquals,)
    iri = SH.LessThanOrEqualsConstraintComponent
    op = "<="
