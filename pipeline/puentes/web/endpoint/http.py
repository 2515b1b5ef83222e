"""uvicorn's HTTP protocol (httptools), writing each answer in one piece.

uvicorn writes an answer's status line and headers, then its body, with two writes: two
system calls and two TCP segments per answer, which the client reads one after the other.
On 127.0.0.1, at thousands of short answers a second, those writes were the largest part of
the server's time. Here the head waits for the first piece of the body (or for the answer's
end) and both go in one write. Nothing else changes: the bytes, their order, keep-alive.

It also bounds what one client may hold, which uvicorn's httptools protocol does not:

- a request head (request line and headers) of more than ``max_head`` bytes is answered
  **431** and the connection closed — the head is not buffered further (a 200 MB request
  line cost 200 MB);
- a head not complete ``head_seconds`` after the connection opened, or after its first byte
  (on a kept-alive connection), is answered **408** and the connection closed (a client
  trickling one header byte at a time held its connection, and a file descriptor, for good);
- at most ``max_connections`` connections are held (by default the open-file limit less the
  files the server needs for itself): a new connection past that closes the connection that
  has waited longest for its request head — a slow or idle client, never a request being
  answered — so that hundreds of slow connections cannot starve every other client of file
  descriptors.
"""

from __future__ import annotations

import asyncio
import os
import resource
import time

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: Files the server keeps for itself beyond those open when the first client connects
#: (worker sockets when workers are replaced, a new snapshot's store files, logs).
RESERVED_FILES = 64


class _OneWrite:
    """A transport that holds an answer's head until the next write, the answer's end or
    the connection's close; every other call goes to the real transport."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._head: bytes | None = None

    def write(self, data: bytes) -> None:
        if self._head is None and data.startswith(b"HTTP/1.1 ") and \
                not data.startswith(b"HTTP/1.1 100 "):  # "100 Continue" goes at once
            self._head = bytes(data)
            return
        if self._head is not None:
            data, self._head = self._head + data, None
        if data:
            self._transport.write(data)

    def flush(self) -> None:
        """Write a head still held (an answer without a body: HEAD, 204, 304)."""
        if self._head is not None:
            head, self._head = self._head, None
            if not self._transport.is_closing():
                self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str):  # noqa: ANN204 - the real transport's attribute
        return getattr(self._transport, name)


def connection_cap() -> int:
    """How many client connections fit in this process's open-file limit: the soft limit,
    less the files open now, less :data:`RESERVED_FILES` (at least 8)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        in_use = len(os.listdir("/proc/self/fd"))
    except OSError:
        in_use = 64
    if soft == resource.RLIM_INFINITY:
        soft = 65_536
    return max(8, soft - in_use - RESERVED_FILES)


def _refusal(status: bytes, text: str) -> bytes:
    body = text.encode()
    return (b"HTTP/1.1 " + status + b"\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n"
            + body)


class OneWriteHttp(HttpToolsProtocol):
    """uvicorn's httptools protocol over a transport that writes each answer at once, with
    bounds on each request head's size and time and on the connections held (see the
    module's docstring). :meth:`limited` makes a variant with other bounds."""

    max_head = 64 * 1024
    head_seconds = 10.0
    max_connections: int | None = None  # None: connection_cap(), reckoned once

    @classmethod
    def limited(cls, *, max_head: int | None = None, head_seconds: float | None = None,
                max_connections: int | None = None) -> type[OneWriteHttp]:
        """This protocol with other bounds (None keeps the default)."""
        return type("LimitedOneWriteHttp", (cls,), {
            "max_head": max_head or cls.max_head,
            "head_seconds": head_seconds or cls.head_seconds,
            "max_connections": max_connections or cls.max_connections})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.transport = _OneWrite(transport)  # type: ignore[assignment]
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._waiting_since: float | None = time.monotonic()  # waiting for a request head
        self._start_head_timer()
        cls = type(self)
        if cls.max_connections is None:
            cls.max_connections = connection_cap()
        if len(self.connections) > cls.max_connections:
            self._make_room()

    def _make_room(self) -> None:
        """Past the connection cap: close the connection waiting longest for its request
        head (else, when every other one is being answered, this new one: 503)."""
        waiting = [c for c in self.connections if c is not self
                   and getattr(c, "_waiting_since", None) is not None
                   and (c.cycle is None or c.cycle.response_complete)]
        if waiting:
            oldest = min(waiting, key=lambda c: c._waiting_since)
            oldest._refuse(b"408 Request Timeout", "Closed: the server needed the connection "
                           "for another client, and no request came on this one.")
        else:
            self._refuse(b"503 Service Unavailable", "The server holds as many connections "
                         "as it can. Try again shortly.")

    def _start_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_seconds, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        self._refuse(b"408 Request Timeout", f"The request head did not arrive whole within "
                     f"{self.head_seconds:g} s; the connection is closed.")

    def _refuse(self, status: bytes, text: str) -> None:
        """Answer ``status`` and close — only when no answer is being written on this
        connection (else just close it)."""
        self._stop_head_timer()
        self._waiting_since = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(_refusal(status, text))
        self.transport.close()

    def data_received(self, data: bytes) -> None:  # noqa: D102
        waiting = self._waiting_since is not None
        if waiting:
            self._head_bytes += len(data)
            self._start_head_timer()
        super().data_received(data)
        if waiting and self._waiting_since is not None and self._head_bytes > self.max_head:
            self._refuse(b"431 Request Header Fields Too Large",
                         f"The request head (request line and headers) is over "
                         f"{self.max_head:,} bytes.")

    def on_message_begin(self) -> None:  # noqa: D102
        super().on_message_begin()
        if self._waiting_since is not None:
            self._start_head_timer()

    def on_headers_complete(self) -> None:  # noqa: D102
        self._stop_head_timer()
        self._waiting_since = None
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:  # noqa: D102
        super().on_message_complete()
        # what comes next on this connection is the head of another request
        self._waiting_since, self._head_bytes = time.monotonic(), 0

    def on_response_complete(self) -> None:
        self.transport.flush()  # type: ignore[attr-defined]
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:  # noqa: D102
        self._stop_head_timer()
        self._waiting_since = None
        super().connection_lost(exc)
