"""Running a SELECT on the engines: the embedded Oxigraph store, an rdflib graph, or a
remote SPARQL 1.1 endpoint (a POST bounded in time and size) — the same answers on each
(tests prove it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import XSD

from puentes.errors import QueryError
from puentes.i18n.lazy import Msg
from puentes.namespaces import with_prefixes
from puentes.query.catalogue import SavedQuery
from puentes.query.terms import bind_parameters
from puentes.query.text import _outer_group, inline_values, push_values
from puentes.rdfio import to_oxigraph

BOOLEAN = str(XSD.boolean)

if TYPE_CHECKING:  # the store module is imported only when a store is used
    from rdflib import Graph

    from puentes.store import GraphStore


@dataclass
class QueryResult:
    """Rows of a SELECT (terms are pyoxigraph terms, or None when unbound)."""

    variables: list[str]
    rows: list[dict[str, object]]


def run_text(text: str, *, store: GraphStore | ox.Store | None = None,
             endpoint: str | None = None, graph: Graph | None = None,
             bindings: dict | None = None, timeout: int = 60,
             runner: Callable | None = None) -> QueryResult:
    """Run a SELECT on the embedded store (a :class:`~puentes.store.GraphStore`, or a bare
    ``pyoxigraph.Store`` queried over the union of its graphs), on a remote SPARQL endpoint
    (SPARQLWrapper), or on an rdflib ``graph`` (a ``Dataset(default_union=True)`` for named
    graphs). ``bindings`` maps variable names to pyoxigraph terms. ``timeout``: seconds for
    a remote endpoint. ``runner``: runs the query on a GraphStore instead of this process,
    ``runner(store, text)`` → pyoxigraph results, SyntaxError for invalid SPARQL (``puentes
    query`` gives :func:`puentes.web.endpoint.local.run_bounded`: a time limit and a memory
    bound)."""
    user_text, text = text, with_prefixes(text)
    prefixed = text
    bindings = bindings or {}
    if graph is not None:
        return _run_rdflib(text, graph, bindings)
    # Oxigraph's substitutions only bind projected variables, so parameters are bound the same
    # way on the store and on endpoints: a VALUES block of terms serialised by Oxigraph, at
    # the start of the outermost group and of each sub-SELECT that hands them up (push_values:
    # the same answer, without computing the sub-SELECT for every other value first).
    text = inline_values(text, bindings)
    pushed = inline_values(push_values(prefixed, bindings), bindings)
    if endpoint:
        return _run_remote(pushed, endpoint, timeout)
    if store is None:
        raise QueryError(Msg("nothing to query"), Msg("give a store, an endpoint or RDF files"))
    from puentes.query.guard import check_query

    check_query(pushed)  # too deep a query would crash the engine (and this process)
    if runner is not None and not isinstance(store, ox.Store):
        try:
            res = runner(store, pushed)
        except SyntaxError as err:
            message = _user_positions(str(err), user_text, prefixed, pushed)
            raise QueryError(Msg("the query is not valid SPARQL: {message}", message=message),
                             Msg("fix the query text (line:column are given)")) from None
        return _rows(res)
    try:
        res = _run_store(store, pushed)
    except (SyntaxError, RuntimeError, ValueError):
        try:  # the error, placed in the text as written (parameters at the outermost level)
            res = _run_store(store, text)
        except (SyntaxError, RuntimeError, ValueError) as err:
            message = _user_positions(str(err), user_text, prefixed, text)
            raise QueryError(Msg("the query is not valid SPARQL: {message}", message=message),
                             Msg("fix the query text (line:column are given)")) from None
    return _rows(res)


def _rows(res) -> QueryResult:  # noqa: ANN001 - pyoxigraph results
    if not isinstance(res, ox.QuerySolutions):
        raise QueryError(Msg("only SELECT queries are supported here"),
                         Msg("use the SPARQL endpoint (`puentes serve`) for ASK/CONSTRUCT"))
    names = [v.value for v in res.variables]
    return QueryResult(names, [{n: sol[n] for n in names} for sol in res])


def _run_store(store: GraphStore | ox.Store, text: str):  # noqa: ANN202 - pyoxigraph results
    if isinstance(store, ox.Store):
        return store.query(text, use_default_graph_as_union=True)
    return store.query(text)


def _user_positions(message: str, user: str, prefixed: str, final: str) -> str:
    r"""Rewrite the ``line:column`` of an engine error in ``final`` (the text run: ``user``
    with the project prefixes added in front, then the parameters' VALUES inserted) as the
    position in ``user``, the text the person wrote.

    >>> _user_positions("error at 3:2: x", "A\nB\nSELECT", "P\nA\nB\nSELECT", "P\nA\nB\nSELECT")
    'error at 2:2: x'
    """
    head = len(prefixed) - len(user)
    inserted_at = _outer_group(prefixed)[0] + 1 if final != prefixed else len(final)
    inserted = len(final) - len(prefixed)

    def moved(m: re.Match) -> str:
        lines = final.split("\n")
        line, col = int(m.group(1)), int(m.group(2))
        if not 1 <= line <= len(lines):
            return m.group(0)
        offset = sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
        if offset >= inserted_at + inserted:
            offset -= inserted
        elif offset >= inserted_at:
            offset = inserted_at - 1  # inside the VALUES of the parameters: at their "{"
        offset -= head
        if offset < 0:
            return m.group(0)
        ul = user.count("\n", 0, offset) + 1
        uc = offset - (user.rfind("\n", 0, offset) + 1) + 1
        return f"{ul}:{uc}"

    return re.sub(r"(?<=at )(\d+):(\d+)", moved, message, count=1)


def _run_rdflib(text: str, graph: Graph, bindings: dict) -> QueryResult:
    from puentes.rdfio import to_rdflib

    try:
        res = graph.query(text, initBindings={k: to_rdflib(v) for k, v in bindings.items()})
    except Exception as err:  # noqa: BLE001 - pyparsing and evaluation errors alike
        raise QueryError(Msg("the query failed on the rdflib graph: {err}", err=err),
                         Msg("fix the query text")) from err
    if res.type != "SELECT":
        raise QueryError(Msg("only SELECT queries are supported here"))
    names = [str(v) for v in res.vars]
    return QueryResult(names, [{n: _from_rdflib(row[i]) for i, n in enumerate(names)}
                               for row in res])


def _from_rdflib(t):  # noqa: ANN001, ANN202 - an rdflib term (or None) → a pyoxigraph term
    return None if t is None else to_oxigraph(t)


#: The largest SPARQL JSON answer read from an endpoint (bytes).
REMOTE_MAX_BYTES = 256_000_000


def _run_remote(text: str, endpoint: str, timeout: float) -> QueryResult:
    """The query POSTed to ``endpoint`` (SPARQL 1.1 Protocol): the whole exchange within
    ``timeout`` seconds, the answer read up to :data:`REMOTE_MAX_BYTES`, no redirect
    followed (it would make the POST a GET), the JSON checked before it is read."""
    import requests

    from puentes.errors import PuentesError
    from puentes.query.http import request
    hint = Msg("check the URL (it should accept SPARQL 1.1 Protocol queries) and that the "
               "server is running")
    try:
        with requests.Session() as session:
            resp = request(session, "POST", endpoint, deadline=timeout,
                           max_bytes=REMOTE_MAX_BYTES, data={"query": text},
                           headers={"Accept": "application/sparql-results+json"})
    except PuentesError as err:
        raise QueryError(Msg("the endpoint {endpoint}: {message}", endpoint=endpoint,
                             message=err.message), err.hint or hint) from None
    except requests.RequestException as err:
        raise QueryError(Msg("the endpoint {endpoint} failed: {err}", endpoint=endpoint,
                             err=err), hint) from None
    if resp.status_code != 200:
        raise QueryError(f"the endpoint {endpoint} answered {resp.status_code} "
                         f"{resp.reason}: {resp.text[:300]}", hint)
    try:
        data = resp.json()
    except ValueError:
        data = None
    return results_from_json(data, endpoint)


def results_from_json(data: object, endpoint: str) -> QueryResult:
    """SPARQL 1.1 JSON results as a :class:`QueryResult`, every part checked: a
    :class:`QueryError` saying what is missing or wrong (never a KeyError).

    >>> results_from_json({"head": {"vars": ["x"]}, "results": {"bindings": [
    ...     {"x": {"type": "uri", "value": "http://e/x"}}]}}, "e").rows
    [{'x': <NamedNode value=http://e/x>}]
    >>> try:
    ...     results_from_json({"results": {"bindings": []}}, "e")
    ... except QueryError as err:
    ...     print(err.message)
    the endpoint e answered SPARQL JSON without head.vars (the list of variables)
    """
    hint = "check that the URL is the query endpoint of a SPARQL 1.1 server"
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise QueryError(Msg("the endpoint {endpoint} did not answer with SPARQL JSON results",
                             endpoint=endpoint), hint)
    head = data.get("head")
    names = head.get("vars") if isinstance(head, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise QueryError(f"the endpoint {endpoint} answered SPARQL JSON without head.vars "
                         "(the list of variables)", hint)
    bindings = data["results"].get("bindings")
    if not isinstance(bindings, list):
        raise QueryError(f"the endpoint {endpoint} answered SPARQL JSON without "
                         "results.bindings (the list of rows)", hint)
    rows = []
    for i, b in enumerate(bindings, 1):
        try:
            rows.append({n: _from_json(b.get(n)) for n in names})
        except (AttributeError, KeyError, TypeError, ValueError) as err:
            raise QueryError(f"the endpoint {endpoint} answered row {i} with a term that is "
                             f"not valid SPARQL JSON ({type(err).__name__}: {err}): "
                             f"{str(b)[:200]}", hint) from None
    return QueryResult(names, rows)


def _from_json(b: dict | None):  # noqa: ANN202
    if b is None:
        return None
    kind, value = b["type"], b["value"]
    if not isinstance(value, str):
        raise TypeError(f"value {value!r} is not a string")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    if "xml:lang" in b:
        return ox.Literal(value, language=b["xml:lang"])
    dt = b.get("datatype")
    if dt == BOOLEAN and value in ("1", "0"):
        # the same value as "true"/"false" (XSD), written so by Virtuoso: the canonical form
        return ox.Literal(value == "1")
    return ox.Literal(value, datatype=ox.NamedNode(dt)) if dt else ox.Literal(value)


def run_saved_query(query: SavedQuery, *, store: GraphStore | ox.Store | None = None,
                    endpoint: str | None = None, graph: Graph | None = None,
                    params: dict[str, str] | None = None, timeout: int = 60,
                    runner: Callable | None = None) -> QueryResult:
    """Run a saved query with its parameters bound (defaults for the ones not given).

    >>> from puentes.paths import project_root
    >>> from puentes.query import find_query
    >>> from puentes.store import store_from_files
    >>> store = store_from_files([project_root() / "tests/fixtures/example-graph.ttl"])
    >>> r = run_saved_query(find_query("010"), store=store)
    >>> sorted({row["gap"].value for row in r.rows})
    ['no ratification on record', 'not ratified']
    """
    bindings = bind_parameters(query, params or {})
    return run_text(query.text, store=store, endpoint=endpoint, graph=graph,
                    bindings=bindings, timeout=timeout, runner=runner)
