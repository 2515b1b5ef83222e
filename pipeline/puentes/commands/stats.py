"""``puentes stats``: what the store holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from puentes.commands.options import store_option, table_or_json


@click.command("stats")
@store_option
@table_or_json
def command(store_path: Path | None, fmt: str) -> None:
    """Show the triples per source graph and the entities per class in the store.

    \b
    Example:
      puentes stats
      puentes stats --format json
    """
    from rich.console import Console
    from rich.table import Table

    from puentes.build.report.stats import entity_counts
    from puentes.store import GraphStore

    store = GraphStore.open(store_path, read_only=True)
    graphs, counts = store.graphs(), entity_counts(store)
    if fmt == "json":
        click.echo(json.dumps({"graphs": graphs, "entities": counts}, indent=2))
        return
    console = Console()
    t = Table(title="Triples per source graph", title_justify="left")
    t.add_column("source")
    t.add_column("triples", justify="right")
    for sid, n in graphs.items():
        t.add_row(sid, f"{n:,}")
    t.add_row("[bold]total[/]", f"[bold]{sum(graphs.values()):,}[/]")
    console.print(t)
    e = Table(title="Entities per class", title_justify="left")
    e.add_column("class")
    e.add_column("count", justify="right")
    for k, n in counts.items():
        e.add_row(k, f"{n:,}")
    console.print(e)
