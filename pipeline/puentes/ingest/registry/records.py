"""The registry as loaded, before any check: its records, each with its kind, its file and
the lines of its fields (:class:`Record`, :class:`Registry`), and its dates read as ISO text
(:func:`date_text`, :func:`datetime_text`)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from puentes.errors import DataError, DataIssue
from puentes.ingest.registry.schema import KINDS, Kind
from puentes.ingest.yamlfile import LDict, load_file

DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?"
                      r"(Z|[+-]\d{2}:\d{2})?$")


def date_text(value: object) -> str | None:
    """A registry date as text (YYYY, YYYY-MM or YYYY-MM-DD), or None when malformed.

    >>> date_text(2021), date_text("2021-03"), date_text(dt.date(2021, 3, 3))
    ('2021', '2021-03', '2021-03-03')
    >>> date_text("03/03/2021") is None and date_text("2021-02-30") is None
    True
    """
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return str(value)
    if isinstance(value, str) and DATE.match(value.strip()):
        text = value.strip()
        if len(text) == 10:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                return None
        return text
    return None


def datetime_text(value: object) -> str | None:
    """A registry date, or date and time of day, as ISO text; None when malformed.

    A time is kept as written (local time, or with its UTC offset), with seconds.

    >>> datetime_text("2026-02-12T14:30"), datetime_text(dt.datetime(2026, 2, 12, 16, 15))
    ('2026-02-12T14:30:00', '2026-02-12T16:15:00')
    >>> datetime_text("2026-02-12T14:30+01:00"), datetime_text(2026)
    ('2026-02-12T14:30:00+01:00', '2026')
    >>> datetime_text("2026-02-12T25:00") is None
    True
    """
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    m = DATETIME.match(value.strip()) if isinstance(value, str) else None
    if m is None:
        return date_text(value)
    day, hh, mm, ss, tz = m.groups()
    text = f"{day}T{hh}:{mm}:{ss or '00'}{tz or ''}"
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return text


@dataclass
class Record:
    """One record of a registry file, with where it is."""

    kind: Kind
    data: LDict
    file: Path

    @property
    def id(self) -> str:
        """The record's id (may be malformed before the check)."""
        return str(self.data.get("id", ""))


@dataclass
class Registry:
    """All records of all files, indexed by id."""

    records: list[Record] = field(default_factory=list)
    by_id: dict[str, Record] = field(default_factory=dict)
    #: files that could not be read (encoding, size or YAML syntax): nothing else is checked
    unreadable: list[Path] = field(default_factory=list)
    #: what is reported but does not stop the check (a name without origin while
    #: :data:`~puentes.ingest.registry.record_check.NAME_ORIGIN_IS_ERROR` is False)
    warnings: list[DataIssue] = field(default_factory=list)


def load_registry(folder: Path) -> tuple[Registry, list[DataIssue]]:
    """Load every known registry file in ``folder`` (YAML errors become issues)."""
    reg, issues = Registry(), []
    if not folder.is_dir():
        return reg, [DataIssue(str(folder), None, None, None, "no such folder",
                               "a folder holding the registry files (*.yaml)")]
    for kind in KINDS.values():
        path = folder / kind.file
        if not path.is_file():
            continue
        try:
            items = load_file(path)
        except DataError as err:
            issues += err.issues
            reg.unreadable.append(path)
            continue
        for i, item in enumerate(items):
            if not isinstance(item, LDict):
                issues.append(DataIssue(str(path), items.item_lines[i], None, None, item,
                                        "a record: a mapping starting with '- id: …'"))
                continue
            reg.records.append(Record(kind, item, path))
    known = {k.file for k in KINDS.values()}
    for extra in sorted(folder.glob("*.y*ml")):
        if extra.name not in known:
            close = difflib.get_close_matches(extra.name, sorted(known), n=1)
            hint = f" (rename it to {close[0]}?)" if close else ""
            issues.append(DataIssue(str(extra), 1, None, None, extra.name,
                                    "one of the registry files: " + ", ".join(sorted(known))
                                    + hint))
    return reg, issues
