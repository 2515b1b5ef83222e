"""``puentes stats``: what the store holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from puentes.commands.localized import LocalizedCommand
from puentes.commands.options import lang_option, store_option, table_or_json
from puentes.i18n import _


@click.command("stats", cls=LocalizedCommand)
@store_option
@table_or_json
@lang_option
def command(store_path: Path | None, fmt: str, lang: str) -> None:
    """Show the triples per source graph and the entities per class in the store.

    \b
    Example:
      puentes stats
      puentes stats --format json
      puentes stats --format markdown --lang es
    """
    from puentes.build.report.stats import entity_counts
    from puentes.commands.tables import Column, TableData, to_csv, to_tsv, write_table
    from puentes.store import GraphStore

    store = GraphStore.open(store_path, read_only=True)
    graphs, counts = store.graphs(), entity_counts(store)
    if fmt == "json":
        click.echo(json.dumps({"graphs": graphs, "entities": counts}, indent=2))
        return
    if fmt in ("csv", "tsv"):
        # one table for programs: stable English column names
        rows = [["graph", sid, str(n)] for sid, n in graphs.items()]
        rows += [["class", k, str(n)] for k, n in counts.items()]
        click.echo((to_csv if fmt == "csv" else to_tsv)(["what", "name", "count"], rows),
                   nl=False)
        return
    t = TableData(_("Triples per source graph"),
                  [Column(_("source")), Column(_("triples"), right=True)],
                  [[sid, f"{n:,}"] for sid, n in graphs.items()])
    t.rows.append([_("total"), f"{sum(graphs.values()):,}"])
    write_table(t, fmt)
    if fmt == "markdown":
        click.echo()
    e = TableData(_("Entities per class"), [Column(_("class")), Column(_("count"), right=True)],
                  [[k, f"{n:,}"] for k, n in counts.items()])
    write_table(e, fmt)
