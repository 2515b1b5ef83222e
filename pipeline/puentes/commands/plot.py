"""``puentes plot``: draw a picture of the graph (a map, flows, a timeline, a chart, the
commitment chain) from its saved query, to SVG, HTML or PNG."""

from __future__ import annotations

import json
from pathlib import Path

import click

from puentes.commands.localized import LocalizedCommand
from puentes.commands.options import json_option, lang_option
from puentes.i18n import _
from puentes.web.plot.catalogue import CATALOGUE as KINDS

_KINDS_HELP = "\n".join(f"  {name:<17} {k.about} (query {k.query})" for name, k in KINDS.items())


@click.command("plot", cls=LocalizedCommand,
               help=f"""Draw KIND from the graph into OUT (.svg, .html or .png).

Each picture answers a saved query (see `puentes query --list`), so the same rows can be
read as a table with `puentes query NNN`. Labels in --lang; a legend and a source line
("Source: …, built on DATE") on every picture; no network (country shapes are shipped).

\b
Kinds:
{_KINDS_HELP}

\b
Example:
  puentes plot members-map --param body=pid:organization/eac --param date=2010-01-01 --out eac.svg
  puentes plot sdg871-map --lang es --out sdg871.png
  puentes plot flows --out flows.html
  puentes plot chain tests/fixtures/example-graph.ttl --out chain.svg --json
""")
@click.argument("kind", type=click.Choice(sorted(KINDS)), metavar="KIND")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, exists=True,
                                                   dir_okay=False))
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the picture's saved query (repeatable).")
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, dir_okay=False),
              required=True, help="The file to write: .svg, .html or .png.")
@lang_option
@click.option("--store", "store_path", type=click.Path(path_type=Path, file_okay=False),
              help="Store folder (default: .puentes/store, or $PUENTES_STORE).")
@click.option("--endpoint", metavar="URL", help="Draw from a remote SPARQL 1.1 endpoint.")
@click.option("--links", metavar="ROOT", default=None,
              help="Link shapes to resource pages under ROOT (e.g. https://w3id.org/puentes/ "
                   "or /); no links when not given.")
@click.option("--zoom", is_flag=True,
              help="Member and coverage maps: show only the part of the world around the "
                   "countries coloured.")
@json_option
def command(kind: str, files: tuple[Path, ...], params: tuple[str, ...], out: Path, lang: str,
            store_path: Path | None, endpoint: str | None, links: str | None,
            zoom: bool, as_json: bool) -> None:
    # imported here: listing the commands (and `puentes --version`) needs no RDF library
    from puentes.commands.query import _params
    from puentes.query import open_store, store_from_files
    from puentes.web.plot.kinds import Context, built_date, draw
    from puentes.web.plot.output import write

    store, built = None, ""
    if endpoint:  # the one rule for a web address (query and publish apply it too)
        from puentes.ingest.weburl import check_web_url

        check_web_url(endpoint, "--endpoint", "give the endpoint's full URL, e.g. "
                      "http://127.0.0.1:7878/query (a file is read as FILES, not --endpoint)")
    else:
        if files:
            store = store_from_files(list(files))
        else:
            store = open_store(store_path)
            built = built_date(store)
    ctx = Context(store=store, endpoint=endpoint, lang=lang, root=links, built=built,
                  zoom=zoom)
    picture = draw(kind, ctx, _params(params))
    write(picture, out, lang)
    if as_json:
        click.echo(json.dumps({"out": str(out), "kind": kind, "format": out.suffix.lstrip("."),
                               "lang": lang, "title": picture.title, "query": picture.query,
                               "rows": picture.rows}, indent=2, ensure_ascii=False))
        return
    click.echo(_("{out}: {title} — {n} row(s) of query {query}", out=out,
                 title=picture.title, n=picture.rows, query=picture.query))
