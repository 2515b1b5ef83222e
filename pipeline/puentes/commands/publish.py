"""``puentes publish``: the graph as linked open data — a static site folder, or a push to a
remote SPARQL store."""

from __future__ import annotations

from pathlib import Path

import click

from ..namespaces import BASE
from ..store import GraphStore


@click.command("publish")
@click.option("--to", "out_dir", type=click.Path(path_type=Path), default=Path("dist"),
              show_default=True, help="Folder for the static site (replaced atomically).")
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Store folder (default: .puentes/store).")
@click.option("--base-url", default=BASE, show_default=True,
              help="Where the site will be hosted (download URLs in the DCAT description).")
@click.option("--lang", type=click.Choice(["es", "en", "fr"]), default="en",
              show_default=True, help="Language of the labels on the HTML pages.")
@click.option("--endpoint", metavar="URL",
              help="Instead of a folder: push every source graph to this SPARQL 1.1 Graph "
                   "Store endpoint (credentials from PUENTES_ENDPOINT_USER / "
                   "PUENTES_ENDPOINT_PASSWORD or PUENTES_ENDPOINT_TOKEN).")
@click.option("--no-ontology-docs", is_flag=True, help="Skip the pyLODE ontology page.")
def command(out_dir: Path, store_path: Path | None, base_url: str, lang: str,
            endpoint: str | None, no_ontology_docs: bool) -> None:
    """Publish the built graph: dumps (TriG, N-Quads, N-Triples, Turtle, JSON-LD; gzip, with
    checksums), a DCAT/VoID description, the ontology and its documentation, one page per
    resource (HTML, Turtle, JSON-LD), an index per class, the saved questions and a sitemap —
    a folder any static web server can host. With --endpoint, push to a SPARQL store.

    \b
    Example:
      puentes publish                       # into dist/
      puentes publish --to /var/www/puentes --base-url https://data.example.org/puentes/
      puentes publish --endpoint http://127.0.0.1:7878/store
    """
    store = GraphStore.open(store_path, read_only=True)
    if endpoint:
        from ..publish.remote import push_graphs

        pushed = push_graphs(store, endpoint)
        for sid, n in pushed.items():
            click.echo(f"{sid}: {n:,} triples → {endpoint}")
        return
    result = publish_folder(store, out_dir, base_url, lang, not no_ontology_docs)
    click.echo(f"Published {result.resources:,} resources, {len(result.dumps)} dumps, "
               f"{result.files:,} files into {result.folder} in {result.seconds:.1f}s.")
    click.echo("Serve it locally with `puentes serve --site " + str(result.folder) + "`.")


def publish_folder(store: GraphStore, out_dir: Path, base_url: str, lang: str,
                   docs: bool):  # noqa: ANN201
    """Call the library (kept separate so the command stays thin)."""
    from ..publish import publish

    return publish(store, out_dir, base_url=base_url, lang=lang, ontology_docs=docs)
