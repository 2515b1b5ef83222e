"""Saved queries (``queries/NNN_slug.ttl``) and running SPARQL safely.

A saved query is SIB-style RDF: a ``sh:SPARQLSelectExecutable`` with titles and the question
in es/en/fr, keywords, the query text and its parameters (``pu:parameter``). Parameters are
bound as RDF terms, never pasted into the query text as given:

- on Oxigraph (the embedded store, RDF files loaded in memory) and on a remote endpoint, as a
  ``VALUES`` block at the start of the outermost group, whose terms are serialised — and
  escaped — by Oxigraph's writer (Oxigraph's own ``substitutions`` bind projected variables
  only, and a parameter such as a threshold is rarely projected);
- on an rdflib graph, with rdflib's ``initBindings``.

>>> q = SavedQuery(number="", slug="demo", text="SELECT ?s WHERE { ?s a ?type }")
>>> print(inline_values(q.text, bind_parameters(q, {"type": "pu:Country"})))
SELECT ?s WHERE {
  VALUES (?type) { (<https://w3id.org/puentes/ontology#Country>) }
 ?s a ?type }
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SH, XSD

from .errors import PuentesError
from .namespaces import BASE, PREFIXES, PU, SCHEMA
from .paths import queries_dir

if TYPE_CHECKING:  # the store module is imported only when a store is used
    from rdflib import Graph

    from .store import GraphStore

#: the namespace of the saved queries themselves (``pq:001``, ``pq:prefixes``).
PQ = BASE + "query/"
_NAME = re.compile(r"^(\d{3})_([a-z0-9-]+)\.ttl$")


class QueryError(PuentesError):
    """A query cannot be found, its parameters are wrong, or it failed to run."""


@dataclass(frozen=True)
class Parameter:
    """A parameter of a saved query: bound to the query variable of the same name."""

    name: str
    comment: str
    value_type: str  # "iri" or an XSD datatype IRI
    default: str | None = None
    required: bool = False

    def describe(self) -> str:
        """``name (type, default …): comment`` — one line for error messages and listings."""
        kind = "IRI" if self.value_type == "iri" else self.value_type.rsplit("#", 1)[-1]
        need = ("required" if self.required
                else f"default {self.default}" if self.default is not None else "optional")
        return f"{self.name} ({kind}, {need}): {self.comment}"


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
        return _pick(self.titles, lang) or self.name

    def question(self, lang: str = "en") -> str:
        """The question in words, in ``lang`` where available."""
        return _pick(self.questions, lang) or ""


def _pick(texts: dict[str, str], lang: str) -> str | None:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), None)


def _parse_saved(path: Path) -> SavedQuery:
    from .rdfio import parse_file

    m = _NAME.match(path.name)
    g = parse_file(path)
    node = next(iter(g.subjects(SH.select, None)), None)
    if node is None:
        raise QueryError(f"{path}: no sh:select query text",
                         'a saved query holds its SELECT as sh:select """…"""')
    titles = {lit.language: str(lit) for lit in g.objects(node, RDFS.label) if lit.language}
    titles.update({lit.language: str(lit) for lit in g.objects(node, DCTERMS.title)
                   if getattr(lit, "language", None)})
    questions = {lit.language: str(lit) for lit in g.objects(node, RDFS.comment)
                 if lit.language}
    params = []
    for p in g.objects(node, PU.parameter):
        default = g.value(p, PU.default)
        required = g.value(p, PU.required)
        params.append(Parameter(
            name=str(g.value(p, PU.name)),
            comment=str(_pick({lit.language or "": str(lit)
                               for lit in g.objects(p, RDFS.comment)}, "en") or ""),
            value_type=str(g.value(p, PU.valueType) or "iri"),
            default=str(default) if default is not None else None,
            required=bool(required is not None and required.toPython() is True),
        ))
    return SavedQuery(number=m.group(1) if m else "", slug=m.group(2) if m else path.stem,
                      text=str(g.value(node, SH.select)), path=path, titles=titles,
                      questions=questions,
                      keywords=sorted(str(k) for k in g.objects(node, SCHEMA.keywords)),
                      parameters=sorted(params, key=lambda p: p.name))


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
        text = sys.stdin.read()
        if not text.strip():
            raise QueryError("no query on standard input",
                             "pipe a SPARQL SELECT into `puentes query -`")
        return SavedQuery(number="", slug="stdin", text=text)
    if name.endswith((".rq", ".sparql", ".ttl")):
        path = Path(name)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file", "check the path")
        if path.suffix == ".ttl":
            return _parse_saved(path)
        return SavedQuery(number="", slug=path.stem, text=path.read_text(encoding="utf-8"),
                          path=path)
    catalogue = saved_queries(folder)
    key = name.zfill(3) if name.isdigit() else name
    for q in catalogue:
        if key in (q.number, q.slug, q.name):
            return q
    close = difflib.get_close_matches(name, [q.slug for q in catalogue], n=3)
    maybe = f"did you mean {', '.join(close)}? " if close else ""
    raise QueryError(f"no saved query {name!r}",
                     f"{maybe}see `puentes query --list` for the saved queries, or pass a "
                     ".rq file or - for standard input")


# -- parameters ------------------------------------------------------------------------
def expand(value: str) -> str:
    """Expand ``prefix:local`` with the project prefixes; full IRIs pass through.

    >>> expand("pid:country/BRA")
    'https://w3id.org/puentes/id/country/BRA'
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if value.startswith(("http://", "https://", "urn:")):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    raise QueryError(f"{value!r} is not an IRI",
                     "give a full IRI (https://…) or a prefixed name such as "
                     "pid:organization/ecowas")


def _iri(value: str, what: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(expand(value))
    except ValueError as err:  # Oxigraph checks the IRI's syntax
        raise QueryError(f"{what}: {value!r} is not a valid IRI ({err})",
                         "give a full IRI (https://…) or a prefixed name such as "
                         "pid:country/BRA") from None


Term = ox.NamedNode | ox.Literal
# rdflib does not check every datatype's lexical form: these must match exactly.
_LEXICAL = {
    str(XSD.gYear): re.compile(r"^-?\d{4}$"),
    str(XSD.decimal): re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    str(XSD.integer): re.compile(r"^[+-]?\d+$"),
    str(XSD.date): re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    str(XSD.boolean): re.compile(r"^(true|false|1|0)$"),
}


def typed_literal(raw: str, datatype: str, what: str = "value") -> ox.Literal:
    """A literal of an XSD ``datatype``, its lexical form checked first.

    >>> str(typed_literal("2015", "http://www.w3.org/2001/XMLSchema#gYear"))
    '"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    >>> typed_literal("2015 or later", "http://www.w3.org/2001/XMLSchema#gYear")
    Traceback (most recent call last):
    puentes.query.QueryError: value: '2015 or later' is not a valid gYear
    """
    if datatype == str(XSD.string):
        return ox.Literal(raw)
    lit = Literal(raw, datatype=URIRef(datatype))
    pattern = _LEXICAL.get(datatype)
    if lit.ill_typed or (pattern and not pattern.match(raw)):
        raise QueryError(f"{what}: {raw!r} is not a valid {datatype.rsplit('#', 1)[-1]}")
    return ox.Literal(raw, datatype=ox.NamedNode(datatype))


_LANG_LITERAL = re.compile(r'^"(.*)"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)$', re.S)
_TYPED_LITERAL = re.compile(r'^"(.*)"\^\^(\S+)$', re.S)


def parse_term(value: str, what: str = "value") -> Term:
    """Read a value given on the command line as a SPARQL term (for an analyst's own query):
    an IRI (``<…>``, ``https://…`` or ``prefix:local``), ``"…"@lang``, ``"…"^^datatype``,
    ``true``/``false``, an integer or decimal number, or else a plain string.

    >>> str(parse_term("pid:country/BRA"))
    '<https://w3id.org/puentes/id/country/BRA>'
    >>> str(parse_term("12.5"))
    '"12.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> str(parse_term('"niño"@es'))
    '"niño"@es'
    """
    v = value.strip()
    if v.startswith("<") and v.endswith(">") or v.startswith(("http://", "https://", "urn:")):
        return _iri(v, what)
    if m := _LANG_LITERAL.match(v):
        return ox.Literal(m.group(1), language=m.group(2))
    if m := _TYPED_LITERAL.match(v):
        return typed_literal(m.group(1), _iri(m.group(2), what).value, what)
    prefix, sep, _ = v.partition(":")
    if sep and prefix in PREFIXES:
        return _iri(v, what)
    if v in ("true", "false"):
        return ox.Literal(v, datatype=ox.NamedNode(str(XSD.boolean)))
    if _LEXICAL[str(XSD.integer)].match(v):
        return ox.Literal(v, datatype=ox.NamedNode(str(XSD.integer)))
    if _LEXICAL[str(XSD.decimal)].match(v):
        return ox.Literal(v, datatype=ox.NamedNode(str(XSD.decimal)))
    return ox.Literal(v)


def _listing(query: SavedQuery) -> str:
    if not query.parameters:
        return f"query {query.name} takes no parameters"
    return f"the parameters of {query.name}: " + "; ".join(p.describe()
                                                          for p in query.parameters)


def bind_parameters(query: SavedQuery, given: dict[str, str]) -> dict[str, Term]:
    """Turn ``NAME=VALUE`` strings into RDF terms for the query's declared parameters (the
    defaults fill in the others). An unknown parameter, a missing required one or a value of
    the wrong type is a :class:`QueryError` that lists the query's parameters.

    An analyst's own query (:attr:`SavedQuery.adhoc`) declares none: any of its variables may
    be bound, the value read with :func:`parse_term`.
    """
    if query.adhoc:
        out: dict[str, Term] = {}
        for name, raw in given.items():
            if not re.fullmatch(r"[A-Za-z_][\w]*", name) or not re.search(
                    rf"[?$]{re.escape(name)}\b", query.text):
                raise QueryError(f"the query has no variable ?{name}",
                                 "--param NAME=VALUE binds the query variable ?NAME")
            out[name] = parse_term(raw, f"parameter {name}")
        return out
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise QueryError(f"query {query.name} has no parameter {', '.join(unknown)}",
                         _listing(query))
    out = {}
    for p in query.parameters:
        raw = given.get(p.name, p.default)
        if raw is None:
            if p.required:
                raise QueryError(f"query {query.name} needs --param {p.name}=…",
                                 _listing(query))
            continue
        what = f"parameter {p.name}"
        try:
            out[p.name] = (_iri(raw, what) if p.value_type == "iri"
                           else typed_literal(raw, p.value_type, what))
        except QueryError as err:
            raise QueryError(err.message, _listing(query)) from None
    return out


# -- the shape of the query text -------------------------------------------------------
# One left-to-right scan, so that IRIs, strings and comments are consumed whole: a "{" or a
# "#" inside them is not taken for a group or a comment.
_TOKEN = re.compile(
    r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''"
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<comment>\#[^\n]*)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<lpar>\()|(?P<rpar>\))"
    r"|(?P<word>[A-Za-z_][\w-]*)"
)


def _outer_group(text: str) -> tuple[int, int]:
    """Offsets of the ``{`` that opens the outermost WHERE group and of its ``}``."""
    depth = parens = 0
    start = -1
    last_word = ""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "lpar":
            parens += 1
        elif kind == "rpar":
            parens -= 1
        elif kind == "open":
            # CONSTRUCT { template } WHERE { … }: the template is not the group.
            if depth == 0 and parens == 0 and start < 0 and last_word.upper() != "CONSTRUCT":
                start = m.start()
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and start >= 0:
                return start, m.start()
        elif kind == "word":
            last_word = m.group()
    raise QueryError("the query has no WHERE { … } group",
                     "write the query as SELECT … WHERE { … }")


def is_ordered(text: str) -> bool:
    """Whether the outermost query has ``ORDER BY`` (its rows come in a meaningful order).

    >>> is_ordered("SELECT * { { SELECT ?x { ?x ?p ?o } ORDER BY ?x } }")
    False
    >>> is_ordered("SELECT * { ?x ?p ?o } ORDER BY ?x")
    True
    """
    try:
        _, end = _outer_group(text)
    except QueryError:
        return False
    tail = " ".join(m.group() for m in _TOKEN.finditer(text, end + 1)
                   if m.lastgroup not in ("comment", "string"))
    return bool(re.search(r"(?i)\bORDER\b", tail))


def _with_prefixes(text: str) -> str:
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text))
    missing = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()
                      if p not in declared)
    return missing + text


def inline_values(text: str, bindings: dict) -> str:
    """Bind variables with a VALUES block of serialised terms placed at the start of the
    outermost group (the values are RDF terms, written and escaped by Oxigraph).

    >>> print(inline_values('SELECT * { ?s ?p ?o }', {"o": ox.Literal('x" } DROP ALL #')}))
    SELECT * {
      VALUES (?o) { ("x\\" } DROP ALL #") }
     ?s ?p ?o }
    """
    if not bindings:
        return text
    for k, v in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", k) or not isinstance(v, ox.NamedNode | ox.Literal):
            raise QueryError(f"cannot bind ?{k} to {v!r}", "bind IRIs or literals only")
    names = " ".join(f"?{k}" for k in bindings)
    # Oxigraph's str() of a term is its N-Triples form, escaped: safe to inline.
    row = " ".join(str(v) for v in bindings.values())
    start, _ = _outer_group(text)
    return f"{text[: start + 1]}\n  VALUES ({names}) {{ ({row}) }}\n{text[start + 1:]}"


# -- running ---------------------------------------------------------------------------
@dataclass
class QueryResult:
    """Rows of a SELECT (terms are pyoxigraph terms, or None when unbound)."""

    variables: list[str]
    rows: list[dict[str, object]]


def run_text(text: str, *, store: GraphStore | ox.Store | None = None,
             endpoint: str | None = None, graph: Graph | None = None,
             bindings: dict | None = None, timeout: int = 60) -> QueryResult:
    """Run a SELECT on the embedded store (a :class:`~puentes.store.GraphStore`, or a bare
    ``pyoxigraph.Store`` queried over the union of its graphs), on a remote SPARQL endpoint
    (SPARQLWrapper), or on an rdflib ``graph`` (a ``Dataset(default_union=True)`` for named
    graphs). ``bindings`` maps variable names to pyoxigraph terms."""
    text = _with_prefixes(text)
    bindings = bindings or {}
    if graph is not None:
        return _run_rdflib(text, graph, bindings)
    # Oxigraph's substitutions only bind projected variables, so parameters are bound the same
    # way on the store and on endpoints: a VALUES block of terms serialised by Oxigraph.
    text = inline_values(text, bindings)
    if endpoint:
        return _run_remote(text, endpoint, timeout)
    if store is None:
        raise QueryError("nothing to query", "give a store, an endpoint or RDF files")
    from .sparql_guard import check_query

    check_query(text)  # too deep a query would crash the engine (and this process)
    try:
        if isinstance(store, ox.Store):
            res = store.query(text, use_default_graph_as_union=True)
        else:
            res = store.query(text)
    except (SyntaxError, RuntimeError, ValueError) as err:
        raise QueryError(f"the query is not valid SPARQL: {err}",
                         "fix the query text (line:column are given)") from err
    if not isinstance(res, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here",
                         "use the SPARQL endpoint (`puentes serve`) for ASK/CONSTRUCT")
    names = [v.value for v in res.variables]
    return QueryResult(names, [{n: sol[n] for n in names} for sol in res])


def _run_rdflib(text: str, graph: Graph, bindings: dict) -> QueryResult:
    from .rdfio import to_rdflib

    try:
        res = graph.query(text, initBindings={k: to_rdflib(v) for k, v in bindings.items()})
    except Exception as err:  # noqa: BLE001 - pyparsing and evaluation errors alike
        raise QueryError(f"the query failed on the rdflib graph: {err}",
                         "fix the query text") from err
    if res.type != "SELECT":
        raise QueryError("only SELECT queries are supported here")
    names = [str(v) for v in res.vars]
    return QueryResult(names, [{n: _from_rdflib(row[i]) for i, n in enumerate(names)}
                               for row in res])


def _from_rdflib(t):  # noqa: ANN001, ANN202 - an rdflib term → a pyoxigraph term
    if t is None:
        return None
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD.string)))


def _run_remote(text: str, endpoint: str, timeout: int) -> QueryResult:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(text)
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    client.setMethod("POST")
    try:
        data = client.queryAndConvert()
    except Exception as err:  # noqa: BLE001 - network, HTTP and parse errors alike
        raise QueryError(f"the endpoint {endpoint} failed: {err}",
                         "check the URL (it should accept SPARQL 1.1 Protocol queries) "
                         "and that the server is running") from err
    if not isinstance(data, dict) or "results" not in data:
        raise QueryError(f"the endpoint {endpoint} did not answer with SPARQL JSON results",
                         "check that the URL is the query endpoint of a SPARQL 1.1 server")
    names = data["head"]["vars"]
    rows = [{n: _from_json(b.get(n)) for n in names} for b in data["results"]["bindings"]]
    return QueryResult(names, rows)


def _from_json(b: dict | None):  # noqa: ANN202
    if b is None:
        return None
    if b["type"] == "uri":
        return ox.NamedNode(b["value"])
    if b["type"] == "bnode":
        return ox.BlankNode(b["value"])
    if "xml:lang" in b:
        return ox.Literal(b["value"], language=b["xml:lang"])
    dt = b.get("datatype")
    return ox.Literal(b["value"], datatype=ox.NamedNode(dt)) if dt else ox.Literal(b["value"])


def run_saved_query(query: SavedQuery, *, store: GraphStore | ox.Store | None = None,
                    endpoint: str | None = None, graph: Graph | None = None,
                    params: dict[str, str] | None = None, timeout: int = 60) -> QueryResult:
    """Run a saved query with its parameters bound (defaults for the ones not given).

    >>> from puentes.paths import project_root
    >>> store = store_from_files([project_root() / "tests/fixtures/example-graph.ttl"])
    >>> r = run_saved_query(find_query("010"), store=store)
    >>> sorted({row["gap"].value for row in r.rows})
    ['not ratified']
    """
    bindings = bind_parameters(query, params or {})
    return run_text(query.text, store=store, endpoint=endpoint, graph=graph,
                    bindings=bindings, timeout=timeout)


def store_from_files(paths: list[Path], *, with_model: bool = True) -> GraphStore:
    """An in-memory store holding RDF files (each in its own graph), plus the model (so that
    concepts show their labels) unless ``with_model`` is false."""
    from .model import load_model_graph
    from .rdfio import parse_quads
    from .store import GraphStore

    gs = GraphStore.in_memory()
    if with_model:
        gs.replace_graph("ontology", load_model_graph())
    for i, path in enumerate(paths):
        graph = ox.NamedNode(f"{PREFIXES['pg']}file-{i}")
        quads = parse_quads(Path(path))  # InputError names the file, line and column
        gs.store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    return gs


def open_store(path: Path | None = None) -> GraphStore:
    """The embedded store, read-only (default folder: ``puentes.paths.default_store_dir()``);
    a clear error when there is none yet."""
    from .errors import StoreError
    from .paths import default_store_dir
    from .store import GraphStore

    folder = Path(path) if path else default_store_dir()
    if not folder.is_dir():
        raise StoreError(f"no store at {folder}",
                         "run `puentes build` first (or `make run`), pass --store PATH, "
                         "or give RDF files to query: puentes query 001 FILE.ttl")
    return GraphStore.open(folder, read_only=True)


# -- labels and output -----------------------------------------------------------------
_LABEL_PROPS = ("<http://www.w3.org/2000/01/rdf-schema#label>",
                "<http://www.w3.org/2004/02/skos/core#prefLabel>")


def labels(result: QueryResult, lang: str, *, store: GraphStore | ox.Store | None = None,
           endpoint: str | None = None, graph: Graph | None = None) -> dict[str, str]:
    """Labels of every IRI in the result, in ``lang`` (else English, else one without a
    language tag, else any)."""
    iris = sorted({v.value for row in result.rows for v in row.values()
                   if isinstance(v, ox.NamedNode)})
    out: dict[str, str] = {}
    for chunk in (iris[i:i + 400] for i in range(0, len(iris), 400)):
        values = " ".join(str(ox.NamedNode(i)) for i in chunk)
        text = (f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} "
                f"{{ ?s {_LABEL_PROPS[0]} ?l }} UNION {{ ?s {_LABEL_PROPS[1]} ?l }} }}")
        best: dict[str, tuple[int, str]] = {}
        for r in run_text(text, store=store, endpoint=endpoint, graph=graph).rows:
            lit = r["l"]
            if not isinstance(lit, ox.Literal):
                continue
            tag = (lit.language or "").lower()
            rank = (0 if tag == lang else 1 if tag == "en" else 2 if not tag else 3)
            cur = best.get(r["s"].value)
            if cur is None or (rank, lit.value) < cur:
                best[r["s"].value] = (rank, lit.value)
        out.update({k: v[1] for k, v in best.items()})
    return out


def cell(term, names: dict[str, str] | None = None) -> str:  # noqa: ANN001
    """A term as text: its label when known, else the IRI or the literal's value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return (names or {}).get(term.value, term.value)
    return term.value


def to_csv(result: QueryResult, names: dict[str, str] | None = None) -> str:
    """CSV: one column per variable; with ``names``, a ``<var>_label`` column after each
    column that holds IRIs (the IRI stays, for joining with other data)."""
    iri_cols = {v for v in result.variables
                if any(isinstance(r[v], ox.NamedNode) for r in result.rows)} if names else set()
    header = []
    for v in result.variables:
        header.append(v)
        if v in iri_cols:
            header.append(f"{v}_label")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in result.rows:
        line = []
        for v in result.variables:
            line.append(cell(r[v]))
            if v in iri_cols:
                line.append(cell(r[v], names) if isinstance(r[v], ox.NamedNode) else "")
        w.writerow(line)
    return buf.getvalue()


def json_term(t) -> dict:  # noqa: ANN001 - a pyoxigraph term
    """One RDF term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != str(XSD.string):
        d["datatype"] = t.datatype.value
    return d


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return json.dumps({"head": {"vars": result.variables},
                       "results": {"bindings": [{k: json_term(v) for k, v in r.items()
                                                 if v is not None} for r in result.rows]}},
                      indent=2, ensure_ascii=False)

