"""A query worker: a process that answers SPARQL queries over one snapshot of the store.

Queries run here, not in the server process, for two reasons: a query that runs past the
timeout is stopped by killing its worker (Oxigraph cannot interrupt a query from Python, and a
thread that is abandoned keeps a core busy), and a query that crashes the engine costs one
worker — the server answers the request with an error and starts another worker.

The server and the worker talk over a socket pair (``frame``/``read_frame``): one JSON job in,
one JSON header and a body out. The worker imports only pyoxigraph and this package, so a
replacement starts in a fraction of a second.
"""

from __future__ import annotations

import itertools
import json
import socket
import struct
import sys

import pyoxigraph as ox

from puentes.web.endpoint.media import GRAPHS, RESULTS, negotiate
from puentes.web.endpoint.results import write_rows

_LEN = struct.Struct("!II")


def frame(header: dict, body: bytes = b"") -> bytes:
    """One message: the lengths of a JSON header and of a body, then both."""
    head = json.dumps(header).encode()
    return _LEN.pack(len(head), len(body)) + head + body


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def read_frame(sock: socket.socket) -> tuple[dict, bytes] | None:
    """The next message from a blocking socket (None when the other side has gone)."""
    lens = _recv_exact(sock, _LEN.size)
    if lens is None:
        return None
    nh, nb = _LEN.unpack(lens)
    head = _recv_exact(sock, nh)
    body = _recv_exact(sock, nb) if nb else b""
    if head is None or body is None:
        return None
    return json.loads(head), body


class Engine:
    """Runs jobs on a read-only store; ``config`` says which graphs are data."""

    def __init__(self, store: ox.Store, config: dict) -> None:
        self.store = store
        self.prefixes = config.get("prefixes", {})
        self.graph_prefix = config["graph_prefix"]
        self.hidden_prefix = config["hidden_prefix"]
        # The union of the source graphs is the default graph; it is listed once per
        # snapshot (named_graphs() reads the graph names, it does not count quads).
        graphs = list(store.named_graphs())
        self.sources = [g for g in graphs
                        if isinstance(g, ox.NamedNode) and self.visible(g.value)
                        and g.value.startswith(self.graph_prefix)]
        # A data view (endpoint.snapshot) holds the source graphs and nothing else: then the
        # union of all its graphs is that default graph, and Oxigraph answers a pattern of
        # it with one index lookup instead of one per source graph (twice as fast).
        self.union = len(graphs) == len(self.sources) and next(
            store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is None

    def visible(self, iri: str) -> bool:
        """Build state and staging graphs are never part of an answer."""
        return not iri.startswith(self.hidden_prefix)

    def dataset(self, job: dict) -> dict:
        """The dataset of a query: the one the request names (default-graph-uri,
        named-graph-uri), else the one the query names (FROM), else the puentes default."""
        default, named = job.get("default"), job.get("named")
        if default or named:
            return {"default_graph": [ox.NamedNode(g) for g in default or []
                                      if self.visible(g)],
                    "named_graphs": [ox.NamedNode(g) for g in named or []
                                     if self.visible(g)]}
        if job.get("from"):
            return {}
        if self.union:
            return {"use_default_graph_as_union": True}
        return {"default_graph": self.sources, "named_graphs": self.sources}

    def query(self, job: dict):  # noqa: ANN201 - a pyoxigraph result
        """The job's query, run over its dataset."""
        return self.store.query(job["query"], base_iri=job.get("base"), **self.dataset(job))

    def run(self, job: dict, at_most: int | None = None) -> tuple[dict, bytes] | None:
        """Answer one job: ``(header, body)``; the header has status, type and truncated.
        ``at_most``: answer only a short SELECT or ASK answer (see _short) of at most that
        many bytes, else None (the reading stops there)."""
        try:
            res = self.query(job)
        except SyntaxError as err:
            return {"status": 400, "error": f"Invalid SPARQL: {err}"}, b""
        except (OSError, ValueError, RuntimeError) as err:
            return {"status": 500, "error": f"The query failed: {err}"}, b""
        accept, limit = job.get("accept", ""), int(job.get("limit", 10_000))
        max_bytes = int(job.get("max_bytes", 50_000_000))
        try:
            if isinstance(res, ox.QueryBoolean):
                media = negotiate(accept, list(RESULTS), "application/sparql-results+json")
                return {"status": 200, "type": media}, res.serialize(format=RESULTS[media])
            if isinstance(res, ox.QueryTriples):
                if at_most is not None:
                    return None
                media = negotiate(accept, list(GRAPHS), "text/turtle")
                kwargs = {"prefixes": self.prefixes} if media == "text/turtle" else {}
                triples, body, truncated = _capped(
                    res, limit, max_bytes,
                    lambda items: ox.serialize(items, format=GRAPHS[media], **kwargs) or b"")
                return {"status": 200, "type": media, "truncated": truncated}, body
            media = negotiate(accept, list(RESULTS), "application/sparql-results+json")
            cap = min(limit * MIN_ROW_BYTES[media], max_bytes,
                      max_bytes if at_most is None else at_most)
            body = _short(res, RESULTS[media], cap)
            if body is not None:
                return {"status": 200, "type": media, "truncated": False}, body
            if at_most is not None:
                return None
            res = self.query(job)  # a long answer: run again, and cut it row by row
            names = [v.value for v in res.variables]
            _, body, truncated = _capped((list(s) for s in res), limit, max_bytes,
                                         lambda rows: write_rows(names, rows, media))
            return {"status": 200, "type": media, "truncated": truncated}, body
        except (OSError, ValueError, RuntimeError) as err:
            return {"status": 500, "error": f"The query failed: {err}"}, b""


#: The fewest bytes one row takes in each results format (an empty row: ``{}`` and a comma in
#: JSON, ``<result></result>`` in XML, a line end in CSV and TSV). An answer written in
#: fewer than ``limit`` times that many bytes has at most ``limit`` rows.
MIN_ROW_BYTES = {"application/sparql-results+json": 3, "application/json": 3,
                 "application/sparql-results+xml": 17, "application/xml": 17,
                 "text/csv": 2, "text/tab-separated-values": 1}


class _Full(Exception):
    """The answer is longer than a short answer may be."""


class _Buffer:
    """A file-like sink for Oxigraph's results writers that refuses more than ``cap``
    bytes (raising _Full, which stops the writer and the query)."""

    def __init__(self, cap: int) -> None:
        self.cap, self.size, self.parts = cap, 0, []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise _Full
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts are kept in memory."""


def _short(res: ox.QuerySolutions, fmt: ox.QueryResultsFormat, cap: int) -> bytes | None:
    """The whole answer written by Oxigraph's own writer if it fits in ``cap`` bytes — then
    it has no more rows than the limit (see MIN_ROW_BYTES) — else None (and ``res`` is
    spent). Most answers are short: this spares making Python objects of every row."""
    out = _Buffer(cap)
    try:
        res.serialize(out, format=fmt)
    except _Full:
        return None
    return b"".join(out.parts)


def _capped(items, limit: int, max_bytes: int, write):  # noqa: ANN001, ANN202
    """``(items kept, their serialisation, whether some were left out)``: at most ``limit``
    items, and fewer if their serialisation would pass ``max_bytes``."""
    kept = list(itertools.islice(items, limit + 1))
    truncated = len(kept) > limit
    kept = kept[:limit]
    body = write(kept)
    while len(body) > max_bytes and kept:  # rare: huge values; halve until it fits
        kept, truncated = kept[: len(kept) // 2], True
        body = write(kept)
    return kept, body, truncated


def bound_memory(nbytes: int) -> None:
    """At most ``nbytes`` of memory for this process's data (heap and anonymous maps, not
    the store's mapped files): past it an allocation fails and the worker ends, its query
    with it (the one who asked is told; ``puentes query --memory``)."""
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (nbytes, nbytes))


def main(argv: list[str]) -> None:
    """``python -m puentes.web.endpoint.worker FD SNAPSHOT CONFIG_JSON``."""
    sock = socket.socket(fileno=int(argv[1]))
    config = json.loads(argv[3])
    if config.get("max_memory"):
        bound_memory(int(config["max_memory"]))
    engine = Engine(ox.Store.read_only(argv[2]), config)
    sock.sendall(frame({"ready": True, "sources": len(engine.sources)}))
    while (msg := read_frame(sock)) is not None:
        header, body = engine.run(msg[0])
        sock.sendall(frame(header, body))


if __name__ == "__main__":
    main(sys.argv)
