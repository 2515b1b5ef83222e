"""``puentes serve``: linked data with content negotiation and a SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Store folder (default: .puentes/store).")
@click.option("--site", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Also serve a folder written by `puentes publish` under /site/.")
@click.option("--timeout", default=30.0, show_default=True,
              help="Seconds per SPARQL query; past it the query is stopped (503).")
@click.option("--limit", default=10_000, show_default=True, help="Rows per SPARQL answer.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes (queries running at once).")
@click.option("--allow-service", multiple=True, metavar="IRI",
              help="A SPARQL endpoint that SERVICE may call (repeatable). Without it, "
                   "SERVICE is refused: the server makes no outbound requests.")
@click.option("--max-body", default=1_000_000, show_default=True,
              help="Largest request body accepted, in bytes (413 beyond).")
@click.option("--refresh", default=2.0, show_default=True,
              help="Seconds between checks for a finished `puentes build` to serve.")
def command(host: str, port: int, store_path: Path | None, site: Path | None, timeout: float,
            limit: int, workers: int, allow_service: tuple[str, ...], max_body: int,
            refresh: float) -> None:
    """Serve the graph: resource IRIs with content negotiation (303 See Other to HTML,
    Turtle, JSON-LD, N-Triples or RDF/XML), a read-only SPARQL 1.1 endpoint at /sparql and
    a query page at /query. Stop with Ctrl-C.

    The server reads a snapshot of the store, never the store a build writes: run
    `puentes build` at any time, and the new graph is served once the build has finished.

    \b
    Example:
      puentes serve --port 8000
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:8000/id/organization/ecowas
      curl 'http://127.0.0.1:8000/sparql' --data-urlencode 'query=ASK { ?s ?p ?o }'
    """
    import uvicorn

    from ..serve import create_app

    app = create_app(store_path, timeout=timeout, limit=limit, site=site, workers=workers,
                     allow_service=allow_service, max_body=max_body, refresh=refresh)
    click.echo(f"puentes at http://{host}:{port}/  (SPARQL: /sparql, query page: /query)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
