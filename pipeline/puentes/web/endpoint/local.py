"""A local query (``puentes query``) with a time limit and a memory bound: run by one of
``puentes serve``'s query workers (:mod:`puentes.web.endpoint.pool`), which is killed when
the time is up.

Why a worker process: Oxigraph cannot interrupt a query from Python, so the only way to stop
one is to stop the process running it — the way the server stops its queries; and a process
of its own can be given a memory bound (the worker's ``memory``) that ends it, not the
command, when a query would take all the machine's memory. The query text is checked first
in this process (syntax errors with their line and column, as without a limit); the worker
answers with SPARQL JSON results, read back into the same rows.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from puentes.errors import QueryError
from puentes.namespaces import PG
from puentes.store import HIDDEN_PREFIX
from puentes.web.endpoint.pool import Crashed, Pool, Timeout

#: seconds an ad-hoc query (a .rq file, standard input) may run when --timeout is not given;
#: the saved questions are measured (bench/) and run without a limit
DEFAULT_ADHOC_TIMEOUT = 60
#: the memory a bounded query's worker may allocate (megabytes), when --memory is not given
DEFAULT_MEMORY_MB = 4096


class QueryStopped(QueryError):
    """A local query was stopped: past its time limit or its memory bound (exit 2)."""


def run_bounded(store, text: str, *, timeout: float | None,  # noqa: ANN001 - a GraphStore
                memory_mb: int | None = DEFAULT_MEMORY_MB) -> ox.QuerySolutions:
    """Run ``text`` (checked by :func:`puentes.query.guard.check_query`) on ``store`` in a
    worker process, stopped after ``timeout`` seconds (None: no limit) or when it allocates
    more than ``memory_mb`` megabytes; raises :class:`QueryStopped` with what to do, and
    SyntaxError for a query that is not valid SPARQL (the worker's message)."""

    tmp = None
    location = store.path
    if location is None:  # an in-memory store (FILES): the worker reads a copy on disk
        tmp = Path(tempfile.mkdtemp(prefix="puentes-query-"))
        location = tmp / "store"
        copy = ox.Store(str(location))
        copy.bulk_extend(store.store.quads_for_pattern(None, None, None, None))
        copy.flush()
        del copy
    config = {"graph_prefix": str(PG), "hidden_prefix": HIDDEN_PREFIX, "prefixes": {},
              "memory": memory_mb * 1024 * 1024 if memory_mb else None}
    job = {"query": text, "accept": "application/sparql-results+json",
           "limit": 10**15, "max_bytes": 2**62}

    class OneQuery(Pool):
        """The server's pool for one query: a worker that is killed is not replaced."""

        def _replace(self, worker) -> None:  # noqa: ANN001
            self.workers.discard(worker)

    async def ask() -> tuple[dict, bytes]:
        pool = OneQuery(Path(location), config, size=1, timeout=timeout or 10**9)
        try:
            await pool.start()
            return await pool.run(job)
        finally:
            pool.close()

    try:
        head, body = asyncio.run(ask())
    except Timeout:
        raise QueryStopped(
            f"the query was stopped after {_seconds(timeout)}: it ran past the time limit",
            "make it cheaper (a LIMIT, a more selective first pattern, no UNION over all "
            "observations), or give it more time with --timeout SECONDS (0: no limit)"
        ) from None
    except Crashed:
        raise QueryStopped(
            f"the query was stopped: its worker ended before answering, most likely past "
            f"the memory bound of {memory_mb} MB",
            "make it need less memory (no ORDER BY or GROUP BY over every row, no product "
            "of unrelated patterns), or raise the bound with --memory MB"
        ) from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    if head.get("status") == 400:  # the caller places the error in the text as written
        raise SyntaxError(head.get("error", "").removeprefix("Invalid SPARQL: "))
    if head.get("status") != 200:
        raise QueryError(head.get("error", "the query failed"), "fix the query text")
    if "sparql-results" not in head.get("type", ""):  # a CONSTRUCT or DESCRIBE: a graph
        raise QueryError("only SELECT queries are supported here",
                         "use the SPARQL endpoint (`puentes serve`) for CONSTRUCT/DESCRIBE")
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)


def _seconds(timeout: float | None) -> str:
    return f"{timeout:g} s" if timeout else "its time"
