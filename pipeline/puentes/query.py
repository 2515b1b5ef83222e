"""Saved queries (``queries/NNN_slug.ttl``) and running SPARQL safely.

A saved query is SIB-style RDF: a ``sh:SPARQLSelectExecutable`` with titles and the question
in es/en/fr, keywords, the query text and its parameters. Parameters are bound as RDF
terms — an inline
``VALUES`` block of terms serialised (and escaped) by Oxigraph at the start of the WHERE
clause — never pasted into the query text as given.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH, XSD

from .errors import InputError, PuentesError
from .namespaces import PREFIXES, PU, SCHEMA
from .paths import queries_dir
from .store import GraphStore

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


@dataclass
class SavedQuery:
    """A saved query and its metadata."""

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

    def title(self, lang: str = "en") -> str:
        """The title in ``lang`` (falling back to English, then any)."""
        return _pick(self.titles, lang) or self.name

    def question(self, lang: str = "en") -> str:
        """The question in words, in ``lang`` where available."""
        return _pick(self.questions, lang) or ""


def _pick(texts: dict[str, str], lang: str) -> str | None:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), None)


def _parse_saved(path: Path) -> SavedQuery:
    m = _NAME.match(path.name)
    if not m:
        raise QueryError(f"{path}: a saved query file is named NNN_slug.ttl")
    g = Graph().parse(path, format="turtle")
    node = next(iter(g.subjects(SH.select, None)), None)
    if node is None:
        raise QueryError(f"{path}: no sh:select query text", "add sh:select \"\"\"…\"\"\"")
    titles = {lit.language: str(lit) for lit in g.objects(node, RDFS.label) if lit.language}
    questions = {lit.language: str(lit) for lit in g.objects(node, RDFS.comment)
                 if lit.language}
    params = []
    for p in g.objects(node, PU.parameter):
        default = g.value(p, PU.default)
        params.append(Parameter(
            name=str(g.value(p, PU.name)),
            comment=str(g.value(p, RDFS.comment) or ""),
            value_type=str(g.value(p, PU.valueType) or "iri"),
            default=str(default) if default is not None else None,
            required=bool(g.value(p, PU.required) and g.value(p, PU.required).toPython()),
        ))
    return SavedQuery(number=m.group(1), slug=m.group(2), text=str(g.value(node, SH.select)),
                      path=path, titles=titles, questions=questions,
                      keywords=sorted(str(k) for k in g.objects(node, SCHEMA.keywords)),
                      parameters=sorted(params, key=lambda p: p.name))


@lru_cache(maxsize=8)
def _catalogue(folder: Path, stamp: float) -> tuple[SavedQuery, ...]:
    return tuple(_parse_saved(p) for p in sorted(folder.glob("[0-9][0-9][0-9]_*.ttl")))


def saved_queries(folder: Path | None = None) -> list[SavedQuery]:
    """Every saved query in ``queries/``, in number order."""
    folder = folder or queries_dir()
    files = list(folder.glob("[0-9][0-9][0-9]_*.ttl"))
    stamp = max((p.stat().st_mtime for p in files), default=0.0)
    return list(_catalogue(folder, stamp))


def find_query(name: str, folder: Path | None = None) -> SavedQuery:
    """A saved query by number (``7`` or ``007``), slug or ``NNN_slug``; a ``.rq`` file by
    path; ``-`` for a query on standard input."""
    if name == "-":
        return SavedQuery(number="", slug="stdin", text=sys.stdin.read())
    if name.endswith((".rq", ".sparql")):
        path = Path(name)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file", "check the path")
        return SavedQuery(number="", slug=path.stem, text=path.read_text(encoding="utf-8"),
                          path=path)
    catalogue = saved_queries(folder)
    key = name.zfill(3) if name.isdigit() else name
    for q in catalogue:
        if key in (q.number, q.slug, q.name):
            return q
    raise QueryError(f"no saved query {name!r}",
                     "see `puentes query --list` for the saved queries, or pass a .rq file")


# -- parameters ------------------------------------------------------------------------
def expand(value: str) -> str:
    """Expand ``prefix:local`` with the project prefixes; full IRIs pass through."""
    if value.startswith(("http://", "https://", "urn:")):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    raise QueryError(f"{value!r} is not an IRI",
                     "give a full IRI (https://…) or a prefixed name such as "
                     "pid:organization/ecowas")


Term = ox.NamedNode | ox.Literal
# rdflib does not check every datatype's lexical form: these must match exactly.
_LEXICAL = {
    str(XSD.gYear): re.compile(r"^-?\d{4}$"),
    str(XSD.decimal): re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    str(XSD.integer): re.compile(r"^[+-]?\d+$"),
    str(XSD.date): re.compile(r"^\d{4}-\d{2}-\d{2}$"),
}


def bind_parameters(query: SavedQuery, given: dict[str, str]) -> dict[str, Term]:
    """Turn ``NAME=VALUE`` strings into RDF terms for the query's declared parameters."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        listed = ", ".join(f"{p.name} ({p.comment})" for p in query.parameters) or "none"
        raise QueryError(f"query {query.name} has no parameter {', '.join(unknown)}",
                         f"its parameters: {listed}")
    out: dict[str, Term] = {}
    for p in query.parameters:
        raw = given.get(p.name, p.default)
        if raw is None:
            if p.required:
                raise QueryError(f"query {query.name} needs --param {p.name}=…",
                                 f"{p.name}: {p.comment}")
            continue
        if p.value_type == "iri":
            out[p.name] = ox.NamedNode(expand(raw))
            continue
        lit = Literal(raw, datatype=URIRef(p.value_type))
        pattern = _LEXICAL.get(p.value_type)
        if lit.ill_typed or (pattern and not pattern.match(raw)):
            raise QueryError(f"parameter {p.name}: {raw!r} is not a valid "
                             f"{p.value_type.rsplit('#', 1)[-1]}", p.comment)
        out[p.name] = ox.Literal(str(lit), datatype=ox.NamedNode(p.value_type))
    return out


# -- running ---------------------------------------------------------------------------
@dataclass
class QueryResult:
    """Rows of a SELECT (terms are pyoxigraph terms, or None when unbound)."""

    variables: list[str]
    rows: list[dict[str, object]]


def _with_prefixes(text: str) -> str:
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text))
    missing = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()
                      if p not in declared)
    return missing + text


def _n3(term: ox.NamedNode | ox.Literal) -> str:
    # Oxigraph's str() of a term is its N-Triples form, with escaping: safe to inline.
    return str(term)


def inline_values(text: str, bindings: dict) -> str:
    """Bind variables with a VALUES block of serialised terms placed at the start of the
    outermost WHERE group (the values are RDF terms, escaped by Oxigraph's writer)."""
    if not bindings:
        return text
    names = " ".join(f"?{k}" for k in bindings)
    row = " ".join(_n3(v) for v in bindings.values())
    block = f"VALUES ({names}) {{ ({row}) }}\n"
    m = re.search(r"(?i)\bWHERE\s*\{", text)
    if not m:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return text[: m.end()] + "\n  " + block + text[m.end():]


def run_text(text: str, *, store: GraphStore | None = None, endpoint: str | None = None,
             bindings: dict | None = None, timeout: int = 60) -> QueryResult:
    """Run a SELECT on the store or on a remote endpoint (SPARQLWrapper)."""
    # Oxigraph's substitutions only bind projected variables, so parameters are bound the same
    # way everywhere: a VALUES block of terms serialised by Oxigraph (escaped N-Triples).
    text = inline_values(_with_prefixes(text), bindings or {})
    if endpoint:
        return _run_remote(text, endpoint, timeout)
    assert store is not None
    try:
        res = store.query(text)
    except (SyntaxError, RuntimeError) as err:
        raise QueryError(f"the query is not valid SPARQL: {err}",
                         "fix the query text (line:column are given)") from err
    if not isinstance(res, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here",
                         "use the SPARQL endpoint (`puentes serve`) for ASK/CONSTRUCT")
    names = [v.value for v in res.variables]
    return QueryResult(names, [{n: sol[n] for n in names} for sol in res])


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


def run_saved_query(query: SavedQuery, *, store: GraphStore | None = None,
                    endpoint: str | None = None, params: dict[str, str] | None = None,
                    timeout: int = 60) -> QueryResult:
    """Run a saved query with its parameters bound (defaults for the ones not given)."""
    bindings = bind_parameters(query, params or {})
    return run_text(query.text, store=store, endpoint=endpoint, bindings=bindings,
                    timeout=timeout)


def store_from_files(paths: list[Path], *, with_model: bool = True) -> GraphStore:
    """An in-memory store holding RDF files (each in its own graph), plus the model (so that
    concepts show their labels) unless ``with_model`` is false."""
    from .model import load_model_graph
    from .rdfio import parse_quads

    gs = GraphStore.in_memory()
    if with_model:
        gs.replace_graph("ontology", load_model_graph())
    for i, path in enumerate(paths):
        graph = ox.NamedNode(f"{PREFIXES['pg']}file-{i}")
        try:
            quads = parse_quads(path)
        except InputError:
            raise
        gs.store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    return gs


# -- labels and output -----------------------------------------------------------------
def labels(result: QueryResult, lang: str, *, store: GraphStore | None = None,
           endpoint: str | None = None) -> dict[str, str]:
    """Labels of every IRI in the result, in ``lang`` (else English, else any)."""
    iris = sorted({v.value for row in result.rows for v in row.values()
                   if isinstance(v, ox.NamedNode)})
    if not iris:
        return {}
    out: dict[str, str] = {}
    for chunk in (iris[i:i + 400] for i in range(0, len(iris), 400)):
        values = " ".join(f"<{i}>" for i in chunk)
        text = (f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} "
                "{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } UNION "
                "{ ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }")
        rows = run_text(text, store=store, endpoint=endpoint).rows
        best: dict[str, tuple[int, str]] = {}
        for r in rows:
            lit = r["l"]
            rank = 0 if lit.language == lang else 1 if lit.language == "en" else 2
            cur = best.get(r["s"].value)
            if cur is None or rank < cur[0]:
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
    column that holds IRIs."""
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


