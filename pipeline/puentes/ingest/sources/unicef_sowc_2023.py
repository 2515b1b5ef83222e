"""The mapper of source ``unicef-sowc-2023``: UNICEF, The State of the World's Children 2023,
statistical table 12 (child protection), the child-labour columns, as shipped in
``data/raw/unicef-sowc-2023/`` (the XLSX read as it is) → Data Cube observations of
``pid:dataset/unicef-sowc-2023``.

Sheet ``12. Child Protection``: countries by English name in column B (rows 9–210), then
after the ``SUMMARY`` row UNICEF's regions, the least developed countries and the world
(aggregates: left out and reported by name). Child labour (%) in C (total), E (male) and G
(female), each followed by its footnote column (``x`` data outside the reference period,
``y`` non-standard definition or part of a country, ``p`` small denominators — kept as
``pu:footnote``); ``-`` = not available.

Definition (the sheet's notes): children 5–17 in child labour *with* household chores
(UNICEF's PT_CHLD_5-17_LBR_ECON-HC, the UN series SL_TLF_CHLDEC) →
``psc:indicator/child-labour-economic-activity-household-chores``, age 5–17, SDG 8.7.1.

**Period:** the table gives a reference period, 2013–2021, "the most recent year available
during the period", not the year of each figure. The observation's year is the end of that
period, 2021; ``pu:sourceKey`` keeps the period, and rows flagged ``x`` are outside it. The
saved questions that need a survey year (latest figure, data gaps) use ILOSTAT and the UN
database, never this table.
"""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

from rdflib import Graph

from puentes.errors import DataError, DataIssue
from puentes.ingest.catalogue import Source
from puentes.ingest.opendata.areas import AreaReport, country_inputs, from_name
from puentes.ingest.opendata.cube import (
    PERCENT_EXPECTED,
    SDG_871,
    dataset,
    is_percent,
    observation,
)
from puentes.ingest.opendata.xlsx import cell_decimal, cell_text, formulas, open_sheet
from puentes.rdfio import mapping_graph

MAPPER_VERSION = "1"
FILE = "SOWC-2023-Statistical-tables-All-EN.xlsx"
SHEET = "12. Child Protection"
FIRST_ROW = 9
PERIOD, YEAR = "2013–2021", "2021"
#: value column → (sex, footnote column); columns as letters, as the sheet shows them.
COLUMNS = {"C": ("total", "D"), "E": ("male", "F"), "G": ("female", "H")}
#: cell → what the heading must start with (the table's layout, checked before reading).
HEADINGS = {"C4": "Child labour (%)", "C6": "Total", "E6": "Male", "G6": "Female"}
NOT_AVAILABLE = "-"
FOOTNOTES = {"x", "y", "p"}
SERIES = "Child labour (%)"
DESCRIPTION = ("UNICEF, The State of the World's Children 2023, statistical table 12: "
               "child labour (%), children aged 5-17, with household chores (UNICEF's "
               "definition; the UN series SL_TLF_CHLDEC), total and by sex. Reference period "
               "2013-2021 (the most recent year available in it; the table does not give the "
               "year): observations carry 2021, the end of the period; footnote x = data "
               "outside the period, y = non-standard definition or part of the country. "
               "Data: DHS, MICS and other national surveys, last update March 2022.")

_COL = {letter: i for i, letter in enumerate("ABCDEFGH")}


def inputs(source: Source) -> list[Path]:
    """The workbook, and the countries table the English names are matched against."""
    return [source.location / FILE] + country_inputs()


def read_table(path: Path) -> tuple[list[tuple[int, str, str, str, object, str]], list[str]]:
    """The child-labour cells of table 12: ``(row, name, column, sex, value, footnote)`` for
    the countries and areas, and the names of the aggregates after ``SUMMARY``. The layout
    is checked first; a value that is neither a number nor ``-``, or an unknown footnote,
    is a DataError naming the file, sheet, cell and what was expected — as is a formula in
    the name column, or a formula saved without its value (it would read as empty, and the
    figure, or the whole country, would vanish)."""
    ws = open_sheet(path, SHEET)
    rows = list(ws.iter_rows(min_row=1, max_col=len(_COL), values_only=True))
    issues: list[DataIssue] = []

    def bad(row: int, column: str, value: object, expected: str, name: str | None = None):
        issues.append(DataIssue(path.name, row, name, f"{SHEET}!{column}{row}", value,
                                expected))

    for ref, start in HEADINGS.items():
        r, c = int(ref[1:]), _COL[ref[0]]
        text = cell_text(rows[r - 1][c]) if len(rows) >= r else ""
        if not text.startswith(start):
            bad(r, ref[0], text, f"the heading {start!r} (the layout of SOWC 2023 table 12)")
    if issues:
        raise DataError(issues, "the table's layout changed: fix the mapper's HEADINGS")
    for (r, c), formula in sorted(formulas(path, SHEET, len(_COL)).items()):
        letter, value = "ABCDEFGH"[c], rows[r - 1][c] if r <= len(rows) else None
        if letter == "B":
            issues.append(DataIssue(path.name, r, None, f"{SHEET}!B{r}", formula,
                                    "a country or area name typed as text, not a formula"))
        elif value is None and r >= FIRST_ROW:
            issues.append(DataIssue(path.name, r, None, f"{SHEET}!{letter}{r}", formula,
                                    "a value: this formula was saved without its result "
                                    "(open and save the workbook in a spreadsheet program, "
                                    "or restore it from the mirror)"))
    cells, aggregates, summary = [], [], False
    for r, row in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
        name = cell_text(row[_COL["B"]])
        if not name:
            if summary:
                break  # the blank row after the aggregates ends the table
            continue
        if name == "SUMMARY":
            summary = True
            continue
        if summary:
            aggregates.append(name)
            continue
        for column, (sex, note_col) in COLUMNS.items():
            raw, note = row[_COL[column]], cell_text(row[_COL[note_col]])
            flags = {f.strip() for f in note.split(",") if f.strip()}
            if flags - FOOTNOTES:
                bad(r, note_col, note, "footnote flags among x, y, p (comma-separated)", name)
            if cell_text(raw) == NOT_AVAILABLE or raw is None:
                cells.append((r, name, column, sex, None, note))
            elif cell_decimal(raw) is None:
                bad(r, column, raw, f"a percentage or {NOT_AVAILABLE!r} (not available)", name)
            elif not is_percent(cell_decimal(raw)):
                bad(r, column, raw, PERCENT_EXPECTED, name)
            else:
                cells.append((r, name, column, sex, cell_decimal(raw), note))
    if issues:
        raise DataError(issues, f"{path.name}: fix the cells named, or restore the file from "
                                "the mirror named in its folder's README")
    return cells, aggregates


def map_source(source: Source) -> Graph:
    """Observations of every country with a figure; names that match no country, the
    aggregates and the cells marked not available are reported in warnings."""
    g = mapping_graph()
    dataset(g, source.id, DESCRIPTION)
    cells, aggregates = read_table(source.location / FILE)
    areas, missing = AreaReport(source.id), Counter()
    for name in aggregates:
        areas.add(name, "UNICEF aggregate")
    unmatched: set[str] = set()
    for r, name, column, sex, value, note in cells:
        iso3 = from_name(name)
        if iso3 is None:
            unmatched.add(name)
            continue
        if value is None:
            missing["not available (-)"] += 1
            continue
        observation(g, source.id, country=iso3, year=YEAR,
                    indicator="child-labour-economic-activity-household-chores", age="5-17",
                    sex=sex, value=value, series_code=SERIES,
                    source_key=f"sheet={SHEET};row={r};column={column};name={name};"
                               f"period={PERIOD}",
                    sdg_indicator=SDG_871, footnote=note or None)
    areas.warn()
    if unmatched:
        warnings.warn(f"{source.id}: {len(unmatched)} name(s) match no country of the "
                      f"countries table: {', '.join(sorted(unmatched))}", stacklevel=2)
    for what, n in missing.items():
        warnings.warn(f"{source.id}: {n} cell(s) left out: {what}", stacklevel=2)
    return g
