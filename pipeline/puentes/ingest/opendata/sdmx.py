"""SDMX REST data as SDMX-CSV 1.0 (the ``format=csv`` answer of ILOSTAT's and UNICEF's SDMX
2.1 REST APIs): fetch data flows into a snapshot, and read their rows into Data Cube
observations.

SDMX-CSV 1.0 has a header row naming one column per dimension and attribute by its id
(``DATAFLOW``, ``REF_AREA``, ``SEX``, ``AGE`` …), ``TIME_PERIOD`` and ``OBS_VALUE``; one row
per observation. Codes read here — sex: ``SEX_T``/``_T`` total, ``SEX_F``/``F`` female,
``SEX_M``/``M`` male; age: a range (ILOSTAT ``AGE_CLDVERSION_Y05-17``, UNICEF ``Y5T17``),
or ``_T`` for the series' own range when the caller names it. Rows broken down by something
the shared structure has no dimension for (residence, wealth quintile, education …) are
left out unless they carry the total; so are non-annual rows, areas that are not countries,
rows without a value, and keys that would get two different values. Everything left out is
counted and reported, never guessed.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

from rdflib import Graph

from puentes.errors import DataError, DataIssue, FetchError
from puentes.ingest.catalogue import Source
from puentes.ingest.fetch import Policy, refresh, require_snapshot
from puentes.ingest.opendata.cube import (
    PERCENT_EXPECTED,
    is_country,
    is_percent,
    number,
    observation,
)
from puentes.ingest.opendata.textfile import csv_lines
from puentes.ingest.reference import country_inputs
from puentes.rdfio import mapping_graph

SEX = {"SEX_T": "total", "_T": "total", "T": "total", "SEX_F": "female", "F": "female",
       "SEX_M": "male", "M": "male"}
#: Dimensions of ILOSTAT's and UNICEF's flows that the shared structure does not have: a row
#: is kept only when each of these it carries is a total.
BREAKDOWNS = ("RESIDENCE", "WEALTH_QUINTILE", "EDUCATION_LEVEL", "ETHNIC_GROUP",
              "DISABILITY_STATUS", "HEAD_OF_HOUSE", "MOTHER_EDUCATION", "CLASSIF2",
              "URBANISATION", "STU")
_AGE = re.compile(r"Y0?(\d{1,2})(?:-|T)(\d{1,2})$")
CSV_MEDIA_TYPE = "application/vnd.sdmx.data+csv;version=1.0.0"


def age_slug(code: str) -> str | None:
    """The ``psc:age-group`` slug of an age code, or None.

    >>> age_slug("AGE_CLDVERSION_Y05-17"), age_slug("Y5T17"), age_slug("_T")
    ('5-17', '5-17', None)
    """
    m = _AGE.search(code or "")
    return f"{int(m.group(1))}-{int(m.group(2))}" if m else None


def is_total(code: str) -> bool:
    """True for a code meaning "not broken down".

    >>> [is_total(c) for c in ("_T", "", "STU_EDU_TOTAL", "R", "Q1")]
    [True, True, True, False, False]
    """
    code = (code or "").strip()
    return code in ("", "_T", "_Z", "T") or code.endswith(("_TOTAL", "_T"))


def snapshot_csv(source: Source, names) -> list[Path]:  # noqa: ANN001 - names: an iterable
    """The snapshot's ``<name>.csv`` files, in ``names``' order (NoSnapshotError when none
    was fetched)."""
    return require_snapshot(source, [f"{name}.csv" for name in names])


def sdmx_inputs(source: Source, names) -> list[Path]:  # noqa: ANN001
    """A SDMX source's inputs: its snapshot files and the reference table of countries,
    which tells countries from aggregates."""
    return snapshot_csv(source, names) + country_inputs()


def fetch_flows(source: Source, flows: dict[str, str], *, base_url: str | None = None,
                policy: Policy | None = None, params: dict | None = None) -> Path:
    """Fetch each data flow (``name → REST path below the base URL``) as SDMX-CSV into
    ``<name>.csv``; snapshot all of them or nothing. A body whose header lacks
    ``REF_AREA`` or ``OBS_VALUE`` is not SDMX-CSV (an HTML error page, a cut body): the
    fetch fails."""
    with refresh(source, base_url=base_url, policy=policy) as snap:
        for name, path in flows.items():
            resp = snap.get(f"{name}.csv", f"{snap.url}/{path}",
                            params={"format": "csv", **(params or {})},
                            headers={"Accept": CSV_MEDIA_TYPE})
            if resp is None:  # 304: unchanged
                continue
            header = resp.content.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
            columns = {c.strip().strip(b'"') for c in header.split(b",")}
            if not {b"REF_AREA", b"OBS_VALUE"} <= columns:
                raise FetchError(f"{resp.url}: not SDMX-CSV (the header has no REF_AREA and "
                                 f"OBS_VALUE columns: {header[:120]!r})")
            snap.add(f"{name}.csv", resp.content, urls=[resp.url], response=resp)
        return snap.commit()


def read_rows(g: Graph, source_id: str, path: Path, indicator: str, skipped: Counter, *,
              code: str | None = None, default_age: str | None = None) -> int:
    """Add the observations of one SDMX-CSV file to ``g``; count what was left out in
    ``skipped`` (reason → rows). With ``code``, rows whose ``INDICATOR`` names another
    series are left out; ``default_age`` is the age range of a total (``_T``) or missing
    ``AGE``. Returns the number of observations added."""
    values: dict[tuple[str, str, str, str], set[Decimal]] = defaultdict(set)
    issues: list[DataIssue] = []
    reader = csv.DictReader(csv_lines(path))  # UTF-8, lines of bounded length
    for row in reader:
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        area, year = row.get("REF_AREA", ""), row.get("TIME_PERIOD", "")
        text = row.get("OBS_VALUE", "")
        value = number(text)
        if text not in ("", "NaN") and (value is None or not is_percent(value)):
            # (SDMX-CSV writes a missing value as NaN or nothing; anything else is a figure)
            issues.append(DataIssue(path.name, reader.line_num, f"{area} {year}",
                                    "OBS_VALUE", text[:40], PERCENT_EXPECTED))
            continue
        sex = SEX.get(row.get("SEX") or "_T")
        age_code = row.get("AGE") or row.get("CLASSIF1") or ""
        age = age_slug(age_code) or (default_age if is_total(age_code) else None)
        broken = [f"{d}={row[d]}" for d in BREAKDOWNS if not is_total(row.get(d, ""))]
        if code and row.get("INDICATOR") and row["INDICATOR"] != code:
            skipped[f"indicator {row['INDICATOR']} (another series)"] += 1
        elif value is None:
            skipped["no value"] += 1
        elif not is_country(area):
            skipped[f"area {area or '(none)'} (not a country)"] += 1
        elif row.get("FREQ", "A") != "A" or not re.fullmatch(r"\d{4}", year):
            skipped[f"period {year!r} (not annual)"] += 1
        elif broken:
            skipped[f"broken down by {broken[0].split('=')[0]} (not modelled)"] += 1
        elif sex is None or age is None:
            skipped[f"codes SEX={row.get('SEX')!r} AGE={age_code!r} (no concept)"] += 1
        else:
            values[(area, year, age, sex)].add(value)
    if issues:
        raise DataError(issues, f"{path.name}: the answer holds values that are not "
                                "percentages; fetch it again, or report it to the publisher")
    n = 0
    for (area, year, age, sex), found in sorted(values.items()):
        if len(found) > 1:
            skipped[f"{area} {year} {age} {sex}: {len(found)} different values"] += 1
            continue
        observation(g, source_id, country=area, year=year, indicator=indicator, age=age,
                    sex=sex, value=found.pop())
        n += 1
    return n


def map_files(source_id: str, description: str,
              files: list[tuple[Path, str, str | None]], default_age: str | None = None) -> Graph:
    """The graph of a whole SDMX source: its data set and the observations of each
    ``(file, puentes indicator, series code or None)``; what was left out becomes warnings."""
    import warnings

    from puentes.ingest.opendata.cube import dataset

    g = mapping_graph()
    dataset(g, source_id, description)
    skipped: Counter = Counter()
    for path, indicator, code in files:
        kwargs = {"code": code} if code else {}
        if default_age:
            kwargs["default_age"] = default_age
        read_rows(g, source_id, path, indicator, skipped, **kwargs)
    for what, n in sorted(skipped.items()):
        warnings.warn(f"{source_id}: {n} row(s) left out: {what}", stacklevel=3)
    return g
