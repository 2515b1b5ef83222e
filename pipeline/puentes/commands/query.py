"""``puentes query``: answer a saved question (or your own SPARQL) from the store, from RDF
files, or from a remote SPARQL endpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from puentes.commands.localized import LocalizedCommand
from puentes.commands.options import lang_option
from puentes.commands.tables import Column, TableData, write_table
from puentes.i18n import _
from puentes.i18n.lazy import render

if TYPE_CHECKING:  # the query engine (rdflib, pyoxigraph) loads only when a query runs
    from puentes.query import QueryResult, SavedQuery

from puentes.ingest.weburl import check_web_url


def _params(values: tuple[str, ...]) -> dict[str, str]:
    from puentes.query import QueryError

    out: dict[str, str] = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name.strip():
            raise QueryError(_("--param {value}: expected NAME=VALUE", value=repr(v)),
                             _("for example --param threshold=10"))
        if name.strip() in out:
            raise QueryError(_("--param {name} is given twice", name=name.strip()),
                             _("give it once"))
        out[name.strip()] = value.strip()
    return out


@click.command("query", cls=LocalizedCommand)
@click.argument("name", required=False)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, exists=True,
                                                   dir_okay=False))
@click.option("--list", "list_", is_flag=True, help="List the saved queries and exit.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query (repeatable); bound as an RDF term, never "
                   "pasted into the text. IRIs as https://… or prefix:local.")
@click.option("--format", "fmt",
              type=click.Choice(["table", "csv", "tsv", "markdown", "json"]),
              default="table", show_default=True,
              help="table: labels for people (cells wrap at word boundaries, a too-long word "
                   "is cut with …); csv and tsv: IRIs plus <column>_label columns; markdown: "
                   "labels, for a document; json: SPARQL 1.1 Query Results JSON.")
@lang_option
@click.option("--store", "store_path", type=click.Path(path_type=Path, file_okay=False),
              help="Store folder (default: .puentes/store, or $PUENTES_STORE).")
@click.option("--endpoint", metavar="URL",
              help="Query a remote SPARQL 1.1 endpoint instead of the local store.")
@click.option("--limit", type=int, default=0, help="Show at most N rows (table format).")
@click.option("--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Stop the query after SECONDS (0: no limit, locally). Default: 60 for a remote "
                   "endpoint and for your own query (.rq, -); none for the saved questions, "
                   "which are measured.")
@click.option("--memory", "memory_mb", type=click.IntRange(min=64), default=None,
              metavar="MB", help="Stop a local query that needs more than MB megabytes "
                                 "(default 4096 when the query runs with a time limit).")
@click.option("--release", metavar="V",
              help="Answer as the graph stood in release V (its dump, loaded in memory; "
                   "`latest` for the current one).")
@click.option("--releases", "releases_root", type=click.Path(path_type=Path, file_okay=False),
              default=Path("releases"), show_default=True,
              help="The folder of the releases, for --release.")
def command(name: str | None, files: tuple[Path, ...], list_: bool, params: tuple[str, ...],
            fmt: str, lang: str, store_path: Path | None, endpoint: str | None, limit: int,
            timeout: float | None, memory_mb: int | None, release: str | None,
            releases_root: Path) -> None:
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
      puentes query 012 --endpoint http://127.0.0.1:7878/query --param maxAge=5
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | puentes query - --format tsv
      puentes query queries/010_ratification-gaps.rq --timeout 300

    A local query with a time limit (your own queries have one by default) runs in a worker
    process that is stopped when the time is up or past the memory bound: the command then
    says so and exits with 2.
    """
    if list_:
        _list(lang, fmt)
        return
    from puentes.query import QueryError, find_query, labels, run_saved_query, to_csv, to_json
    from puentes.store import open_store, store_from_files

    if not name:
        raise QueryError(_("which query?"), _("give a saved query (see `puentes query "
                                              "--list`), a .rq file or - for standard input"))
    if endpoint:  # the one rule for a web address (plot and publish apply it too)
        check_web_url(endpoint, "--endpoint", _("give the endpoint's full URL, e.g. "
                      "http://127.0.0.1:7878/query (a file is read as FILES, not --endpoint)"))
    if endpoint and (files or store_path):
        raise QueryError(_("--endpoint cannot be combined with FILES or --store"),
                         _("query either the endpoint, the store or the files"))
    if files and store_path:
        raise QueryError(_("--store cannot be combined with FILES"),
                         _("FILES are queried on their own, in memory"))
    if release and (files or store_path or endpoint):
        raise QueryError(_("--release cannot be combined with FILES, --store or --endpoint"),
                         _("a release is queried on its own, from its dump"))
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
                             timeout=int(timeout) if timeout else 60,
                             runner=_bounds(query, timeout, memory_mb))
    if not result.rows and store is not None:
        _explain_no_rows(store, query, given)
    if fmt == "json":
        click.echo(to_json(result))
        return
    names = labels(result, lang, store=store, endpoint=endpoint)
    if fmt in ("csv", "tsv"):
        click.echo(to_csv(result, names, sep="," if fmt == "csv" else "\t"), nl=False)
        return
    _table(query, result, names, lang, given, limit, fmt)


def _bounds(query: SavedQuery, timeout: float | None, memory_mb: int | None):  # noqa: ANN202
    """How a local query runs: in this process (a saved question, no bound asked), or in a
    query worker stopped past a time limit or a memory bound (``puentes query --timeout``)."""
    from functools import partial

    from puentes.web.endpoint.local import DEFAULT_ADHOC_TIMEOUT, DEFAULT_MEMORY_MB, run_bounded

    local = timeout if timeout is not None else (DEFAULT_ADHOC_TIMEOUT if query.adhoc else 0)
    if not local and memory_mb is None:
        return None
    return partial(run_bounded, timeout=local or None, memory_mb=memory_mb or DEFAULT_MEMORY_MB)


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
            raise QueryError(_("--param {name}={value}: nothing in the store has this IRI "
                               "(identifiers are case-sensitive)", name=name,
                               value=given[name]),
                             _("did you mean {options}?", options=_(" or ").join(
                                 f"--param {name}={s}" for s in short)))
        click.echo(_("note: --param {name}={value}: nothing in the store has the IRI <{iri}>; "
                     "check it (e.g. with `puentes query 001`)", name=name, value=given[name],
                     iri=term.value), err=True)


def _table(query: SavedQuery, result: QueryResult, names: dict[str, str], lang: str,
           given: dict[str, str], limit: int, fmt: str) -> None:
    """The answer for a person: title, question, parameters, then the rows with labels
    (a terminal table, or Markdown for a document)."""
    from puentes.query import cell

    title = f"{query.number} {query.title(lang) if query.number else query.name}".strip()
    rows = result.rows[:limit] if limit else result.rows
    # the columns under their labels in the reader's language (queries/columns.ttl); CSV, TSV
    # and JSON keep the variable names, for programs
    data = TableData(title, [Column(h) for h in query.headings(result.variables, lang)],
                     [[cell(r[v], names) for v in result.variables] for r in rows])
    bound = [f"{p.name}={given.get(p.name, p.default)}" for p in query.parameters
             if given.get(p.name, p.default) is not None]
    count = _("{n} row(s).", n=len(result.rows)) if len(rows) == len(result.rows) else \
        _("{n} row(s) (showing {shown}).", n=len(result.rows), shown=len(rows))
    if fmt == "markdown":
        if query.question(lang):
            click.echo(f"*{query.question(lang)}*\n")
        if bound:
            click.echo(_("parameters: {values}", values=", ".join(bound)) + "\n")
        write_table(data, fmt)
        click.echo("\n" + count)
        return
    from rich.console import Console
    from rich.markup import escape

    from puentes.commands.tables import rich_table

    console = Console()
    if query.question(lang):
        console.print(f"[italic]{escape(query.question(lang))}[/]", highlight=False)
    if bound:
        console.print(f"[dim]{escape(_('parameters: {values}', values=', '.join(bound)))}[/]",
                      highlight=False)
    console.print(rich_table(data))
    console.print(count, highlight=False)


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
    if fmt in ("csv", "tsv"):
        # for programs: stable English column names, the texts in --lang
        data = TableData("", [Column(c) for c in ("number", "slug", "title", "question",
                                                  "parameters")],
                         [[q.number, q.slug, q.title(lang), q.question(lang),
                           "; ".join(render(p.describe()) for p in q.parameters)]
                          for q in queries])
        write_table(data, fmt)
        return
    data = TableData(_("Saved queries (queries/)"),
                     [Column("#"), Column(_("slug")), Column(_("question")),
                      Column(_("parameters"))])
    for q in queries:
        params = ", ".join(p.name + ("*" if p.required else f"={p.default}" if p.default
                                     else "") for p in q.parameters)
        data.rows.append([q.number, q.slug, q.question(lang) or q.title(lang), params])
    write_table(data, fmt)
    note = _("* required.  Run one: puentes query NNN [--param NAME=VALUE]…")
    if fmt == "markdown":
        click.echo("\n" + note)
    else:
        from rich.console import Console
        from rich.markup import escape

        Console().print(f"[dim]{escape(note)}[/]", highlight=False)
