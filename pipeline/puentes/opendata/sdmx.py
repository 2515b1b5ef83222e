"""SDMX REST data in SDMX-CSV (the ``format=csv`` answer of ILOSTAT's and UNICEF's SDMX
2.1 REST APIs): fetch one data flow, and read its rows into Data Cube observations.

SDMX-CSV 1.0 has one column per dimension and attribute (by id), ``TIME_PERIOD`` and
``OBS_VALUE``. Sex codes: ``SEX_T``/``_T`` total, ``SEX_F``/``F`` female, ``SEX_M``/``M``
male. Age codes name a range (``AGE_..._Y05-17``, ``Y5T17``); ranges with no concept in
``psc:age-group`` are counted and reported, not guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from rdflib import Graph

from ..catalogue import Source
from ..errors import FetchError
from ..fetch import (
    Policy,
    base_url,
    conditional_headers,
    get,
    read_meta,
    session,
    validators,
    write_snapshot,
)
from .cube import is_country, number, observation

SEX = {"SEX_T": "total", "_T": "total", "T": "total", "SEX_F": "female", "F": "female",
       "SEX_M": "male", "M": "male"}
_AGE = re.compile(r"Y0?(\d{1,2})(?:-|T)(\d{1,2})$")


def age_slug(code: str) -> str | None:
    """``AGE_YTHADULT_Y05-17`` → ``5-17``; ``Y5T17`` → ``5-17``; else None."""
    m = _AGE.search(code or "")
    return f"{int(m.group(1))}-{int(m.group(2))}" if m else None


def fetch_flows(source: Source, flows: dict[str, str], *, base: str | None = None,
                policy: Policy | None = None, params: dict | None = None) -> Path:
    """Fetch each data flow path (``name → REST path``) as CSV; snapshot all or nothing."""
    root = base_url(source, base)
    meta = read_meta(source.raw_dir)
    s = session(source)
    files, vals = {}, {}
    for name, path in flows.items():
        resp = get(s, f"{root}/{path}", params={"format": "csv", **(params or {})},
                   headers={"Accept": "application/vnd.sdmx.data+csv;version=1.0.0",
                            **conditional_headers(meta, name)}, policy=policy)
        if resp.status_code == 304:
            files[f"{name}.csv"] = (source.raw_dir / f"{name}.csv").read_bytes()
            vals[name] = (meta.get("validators") or {}).get(name, {})
            continue
        text = resp.content
        header = text.split(b"\n", 1)[0]
        if b"OBS_VALUE" not in header or b"REF_AREA" not in header:
            raise FetchError(f"{root}/{path}: not SDMX-CSV (no REF_AREA/OBS_VALUE columns)",
                             "the previous snapshot is kept; check the data flow id")
        files[f"{name}.csv"] = text
        vals[name] = validators(resp)
    write_snapshot(source.raw_dir, files, {"url": root, "validators": vals})
    return source.raw_dir


def read_rows(g: Graph, source_id: str, path: Path, indicator: str,
              skipped: Counter, code: str | None = None) -> int:
    """Add the observations of one SDMX-CSV file; count what was left out in ``skipped``.
    With ``code``, rows whose INDICATOR column names another series are left out."""
    n = 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(io.StringIO(fh.read())):
            area = (row.get("REF_AREA") or "").strip()
            value = number(row.get("OBS_VALUE"))
            sex = SEX.get((row.get("SEX") or "_T").strip())
            age = age_slug((row.get("AGE") or row.get("CLASSIF1") or "").strip())
            year = (row.get("TIME_PERIOD") or "").strip()[:4]
            if code and row.get("INDICATOR") and row["INDICATOR"].strip() != code:
                skipped[f"indicator {row['INDICATOR']} (another series)"] += 1
            elif value is None:
                skipped["no value"] += 1
            elif not is_country(area):
                skipped[f"area {area} (not a country)"] += 1
            elif sex is None or age is None or not year.isdigit():
                skipped[f"codes sex={row.get('SEX')} age={row.get('AGE')}"] += 1
            else:
                observation(g, source_id, country=area, year=year, indicator=indicator,
                            age=age, sex=sex, value=value)
                n += 1
    return n
