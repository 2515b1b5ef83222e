"""A pool of query worker processes, driven from the server's event loop.

Each job goes to an idle worker; the server waits for its answer at most ``timeout`` seconds.
A worker past its time is killed (SIGKILL: the query stops using CPU at once) and replaced; a
worker that dies (an engine crash) costs that one request. When the store changes, ``swap``
starts workers over the new snapshot; the old ones finish the job they hold and exit.

Memory is bounded twice: each worker's address space is limited to what it holds when ready
plus ``memory`` bytes (``RLIMIT_AS``, set by the worker itself), and a watchdog — a thread of
its own, so it acts even when the event loop is stuck — reads the resident memory and the
running time of every busy worker ten times a second and kills one past either bound. The
request is then answered 503 with the bound that stopped it (:class:`OutOfMemory`,
:class:`Timeout`). :meth:`Pool.close` (at shutdown, and on SIGTERM) kills the workers at
once: running queries stop and are answered :class:`Stopping`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from puentes.web.endpoint.worker import _LEN, frame


class Busy(Exception):
    """No worker became free within the timeout."""


class Timeout(Exception):
    """The query ran past the timeout; its worker was killed."""


class Crashed(Exception):
    """The worker died while running the query."""


class OutOfMemory(Exception):
    """The query needed more memory than a query may use; its worker was stopped."""


class Stopping(Exception):
    """The server is stopping: the workers were killed, running queries with them."""


class Channel(asyncio.Protocol):
    """The server's end of the socket to one worker: writes jobs, and completes ``answer``
    (a future) with the next ``(header, body)`` frame, or with ConnectionError when the
    worker goes away. A plain protocol, not a stream reader: at thousands of queries per
    second the stream's buffering and waiting were a large part of the server's time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.answer: asyncio.Future | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # noqa: D102
        self.transport = transport

    def data_received(self, data: bytes) -> None:  # noqa: D102
        buf = self.buffer
        buf += data
        if len(buf) < _LEN.size:
            return
        nh, nb = _LEN.unpack_from(buf)
        end = _LEN.size + nh + nb
        if len(buf) < end:
            return
        message = (json.loads(bytes(buf[_LEN.size:_LEN.size + nh])),
                   bytes(buf[_LEN.size + nh:end]))
        del buf[:end]
        if self.answer is not None and not self.answer.done():
            self.answer.set_result(message)

    def connection_lost(self, exc: Exception | None) -> None:  # noqa: D102
        self.closed = True
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(ConnectionError("the query worker went away"))

    def ask(self, job: dict) -> asyncio.Future:
        """Send a job; the future of its answer."""
        self.answer = asyncio.get_running_loop().create_future()
        if self.closed:
            self.answer.set_exception(ConnectionError("the query worker went away"))
        else:
            self.transport.write(frame(job))
        return self.answer


@dataclass(eq=False)
class Worker:
    """One worker process and the channel to it."""

    proc: subprocess.Popen
    channel: Channel
    generation: int
    info: dict = field(default_factory=dict)
    #: when its running query started (time.monotonic()), None while idle
    busy_since: float | None = None
    #: why the watchdog stopped it: "memory" or "time"
    stopped: str | None = None
    #: its resident memory when it became ready (bytes)
    base_rss: int = 0

    def rss(self) -> int:
        """Resident memory now (bytes); 0 once the process has gone."""
        try:
            with open(f"/proc/{self.proc.pid}/statm", encoding="ascii") as fh:
                return int(fh.read().split()[1]) * resource.getpagesize()
        except (OSError, IndexError, ValueError):
            return 0

    def stop(self, why: str) -> None:
        """Kill the process from the watchdog's thread (no reaping here: the event loop
        sees the channel close and replaces the worker)."""
        self.stopped = why
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)

    def kill(self) -> None:
        """Stop the process now (SIGKILL) and reap it."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.channel.transport.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=2)

    def retire(self) -> None:
        """Let the process finish: closing its socket ends its loop."""
        self.channel.transport.close()


class Pool:
    """``size`` workers over the snapshot at ``location``; ``config`` goes to each worker."""

    def __init__(self, location: Path, config: dict, *, size: int = 2,
                 timeout: float = 30.0, memory: int | None = None) -> None:
        self.location = location
        self.config = dict(config, memory=memory) if memory else config
        self.size = size
        self.timeout = timeout
        self.memory = memory
        self._watchdog: threading.Thread | None = None
        self.generation = 0
        self.idle: deque[Worker] = deque()
        self.waiting: deque[asyncio.Future] = deque()  # requests waiting for a worker, FIFO
        self.workers: set[Worker] = set()
        self.restarts = 0
        self.closed = False

    async def _spawn(self, generation: int, location: Path) -> Worker:
        parent, child = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(Path(__file__).resolve().parents[3])]
            + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
        proc = subprocess.Popen(
            [sys.executable, "-m", "puentes.web.endpoint.worker", str(child.fileno()),
             str(location), json.dumps(self.config)],
            pass_fds=[child.fileno()], env=env, stdin=subprocess.DEVNULL)
        child.close()
        loop = asyncio.get_running_loop()
        channel = Channel()
        channel.answer = loop.create_future()  # the worker's first frame: ready
        await loop.create_unix_connection(lambda: channel, sock=parent)
        try:
            info, _ = await asyncio.wait_for(channel.answer, 60)
        except (ConnectionError, TimeoutError) as err:
            proc.kill()
            channel.transport.close()
            raise RuntimeError(f"a query worker failed to start over {location}") from err
        worker = Worker(proc, channel, generation, info)
        worker.base_rss = worker.rss()
        self.workers.add(worker)
        return worker

    async def start(self) -> None:
        """Start the workers (returns when every one is ready) and the watchdog."""
        for w in await asyncio.gather(*(self._spawn(self.generation, self.location)
                                        for _ in range(self.size))):
            self._release(w)
        if self._watchdog is None:
            self._watchdog = threading.Thread(target=self._watch, name="query-watchdog",
                                              daemon=True)
            self._watchdog.start()

    def _watch(self) -> None:
        """The watchdog's loop (its own thread): kill a busy worker past the memory bound
        or well past the timeout (the event loop's timer should have stopped it first; this
        one holds even when that loop is stuck)."""
        while not self.closed:
            now = time.monotonic()
            for w in list(self.workers):
                since = w.busy_since
                if since is None or w.stopped:
                    continue
                if self.memory and w.rss() > w.base_rss + self.memory:
                    w.stop("memory")
                elif now - since > self.timeout + 2:
                    w.stop("time")
            time.sleep(0.1)

    async def swap(self, location: Path) -> None:
        """Serve from a new snapshot: new workers first, then the old ones retire."""
        generation = self.generation + 1
        fresh = await asyncio.gather(*(self._spawn(generation, location)
                                       for _ in range(self.size)))
        self.location, self.generation = location, generation
        for w in fresh:
            self._release(w)

    def _release(self, worker: Worker) -> None:
        """A worker is free: to the first request waiting for one, else to the idle ones."""
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.done():  # (a waiter past its deadline is done: Busy)
                waiter.set_result(worker)
                return
        self.idle.append(worker)

    def _replace(self, worker: Worker) -> None:
        """Drop a dead or killed worker; start one for the current snapshot."""
        self.workers.discard(worker)
        self.restarts += 1
        generation, location = self.generation, self.location

        async def respawn() -> None:
            try:
                w = await self._spawn(generation, location)
            except RuntimeError as err:  # the snapshot went away (shutdown or a swap)
                if not self.closed and generation == self.generation:
                    print(f"puentes serve: {err}", file=sys.stderr)
                return
            if self.closed:
                w.kill()
            else:
                self._release(w)

        asyncio.get_running_loop().create_task(respawn())

    async def _acquire(self, state: dict) -> Worker:
        """A live worker of the current snapshot. While none is free, the request waits on
        ``state["waiter"]``, which its deadline fails with Busy."""
        while True:
            if self.idle:  # the usual case, without waiting
                w = self.idle.popleft()
            else:
                waiter = state["waiter"] = asyncio.get_running_loop().create_future()
                self.waiting.append(waiter)
                try:
                    w = await waiter
                except asyncio.CancelledError:  # the client went away as a worker came
                    if waiter.done() and not waiter.cancelled() and not waiter.exception():
                        self._release(waiter.result())
                    raise
            if w.generation != self.generation:  # an old snapshot's worker: let it go
                self.workers.discard(w)
                w.retire()
                continue
            if w.proc.poll() is not None or w.channel.closed:
                self._replace(w)
                continue
            return w

    async def run(self, job: dict) -> tuple[dict, bytes]:
        """Run one job; raises :class:`Busy`, :class:`Timeout` or :class:`Crashed`."""
        loop = asyncio.get_running_loop()
        state: dict = {}

        def deadline() -> None:
            # Past the deadline: a request still waiting for a worker is Busy; a running
            # query's worker is killed (its channel closes and the answer fails).
            state["expired"] = True
            if "worker" in state:
                state["worker"].kill()
            elif "waiter" in state and not state["waiter"].done():
                state["waiter"].set_exception(Busy())

        if self.closed:
            raise Stopping
        timer = loop.call_at(loop.time() + self.timeout, deadline)
        try:
            w = await self._acquire(state)
            if state.get("expired"):  # a worker came just as the time ran out
                self._release(w)
                raise Busy
            state["worker"] = w
            w.busy_since = time.monotonic()
            try:
                head, body = await w.channel.ask(job)
            except ConnectionError as err:
                w.kill()
                if self.closed:
                    raise Stopping from None
                self._replace(w)
                raise self._why(w, state) from err
            except BaseException:  # the client went away mid-query: the worker's answer is lost
                w.kill()
                self._replace(w)
                raise
            finally:
                w.busy_since = None
        finally:
            timer.cancel()
        if head.get("memory"):  # a MemoryError in the worker, which then exits
            self.workers.discard(w)
            w.kill()
            self._replace(w)
            raise OutOfMemory
        if w.generation != self.generation:
            self.workers.discard(w)
            w.retire()
        else:
            self._release(w)
        return head, body

    def _why(self, w: Worker, state: dict) -> Exception:
        """What stopped a worker that went away mid-query: the timer, the watchdog (memory
        or time), the memory limit (the engine aborts when an allocation fails), or a
        crash."""
        if state.get("expired") or w.stopped == "time":
            return Timeout()
        if w.stopped == "memory" or (self.memory and w.proc.returncode == -signal.SIGABRT):
            return OutOfMemory()
        return Crashed()

    def close(self) -> None:
        """Stop every worker (running queries end: their requests get :class:`Stopping`)."""
        self.closed = True
        for w in list(self.workers):
            w.kill()
        self.workers.clear()
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.done():
                waiter.set_exception(Stopping())
