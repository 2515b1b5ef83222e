"""The SPARQL 1.1 Protocol endpoint of the web app at ``/sparql`` (mixed into
:class:`puentes.web.app.App`): a plain ASGI handler (not Starlette's routing: at thousands of
requests per second the framework was most of the cost), answers cached per snapshot, short
lookups answered in the server's process and everything else by the worker pool, the request
body bounded, and the Service Description."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

import pyoxigraph as ox
from starlette.requests import ClientDisconnect

from puentes.web.endpoint import protocol
from puentes.web.endpoint.lookup import is_lookup
from puentes.web.endpoint.media import FORMAT_IRIS, GRAPHS, negotiate
from puentes.web.endpoint.pool import Busy, Crashed, OutOfMemory, Stopping, Timeout
from puentes.web.security import SECURITY_HEADERS

#: The longest answer to a lookup written in the server's process (longer: by a worker), so
#: that a lookup of a resource with very many statements keeps the server busy a few ms at most.
LOOKUP_BYTES = 256_000


class SparqlRoute:
    """The ``/sparql`` handler of :class:`~puentes.web.app.App` (it reads its ``cache``,
    ``lookups``, ``pool`` and limits)."""

    async def sparql(self, scope, receive, send) -> None:  # noqa: ANN001
        """The SPARQL 1.1 Protocol query operation (read-only; see endpoint.protocol)."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope["headers"]}
        method = scope["method"]
        if method == "GET" or method == "HEAD":  # same request, same snapshot: same answer
            key = (scope.get("query_string", b""), headers.get("accept", ""))
            answer = self.cache.get(key)
            if answer is None:
                snapshot = self.snapshot
                answer = await self._answer(scope, method, headers, receive)
                if snapshot is self.snapshot:
                    self.cache.put(key, answer)
        else:
            answer = await self._answer(scope, method, headers, receive)
        status, extra, ctype, body = answer
        out = [(b"content-type", ctype.encode()), (b"content-length", str(len(body)).encode()),
               (b"access-control-allow-origin", b"*"), *SECURITY_HEADERS]
        out += [(k.lower().encode(), v.encode()) for k, v in extra]
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})

    async def _answer(self, scope, method: str, headers: dict, receive):  # noqa: ANN001, ANN202
        """``(status, extra headers as (name, value) pairs, media type, body)``: tuples,
        strings and bytes only, which the garbage collector stops tracking — the answer
        cache keeps tens of thousands, and their passes over them were the slowest answers."""
        text = "text/plain; charset=utf-8"
        try:
            body = await self._body(headers, receive) if method == "POST" else b""
            parsed = protocol.parse(method, scope.get("query_string", b""),
                                    headers.get("content-type", ""), body,
                                    allow_service=self.allow_service)
        except protocol.ProtocolError as err:
            extra = (("Allow", "GET, POST"),) if err.status == 405 else ()
            return err.status, extra, text, err.message.encode()
        except ClientDisconnect:
            return 400, (), text, b""
        url = self.base(scope) + scope["path"].lstrip("/")
        accept = headers.get("accept", "")
        if parsed is None:
            media, data = self.service_description(url, accept)
            return 200, (("Vary", "Accept"),), media, data
        job = parsed.job(base=url, accept=accept, limit=self.limit,
                         max_bytes=self.max_result_bytes)
        # A lookup of one resource is answered here, if its answer is short (see
        # endpoint.lookup); anything else, and a long answer, by a worker.
        answer = (self.lookups.run(job, at_most=LOOKUP_BYTES) if not parsed.names_dataset and
                  not parsed.default and not parsed.named and is_lookup(parsed.query)
                  else None)
        try:
            head, payload = answer or await self.pool.run(job)
        except Timeout:
            return 503, (("Retry-After", "1"),), text, (
                f"The query took longer than {self.timeout:g} s and was stopped. Narrow it "
                "(LIMIT, filters) and try again.").encode()
        except Busy:
            return 503, (("Retry-After", "2"),), text, (
                f"Every query worker stayed busy for {self.timeout:g} s. Try again "
                "shortly.").encode()
        except OutOfMemory:
            return 503, (("Retry-After", "1"),), text, (
                f"The query needed more than {self.memory / 1e6:,.0f} MB of memory, the limit "
                "per query, and was stopped. Narrow it (LIMIT inside sub-queries, fewer "
                "joins, no ORDER BY over a cross product, shorter strings) and try again."
            ).encode()
        except Stopping:
            return 503, (("Retry-After", "5"),), text, (
                b"The server is stopping; the query was stopped with it. Try again once it "
                b"is back.")
        except Crashed:
            return 500, (), text, (b"The query engine crashed on this query (the server "
                                   b"carries on). Simplify the query.")
        if head["status"] != 200:
            return head["status"], (), text, head["error"].encode()
        extra = (("Vary", "Accept"),)
        if head.get("truncated"):
            extra += (("X-Result-Truncated", str(self.limit)),)
        return 200, extra, head["type"], payload

    async def _body(self, headers: dict, receive) -> bytes:  # noqa: ANN001
        """The request body, refused past ``max_body`` bytes (413) before it is all read."""
        declared = headers.get("content-length", "")
        too_big = protocol.ProtocolError(413, f"The request body is over {self.max_body:,} "
                                              "bytes.")
        if declared.isdigit() and int(declared) > self.max_body:
            raise too_big
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise too_big
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    def stop_queries(self) -> None:
        """Stop every running query now (SIGTERM): the workers are killed, their requests
        answered 503 (the server is stopping). Safe in a signal handler: the processes are
        killed here, the rest is left to the event loop."""
        pool = self.pool
        pool.closed = True
        for w in list(pool.workers):
            with contextlib.suppress(ProcessLookupError):
                os.kill(w.proc.pid, signal.SIGKILL)
        with contextlib.suppress(RuntimeError):  # (no loop running: nothing more to do)
            asyncio.get_running_loop().call_soon_threadsafe(pool.close)

    def service_description(self, url: str, accept: str) -> tuple[str, bytes]:
        """The SPARQL 1.1 Service Description (Turtle, or any RDF format by Accept)."""
        url = str(ox.NamedNode(url))[1:-1]  # checked: written between < > below
        formats = " , ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in FORMAT_IRIS)
        # SERVICE is offered only when an allow-list is configured (it is refused otherwise).
        features = "sd:UnionDefaultGraph" + (" , sd:BasicFederatedQuery"
                                             if self.allow_service else "")
        ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {formats} ;
    sd:feature {features} ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
        media = negotiate(accept, list(GRAPHS), "text/turtle")
        if media == "text/turtle":
            return media, ttl.encode()
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE)]
        return media, ox.serialize(triples, format=GRAPHS[media])


