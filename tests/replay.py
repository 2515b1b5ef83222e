"""A real HTTP server on 127.0.0.1 (random port, in a thread) that replays responses in the
documented formats of the remote APIs, faults included — status codes, ``Retry-After``,
slow answers (timeouts), bodies cut short — and records every request it was sent."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class Reply:
    """One answer. ``delay`` holds it back (for timeouts); ``cut`` announces that many more
    bytes in ``Content-Length`` than are sent, then closes (a body cut short)."""

    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    cut: int = 0


@dataclass
class Request:
    """What the server was sent."""

    method: str
    path: str
    headers: dict
    body: bytes


class Replay:
    """Routes: a key (a path, or a path + ``?page=N``) → replies served in order; the last
    one repeats. Unknown paths get a 404."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()

    def add(self, key: str, *replies: Reply) -> None:
        """Serve ``replies`` (in order) for ``key``, replacing what it served before."""
        with self._lock:
            self.routes[key] = list(replies)

    def reply_for(self, path: str, query: dict) -> Reply:
        keys = [f"{path}?page={query['page'][0]}"] if "page" in query else []
        with self._lock:
            for key in [*keys, path]:
                if key in self.routes:
                    queue = self.routes[key]
                    return queue.pop(0) if len(queue) > 1 else queue[0]
        return Reply(404, b"not found")

    def sent(self, fragment: str) -> list[Request]:
        """The requests whose path (with query) contains ``fragment``."""
        return [r for r in self.requests if fragment in r.path]


@contextmanager
def replay_server(replay: Replay) -> Iterator[str]:
    """Run the server for the ``with`` block; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            replay.requests.append(Request(self.command, self.path, dict(self.headers), body))
            reply = replay.reply_for(url.path, parse_qs(url.query))
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body) + reply.cut))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        do_GET = _serve  # noqa: N815
        do_POST = _serve  # noqa: N815
        do_PUT = _serve  # noqa: N815
        do_DELETE = _serve  # noqa: N815

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
