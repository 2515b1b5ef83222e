"""Gapminder's DDF CSV (https://open-numbers.github.io/ddf.html), read as it is.

A DDF data set is a folder of CSV files named for what they hold:
``ddf--datapoints--<measure>--by--<key1>--<key2>….csv`` has one column per key and one for
the measure (``afg,sex_f,age_cldversion_y12_14,2014,13.008``);
``ddf--entities--<domain>.csv`` gives each code of a key its name (``50,Bangladesh``);
``ddf--concepts--….csv`` describes the measures. The open-numbers mirrors of ILOSTAT, the UN
SDG database and the World Bank's WDI ship their data in this form.

Values are read as decimals from the text (never through a float). A cell that is not a
number, or not a percentage (0–100: every measure read here is one), is a
:class:`~puentes.errors.DataError` naming the file, the line, the column and what was
expected; an empty cell is a missing value, counted by the caller. Files are read through
:func:`~puentes.ingest.opendata.textfile.csv_lines` (UTF-8, lines of bounded length).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, URIRef

from puentes.errors import DataError, DataIssue
from puentes.ingest.opendata.areas import AreaReport
from puentes.ingest.opendata.cube import PERCENT_EXPECTED, is_percent, observation
from puentes.ingest.opendata.textfile import csv_lines
from puentes.rdfio import mapping_graph

PREFIX = "ddf--datapoints--"


@dataclass(frozen=True)
class Datapoint:
    """One row of a datapoints file: its keys (column → code), the value (None when the
    cell is empty) and the line it is on (for messages)."""

    keys: dict[str, str]
    value: Decimal | None
    line: int


def datapoints_name(path: Path) -> tuple[str, list[str]]:
    """The measure and the key columns a datapoints file's name declares.

    >>> datapoints_name(Path("ddf--datapoints--sl_tlf_0714_zs--by--economy--year.csv"))
    ('sl_tlf_0714_zs', ['economy', 'year'])
    """
    stem = path.name.removesuffix(".csv")
    if not stem.startswith(PREFIX) or "--by--" not in stem:
        raise DataError([DataIssue(path.name, None, None, None, path.name,
                                   "a DDF datapoints file named "
                                   "ddf--datapoints--<measure>--by--<key>--….csv")])
    measure, keys = stem[len(PREFIX):].split("--by--", 1)
    return measure, keys.split("--")


def read_datapoints(path: Path) -> Iterator[Datapoint]:
    """The rows of one datapoints file, checked against its name: the header must be the
    keys and the measure the name declares; every value must be a decimal or empty. All
    problems of the file are reported at once."""
    measure, keys = datapoints_name(path)
    issues: list[DataIssue] = []
    rows: list[Datapoint] = []
    reader = csv.reader(csv_lines(path))
    header = next(reader, [])
    if sorted(header) != sorted([*keys, measure]):
        raise DataError([DataIssue(path.name, 1, None, None, ",".join(header),
                                   f"the columns {', '.join([*keys, measure])} "
                                   "(as the file name declares)")])
    col = {name: i for i, name in enumerate(header)}
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(header):
            issues.append(DataIssue(path.name, line, None, None, ",".join(row),
                                    f"{len(header)} cells ({', '.join(header)})"))
            continue
        key = {k: row[col[k]].strip() for k in keys}
        text = row[col[measure]].strip()
        value = None
        if text:
            value = _decimal(text)
            if value is None:
                issues.append(DataIssue(path.name, line, _record(key), measure, text[:40],
                                        "a decimal number such as 12.5 (or an empty "
                                        "cell for a missing value)"))
                continue
            if not is_percent(value):
                issues.append(DataIssue(path.name, line, _record(key), measure, text[:40],
                                        PERCENT_EXPECTED))
                continue
        for k in keys:
            if not key[k]:
                issues.append(DataIssue(path.name, line, _record(key), k, "",
                                        f"a code of {k}"))
        rows.append(Datapoint(key, value, line))
    if issues:
        raise DataError(issues, f"{path.name} is not the DDF file the mapper expects: restore "
                                "it from the mirror named in its folder's README")
    yield from rows


def read_entities(path: Path, domain: str) -> dict[str, str]:
    """``code → name`` of an entities file (``ddf--entities--<domain>.csv``)."""
    reader = csv.DictReader(csv_lines(path))
    if domain not in (reader.fieldnames or []) or "name" not in (reader.fieldnames or []):
        raise DataError([DataIssue(path.name, 1, None, None, reader.fieldnames,
                                   f"the columns {domain},name")])
    return {row[domain].strip(): (row["name"] or "").strip() for row in reader}


def _record(key: dict[str, str]) -> str:
    return ",".join(key.values())


def _decimal(text: str) -> Decimal | None:
    if len(text) > 40:  # no figure is written in more; a long run of digits is not one
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def key_text(keys: dict[str, str]) -> str:
    """The publisher's codes of a row, kept as one attribute value.

    >>> key_text({"ref_area": "bgd", "sex": "sex_t", "time": "2019"})
    'ref_area=bgd;sex=sex_t;time=2019'
    """
    return ";".join(f"{k}={v}" for k, v in keys.items())


@dataclass(frozen=True)
class Series:
    """One datapoints file of a source and what its rows are in the shared structure: the
    ``psc:indicator`` concept, the publisher's series code, the SDG indicator it reports on,
    and the dimensions the file has no column for (``fixed``: ``{"age": "7-14"}``)."""

    file: str
    indicator: str
    code: str
    sdg: URIRef | None = None
    fixed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    """How a source's datapoints files code their rows: the area column and how an area
    code becomes a country (``None`` for an aggregate; ``names`` give aggregates their name
    in reports), the year column, and for each other key column the dimension it fills
    (``sex``/``age``) with its codes → concept slugs; ``extra`` columns are kept in the
    source key only (after ``check`` accepted their code)."""

    area: str
    country: Callable[[str], str | None]
    year: str
    codes: dict[str, tuple[str, dict[str, str]]]
    names: dict[str, str] = field(default_factory=dict)
    extra: dict[str, set[str]] = field(default_factory=dict)


def to_observations(g: Graph, source_id: str, folder: Path, series: Series, layout: Layout,
                    areas: AreaReport, missing: Counter) -> int:
    """Add the observations of one datapoints file to ``g``: every row whose area is a
    country and that has a value. Areas that are not countries go to ``areas``, empty
    values to ``missing``; a code outside the layout, a year that is not one, or a key
    given twice is a :class:`DataError` naming file, line, column and what was expected.
    Returns the number of observations added."""
    path = folder / series.file
    issues: list[DataIssue] = []
    seen: dict[tuple, int] = {}
    todo = []
    for dp in read_datapoints(path):
        record = _record(dp.keys)
        dims = dict(series.fixed)
        for column, (dim, codes) in layout.codes.items():
            code = dp.keys.get(column, "")
            if code not in codes:
                issues.append(DataIssue(path.name, dp.line, record, column, code,
                                        "one of " + ", ".join(sorted(codes))))
            else:
                dims[dim] = codes[code]
        for column, allowed in layout.extra.items():
            if dp.keys.get(column, "") not in allowed:
                issues.append(DataIssue(path.name, dp.line, record, column,
                                        dp.keys.get(column),
                                        "one of " + ", ".join(sorted(allowed))))
        year = dp.keys[layout.year]
        if not (len(year) == 4 and year.isdigit()):
            issues.append(DataIssue(path.name, dp.line, record, layout.year, year,
                                    "a year (four digits)"))
        code = dp.keys[layout.area]
        country = layout.country(code)
        key = (code, year, dims.get("age"), dims.get("sex"))
        if key in seen:
            issues.append(DataIssue(path.name, dp.line, record, None, record,
                                    f"one row per key (the same key is on line {seen[key]})"))
        seen[key] = dp.line
        if country is None:
            areas.add(code, layout.names.get(code, ""))
        elif dp.value is None:
            missing[f"{series.file}: no value"] += 1
        else:
            todo.append((country, year, dims, dp))
    if issues:
        raise DataError(issues, f"{path.name}: a code the mapper does not know or a broken "
                                "row; restore the file from the mirror named in the README, or "
                                "teach the mapper the new code")
    for country, year, dims, dp in todo:
        observation(g, source_id, country=country, year=year, indicator=series.indicator,
                    age=dims["age"], sex=dims["sex"], value=dp.value, series_code=series.code,
                    source_key=key_text(dp.keys), sdg_indicator=series.sdg)
    return len(todo)


def map_ddf(source_id: str, folder: Path, description: str, series: list[Series],
            layout: Layout) -> tuple[Graph, AreaReport, Counter]:
    """The graph of a whole DDF source (its data set and the observations of every series),
    the areas left out and the rows without a value; both are also warned about."""
    import warnings

    from puentes.ingest.opendata.cube import dataset

    g = mapping_graph()
    dataset(g, source_id, description)
    areas, missing = AreaReport(source_id), Counter()
    for s in series:
        to_observations(g, source_id, folder, s, layout, areas, missing)
    areas.warn()
    for what, n in sorted(missing.items()):
        warnings.warn(f"{source_id}: {n} row(s) left out: {what}", stacklevel=2)
    return g, areas, missing
