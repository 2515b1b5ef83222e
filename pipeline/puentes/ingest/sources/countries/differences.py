"""Where the tables of source ``countries`` differ from pycountry's ISO 3166-1, from each
other, or lack a value the graph would have: each difference is one line the mapper reports
as a warning (nothing is dropped silently)."""

from __future__ import annotations

import re

import pycountry

from puentes.ingest.sources.countries.tables import (
    COUNTRY_TABLE,
    GROUPINGS,
    NAME_COLUMNS,
    Row,
    row_name,
)


def pycountry_differences(rows: list[Row], *, complete: bool = True) -> list[str]:
    """How the table differs from pycountry's ISO 3166-1: rows without an alpha-3 code (not
    mapped), codes pycountry does not know, alpha-2 or numeric codes that disagree and, when
    ``complete`` (the table claims to hold every country), pycountry codes missing here."""
    out = []
    seen = set()
    for row in rows:
        a3 = row["ISO3166-1-Alpha-3"]
        if not a3:
            out.append(f"row {row_name(row)!r} has no ISO alpha-3 code: not mapped")
            continue
        seen.add(a3)
        pc = pycountry.countries.get(alpha_3=a3)
        if pc is None:
            out.append(f"{a3}: not in pycountry's ISO 3166-1 (mapped as given)")
            continue
        if pc.alpha_2 != row["ISO3166-1-Alpha-2"]:
            out.append(f"{a3}: alpha-2 {row['ISO3166-1-Alpha-2']!r} here, {pc.alpha_2!r} in "
                       "pycountry (the table's value is mapped)")
        num = row["ISO3166-1-numeric"]
        if num and int(num) != int(pc.numeric):
            out.append(f"{a3}: numeric {num} here, {pc.numeric} in pycountry")
    if complete:
        out += [f"{pc.alpha_3} ({pc.name}): in pycountry, not in the table"
                for pc in pycountry.countries if pc.alpha_3 not in seen]
    return out


def unsd_differences(rows: list[Row], unsd: dict[str, list[Row]]) -> list[str]:
    """Where ``country-codes.csv`` and the UNSD M49 tables disagree: UNSD rows without an ISO
    alpha-3 code (not mapped), countries in one table and not the other, and different M49,
    alpha-2 or region codes or grouping flags. Codes compare as numbers (``4`` = ``004``)."""
    out = []
    by_iso = {r["ISO3166-1-Alpha-3"]: r for r in rows if r["ISO3166-1-Alpha-3"]}
    for lang, table in unsd.items():
        for r in table:
            if not r["ISO-alpha3 Code"]:
                out.append(f"UNSD-m49-{lang}.csv: {r['Country or Area']!r} (M49 "
                           f"{r['M49 Code']}) has no ISO alpha-3 code: not mapped")
            elif r["ISO-alpha3 Code"] not in by_iso:
                out.append(f"{r['ISO-alpha3 Code']}: in UNSD-m49-{lang}.csv, not in "
                           f"{COUNTRY_TABLE}: not mapped as a country")
    en = {r["ISO-alpha3 Code"]: r for r in unsd.get("en", []) if r["ISO-alpha3 Code"]}
    pairs = (("M49", "M49 Code"), ("Region Code", "Region Code"),
             ("Sub-region Code", "Sub-region Code"),
             ("Intermediate Region Code", "Intermediate Region Code"))
    for a3, row in by_iso.items():
        u = en.get(a3)
        if u is None:
            out.append(f"{a3}: in {COUNTRY_TABLE}, not in UNSD-m49-en.csv (regions from "
                       f"{COUNTRY_TABLE}, names of its regions may be missing)")
            continue
        for here, there in pairs:
            a, b = row.get(here, ""), u.get(there, "")
            if (int(a) if a else None) != (int(b) if b else None):
                out.append(f"{a3}: {here} {a!r} in {COUNTRY_TABLE}, {b!r} in UNSD-m49-en.csv")
        if row["ISO3166-1-Alpha-2"] != u["ISO-alpha2 Code"]:
            out.append(f"{a3}: alpha-2 {row['ISO3166-1-Alpha-2']!r} in {COUNTRY_TABLE}, "
                       f"{u['ISO-alpha2 Code']!r} in UNSD-m49-en.csv")
        for col in GROUPINGS:
            if row.get(col, "").lower() != u.get(col, "").lower():
                out.append(f"{a3}: {col} {row.get(col, '')!r} in {COUNTRY_TABLE}, "
                           f"{u.get(col, '')!r} in UNSD-m49-en.csv (UNSD's flag is mapped)")
    return out


def missing_values(rows: list[Row]) -> list[str]:
    """What a country row lacks that the graph would have: an official name in en, es or
    fr, an M49 code, a Wikidata item (Namibia's is empty in the 2026-05-15 snapshot)."""
    out = []
    for row in rows:
        a3 = row["ISO3166-1-Alpha-3"]
        if not a3:
            continue
        for lang, cols in NAME_COLUMNS.items():
            if not any(row.get(c) for c in cols):
                out.append(f"{a3}: no name in {lang} ({' or '.join(cols)} empty)")
        if not row["M49"]:
            out.append(f"{a3}: no M49 code in {COUNTRY_TABLE}")
        if not re.fullmatch(r"Q\d+", row["wikidata_id"].rsplit("/", 1)[-1]):
            out.append(f"{a3}: no Wikidata item in {COUNTRY_TABLE} (wikidata_id "
                       f"{row['wikidata_id']!r}): no owl:sameAs")
    return out
