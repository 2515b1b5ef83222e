"""One writer at a time: an exclusive lock beside the store, held for a whole build.

Oxigraph lets two processes open the same store folder for writing, and two builds at once
would each validate against a store the other is changing. ``puentes build`` therefore holds
``<store>.lock`` (``flock``, released by the system when the process ends, however it ends)
and a second build stops at once with exit 2.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from puentes.errors import StoreError


@contextmanager
def writer_lock(store: Path) -> Iterator[None]:
    """Hold the write lock of the store at ``store`` for the ``with`` block."""
    path = store.with_name(store.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:  # a read-only folder or a full disk: the build could not write
        raise StoreError(f"cannot write beside the store at {store}: {err.strerror} "
                         f"({path.name})", "make the folder writable (or free space on its "
                         "disk), or build into another folder with --store") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise StoreError(f"another build is writing the store at {store} (process "
                             f"{holder})", "wait for it to finish, then run the build "
                             "again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
