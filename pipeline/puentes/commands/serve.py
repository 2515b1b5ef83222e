"""``puentes serve``: linked data with content negotiation and a SPARQL endpoint."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from puentes.commands.localized import LocalizedCommand
from puentes.errors import PuentesError
from puentes.i18n import _


@click.command("serve", cls=LocalizedCommand)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="TCP port to listen on (1–65535).")
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Store folder (default: .puentes/store).")
@click.option("--site", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Also serve a folder written by `puentes publish` under /site/.")
@click.option("--releases", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Also serve a folder written by `puentes release` under /releases/: "
                   "every release's files, /releases/V/sparql and /releases/V/query/NNN "
                   "answered as the graph stood in release V.")
@click.option("--timeout", default=30.0, show_default=True,
              type=click.FloatRange(0, min_open=True),
              help="Seconds per SPARQL query; past it the query is stopped (503).")
@click.option("--limit", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows per SPARQL answer.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes (queries running at once).")
@click.option("--allow-service", multiple=True, metavar="IRI",
              help="A SPARQL endpoint that SERVICE may call (repeatable). Without it, "
                   "SERVICE is refused: the server makes no outbound requests.")
@click.option("--max-body", default=1_000_000, show_default=True, type=click.IntRange(1),
              help="Largest request body accepted, in bytes (413 beyond).")
@click.option("--refresh", default=2.0, show_default=True,
              type=click.FloatRange(0, min_open=True),
              help="Seconds between checks for a finished `puentes build` to serve.")
@click.option("--query-memory", default=1000, show_default=True, type=click.IntRange(64),
              metavar="MB",
              help="Memory one SPARQL query may use, in MB; past it the query is stopped "
                   "(503).")
@click.option("--public-url", envvar="PUENTES_PUBLIC_URL", metavar="URL",
              help="The server's address as clients reach it (e.g. behind a proxy), written "
                   "in the service and VoID descriptions [default: http://HOST:PORT/; env "
                   "PUENTES_PUBLIC_URL]. Never taken from a request's Host header.")
@click.option("--head-timeout", default=10.0, show_default=True,
              type=click.FloatRange(0, min_open=True),
              help="Seconds a client has to send a whole request head (408 after).")
def command(host: str, port: int, store_path: Path | None, site: Path | None,
            releases: Path | None, timeout: float, limit: int, workers: int,
            allow_service: tuple[str, ...], max_body: int, refresh: float, query_memory: int,
            public_url: str | None, head_timeout: float) -> None:
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
      puentes serve --releases releases   # then /releases/latest/, /releases/V/query/001
    """
    import uvicorn

    from puentes.ingest.weburl import check_web_url
    from puentes.web.app import create_app, public_base
    from puentes.web.endpoint.http import OneWriteHttp

    for iri in allow_service:
        check_web_url(iri, "--allow-service")
    check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    public_url = public_base(public_url or f"http://{shown}:{port}/")
    app = create_app(store_path, timeout=timeout, limit=limit, site=site, workers=workers,
                     allow_service=allow_service, max_body=max_body, refresh=refresh,
                     memory=query_memory * 1_000_000, public_url=public_url,
                     releases=releases)
    click.echo(_("puentes at {url}  (SPARQL: /sparql, query page: /query)", url=public_url))
    # Idle keep-alive connections are closed after 30 s, not uvicorn's 5: a client that
    # reuses a connection just as the server closes it gets an error, not an answer, and on
    # a busy machine the load test's clients came back after about 5 s.
    config = uvicorn.Config(app, host=host, port=port, log_level="warning",
                            http=OneWriteHttp.limited(head_seconds=head_timeout),
                            timeout_keep_alive=30, timeout_graceful_shutdown=5)
    stopping_server(config, app).run()


def stopping_server(config, app):  # noqa: ANN001, ANN201 - a uvicorn.Config, App → Server
    """uvicorn's server, where SIGTERM (or Ctrl-C) also stops the running queries at once
    (their workers are killed and the requests answered 503): uvicorn alone waits for every
    open request to finish, and a query could run until its timeout."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:  # noqa: ANN001
            super().handle_exit(sig, frame)
            app.stop_queries()

    return Server(config)


def check_port(host: str, port: int) -> None:
    """Fail early, before saying where puentes listens, when ``host:port`` cannot be bound
    (in use, not an address of this machine, or a privileged port)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise PuentesError(_("--host {host}: not a known address ({reason})", host=repr(host),
                             reason=err.strerror),
                           _("use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0")
                           ) from None
    family, address = infos[0][0], infos[0][4]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(address)
        except OSError as err:
            raise PuentesError(_("cannot listen on {host}:{port}: {reason}", host=host,
                                 port=port, reason=err.strerror),
                               _("another program (another `puentes serve`?) may use the "
                                 "port: stop it, or choose another with --port")) from None
