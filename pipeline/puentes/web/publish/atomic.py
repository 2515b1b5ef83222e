"""Write a folder atomically: build it beside the target, then swap it in.

The swap exchanges the new folder and the old one in a single ``renameat2(RENAME_EXCHANGE)``
system call (Linux ≥ 3.15, glibc ≥ 2.28), so that a process killed at any instant leaves the
target either old or new — never missing, never mixed. Elsewhere it falls back to two renames
(a crash between them leaves the old folder at ``.NAME.old-PID``, which the next run restores).

Only a folder that a previous publish made (it holds :data:`MARKER`) is ever replaced; the
leftovers of killed runs (``.NAME.new-PID-*``, ``.NAME.old-PID``) are removed by the next run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from puentes.errors import PuentesError
from puentes.web.outputs import ensure_folder, output_error

#: the file that marks a folder as written by ``puentes publish`` (safe to replace)
MARKER = ".puentes-site"
_RENAME_EXCHANGE = 2
#: seconds after which a work folder without a process id in its name counts as abandoned
STALE_AFTER = 3600
_AT_FDCWD = -100


class TargetNotOursError(PuentesError):
    """The target folder holds files that no publish wrote: refuse to delete them."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def clean_stale(target: Path) -> list[Path]:
    """Remove the work folders of publishes into ``target`` that were killed (their process
    is gone); restore the old site if a run died between the two renames of the fallback
    swap. Returns the folders removed."""
    removed = []
    for p in target.parent.glob(f".{target.name}.*-*"):
        kind, _, rest = p.name[len(target.name) + 2:].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("new", "old") or not p.is_dir():
            continue
        named_by_pid = pid.isdigit() and (kind == "old" or "-" in rest)
        if named_by_pid:
            if _pid_alive(int(pid)):
                continue
        elif time.time() - p.stat().st_mtime < STALE_AFTER:
            continue  # named by an older puentes (no process id): stale once an hour old
        if kind == "old" and not target.exists():
            os.replace(p, target)  # the fallback swap died half-way: put the old site back
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    return removed


def check_replaceable(target: Path, force: bool = False) -> None:
    """Raise :class:`TargetNotOursError` unless ``target`` is absent, empty, a folder an
    earlier publish wrote, or ``force`` is set."""
    if not target.exists() or force:
        return
    if not target.is_dir():
        raise TargetNotOursError(f"{target} exists and is not a folder",
                                 "choose another --to folder")
    if (target / MARKER).is_file() or not any(target.iterdir()):
        return
    raise TargetNotOursError(
        f"{target} holds files that `puentes publish` did not write (no {MARKER} marker); "
        "publishing would delete them",
        f"publish into a new or empty folder, or add --force to replace {target} anyway")


def make_world_readable(folder: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask: a web server running as another user
    (www-data) must be able to read the site."""
    os.chmod(folder, 0o755)
    for root, dirs, files in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
        for f in files:
            path = os.path.join(root, f)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths; False when the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    res = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return res == 0


@contextmanager
def atomic_folder(target: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a fresh temporary folder next to ``target``; on success it replaces ``target``
    (made world-readable, with the publish marker), on any error it is removed and
    ``target`` is left as it was."""
    given, target = target, Path(os.path.abspath(target))
    ensure_folder(target.parent, "--to", given)
    clean_stale(target)
    check_replaceable(target, force)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-",
                                     dir=target.parent))
    except OSError as err:
        raise output_error(err, target.parent, f"--to {given}", "--to") from None
    try:
        yield work
        (work / MARKER).write_text("written by `puentes publish`; the next publish replaces "
                                   "this folder\n", encoding="utf-8")
        make_world_readable(work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if target.exists() and _exchange(work, target):
        shutil.rmtree(work, ignore_errors=True)  # `work` now holds the old site
        return
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(work, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
