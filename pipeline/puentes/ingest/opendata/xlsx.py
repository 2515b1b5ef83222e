"""Spreadsheet tables (XLSX) read as they are, with openpyxl.

An XLSX numeric cell holds an IEEE double, which Excel writes with 17 significant digits
(``16.600000000000001`` in the sheet's XML for a figure published as 16.6). The value kept
is the shortest decimal that denotes the same double (``Decimal(repr(x))`` → ``16.6``):
the figure as the publisher typed and displays it, no digit added or lost. Text in a number
column is either the table's own "not available" mark or an error naming the file, sheet,
cell and what was expected.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from puentes.errors import DataError, DataIssue, InputError


def open_sheet(path: Path, sheet: str):  # noqa: ANN201 (an openpyxl worksheet)
    """The worksheet ``sheet`` of the workbook at ``path`` (values, not formulas), or a
    DataError naming the sheets the file has."""
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

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
