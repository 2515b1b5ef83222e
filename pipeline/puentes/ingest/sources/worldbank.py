"""The World Bank's Indicators API (v2, JSON): children in employment, ages 7–14, total and
by sex, and those who also study or only work → Data Cube observations
(``pid:dataset/worldbank``, the shared structure ``pid:dsd/child-labour-statistics``).

``fetch`` asks ``<base>/country/all/indicator/<code>?format=json&per_page=1000&page=N`` for
every page of each indicator and keeps one JSON array of rows per indicator as the snapshot
(``data/raw/worldbank/<code>.json``). An answer is ``[page info, rows]``; an error comes
back as ``[{"message": [{"id", "key", "value"}]}]`` (often with HTTP 200) and fails the
fetch. Documented at https://datahelpdesk.worldbank.org/knowledgebase/articles/898581.

Areas: ``countryiso3code`` is ISO 3166-1 alpha-3 for countries. The API's aggregates —
``WLD``, regions (``SSF``, ``LCN`` …), income and lending groups (``LMC``, ``IDA`` …) — and
codes outside ISO 3166-1 (``XKX`` Kosovo, ``CHI`` Channel Islands) are **left out**: the
observation's area must be a country of the ``countries`` source, and the World Bank's
regions are not the UN M49 regions (``SSF`` excludes Sudan, M49's Sub-Saharan Africa does
not; only ``WLD`` would match M49 ``001``). Every code left out is named in a warning that
the build prints.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from puentes.errors import DataError, DataIssue, FetchError
from puentes.ingest.catalogue import Source
from puentes.ingest.fetch import Policy, Refresh, pages, refresh, require_snapshot
from puentes.ingest.opendata.cube import (
    PERCENT_EXPECTED,
    dataset,
    is_country,
    is_percent,
    number,
    observation,
)
from puentes.ingest.reference import country_inputs
from puentes.rdfio import mapping_graph

if TYPE_CHECKING:  # only an annotation here; importing requests costs ~0.14 s
    import requests

MAPPER_VERSION = "2"
PER_PAGE = 1000
#: indicator code → (psc:indicator concept, psc:sex concept); all are ages 7–14, percent.
INDICATORS = {
    "SL.TLF.0714.ZS": ("children-in-employment", "total"),
    "SL.TLF.0714.FE.ZS": ("children-in-employment", "female"),
    "SL.TLF.0714.MA.ZS": ("children-in-employment", "male"),
    "SL.TLF.0714.SW.FE.ZS": ("children-in-employment-study-and-work", "female"),
    "SL.TLF.0714.SW.MA.ZS": ("children-in-employment-study-and-work", "male"),
    "SL.TLF.0714.WK.FE.ZS": ("children-in-employment-work-only", "female"),
    "SL.TLF.0714.WK.MA.ZS": ("children-in-employment-work-only", "male"),
}


def file_name(code: str) -> str:
    """The snapshot file of one indicator: ``SL.TLF.0714.ZS.json``."""
    return f"{code}.json"


def _snapshot(source: Source) -> list[Path]:
    return require_snapshot(source, [file_name(c) for c in INDICATORS])


def inputs(source: Source) -> list[Path]:
    """The snapshot files (one per indicator); NoSnapshotError when none was fetched. The
    reference table of countries tells countries from aggregates."""
    return _snapshot(source) + country_inputs()


def parse_page(body: object, url: str) -> tuple[list[dict], int]:
    """The rows and the page count of one v2 JSON answer, or FetchError for the API's error
    shape or anything else that is not ``[page info, rows]``.

    >>> parse_page([{"page": 1, "pages": 3}, [{"date": "2015"}]], "u")
    ([{'date': '2015'}], 3)
    >>> parse_page([{"page": 0, "pages": 0, "total": 0}, None], "u")
    ([], 0)
    """
    if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
        msgs = "; ".join(f"{m.get('key')}: {m.get('value')} (id {m.get('id')})"
                         for m in body[0]["message"] or [] if isinstance(m, dict))
        raise FetchError(f"{url}: the World Bank API answered an error: {msgs or body[0]}")
    if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], dict)
            and isinstance(body[1], list | type(None))):
        raise FetchError(f"{url}: not a World Bank v2 answer ([page info, rows]): "
                         f"{json.dumps(body)[:200]}")
    return body[1] or [], int(body[0].get("pages") or 0)


def fetch(source: Source, *, base_url: str | None = None, policy: Policy | None = None) -> Path:
    """Fetch every page of every indicator; write the snapshot only if all succeeded. The
    first page of each indicator is asked conditionally: a 304 keeps its file."""
    with refresh(source, base_url=base_url, policy=policy) as snap:
        for code in INDICATORS:
            _fetch_indicator(snap, code)
        return snap.commit()


def _fetch_indicator(snap: Refresh, code: str) -> None:
    name, url = file_name(code), f"{snap.url}/country/all/indicator/{code}"
    answers: list[requests.Response] = []

    def page(n: int) -> tuple[list[dict], int]:
        resp = snap.get(name, url, params={"format": "json", "per_page": PER_PAGE, "page": n},
                        conditional=n == 1)
        if resp is None:  # 304 on the first page: unchanged since the last snapshot
            return [], 0
        answers.append(resp)
        try:
            body = resp.json()
        except ValueError as err:
            raise FetchError(f"{resp.url}: the body is not JSON ({err})") from err
        return parse_page(body, resp.url)

    rows = pages(page)
    if answers:
        snap.add(name, json.dumps(rows, ensure_ascii=False, indent=0).encode("utf-8"),
                 urls=[r.url for r in answers], response=answers[0])


def map_source(source: Source) -> Graph:
    """Observations from the snapshot; aggregates and non-ISO areas left out (warned)."""
    g = mapping_graph()
    dataset(g, source.id, "World Bank World Development Indicators: children in employment "
                          "(% of children ages 7-14), total, by sex, studying and working, "
                          "working only.")
    left_out: set[str] = set()
    not_annual = 0
    issues: list[DataIssue] = []
    for code, path in zip(INDICATORS, _snapshot(source), strict=True):
        indicator, sex = INDICATORS[code]
        for i, row in enumerate(json.loads(path.read_text(encoding="utf-8")), 1):
            raw = row.get("value")
            value = number(raw)
            iso3 = (row.get("countryiso3code") or "").strip()
            if raw is not None and (value is None or not is_percent(value)):
                issues.append(DataIssue(path.name, None, f"row {i}: {iso3} {row.get('date')}",
                                        "value", str(raw)[:40], PERCENT_EXPECTED))
                continue
            if value is None:
                continue
            if not is_country(iso3):
                left_out.add(iso3 or f"{(row.get('country') or {}).get('id', '?')} (no ISO3)")
                continue
            year = str(row.get("date") or "").strip()
            if not (len(year) == 4 and year.isdigit()):
                not_annual += 1
                continue
            observation(g, source.id, country=iso3, year=year, indicator=indicator,
                        age="7-14", sex=sex, value=value)
    if issues:
        raise DataError(issues, "the snapshot holds values that are not percentages: fetch it "
                                "again (`puentes build --refresh worldbank`), or report it to "
                                "the World Bank")
    if not_annual:
        warnings.warn(f"worldbank: {not_annual} row(s) left out: not a year", stacklevel=2)
    if left_out:
        warnings.warn(f"worldbank: {len(left_out)} area code(s) left out (aggregates or not "
                      f"ISO 3166-1 countries): {', '.join(sorted(left_out))}", stacklevel=2)
    return g
