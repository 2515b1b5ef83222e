"""Real servers for the tests, on 127.0.0.1 with a free port: puentes serve (uvicorn in a
thread) and the Oxigraph server from PyPI (a subprocess)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
import uvicorn

from puentes.web.endpoint.http import OneWriteHttp  # what `puentes serve` runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """End a server process this test started: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds}s")


@contextmanager
def puentes_server(app, http: type = OneWriteHttp) -> Iterator[str]:  # noqa: ANN001
    """``app`` served by uvicorn in a thread (``http``: the protocol, e.g. with other
    limits from ``OneWriteHttp.limited``)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                          log_level="warning", http=http))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/sparql")
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def oxigraph_binary() -> str | None:
    exe = Path(sys.executable).with_name("oxigraph")
    return str(exe) if exe.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    exe = oxigraph_binary()
    if exe is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base
    finally:
        stop(proc, 10)


@contextmanager
def puentes_serve_process(store: Path, *args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`puentes serve --store STORE ARGS…` as its own process (the real command line)."""
    port = free_port()
    exe = Path(sys.executable).with_name("puentes")
    proc = subprocess.Popen([str(exe), "serve", "--store", str(store), "--port", str(port),
                             *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(base + "/sparql", 60)
        except RuntimeError as err:  # say why: the server's own words, if it stopped
            if proc.poll() is None:
                raise
            raise RuntimeError(f"{err}: puentes serve exited with {proc.returncode}: "
                               f"{proc.stderr.read().decode()[-3000:]}") from None
        yield base, proc
    finally:
        stop(proc)


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its live descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        stats[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += stats.get(p, 0.0)
        todo += children.get(p, [])
    return total
