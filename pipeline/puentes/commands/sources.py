"""``puentes sources``: the source catalogue with licence, last build and size."""

from __future__ import annotations

import json
from pathlib import Path

import click

from puentes.commands.localized import LocalizedCommand
from puentes.commands.options import lang_option, store_option, table_or_json
from puentes.errors import StoreError
from puentes.i18n import _


@click.command("sources", cls=LocalizedCommand)
@store_option
@table_or_json
@lang_option
def command(store_path: Path | None, fmt: str, lang: str) -> None:
    """List the sources in data/sources.yaml: id, kind, licence, last build, triples.

    \b
    Example:
      puentes sources
      puentes sources --format json
      puentes sources --format tsv --lang fr
    """
    from puentes.commands.tables import Column, TableData, to_csv, to_tsv, write_table
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
    if fmt in ("csv", "tsv"):  # for programs: the JSON keys as column names
        keys = ["id", "kind", "enabled", "licence", "last_build", "triples"]
        click.echo((to_csv if fmt == "csv" else to_tsv)(
            keys, [[str(r[k] if r[k] is not None else "") for k in keys] for r in rows]),
            nl=False)
        return
    t = TableData(_("Sources (data/sources.yaml)"),
                  [Column(_("id")), Column(_("kind")), Column(_("licence")),
                   Column(_("last build")), Column(_("triples"), right=True)])
    for r in rows:
        t.rows.append([r["id"] + ("" if r["enabled"] else " " + _("(disabled)")), r["kind"],
                       r["licence"], r["last_build"] or _("never"), f"{r['triples']:,}"])
    write_table(t, fmt)
