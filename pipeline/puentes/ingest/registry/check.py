"""The registry's schema check: runs before mapping and reports every mistake at once.

Each mistake is a :class:`~puentes.errors.DataIssue` with file, line, record id, field, the
value and what is expected: unknown country codes, dates in the wrong form, end before start,
dangling references, duplicate ids, missing or incomplete sources, unknown or misplaced
fields, keys given twice, unknown concept slugs, control characters in texts, and cycles in
``parent``, ``replaces`` and ``part_of``.

A file that cannot be read (an encoding or a YAML syntax error) is reported alone: the other
checks would only repeat its consequences (every reference to its records "missing").
"""

from __future__ import annotations

from pathlib import Path

from puentes.errors import DataError, DataIssue
from puentes.i18n.lazy import Msg
from puentes.ingest.registry.record_check import SLUG, RecordChecker
from puentes.ingest.registry.records import Registry, load_registry
from puentes.ingest.registry.schema import EXPECT

__all__ = ["check_registry", "checked_registry"]

#: (kind, field) pairs that point to a record of the same kind: no record may reach itself.
CYCLIC = (("organization", "parent"), ("initiative", "replaces"), ("event", "part_of"))


def check_registry(folder: Path) -> tuple[Registry, list[DataIssue]]:
    """Load and check every file; return the registry and every issue found, in file and
    line order (an empty list: the registry is valid and can be mapped).

    When a file cannot be read, only the reading problems are returned: fix them first.
    What is reported without stopping anything is in the registry's ``warnings``."""
    reg, issues = load_registry(folder)
    if reg.unreadable or not folder.is_dir():
        return reg, sorted(issues, key=lambda i: (i.file, i.line or 0))
    checker = RecordChecker(reg, issues)
    for rec in reg.records:
        ident = rec.data.get("id")
        if not isinstance(ident, str) or not SLUG.match(ident):
            checker.add(rec, "id", ident, EXPECT["id"])
            continue
        if ident in reg.by_id:
            first = reg.by_id[ident]
            where = f"{first.file.name}:{first.data.line}"
            checker.add(rec, "id", ident, Msg("a unique id; already used at {where}",
                                              where=where))
            continue
        reg.by_id[ident] = rec
    for rec in reg.records:
        checker.record(rec)
    _cycles(reg, checker)
    return reg, sorted(checker.issues, key=lambda i: (i.file, i.line or 0))


def _cycles(reg: Registry, checker: RecordChecker) -> None:
    """Report every cycle in the :data:`CYCLIC` relations once, naming its records."""
    for kind, fld in CYCLIC:
        step = {rid: str(rec.data[fld]) for rid, rec in reg.by_id.items()
                if rec.kind.name == kind and isinstance(rec.data.get(fld), str)}
        reported: set[str] = set()
        for start in step:
            path, seen = [start], {start}
            while path[-1] in step and step[path[-1]] not in seen:
                path.append(step[path[-1]])
                seen.add(path[-1])
            nxt = step.get(path[-1])
            if nxt is None or nxt in reported:
                continue
            loop = path[path.index(nxt):]
            reported.update(loop)
            first = reg.by_id[min(loop)]  # reported once, at the alphabetically first record
            i = loop.index(first.id)
            ring = loop[i:] + loop[:i] + [first.id]
            what = Msg("{id} points to itself", id=first.id) if len(loop) == 1 \
                else " → ".join(ring)
            checker.add(first, fld, first.data[fld], Msg(
                "no cycle through {field!r}, but {what} (a record cannot be its own ancestor: "
                "fix one of these records)", field=fld, what=what))


def checked_registry(folder: Path) -> Registry:
    """The registry in ``folder``, checked; :class:`DataError` listing every issue if any."""
    reg, issues = check_registry(folder)
    if issues:
        raise DataError(issues, Msg("fix each line above in the registry files, then run "
                                    "`puentes registry check` (fast) or `puentes build` "
                                    "again"))
    return reg
