"""``puentes diff A B``: what changed between two releases (or a release and the store)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from puentes.commands.localized import LocalizedCommand
from puentes.i18n import LANGS


@click.command("diff", cls=LocalizedCommand)
@click.argument("old")
@click.argument("new")
@click.option("--releases", "root", type=click.Path(path_type=Path, file_okay=False),
              default=Path("releases"), show_default=True,
              help="The folder of the releases (`puentes release --to`).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json", "turtle"]),
              default="markdown", show_default=True, help="How to write the changes.")
@click.option("--lang", type=click.Choice(LANGS), default="en",
              show_default=True, help="Language of the Markdown.")
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Store folder, for the version named `store` (default: .puentes/store).")
@click.option("--catalogue", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="The source catalogue of the store (default: data/sources.yaml).")
def command(old: str, new: str, root: Path, fmt: str, lang: str, store_path: Path | None,
            catalogue: Path | None) -> None:
    """Compare two versions of the graph: OLD and NEW are release names (`latest` for the
    current one) or `store` (the graph built now). Lists (a) every record added, removed
    or changed, field by field, with its sources and the registry record behind it, and
    (b) every saved question whose answers differ — rows gained, lost or changed — with the
    record changes that caused it.

    \b
    Example:
      puentes diff 2026-06-01 2026-12-07
      puentes diff latest store --format json > changes.json
      puentes diff v1 v2 --format turtle --lang fr
    """
    from puentes.web.release import changeset
    from puentes.web.release.diff import diff, open_version

    a = open_version(old, root, store_path=store_path, catalogue=catalogue)
    b = open_version(new, root, store_path=store_path, catalogue=catalogue)
    log = diff(a, b)
    if fmt == "json":
        click.echo(json.dumps(log.to_json(), ensure_ascii=False, indent=1))
    elif fmt == "turtle":
        base = f"urn:puentes:diff:{a.label}:{b.label}"
        click.echo(changeset.to_rdf(log, base).serialize(format="turtle"))
    else:
        click.echo(changeset.to_markdown(log, lang))
