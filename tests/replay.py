"""A real HTTP server on 127.0.0.1 that replays recorded-format responses, faults included
(status codes, Retry-After, slow answers, broken bodies), and records what it was asked."""

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
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


class Replay:
    """Routes: a key (path, or path + '?page=N') → a list of replies, served in order (the
    last one repeats)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict]] = []

    def add(self, key: str, *replies: Reply) -> None:
        self.routes[key] = list(replies)

    def reply_for(self, path: str, query: dict) -> Reply:
        keys = [f"{path}?page={query['page'][0]}"] if "page" in query else []
        for key in [*keys, path]:
            if key in self.routes:
                queue = self.routes[key]
                return queue.pop(0) if len(queue) > 1 else queue[0]
        return Reply(404, b"not found")


@contextmanager
def replay_server(replay: Replay) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            url = urlparse(self.path)
            replay.requests.append((self.path, dict(self.headers)))
            reply = replay.reply_for(url.path, parse_qs(url.query))
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        do_GET = _serve  # noqa: N815
        do_POST = _serve  # noqa: N815

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
