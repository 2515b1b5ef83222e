"""Where a command writes its output (``plot --out``, ``publish --to``): the folder made
ready, or a clear error that says what is wrong with the path and what to do — never an
"unexpected FileExistsError … a bug in puentes".

A missing folder is created (with its parents). What cannot be written is refused with exit 2
(a failure, not invalid data): a path under a file, a link to a folder that does not exist,
a folder this user may not write in, a file system that refuses (read-only, full, ``/proc``).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from puentes.errors import PuentesError


class OutputError(PuentesError):
    """An output path that cannot be written."""


def ensure_folder(folder: Path, option: str, given: Path | None = None) -> None:
    """Make ``folder`` exist (parents too) for the output ``option`` names (``--out``,
    ``--to``); ``given`` is the path as the person wrote it, shown in the message."""
    shown = f"{option} {given if given is not None else folder}"
    for step in (folder, *folder.parents):
        if step.is_symlink() and not step.exists():
            raise OutputError(f"{shown}: {step} is a link to a folder that does not exist "
                              f"({os.readlink(step)})",
                              f"create the folder it points to, or choose another {option}")
        if step.exists():
            if not step.is_dir():
                raise OutputError(f"{shown}: {step} is a file, not a folder",
                                  f"choose a path inside a folder for {option}, or move the "
                                  f"file {step} away")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise output_error(err, folder, shown, option) from None


def output_error(err: OSError, where: Path, shown: str, option: str) -> OutputError:
    """The :class:`OutputError` for an ``OSError`` met writing into ``where``."""
    reason = err.strerror or str(err)
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = (f"choose a folder you may write in for {option}, or give this user the "
                f"right to write in {where}")
    elif err.errno == errno.ENOSPC:
        hint = f"free some space on the disk of {where}, or choose another {option}"
    else:
        hint = f"choose another {option} (a folder on a disk this user may write to)"
    return OutputError(f"{shown}: cannot write in {where}: {reason}", hint)
