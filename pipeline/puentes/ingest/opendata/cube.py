"""Writing statistics as RDF Data Cube observations of the shared structure
``pid:dsd/child-labour-statistics`` (see docs/model.md)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, XSD

from puentes.namespaces import PU, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, concept, rid


def canonical_decimal(value: Decimal) -> str:
    """The XSD canonical form of a decimal: no exponent, at least one fractional digit.

    >>> canonical_decimal(Decimal("0.125") * 100)
    '12.5'
    >>> canonical_decimal(Decimal("85"))
    '85.0'
    """
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


#: What every observation's value must be: all are percentages (unit percent).
PERCENT_EXPECTED = "a percentage from 0 to 100, as a decimal such as 12.5"


def is_percent(value: Decimal) -> bool:
    """Whether ``value`` is a percentage (0–100). A huge exponent (``1e999999``) is refused
    before any arithmetic on it (its digits would be written out a million long).

    >>> [is_percent(Decimal(t)) for t in ("12.5", "0", "100", "-0.1", "100.01", "1e999999")]
    [True, True, True, False, False, False]
    """
    return value.is_finite() and value.adjusted() < 3 and 0 <= value <= 100


def number(text: object) -> Decimal | None:
    """A decimal from a source value, or None for "", "NaN", "Unavailable" …"""
    if text is None:
        return None
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def is_country(iso3: str) -> bool:
    """True for a country or area the ``countries`` source defines (ISO 3166-1 alpha-3);
    aggregates (``WLD``, regions, income groups) and non-ISO codes (``XKX``) are not.

    >>> is_country("GHA"), is_country("WLD"), is_country("")
    (True, False, False)
    """
    from puentes.ingest.reference import country_codes

    return bool(iso3) and iso3 in country_codes()


def dataset(g: Graph, source_id: str, comment: str | None = None) -> URIRef:
    """Declare the source's qb:DataSet (structure: the shared DSD) and return its IRI."""
    ds = rid("dataset", source_id)
    g.add((ds, RDF.type, QB.DataSet))
    g.add((ds, QB.structure, rid("dsd", "child-labour-statistics")))
    if comment:
        g.add((ds, RDFS.comment, Literal(comment, lang="en")))
    return ds


#: SDG indicator 8.7.1, "Proportion and number of children aged 5–17 years engaged in child
#: labour" (the UN's IRI; declared in ontology/puentes.ttl).
SDG_871 = URIRef("http://metadata.un.org/sdg/C080701")


def observation(g: Graph, source_id: str, *, country: str, year: str, indicator: str,
                age: str, sex: str, value: Decimal, sector: str = "total",
                series_code: str | None = None, source_key: str | None = None,
                sdg_indicator: URIRef | None = None, footnote: str | None = None,
                unit: str = "percent", share: bool = True) -> URIRef:
    """Add one observation (a percentage unless ``unit`` says otherwise, e.g. ``children``:
    a count) and return its IRI. A percentage is a share of a population (0 to 100) unless
    ``share`` is false: a gross rate, such as a primary completion rate, may pass 100.

    The optional attributes keep what the publisher wrote: ``series_code`` its code of the
    series (``SDG_A871_SEX_AGE_RT``, ``SL.TLF.0714.ZS`` …), ``source_key`` the row's own
    codes (``ref_area=bgd;sex=sex_t;…``), ``footnote`` its flags (``x,y``);
    ``sdg_indicator`` the SDG indicator the series reports on. A value that is not a
    percentage (see :func:`is_percent`) is never stored: the readers report it with its file,
    row and column first; this is the last guard."""
    # the range of the declared unit: 0–100 for a percentage, a finite count of 0 or more
    valid = is_percent(value) if unit == "percent" and share else (
        value.is_finite() and value >= 0)
    if not valid:
        from puentes.errors import DataError, DataIssue

        raise DataError([DataIssue(source_id, None, source_key or f"{country} {year}",
                                   "value", str(value)[:40],
                                   PERCENT_EXPECTED if unit == "percent" and share
                                   else "a number of 0 or more")])
    ds = rid("dataset", source_id)
    obs = rid("observation", f"{source_id}/{country.lower()}-{year}-{indicator}-{age}-{sex}-"
                             f"{sector}")
    g.add((obs, RDF.type, QB.Observation))
    g.add((obs, QB.dataSet, ds))
    g.add((obs, SDMX_DIM.refArea, rid("country", country)))
    g.add((obs, SDMX_DIM.refPeriod, Literal(year, datatype=XSD.gYear)))
    g.add((obs, PU.indicator, concept("indicator", indicator)))
    g.add((obs, SDMX_DIM.age, concept("age-group", age)))
    g.add((obs, SDMX_DIM.sex, concept("sex", sex)))
    g.add((obs, PU.sector, concept("sector", sector)))
    g.add((obs, SDMX_MEASURE.obsValue, Literal(canonical_decimal(value), datatype=XSD.decimal)))
    g.add((obs, SDMX_ATTR.unitMeasure, concept("unit", unit)))
    g.add((obs, DCTERMS.source, ds))
    for prop, term in ((PU.seriesCode, series_code), (PU.sourceKey, source_key),
                       (PU.footnote, footnote)):
        if term:
            g.add((obs, prop, Literal(term)))
    if sdg_indicator is not None:
        g.add((obs, PU.sdgIndicator, sdg_indicator))
    return obs
