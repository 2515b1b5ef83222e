"""SHACL shapes as SPARQL: one set-based SELECT per shape and set of focus nodes.

A *check* is one constraint of one shape; its component
(:mod:`puentes.check.shacl.components`) gives the pattern of its violations for one focus node
(``?this``). A *group* is the checks of one shape on one set of focus nodes, as ONE SELECT:
the focus nodes computed once as a sub-select, each check a branch of a UNION evaluated per
focus node (LATERAL) and numbered by ``?_c``. The checks of a node shape's property shapes
share its focus nodes (and its group); the property shapes of a property shape have the
values of its path as focus nodes (a nested group, whose rows also carry the chain of
focus nodes they were reached from, ``?_k1``…: a node reached twice is validated twice, as
SHACL says). Nested shapes (``sh:node``, ``sh:or``…) become expressions
(:meth:`Compiler.conforms`), so a whole ``sh:or`` of node shapes is one FILTER.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import SH

from puentes.check.shacl.base import Constraint, Shape, Unsupported, path_sparql
from puentes.check.shacl.components.core import RDF_TYPE, SUBCLASS, Cx, term

#: where a datatype test excludes the data's ill-typed literals: datatype and variable
BAD_MARK = re.compile("\x00BAD (\\S+) (\\S+)\x00")
#: where the focus nodes may be restricted to the subjects of one graph (per run)
OWN_MARK = "\x00OWN\x00"
#: how deep shapes may nest (sh:node in sh:node …) before the shape is refused
MAX_DEPTH = 8


@dataclass
class Check:
    """One constraint of one shape. ``branch`` is a group pattern that, with ``?this`` bound
    to a focus node, gives a row per violation (``?value`` too when ``with_value``,
    ``?path`` when ``with_path``); a SPARQL constraint has its own ``query`` instead."""

    shape: Shape
    constraint: Constraint
    branch: str
    with_value: bool
    query: str = ""
    with_path: bool = False
    #: for sh:node: the nested shape's checks on the values that fail it (pyshacl reports
    #: their results too, under sh:detail)
    nested: Group | None = None


@dataclass
class Focus:
    """A set of focus nodes: a sub-select binding ``?this`` (and the key variables of the
    chain of focus nodes it was reached from) and the PREFIX lines it needs."""

    select: str
    prefixes: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


@dataclass
class Group:
    """The checks of one shape on one set of focus nodes: the core ones as ONE SELECT, the
    SPARQL-based ones as a query each."""

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
    """Compiles the shapes of a :class:`~puentes.check.shacl.model.ShapesModel` into groups.

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
        #: test applies to focus nodes or to the values of a complex path), so that the run
        #: looks for ill-typed literals among those values only
        self.datatype_predicates: set[URIRef | None] = set()
        self._values_of: list[object] = [None]
        self._names = itertools.count()
        self._depth = 0

    def var(self) -> str:
        """A fresh variable name."""
        return f"?_v{next(self._names)}"

    def path(self, shape: Shape) -> str | None:
        """The shape's path in SPARQL (None for a node shape)."""
        return None if shape.path is None else path_sparql(self.sg, shape.path, shape.node)

    def bad_mark(self, dt: URIRef, v: str) -> str:
        """The mark a datatype test leaves for the run to exclude ill-typed literals."""
        self.datatypes.add(dt)
        self.datatype_predicates.add(self._values_of[-1])
        return f"\x00BAD {dt} {v}\x00"

    def _enter(self, shape: Shape) -> None:
        # which values a datatype test inside this shape looks at: a predicate's objects,
        # none (subjects of an inverse path are never literals: "inverse"), or any node
        if shape.path is None:
            self._values_of.append(self._values_of[-1])
        elif isinstance(shape.path, URIRef):
            self._values_of.append(shape.path)
        elif (shape.path, SH.inversePath, None) in self.sg and isinstance(
                self.sg.value(shape.path, SH.inversePath), URIRef):
            self._values_of.append("inverse")
        else:
            self._values_of.append(None)

    # --- focus nodes ---------------------------------------------------------------------
    def focus(self, shape: Shape) -> Focus | None:
        """The shape's focus nodes from its targets; None when it has none (only SPARQL
        targets, with ``advanced`` off)."""
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
        return Focus(f"{{ SELECT DISTINCT ?this WHERE {{ {union} {OWN_MARK} }} }}", prefixes)

    def _values_focus(self, shape: Shape, focus: Focus) -> Focus:
        """The values of a property shape's path as focus nodes of its own property shapes,
        keeping which focus node each was reached from."""
        key = f"?_k{len(focus.keys) + 1}"
        keys = " ".join(focus.keys)
        return Focus(f"{{ SELECT DISTINCT {keys} {key} ?this WHERE {{ {{ SELECT {keys} "
                     f"(?this AS {key}) WHERE {{ {focus.select} }} }} {key} {self.path(shape)} "
                     f"?this . }} }}", focus.prefixes, [*focus.keys, key])

    # --- conformance as an expression ----------------------------------------------------
    def conforms(self, shape: Shape, v: str) -> str:
        """A SPARQL expression true when the node in ``v`` conforms to ``shape``."""
        if shape.deactivated:
            return "true"
        self._depth += 1
        self._enter(shape)
        try:
            if self._depth > MAX_DEPTH:
                raise Unsupported(shape.node, f"shapes nested more than {MAX_DEPTH} deep")
            tests = [c.kind.holds(Cx(self, shape, c), v) for c in shape.constraints]
            path = self.path(shape)
            for p in shape.properties:
                if p.deactivated:
                    continue
                if path is None:
                    tests.append(self.conforms(p, v))
                else:
                    x = self.var()
                    tests.append(f"NOT EXISTS {{ {v} {path} {x} "
                                 f"FILTER(!{self.conforms(p, x)}) }}")
            return "(" + " && ".join(tests) + ")" if tests else "true"
        finally:
            self._depth -= 1
            self._values_of.pop()

    # --- groups ------------------------------------------------------------------------
    def groups(self, shape: Shape, focus: Focus | None = None) -> list[Group]:
        """The groups of a shape with targets (or of a nested shape on ``focus``): its own
        checks and its property shapes', then the nested groups of property shapes of
        property shapes. Empty when it has no focus nodes or nothing to check."""
        if shape.deactivated:
            return []
        focus = focus or self.focus(shape)
        if focus is None:
            return []
        checks, sparql, nested = [], [], []
        self._collect(shape, focus, checks, sparql, nested)
        out = []
        if checks or sparql:
            head = "\n".join(sorted(set(filter(None, focus.prefixes))))
            branches = " UNION ".join(f"{{ {c.branch} BIND({i} AS ?_c) }}"
                                      for i, c in enumerate(checks))
            query = (f"{head}\nSELECT DISTINCT ?_c ?this ?value ?path ?_d "
                     f"{' '.join(focus.keys)} WHERE {{ {focus.select} LATERAL "
                     f"{{ {branches} }} }}") if checks else ""
            out.append(Group(query, checks, sparql))
        return out + nested

    def _collect(self, shape: Shape, focus: Focus, checks: list, sparql: list,
                 nested: list) -> None:
        """The checks of ``shape`` on ``focus``: a node shape's property shapes join them;
        a property shape's property shapes get groups of their own (``nested``)."""
        self._enter(shape)
        try:
            for c in shape.constraints:
                if c.param == SH.sparql:
                    sparql.append(self.sparql_check(shape, c, focus))
                    continue
                branch = c.kind.violations(Cx(self, shape, c))
                if branch is None:
                    continue
                check = Check(shape, c, branch.pattern, branch.with_value,
                              with_path=branch.with_path)
                checks.append(check)
                if c.param == SH.node:
                    check.nested = self._details(shape, c, focus)
        finally:
            self._values_of.pop()
        for prop in shape.properties:
            if prop.deactivated:
                continue
            if shape.path is None:
                self._collect(prop, focus, checks, sparql, nested)
            else:
                nested.extend(self.groups(prop, self._values_focus(shape, focus)))

    def _details(self, shape: Shape, c: Constraint, focus: Focus) -> Group | None:
        """For sh:node: the nested shape's checks on the values that fail it."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise Unsupported(shape.node, f"sh:node nested more than {MAX_DEPTH} deep")
            cx = Cx(self, shape, c)
            test = c.kind.test(cx, "?this")
            failing = Focus(f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS ?_f) "
                            f"WHERE {{ {focus.select} }} }} LATERAL {{ "
                            f"{cx.values('?_f', '?this')} FILTER(!{test}) }} }} }}",
                            focus.prefixes)
            found = self.groups(c.value, failing)
            return found[0] if found else None
        finally:
            self._depth -= 1

    def sparql_check(self, shape: Shape, c: Constraint, focus: Focus) -> Check:
        """A SPARQL-based constraint, evaluated once per focus node (LATERAL)."""
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
        if focus.keys:
            raise Unsupported(shape.node, "a SPARQL constraint in a nested property shape")
        head = "\n".join(sorted(set(filter(None, focus.prefixes))))
        prefixes = "\n".join(sorted(set(filter(None, [head, c.extra["prefixes"]]))))
        query = f"{prefixes}\nSELECT * WHERE {{ {focus.select} LATERAL {{ {select} }} }}"
        return Check(shape, c, "", with_value=True, query=query)
