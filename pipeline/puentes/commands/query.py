"""``puentes query``: answer a saved question (or your own SPARQL) from the store, from RDF
files, or from a remote SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..query import (
    QueryError,
    cell,
    find_query,
    labels,
    run_saved_query,
    saved_queries,
    store_from_files,
    to_csv,
    to_json,
)
from ..store import GraphStore


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {v!r}: expected NAME=VALUE",
                             "for example --param threshold=10")
        out[name.strip()] = value.strip()
    return out


@click.command("query")
@click.argument("name", required=False)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, exists=True,
                                                   dir_okay=False))
@click.option("--list", "list_", is_flag=True, help="List the saved queries and exit.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query (repeatable); bound as an RDF term.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
              default="table", show_default=True)
@click.option("--lang", type=click.Choice(["es", "en", "fr"]), default="en",
              show_default=True, help="Language of the labels shown.")
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Store folder (default: .puentes/store).")
@click.option("--endpoint", metavar="URL",
              help="Query a remote SPARQL 1.1 endpoint instead of the local store.")
@click.option("--limit", type=int, default=0, help="Show at most N rows (table format).")
@click.option("--timeout", type=int, default=60, show_default=True,
              help="Seconds to wait for a remote endpoint.")
def command(name: str | None, files: tuple[Path, ...], list_: bool, params: tuple[str, ...],
            fmt: str, lang: str, store_path: Path | None, endpoint: str | None, limit: int,
            timeout: int) -> None:
    """Answer a saved question NAME (a number such as 001, a slug, a .rq file, or - for a
    query on standard input) from the store, from RDF FILES, or from --endpoint.

    \b
    Example:
      puentes query --list
      puentes query 001 --lang es
      puentes query 009 --param threshold=20 --format csv > coverage.csv
      puentes query 010 tests/fixtures/example-graph.ttl
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | puentes query -
    """
    if list_:
        _list(lang)
        return
    if not name:
        raise QueryError("which query?", "give a saved query (see `puentes query --list`), "
                                         "a .rq file or - for standard input")
    query = find_query(name)
    store = None
    if not endpoint:
        store = (store_from_files(list(files)) if files
                 else GraphStore.open(store_path, read_only=True))
    result = run_saved_query(query, store=store, endpoint=endpoint, params=_params(params),
                             timeout=timeout)
    if fmt == "json":
        click.echo(to_json(result))
        return
    names = labels(result, lang, store=store, endpoint=endpoint)
    if fmt == "csv":
        click.echo(to_csv(result, names), nl=False)
        return
    console = Console()
    title = query.title(lang) if query.number else query.name
    table = Table(title=f"{query.number} {title}".strip(), title_justify="left")
    for v in result.variables:
        table.add_column(v, overflow="fold")
    rows = result.rows[:limit] if limit else result.rows
    for r in rows:
        table.add_row(*(cell(r[v], names) for v in result.variables))
    if query.question(lang):
        console.print(f"[italic]{query.question(lang)}[/]")
    console.print(table)
    more = f" (showing {len(rows)})" if len(rows) < len(result.rows) else ""
    console.print(f"{len(result.rows)} row(s){more}.")


def _list(lang: str) -> None:
    console = Console()
    table = Table(title="Saved queries (queries/)", title_justify="left")
    for col in ("#", "slug", "question", "parameters"):
        table.add_column(col, overflow="fold")
    for q in saved_queries():
        params = ", ".join(f"{p.name}={p.default}" if p.default else p.name
                           for p in q.parameters)
        table.add_row(q.number, q.slug, q.question(lang) or q.title(lang), params)
    console.print(table)
