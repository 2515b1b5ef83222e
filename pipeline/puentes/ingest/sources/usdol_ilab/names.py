"""DOL country names → ISO 3166-1 alpha-3 codes.

pycountry (the ISO 3166 database, maintained) resolves most names; the few it does not know
are in :data:`ALIASES`, each with the reason for the code chosen. A name that neither knows
is *not* guessed: the mapper reports it and maps nothing for it.
"""

from __future__ import annotations

import pycountry

from puentes.ingest.reference import independence

#: DOL name → (ISO 3166-1 alpha-3, why this code).
ALIASES: dict[str, tuple[str, str]] = {
    "Burma": ("MMR", "the U.S. government's name for Myanmar; ISO 3166-1 'Myanmar'"),
    "Congo, Democratic Republic of the": (
        "COD", "ISO 3166-1 'Congo, The Democratic Republic of the' (word order)"),
    "Congo, Republic of the": ("COG", "ISO 3166-1 'Congo' (the Republic of the Congo)"),
    "Falkland Islands (Islas Malvinas)": (
        "FLK", "ISO 3166-1 'Falkland Islands (Malvinas)'; a territory of the United Kingdom"),
    "Russia": ("RUS", "ISO 3166-1 'Russian Federation'"),
    "Saint Helena, Ascension, and Tristan da Cunha": (
        "SHN", "ISO 3166-1 'Saint Helena, Ascension and Tristan da Cunha' (no serial comma)"),
    "São Tomé and Príncipe": ("STP", "ISO 3166-1 'Sao Tome and Principe' (no diacritics)"),
    "The Gambia": ("GMB", "ISO 3166-1 'Gambia'"),
    "Turkey (Türkiye)": ("TUR", "ISO 3166-1 'Türkiye' (renamed from 'Turkey' in 2022)"),
    "Turkey": ("TUR", "ISO 3166-1 'Türkiye' (the name before 2022; goods_by_good.xml)"),
    "West Bank and the Gaza Strip": (
        "PSE", "ISO 3166-1 'Palestine, State of' covers the West Bank and the Gaza Strip"),
}

#: Names deliberately left unmatched, with the reason (the report shows it).
NO_CODE: dict[str, str] = {
    "Kosovo": "no ISO 3166-1 code (XK/XKX are user-assigned codes, not ISO) and no entry "
              "in the countries source",
}


def iso3(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a DOL country name, or None when there is none.

    >>> iso3("Burma"), iso3("Kyrgyz Republic"), iso3("Côte d'Ivoire"), iso3("Kosovo")
    ('MMR', 'KGZ', 'CIV', None)
    >>> iso3("No"), iso3("BRA")  # codes are not names
    (None, None)
    """
    name = " ".join(name.split())
    if name in ALIASES:
        return ALIASES[name][0]
    if len(name) <= 3 or name in NO_CODE:  # pycountry would read "No" as Norway's code
        return None
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def territory_status(code: str) -> str | None:
    """For a code that is not an independent State, its status in the shipped reference
    table (``data/raw/countries/country-codes.csv``, column ``is_independent``), e.g.
    "Territory of GB"; None for an independent State or an unknown code.

    >>> territory_status("FLK"), territory_status("BRA")
    ('Territory of GB', None)
    """
    status = independence().get(code)
    return status if status and status != "Yes" else None
