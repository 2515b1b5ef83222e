"""A private Virtuoso (Debian's ``virtuoso-opensource``) for the tests and the benchmark: its
own folder, its own ``virtuoso.ini``, free ports on 127.0.0.1, no system service.

The database is created at the first start (a few seconds); a user with the right to write
graphs (``SPARQL_UPDATE``) is created through ``isql``, so that the Graph Store Protocol with
Digest authentication (``/sparql-graph-crud-auth``) and SPARQL Update (``/sparql-auth``) are
used the way a production Virtuoso is. ``bench/remote.py`` uses it too.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from servers import free_port, stop

#: Debian's names first (virtuoso-opensource-7-bin), then upstream's
VIRTUOSO_NAMES = ("virtuoso-t",)
ISQL_NAMES = ("isql-vt", "isql-v")
USER, PASSWORD = "puentes", "pw-Virtuoso-4471"
VAD_DIR = "/usr/share/virtuoso-opensource-7/vad"


def _which(names: tuple[str, ...]) -> str | None:
    return next((p for p in map(shutil.which, names) if p), None)


def virtuoso_binary() -> str | None:
    """The Virtuoso server binary, or None when it is not installed."""
    return _which(VIRTUOSO_NAMES) if _which(ISQL_NAMES) else None


def _ini(folder: Path, sql_port: int, http_port: int, buffers: int, max_rows: int) -> str:
    # Only what differs from Virtuoso's defaults matters here: the files in `folder`, the
    # ports on 127.0.0.1, result sets large enough to read whole graphs back, and `folder`
    # readable by the bulk loader (ld_dir).
    return f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}, {VAD_DIR}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/www
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 600
"""


@dataclass
class Virtuoso:
    """A running private Virtuoso: its HTTP base URL, its SQL port and its folder."""

    base: str
    sql_port: int
    folder: Path

    @property
    def gsp(self) -> str:
        """The Graph Store Protocol endpoint that takes writes (HTTP Digest)."""
        return self.base + "/sparql-graph-crud-auth"

    @property
    def sparql(self) -> str:
        """The public SPARQL query endpoint (default graph: the union of all graphs)."""
        return self.base + "/sparql"

    def isql(self, sql: str, timeout: float = 600) -> str:
        """Run SQL statements (separated by ``;``) as dba; return isql's output."""
        exe = _which(ISQL_NAMES)
        out = subprocess.run([exe, f"127.0.0.1:{self.sql_port}", "dba", "dba",
                              f"exec={sql}"], capture_output=True, text=True, timeout=timeout,
                             check=False)
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql failed: {out.stdout[-500:]} {out.stderr[-500:]}")
        return out.stdout

    def graph_names(self) -> set[str]:
        """The graphs holding at least one triple (Virtuoso's own graphs included)."""
        r = requests.get(self.sparql, params={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"}, timeout=60)
        r.raise_for_status()
        return {b["g"]["value"] for b in r.json()["results"]["bindings"]}


@contextmanager
def virtuoso_server(folder: Path, *, buffers: int = 20_000, max_rows: int = 100_000_000,
                    start_seconds: float = 90) -> Iterator[Virtuoso]:
    """Start Virtuoso in ``folder`` (created) with its own ini file; yield it; stop it.
    ``buffers``: 8 KiB pages of cache (20,000 ≈ 160 MiB); ``max_rows``: the most rows a
    SPARQL answer may have (``ResultSetMaxRows``)."""
    exe = virtuoso_binary()
    if exe is None:
        raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    (folder / "www").mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_ini(folder.resolve(), sql_port, http_port, buffers, max_rows))
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Virtuoso(f"http://127.0.0.1:{http_port}", sql_port, folder)
    try:
        deadline = time.time() + start_seconds
        while True:
            if proc.poll() is not None:
                log = (folder / "virtuoso.log")
                tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
                raise RuntimeError(f"Virtuoso stopped at start-up ({proc.returncode}): {tail}")
            try:
                if requests.get(server.sparql, params={"query": "ASK {}"},
                                timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.time() > deadline:
                raise RuntimeError(f"Virtuoso did not come up in {start_seconds}s")
            time.sleep(0.2)
        server.isql(f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); "
                    f'GRANT SPARQL_UPDATE TO "{USER}"; '
                    f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 3);")
        yield server
    finally:
        stop(proc, 30)
