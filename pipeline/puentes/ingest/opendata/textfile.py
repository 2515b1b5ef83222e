"""The lines of a statistics snapshot file (CSV), read with bounds: UTF-8 only, no line over
:data:`MAX_LINE` bytes. A file saved as UTF-16 or Latin-1, or a line of 200 MB, is a
:class:`~puentes.errors.DataError` naming the file, the line and what is expected — read one
line at a time, never the whole line into memory past the bound.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from puentes.errors import DataError, DataIssue

#: The longest line of a statistics CSV accepted (bytes); real rows are under 200 bytes.
MAX_LINE = 1_000_000
_HINT = ("restore the file from the mirror named in its folder's README (it is shipped as "
         "UTF-8 CSV), then run the command again")


def csv_lines(path: Path, max_line: int = MAX_LINE) -> Iterator[str]:
    """Each line of ``path`` as text (line end kept, for the csv module), checked as it is
    read; a byte-order mark of UTF-8 is dropped."""
    with path.open("rb") as fh:
        number = 0
        while True:
            raw = fh.readline(max_line + 1)
            if not raw:
                return
            number += 1
            if number == 1:
                if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    _fail(path, 1, "a UTF-16 byte-order mark",
                          "text encoded as UTF-8 (save the file as UTF-8 CSV)")
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if len(raw) > max_line:
                _fail(path, number, f"a line of more than {max_line:,} bytes",
                      f"CSV lines of at most {max_line:,} bytes (is it the right file?)")
            if b"\x00" in raw:
                _fail(path, number, "a NUL byte (UTF-16 text, or a binary file)",
                      "text encoded as UTF-8 (save the file as UTF-8 CSV)")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as err:
                _fail(path, number, f"the bytes {raw[err.start:err.start + 4]!r} at column "
                      f"{len(raw[:err.start].decode('utf-8', 'replace')) + 1}",
                      "text encoded as UTF-8 (this looks like Latin-1 or Windows-1252: save "
                      "the file as UTF-8 CSV)")


def _fail(path: Path, line: int, value: str, expected: str) -> None:
    raise DataError([DataIssue(str(path), line, None, None, value, expected)], _HINT)
