"""A pool of query worker processes, driven from the server's event loop.

Each job goes to an idle worker; the server waits for its answer at most ``timeout`` seconds.
A worker past its time is killed (SIGKILL: the query stops using CPU at once) and replaced; a
worker that dies (an engine crash) costs that one request. When the store changes, ``swap``
starts workers over the new snapshot; the old ones finish the job they hold and exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .worker import _LEN, frame


class Busy(Exception):
    """No worker became free within the timeout."""


class Timeout(Exception):
    """The query ran past the timeout; its worker was killed."""


class Crashed(Exception):
    """The worker died while running the query."""


@dataclass(eq=False)
class Worker:
    """One worker process and the stream to it."""

    proc: subprocess.Popen
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    generation: int
    info: dict = field(default_factory=dict)

    def kill(self) -> None:
        """Stop the process now (SIGKILL) and reap it."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.writer.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=2)

    def retire(self) -> None:
        """Let the process finish: closing its socket ends its loop."""
        self.writer.close()


async def _read(reader: asyncio.StreamReader) -> tuple[dict, bytes]:
    nh, nb = _LEN.unpack(await reader.readexactly(_LEN.size))
    data = await reader.readexactly(nh + nb)
    return json.loads(data[:nh]), data[nh:]


class Pool:
    """``size`` workers over the snapshot at ``location``; ``config`` goes to each worker."""

    def __init__(self, location: Path, config: dict, *, size: int = 2,
                 timeout: float = 30.0) -> None:
        self.location = location
        self.config = config
        self.size = size
        self.timeout = timeout
        self.generation = 0
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.restarts = 0
        self.closed = False

    async def _spawn(self, generation: int, location: Path) -> Worker:
        parent, child = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(Path(__file__).resolve().parents[2])]
            + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
        proc = subprocess.Popen(
            [sys.executable, "-m", "puentes.endpoint.worker", str(child.fileno()),
             str(location), json.dumps(self.config)],
            pass_fds=[child.fileno()], env=env, stdin=subprocess.DEVNULL)
        child.close()
        reader, writer = await asyncio.open_unix_connection(sock=parent)
        try:
            info, _ = await asyncio.wait_for(_read(reader), 60)
        except (asyncio.IncompleteReadError, TimeoutError) as err:
            proc.kill()
            raise RuntimeError(f"a query worker failed to start over {location}") from err
        worker = Worker(proc, reader, writer, generation, info)
        self.workers.add(worker)
        return worker

    async def start(self) -> None:
        """Start the workers (returns when every one is ready)."""
        for w in await asyncio.gather(*(self._spawn(self.generation, self.location)
                                        for _ in range(self.size))):
            self.idle.put_nowait(w)

    async def swap(self, location: Path) -> None:
        """Serve from a new snapshot: new workers first, then the old ones retire."""
        generation = self.generation + 1
        fresh = await asyncio.gather(*(self._spawn(generation, location)
                                       for _ in range(self.size)))
        self.location, self.generation = location, generation
        for w in fresh:
            self.idle.put_nowait(w)

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
                self.idle.put_nowait(w)

        asyncio.get_running_loop().create_task(respawn())

    async def _acquire(self, deadline: float) -> Worker:
        loop = asyncio.get_running_loop()
        while True:
            if not self.idle.empty():  # the usual case, without a timer
                w = self.idle.get_nowait()
            else:
                left = deadline - loop.time()
                if left <= 0:
                    raise Busy
                try:
                    w = await asyncio.wait_for(self.idle.get(), left)
                except TimeoutError:
                    raise Busy from None
            if w.generation != self.generation:  # an old snapshot's worker: let it go
                self.workers.discard(w)
                w.retire()
                continue
            if w.proc.poll() is not None:
                self._replace(w)
                continue
            return w

    async def run(self, job: dict) -> tuple[dict, bytes]:
        """Run one job; raises :class:`Busy`, :class:`Timeout` or :class:`Crashed`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        w = await self._acquire(deadline)
        expired = []
        # Past the deadline the worker is killed: its socket closes and the read below fails.
        timer = loop.call_at(deadline, lambda: (expired.append(True), w.kill()))
        try:
            w.writer.write(frame(job))
            head, body = await _read(w.reader)
        except (asyncio.IncompleteReadError, ConnectionError) as err:
            w.kill()
            self._replace(w)
            if expired:
                raise Timeout from None
            raise Crashed from err
        except BaseException:  # the client went away mid-query: the worker's answer is lost
            w.kill()
            self._replace(w)
            raise
        finally:
            timer.cancel()
        if w.generation != self.generation:
            self.workers.discard(w)
            w.retire()
        else:
            self.idle.put_nowait(w)
        return head, body

    def close(self) -> None:
        """Stop every worker."""
        self.closed = True
        for w in list(self.workers):
            w.kill()
        self.workers.clear()
