"""The areas of statistical tables → the countries of the graph (ISO 3166-1 alpha-3).

Publishers name areas in three ways: ISO alpha-3 codes (ILOSTAT, WDI — lower case in the DDF
mirrors), UN M49 numeric codes (the UN SDG database) or English names (UNICEF's tables).
Each is resolved against the shipped ``countries`` table (``data/raw/countries/
country-codes.csv``, which a mapper using this module declares among its inputs). Areas that
are not countries — the world, SDG regions, UNICEF regions, income groups — are not
observations of the shared structure (its area is a country): they are collected in an
:class:`AreaReport` with their code and name, and the mapper reports them (warning and
mapping report), never silently.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pycountry

from puentes.ingest.opendata.cube import is_country
from puentes.ingest.reference import country_inputs, country_rows, country_table

__all__ = ["AreaReport", "country_inputs", "country_table", "from_iso3", "from_m49",
           "from_name"]

#: The columns of ``country-codes.csv`` whose English names identify a country.
NAME_COLUMNS = ("UNTERM English Short", "official_name_en", "CLDR display name")


def _fold(name: str) -> str:
    """A name compared without case, spacing or a leading/trailing article in brackets."""
    name = " ".join(name.replace("’", "'").split()).casefold()
    for article in (" (the)", " (l')", " (le)", " (la)"):
        name = name.removesuffix(article)
    return name


_INDEX: dict[tuple[str, int], dict[str, str]] = {}


def _m49() -> dict[str, str]:
    rows = country_rows()  # cached by the reference module while the file is unchanged
    key = ("m49", id(rows))
    if key not in _INDEX:
        _INDEX[key] = {r["M49"].strip().lstrip("0"): r["ISO3166-1-Alpha-3"].strip()
                       for r in rows if (r.get("M49") or "").strip()}
    return _INDEX[key]


def _names() -> dict[str, str]:
    rows = country_rows()
    key = ("names", id(rows))
    if key not in _INDEX:
        out: dict[str, str] = {}
        for r in rows:
            for col in NAME_COLUMNS:
                if (r.get(col) or "").strip():
                    out.setdefault(_fold(r[col]), r["ISO3166-1-Alpha-3"].strip())
        _INDEX[key] = out
    return _INDEX[key]


@dataclass
class AreaReport:
    """The areas of one source left out of the observations: ``code → (name, rows)``."""

    source_id: str
    left_out: dict[str, tuple[str, int]] = field(default_factory=dict)

    def add(self, code: str, name: str = "") -> None:
        """Count one row of an area that is not a country."""
        old_name, n = self.left_out.get(code, (name, 0))
        self.left_out[code] = (old_name or name, n + 1)

    def lines(self) -> list[str]:
        """``code (name): n row(s)``, one per area, sorted by code."""
        return [f"{code}{f' ({name})' if name else ''}: {n} row(s)"
                for code, (name, n) in sorted(self.left_out.items())]

    def warn(self) -> None:
        """One warning naming every area left out (the build prints it)."""
        if self.left_out:
            warnings.warn(f"{self.source_id}: {len(self.left_out)} area(s) that are not "
                          "countries left out (regional and world aggregates are not "
                          "observations of a country): " + "; ".join(self.lines()),
                          stacklevel=3)


def from_iso3(code: str) -> str | None:
    """The country of an ISO alpha-3 code in any case, or None (an aggregate, a non-ISO code).

    >>> from_iso3("bgd"), from_iso3("WLD")
    ('BGD', None)
    """
    code = code.strip().upper()
    return code if is_country(code) else None


def from_m49(code: str) -> str | None:
    """The country of an M49 numeric code (``50`` or ``050``), or None for a region.

    >>> from_m49("50"), from_m49("202")
    ('BGD', None)
    """
    return _m49().get(code.strip().lstrip("0"))


def from_name(name: str) -> str | None:
    """The country of an English UN name (``Viet Nam``, ``Bolivia (Plurinational State
    of)``) in the countries table, else of the ISO 3166 name (pycountry: ``United
    Kingdom``), or None when neither knows the name.

    >>> from_name("Viet Nam"), from_name("United States"), from_name("Sub-Saharan Africa")
    ('VNM', 'USA', None)
    """
    found = _names().get(_fold(name))
    if found or len(name.strip()) <= 3:  # pycountry would read a short word as a code
        return found
    try:
        return pycountry.countries.lookup(name.strip()).alpha_3
    except LookupError:
        return None
