"""The saved-query catalogue: ``queries/NNN_slug.ttl`` read into :class:`SavedQuery`.

A saved query is SIB-style RDF: a ``sh:SPARQLSelectExecutable`` with titles and the question
in es/en/fr, keywords, the query text and its parameters (``pu:parameter``). The columns of the
answers are labelled for people in ``queries/columns.ttl`` (a ``pu:ResultColumn`` per variable
name), which a query may override for its own columns (``pu:column``): see
:meth:`SavedQuery.column_label`.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from puentes.errors import QueryError
from puentes.i18n import pick
from puentes.i18n.lazy import Msg, Texts
from puentes.namespaces import BASE, PU, SCHEMA, rebase
from puentes.paths import queries_dir
from puentes.query.text import is_ordered

#: the namespace of the saved queries themselves (``pq:001``, ``pq:prefixes``).
PQ = BASE + "query/"
#: the role of a competency question (``pq:competency-question``, declared in the ontology).
COMPETENCY = "competency-question"
_NAME = re.compile(r"^(\d{3})_([a-z0-9-]+)\.ttl$")
#: the shared labels of the answers' columns, beside the saved queries
COLUMNS_FILE = "columns.ttl"


@dataclass(frozen=True)
class Parameter:
    """A parameter of a saved query: bound to the query variable of the same name."""

    name: str
    comment: str
    value_type: str  # "iri" or an XSD datatype IRI
    default: str | None = None
    required: bool = False
    #: a value the parameter is shown and asked with when none is given (``pu:example``)
    example: str | None = None

    def describe(self) -> str:
        """``name (type, default …): comment`` — one line for error messages and listings."""
        kind = "IRI" if self.value_type == "iri" else self.value_type.rsplit("#", 1)[-1]
        need = (Msg("required") if self.required else Msg("default {value}", value=self.default)
                if self.default is not None else Msg("optional"))
        if self.example is not None:
            need = Msg("{need}, e.g. {example}", need=need, example=self.example)
        return Msg("{name} ({kind}, {need}): {comment}", name=self.name, kind=kind, need=need,
                   comment=self.comment)


@dataclass
class SavedQuery:
    """A saved query and its metadata (``number`` is empty for a ``.rq`` file or stdin)."""

    number: str
    slug: str
    text: str
    path: Path | None = None
    titles: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    #: what the query is for: the local name of its ``pu:queryRole`` (``competency-question``,
    #: ``analysis-question``, ``picture-question``); empty for an analyst's own query.
    role: str = ""
    #: this query's own column labels (``pu:column``): variable name → language → label
    columns: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def competency(self) -> bool:
        """Whether this is one of the design's competency questions (read from its role)."""
        return self.role == COMPETENCY

    @property
    def name(self) -> str:
        """``NNN_slug``."""
        return f"{self.number}_{self.slug}" if self.number else self.slug

    @property
    def adhoc(self) -> bool:
        """An analyst's own query (a ``.rq`` file or stdin): it declares no parameters, so
        ``--param`` may bind any of its variables, the value read as a SPARQL term."""
        if self.path is None:
            return not self.number
        return self.path.suffix in (".rq", ".sparql")

    @property
    def ordered(self) -> bool:
        """Whether the query orders its answer (``ORDER BY`` on the outermost query)."""
        return is_ordered(self.text)

    def title(self, lang: str = "en") -> str:
        """The title in ``lang`` (falling back to English, then any)."""
        return pick(self.titles, lang) or self.name

    def question(self, lang: str = "en") -> str:
        """The question in words, in ``lang`` where available."""
        return pick(self.questions, lang) or ""

    @cached_property
    def variables(self) -> list[str]:
        """The variables the query projects, in order (its answer's columns), read by
        rdflib's SPARQL parser.

        >>> find_query("010").variables
        ['body', 'country', 'convention', 'gap']
        """
        from rdflib.plugins.sparql import prepareQuery

        from puentes.namespaces import with_prefixes

        return [str(v) for v in prepareQuery(with_prefixes(self.text)).algebra["PV"]]

    def column_label(self, name: str, lang: str = "en") -> str:
        """The heading of the answer's column ``name`` (a variable, without ``?``) for a
        person reading ``lang``: the query's own label, else the shared one of
        ``queries/columns.ttl``, else the variable name itself (an analyst's own query keeps
        its variable names).

        >>> find_query("001").column_label("countriesCovered", "es")
        'Países abarcados'
        >>> SavedQuery(number="", slug="stdin", text="").column_label("countriesCovered", "es")
        'countriesCovered'
        """
        if self.adhoc:
            return name
        return (pick(self.columns.get(name, {}), lang)
                or pick(column_labels().get(name, {}), lang) or name)

    def headings(self, names: list[str], lang: str = "en") -> list[str]:
        """:meth:`column_label` of each of ``names``, in order."""
        return [self.column_label(n, lang) for n in names]


def _labels_of(g, node) -> dict[str, str]:  # noqa: ANN001 - an rdflib graph and node
    return {lit.language: str(lit) for lit in g.objects(node, RDFS.label)
            if getattr(lit, "language", None)}


@lru_cache(maxsize=4)
def _column_file(path: Path, stamp: float) -> dict[str, dict[str, str]]:
    from puentes.rdfio import parse_file

    g = parse_file(path)
    return {str(g.value(c, PU.name)): _labels_of(g, c)
            for c in g.subjects(RDF.type, PU.ResultColumn) if g.value(c, PU.name) is not None}


def column_labels(folder: Path | None = None) -> dict[str, dict[str, str]]:
    """The shared labels of the answers' columns (``queries/columns.ttl``): variable name →
    language → label; empty when the file is missing (cached while unchanged)."""
    path = (folder or queries_dir()) / COLUMNS_FILE
    if not path.is_file():
        return {}
    return _column_file(path, path.stat().st_mtime)


def _parse_saved(path: Path) -> SavedQuery:
    from puentes.rdfio import parse_file

    m = _NAME.match(path.name)
    g = parse_file(path)
    node = next(iter(g.subjects(SH.select, None)), None)
    if node is None:
        raise QueryError(Msg("{path}: no sh:select query text", path=path),
                         Msg('a saved query holds its SELECT as sh:select """…"""'))
    titles = {lit.language: str(lit) for lit in g.objects(node, RDFS.label) if lit.language}
    titles.update({lit.language: str(lit) for lit in g.objects(node, DCTERMS.title)
                   if getattr(lit, "language", None)})
    questions = {lit.language: str(lit) for lit in g.objects(node, RDFS.comment)
                 if lit.language}
    params = []
    for p in g.objects(node, PU.parameter):
        default = g.value(p, PU.default)
        example = g.value(p, PU.example)
        required = g.value(p, PU.required)
        params.append(Parameter(
            name=str(g.value(p, PU.name)),
            comment=Texts({lit.language or "": str(lit) for lit in g.objects(p, RDFS.comment)}),
            value_type=str(g.value(p, PU.valueType) or "iri"),
            default=str(default) if default is not None else None,
            required=bool(required is not None and required.toPython() is True),
            example=str(example) if example is not None else None,
        ))
    role = g.value(node, PU.queryRole)
    columns = {str(g.value(c, PU.name)): _labels_of(g, c) for c in g.objects(node, PU.column)
               if g.value(c, PU.name) is not None}
    return SavedQuery(number=m.group(1) if m else "", slug=m.group(2) if m else path.stem,
                      text=str(g.value(node, SH.select)), path=path, titles=titles,
                      questions=questions,
                      keywords=sorted(str(k) for k in g.objects(node, SCHEMA.keywords)),
                      parameters=sorted(params, key=lambda p: p.name),
                      role=str(role)[len(PQ):] if role is not None and str(role).startswith(PQ)
                      else "", columns=columns)


@lru_cache(maxsize=8)
def _catalogue(folder: Path, stamp: float) -> tuple[SavedQuery, ...]:
    return tuple(_parse_saved(p) for p in sorted(folder.glob("[0-9][0-9][0-9]_*.ttl")))


def saved_queries(folder: Path | None = None) -> list[SavedQuery]:
    """Every saved query in ``queries/``, in number order (cached while unchanged)."""
    folder = folder or queries_dir()
    files = list(folder.glob("[0-9][0-9][0-9]_*.ttl"))
    stamp = max((p.stat().st_mtime for p in files), default=0.0)
    return list(_catalogue(folder, stamp))


def find_query(name: str, folder: Path | None = None) -> SavedQuery:
    """A saved query by number (``7`` or ``007``), slug or ``NNN_slug``; a ``.rq`` (or
    ``.sparql``) file or a saved query's ``.ttl`` by path; ``-`` for standard input.

    >>> find_query("1").name
    '001_regional-roadmaps'
    >>> find_query("regional-roadmaps").number
    '001'
    """
    if name == "-":
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError as err:
            raise QueryError(Msg("standard input: byte 0x{byte:02x} is not UTF-8",
                                 byte=err.object[err.start]),
                             Msg("send the query as UTF-8 text")) from None
        if not text.strip():
            raise QueryError(Msg("no query on standard input"),
                             Msg("pipe a SPARQL SELECT into `puentes query -`"))
        return SavedQuery(number="", slug="stdin", text=text)
    if name.endswith((".rq", ".sparql", ".ttl")):
        path = Path(name)
        if not path.is_file():
            raise QueryError(Msg("{path}: no such query file", path=path),
                             Msg("check the path"))
        try:
            if path.suffix == ".ttl":
                return _parse_saved(path)
            text = rebase(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as err:
            line = err.object[: err.start].count(b"\n") + 1
            raise QueryError(Msg("{path}:{line}: byte 0x{byte:02x} is not UTF-8", path=path,
                                 line=line, byte=err.object[err.start]),
                             Msg("save the query file as UTF-8")) from None
        except QueryError:
            raise
        except Exception as err:  # noqa: BLE001 - rdflib's many parse errors
            raise QueryError(Msg("{path}: not a saved query ({reason})", path=path,
                                 reason=" ".join(str(err).split())[:300]),
                             Msg("a saved query is a .ttl as in queries/; your own SPARQL "
                                 "goes in a .rq file")) from None
        return SavedQuery(number="", slug=path.stem, text=text, path=path)
    catalogue = saved_queries(folder)
    key = name.zfill(3) if name.isdigit() else name
    for q in catalogue:
        if key in (q.number, q.slug, q.name):
            return q
    close = difflib.get_close_matches(name, [q.slug for q in catalogue], n=3)
    see = Msg("see `puentes query --list` for the saved queries, or pass a .rq file or - "
              "for standard input")
    raise QueryError(Msg("no saved query {name!r}", name=name),
                     Msg("did you mean {names}? {see}", names=", ".join(close), see=see)
                     if close else see)
