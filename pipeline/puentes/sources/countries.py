"""The mapper of source ``countries``: ISO 3166-1 countries and areas, UN M49 regions, the
LDC/LLDC/SIDS groupings, names in es/en/fr and Wikidata items (``data/raw/countries/``).

Codes are checked against pycountry; differences are reported as warnings (the build shows
them), never dropped silently.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ..catalogue import Source
from ..namespaces import M49, PU, WD, bind_prefixes, concept, rid

MAPPER_VERSION = "1"
LANGS = ("en", "es", "fr")
ILO_REGIONS = {  # the ILO's five regions (its regional offices); members not yet sourced
    "africa": ("Africa", "África", "Afrique"),
    "americas": ("Americas", "Américas", "Amériques"),
    "arab-states": ("Arab States", "Estados Árabes", "États arabes"),
    "asia-pacific": ("Asia and the Pacific", "Asia y el Pacífico", "Asie et Pacifique"),
    "europe-central-asia": ("Europe and Central Asia", "Europa y Asia Central",
                            "Europe et Asie centrale"),
}


def inputs(source: Source) -> list[Path]:
    """The country-codes table and the three UNSD M49 tables."""
    raw = source.location
    return [raw / "country-codes.csv"] + [raw / f"UNSD-m49-{lang}.csv" for lang in LANGS]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:  # UNSD files carry a BOM
        return list(csv.DictReader(fh))


def region_iri(code: str) -> URIRef:
    """``pid:region/m49-<code>`` for an M49 region code (three digits)."""
    return rid("region", f"m49-{int(code):03d}")


def m49_iri(code: str) -> URIRef:
    """The UN's IRI of an M49 area: ``http://metadata.un.org/sdg/codes/geoArea/<code>``."""
    return M49[f"{int(code):03d}"]


def pycountry_differences(rows: list[dict[str, str]]) -> list[str]:
    """How the table differs from pycountry's ISO 3166-1 (codes missing on either side,
    alpha-2 or numeric codes that disagree)."""
    out = []
    seen = set()
    for row in rows:
        a3 = row["ISO3166-1-Alpha-3"].strip()
        if not a3:
            out.append(f"row {row.get('official_name_en') or row.get('CLDR display name')!r} "
                       "has no ISO alpha-3 code: not mapped")
            continue
        seen.add(a3)
        pc = pycountry.countries.get(alpha_3=a3)
        if pc is None:
            out.append(f"{a3}: not in pycountry's ISO 3166-1")
            continue
        if pc.alpha_2 != row["ISO3166-1-Alpha-2"].strip():
            out.append(f"{a3}: alpha-2 {row['ISO3166-1-Alpha-2']!r} here, {pc.alpha_2!r} in "
                       "pycountry")
        num = row["ISO3166-1-numeric"].strip()
        if num and int(num) != int(pc.numeric):
            out.append(f"{a3}: numeric {num} here, {pc.numeric} in pycountry")
    for pc in pycountry.countries:
        if pc.alpha_3 not in seen:
            out.append(f"{pc.alpha_3} ({pc.name}): in pycountry, not in the table")
    return out


def map_source(source: Source) -> Graph:
    """Countries, regions and groupings as RDF (see docs/model.md)."""
    files = inputs(source)
    rows = _read(files[0])
    unsd = {lang: {r["ISO-alpha3 Code"] or r["Country or Area"]: r for r in _read(p)}
            for lang, p in zip(LANGS, files[1:], strict=True)}
    g = Graph()
    bind_prefixes(g)
    dataset = rid("dataset", source.id)
    for diff in pycountry_differences(rows):
        warnings.warn(diff, stacklevel=2)

    # Regions, from the UNSD tables (names in three languages).
    for lang, table in unsd.items():
        for r in table.values():
            levels = [("Global Code", "Global Name"), ("Region Code", "Region Name"),
                      ("Sub-region Code", "Sub-region Name"),
                      ("Intermediate Region Code", "Intermediate Region Name")]
            parent = None
            for code_col, name_col in levels:
                code = r[code_col].strip()
                if not code:
                    continue
                node = region_iri(code)
                g.add((node, RDF.type, PU.Region))
                g.add((node, RDFS.label, Literal(r[name_col].strip(), lang=lang)))
                g.add((node, SKOS.notation, Literal(f"{int(code):03d}")))
                g.add((node, PU.m49, Literal(f"{int(code):03d}")))
                g.add((node, PU.regionScheme, concept("region-scheme", "m49")))
                g.add((node, SKOS.exactMatch, m49_iri(code)))
                g.add((node, URIRef("http://purl.org/dc/terms/source"), dataset))
                if parent is not None:
                    g.add((node, PU.withinRegion, parent))
                parent = node
    for slug, names in ILO_REGIONS.items():
        node = rid("region", f"ilo-{slug}")
        g.add((node, RDF.type, PU.Region))
        g.add((node, PU.regionScheme, concept("region-scheme", "ilo")))
        for lang, name in zip(("en", "es", "fr"), names, strict=True):
            g.add((node, RDFS.label, Literal(name, lang=lang)))

    for row in rows:
        a3 = row["ISO3166-1-Alpha-3"].strip()
        if not a3:
            continue
        c = rid("country", a3)
        g.add((c, RDF.type, PU.Country))
        g.add((c, PU.iso3, Literal(a3)))
        if row["ISO3166-1-Alpha-2"].strip():
            g.add((c, PU.iso2, Literal(row["ISO3166-1-Alpha-2"].strip())))
        names = {"en": row["official_name_en"] or row["UNTERM English Short"]
                 or row["CLDR display name"],
                 "es": row["official_name_es"] or row["UNTERM Spanish Short"],
                 "fr": row["official_name_fr"] or row["UNTERM French Short"]}
        for lang, name in names.items():
            if name and name.strip():
                g.add((c, RDFS.label, Literal(name.strip(), lang=lang)))
        if row["M49"].strip():
            g.add((c, PU.m49, Literal(f"{int(row['M49']):03d}")))
            g.add((c, SKOS.exactMatch, m49_iri(row["M49"])))
        smallest = (row["Intermediate Region Code"].strip() or row["Sub-region Code"].strip()
                    or row["Region Code"].strip())
        if smallest:
            g.add((c, PU.inRegion, region_iri(smallest)))
        u = unsd["en"].get(a3, {})
        for col, slug in (("Least Developed Countries (LDC)", "ldc"),
                          ("Land Locked Developing Countries (LLDC)", "lldc"),
                          ("Small Island Developing States (SIDS)", "sids")):
            if (u.get(col) or row.get(col) or "").strip().lower() == "x":
                g.add((c, PU.inGrouping, concept("country-grouping", slug)))
        wd = row["wikidata_id"].strip().rsplit("/", 1)[-1]
        if wd.startswith("Q"):
            g.add((c, OWL.sameAs, WD[wd]))
        g.add((c, URIRef("http://purl.org/dc/terms/source"), dataset))
    g.add((dataset, RDFS.label, Literal(source.title, lang="en")))
    _ = XSD
    return g
