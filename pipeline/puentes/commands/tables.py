"""Tables for people and for programs, one way for every command: a terminal table whose
cells wrap at word boundaries (a word too long for its column is cut with "…", never split
as "Commun ity"), CSV, TSV and Markdown.

The terminal width is the terminal's, else ``COLUMNS``, else 80 (rich's rule), so that a
table piped to a file or a pager reads the same as on screen.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import click

#: every text format a table can be written in
TEXT_FORMATS = ("table", "csv", "tsv", "markdown")


@dataclass
class Column:
    """One column: its heading (already in the reader's language) and alignment."""

    heading: str
    right: bool = False


@dataclass
class TableData:
    """A table to write: a title, columns and rows of text cells."""

    title: str
    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)


def _flat(text: str) -> str:
    """A cell on one line (TSV and Markdown have no room for a line break)."""
    return " ".join(str(text).split())


def to_tsv(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    r"""Tab-separated values (IANA text/tab-separated-values): a tab or a line break inside a
    cell becomes a space, since the format has no quoting.

    >>> to_tsv(["a", "b"], [["x\ty", "z"]])
    'a\tb\nx y\tz\n'
    """
    lines = ["\t".join(_flat(c) for c in columns)]
    lines += ["\t".join(_flat(c) for c in row) for row in rows]
    return "\n".join(lines) + "\n"


def to_markdown(columns: Sequence[str], rows: Sequence[Sequence[str]],
                right: Sequence[bool] = ()) -> str:
    """A GitHub-flavoured Markdown table (``|`` in a cell escaped).

    >>> print(to_markdown(["name", "n"], [["a|b", "2"]], [False, True]), end="")
    | name | n |
    | --- | ---: |
    | a\\|b | 2 |
    """
    def cell(text: str) -> str:
        return _flat(text).replace("\\", "\\\\").replace("|", "\\|")

    align = ["---:" if i < len(right) and right[i] else "---" for i in range(len(columns))]
    lines = ["| " + " | ".join(cell(c) for c in columns) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """CSV (RFC 4180 quoting, ``\\n`` line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue()


def rich_table(data: TableData, *, markup: bool = False):  # noqa: ANN201 - a rich Table
    """A rich table whose cells wrap at spaces and cut a too-long word with "…". The cells
    are plain text (a ``[`` in a value is shown, not read as a style) unless ``markup``."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(data.title) if data.title else None, title_justify="left")
    for col in data.columns:
        # "ellipsis": a word longer than the column is cut with "…"; text wraps at spaces.
        table.add_column(col.heading, justify="right" if col.right else "left",
                         overflow="ellipsis")
    for row in data.rows:
        table.add_row(*(row if markup else [escape(c) for c in row]))
    return table


def write_table(data: TableData, fmt: str) -> None:
    """Write ``data`` to standard output in ``fmt`` (one of :data:`TEXT_FORMATS`)."""
    headings = [c.heading for c in data.columns]
    if fmt == "csv":
        click.echo(to_csv(headings, data.rows), nl=False)
    elif fmt == "tsv":
        click.echo(to_tsv(headings, data.rows), nl=False)
    elif fmt == "markdown":
        title = f"**{_flat(data.title)}**\n\n" if data.title else ""
        click.echo(title + to_markdown(headings, data.rows, [c.right for c in data.columns]),
                   nl=False)
    else:
        from rich.console import Console

        Console().print(rich_table(data))
