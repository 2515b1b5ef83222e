"""The mapper of source ``countries``: ISO 3166-1 countries and areas, UN M49 regions, the
LDC/LLDC/SIDS groupings, names in es/en/fr, Wikidata items and the ILO's regions
(``data/raw/countries/``).

Inputs: ``country-codes.csv`` (one row per country or area), ``UNSD-m49-{en,es,fr}.csv`` (the
M49 hierarchy with region names in three languages) and ``ilo-regions.yaml`` (the five ILO
regions, curated: members only where a source names them all).

Nothing is dropped silently: codes that differ from pycountry's ISO 3166-1, rows without an
ISO alpha-3 code, and rows on which the two tables disagree are reported as warnings, which
the build prints. Mistakes in ``ilo-regions.yaml`` stop the mapping with a
:class:`~puentes.errors.DataError` naming file, line, record and field.
"""

from __future__ import annotations

import csv
import re
import warnings
from datetime import date
from pathlib import Path

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from puentes.errors import DataError, DataIssue
from puentes.i18n import LANGS as _PROJECT_LANGS
from puentes.ingest.catalogue import Source
from puentes.ingest.registry.mapper import source_iri
from puentes.ingest.yamlfile import load_file
from puentes.namespaces import M49, PU, SCHEMA, WD, bind_prefixes, concept, rid

#: the project's languages (puentes.i18n.LANGS), English first: the UNSD tables are read, and
#: what they cannot map reported, with the English table leading.
LANGS = ("en", *(lang for lang in _PROJECT_LANGS if lang != "en"))

MAPPER_VERSION = "2"
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


def inputs(source: Source) -> list[Path]:
    """The country-codes table, the three UNSD M49 tables, the ILO regions and, when the
    folder has one, the curated name corrections."""
    raw = source.location
    corrections = [raw / CORRECTIONS_FILE] if (raw / CORRECTIONS_FILE).exists() else []
    return ([raw / COUNTRY_TABLE] + [raw / f"UNSD-m49-{lang}.csv" for lang in LANGS]
            + [raw / ILO_FILE] + corrections)


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


def region_iri(code: str) -> URIRef:
    """``pid:region/m49-<code>`` for an M49 region code."""
    return rid("region", f"m49-{m49_code(code)}")


def ilo_region_iri(slug: str) -> URIRef:
    """``pid:region/ilo-<slug>`` for one of :data:`ILO_REGION_IDS`."""
    return rid("region", f"ilo-{slug}")


def m49_iri(code: str) -> URIRef:
    """The UN's IRI of an M49 area: ``http://metadata.un.org/sdg/codes/geoArea/<code>``."""
    return M49[m49_code(code)]


def _row_name(row: Row) -> str:
    return (row.get("official_name_en") or row.get("CLDR display name")
            or row.get("Country or Area") or row.get("M49") or row.get("M49 Code") or "?")


def pycountry_differences(rows: list[Row], *, complete: bool = True) -> list[str]:
    """How the table differs from pycountry's ISO 3166-1: rows without an alpha-3 code (not
    mapped), codes pycountry does not know, alpha-2 or numeric codes that disagree and, when
    ``complete`` (the table claims to hold every country), pycountry codes missing here."""
    out = []
    seen = set()
    for row in rows:
        a3 = row["ISO3166-1-Alpha-3"]
        if not a3:
            out.append(f"row {_row_name(row)!r} has no ISO alpha-3 code: not mapped")
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
        current = _table_name(by_iso[iso3], lang)
        if current != rec["replaces"]:
            warnings.warn(f"{path.name}: {iso3} {lang}: the table now says {current!r}, not "
                          f"{rec['replaces']!r}; {rec['name']!r} is mapped (is the correction "
                          "still needed?)", stacklevel=2)
    return out


def _table_name(row: Row, lang: str) -> str | None:
    """The name of ``row`` in ``lang`` from the table: first non-empty of NAME_COLUMNS."""
    return next((row[col] for col in NAME_COLUMNS[lang] if row.get(col)), None)


def _add_source(g: Graph, node: URIRef, src: dict) -> None:
    """``node dcterms:source`` a pu:SourceDocument (url or document, date read, title)."""
    s = source_iri(src)
    g.add((node, DCTERMS.source, s))
    g.add((s, RDF.type, PU.SourceDocument))
    if src.get("url"):
        g.add((s, SCHEMA.url, Literal(src["url"], datatype=XSD.anyURI)))
    if src.get("document"):
        g.add((s, DCTERMS.bibliographicCitation, Literal(" ".join(src["document"].split()))))
    g.add((s, PU.accessedOn, Literal(src["accessed"].isoformat(), datatype=XSD.date)))
    if src.get("title"):
        g.add((s, DCTERMS.title, Literal(src["title"])))
        g.add((s, RDFS.label, Literal(src["title"])))
    if src.get("publisher"):
        g.add((s, DCTERMS.publisher, Literal(src["publisher"])))


def _add_region_chain(g: Graph, row: Row, lang: str, dataset: URIRef) -> None:
    """The M49 regions of one row (a UNSD row, or a country-codes row for a country the
    UNSD tables lack), each named in ``lang`` and within the one above it up to World."""
    parent = None
    for code_col, name_col in LEVELS:
        code = row.get(code_col, "")
        if not code:
            continue
        node = region_iri(code)
        g.add((node, RDF.type, PU.Region))
        if row.get(name_col):
            g.add((node, RDFS.label, Literal(row[name_col], lang=lang)))
        g.add((node, SKOS.notation, Literal(m49_code(code))))
        g.add((node, PU.m49, Literal(m49_code(code))))
        g.add((node, PU.regionScheme, concept("region-scheme", "m49")))
        g.add((node, SKOS.exactMatch, m49_iri(code)))
        g.add((node, DCTERMS.source, dataset))
        if parent is not None:
            g.add((node, PU.withinRegion, parent))
        parent = node


def _add_ilo_regions(g: Graph, records: list[dict], dataset: URIRef) -> None:
    for rec in records:
        node = ilo_region_iri(rec["id"])
        g.add((node, RDF.type, PU.Region))
        g.add((node, PU.regionScheme, concept("region-scheme", "ilo")))
        g.add((node, DCTERMS.source, dataset))
        for lang in LANGS:
            g.add((node, RDFS.label, Literal(rec["name"][lang].strip(), lang=lang)))
        if rec.get("notes"):
            g.add((node, SKOS.note, Literal(" ".join(str(rec["notes"]).split()), lang="en")))
        for src in rec.get("sources") or []:
            _add_source(g, node, src)
        for iso3 in rec.get("members") or []:
            g.add((rid("country", iso3), PU.iloRegion, node))


def _add_country(g: Graph, row: Row, u: Row, dataset: URIRef,
                 corrections: Corrections) -> None:
    a3 = row["ISO3166-1-Alpha-3"]
    c = rid("country", a3)
    g.add((c, RDF.type, PU.Country))
    g.add((c, PU.iso3, Literal(a3)))
    if row["ISO3166-1-Alpha-2"]:
        g.add((c, PU.iso2, Literal(row["ISO3166-1-Alpha-2"])))
    for lang in NAME_COLUMNS:
        fix = corrections.get((a3, lang))
        name = fix["name"] if fix else _table_name(row, lang)
        if name:
            g.add((c, RDFS.label, Literal(name, lang=lang)))
        for src in (fix or {}).get("sources") or []:  # the name's own source
            _add_source(g, c, src)
    m49 = row["M49"] or u.get("M49 Code", "")
    if m49:
        g.add((c, PU.m49, Literal(m49_code(m49))))
        g.add((c, SKOS.exactMatch, m49_iri(m49)))
    # The smallest M49 region: intermediate region, else sub-region, else region; an area
    # directly under World (Antarctica) is in World.
    src = u or row
    if not u:  # not in the UNSD tables (reported): regions named in English from this row
        _add_region_chain(g, row, "en", dataset)
    smallest = (src.get("Intermediate Region Code") or src.get("Sub-region Code")
                or src.get("Region Code") or src.get("Global Code"))
    if smallest:
        g.add((c, PU.inRegion, region_iri(smallest)))
    for col, slug in GROUPINGS.items():
        if (u.get(col) if u else row.get(col, "")).lower() == "x":
            g.add((c, PU.inGrouping, concept("country-grouping", slug)))
    wd = row["wikidata_id"].rsplit("/", 1)[-1]
    if re.fullmatch(r"Q\d+", wd):
        g.add((c, OWL.sameAs, WD[wd]))
    g.add((c, DCTERMS.source, dataset))


def map_source(source: Source) -> Graph:
    """Countries, M49 regions, groupings and ILO regions as RDF (see docs/model.md).

    ``source.options["complete"]`` (default true): the table claims every ISO 3166-1 country,
    so pycountry codes missing from it are reported (false for a test slice)."""
    files = inputs(source)
    rows = read_table(files[0], TABLE_COLUMNS)
    unsd = {lang: read_table(p, UNSD_COLUMNS) for lang, p in zip(LANGS, files[1:4],
                                                                 strict=True)}
    known = {r["ISO3166-1-Alpha-3"] for r in rows if r["ISO3166-1-Alpha-3"]}
    ilo = load_ilo_regions(files[4], known)
    corrections = load_name_corrections(files[5], rows) if len(files) > 5 else {}
    complete = bool(source.options.get("complete", True))
    for message in (pycountry_differences(rows, complete=complete)
                    + unsd_differences(rows, unsd) + missing_values(rows)):
        warnings.warn(message, stacklevel=2)

    g = Graph()
    bind_prefixes(g)
    dataset = rid("dataset", source.id)
    g.add((dataset, RDFS.label, Literal(source.title, lang="en")))
    for lang, table in unsd.items():
        for r in table:
            _add_region_chain(g, r, lang, dataset)
    _add_ilo_regions(g, ilo, dataset)
    unsd_en = {r["ISO-alpha3 Code"]: r for r in unsd["en"] if r["ISO-alpha3 Code"]}
    for row in rows:
        if row["ISO3166-1-Alpha-3"]:  # rows without one were reported above
            _add_country(g, row, unsd_en.get(row["ISO3166-1-Alpha-3"], {}), dataset,
                         corrections)
    return g
