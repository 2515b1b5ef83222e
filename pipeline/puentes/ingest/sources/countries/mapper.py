"""The RDF of source ``countries``: countries, M49 regions, groupings and ILO regions (see
docs/model.md), from the rows of :mod:`.tables` and the curated files of :mod:`.curated`,
reporting the differences found by :mod:`.differences` as warnings."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from puentes.ingest.catalogue import Source
from puentes.ingest.registry.writer import source_iri
from puentes.ingest.sources.countries.curated import (
    Corrections,
    load_ilo_regions,
    load_name_corrections,
)
from puentes.ingest.sources.countries.differences import (
    missing_values,
    pycountry_differences,
    unsd_differences,
)
from puentes.ingest.sources.countries.tables import (
    CORRECTIONS_FILE,
    COUNTRY_TABLE,
    GROUPINGS,
    ILO_FILE,
    LANGS,
    LEVELS,
    NAME_COLUMNS,
    TABLE_COLUMNS,
    UNSD_COLUMNS,
    Row,
    m49_code,
    read_table,
    table_name,
)
from puentes.namespaces import M49, PU, SCHEMA, WD, bind_prefixes, concept, rid

MAPPER_VERSION = "2"


def inputs(source: Source) -> list[Path]:
    """The country-codes table, the three UNSD M49 tables, the ILO regions and, when the
    folder has one, the curated name corrections."""
    raw = source.location
    corrections = [raw / CORRECTIONS_FILE] if (raw / CORRECTIONS_FILE).exists() else []
    return ([raw / COUNTRY_TABLE] + [raw / f"UNSD-m49-{lang}.csv" for lang in LANGS]
            + [raw / ILO_FILE] + corrections)


def region_iri(code: str) -> URIRef:
    """``pid:region/m49-<code>`` for an M49 region code."""
    return rid("region", f"m49-{m49_code(code)}")


def ilo_region_iri(slug: str) -> URIRef:
    """``pid:region/ilo-<slug>`` for one of :data:`ILO_REGION_IDS`."""
    return rid("region", f"ilo-{slug}")


def m49_iri(code: str) -> URIRef:
    """The UN's IRI of an M49 area: ``http://metadata.un.org/sdg/codes/geoArea/<code>``."""
    return M49[m49_code(code)]


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
        name = fix["name"] if fix else table_name(row, lang)
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
