"""Immutable snapshots of the store for serving, taken only when no build is writing.

``puentes serve`` never reads the store that ``puentes build`` writes: opening an Oxigraph
(RocksDB) store read-only while another process writes it is undefined behaviour. Instead:

1. ``serve`` opens the store as its *writer* for a moment — RocksDB's folder lock guarantees
   that no build holds it then (a build holds the lock from its start to its end, so the store
   is never caught between two graphs of one build) — and takes a checkpoint
   (``Store.backup``: hard links to the immutable table files, milliseconds), then lets go;
2. the pages read only that checkpoint, opened read-only — nobody ever writes it; the query
   workers read a second checkpoint taken at the same moment, its *data view*: the graphs a
   query may see (the build's bookkeeping graphs and the store's unnamed default graph
   removed from it once, before anyone reads it). A store built by ``puentes build`` then
   holds source graphs only, and a query's default graph — their union — is the union of
   every graph of the view: Oxigraph's union default graph, one index lookup per pattern
   instead of one per source graph;
3. every ``refresh`` seconds ``serve`` compares the store folder's files with those it saw at
   its last snapshot; when a build has changed them and has finished (the lock is free), it
   takes a new snapshot and swaps it in: requests already running finish on the old one,
   the next ones see the new one. Every answer is the old graph or the new one.

A build that starts during the few milliseconds of a checkpoint waits for the lock (see
``GraphStore.open``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from puentes.errors import StoreError
from puentes.store import HIDDEN_PREFIX


def is_visible(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    """Whether a query may see a graph of the store: a named graph that is not the build's."""
    return isinstance(graph, ox.NamedNode) and not graph.value.startswith(HIDDEN_PREFIX)


def data_view(snapshot: Path) -> Path:
    """The folder of a snapshot's data view (see the module's docstring)."""
    return snapshot.with_name(snapshot.name + "-data")


def _strip(folder: Path) -> None:
    """Remove from the checkpoint at ``folder`` every graph a query may not see, and the
    unnamed default graph (no query sees it: the default graph is the sources' union). It
    writes only into ``folder``: the table files it shares with the live store by hard links
    are immutable, and deletions go to new files."""
    store = ox.Store(str(folder))
    try:
        for g in [g for g in store.named_graphs() if not is_visible(g)]:
            store.remove_graph(g)
        store.clear_graph(ox.DefaultGraph())
        store.flush()
    finally:
        del store


def fingerprint(folder: Path) -> tuple:
    """What identifies the data of a store folder: its table files (``*.sst``) and non-empty
    write-ahead logs (``*.log``), by name and size. Merely opening the store (a snapshot by
    another server) rewrites MANIFEST, OPTIONS and starts an empty log: not a change."""
    out = []
    with contextlib.suppress(FileNotFoundError):
        for p in sorted(folder.iterdir()):
            if p.suffix not in (".sst", ".log"):
                continue
            with contextlib.suppress(FileNotFoundError):
                size = p.stat().st_size
                if size:
                    out.append((p.name, size))
    return tuple(out)


def _remove_orphans(parent: Path) -> None:
    """Remove the snapshot folders of servers that are gone (killed without cleaning up)."""
    for folder in parent.glob(".serve-*"):
        try:
            pid = int((folder / "pid").read_text())
            os.kill(pid, 0)  # raises if no such process
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue  # not ours to judge (unreadable, or another user's process)


class Snapshots:
    """The snapshots of one store, in a private folder removed by :meth:`close`."""

    def __init__(self, live: Path | None = None) -> None:
        self.live = live.resolve() if live else None
        parent = self.live.parent if self.live else None
        if parent is not None:
            _remove_orphans(parent)
        try:  # next to the store, so that checkpoints are hard links, not copies
            self.root = Path(tempfile.mkdtemp(prefix=".serve-", dir=parent))
        except OSError:
            self.root = Path(tempfile.mkdtemp(prefix="puentes-serve-"))
        (self.root / "pid").write_text(str(os.getpid()))
        self.count = 0
        self.seen: tuple = ()

    def _next(self) -> Path:
        self.count += 1
        return self.root / f"snapshot-{self.count}"

    def from_memory(self, store: ox.Store) -> Path:
        """A snapshot of a store held in memory (tests, ``store_from_files``)."""
        target = self._next()
        for folder, quads in ((target, store.quads_for_pattern(None, None, None, None)),
                              (data_view(target), (q for q in store.quads_for_pattern(
                                  None, None, None, None) if is_visible(q.graph_name)))):
            copy = ox.Store(str(folder))
            copy.bulk_extend(quads)
            copy.flush()
            del copy  # closes the copy: from now on it is only read
        return target

    def from_handle(self, store: ox.Store) -> Path:
        """A snapshot of an on-disk store this process holds open for writing."""
        target = self._next()
        store.flush()
        store.backup(str(target))
        store.backup(str(data_view(target)))
        _strip(data_view(target))
        return target

    def try_take(self) -> Path | None:
        """A new snapshot of the live store, or None while a build holds it."""
        assert self.live is not None
        target = self._next()
        try:
            live = ox.Store(str(self.live))
        except OSError:
            return None  # a build holds the lock: try again later
        try:
            live.backup(str(target))
            live.backup(str(data_view(target)))
        finally:
            del live
        self.seen = fingerprint(self.live)
        _strip(data_view(target))
        return target

    def take(self, wait: float = 120.0) -> Path:
        """A snapshot of the live store, waiting up to ``wait`` s for a running build."""
        if self.live is None or not self.live.is_dir():
            raise StoreError(f"no store at {self.live}",
                             "run `puentes build` first, or pass --store PATH")
        deadline = time.monotonic() + wait
        while (snap := self.try_take()) is None:
            if time.monotonic() > deadline:
                raise StoreError(f"the store at {self.live} stayed locked for {wait:g} s",
                                 "another process (a build?) holds it; stop it and retry")
            time.sleep(0.2)
        return snap

    def changed(self) -> bool:
        """Whether the live store's files differ from those at the last snapshot."""
        return self.live is not None and fingerprint(self.live) != self.seen

    def drop(self, snapshot: Path) -> None:
        """Remove a snapshot (and its data view) nobody reads any more."""
        shutil.rmtree(snapshot, ignore_errors=True)
        shutil.rmtree(data_view(snapshot), ignore_errors=True)

    def close(self) -> None:
        """Remove every snapshot."""
        shutil.rmtree(self.root, ignore_errors=True)
