"""The countries reference mapper: ISO codes, M49 regions in es/en/fr, groupings, Wikidata
and M49 links; differences from pycountry are reported, never dropped."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from puentes.catalogue import Source
from puentes.namespaces import PU, concept, rid
from puentes.sources import countries

SLICE = Path(__file__).parent / "sources" / "countries"


def _source(location: Path) -> Source:
    return Source(id="countries", title="t", kind="reference-data", location=location,
                  licence="PDDL", publisher="p")


def _map() -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = countries.map_source(_source(SLICE))
    return g, [str(w.message) for w in caught]


def test_country_with_codes_names_regions_and_links():
    g, _ = _map()
    bra = rid("country", "BRA")
    assert (bra, PU.iso2, Literal("BR")) in g
    assert {(lit.language, str(lit)) for lit in g.objects(bra, RDFS.label)} == {
        ("en", "Brazil"), ("es", "Brasil"), ("fr", "Brésil")}
    assert (bra, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q155")) in g
    assert (bra, SKOS.exactMatch, URIRef("http://metadata.un.org/sdg/codes/geoArea/076")) in g
    south_america = rid("region", "m49-005")
    assert (bra, PU.inRegion, south_america) in g
    assert (south_america, RDFS.label, Literal("América del Sur", lang="es")) in g
    chain = [str(o) for o in g.transitive_objects(south_america, PU.withinRegion)]
    assert chain[-1] == str(rid("region", "m49-001"))


def test_groupings_from_the_m49_flags():
    g, _ = _map()
    assert (rid("country", "MOZ"), PU.inGrouping, concept("country-grouping", "ldc")) in g
    assert (rid("country", "FJI"), PU.inGrouping, concept("country-grouping", "sids")) in g
    assert (rid("country", "BRA"), PU.inGrouping, None) not in g


def test_differences_from_pycountry_are_reported(tmp_path: Path):
    rows = list(csv.DictReader((SLICE / "country-codes.csv").open(encoding="utf-8-sig")))
    rows[0]["ISO3166-1-Alpha-2"] = "XX"
    rows.append({**rows[0], "ISO3166-1-Alpha-3": "", "official_name_en": "Nowhere"})
    diffs = countries.pycountry_differences(rows)
    assert any("alpha-2 'XX' here" in d for d in diffs)
    assert any("'Nowhere' has no ISO alpha-3 code" in d for d in diffs)


def test_the_full_table_agrees_with_pycountry():
    full = Path(countries.__file__).parents[3] / "data" / "raw" / "countries"
    rows = list(csv.DictReader((full / "country-codes.csv").open(encoding="utf-8-sig")))
    assert countries.pycountry_differences(rows) == []
    assert len(rows) == 249
