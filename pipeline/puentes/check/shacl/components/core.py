"""What every SHACL constraint component of the engine is built on: :class:`Component` (one
class per component: its parameters, where it may appear, the SPARQL of its violations and of
"holds"), :class:`ValueComponent` (a component that tests each value node on its own),
:class:`Cx` (one constraint of one shape as a component compiles it), :class:`Branch` (the
rows of its violations) and :func:`term` (an rdflib term in SPARQL syntax)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from puentes.check.shacl.base import (
    CompilerView,
    Constraint,
    ModelView,
    Shape,
    Unsupported,
)

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
RDF_LANGSTRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def term(t: object) -> str:
    """An rdflib term in SPARQL syntax (a literal written out as it is: its lexical form)."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):  # written out: rdflib's n3() warns on ill-typed numbers
        text = str(t).replace("\\", "\\\\").replace('"', '\\"').replace(
            "\n", "\\n").replace("\r", "\\r")
        if t.language:
            return f'"{text}"@{t.language}'
        return f'"{text}"^^<{t.datatype}>' if t.datatype is not None else f'"{text}"'
    raise ValueError(f"no SPARQL syntax for {t!r}")


@dataclass
class Cx:
    """One constraint of one shape, as a component compiles it."""

    compiler: CompilerView
    shape: Shape
    c: Constraint

    @property
    def path(self) -> str | None:
        """The shape's path in SPARQL (None for a node shape: its value is the focus node)."""
        return self.compiler.path(self.shape)

    def values(self, f: str, x: str) -> str:
        """A pattern binding ``x`` (unbound) to each value node of the focus node in ``f``."""
        return f"BIND({f} AS {x})" if self.path is None else f"{f} {self.path} {x} ."

    def has(self, f: str, x: str) -> str:
        """A pattern that holds when the node bound in ``x`` is a value node of ``f``."""
        return f"FILTER(sameTerm({f}, {x}))" if self.path is None else f"{f} {self.path} {x} ."

    def var(self) -> str:
        """A fresh variable name."""
        return self.compiler.var()


@dataclass
class Branch:
    """The violations of one constraint: a pattern giving a row per result; ``with_value``
    when the rows bind ``?value`` (the result's sh:value), ``with_path`` when they bind
    ``?path`` (the result's sh:resultPath, for sh:closed)."""

    pattern: str
    with_value: bool = True
    with_path: bool = False


class Component:
    """One SHACL constraint component. Subclasses set :attr:`params` (the parameters that
    make it: the first one is its key in :data:`REGISTRY`), :attr:`iri`, and implement
    :meth:`violations` and :meth:`holds`; :meth:`read` reads a parameter's value."""

    params: ClassVar[tuple[URIRef, ...]]
    iri: ClassVar[URIRef]
    #: where the component may appear: on node shapes, on property shapes
    on_node: ClassVar[bool] = True
    on_property: ClassVar[bool] = True

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        """The constraints of ``node`` for one value of the component's first parameter."""
        if isinstance(value, BNode):
            raise Unsupported(node, f"a blank node as the value of {short(self.params[0])}")
        return [Constraint(self.params[0], value, kind=self)]

    def check_place(self, shape: Shape) -> None:
        """Refuse the component where it may not be (sh:minCount on a node shape …)."""
        if shape.path is None and not self.on_node:
            raise Unsupported(shape.node, f"{short(self.params[0])} on a node shape")
        if shape.path is not None and not self.on_property:
            raise Unsupported(shape.node, f"{short(self.params[0])} on a property shape")

    def violations(self, cx: Cx) -> Branch:
        """The rows of the results of ``cx`` for the focus node in ``?this``."""
        raise NotImplementedError

    def holds(self, cx: Cx, f: str) -> str:
        """An expression true when the node in ``f`` satisfies the constraint."""
        raise NotImplementedError


class ValueComponent(Component):
    """A component that tests each value node on its own."""

    def test(self, cx: Cx, v: str) -> str:
        """An expression true when the value node in ``v`` conforms."""
        raise NotImplementedError

    def violations(self, cx: Cx) -> Branch:
        return Branch(f"{cx.values('?this', '?value')} FILTER(!{self.test(cx, '?value')})")

    def holds(self, cx: Cx, f: str) -> str:
        if cx.path is None:
            return self.test(cx, f)
        x = cx.var()
        return f"NOT EXISTS {{ {f} {cx.path} {x} FILTER(!{self.test(cx, x)}) }}"


def short(p: URIRef) -> str:
    """A SHACL parameter as ``sh:name`` (for messages)."""
    return "sh:" + str(p)[len(str(SH)):] if str(p).startswith(str(SH)) else str(p)
