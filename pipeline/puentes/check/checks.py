"""Cross-record checks: ``queries/checks/*-violation.rq`` — a query that returns the failing
rows; no rows means pass (dbt's "singular tests", ODK's QC queries).

They run once over the whole union with Oxigraph, which is far faster than evaluating
SPARQL-based SHACL constraints per focus node with pyshacl (bench/results/).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from puentes.check.hints import check_help
from puentes.errors import DataIssue, NodeOrigin
from puentes.i18n import gettext
from puentes.namespaces import PG, curie, with_prefixes
from puentes.paths import queries_dir

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class CheckFailure:
    """One failing row of one check, with the sources whose nodes it is about."""

    check: str
    row: dict[str, str]
    source_ids: list[str]

    def __str__(self) -> str:
        cells = ", ".join(f"{k}={v}" for k, v in self.row.items())
        return f"check {self.check} failed: {cells}"

    @property
    def name(self) -> str:
        """The check's name without ``-violation``."""
        return self.check.removesuffix("-violation")

    def found(self, skip: str | None = None) -> str:
        """What the failing row holds, IRIs shortened (``pid:country/GHA``); without the
        node ``skip`` (the one the line names)."""
        return ", ".join(f"{k}={curie(v) if '://' in v else v}" for k, v in self.row.items()
                         if v != skip or len(self.row) == 1)

    def locate(self, origins: dict[str, NodeOrigin], lang: str | None = None
               ) -> DataIssue | None:
        """The failure as a steward's line — file, line, record, field, what was found and
        what is expected — from the first node of the row whose origin is known (None when
        no node of the row comes from a file: statistics from an API, say)."""
        node = next((v for v in self.row.values() if v in origins), None)
        if node is None:
            return None
        origin = origins[node]
        helper = check_help(self.check)
        keys = dict(origin.key_lines)
        fld = next((f for f in helper.fields if f in keys), helper.fields[0]
                   if helper.fields else None)
        shown = ".".join(f for f in (origin.field, fld) if f) or None
        expected = gettext(helper.expected, lang, check=self.check, ic=self.name[3:8].upper()) \
            + " " + gettext("(check {name})", lang, name=self.name)
        return DataIssue(origin.file, origin.line_of(fld), origin.record, shown,
                         self.found(skip=node), expected)

    def describe(self, origins: dict[str, NodeOrigin] | None = None,
                 lang: str | None = None) -> str:
        """One line (or two) for a person: where to fix it when the origin is known, else the
        check, the row and what is expected."""
        issue = self.locate(origins or {}, lang)
        if issue is not None:
            return issue.shown(lang)
        helper = check_help(self.check)
        return gettext("check {name} failed: {found}", lang, name=self.name,
                       found=self.found()) + "\n  → " + gettext(
            "expected {expected}", lang, expected=gettext(
                helper.expected, lang, check=self.check, ic=self.name[3:8].upper()))


def check_files(folder: Path | None = None) -> list[Path]:
    """Every ``*-violation.rq`` under ``queries/checks/``."""
    return sorted((folder or queries_dir() / "checks").glob("*-violation.rq"))


def run_checks(store: ox.Store, folder: Path | None = None, max_rows: int = 50, *,
               only: list[Path] | None = None) -> list[CheckFailure]:
    """Run every check (or the ``only`` ones) over the union of ``store``'s named graphs."""
    failures: list[CheckFailure] = []
    for path in check_files(folder) if only is None else only:
        rows = store.query(with_prefixes(path.read_text(encoding="utf-8")),
                           use_default_graph_as_union=True)
        names = [v.value for v in rows.variables]
        for i, sol in enumerate(rows):
            if i >= max_rows:
                break
            row = {n: (sol[n].value if sol[n] is not None else "") for n in names}
            focus = sol[names[0]] if names else None
            failures.append(CheckFailure(path.stem, row, _sources_of(store, focus)))
    return failures


def check_reads(text: str) -> dict | None:
    """What a check reads: ``{"iris": [...], "any_class": bool, "binders": [...]}`` — every
    IRI of the query (its predicates and classes among them), whether it reads ``rdf:type``
    with a class it does not name (a variable not bound by ``VALUES ?v {…}`` or
    ``FILTER(?v IN (…))``, or a path through ``rdf:type``), and, when a triple pattern has a
    variable predicate, the predicates that bind that variable (in ``?spec qb:dimension ?dim .
    ?obs ?dim ?v``, a changed triple matches ``?obs ?dim ?v`` only if its predicate is the
    object of a ``qb:dimension`` triple). None when it may read any triple: a variable
    predicate bound otherwise, a negated property set, or a query this analysis cannot
    parse."""
    from rdflib import URIRef, Variable
    from rdflib.namespace import RDF
    from rdflib.paths import NegatedPath
    from rdflib.paths import Path as RdfPath
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.algebra import triples as flat_triples
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = translateQuery(parseQuery(with_prefixes(text))).algebra
    except Exception:  # noqa: BLE001 - rdflib's parser differs from Oxigraph's: assume all
        return None
    iris: set[str] = set()
    patterns: list[tuple] = []

    def terms(node) -> list:  # noqa: ANN001 - every term inside a path or parse node
        if isinstance(node, NegatedPath) or (isinstance(node, CompValue)
                                             and "Negated" in node.name):
            raise LookupError
        if isinstance(node, RdfPath):
            return [t for v in vars(node).values() for t in terms(v)]
        if isinstance(node, CompValue | dict):
            return [t for v in node.values() for t in terms(v)]
        if isinstance(node, list | tuple):
            return [t for v in node for t in terms(v)]
        return [node]

    def walk(node) -> None:  # noqa: ANN001
        if isinstance(node, URIRef):
            iris.add(str(node))
        elif isinstance(node, CompValue | dict):
            for key, value in node.items():
                if key == "triples" and isinstance(value, list):
                    group = value if all(isinstance(t, tuple) for t in value) \
                        else flat_triples(value)
                    patterns.extend((s, terms(p), o) for s, p, o in group)
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    try:
        walk(algebra)
    except (LookupError, AssertionError, TypeError, ValueError):
        return None
    if not patterns:
        return None  # no triple pattern found: the analysis missed something
    # The IRIs inside property paths, which the walk does not enter.
    iris |= {str(t) for s, p, o in patterns for t in (s, *p, o) if isinstance(t, URIRef)}
    # A class variable bound by VALUES or FILTER(?v IN (…)) takes only IRIs of the query.
    any_class = any(URIRef(RDF.type) in p and (len(p) > 1 or not (
        isinstance(o, URIRef) or (isinstance(o, Variable) and re.search(
            rf"VALUES\s+[?$]{o}\s*\{{|[?$]{o}\s+IN\s*\(", text, re.IGNORECASE))))
        for _s, p, o in patterns)
    binders: set[str] = set()
    for _s, p, _o in patterns:
        for var in (t for t in p if isinstance(t, Variable)):
            # Bound by a constant predicate only: never by VALUES, BIND or a projection.
            if re.search(rf"(VALUES|AS)\s*\(?\s*[?$]{var}\b", text, re.IGNORECASE):
                return None
            found = {str(t) for s2, p2, o2 in patterns if o2 == var
                     for t in p2 if isinstance(t, URIRef)}
            if not found or any(isinstance(t, Variable) for s2, p2, o2 in patterns
                                if o2 == var for t in p2):
                return None
            binders |= found
    return {"iris": sorted(iris), "any_class": any_class, "binders": sorted(binders)}


def reads_digest(text: str) -> str:
    """A digest of a query's text and of this analysis (a record of what a query reads, made
    by another version of :func:`check_reads`, is not to be trusted)."""
    h = hashlib.sha256(text.encode("utf-8"))
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def affected_by(reads: dict | None, predicates: set[str], classes: set[str],
                bound: Callable[[set[str], str], bool] | None = None) -> bool:
    """Whether a check that reads ``reads`` (:func:`check_reads`) can give other rows after
    triples with these ``predicates`` (and ``rdf:type`` triples with these ``classes``)
    were added or removed. ``bound(binders, predicate)`` tells whether ``predicate`` is the
    object of a triple with one of the ``binders`` in the data (before or after the change);
    without it, a check with a variable predicate is always affected."""
    if reads is None:
        return True
    iris = set(reads["iris"])
    if (predicates - {_TYPE}) & iris:
        return True
    if _TYPE in predicates and (reads["any_class"] or bool(classes & iris)):
        return True
    binders = set(reads.get("binders", []))
    if binders:
        return bound is None or any(bound(binders, p) for p in predicates)
    return False


def _sources_of(store: ox.Store, node) -> list[str]:  # noqa: ANN001
    if not isinstance(node, ox.NamedNode | ox.BlankNode):
        return []
    out = set()
    for q in store.quads_for_pattern(node, None, None, None):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g.value.startswith(str(PG)):
            out.add(g.value[len(str(PG)):])
    return sorted(out)
