"""The tables of source ``countries`` as rows: ``country-codes.csv`` and the UNSD M49 tables
(read and checked column by column), the names of the files and columns the mapper reads, and
an M49 code written the one way (three digits)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from puentes.errors import DataError, DataIssue
from puentes.i18n import LANGS as _PROJECT_LANGS

#: the project's languages (puentes.i18n.LANGS), English first: the UNSD tables are read, and
#: what they cannot map reported, with the English table leading.
LANGS = ("en", *(lang for lang in _PROJECT_LANGS if lang != "en"))
COUNTRY_TABLE = "country-codes.csv"
ILO_FILE = "ilo-regions.yaml"
#: Curated: names the UN publishes where the table's column differs (Côte d'Ivoire).
CORRECTIONS_FILE = "name-corrections.yaml"
#: The ILO's five regions (its regional offices), as ``region/ilo-<id>``.
ILO_REGION_IDS = ("africa", "americas", "arab-states", "asia-pacific", "europe-central-asia")
#: M49 flag column → ``psc:country-grouping`` concept.
GROUPINGS = {"Least Developed Countries (LDC)": "ldc",
             "Land Locked Developing Countries (LLDC)": "lldc",
             "Small Island Developing States (SIDS)": "sids"}
#: The M49 levels of a UNSD row, largest first: (code column, name column).
LEVELS = (("Global Code", "Global Name"), ("Region Code", "Region Name"),
          ("Sub-region Code", "Sub-region Name"),
          ("Intermediate Region Code", "Intermediate Region Name"))
#: Where a country's name in each language comes from, first non-empty column wins.
NAME_COLUMNS = {"en": ("official_name_en", "UNTERM English Short", "CLDR display name"),
                "es": ("official_name_es", "UNTERM Spanish Short"),
                "fr": ("official_name_fr", "UNTERM French Short")}
ISO3 = re.compile(r"^[A-Z]{3}$")

Row = dict[str, str]



#: The columns the mapper reads, per table (a renamed column must stop the mapping).
TABLE_COLUMNS = ("ISO3166-1-Alpha-3", "ISO3166-1-Alpha-2", "M49", "wikidata_id")
UNSD_COLUMNS = ("ISO-alpha3 Code", "ISO-alpha2 Code", "M49 Code", "Global Code")
#: M49 code columns: digits only (``4``, ``004``) or empty.
CODE_COLUMNS = ("M49", "M49 Code", *(code for code, _name in LEVELS))


def read_table(path: Path, required: tuple[str, ...] = ()) -> list[Row]:
    """The rows of a CSV file (the UNSD files start with a byte-order mark). A missing
    column, a row with more values than the header, a non-numeric M49 code or bytes that
    are not UTF-8 are a :class:`DataError` naming the file, line and column."""
    issues: list[DataIssue] = []
    rows: list[Row] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            issues += [DataIssue(path.name, 1, None, col, ", ".join(header)[:200] or "no header",
                                 f"a column named {col!r} (the mapper reads it)")
                       for col in required if col not in header]
            for row in reader:
                if None in row:
                    issues.append(DataIssue(path.name, reader.line_num, None, None,
                                            row[None], f"at most {len(header)} values, as "
                                            "many as the header has columns"))
                    continue
                clean = {k: (v or "").strip() for k, v in row.items()}
                issues += [DataIssue(path.name, reader.line_num, None, col, clean[col],
                                     "an M49 code: digits only, e.g. 004")
                           for col in CODE_COLUMNS if clean.get(col) and
                           not clean[col].isdigit()]
                rows.append(clean)
    except UnicodeDecodeError as err:
        byte = f"byte 0x{err.object[err.start]:02x}"
        raise DataError([DataIssue(path.name, None, None, None, byte,
                                   "a CSV file encoded as UTF-8")]) from None
    except csv.Error as err:
        raise DataError([DataIssue(path.name, None, None, None, str(err),
                                   "a well-formed CSV file")]) from None
    except OSError as err:
        raise DataError([DataIssue(path.name, None, None, None, err.strerror or str(err),
                                   "a readable file")]) from None
    if issues:
        raise DataError(issues[:50], f"restore {path.name} from the source named in "
                        f"{path.parent}/README.md, or fix the lines named")
    return rows


def m49_code(code: str) -> str:
    """An M49 code as three digits (the tables write ``4``, ``004`` or ``076``)."""
    return f"{int(code):03d}"


def row_name(row: Row) -> str:
    return (row.get("official_name_en") or row.get("CLDR display name")
            or row.get("Country or Area") or row.get("M49") or row.get("M49 Code") or "?")


def table_name(row: Row, lang: str) -> str | None:
    """The name of ``row`` in ``lang`` from the table: first non-empty of NAME_COLUMNS."""
    return next((row[col] for col in NAME_COLUMNS[lang] if row.get(col)), None)
