"""Running the compiled checks on a pyoxigraph Store and writing pyshacl's results graph."""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from puentes.check.shacl.compile import BAD_MARK, OWN_MARK, Check, Compiler, Group
from puentes.check.shacl.components.core import term
from puentes.check.shacl.model import ShapesModel, Unsupported
from puentes.rdfio import to_oxigraph, to_rdflib

#: the Python type pyshacl expects a literal's value to have, per datatype
_VALUE_TYPES = {XSD.integer: int, XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool,
                XSD.date: date, XSD.time: time, XSD.dateTime: datetime}


def pyshacl_accepts(lexical: str, datatype: URIRef) -> bool:
    """Whether pyshacl takes a literal of exactly ``datatype`` as well-typed (rdflib parses
    it, and its value has the datatype's Python type)."""
    lit = Literal(lexical, datatype=datatype)
    if getattr(lit, "ill_typed", None) is True:
        return False
    expected = _VALUE_TYPES.get(datatype)
    return expected is None or isinstance(lit.value, expected)


#: compiled shapes graphs, by content and ``advanced``: the build compiles the shapes of
#: ``shapes/`` once for all its sources (hashing them costs ~10 ms, compiling ~0.1–0.4 s)
_COMPILED: dict[tuple, Compiled] = {}


class Compiled:
    """The checks of a shapes graph, independent of the data (the ill-typed literals a
    datatype test must reject are filled in per run: see :meth:`Engine._query`)."""

    def __init__(self, shapes: Graph, advanced: bool) -> None:
        self.model = ShapesModel(shapes)
        compiler = Compiler(shapes, advanced=advanced)
        self.groups: list[Group] = []
        self.unsupported: dict = {}
        for node in self.model.top_level():
            try:
                self.groups.extend(compiler.groups(self.model.shape(node)))
            except Unsupported as e:  # named by the shape with targets, and where inside
                self.unsupported[node] = str(e) if e.shape == node else (
                    f"shape {node} (at {e.shape}): {e.feature} is not supported by the "
                    "Oxigraph engine")
        self.datatypes = compiler.datatypes
        self.datatype_predicates = compiler.datatype_predicates

    @classmethod
    def of(cls, shapes: Graph, advanced: bool) -> Compiled:
        """The compiled checks of ``shapes`` (compiled once per content)."""
        key = (hash(frozenset(shapes)), len(shapes), advanced)
        hit = _COMPILED.get(key)
        if hit is None:
            if len(_COMPILED) > 8:
                _COMPILED.clear()
            hit = _COMPILED[key] = cls(shapes, advanced)
        return hit


class Engine:
    """The shapes of ``shapes`` run on the data in ``store`` (its default graph, or the
    union of its graphs with ``union``). With ``focus_graph`` (a graph name), only the
    subjects of that graph are focus nodes of the shapes' targets: the data validated in the
    context of other graphs (the ontology), whose own nodes are not reported. Shapes the
    compiler cannot express are listed in :attr:`unsupported` (shape → reason) and are not
    checked here."""

    def __init__(self, store: ox.Store, shapes: Graph, *, advanced: bool = True,
                 union: bool = False, focus_graph: str | None = None,
                 written: list[Graph] | None = None, ill_typed: set | None = None) -> None:
        self.store = store
        # the graphs the store was loaded from: Oxigraph keeps numbers, booleans and dates
        # in a canonical form ("4.0"^^xsd:decimal comes back as "4"), the results give
        # the terms as the data (or the shapes, for target nodes) write them
        self._written = Written([*(written or []), shapes])
        self.union = union or focus_graph is not None
        self._own = (f"FILTER EXISTS {{ GRAPH <{focus_graph}> {{ ?this ?_op ?_oo }} }}"
                     if focus_graph else "")
        compiled = Compiled.of(shapes, advanced)
        self.model, self.groups = compiled.model, compiled.groups
        self.unsupported = compiled.unsupported
        self._bad = self._bad_literals(compiled.datatypes, compiled.datatype_predicates)
        # literals the data's reader found ill-typed although their form now looks valid
        # (rdflib reads "none"^^xsd:boolean as "false", flagged): excluded all the same
        for lit in ill_typed or ():
            if lit.datatype is not None and str(lit.datatype) in {str(d) for d in
                                                                  compiled.datatypes}:
                bad = self._bad.setdefault(str(lit.datatype), [])
                if term(lit) not in bad:
                    bad.append(term(lit))

    def _query(self, q: str, **kw) -> ox.QuerySolutions:  # noqa: ANN003
        q = BAD_MARK.sub(lambda m: "".join(f" && !sameTerm({m.group(2)}, {b})"
                                           for b in self._bad.get(m.group(1), ())), q)
        q = q.replace(OWN_MARK, self._own)
        return self.store.query(q, use_default_graph_as_union=self.union, **kw)

    def _bad_literals(self, datatypes: set[URIRef],
                      predicates: set[URIRef | None]) -> dict[str, list[str]]:
        """Per datatype, the literals of the data that pyshacl calls ill-typed, in SPARQL
        syntax (one pass over the values of the predicates the datatype tests look at, or
        over every literal when a test looks at focus nodes themselves)."""
        if not datatypes:
            return {}
        listed = ", ".join(f"<{d}>" for d in sorted(datatypes))
        which = "" if None in predicates else \
            "VALUES ?p { " + " ".join(f"<{p}>" for p in sorted(predicates)) + " } "
        rows = self.store.query(f"SELECT DISTINCT ?v WHERE {{ {which}?s ?p ?v "
                                f"FILTER(isLiteral(?v) && DATATYPE(?v) IN ({listed})) }}",
                                use_default_graph_as_union=self.union)
        bad: dict[str, list[str]] = {}
        for (v,) in rows:
            dt = URIRef(v.datatype.value)
            if not pyshacl_accepts(v.value, dt):
                written = Literal(v.value, datatype=dt, normalize=False)  # as in the data
                bad.setdefault(str(dt), []).append(term(written))
        return bad

    @property
    def checks(self) -> list[Check]:
        """Every check (one per constraint of each shape with targets, nested ones too)."""
        return [c for g in self.groups for c in g.all_checks()]

    def results(self, groups: list[Group] | None = None) -> list[dict]:
        """Every violation: dicts with focus, value, path, shape, component, severity,
        messages (rdflib terms), for SPARQL constraints the constraint node, and for
        sh:node the nested results (``details``, pyshacl's sh:detail)."""
        out = []
        for group in self.groups if groups is None else groups:
            out.extend(self._group_results(group))
            for check in group.sparql:
                out.extend(self._sparql_results(check))
        return out if groups is not None else self._written.results(out)

    def _group_results(self, group: Group) -> list[dict]:
        if not group.query:
            return []
        found: dict[int, list[dict]] = defaultdict(list)
        terms: dict = {}  # rdflib builds a literal's Python value: convert each term once

        def rdflib_term(t):  # noqa: ANN001, ANN202
            r = terms.get(t)
            if r is None:
                r = terms[t] = to_rdflib(t)
            return r

        for row in self._query(group.query):
            i = int(row["_c"].value)
            check = group.checks[i]
            shape = check.shape
            focus = rdflib_term(row["this"])
            value = rdflib_term(row["value"]) if check.with_value else None
            path = rdflib_term(row["path"]) if check.with_path else shape.path
            found[i].append({"focus": focus, "value": value, "path": path,
                             "shape": shape.node, "component": check.constraint.component,
                             "severity": shape.severity, "messages": list(shape.messages)})
        out = []
        for i, check in enumerate(group.checks):  # in the order of the shapes graph
            rows = found.get(i, [])
            if rows and check.nested is not None:
                by_focus = defaultdict(list)
                for n in self.results([check.nested]):
                    by_focus[n["focus"]].append(n)
                for r in rows:  # each result gets its own copies, as in pyshacl
                    r["details"] = copy.deepcopy(by_focus.get(r["value"], []))
            out.extend(rows)
        return out

    def _sparql_results(self, check: Check) -> list[dict]:
        shape, c = check.shape, check.constraint
        def solutions(query: str, **kw) -> list[dict]:  # noqa: ANN003
            res = self._query(query, **kw)
            names = res.variables
            return [{v.value: row[v] for v in names if row[v] is not None} for row in res]

        out, seen = [], set()
        for row in solutions(check.query):
            bound = {k: to_rdflib(x) for k, x in row.items()}
            t, p, v = bound.pop("this", None), bound.pop("path", None), bound.pop("value", None)
            f = t  # the focus node: LATERAL binds ?this on every row
            key = (f, t, p, v, tuple(sorted(bound.items())))
            if key in seen:
                continue
            seen.add(key)
            if v is None and shape.path is None:
                v = f
            if p is None:
                p = shape.path
            values = {**bound, **{k: x for k, x in (("this", t), ("path", p), ("value", v))
                                  if x is not None}}
            messages = [_fill(m, values) for m in shape.messages]
            messages += [_fill(m, values) for m in c.extra["messages"]
                         if m not in shape.messages]
            out.append({"focus": f, "value": v, "path": p, "shape": shape.node,
                        "component": SH.SPARQLConstraintComponent, "severity": shape.severity,
                        "messages": messages, "constraint": c.extra["node"]})
        return out

    def results_graph(self, results: list[dict] | None = None) -> Graph:
        """The SHACL validation report as pyshacl writes it (a blank node per result, the
        blank nodes of the shapes graph it points to copied with their ids)."""
        results = self.results() if results is None else results
        sg = self.model.sg
        rg = Graph(bind_namespaces="core")
        for prefix, ns in sg.namespace_manager.namespaces():
            rg.namespace_manager.bind(prefix, ns)
        report = BNode()
        rg.add((report, RDF.type, SH.ValidationReport))
        # SHACL: a report conforms when it has no result at all, whatever the severities
        # (the rule that only Violations stop a source is puentes' policy on top of it:
        # puentes.check.report.ValidationReport.accepted)
        rg.add((report, SH.conforms, Literal(not results)))
        copied: set = set()
        for r in results:
            rg.add((report, SH.result, self._add_result(rg, r, copied)))
        return rg

    def _add_result(self, rg: Graph, r: dict, copied: set) -> BNode:
        sg = self.model.sg
        node = BNode()
        rg.add((node, RDF.type, SH.ValidationResult))
        rg.add((node, SH.sourceConstraintComponent, r["component"]))
        rg.add((node, SH.sourceShape, _copy(sg, r["shape"], rg, copied)))
        rg.add((node, SH.resultSeverity, r["severity"]))
        rg.add((node, SH.focusNode, r["focus"]))
        if r["value"] is not None:
            rg.add((node, SH.value, r["value"]))
        if r["path"] is not None:
            rg.add((node, SH.resultPath, _copy(sg, r["path"], rg, copied)))
        if r.get("constraint") is not None:
            rg.add((node, SH.sourceConstraint, _copy(sg, r["constraint"], rg, copied)))
        for m in r["messages"]:
            rg.add((node, SH.resultMessage, m))
        for d in r.get("details", ()):
            rg.add((node, SH.detail, self._add_result(rg, d, copied)))
        return node


def _fill(message: Literal, values: dict) -> Literal:
    """A SPARQL constraint's message with its {?var} placeholders filled in, as pyshacl does
    (which drops the language tag: puentes.check.validate puts it back)."""
    if not isinstance(message, Literal):
        return message
    text = str(message.value)
    for var, val in values.items():
        text = re.sub(f"{{[?$]{var}}}", str(val), text)
    return Literal(text)


def _copy(sg: Graph, node: object, rg: Graph, copied: set) -> object:
    """A blank node of the shapes graph copied into the results graph with its id and all
    it points to (an IRI is kept as it is)."""
    if isinstance(node, BNode) and node not in copied:
        copied.add(node)
        for p, o in sg.predicate_objects(node):
            rg.add((node, p, _copy(sg, o, rg, copied)))
    return node


#: literals whose form Oxigraph's store may change: typed, and not xsd:string
_XSD = str(XSD)


def _may_change(t: object) -> bool:
    return isinstance(t, Literal) and t.datatype is not None and \
        str(t.datatype).startswith(_XSD) and t.datatype != XSD.string


def oxigraph_forms(literals: list[Literal]) -> dict[Literal, Literal]:
    """Each literal as Oxigraph's store gives it back (in one scratch store)."""
    store = ox.Store()
    p = ox.NamedNode("urn:puentes:lexical")
    store.bulk_extend([ox.Quad(ox.NamedNode(f"urn:puentes:lexical:{i}"), p, to_oxigraph(lit))
                       for i, lit in enumerate(literals)])
    out = {}
    for q in store.quads_for_pattern(None, p, None):
        out[literals[int(q.subject.value.rsplit(":", 1)[1])]] = to_rdflib(q.object)
    return out


class Written:
    """Results' literals (focus nodes and values) as the given graphs write them.

    A literal the graphs hold as it is stays; another is matched against the literals the
    graphs hold at that focus node and path (or anywhere, for a focus node or a complex
    path) whose Oxigraph form is the same. Two written forms of one value ("4.0" and
    "4.00") give a result each. The graphs are only searched when a result holds a typed
    literal they do not hold verbatim.
    """

    def __init__(self, graphs: list[Graph]) -> None:
        self.graphs = graphs
        self._index: dict[Literal, list[Literal]] | None = None

    def _verbatim(self, t: Literal) -> bool:
        return any((None, None, t) in g for g in self.graphs)

    def _all(self) -> dict[Literal, list[Literal]]:
        if self._index is None:
            lits = sorted({o for g in self.graphs for o in g.objects() if _may_change(o)})
            self._index = defaultdict(list)
            for lit, form in oxigraph_forms(lits).items():
                self._index[form].append(lit)
        return self._index

    def _candidates(self, t: object, focus: object = None, path: object = None) -> list:
        if not _may_change(t) or self._verbatim(t):
            return [t]
        if isinstance(path, URIRef) and focus is not None:
            near = [o for g in self.graphs for o in g.objects(focus, path) if _may_change(o)]
            forms = oxigraph_forms(near)
            found = sorted({o for o in near if forms.get(o) == t})
            if found:
                return found
        return sorted(set(self._all().get(t, []))) or [t]

    def results(self, results: list[dict]) -> list[dict]:
        """``results`` with their literals written as in the graphs."""
        out = []
        for r in results:
            if "details" in r:
                r["details"] = self.results(r["details"])
            for focus in self._candidates(r["focus"]):
                value = r["value"]
                if value is r["focus"] or value == r["focus"]:
                    values = [focus]
                else:
                    values = self._candidates(value, r["focus"], r["path"])
                for v in values:
                    out.append({**r, "focus": focus, "value": v})
        return out
