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
@click.option("--timeout", default=30.0, show_default=True, help="Seconds per SPARQL query.")
@click.option("--limit", default=10_000, show_default=True, help="Rows per SPARQL answer.")
def command(host: str, port: int, store_path: Path | None, site: Path | None, timeout: float,
            limit: int) -> None:
    """Serve the graph: resource IRIs with content negotiation (303 See Other to HTML,
    Turtle, JSON-LD or N-Triples), a read-only SPARQL 1.1 endpoint at /sparql and a query
    page at /query. Stop with Ctrl-C.

    \b
    Example:
      puentes serve --port 8000
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:8000/id/organization/ecowas
      curl 'http://127.0.0.1:8000/sparql' --data-urlencode 'query=ASK { ?s ?p ?o }'
    """
    import uvicorn

    from ..serve import create_app

    app = create_app(store_path, timeout=timeout, limit=limit, site=site)
    click.echo(f"puentes at http://{host}:{port}/  (SPARQL: /sparql, query page: /query)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
