"""puentes.ingest.fetch against a real HTTP server on 127.0.0.1 (tests/replay.py): retries on 429
(Retry-After in seconds and as a date) and on 5xx with exponential back-off, timeouts,
bodies cut short, conditional requests and 304, a permanently failing server, atomic
snapshots, and endpoints and tokens from the environment only."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from replay import Replay, Reply, replay_server

from puentes.errors import ConfigError, FetchError
from puentes.ingest import fetch
from puentes.ingest.catalogue import Source
from puentes.ingest.fetch import Policy, read_meta, refresh

pytestmark = pytest.mark.server
FAST = Policy(attempts=3, backoff=0.01, timeout=0.3, max_wait=5)


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The back-off waits, recorded instead of slept."""
    taken: list[float] = []
    monkeypatch.setattr(fetch, "sleep", taken.append)
    return taken


@pytest.fixture(autouse=True)
def raw_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(Source, "raw_dir", property(lambda self: tmp_path / "raw" / self.id))
    for var in ("PUENTES_DEMO_URL", "PUENTES_DEMO_TOKEN"):
        monkeypatch.delenv(var, raising=False)


def demo(url: str | None = "http://unused") -> Source:
    return Source(id="demo", title="demo", kind="remote-api", location=Path("."),
                  licence="CC0", publisher="p", url=url)


def fetch_one(src: Source, policy: Policy = FAST, name: str = "data.csv") -> Path:
    """A minimal connector: one file from ``<base>/data``."""
    with refresh(src, policy=policy) as snap:
        resp = snap.get(name, f"{snap.url}/data")
        if resp is not None:
            snap.add(name, resp.content, urls=[resp.url], response=resp)
        return snap.commit()


def test_429_with_retry_after_seconds_is_honoured(waits):
    r = Replay()
    r.add("/data", Reply(429, b"slow down", {"Retry-After": "3"}), Reply(200, b"a,b\n"))
    with replay_server(r) as base:
        folder = fetch_one(demo(base))
    assert waits == [3.0]  # the server's wait, not the back-off's 0.01
    assert (folder / "data.csv").read_bytes() == b"a,b\n"
    assert len(r.requests) == 2


def test_429_with_retry_after_as_a_date_and_capped_by_max_wait(waits):
    later = format_datetime(datetime.now(timezone.utc) + timedelta(hours=1), usegmt=True)
    r = Replay()
    r.add("/data", Reply(429, b"", {"Retry-After": later}), Reply(200, b"x"))
    with replay_server(r) as base:
        fetch_one(demo(base))
    assert waits == [FAST.max_wait]  # an hour asked, the policy's cap taken


def test_500_then_success_backs_off(waits):
    r = Replay()
    r.add("/data", Reply(500, b"oops"), Reply(502, b"bad gateway"), Reply(200, b"ok"))
    with replay_server(r) as base:
        folder = fetch_one(demo(base))
    assert waits == [0.01, 0.02]  # exponential: backoff, then twice that
    assert (folder / "data.csv").read_bytes() == b"ok"


def test_a_timeout_is_retried():
    r = Replay()
    r.add("/data", Reply(200, b"late", delay=FAST.timeout + 0.3), Reply(200, b"in time"))
    with replay_server(r) as base:
        folder = fetch_one(demo(base))
    assert (folder / "data.csv").read_bytes() == b"in time"
    assert len(r.requests) == 2


def test_a_body_cut_short_is_retried(waits):
    r = Replay()
    r.add("/data", Reply(200, b"a,b\n1,", cut=50), Reply(200, b"a,b\n1,2\n"))
    with replay_server(r) as base:
        folder = fetch_one(demo(base))
    assert (folder / "data.csv").read_bytes() == b"a,b\n1,2\n"
    assert len(waits) == 1


def test_a_client_error_is_not_retried(waits):
    r = Replay()
    r.add("/data", Reply(404, b"no such flow"))
    with replay_server(r) as base, pytest.raises(FetchError) as err:
        fetch_one(demo(base))
    assert len(r.requests) == 1 and waits == []
    assert "HTTP 404" in err.value.message and "no such flow" in err.value.message


def test_conditional_request_and_304_keep_the_snapshot(waits):
    r = Replay()
    validators = {"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 08:00:00 GMT"}
    r.add("/data", Reply(200, b"first", validators))
    with replay_server(r) as base:
        src = demo(base)
        folder = fetch_one(src)
        first = read_meta(folder)
        entry = first["files"]["data.csv"]
        assert entry["etag"] == '"v1"' and entry["status"] == 200
        assert entry["sha256"] == fetch.hashlib.sha256(b"first").hexdigest()
        assert first["status"] == "updated" and first["url"] == base
        r.add("/data", Reply(304, b""))
        fetch_one(src)
    sent = r.requests[-1].headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Tue, 24 Nov 2026 08:00:00 GMT"
    assert (folder / "data.csv").read_bytes() == b"first"
    again = read_meta(folder)
    assert again["status"] == "not-modified" and again["files"]["data.csv"]["status"] == 304
    assert again["retrieved_at"] == first["retrieved_at"]
    assert again["files"]["data.csv"]["sha256"] == entry["sha256"]
    assert again["sha256"] == first["sha256"]


def test_no_conditional_request_when_the_file_is_gone():
    r = Replay()
    r.add("/data", Reply(200, b"v1", {"ETag": '"v1"'}))
    with replay_server(r) as base:
        src = demo(base)
        folder = fetch_one(src)
        (folder / "data.csv").unlink()
        fetch_one(src)
    assert "If-None-Match" not in r.requests[-1].headers
    assert (folder / "data.csv").read_bytes() == b"v1"


def test_a_permanently_failing_server_keeps_the_old_snapshot_and_says_so(waits):
    r = Replay()
    r.add("/data", Reply(200, b"good", {"ETag": '"v1"'}))
    with replay_server(r) as base:
        src = demo(base)
        folder = fetch_one(src)
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        r.add("/data", Reply(503, b"down for maintenance"))
        with pytest.raises(FetchError) as err:
            fetch_one(src)
    assert len(r.sent("/data")) == 1 + FAST.attempts
    assert waits == [0.01, 0.02]
    assert "refresh of 'demo' failed" in err.value.message
    assert "after 3 attempt(s)" in err.value.message and "HTTP 503" in err.value.message
    assert "previous snapshot" in err.value.hint and "kept unchanged" in err.value.hint
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no temp files


def test_an_unreachable_server_fails_with_fetcherror(waits):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError) as err:
        fetch_one(demo(f"http://127.0.0.1:{port}"))
    assert "ConnectionError" in err.value.message and len(waits) == 2


def test_all_or_nothing_when_a_later_file_fails(tmp_path, waits):
    r = Replay()
    r.add("/a", Reply(200, b"A1"))
    r.add("/b", Reply(200, b"B1"))
    with replay_server(r) as base:
        src = demo(base)

        def both() -> Path:
            with refresh(src, policy=FAST) as snap:
                for name in ("a", "b"):
                    resp = snap.get(name, f"{snap.url}/{name}")
                    snap.add(name, resp.content, urls=[resp.url], response=resp)
                return snap.commit()

        folder = both()
        r.add("/a", Reply(200, b"A2"))
        r.add("/b", Reply(500, b"boom"))
        with pytest.raises(FetchError):
            both()
    assert (folder / "a").read_bytes() == b"A1"  # a's new content was never written
    assert (folder / "b").read_bytes() == b"B1"


def test_write_files_leaves_no_trace_when_writing_fails(tmp_path):
    folder = tmp_path / "snap"
    fetch.write_files(folder, {"x": b"old x", "y": b"old y"})
    with pytest.raises(TypeError):
        fetch.write_files(folder, {"x": b"new x", "y": "not bytes"})  # type: ignore[dict-item]
    assert sorted(p.name for p in folder.iterdir()) == ["x", "y"]
    assert (folder / "x").read_bytes() == b"old x"


def test_endpoint_and_token_come_from_the_environment(monkeypatch):
    r = Replay()
    r.add("/data", Reply(200, b"from env"))
    with replay_server(r) as base:
        monkeypatch.setenv("PUENTES_DEMO_URL", base)
        monkeypatch.setenv("PUENTES_DEMO_TOKEN", "s3cret")
        folder = fetch_one(demo("http://catalogue.invalid"))
    assert r.requests[0].headers["Authorization"] == "Bearer s3cret"
    assert r.requests[0].headers["User-Agent"].startswith("puentes/")
    assert "s3cret" not in (folder / "snapshot.json").read_text()
    assert read_meta(folder)["url"] == base


def test_an_explicit_base_url_wins_and_a_missing_one_says_where_to_set_it(monkeypatch):
    monkeypatch.setenv("PUENTES_DEMO_URL", "http://env.invalid")
    assert fetch.endpoint(demo(), "http://explicit.invalid/") == "http://explicit.invalid"
    monkeypatch.delenv("PUENTES_DEMO_URL")
    with pytest.raises(ConfigError) as err:
        fetch.endpoint(demo(None))
    assert "PUENTES_DEMO_URL" in err.value.hint


def test_policy_from_the_environment(monkeypatch):
    monkeypatch.setenv("PUENTES_HTTP_ATTEMPTS", "2")
    monkeypatch.setenv("PUENTES_HTTP_TIMEOUT", "0.5")
    assert Policy.from_env() == Policy(attempts=2, timeout=0.5)
    monkeypatch.setenv("PUENTES_HTTP_BACKOFF", "soon")
    with pytest.raises(ConfigError):
        Policy.from_env()


def test_snapshot_json_records_what_the_brief_asks(tmp_path):
    r = Replay()
    r.add("/data", Reply(200, b"x", {"ETag": '"e"', "Last-Modified": "Mon, 23 Nov 2026 "
                                                                      "00:00:00 GMT"}))
    with replay_server(r) as base:
        meta = json.loads((fetch_one(demo(base)) / "snapshot.json").read_text())
    assert {"source", "url", "retrieved_at", "checked_at", "status", "sha256",
            "files"} <= set(meta)
    entry = meta["files"]["data.csv"]
    assert {"url", "urls", "status", "sha256", "bytes", "etag", "last_modified"} <= set(entry)
    assert entry["url"].startswith(base + "/data")
