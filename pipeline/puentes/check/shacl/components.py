"""The SHACL Core constraint components the engine implements: one class per component,
registered in :data:`REGISTRY` by the parameter that makes it.

Each component says, in SPARQL, two things about one constraint of one shape:

- :meth:`Component.violations`: a group pattern that, with ``?this`` bound to a focus node,
  gives one row per validation result (``?value``, and ``?path`` for ``sh:closed``);
- :meth:`Component.holds`: an expression, true when a node given in a variable satisfies
  the constraint (used where shapes nest: ``sh:node``, ``sh:or``, ``sh:qualifiedValueShape``…).

A *value* component (:class:`ValueComponent`: ``sh:class``, ``sh:datatype``, ``sh:in``…) only
says whether one value node conforms (:meth:`ValueComponent.test`); the two methods follow
from it for node shapes (the value is the focus node) and property shapes (the values of the
path). A parameter of the SHACL namespace that no class here registers is refused when the
shapes are read (:class:`~puentes.check.shacl.model.Unsupported`, naming it), and so is a
registered one in a form the class does not express: such a shape is validated by pyshacl,
never skipped (docs/shacl.md says how to add a component, and which test proves it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

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
_NUMERIC = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.int, XSD.long, XSD.short,
            XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger,
            XSD.nonPositiveInteger, XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort,
            XSD.unsignedByte}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}


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
            raise Unsupported(node, f"a blank node as the value of {_short(self.params[0])}")
        return [Constraint(self.params[0], value, kind=self)]

    def check_place(self, shape: Shape) -> None:
        """Refuse the component where it may not be (sh:minCount on a node shape …)."""
        if shape.path is None and not self.on_node:
            raise Unsupported(shape.node, f"{_short(self.params[0])} on a node shape")
        if shape.path is not None and not self.on_property:
            raise Unsupported(shape.node, f"{_short(self.params[0])} on a property shape")

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


# --- value type ---------------------------------------------------------------------------
class ClassComponent(ValueComponent):
    """sh:class: a value is an instance of the class or of a subclass (rdfs:subClassOf*)."""

    params = (SH["class"],)
    iri = SH.ClassConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        return f"EXISTS {{ {v} {RDF_TYPE}/{SUBCLASS}* {term(cx.c.value)} }}"


class DatatypeComponent(ValueComponent):
    """sh:datatype: a literal of exactly that datatype whose lexical form is valid for it
    (the data's ill-typed literals are excluded per run: see
    :meth:`puentes.check.shacl.run.Engine._bad_literals`); a plain literal is an xsd:string,
    a language-tagged one an rdf:langString."""

    params = (SH.datatype,)
    iri = SH.DatatypeConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        dt = cx.c.value
        out = f"(isLiteral({v}) && DATATYPE({v}) = {term(dt)}"
        if dt not in (XSD.string, RDF_LANGSTRING):
            out += cx.compiler.bad_mark(dt, v)
        return out + ")"


class NodeKindComponent(ValueComponent):
    """sh:nodeKind: IRI, blank node, literal or one of their pairs."""

    params = (SH.nodeKind,)
    iri = SH.NodeKindConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        if cx.c.value not in _NODE_KINDS:
            raise Unsupported(cx.shape.node, f"sh:nodeKind {cx.c.value}")
        return _NODE_KINDS[cx.c.value].format(v=v)


# --- value range --------------------------------------------------------------------------
class _Range(ValueComponent):
    op: ClassVar[str]

    def test(self, cx: Cx, v: str) -> str:
        bound = cx.c.value
        if not isinstance(bound, Literal):
            raise Unsupported(cx.shape.node, f"{_short(self.params[0])} with a bound that is "
                              "not a literal")
        # SPARQL's comparison; a value it cannot compare (a string with a number, an IRI)
        # is a violation, as the spec says
        guard = f"isNumeric({v}) && " if bound.datatype in _NUMERIC else f"isLiteral({v}) && "
        return f"({guard}COALESCE({v} {self.op} {term(bound)}, false))"


class MinExclusiveComponent(_Range):
    """sh:minExclusive."""

    params = (SH.minExclusive,)
    iri = SH.MinExclusiveConstraintComponent
    op = ">"


class MinInclusiveComponent(_Range):
    """sh:minInclusive."""

    params = (SH.minInclusive,)
    iri = SH.MinInclusiveConstraintComponent
    op = ">="


class MaxExclusiveComponent(_Range):
    """sh:maxExclusive."""

    params = (SH.maxExclusive,)
    iri = SH.MaxExclusiveConstraintComponent
    op = "<"


class MaxInclusiveComponent(_Range):
    """sh:maxInclusive."""

    params = (SH.maxInclusive,)
    iri = SH.MaxInclusiveConstraintComponent
    op = "<="


# --- string based -------------------------------------------------------------------------
class _Length(ValueComponent):
    op: ClassVar[str]

    def test(self, cx: Cx, v: str) -> str:
        return f"(!isBlank({v}) && STRLEN(STR({v})) {self.op} {int(cx.c.value)})"


class MinLengthComponent(_Length):
    """sh:minLength (of the string form; a blank node fails)."""

    params = (SH.minLength,)
    iri = SH.MinLengthConstraintComponent
    op = ">="


class MaxLengthComponent(_Length):
    """sh:maxLength (of the string form; a blank node fails)."""

    params = (SH.maxLength,)
    iri = SH.MaxLengthConstraintComponent
    op = "<="


class PatternComponent(ValueComponent):
    """sh:pattern with sh:flags (the Python dialect pyshacl uses, written for Oxigraph)."""

    params = (SH.pattern, SH.flags)
    iri = SH.PatternConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        flags = model.sg.value(node, SH.flags)
        return [Constraint(SH.pattern, str(value),
                           {"flags": str(flags) if flags is not None else ""}, kind=self)]

    def test(self, cx: Cx, v: str) -> str:
        flags = cx.c.extra["flags"]
        pattern = python_regex_for_sparql(cx.c.value, flags, cx.shape.node)
        return (f"(!isBlank({v}) && REGEX(STR({v}), {term(Literal(pattern))}, "
                f"{term(Literal(flags))}))")


class LanguageInComponent(ValueComponent):
    """sh:languageIn: a tag in the list, or whose first subtag is (case-insensitive)."""

    params = (SH.languageIn,)
    iri = SH.LanguageInConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        return [Constraint(SH.languageIn, list(Collection(model.sg, value)), kind=self)]

    def test(self, cx: Cx, v: str) -> str:
        langs = ", ".join(term(Literal(str(lang).lower())) for lang in cx.c.value)
        if not langs:
            return "false"
        return (f"(isLiteral({v}) && LANG({v}) != \"\" && (LCASE(LANG({v})) IN ({langs}) || "
                f"STRBEFORE(CONCAT(LCASE(LANG({v})), \"-\"), \"-\") IN ({langs})))")


class UniqueLangComponent(Component):
    """sh:uniqueLang true: no two values share a language tag (false: no constraint)."""

    params = (SH.uniqueLang,)
    iri = SH.UniqueLangConstraintComponent
    on_node = False

    def _on(self, cx: Cx) -> bool:
        return str(cx.c.value).lower() == "true"

    def violations(self, cx: Cx) -> Branch | None:
        if not self._on(cx):
            return None
        return Branch(
            f"{{ SELECT ?this ?_d WHERE {{ ?this {cx.path} ?_x FILTER(isLiteral(?_x) && "
            f"LANG(?_x) != \"\") BIND(LCASE(LANG(?_x)) AS ?_d) }} GROUP BY ?this ?_d "
            f"HAVING (COUNT(DISTINCT ?_x) > 1) }}", with_value=False)

    def holds(self, cx: Cx, f: str) -> str:
        if not self._on(cx):
            return "true"
        a, b = cx.var(), cx.var()
        return (f"NOT EXISTS {{ {f} {cx.path} {a}, {b} FILTER(!sameTerm({a}, {b}) && "
                f"isLiteral({a}) && isLiteral({b}) && LANG({a}) != \"\" && "
                f"LCASE(LANG({a})) = LCASE(LANG({b}))) }}")


# --- cardinality --------------------------------------------------------------------------
def count_branch(where: str, op: str, n: int) -> str:
    """Rows for the focus nodes whose number of distinct ``?_x`` in ``where`` is ``op n``
    (0 when it has none: the sub-select returns ?this, so LATERAL binds it inside, and
    OPTIONAL keeps the node without values)."""
    return (f"{{ SELECT ?this (COUNT(DISTINCT ?_x) AS ?_n) WHERE {{ OPTIONAL "
            f"{{ {where} }} }} GROUP BY ?this }} FILTER(?_n {op} {n})")


def at_least(cx: Cx, f: str, n: int, extra: str = "") -> str:
    """An expression true when ``f`` has at least ``n`` distinct values (``extra``: a filter
    on ``?_x`` that a value must pass to count)."""
    if n <= 0:
        return "true"
    names = [cx.var() for _ in range(n)]
    if n <= 3:  # a few distinct variables: correlated, no grouping
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
        tests += [extra.replace("?_x", a) for a in names if extra]
        where = f"FILTER({' && '.join(tests)})" if tests else ""
        return f"EXISTS {{ {f} {cx.path} {', '.join(names)} {where} }}"
    # more: one grouped count, joined with the node in f (not correlated: slower, rare)
    x = names[0]
    cond = f"FILTER({extra.replace('?_x', x)})" if extra else ""
    return (f"EXISTS {{ SELECT {f} WHERE {{ {f} {cx.path} {x} {cond} }} GROUP BY {f} "
            f"HAVING (COUNT(DISTINCT {x}) >= {n}) }}")


class MinCountComponent(Component):
    """sh:minCount: at least n distinct values."""

    params = (SH.minCount,)
    iri = SH.MinCountConstraintComponent
    on_node = False

    def violations(self, cx: Cx) -> Branch | None:
        n = int(cx.c.value)
        if n <= 0:
            return None
        if n == 1:
            return Branch(f"FILTER NOT EXISTS {{ ?this {cx.path} [] }}", with_value=False)
        return Branch(count_branch(f"?this {cx.path} ?_x", "<", n), with_value=False)

    def holds(self, cx: Cx, f: str) -> str:
        return at_least(cx, f, int(cx.c.value))


class MaxCountComponent(Component):
    """sh:maxCount: at most n distinct values."""

    params = (SH.maxCount,)
    iri = SH.MaxCountConstraintComponent
    on_node = False

    def violations(self, cx: Cx) -> Branch:
        return Branch(count_branch(f"?this {cx.path} ?_x", ">", int(cx.c.value)),
                      with_value=False)

    def holds(self, cx: Cx, f: str) -> str:
        return f"!{at_least(cx, f, int(cx.c.value) + 1)}"


# --- other constraints --------------------------------------------------------------------
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


class _Pair(Component):
    """The property pair components: the value nodes against the values of a predicate."""

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        if not isinstance(value, URIRef):
            raise Unsupported(node, f"{_short(self.params[0])} with a value that is not an IRI")
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


# --- shape-based (logical, sh:node, qualified) --------------------------------------------
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


class SparqlComponent(Component):
    """sh:sparql (SPARQL-based constraints): compiled by
    :meth:`puentes.check.shacl.compile.Compiler.sparql_check`; only at the top of a shape
    with targets, never nested."""

    params = (SH.sparql, SH.prefixes, SH.declare, SH.select, SH.namespace, SH.prefix)
    iri = SH.SPARQLConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        sg = model.sg
        if (value, SH.deactivated, Literal(True)) in sg:
            return []
        select = sg.value(value, SH.select)
        if select is None:
            raise Unsupported(node, "a SPARQL constraint without sh:select")
        return [Constraint(SH.sparql, str(select),
                           {"node": value, "prefixes": model.prefixes(value),
                            "messages": list(sg.objects(value, SH.message))}, kind=self)]

    def violations(self, cx: Cx) -> Branch:
        raise AssertionError("compiled by Compiler.sparql_check")

    def holds(self, cx: Cx, f: str) -> str:
        raise Unsupported(cx.shape.node, "a SPARQL constraint in a nested shape")


def python_regex_for_sparql(pattern: str, flags: str, shape: object = None) -> str:
    """A Python ``re`` pattern (pyshacl's dialect) in the dialect of Oxigraph's REGEX.

    The one difference the shapes can meet: ``$`` also matches before a final newline in
    Python, not in Rust's ``regex``; constructs Rust lacks (look-around, back-references)
    are refused rather than given another meaning.
    """
    if re.search(r"\(\?[=!<]|\\[1-9]", pattern):
        raise Unsupported(shape or pattern, "a pattern with look-around or back-references")
    if "m" in flags:
        return pattern
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif ch == "$" and not in_class:
            ch = "(?:\\n?$)"
        out.append(ch)
        i += 1
    return "".join(out)


def _short(p: URIRef) -> str:
    return "sh:" + str(p)[len(str(SH)):] if str(p).startswith(str(SH)) else str(p)


#: every component the engine implements, by the parameter that makes it
COMPONENT_CLASSES: tuple[type[Component], ...] = (
    ClassComponent, DatatypeComponent, NodeKindComponent,
    MinExclusiveComponent, MinInclusiveComponent, MaxExclusiveComponent, MaxInclusiveComponent,
    MinLengthComponent, MaxLengthComponent, PatternComponent, LanguageInComponent,
    UniqueLangComponent, MinCountComponent, MaxCountComponent, InComponent, HasValueComponent,
    ClosedComponent, EqualsComponent, DisjointComponent, LessThanComponent,
    LessThanOrEqualsComponent, NodeComponent, NotComponent, AndComponent, OrComponent,
    XoneComponent, QualifiedComponent, SparqlComponent)
REGISTRY: dict[URIRef, Component] = {cls.params[0]: cls() for cls in COMPONENT_CLASSES}
#: parameters read by a component of the registry along with its first one (sh:flags …)
SECONDARY: set[URIRef] = {p for cls in COMPONENT_CLASSES for p in cls.params[1:]}
#: the constraint components implemented (sh:qualifiedValueShape makes two)
IMPLEMENTED: frozenset[URIRef] = frozenset(
    {cls.iri for cls in COMPONENT_CLASSES} | {SH.QualifiedMaxCountConstraintComponent})
