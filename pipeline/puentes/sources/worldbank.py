"""The World Bank's indicators API (v2, JSON): children in employment, ages 7–14.

``fetch`` pages through every country and year of each indicator (``per_page`` 1000,
``page`` 1…``pages``) and keeps one JSON file per indicator as the snapshot; ``map_source``
turns the snapshot into Data Cube observations. Aggregates (WLD, regions, income groups)
have no ISO 3166-1 country code and are left out (counted in a warning).
Documented at https://datahelpdesk.worldbank.org/knowledgebase/articles/898581
"""

from __future__ import annotations

import json
import warnings
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
    require_snapshot,
    session,
    validators,
    write_snapshot,
)
from ..namespaces import bind_prefixes
from ..opendata.cube import dataset, is_country, number, observation

MAPPER_VERSION = "1"
#: indicator code → (puentes indicator, sex)
INDICATORS = {
    "SL.TLF.0714.ZS": ("children-in-employment", "total"),
    "SL.TLF.0714.FE.ZS": ("children-in-employment", "female"),
    "SL.TLF.0714.MA.ZS": ("children-in-employment", "male"),
    "SL.TLF.0714.SW.FE.ZS": ("children-in-employment-study-and-work", "female"),
    "SL.TLF.0714.SW.MA.ZS": ("children-in-employment-study-and-work", "male"),
    "SL.TLF.0714.WK.FE.ZS": ("children-in-employment-work-only", "female"),
    "SL.TLF.0714.WK.MA.ZS": ("children-in-employment-work-only", "male"),
}


def _file(code: str) -> str:
    return f"{code}.json"


def inputs(source: Source) -> list[Path]:
    """The snapshot files (one per indicator); NoSnapshotError when none was fetched."""
    return require_snapshot(source, [_file(c) for c in INDICATORS])


def fetch(source: Source, *, base: str | None = None, policy: Policy | None = None) -> Path:
    """Fetch every page of every indicator; write the snapshot only if all succeeded."""
    url0 = base_url(source, base)
    meta = read_meta(source.raw_dir)
    s = session(source)
    files, vals = {}, {}
    for code in INDICATORS:
        url = f"{url0}/country/all/indicator/{code}"
        rows, page, pages = [], 1, 1
        while page <= pages:
            headers = conditional_headers(meta, code) if page == 1 else {}
            resp = get(s, url, params={"format": "json", "per_page": 1000, "page": page},
                       headers=headers, policy=policy)
            if resp.status_code == 304:  # unchanged since the snapshot: keep it
                files[_file(code)] = (source.raw_dir / _file(code)).read_bytes()
                vals[code] = (meta.get("validators") or {}).get(code, {})
                break
            try:
                body = resp.json()
            except ValueError as err:
                raise FetchError(f"{url} page {page}: not JSON ({err})",
                                 "the previous snapshot is kept") from err
            if not isinstance(body, list) or len(body) < 2 or "message" in (body[0] or {}):
                raise FetchError(f"{url} page {page}: the API answered an error: "
                                 f"{json.dumps(body)[:300]}", "the previous snapshot is kept")
            pages = int(body[0].get("pages") or 1)
            rows += body[1] or []
            if page == 1:
                vals[code] = validators(resp)
            page += 1
        else:
            files[_file(code)] = json.dumps(rows, ensure_ascii=False, indent=0).encode()
    write_snapshot(source.raw_dir, files, {"url": url0, "validators": vals})
    return source.raw_dir


def map_source(source: Source) -> Graph:
    """Observations from the snapshot."""
    g = Graph()
    bind_prefixes(g)
    dataset(g, source.id, "World Bank World Development Indicators, children in employment "
                          "(% of children ages 7-14).")
    skipped = set()
    for code, path in zip(INDICATORS, inputs(source), strict=True):
        indicator, sex = INDICATORS[code]
        for row in json.loads(path.read_text(encoding="utf-8")):
            iso3 = (row.get("countryiso3code") or "").strip()
            value = number(row.get("value"))
            if value is None:
                continue
            if not is_country(iso3):
                skipped.add(iso3 or (row.get("country") or {}).get("id", "?"))
                continue
            observation(g, source.id, country=iso3, year=str(row["date"]), indicator=indicator,
                        age="7-14", sex=sex, value=value)
    if skipped:
        warnings.warn(f"{len(skipped)} aggregate area(s) left out (not countries): "
                      + ", ".join(sorted(skipped)[:12]) + ("…" if len(skipped) > 12 else ""),
                      stacklevel=2)
    return g
