"""The curated files of source ``countries``: ``ilo-regions.yaml`` (the ILO's five regions,
members only where a source names them all) and ``name-corrections.yaml`` (names the UN
publishes where the table's column differs), read and checked: every mistake at once as a
:class:`~puentes.errors.DataError` naming file, line, record and field."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

from puentes.errors import DataError, DataIssue
from puentes.ingest.sources.countries.tables import (
    COUNTRY_TABLE,
    ILO_REGION_IDS,
    ISO3,
    LANGS,
    Row,
    table_name,
)
from puentes.ingest.yamlfile import load_file


def load_ilo_regions(path: Path, known: set[str]) -> list[dict]:
    """Read and check ``ilo-regions.yaml``; every mistake at once as a DataError (file,
    line, record, field, value, what is expected). ``known``: the ISO3 codes of the table."""
    records = load_file(path)
    issues: list[DataIssue] = []

    def bad(rec: dict, field: str | None, value: object, expected: str) -> None:
        line = rec.line_of(field) if field and hasattr(rec, "line_of") else getattr(
            rec, "line", None)
        issues.append(DataIssue(str(path), line, rec.get("id"), field, value, expected))

    seen_ids: set[str] = set()
    member_of: dict[str, str] = {}
    for rec in records:
        if not isinstance(rec, dict):
            issues.append(DataIssue(str(path), None, None, None, rec, "a mapping (- id: …)"))
            continue
        for key in set(rec) - {"id", "name", "members", "sources", "notes"}:
            bad(rec, key, rec[key], "only id, name, members, sources and notes")
        rid_ = rec.get("id")
        if rid_ not in ILO_REGION_IDS:
            bad(rec, "id", rid_, "one of " + ", ".join(ILO_REGION_IDS))
        elif rid_ in seen_ids:
            bad(rec, "id", rid_, "each region once")
        if isinstance(rid_, str):
            seen_ids.add(rid_)
        names = rec.get("name")
        if not isinstance(names, dict) or any(
                not isinstance(names.get(lang), str) or not names[lang].strip() for lang in LANGS):
            bad(rec, "name", names, "a name in en, es and fr: {en: …, es: …, fr: …}")
        members = rec.get("members", [])
        if not isinstance(members, list):
            bad(rec, "members", members, "a list of ISO 3166-1 alpha-3 codes, or []")
            members = []
        for m in members:
            if not isinstance(m, str) or not ISO3.match(m) or m not in known:
                bad(rec, "members", m, f"an ISO 3166-1 alpha-3 code of {COUNTRY_TABLE}")
            elif m in member_of:
                bad(rec, "members", m, f"a country in one ILO region only (also in "
                                       f"{member_of[m]})")
            else:
                member_of[m] = str(rid_)
        sources = rec.get("sources", [])
        if not isinstance(sources, list):
            bad(rec, "sources", sources, "a list of {id, url, accessed, title, publisher}")
            sources = []
        if members and not sources:
            bad(rec, "sources", None, "the sources that name the members (no unsourced fact)")
        for src in sources:
            url = src.get("url") if isinstance(src, dict) else None
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                bad(rec, "sources", url, "a source with url: https://…")
            acc = src.get("accessed") if isinstance(src, dict) else None
            if not isinstance(acc, date):
                bad(rec, "sources", acc, "a source with accessed: YYYY-MM-DD (the date read)")
    for missing in sorted(set(ILO_REGION_IDS) - seen_ids):
        issues.append(DataIssue(str(path), None, missing, "id", None,
                                "every ILO region listed (members: [] when not sourced)"))
    if issues:
        raise DataError(issues)
    return list(records)


Corrections = dict[tuple[str, str], dict]


def load_name_corrections(path: Path, rows: list[Row]) -> Corrections:
    """Read and check ``name-corrections.yaml``: ``(iso3, lang) → record`` (``name``,
    ``replaces``, ``sources``, ``notes``). Every mistake at once as a DataError (file, line,
    record, field, value, what is expected); a correction whose ``replaces`` is no longer
    what the table says is a warning (the table changed: check it is still needed)."""
    records = load_file(path)
    issues: list[DataIssue] = []
    by_iso = {r["ISO3166-1-Alpha-3"]: r for r in rows if r["ISO3166-1-Alpha-3"]}
    out: Corrections = {}

    def bad(rec: dict, field: str, value: object, expected: str) -> None:
        line = rec.line_of(field) if hasattr(rec, "line_of") else None
        issues.append(DataIssue(str(path), line, rec.get("iso3"), field, value, expected))

    for rec in records:
        if not isinstance(rec, dict):
            issues.append(DataIssue(str(path), None, None, None, rec, "a mapping (- iso3: …)"))
            continue
        for key in set(rec) - {"iso3", "lang", "name", "replaces", "sources", "notes"}:
            bad(rec, key, rec[key], "only iso3, lang, name, replaces, sources and notes")
        iso3, lang = rec.get("iso3"), rec.get("lang")
        if iso3 not in by_iso:
            bad(rec, "iso3", iso3, f"an ISO 3166-1 alpha-3 code of {COUNTRY_TABLE}")
        if lang not in LANGS:
            bad(rec, "lang", lang, "one of " + ", ".join(LANGS))
        for field in ("name", "replaces"):
            if not isinstance(rec.get(field), str) or not rec[field].strip():
                bad(rec, field, rec.get(field), "a name as text")
        sources = rec.get("sources")
        if not isinstance(sources, list) or not sources or not all(
                isinstance(s, dict) and (s.get("url") or s.get("document"))
                and isinstance(s.get("accessed"), date) for s in sources):
            bad(rec, "sources", sources, "a list of sources, each {url: … or document: …, "
                                         "accessed: YYYY-MM-DD} (the page that gives the name)")
        if (iso3, lang) in out:
            bad(rec, "iso3", iso3, f"one correction per country and language ({lang})")
        out[(iso3, lang)] = rec
    if issues:
        raise DataError(issues)
    for (iso3, lang), rec in out.items():
        current = table_name(by_iso[iso3], lang)
        if current != rec["replaces"]:
            warnings.warn(f"{path.name}: {iso3} {lang}: the table now says {current!r}, not "
                          f"{rec['replaces']!r}; {rec['name']!r} is mapped (is the correction "
                          "still needed?)", stacklevel=2)
    return out
