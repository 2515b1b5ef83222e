"""SHACL Core constraints as SPARQL: one set-based SELECT per constraint of a shape.

A *value test* is a SPARQL boolean expression on one variable that holds when a value
conforms (``sh:datatype``, ``sh:class``, ``sh:node``, ``sh:or`` …); nested shapes become
nested expressions, so a whole ``sh:or`` of node shapes is one FILTER. A *check* is one
SELECT that returns every violation of one constraint for all focus nodes at once: the
focus nodes come from the shape's targets as a sub-select (``?this``), the values from its
path (``?value``). The semantics follow pyshacl's (the reference the tests compare with):
value nodes are sets, ``sh:class`` and ``sh:targetClass`` follow ``rdfs:subClassOf*`` in the
data, ``sh:languageIn`` matches a tag or its first subtag, ill-typed literals fail
``sh:datatype`` (see :class:`Checker`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import SH, XSD

from puentes.check.shacl.model import Constraint, Shape, Unsupported

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
RDF_LANGSTRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
_NUMERIC = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.int, XSD.long, XSD.short,
            XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger,
            XSD.nonPositiveInteger, XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort,
            XSD.unsignedByte}
#: where a datatype test excludes the data's ill-typed literals: datatype and variable
BAD_MARK = re.compile("\x00BAD (\\S+) (\\S+)\x00")
#: where the focus nodes may be restricted to the subjects of one graph (per run)
OWN_MARK = "\x00OWN\x00"
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
#: components whose violations carry the value node (the others report the focus node only)
VALUE_COMPONENTS = {SH["class"], SH.datatype, SH.nodeKind, SH.minInclusive, SH.maxInclusive,
                    SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.pattern,
                    SH.languageIn, SH["in"], SH.node, SH["or"], SH["and"], SH["not"]}


def term(t: object) -> str:
    """An rdflib term in SPARQL syntax."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):  # written out: rdflib's n3() warns on ill-typed numbers
        text = str(t).replace("\\", "\\\\").replace('"', '\\"').replace(
            "\n", "\\n").replace("\r", "\\r")
        if t.language:
            return f'"{text}"@{t.language}'
        return f'"{text}"^^<{t.datatype}>' if t.datatype is not None else f'"{text}"'
    raise ValueError(f"no SPARQL syntax for {t!r}")


def path_sparql(shape: Shape, sg) -> str:  # noqa: ANN001 - an rdflib Graph
    """The shape's path as a SPARQL property path (a predicate or an inverse one)."""
    if isinstance(shape.path, URIRef):
        return f"<{shape.path}>"
    return f"^<{sg.value(shape.path, SH.inversePath)}>"


def python_regex_for_sparql(pattern: str, flags: str) -> str:
    """A Python ``re`` pattern (pyshacl's dialect) in the dialect of Oxigraph's REGEX.

    The one difference the shapes can meet: ``$`` also matches before a final newline in
    Python, not in Rust's ``regex``; constructs Rust lacks (look-around, back-references)
    are refused rather than given another meaning.
    """
    if re.search(r"\(\?[=!<]|\\[1-9]", pattern):
        raise Unsupported(pattern, "a pattern with look-around or back-references")
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


@dataclass
class Check:
    """One constraint of one shape. ``branch`` is a group pattern that, with ``?this`` bound
    to a focus node, gives a row per violation (``?value`` too when ``with_value``); a
    SPARQL constraint has its own ``query`` instead."""

    shape: Shape
    constraint: Constraint
    branch: str
    with_value: bool
    query: str = ""
    #: for sh:node: the nested shape's checks on the values that fail it (pyshacl reports
    #: their results too, under sh:detail)
    nested: Group | None = None


@dataclass
class Group:
    """The checks of one shape on one set of focus nodes: the core ones as ONE SELECT (the
    focus nodes computed once, each branch of a UNION evaluated per focus node and
    numbered by ``?_c``), the SPARQL-based ones as a query each."""

    query: str
    checks: list[Check] = field(default_factory=list)
    sparql: list[Check] = field(default_factory=list)

    def all_checks(self) -> list[Check]:
        """Every check of the group, nested groups' included."""
        out = [*self.checks, *self.sparql]
        for c in self.checks:
            if c.nested is not None:
                out += c.nested.all_checks()
        return out


class Compiler:
    """Compiles the shapes of a :class:`~puentes.check.shacl.model.ShapesModel` into checks.

    A datatype test leaves a mark (:data:`BAD_MARK`) where the data's ill-typed literals of
    that datatype are to be excluded, filled in per run (:class:`~puentes.check.shacl.run.Engine`),
    so that the checks do not depend on the data; :attr:`datatypes` lists those datatypes.
    ``advanced`` switches SPARQL targets on, as pyshacl's option of the same name does.
    """

    def __init__(self, sg, *, advanced: bool = True) -> None:  # noqa: ANN001
        self.sg = sg
        self.advanced = advanced
        self.datatypes: set[URIRef] = set()
        #: the predicates whose values the datatype tests look at (None: any node, when a
        #: test applies to focus nodes themselves), so that the run looks for ill-typed
        #: literals among those values only
        self.datatype_predicates: set[URIRef | None] = set()
        self._values_of: list[URIRef | None] = [None]
        self._names = itertools.count()

    def _var(self) -> str:
        return f"?_v{next(self._names)}"

    # --- focus nodes ---------------------------------------------------------------------
    def focus(self, shape: Shape) -> tuple[str, list[str]] | None:
        """The sub-select of the shape's focus nodes (``?this``) and the prefixes it needs;
        None when it has none (only SPARQL targets, with ``advanced`` off)."""
        parts, prefixes = [], []
        for c in shape.target_classes:
            parts.append(f"?this {RDF_TYPE}/{SUBCLASS}* {term(c)} .")
        for n in shape.target_nodes:
            parts.append(f"VALUES ?this {{ {term(n)} }}")
        for p in shape.subjects_of:
            parts.append(f"?this {term(p)} [] .")
        for p in shape.objects_of:
            parts.append(f"[] {term(p)} ?this .")
        if self.advanced:
            for select, prefix in shape.sparql_targets:
                parts.append(select)
                prefixes.append(prefix)
        if not parts:
            return None
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} {OWN_MARK} }} }}", prefixes

    # --- value tests -------------------------------------------------------------------
    def conforms(self, shape: Shape, v: str, depth: int = 0) -> str:
        """A SPARQL expression true when the node in ``v`` conforms to ``shape`` (nested)."""
        if depth > 8:
            raise Unsupported(shape.node, "shapes nested more than 8 deep")
        if shape.deactivated:
            return "true"
        if shape.path is not None:  # a property shape used as a node test
            return self._property_conforms(shape, v, depth)
        tests = [self.value_test(shape, c, v, depth) for c in shape.constraints]
        tests += [self._property_conforms(p, v, depth) for p in shape.properties]
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def _values(self, prop: Shape) -> URIRef | str:
        """What the values of a property shape are: a predicate's objects, or subjects."""
        return prop.path if isinstance(prop.path, URIRef) else "inverse"

    def _property_conforms(self, prop: Shape, v: str, depth: int) -> str:
        if prop.deactivated:
            return "true"
        self._values_of.append(self._values(prop))
        try:
            return self._property_conforms_in(prop, v, depth)
        finally:
            self._values_of.pop()

    def _property_conforms_in(self, prop: Shape, v: str, depth: int) -> str:
        path = path_sparql(prop, self.sg)
        tests = []
        for c in prop.constraints:
            if c.param == SH.minCount:
                if int(c.value) > 1:
                    raise Unsupported(prop.node, "a nested sh:minCount above 1")
                if int(c.value) == 1:
                    tests.append(f"EXISTS {{ {v} {path} [] }}")
            elif c.param == SH.maxCount:
                if int(c.value) != 1:
                    raise Unsupported(prop.node, "a nested sh:maxCount other than 1")
                a, b = self._var(), self._var()
                tests.append(f"NOT EXISTS {{ {v} {path} {a}, {b} FILTER(!sameTerm({a}, {b})) }}")
            elif c.param == SH.hasValue:
                tests.append(f"EXISTS {{ {v} {path} {term(c.value)} }}")
            elif c.param == SH.qualifiedValueShape and c.extra["min"] <= 1:
                x = self._var()
                if c.extra["min"] == 1:
                    tests.append(f"EXISTS {{ {v} {path} {x} "
                                 f"FILTER({self.conforms(c.value, x, depth + 1)}) }}")
            elif c.param in VALUE_COMPONENTS:
                x = self._var()
                tests.append(f"NOT EXISTS {{ {v} {path} {x} "
                             f"FILTER(!{self.value_test(prop, c, x, depth + 1)}) }}")
            else:
                raise Unsupported(prop.node, f"a nested {c.param}")
        for p in prop.properties:
            raise Unsupported(p.node, "a property shape inside a property shape used nested")
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def value_test(self, shape: Shape, c: Constraint, v: str, depth: int = 0) -> str:
        """The expression true when the value in ``v`` satisfies constraint ``c``."""
        p, x = c.param, c.value
        if p == SH["class"]:
            return f"EXISTS {{ {v} {RDF_TYPE}/{SUBCLASS}* {term(x)} }}"
        if p == SH.datatype:
            return self._datatype(x, v)
        if p == SH.nodeKind:
            if x not in _NODE_KINDS:
                raise Unsupported(shape.node, f"sh:nodeKind {x}")
            return _NODE_KINDS[x].format(v=v)
        if p == SH.pattern:
            pattern = python_regex_for_sparql(x, c.extra["flags"])
            return (f"(!isBlank({v}) && REGEX(STR({v}), {term(Literal(pattern))}, "
                    f"{term(Literal(c.extra['flags']))}))")
        if p in (SH.minLength, SH.maxLength):
            op = ">=" if p == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(x)})"
        if p == SH.languageIn:
            langs = ", ".join(term(Literal(str(lang).lower())) for lang in x)
            if '"*"' in langs:
                return f"(isLiteral({v}) && LANG({v}) != \"\")"
            return (f"(isLiteral({v}) && LANG({v}) != \"\" && (LCASE(LANG({v})) IN ({langs}) || "
                    f"STRBEFORE(CONCAT(LCASE(LANG({v})), \"-\"), \"-\") IN ({langs})))")
        if p == SH["in"]:
            if not x:
                return "false"
            return "(" + " || ".join(f"sameTerm({v}, {term(i)})" for i in x) + ")"
        if p == SH.hasValue:
            return f"sameTerm({v}, {term(x)})"
        if p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            return self._range(shape, p, x, v)
        if p == SH.node:
            return self.conforms(x, v, depth + 1)
        if p == SH["or"]:
            return "(" + " || ".join(self.conforms(s, v, depth + 1) for s in x) + ")" \
                if x else "false"
        if p == SH["and"]:
            return "(" + " && ".join(self.conforms(s, v, depth + 1) for s in x) + ")" \
                if x else "true"
        if p == SH["not"]:
            return f"!{self.conforms(x, v, depth + 1)}"
        raise Unsupported(shape.node, f"{p} as a test on a value")

    def _datatype(self, dt: URIRef, v: str) -> str:
        # pyshacl: a literal of exactly this datatype, not ill-typed; a plain literal is an
        # xsd:string, a language-tagged one an rdf:langString
        test = f"(isLiteral({v}) && DATATYPE({v}) = {term(dt)}"
        if dt not in (XSD.string, RDF_LANGSTRING):
            self.datatypes.add(dt)
            if self._values_of[-1] != "inverse":  # subjects are never literals
                self.datatype_predicates.add(self._values_of[-1])
            test += f"\x00BAD {dt} {v}\x00"
        return test + ")"

    def _range(self, shape: Shape, p: URIRef, bound: object, v: str) -> str:
        if not isinstance(bound, Literal) or bound.datatype not in _NUMERIC:
            raise Unsupported(shape.node, f"{p} with a bound that is not a number")
        op = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
              SH.maxExclusive: "<"}[p]
        # pyshacl compares only numbers with a number: a string, a date or an IRI fails
        return f"(isNumeric({v}) && COALESCE({v} {op} {term(bound)}, false))"

    # --- checks ------------------------------------------------------------------------
    def group(self, shape: Shape, focus: tuple[str, list[str]] | None = None,
              depth: int = 0) -> Group | None:
        """The checks of a shape with targets (or of a nested shape on the ``focus``
        given): its own constraints (the value is the focus node) and those of its
        property shapes; None when it has no focus nodes or nothing to check."""
        if depth > 8:
            raise Unsupported(shape.node, "sh:node nested more than 8 deep")
        if shape.deactivated:
            return None
        focus = focus or self.focus(shape)
        if focus is None:
            return None
        select, prefixes = focus
        head = "\n".join(sorted(set(filter(None, prefixes))))
        checks, sparql = [], []
        for c in shape.constraints:
            if c.param == SH.sparql:
                if not c.extra.get("deactivated"):
                    sparql.append(self._sparql_check(shape, c, select, head))
                continue
            checks.append(self._node_check(shape, c))
            if c.param == SH.node:
                test = self.value_test(shape, c, "?this")
                checks[-1].nested = self.group(c.value, (
                    f"{{ SELECT DISTINCT ?this WHERE {{ {select} FILTER(!{test}) }} }}",
                    prefixes), depth + 1)
        for prop in shape.properties:
            if prop.deactivated:
                continue
            for c in prop.constraints:
                check = self._property_check(prop, c)
                if check is None:
                    continue
                checks.append(check)
                if c.param == SH.node:
                    test = self.value_test(prop, c, "?this")
                    check.nested = self.group(c.value, (
                        f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS ?_f) WHERE "
                        f"{{ {select} }} }} LATERAL {{ ?_f {path_sparql(prop, self.sg)} ?this "
                        f"FILTER(!{test}) }} }} }}", prefixes), depth + 1)
        if not checks and not sparql:
            return None
        branches = " UNION ".join(f"{{ {c.branch} BIND({i} AS ?_c) }}"
                                  for i, c in enumerate(checks))
        query = (f"{head}\nSELECT DISTINCT ?_c ?this ?value ?lang WHERE {{ {select} "
                 f"LATERAL {{ {branches} }} }}") if checks else ""
        return Group(query, checks, sparql)

    def _node_check(self, shape: Shape, c: Constraint) -> Check:
        if c.param not in VALUE_COMPONENTS and c.param != SH.hasValue:
            raise Unsupported(shape.node, f"{c.param} on a node shape")
        test = self.value_test(shape, c, "?this")
        # pyshacl gives the focus node as the value, except for sh:hasValue
        return Check(shape, c, f"BIND(?this AS ?value) FILTER(!{test})",
                     with_value=c.param != SH.hasValue)

    def _property_check(self, prop: Shape, c: Constraint) -> Check | None:
        self._values_of.append(self._values(prop))
        try:
            return self._property_check_in(prop, c)
        finally:
            self._values_of.pop()

    def _property_check_in(self, prop: Shape, c: Constraint) -> Check | None:
        path = path_sparql(prop, self.sg)
        p = c.param

        def count(where: str, op: str, n: int) -> str:
            # one count per focus node, 0 when it has no value: the sub-select returns
            # ?this, so LATERAL binds it inside, and OPTIONAL keeps the node without values
            return (f"{{ SELECT ?this (COUNT(DISTINCT ?_x) AS ?_n) WHERE {{ OPTIONAL "
                    f"{{ {where} }} }} GROUP BY ?this }} FILTER(?_n {op} {n})")

        if p == SH.minCount:
            n = int(c.value)
            if n == 1:
                return Check(prop, c, f"FILTER NOT EXISTS {{ ?this {path} [] }}", False)
            return Check(prop, c, count(f"?this {path} ?_x", "<", n), False)
        if p == SH.maxCount:
            return Check(prop, c, count(f"?this {path} ?_x", ">", int(c.value)), False)
        if p == SH.hasValue:
            return Check(prop, c, f"FILTER NOT EXISTS {{ ?this {path} {term(c.value)} }}",
                         False)
        if p == SH.uniqueLang:
            if str(c.value).lower() != "true":
                return None
            return Check(prop, c, (
                f"{{ SELECT ?this ?lang WHERE {{ ?this {path} ?_x FILTER(isLiteral(?_x) && "
                f"LANG(?_x) != \"\") BIND(LCASE(LANG(?_x)) AS ?lang) }} GROUP BY ?this ?lang "
                f"HAVING (COUNT(DISTINCT ?_x) > 1) }}"), False)
        if p == SH.qualifiedValueShape:
            test = self.conforms(c.value, "?_x")
            return Check(prop, c, count(f"?this {path} ?_x FILTER({test})", "<",
                                        c.extra["min"]), False)
        if p in VALUE_COMPONENTS:
            test = self.value_test(prop, c, "?value")
            return Check(prop, c, f"?this {path} ?value FILTER(!{test})", True)
        raise Unsupported(prop.node, f"{p} on a property shape")

    def _sparql_check(self, shape: Shape, c: Constraint, focus: str, head: str) -> Check:
        select = c.value
        if re.search(r"\$(PATH|shapesGraph|currentShape)\b|[?$]failure\b", select):
            raise Unsupported(shape.node, "a SPARQL constraint with $PATH, $shapesGraph, "
                              "$currentShape or ?failure")
        # Set-based: LATERAL evaluates the query once per focus node with $this bound, as
        # pyshacl's pre-binding does (sub-selects that group by $this included). The
        # query must return $this, so that each row says which focus node it is about.
        if not re.match(r"\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?[^{]*[?$]this\b", select,
                        re.I | re.S):
            raise Unsupported(shape.node, "a SPARQL constraint that does not select $this")
        prefixes = "\n".join(sorted(set(filter(None, [head, c.extra["prefixes"]]))))
        query = f"{prefixes}\nSELECT * WHERE {{ {focus} LATERAL {{ {select} }} }}"
        return Check(shape, c, "", with_value=True, query=query)
