"""``puentes query``: answer a saved question (or your own SPARQL) from the store, from RDF
files, or from a remote SPARQL endpoint."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the query engine (rdflib, pyoxigraph) loads only when a query runs
    from puentes.query import QueryResult, SavedQuery

from puentes.ingest.weburl import is_web_url


def _params(values: tuple[str, ...]) -> dict[str, str]:
    from puentes.query import QueryError

    out: dict[str, str] = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {v!r}: expected NAME=VALUE",
                             "for example --param threshold=10")
        if name.strip() in out:
            raise QueryError(f"--param {name.strip()} is given twice", "give it once")
        out[name.strip()] = value.strip()
    return out


@click.command("query")
@click.argument("name", required=False)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, exists=True,
                                                   dir_okay=False))
@click.option("--list", "list_", is_flag=True, help="List the saved queries and exit.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query (repeatable); bound as an RDF term, never "
                   "pasted into the text. IRIs as https://… or prefix:local.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
              default="table", show_default=True,
              help="table: labels for people; csv: IRIs plus <column>_label columns; "
                   "json: SPARQL 1.1 Query Results JSON.")
@click.option("--lang", type=click.Choice(["es", "en", "fr"]), default="en",
              show_default=True,
              help="Language of the labels and titles shown (else English, else any).")
@click.option("--store", "store_path", type=click.Path(path_type=Path, file_okay=False),
              help="Store folder (default: .puentes/store, or $PUENTES_STORE).")
@click.option("--endpoint", metavar="URL",
              help="Query a remote SPARQL 1.1 endpoint instead of the local store.")
@click.option("--limit", type=int, default=0, help="Show at most N rows (table format).")
@click.option("--timeout", type=int, default=60, show_default=True,
              help="Seconds to wait for a remote endpoint.")
@click.option("--release", metavar="V",
              help="Answer as the graph stood in release V (its dump, loaded in memory; "
                   "`latest` for the current one).")
@click.option("--releases", "releases_root", type=click.Path(path_type=Path, file_okay=False),
              default=Path("releases"), show_default=True,
              help="The folder of the releases, for --release.")
def command(name: str | None, files: tuple[Path, ...], list_: bool, params: tuple[str, ...],
            fmt: str, lang: str, store_path: Path | None, endpoint: str | None, limit: int,
            timeout: int, release: str | None, releases_root: Path) -> None:
    """Answer a saved question NAME (a number such as 001, a slug, a saved query's .ttl, a
    .rq file of your own, or - for a query on standard input) from the store, from RDF
    FILES, or from a SPARQL endpoint.

    With FILES, they are loaded (with the ontology, for labels) into a store in memory;
    without, the embedded store built by `puentes build` answers.

    \b
    Example:
      puentes query --list
      puentes query 001 --lang es
      puentes query 009 --param threshold=20 --format csv > coverage.csv
      puentes query 001 --param body=pid:organization/ecowas
      puentes query 010 tests/fixtures/example-graph.ttl
      puentes query 201 --release 2026-06-01 --param body=pid:organization/ecowas
      puentes query 012 --endpoint http://127.0.0.1:7878/query --param since=2018
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | puentes query -
    """
    if list_:
        _list(lang, fmt)
        return
    from puentes.query import QueryError, find_query, labels, run_saved_query, to_csv, to_json
    from puentes.store import open_store, store_from_files

    if not name:
        raise QueryError("which query?", "give a saved query (see `puentes query --list`), "
                                         "a .rq file or - for standard input")
    if endpoint and not is_web_url(endpoint):
        raise QueryError(f"--endpoint {endpoint!r}: not a web address",
                         "give the endpoint's full URL, e.g. http://127.0.0.1:7878/query")
    if endpoint and (files or store_path):
        raise QueryError("--endpoint cannot be combined with FILES or --store",
                         "query either the endpoint, the store or the files")
    if files and store_path:
        raise QueryError("--store cannot be combined with FILES",
                         "FILES are queried on their own, in memory")
    if release and (files or store_path or endpoint):
        raise QueryError("--release cannot be combined with FILES, --store or --endpoint",
                         "a release is queried on its own, from its dump")
    query = find_query(name)
    given = _params(params)
    store = None
    if release:
        from puentes.web.release.graphs import load_release
        from puentes.web.release.versions import folder

        store = load_release(folder(releases_root, release))
    elif not endpoint:
        store = store_from_files(list(files)) if files else open_store(store_path)
    result = run_saved_query(query, store=store, endpoint=endpoint, params=given,
                             timeout=timeout)
    if not result.rows and store is not None:
        _explain_no_rows(store, query, given)
    if fmt == "json":
        click.echo(to_json(result))
        return
    names = labels(result, lang, store=store, endpoint=endpoint)
    if fmt == "csv":
        click.echo(to_csv(result, names), nl=False)
        return
    _table(query, result, names, lang, given, limit)


def _explain_no_rows(store, query: SavedQuery, given: dict[str, str]) -> None:  # noqa: ANN001
    """No rows: an IRI given as a parameter that names nothing in the store is the usual
    cause. Say so — and when only its case is wrong (``pid:country/gha``), refuse it with the
    IRI that exists."""
    import pyoxigraph as ox

    from puentes.namespaces import curie
    from puentes.query import QueryError, bind_parameters

    try:
        bound = bind_parameters(query, given)
    except QueryError:
        return
    for name, term in bound.items():
        if name not in given or not isinstance(term, ox.NamedNode):
            continue
        # str() of an Oxigraph term is its escaped N-Triples form: safe in the query text.
        if bool(store.query(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}")):
            continue
        want = ox.Literal(term.value.lower())
        rows = store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o "
                           f"FILTER(isIRI(?s) && LCASE(STR(?s)) = {want}) }} LIMIT 3")
        close = [row["s"].value for row in rows]
        if close:
            short = [curie(iri) for iri in close]
            raise QueryError(f"--param {name}={given[name]}: nothing in the store has this IRI "
                             f"(identifiers are case-sensitive)",
                             "did you mean " + " or ".join(f"--param {name}={s}" for s in short)
                             + "?")
        click.echo(f"note: --param {name}={given[name]}: nothing in the store has the IRI "
                   f"<{term.value}>; check it (e.g. with `puentes query 001`)", err=True)


def _table(query: SavedQuery, result: QueryResult, names: dict[str, str], lang: str,
           given: dict[str, str], limit: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from puentes.query import cell

    console = Console()
    title = query.title(lang) if query.number else query.name
    table = Table(title=f"{query.number} {title}".strip(), title_justify="left")
    for v in result.variables:
        table.add_column(v, overflow="fold")
    rows = result.rows[:limit] if limit else result.rows
    for r in rows:
        table.add_row(*(cell(r[v], names) for v in result.variables))
    if query.question(lang):
        console.print(f"[italic]{query.question(lang)}[/]", highlight=False)
    bound = [f"{p.name}={given.get(p.name, p.default)}" for p in query.parameters
             if given.get(p.name, p.default) is not None]
    if bound:
        console.print(f"[dim]parameters: {', '.join(bound)}[/]", highlight=False)
    console.print(table)
    more = f" (showing {len(rows)})" if len(rows) < len(result.rows) else ""
    console.print(f"{len(result.rows)} row(s){more}.")


def _list(lang: str, fmt: str) -> None:
    from puentes.query import saved_queries

    queries = saved_queries()
    if fmt == "json":
        click.echo(json.dumps([{
            "number": q.number, "slug": q.slug, "title": q.title(lang),
            "question": q.question(lang), "keywords": q.keywords,
            "parameters": [{"name": p.name, "type": p.value_type, "default": p.default,
                            "required": p.required, "comment": p.comment}
                           for p in q.parameters]} for q in queries],
            indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["number", "slug", "title", "question", "parameters"])
        for q in queries:
            w.writerow([q.number, q.slug, q.title(lang), q.question(lang),
                        "; ".join(p.describe() for p in q.parameters)])
        click.echo(buf.getvalue(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Saved queries (queries/)", title_justify="left")
    for col in ("#", "slug", "question", "parameters"):
        table.add_column(col, overflow="fold")
    for q in queries:
        params = ", ".join(p.name + ("*" if p.required else f"={p.default}" if p.default
                                     else "") for p in q.parameters)
        table.add_row(q.number, q.slug, q.question(lang) or q.title(lang), params)
    console = Console()
    console.print(table)
    console.print("[dim]* required.  Run one: puentes query NNN [--param NAME=VALUE]…[/]")
