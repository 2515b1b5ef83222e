"""uvicorn's HTTP protocol (httptools), writing each answer in one piece.

uvicorn writes an answer's status line and headers, then its body, with two writes: two
system calls and two TCP segments per answer, which the client reads one after the other.
On 127.0.0.1, at thousands of short answers a second, those writes were the largest part of
the server's time. Here the head waits for the first piece of the body (or for the answer's
end) and both go in one write. Nothing else changes: the bytes, their order, keep-alive.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


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


class OneWriteHttp(HttpToolsProtocol):
    """uvicorn's httptools protocol over a transport that writes each answer at once."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.transport = _OneWrite(transport)  # type: ignore[assignment]

    def on_response_complete(self) -> None:
        self.transport.flush()  # type: ignore[attr-defined]
        super().on_response_complete()
