"""``puentes sources``: the source catalogue with licence, last build and size."""

from __future__ import annotations

import json
from pathlib import Path

import click

from puentes.commands.options import store_option, table_or_json
from puentes.errors import StoreError


@click.command("sources")
@store_option
@table_or_json
def command(store_path: Path | None, fmt: str) -> None:
    """List the sources in data/sources.yaml: id, kind, licence, last build, triples.

    \b
    Example:
      puentes sources
      puentes sources --format json | jq '.[].licence'
    """
    from rich.console import Console
    from rich.table import Table

    from puentes.ingest.catalogue import load_catalogue
    from puentes.store import GraphStore

    catalogue = load_catalogue()
    try:
        store = GraphStore.open(store_path, read_only=True)
        states, counts = store.states(), store.graphs()
    except StoreError:
        states, counts = {}, {}
    rows = []
    for s in catalogue.values():
        st = states.get(s.id)
        rows.append({"id": s.id, "title": s.title, "kind": s.kind, "enabled": s.enabled,
                     "licence": s.licence, "publisher": s.publisher, "location": str(s.location),
                     "last_build": st.built_at if st else None,
                     "triples": counts.get(s.id, 0)})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    t = Table(title="Sources (data/sources.yaml)", title_justify="left")
    for col in ("id", "kind", "licence", "last build", "triples"):
        t.add_column(col, justify="right" if col == "triples" else "left", overflow="fold")
    for r in rows:
        t.add_row(r["id"] + ("" if r["enabled"] else " [dim](disabled)[/]"), r["kind"],
                  r["licence"], r["last_build"] or "never", f"{r['triples']:,}")
    Console().print(t)
