"""``puentes release``: a dated, immutable version of the published graph."""

from __future__ import annotations

from pathlib import Path

import click

from puentes.commands.localized import LocalizedCommand
from puentes.i18n import LANGS


@click.command("release", cls=LocalizedCommand)
@click.option("--version", "version", metavar="V",
              help="The version's name (default: the date, e.g. 2026-12-07). A release is "
                   "never overwritten: an existing name stops with exit 2.")
@click.option("--to", "root", type=click.Path(path_type=Path, file_okay=False),
              default=Path("releases"), show_default=True,
              help="The folder of all releases (each in <DIR>/<version>/).")
@click.option("--date", metavar="YYYY-MM-DD", help="The release date (default: today).")
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Store folder (default: .puentes/store).")
@click.option("--catalogue", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="The source catalogue the store was built from (default: data/sources.yaml"
                   "): its registry names the record behind each change.")
@click.option("--base-url", metavar="URL",
              help="Where the releases folder is hosted (default: <base IRI>releases/).")
@click.option("--lang", type=click.Choice(LANGS), default="en",
              show_default=True, help="Language of the pages.")
@click.option("--no-ontology-docs", is_flag=True, help="Skip the pyLODE ontology pages.")
@click.option("--contact", metavar="EMAIL|URL", help="Contact point in the DCAT description.")
def command(version: str | None, root: Path, date: str | None, store_path: Path | None,
            catalogue: Path | None, base_url: str | None, lang: str, no_ontology_docs: bool,
            contact: str | None) -> None:
    """Make a release: the site, dumps and catalogue of the built graph in DIR/<version>/,
    with SHA256SUMS, the answer to every saved question, the changes since the previous
    release (Markdown, JSON, RDF; release notes), DCAT 3 versioning, CITATION.cff and
    DataCite metadata; then update DIR/releases.json, DIR/latest and the Atom feeds in
    DIR/feeds/. Earlier releases stay as they were.

    \b
    Example:
      puentes build
      puentes release                                  # releases/<today, YYYY-MM-DD>/
      puentes release --version v2 --to /srv/puentes/releases \\
          --base-url https://data.example.org/releases/
    """
    from puentes.store import GraphStore
    from puentes.web.release.make import make_release

    store = GraphStore.open(store_path, read_only=True)
    result = make_release(store, root, version=version, date=date, base_url=base_url,
                          lang=lang, catalogue_path=catalogue,
                          ontology_docs=not no_ontology_docs, contact=contact)
    s = result.changes
    click.echo(f"Released {result.version} into {result.folder} in {result.seconds:.1f}s: "
               f"{s['changed']} record(s) changed, {s['added']} added, {s['removed']} "
               f"removed; {s['questions']} question(s) answer differently; "
               f"{result.feeds} feeds.")
    click.echo(f"Release notes: {result.folder / 'changes' / 'NOTES.md'}")
