"""Pushing the graph to a remote SPARQL 1.1 store: Graph Store HTTP Protocol plus one update.

Each source graph goes first into a staging graph on the server (``DELETE`` then ``POST
?graph=<…/graph/_staging/<id>>``), then one SPARQL Update moves it over the published graph
(``MOVE``, one transaction on the server). A server that goes down before or during the push
leaves every remote graph as it was or wholly replaced — never partial — and the error says
which graphs were published and which were not. A staging graph a crash left behind is
replaced by the next push.

The update endpoint is the Graph Store endpoint with ``/store`` or ``/data`` replaced by
``/update`` (Oxigraph, Fuseki), ``/sparql-graph-crud-auth`` by ``/sparql-auth`` (Virtuoso), or
``PUENTES_ENDPOINT_UPDATE_URL``; when none tells it, each graph is PUT directly (one request,
atomic on servers such as Oxigraph and Fuseki).

Credentials come only from the environment (``PUENTES_ENDPOINT_USER`` and
``PUENTES_ENDPOINT_PASSWORD`` for HTTP Basic — or HTTP Digest with
``PUENTES_ENDPOINT_AUTH=digest``, the default for Virtuoso's ``/sparql-graph-crud-auth`` —, or
``PUENTES_ENDPOINT_TOKEN`` for a bearer token), never from files or the command line, and
never appear in messages: every text shown is passed through :func:`redact`.

Every request goes through :func:`puentes.query.http.request`: ``timeout`` bounds the whole
request (a server trickling its answer is given up on), an answer's body is read up to a
bound, and a redirect is never followed — requests would turn the POST or PUT into a GET,
the server would write nothing, and the push would report graphs as published.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import HTTPDigestAuth

from puentes.errors import FetchError, PuentesError
from puentes.namespaces import graph_iri
from puentes.query.http import request
from puentes.store import STAGING_PREFIX, GraphStore

SECRET_VARS = ("PUENTES_ENDPOINT_PASSWORD", "PUENTES_ENDPOINT_TOKEN")
#: Graph Store endpoints whose update endpoint is known: (path ending, update path ending)
UPDATE_PATHS = (("/store", "/update"), ("/data", "/update"),  # Oxigraph, Fuseki
                ("/sparql-graph-crud-auth", "/sparql-auth"),  # Virtuoso (Digest)
                ("/sparql-graph-crud", "/sparql"))  # Virtuoso, when updates are open


class RemoteError(PuentesError):
    """The remote store refused or failed a request."""


def uses_digest(endpoint: str) -> bool:
    """Whether user and password go as HTTP Digest rather than Basic: when
    ``PUENTES_ENDPOINT_AUTH`` says so, else for Virtuoso's Digest-only endpoint.

    >>> uses_digest("http://127.0.0.1:8890/sparql-graph-crud-auth")
    True
    """
    scheme = os.environ.get("PUENTES_ENDPOINT_AUTH", "").strip().lower()
    if scheme not in ("", "basic", "digest"):
        raise RemoteError(f"PUENTES_ENDPOINT_AUTH={scheme!r}: expected basic or digest",
                          "unset it (Basic; Digest for Virtuoso's /sparql-graph-crud-auth) or "
                          "set it to basic or digest")
    if scheme:
        return scheme == "digest"
    return urlsplit(endpoint).path.rstrip("/").endswith("/sparql-graph-crud-auth")


def _session(endpoint: str) -> requests.Session:
    s = requests.Session()
    user, password = os.environ.get("PUENTES_ENDPOINT_USER"), os.environ.get(
        "PUENTES_ENDPOINT_PASSWORD")
    token = os.environ.get("PUENTES_ENDPOINT_TOKEN")
    if user and password:
        s.auth = HTTPDigestAuth(user, password) if uses_digest(endpoint) else (user, password)
    elif token:
        s.headers["Authorization"] = f"Bearer {token}"
    return s


def redact(text: str, url: str | None = None) -> str:
    """``text`` without any credential: the secrets of the environment and the password of
    ``url`` (or of any ``user:password@`` in the text) replaced by ``***``.

    >>> redact("GET http://ann:s3cret@host/store failed")
    'GET http://ann:***@host/store failed'
    """
    secrets = [os.environ.get(v) for v in SECRET_VARS]
    if url:
        secrets.append(urlsplit(url).password)
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return re.sub(r"(//[^/@\s:]+):[^/@\s]+@", r"\1:***@", text)


def shown_url(url: str) -> str:
    """``url`` as it may be shown: without user and password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def update_endpoint(endpoint: str) -> str | None:
    """The SPARQL Update endpoint next to a Graph Store endpoint (None when it cannot be
    told: the graphs are then PUT directly, atomic per request on the server).

    >>> update_endpoint("http://127.0.0.1:7878/store")
    'http://127.0.0.1:7878/update'
    >>> update_endpoint("http://h/fuseki/puentes/data")
    'http://h/fuseki/puentes/update'
    >>> update_endpoint("http://h:8890/sparql-graph-crud-auth")
    'http://h:8890/sparql-auth'
    """
    env = os.environ.get("PUENTES_ENDPOINT_UPDATE_URL")
    if env:
        from puentes.ingest.weburl import check_web_url

        return check_web_url(env, "PUENTES_ENDPOINT_UPDATE_URL")
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for tail, update in UPDATE_PATHS:
        if path.endswith(tail):
            return urlunsplit(parts._replace(path=path[: -len(tail)] + update))
    return None


def graph_ntriples(store: GraphStore, sid: str) -> bytes:
    """The source graph ``sid`` as N-Triples, the body of its Graph Store request."""
    quads = store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(sid)))
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                        format=ox.RdfFormat.N_TRIPLES) or b""


def push_graphs(store: GraphStore, endpoint: str, *, sources: list[str] | None = None,
                timeout: float = 1800.0,
                progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Publish each source graph (all by default) to the Graph Store endpoint ``endpoint``
    through a staging graph; return ``{source id: triples}``. ``progress(sid, n)`` is called
    after each graph is published. ``timeout``: seconds to wait for an answer (a swap of a
    million triples takes minutes on a busy server); connecting waits 30 s at most."""
    session = _session(endpoint)
    update = update_endpoint(endpoint)
    todo = {sid: n for sid, n in store.graphs().items() if not sources or sid in sources}
    pushed: dict[str, int] = {}
    waits = timeout
    for sid, n in todo.items():
        target = str(graph_iri(sid))
        staging = STAGING_PREFIX + sid
        try:
            if update:
                _to_staging(session, endpoint, sid, staging, graph_ntriples(store, sid) if n
                            else b"", waits)
                # One update, one transaction on the server: the old graph stays until then.
                swap = (f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{target}>" if n
                        else f"DROP SILENT GRAPH <{target}> ; DROP SILENT GRAPH <{staging}>")
                _check(_send(session, "POST", update, waits, data={"update": swap}), update,
                       sid)
            else:
                if isinstance(session.auth, HTTPDigestAuth) and not pushed:
                    _challenge(session, endpoint, sid, staging, waits)
                # No update endpoint: one PUT (atomic per graph on Oxigraph and Fuseki).
                _check(_send(session, "PUT", endpoint, waits, params={"graph": target},
                             data=graph_ntriples(store, sid),
                             headers={"Content-Type": "application/n-triples"}), endpoint, sid)
        except (requests.RequestException, RemoteError, FetchError) as err:
            raise _failed(err, endpoint, sid, pushed, todo) from None
        pushed[sid] = n
        if progress:
            progress(sid, n)
    return pushed


def _send(session: requests.Session, method: str, url: str, timeout: float,
          **kwargs: object) -> requests.Response:
    """One request to the store, within ``timeout`` seconds in all, never redirected."""
    return request(session, method, url, deadline=timeout, max_bytes=1_000_000, **kwargs)


def _challenge(session: requests.Session, endpoint: str, sid: str, staging: str,
               waits: float) -> None:
    """Empty the staging graph of ``sid`` (only a crash leaves one; 404 when there is none).
    With Digest, this request without a body also takes the server's challenge, so that no
    graph is sent twice."""
    _check(_send(session, "DELETE", endpoint, waits, params={"graph": staging}), endpoint,
           sid, read=True)


def _to_staging(session: requests.Session, endpoint: str, sid: str, staging: str,
                body: bytes, waits: float) -> None:
    """The graph into its (emptied) staging graph: a DELETE, then a POST — not one PUT, on
    which Virtuoso 7.2 holds its locks for good with a graph of ~700k triples."""
    _challenge(session, endpoint, sid, staging, waits)
    if body:
        _check(_send(session, "POST", endpoint, waits, params={"graph": staging}, data=body,
                     headers={"Content-Type": "application/n-triples"}), endpoint, sid)


def _check(resp: requests.Response, url: str, sid: str, *, read: bool = False) -> None:
    """Raise the error a refused or failed request means (``read``: a probe, which may
    answer 404 for a graph that does not exist yet)."""
    if resp.status_code in (401, 403):
        hint = ("set PUENTES_ENDPOINT_USER and PUENTES_ENDPOINT_PASSWORD (or "
                "PUENTES_ENDPOINT_TOKEN) in the environment")
        if isinstance(resp.request, requests.PreparedRequest) and os.environ.get(
                "PUENTES_ENDPOINT_USER") and os.environ.get("PUENTES_ENDPOINT_PASSWORD"):
            # Virtuoso answers Basic credentials with a bare 401 (no challenge): say both.
            sent = resp.request.headers.get("Authorization", "").split(" ", 1)[0].lower()
            other = "basic" if sent == "digest" else "digest"
            hint = ("check PUENTES_ENDPOINT_USER and PUENTES_ENDPOINT_PASSWORD and that this "
                    f"user may write graphs; they were sent as HTTP {sent.title() or 'Basic'}: "
                    f"if the server wants {other.title()}, set PUENTES_ENDPOINT_AUTH={other}")
        raise RemoteError(f"{shown_url(url)} refused the write ({resp.status_code})", hint)
    if resp.status_code >= 300 and not (read and resp.status_code == 404):
        raise RemoteError(f"{shown_url(url)} answered {resp.status_code} for graph {sid}: "
                          f"{resp.text[:200]}",
                          "is this the store's Graph Store Protocol URL (e.g. "
                          "http://host:7878/store for Oxigraph, /<dataset>/data for "
                          "Fuseki, /sparql-graph-crud-auth for Virtuoso)?")


def _failed(err: Exception, endpoint: str, sid: str, pushed: dict[str, int],
            todo: dict[str, int]) -> RemoteError:
    """The error of a push that stopped at ``sid``: what failed, what was published."""
    if isinstance(err, PuentesError):
        message, hint = err.message, err.hint or ""
    else:
        message = f"cannot reach {shown_url(endpoint)} (graph {sid}): {err}"
        hint = "check the URL and that the server is running"
    left = [s for s in todo if s not in pushed]
    done = ", ".join(pushed) or "none"
    hint = (f"{hint}. Published: {done}; not published (each still as it was on the "
            f"server): {', '.join(left)}. Run the same command again to publish the rest")
    return RemoteError(redact(message, endpoint), redact(hint, endpoint))
