"""Remote reads against hostile or broken servers (issue 20), each a real server on
127.0.0.1: one rule for what a web address is in every command, SPARQL JSON checked before
it is read, an overall deadline on every request (a server trickling a byte at a time, or
hanging), a bound on every body read (a 500 answer announcing 2 GB), and no redirect that
turns a write into a read (``publish --endpoint`` never says "Published" when nothing was
written)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from click.testing import CliRunner
from replay import Replay, Reply, replay_server

from puentes.cli import cli
from puentes.errors import FetchError, PuentesError, QueryError
from puentes.ingest.fetch import Policy, get
from puentes.query.engines import run_text
from puentes.store import GraphStore
from puentes.web.publish.remote import push_graphs

QUICK = Policy(attempts=1, backoff=0, timeout=1.0, max_wait=0, deadline=2.0)


pytestmark = pytest.mark.slow  # hostile servers and overall deadlines (seconds each)


@contextmanager
def raw_server(handle: Callable[[socket.socket, dict], None]) -> Iterator[tuple[str, dict]]:
    """A TCP server on 127.0.0.1 that hands each connection to ``handle`` (in a thread);
    ``stats`` is shared with it (bytes sent, requests seen)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stats: dict = {"sent": 0, "requests": []}
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=_guarded, args=(handle, conn, stats), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", stats
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def _guarded(handle, conn: socket.socket, stats: dict) -> None:  # noqa: ANN001
    with conn, contextlib.suppress(OSError):
        conn.settimeout(30)
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(65536)
            if not chunk:
                return
            head += chunk
        stats["requests"].append(head.split(b"\r\n", 1)[0].decode())
        handle(conn, stats)


def trickle(conn: socket.socket, stats: dict) -> None:
    """An answer that never ends: its head, then one byte every 0.3 s."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                 b"Content-Length: 100000\r\n\r\n")
    for _ in range(200):
        conn.sendall(b" ")
        stats["sent"] += 1
        time.sleep(0.3)


def hang(conn: socket.socket, stats: dict) -> None:
    """No answer at all."""
    time.sleep(30)


def huge_error(conn: socket.socket, stats: dict) -> None:
    """A 500 answer announcing 2 GB of body, sent as fast as the client reads it."""
    conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                 b"Content-Length: 2000000000\r\n\r\n")
    block = b"E" * 65536
    while stats["sent"] < 2_000_000_000:
        conn.sendall(block)
        stats["sent"] += len(block)


@pytest.fixture(scope="module")
def store(example_store):
    yield GraphStore.open(example_store, read_only=True)


@pytest.mark.parametrize("args", [
    ["plot", "chain", "--endpoint", "file:///etc/passwd", "--out", "x.svg"],
    ["query", "001", "--endpoint", "file:///etc/passwd"],
    ["publish", "--endpoint", "file:///etc/passwd"],
    ["plot", "chain", "--endpoint", "ftp://127.0.0.1/x", "--out", "x.svg"],
    ["plot", "chain", "--endpoint", "http://user:secret@127.0.0.1:9/q", "--out", "x.svg"],
    ["query", "001", "--endpoint", "/etc/passwd"],
], ids=["plot-file", "query-file", "publish-file", "plot-ftp", "plot-credentials",
        "query-path"])
def test_one_rule_for_a_web_address_in_every_command(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args, env={"PUENTES_DEBUG": ""})
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert "--endpoint" in output and ("not a web address" in output
                                       or "user or password" in output)
    assert "secret" not in output and not (tmp_path / "x.svg").exists()


@pytest.mark.parametrize(("body", "message"), [
    ({"results": {"bindings": []}}, "without head.vars"),
    ({"head": {"vars": "x"}, "results": {"bindings": []}}, "without head.vars"),
    ({"head": {"vars": ["x"]}, "results": {}}, "without results.bindings"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "uri", "value": "http://a b/<>"}}]}}, "row 1 with a term"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}},
     "row 1 with a term"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "1", "datatype": "not an iri"}}]}},
     "row 1 with a term"),
], ids=["no-head", "vars-not-a-list", "no-bindings", "bad-iri", "no-value", "bad-datatype"])
def test_broken_sparql_json_is_a_clear_error(body, message):
    replay = Replay()
    replay.add("/sparql", Reply(200, json.dumps(body).encode(),
                                {"Content-Type": "application/sparql-results+json"}))
    with replay_server(replay) as base:
        result = CliRunner().invoke(cli, ["query", "001", "--endpoint", base + "/sparql"],
                                    env={"PUENTES_DEBUG": ""})
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and message in output, output
    assert "unexpected" not in output and "bug in puentes" not in output


def _timed(call: Callable[[], object]) -> tuple[BaseException, float]:
    t0 = time.monotonic()
    with pytest.raises(PuentesError) as err:
        call()
    return err.value, time.monotonic() - t0


@pytest.mark.parametrize("server", [trickle, hang], ids=["trickle", "hang"])
def test_every_remote_read_has_an_overall_deadline(store, server):
    import requests

    with raw_server(server) as (base, stats):
        err, took = _timed(lambda: get(requests.Session(), base + "/data", policy=QUICK))
        assert isinstance(err, FetchError) and took < 4, (took, err)
        err, took = _timed(lambda: run_text("SELECT * { ?s ?p ?o }", endpoint=base + "/q",
                                            timeout=2))
        assert isinstance(err, QueryError) and took < 4, (took, err)
        assert "within 2 s" in err.message or "within the deadline" in err.message
        err, took = _timed(lambda: push_graphs(store, base + "/store", timeout=2))
        assert took < 4 and "not published" in err.hint, (took, err)
    print(f"{server.__name__}: given up after {took:.1f} s ({stats['sent']} bytes trickled)")


def test_a_huge_error_body_is_read_only_up_to_a_bound(store):
    import requests

    with raw_server(huge_error) as (base, stats):
        err, took = _timed(lambda: get(requests.Session(), base + "/data", policy=QUICK))
        assert "HTTP 500" in err.message and took < 4
        err, _ = _timed(lambda: run_text("SELECT * { ?s ?p ?o }", endpoint=base + "/q",
                                         timeout=5))
        assert "500" in err.message
        err, _ = _timed(lambda: push_graphs(store, base + "/store", timeout=5))
        assert "500" in err.message
        time.sleep(0.3)
    print(f"the server sent {stats['sent']:,} bytes in all to three clients")
    assert stats["sent"] < 30_000_000  # not 2 GB (socket buffers hold a few MB)


def test_a_redirected_write_is_refused_and_nothing_is_said_published(store, tmp_path):
    replay = Replay()
    for path in ("/store", "/update"):
        replay.add(path, Reply(301, b"", {"Location": "/moved" + path}))
    replay.add("/moved/store", Reply(200, b"ok"))
    replay.add("/moved/update", Reply(200, b"ok"))
    with replay_server(replay) as base:
        result = CliRunner().invoke(
            cli, ["publish", "--store", str(store.path), "--endpoint", base + "/store"],
            env={"PUENTES_DEBUG": "", "PUENTES_ENDPOINT_TIMEOUT": "5"})
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert "graph(s) to" not in output and "Published: none" in output
    assert "moved to" in output
    assert "/moved/store" in output and "not published" in output
    assert not replay.sent("/moved")  # the write was not turned into a GET elsewhere


def test_a_redirected_read_is_still_followed():
    import requests

    replay = Replay()
    replay.add("/old", Reply(301, b"", {"Location": "/new"}))
    replay.add("/new", Reply(200, b"the data"))
    with replay_server(replay) as base:
        resp = get(requests.Session(), base + "/old", policy=QUICK)
    assert resp.content == b"the data"


def test_a_body_over_the_bound_is_refused():
    import requests

    replay = Replay()
    replay.add("/data", Reply(200, b"x" * 5000))
    with replay_server(replay) as base, pytest.raises(FetchError) as err:
        get(requests.Session(), base + "/data",
            policy=Policy(attempts=1, backoff=0, timeout=1, max_wait=0, max_bytes=1000))
    assert "5,000 bytes" in err.value.message and "1,000" in err.value.message
