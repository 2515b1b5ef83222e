"""The shipped reference table of countries and areas (``data/raw/countries/country-codes.csv``),
as other sources and the registry check read it: ISO 3166-1 codes and each code's status; and
the names of the M49 regions in es, en and fr from the UN Statistics Division's own tables
beside it (``UNSD-m49-{en,es,fr}.csv``, the files the ``countries`` source maps; provenance in
``data/raw/countries/README.md``), for labels the registry composes.

The ``countries`` source maps the whole table; everything else that reads it goes through
here and lists :func:`country_table` among its inputs, so that an edited table rebuilds them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry

from puentes.paths import data_dir


def country_table() -> Path:
    """``data/raw/countries/country-codes.csv``."""
    return data_dir() / "raw" / "countries" / "country-codes.csv"


@lru_cache(maxsize=4)
def _rows(path: Path, stamp: float) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return tuple(r for r in csv.DictReader(fh) if (r.get("ISO3166-1-Alpha-3") or "").strip())


def country_rows() -> tuple[dict[str, str], ...]:
    """The table's rows that have an alpha-3 code (none when the table is absent); cached
    while the file is unchanged."""
    path = country_table()
    if not path.is_file():
        return ()
    try:
        return _rows(path, path.stat().st_mtime)
    except (OSError, UnicodeDecodeError, csv.Error):
        return ()  # a broken table is the countries source's to report (file and line)


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes: pycountry's, plus those of the shipped reference table.

    Mappers ask once per row (84,000 times for a million triples of statistics), so the set
    is cached per table file and modification time, like the rows.

    >>> {"BRA", "CIV"} <= country_codes() and "XXX" not in country_codes()
    True
    """
    path = country_table()
    try:
        stamp = path.stat().st_mtime if path.is_file() else None
    except OSError:
        stamp = None
    return _codes(path, stamp)


@lru_cache(maxsize=4)
def _codes(path: Path, stamp: float | None) -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.countries}
                     | {r["ISO3166-1-Alpha-3"].strip() for r in country_rows()})


@dataclass(frozen=True)
class M49Region:
    """A region of the UN M49 standard as the reference table gives it: ``code`` (three
    digits), English ``name``, ``level`` (``region``, ``sub-region``, ``intermediate``) and
    the code of the region it lies in (``None`` for a region: it lies in the World, 001);
    ``names``: its official name per language in the UNSD tables (:func:`m49_names`)."""

    code: str
    name: str
    level: str
    parent: str | None
    names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def name_in(self, lang: str) -> str:
        """The region's official name in ``lang`` (UNSD), else its English name.

        >>> r = m49_regions()["017"]
        >>> r.name_in("es"), r.name_in("fr"), r.name_in("en")
        ('África central', 'Afrique centrale', 'Middle Africa')
        """
        return self.names.get(lang) or self.name


def m49_regions() -> dict[str, M49Region]:
    """Every M49 region, sub-region and intermediate region the countries of the reference
    table lie in, by three-digit code (the World, 001, is not among them).

    >>> r = m49_regions()
    >>> r["017"].name, r["017"].level, r["017"].parent
    ('Middle Africa', 'intermediate', '202')
    >>> r["202"].parent, r["002"].level
    ('002', 'region')
    """
    # asked for every region field of every record and label the registry composes: built
    # once per state of its input files (the country table and the UNSD tables)
    return _m49_regions(_stamps([country_table(), *m49_tables()]))


@lru_cache(maxsize=4)
def _m49_regions(stamps: tuple[tuple[Path, float], ...]) -> dict[str, M49Region]:
    names = m49_names()
    out: dict[str, M49Region] = {}
    for row in country_rows():
        cols = [("Region Code", "Region Name", "region"),
                ("Sub-region Code", "Sub-region Name", "sub-region"),
                ("Intermediate Region Code", "Intermediate Region Name", "intermediate")]
        parent = None
        for code_col, name_col, level in cols:
            code = (row.get(code_col) or "").strip()
            if not code:
                continue
            code = code.zfill(3)
            out.setdefault(code, M49Region(code, (row.get(name_col) or "").strip(), level,
                                           parent, names.get(code, {})))
            parent = code
    return out


#: the UNSD M49 tables, by language: ``data/raw/countries/UNSD-m49-<lang>.csv``
M49_TABLE = "UNSD-m49-{lang}.csv"
#: (code column, name column) of each level of a UNSD row, the World first
_M49_LEVELS = (("Global Code", "Global Name"), ("Region Code", "Region Name"),
               ("Sub-region Code", "Sub-region Name"),
               ("Intermediate Region Code", "Intermediate Region Name"))


def m49_tables() -> list[Path]:
    """The UNSD M49 tables in es, en and fr that are there (inputs of what reads
    :func:`m49_names`)."""
    from puentes.i18n import LANGS

    folder = country_table().parent
    return [p for lang in LANGS if (p := folder / M49_TABLE.format(lang=lang)).is_file()]


def m49_names() -> dict[str, dict[str, str]]:
    """The official name of every M49 area above the countries (the World, 001, among them)
    in each language of the UNSD tables: ``{"017": {"en": "Middle Africa", "es": "África
    central", "fr": "Afrique centrale"}, …}``; empty where a table is missing (the
    ``countries`` source reports a broken one, with file and line). Cached per file state.

    >>> m49_names()["001"]["fr"], m49_names()["419"]["es"]
    ('Monde', 'América Latina y el Caribe')
    """
    return _m49_names(_stamps(m49_tables()))


def _stamps(paths: list[Path]) -> tuple[tuple[Path, float], ...]:
    """Each file that is there with its modification time: the key of a cache that holds
    while the files are unchanged."""
    out = []
    for path in paths:
        try:
            out.append((path, path.stat().st_mtime))
        except OSError:
            continue
    return tuple(out)


@lru_cache(maxsize=4)
def _m49_names(stamps: tuple[tuple[Path, float], ...]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path, _stamp in stamps:
        lang = path.stem.rsplit("-", 1)[-1]
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # the countries source reports a broken table (file and line)
        for row in rows:
            for code_col, name_col in _M49_LEVELS:
                code, name = (row.get(code_col) or "").strip(), (row.get(name_col) or "").strip()
                if code.isdigit() and name:
                    out.setdefault(code.zfill(3), {}).setdefault(lang, name)
    return out


def independence() -> dict[str, str]:
    """alpha-3 → the table's ``is_independent`` column ("Yes", "Territory of GB" …)."""
    return {r["ISO3166-1-Alpha-3"].strip(): (r.get("is_independent") or "").strip()
            for r in country_rows()}


def country_inputs() -> list[Path]:
    """The table as a mapper's input (for ``inputs()``), when it is there."""
    return [country_table()] if country_table().is_file() else []


def region_inputs() -> list[Path]:
    """The country table and the UNSD M49 tables, as the inputs of a mapper that names M49
    regions (:func:`m49_names`): an edited name there relabels what it composed."""
    return country_inputs() + m49_tables()
