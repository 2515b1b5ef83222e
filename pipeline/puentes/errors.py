"""The project's exceptions and exit codes.

Every command maps these to an exit code, so that scripts can tell "the data is invalid" (the
steward must fix a file) from "the tool failed" (a crash, a missing file, a network error).
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
#: the data is invalid: SHACL violations, schema errors in a registry file, a quarantined graph.
EXIT_INVALID = 1
#: the run failed: unreadable or unparsable input, missing store, network or server error.
EXIT_FAILURE = 2


class PuentesError(Exception):
    """Base of every error puentes reports to a person. ``hint`` says what to do next."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message + (f"\n  → {self.hint}" if self.hint else "")

    def __reduce__(self) -> tuple:
        # pickled with its hint (an error raised in a worker process, such as a release's
        # diff, reaches the command whole)
        return (self.__class__, (self.message, self.hint))

    def shown(self, lang: str | None = None) -> str:
        """:meth:`__str__` in ``lang`` (default: the run's language), for a person."""
        from puentes.i18n.lazy import render

        return self.said(lang) + (f"\n  → {render(self.hint, lang)}" if self.hint else "")

    def said(self, lang: str | None = None) -> str:
        """The message alone in ``lang`` (a lower layer's :class:`~puentes.i18n.lazy.Msg`
        rendered)."""
        from puentes.i18n.lazy import render

        return render(self.message, lang)


class InputError(PuentesError):
    """A file cannot be read or parsed (message gives file, line and column)."""


class ConfigError(PuentesError):
    """The source catalogue or a setting is wrong."""


class StoreError(PuentesError):
    """The store is missing, locked or cannot be written."""


class FetchError(PuentesError):
    """A remote source could not be fetched (the last snapshot is kept)."""


@dataclass(frozen=True)
class DataIssue:
    """One mistake in a data file, located precisely enough for a steward to fix it."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        rec = f" record {self.record!r}" if self.record else ""
        fld = f" field {self.field!r}" if self.field else ""
        return f"{where}:{rec}{fld}".rstrip(":") + f": got {self.value!r}; expected {self.expected}"

    def shown(self, lang: str | None = None) -> str:
        """The same line in ``lang`` (default: the run's language): its frame words, and
        the expectation when the checker wrote it as a :class:`~puentes.i18n.lazy.Msg`; the
        value stays as found."""
        from puentes.i18n import gettext
        from puentes.i18n.lazy import render

        where = self.file + (f":{self.line}" if self.line else "")
        rec = " " + gettext("record {id}", lang, id=repr(self.record)) if self.record else ""
        fld = " " + gettext("field {name}", lang, name=repr(self.field)) if self.field else ""
        return f"{where}:{rec}{fld}".rstrip(":") + ": " + gettext(
            "got {value}; expected {expected}", lang, value=repr(self.value),
            expected=render(self.expected, lang))


@dataclass(frozen=True)
class NodeOrigin:
    """Where a node of a mapped graph comes from: the file, the line of the record (or of
    the list item: a member, a participant …), the record's id, the field holding the item
    (None for the record itself) and the line of each key of that item (to name the line of
    one of its fields)."""

    file: str
    line: int | None
    record: str | None
    field: str | None = None
    key_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str | None) -> int | None:
        """The line of ``key`` in the item, else the item's own line."""
        return dict(self.key_lines).get(key, self.line) if key else self.line


class DataError(PuentesError):
    """Invalid data: one or more :class:`DataIssue`, all reported at once."""

    exit_code = EXIT_INVALID

    def __init__(self, issues: list[DataIssue], hint: str | None = None) -> None:
        self.issues = list(issues)
        lines = [f"{len(self.issues)} problem(s) in the data:"] + [f"  {i}" for i in self.issues]
        from puentes.i18n.lazy import Msg  # the floor's own message, shown in the reader's

        super().__init__("\n".join(lines), hint or Msg(
            "fix each line above in the file named, then run the command again"))

    def __reduce__(self) -> tuple:
        return (self.__class__, (self.issues, self.hint))

    def said(self, lang: str | None = None) -> str:
        """Each problem on its line, with file, line, record and field, in ``lang``."""
        from puentes.i18n import gettext

        return "\n".join([gettext("{n} problem(s) in the data:", lang, n=len(self.issues))]
                         + [f"  {issue.shown(lang)}" for issue in self.issues])


class NoSnapshotError(PuentesError):
    """A remote source has no shipped snapshot yet; the build skips it and says how to fetch."""


class QueryError(PuentesError):
    """A query cannot be found, its parameters are wrong, or it failed to run."""
