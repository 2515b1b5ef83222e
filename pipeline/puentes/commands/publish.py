"""``puentes publish``: the graph as linked open data — a static site folder, or a push to a
remote SPARQL store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from puentes.commands.localized import LocalizedCommand
from puentes.commands.options import lang_option
from puentes.errors import PuentesError
from puentes.i18n import _
from puentes.ingest.weburl import check_web_url
from puentes.paths import base_iri

if TYPE_CHECKING:  # the store (pyoxigraph) loads only when the command runs
    from puentes.store import GraphStore


@click.command("publish", cls=LocalizedCommand)
@click.option("--to", "out_dir", type=click.Path(path_type=Path), default=Path("dist"),
              show_default=True, help="Folder for the static site (replaced atomically).")
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Store folder (default: .puentes/store).")
@click.option("--base-url", default=base_iri(), show_default=True,
              help="Where the site will be hosted (download URLs in the DCAT description).")
@lang_option
@click.option("--endpoint", metavar="URL",
              help="Instead of a folder: push every source graph to this SPARQL 1.1 Graph "
                   "Store endpoint (credentials from PUENTES_ENDPOINT_USER / "
                   "PUENTES_ENDPOINT_PASSWORD or PUENTES_ENDPOINT_TOKEN).")
@click.option("--no-ontology-docs", is_flag=True, help="Skip the pyLODE ontology pages.")
@click.option("--contact", metavar="EMAIL|URL",
              help="Contact point of the datasets in the DCAT description (default: the site's "
                   "home page).")
@click.option("--force", is_flag=True,
              help="Replace the --to folder even if no earlier publish wrote it (its files "
                   "are deleted).")
def command(out_dir: Path, store_path: Path | None, base_url: str, lang: str,
            endpoint: str | None, no_ontology_docs: bool, contact: str | None,
            force: bool) -> None:
    """Publish the built graph: dumps (TriG, N-Quads, N-Triples, Turtle, JSON-LD; gzip, with
    checksums), a DCAT/VoID description, the ontology and its documentation, one page per
    resource (HTML, Turtle, JSON-LD), an index per class, the saved questions and a sitemap —
    a folder any static web server can host (recipes for nginx and Apache:
    docs/publishing.md). The folder is replaced atomically, and only if an earlier publish
    wrote it (else exit 2; --force overrides). With --endpoint, push to a SPARQL store.

    \b
    Example:
      puentes publish                       # into dist/
      puentes publish --to /srv/puentes/site --base-url https://data.example.org/
      puentes publish --endpoint http://127.0.0.1:7878/store
    """
    for name, value in (("--base-url", base_url), ("--endpoint", endpoint)):
        if value is not None:  # the one rule for a web address (query and plot apply it too)
            check_web_url(value, name)
    from puentes.store import GraphStore

    store = GraphStore.open(store_path, read_only=True)
    if endpoint:
        from puentes.web.publish.remote import push_graphs, shown_url

        target = shown_url(endpoint)
        pushed = push_graphs(store, endpoint, timeout=_endpoint_timeout(),
                             progress=lambda sid, n: click.echo(_(
                                 "{source}: {n:,} triples → {target}", source=sid, n=n,
                                 target=target)))
        click.echo(_("Published {n} graph(s) to {target}.", n=len(pushed), target=target))
        return
    result = publish_folder(store, out_dir, base_url, lang, not no_ontology_docs,
                            contact=contact, force=force)
    click.echo(_("Published {resources:,} resources, {dumps} dumps, {files:,} files into "
                 "{folder} in {seconds:.1f}s.", resources=result.resources,
                 dumps=len(result.dumps), files=result.files, folder=result.folder,
                 seconds=result.seconds))
    click.echo(_("Serve it locally with `puentes serve --site {folder}`.", folder=result.folder))


def _endpoint_timeout() -> float:
    """Seconds one request of a push may take in all: ``PUENTES_ENDPOINT_TIMEOUT``, else 1800
    (a swap of a million triples takes minutes on a busy server)."""
    raw = os.environ.get("PUENTES_ENDPOINT_TIMEOUT", "")
    try:
        value = float(raw) if raw else 1800.0
    except ValueError:
        value = 0.0
    if not value > 0:
        raise PuentesError(f"PUENTES_ENDPOINT_TIMEOUT={raw!r} is not a number of seconds",
                           "set it to a positive number, or unset it (1800)")
    return value


def publish_folder(store: GraphStore, out_dir: Path, base_url: str, lang: str,
                   docs: bool, **kwargs):  # noqa: ANN003, ANN201
    """Call the library (kept separate so the command stays thin)."""
    from puentes.web.publish import publish

    return publish(store, out_dir, base_url=base_url, lang=lang, ontology_docs=docs, **kwargs)
