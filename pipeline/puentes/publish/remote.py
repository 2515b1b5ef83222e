"""Pushing the graph to a remote SPARQL 1.1 store through the Graph Store HTTP Protocol.

Each source graph is replaced with one ``PUT ?graph=<…/graph/<id>>`` — atomic per graph on
the server. Credentials come only from the environment (``PUENTES_ENDPOINT_USER`` and
``PUENTES_ENDPOINT_PASSWORD`` for HTTP Basic, or ``PUENTES_ENDPOINT_TOKEN`` for a bearer
token), never from files or the command line.
"""

from __future__ import annotations

import os

import pyoxigraph as ox
import requests

from ..errors import PuentesError
from ..namespaces import graph_iri
from ..store import GraphStore


class RemoteError(PuentesError):
    """The remote store refused or failed a request."""


def _session() -> requests.Session:
    s = requests.Session()
    user, password = os.environ.get("PUENTES_ENDPOINT_USER"), os.environ.get(
        "PUENTES_ENDPOINT_PASSWORD")
    token = os.environ.get("PUENTES_ENDPOINT_TOKEN")
    if user and password:
        s.auth = (user, password)
    elif token:
        s.headers["Authorization"] = f"Bearer {token}"
    return s


def push_graphs(store: GraphStore, endpoint: str, *, sources: list[str] | None = None,
                timeout: float = 300.0) -> dict[str, int]:
    """PUT each source graph (all by default) to the Graph Store endpoint ``endpoint``;
    return ``{source id: triples}``."""
    session = _session()
    pushed = {}
    for sid, n in store.graphs().items():
        if sources and sid not in sources:
            continue
        quads = store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(sid)))
        body = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                            format=ox.RdfFormat.N_TRIPLES) or b""
        try:
            resp = session.put(endpoint, params={"graph": str(graph_iri(sid))}, data=body,
                               headers={"Content-Type": "application/n-triples"},
                               timeout=timeout)
        except requests.RequestException as err:
            raise RemoteError(f"cannot reach {endpoint}: {err}",
                              "check the URL and that the server is running") from err
        if resp.status_code in (401, 403):
            raise RemoteError(f"{endpoint} refused the write ({resp.status_code})",
                              "set PUENTES_ENDPOINT_USER and PUENTES_ENDPOINT_PASSWORD (or "
                              "PUENTES_ENDPOINT_TOKEN) in the environment")
        if resp.status_code >= 300:
            raise RemoteError(f"{endpoint} answered {resp.status_code} for graph {sid}: "
                              f"{resp.text[:200]}",
                              "is this the store's Graph Store Protocol URL (e.g. "
                              "http://host:7878/store for Oxigraph, /<dataset>/data for "
                              "Fuseki)?")
        pushed[sid] = n
    return pushed
