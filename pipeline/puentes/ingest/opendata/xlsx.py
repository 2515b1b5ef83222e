"""Spreadsheet tables (XLSX) read as they are, with openpyxl.

An XLSX numeric cell holds an IEEE double, which Excel writes with 17 significant digits
(``16.600000000000001`` in the sheet's XML for a figure published as 16.6). The value kept
is the shortest decimal that denotes the same double (``Decimal(repr(x))`` → ``16.6``):
the figure as the publisher typed and displays it, no digit added or lost. Text in a number
column is either the table's own "not available" mark or an error naming the file, sheet,
cell and what was expected.

A workbook is a zip of XML parts: before openpyxl reads one, the size each part declares
once decompressed is checked (:data:`MAX_PART`, :data:`MAX_PARTS`), so that a 2.5 MB file
holding 2 GB of shared strings is refused instead of read (the zip reader never inflates a
part past its declared size). The values read are those Excel saved with each formula; a
formula saved without its value (:func:`formulas` finds them) is refused by the mapper,
never read as an empty cell.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from puentes.errors import DataError, DataIssue, InputError

#: The largest part of a workbook, decompressed (bytes); the UNICEF table's are under 300 kB.
MAX_PART = 50_000_000
#: The largest workbook, all parts decompressed (bytes).
MAX_PARTS = 200_000_000


def check_parts(path: Path) -> None:
    """Refuse a workbook whose parts would decompress past :data:`MAX_PART` each or
    :data:`MAX_PARTS` in all (a DataError naming the file and the part)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            parts = [(i.filename, i.file_size) for i in zf.infolist()]
    except zipfile.BadZipFile:
        return  # not a zip: open_sheet says so, with what to do
    issues = [DataIssue(path.name, None, None, name, f"{size:,} bytes once decompressed",
                        f"a workbook part of at most {MAX_PART:,} bytes")
              for name, size in parts if size > MAX_PART]
    total = sum(size for _, size in parts)
    if total > MAX_PARTS:
        issues.append(DataIssue(path.name, None, None, None, f"{total:,} bytes once "
                                "decompressed", f"a workbook of at most {MAX_PARTS:,} bytes "
                                "of data"))
    if issues:
        raise DataError(issues, f"{path.name} is not the workbook the mapper expects (far "
                                "larger once opened): restore it from the mirror named in "
                                f"{path.parent.name}/README.md")


def open_sheet(path: Path, sheet: str):  # noqa: ANN201 (an openpyxl worksheet)
    """The worksheet ``sheet`` of the workbook at ``path`` (values, not formulas), or a
    DataError naming the sheets the file has."""
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_parts(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, EOFError) as err:
        # not a workbook at all (cut short, another format): the file is broken, not the data
        raise InputError(f"{path}: not a readable Excel workbook ({err})",
                         f"restore {path.name} from the mirror named in "
                         f"{path.parent.name}/README.md, then run the command again") from err
    except (OSError, ValueError, KeyError) as err:
        raise DataError([DataIssue(path.name, None, None, None, str(err),
                                   "an Excel workbook (.xlsx)")]) from err
    if sheet not in wb.sheetnames:
        raise DataError([DataIssue(path.name, None, None, "sheet", ", ".join(wb.sheetnames),
                                   f"a sheet named {sheet!r}")])
    return wb[sheet]


def formulas(path: Path, sheet: str, max_col: int) -> dict[tuple[int, int], str]:
    """``(row, column index from 0) → formula`` for every formula cell of the first
    ``max_col`` columns of ``sheet`` (the workbook read a second time, for its formulas)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        found = {}
        for r, row in enumerate(wb[sheet].iter_rows(max_col=max_col), start=1):
            for c, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f":
                    found[(r, c)] = str(cell.value)
        return found
    finally:
        wb.close()


def cell_decimal(value: object) -> Decimal | None:
    """The decimal of a numeric cell (see the module's note), None for anything else.

    >>> cell_decimal(16.600000000000001), cell_decimal(13), cell_decimal("-")
    (Decimal('16.6'), Decimal('13'), None)
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def cell_text(value: object) -> str:
    """A cell as stripped text ('' for an empty cell)."""
    return "" if value is None else str(value).strip()
