"""Where releases live and which exist: ``<root>/<version>/`` (one immutable site each),
``<root>/releases.json`` (the list, oldest first), ``<root>/latest`` (a link to the current
one) and ``<root>/feeds/`` (the Atom feeds, rewritten at each release).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from puentes.errors import PuentesError

#: the default folder of the releases (``--to``), relative to where puentes runs
DEFAULT_ROOT = Path("releases")
LIST = "releases.json"
LATEST = "latest"
SUMS = "SHA256SUMS"
#: a version name: letters, digits, dots, hyphens, underscores; starting with a letter or digit
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: names that mean something else in the release folder
RESERVED = {LATEST, "feeds", "store", "index.html", LIST, "catalog.ttl", "catalog.jsonld"}


class ReleaseError(PuentesError):
    """A release that cannot be made or found (exit 2)."""


@dataclass
class Release:
    """One release, as ``releases.json`` lists it."""

    version: str
    date: str
    previous: str | None = None
    triples: int = 0
    notes: dict[str, str] = field(default_factory=dict)
    changes: dict[str, int] = field(default_factory=dict)


def check_version(version: str) -> str:
    """``version`` if it is a usable folder name, else a :class:`ReleaseError`.

    >>> check_version("2026-12-07")
    '2026-12-07'
    """
    if not VERSION.match(version) or version in RESERVED or version in (".", ".."):
        raise ReleaseError(f"--version {version!r}: not a usable version name",
                           "use letters, digits, '.', '-' or '_' (e.g. 2026-12-07 or v1.2), "
                           f"not one of {', '.join(sorted(RESERVED))}")
    return version


def releases(root: Path) -> list[Release]:
    """The releases in ``root``, oldest first (``[]`` when there is none yet)."""
    path = Path(root) / LIST
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Release(**r) for r in data["releases"]]
    except (ValueError, KeyError, TypeError) as err:
        raise ReleaseError(f"{path}: not a list of releases ({err})",
                           "restore it from a backup, or rebuild it from the release "
                           "folders' CITATION.cff files") from None


def write_list(root: Path, items: list[Release]) -> None:
    """Rewrite ``releases.json`` in one rename (readers see the old list or the new)."""
    path = Path(root) / LIST
    tmp = path.with_name(f".{LIST}.{os.getpid()}")
    tmp.write_text(json.dumps({"current": items[-1].version if items else None,
                               "releases": [asdict(r) for r in items]},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def find(root: Path, version: str) -> Release:
    """The release named ``version`` (``latest``: the current one)."""
    items = releases(root)
    if version == LATEST and items:
        return items[-1]
    for r in items:
        if r.version == version:
            return r
    known = ", ".join(r.version for r in items) or "none yet"
    raise ReleaseError(f"no release {version!r} in {root} (releases: {known})",
                       "name one of them, or give --releases the folder holding them "
                       "(`puentes release` makes one)")


def folder(root: Path, version: str) -> Path:
    """The site folder of a release."""
    return Path(root) / find(root, version).version


def point_latest(root: Path, version: str) -> None:
    """Make ``<root>/latest`` lead to ``version`` (a symbolic link replaced in one rename)."""
    link = Path(root) / LATEST
    tmp = link.with_name(f".{LATEST}.{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(version, tmp)
    os.replace(tmp, link)


def write_sums(site: Path, known: dict[str, str] | None = None) -> Path:
    """``SHA256SUMS`` of every file of a release site (``sha256sum -c`` checks it).

    ``known``: checksums already taken as the files were written (``publish``'s
    ``digests``), by path relative to ``site``; only the other files are read."""
    known = known or {}
    lines = []
    for top, _dirs, names in os.walk(site):
        rel = os.path.relpath(top, site)
        for name in names:
            path = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            if path == SUMS:
                continue
            digest = known.get(path)
            if digest is None:
                with open(os.path.join(top, name), "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            lines.append(f"{digest}  {path}\n")
    lines.sort(key=lambda line: line[66:])
    out = site / SUMS
    out.write_text("".join(lines), encoding="utf-8")
    return out


def verify_sums(site: Path) -> list[str]:
    """The files of a release that differ from its ``SHA256SUMS`` (``[]``: unchanged)."""
    bad = []
    for line in (site / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        path = site / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(name)
    return bad
