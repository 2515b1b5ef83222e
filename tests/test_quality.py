"""The data-quality report: measures per source and overall, in Markdown, HTML and W3C DQV,
with the questions that have no answer yet."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF

from puentes.build.loop import BuildReport, SourceResult
from puentes.build.report.quality import measure, write_quality_report
from puentes.namespaces import DQV, graph_iri, rid
from puentes.paths import project_root
from puentes.store import store_from_files

FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"


def test_measures_of_the_example_graph():
    store = store_from_files([FIXTURE])
    gq = measure(store, "file-0")
    assert gq.entities["regional bodies"] == 2 and gq.entities["observations"] == 14
    assert gq.values["facts-with-source"] == 1.0  # every fact of the example cites a source
    assert 0 < gq.values["labels-es"] < gq.values["labels-en"] <= 1.0
    assert gq.values["countries-with-m49"] == 0.0  # the example countries have no M49 link


def test_report_in_markdown_html_and_dqv(tmp_path):
    store = store_from_files([FIXTURE])
    results = [SourceResult("file-0", "loaded", warnings_by_shape={"status": 3})]
    paths = write_quality_report(BuildReport(results, 0.1, store), tmp_path)
    md, html, ttl = (p.read_text(encoding="utf-8") for p in paths)
    assert "## Measures per source" in md and "| status | 3 |" in md
    assert "<table>" in html and "Warnings by shape" in html
    g = Graph().parse(data=ttl, format="turtle")
    measurement = rid("measurement", "file-0/facts-with-source")
    assert (measurement, RDF.type, DQV.QualityMeasurement) in g
    assert (measurement, DQV.computedOn, graph_iri("file-0")) in g
    assert g.value(measurement, DQV.value) == Literal("1.0", datatype=g.value(
        measurement, DQV.value).datatype)


def test_questions_without_answers_are_listed(tmp_path):
    store = store_from_files([])  # the model alone: no facts, so no answers
    store.replace_graph("empty", Graph())
    paths = write_quality_report(BuildReport([], 0.1, store), tmp_path)
    md = paths[0].read_text(encoding="utf-8")
    assert "- 001: Roadmaps and action plans of each regional body" in md


def test_cross_vintage_section_keeps_both_values_and_counts_equal_keys():
    """ILOSTAT 2026 vs UN SDG 2023 on the mappers' fixtures (tests/sources/): six keys in
    common, one equal (GHA 2018, economic activity, made equal on purpose), the largest
    difference first; both values shown, nothing merged."""
    import warnings
    from dataclasses import replace

    from puentes.build.report import vintages
    from puentes.build.report.quality import cross_vintage_section
    from puentes.ingest.catalogue import load_catalogue
    from puentes.store import GraphStore

    store = GraphStore.in_memory()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sid in ("ilostat-sdg-8.7.1", "un-sdg-8.7.1"):
            src = replace(load_catalogue()[sid],
                          location=project_root() / "tests" / "sources" / sid)
            store.replace_graph(sid, src.mapper().map_source(src))
    (c,) = vintages.comparisons(store)
    assert (len(c.keys), c.equal, c.share_equal) == (6, 1, 0.1667)
    top = c.largest(2)
    assert [(k.area, k.year, k.indicator, k.sex, str(k.newer), str(k.older)) for k in top] == [
        ("GHA", "2018", "sdg-871-economic-activity-household-chores", "total", "19.516",
         "20.1"),
        ("BGD", "2019", "sdg-871-economic-activity", "female", "2.924", "3")]
    md = cross_vintage_section(store)
    assert "Comparable keys: 6; equal values: 1 (16.7 %)." in md
    assert "| GHA | 2018 | sdg-871-economic-activity-household-chores | 5-17 | total | 19.516 | " \
           "20.1 | -0.584 |" in md
    # the two observations of a key are both still in the store, each in its data set
    n = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?o <http://purl.org/linked-"
                    "data/sdmx/2009/dimension#refArea> <https://w3id.org/puentes/id/country/GHA> "
                    "} }")
    assert int(next(iter(n))["n"].value) == 4 + 2  # ILOSTAT: 2 A and 2 B; UN: 1 A and 1 B


def test_name_origins_are_counted_and_source_titles_are_not_translated(tmp_path):
    from pathlib import Path

    from puentes.ingest.registry.check import checked_registry
    from puentes.ingest.registry.mapper import map_registry

    good = Path(project_root() / "tests" / "sources" / "registry" / "good")
    ttl = tmp_path / "registry.ttl"
    map_registry(checked_registry(good)).serialize(ttl, format="turtle")
    gq = measure(store_from_files([ttl]), "file-0")
    # the example body's en and es names, 20 more names each read in its record's first
    # source, and the English name of the Middle Africa search of the ledger
    assert gq.values["names-official"] == 23.0
    # the body's French name, the practice's Spanish, the Middle Africa search's es and fr
    assert gq.values["names-translated"] == 4.0
    # Source titles ("About the body", "The roadmap") carry no language and are not counted:
    # of the 55 nodes counted (two ledger searches, a thing named but not sourced, a
    # suspension and six coverage periods among them), only the national plan (named in
    # Spanish) has no English label: its coverage period is labelled with its Spanish name.
    assert gq.values["labels-en"] == round(54 / 55, 4)


REGIONS_TTL = r"""
@prefix pu: <https://w3id.org/puentes/ontology#> .
@prefix pid: <https://w3id.org/puentes/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix m49: <https://w3id.org/puentes/scheme/region-scheme/> .
pid:region\/m49-001 a pu:Region ; pu:regionScheme m49:m49 ; pu:m49 "001" ; rdfs:label "World"@en .
pid:region\/m49-002 a pu:Region ; pu:regionScheme m49:m49 ; pu:m49 "002" ; rdfs:label "Africa"@en ;
    pu:withinRegion pid:region\/m49-001 .
pid:region\/m49-202 a pu:Region ; pu:regionScheme m49:m49 ; pu:m49 "202" ;
    rdfs:label "Sub-Saharan Africa"@en ; pu:withinRegion pid:region\/m49-002 .
pid:region\/m49-017 a pu:Region ; pu:regionScheme m49:m49 ; pu:m49 "017" ;
    rdfs:label "Middle Africa"@en ; pu:withinRegion pid:region\/m49-202 .
pid:region\/m49-011 a pu:Region ; pu:regionScheme m49:m49 ; pu:m49 "011" ;
    rdfs:label "Western Africa"@en ; pu:withinRegion pid:region\/m49-202 .
pid:region\/m49-009 a pu:Region ; pu:regionScheme m49:m49 ; pu:m49 "009" ; rdfs:label "Oceania"@en ;
    pu:withinRegion pid:region\/m49-001 .
pid:region\/m49-057 a pu:Region ; pu:regionScheme m49:m49 ; pu:m49 "057" ;
    rdfs:label "Micronesia"@en ; pu:withinRegion pid:region\/m49-009 .
pid:country\/GHA a pu:Country ; pu:inRegion pid:region\/m49-011 .
pid:country\/CMR a pu:Country ; pu:inRegion pid:region\/m49-017 .
pid:initiative\/plan a pu:Initiative ; rdfs:label "West plan"@en ;
    pu:coversCountry pid:country\/GHA .
pid:initiative\/national a pu:Initiative ; rdfs:label "A national plan"@en ;
    pu:scope <https://w3id.org/puentes/scheme/scope/national> ; pu:coversCountry pid:country\/CMR .
pid:organization\/eccas rdfs:label "ECCAS"@en .
pid:membership\/eccas--CMR org:organization pid:organization\/eccas ; org:member pid:country\/CMR .
pid:ledger\/ledger-eccas a pu:CoverageSearch ; rdfs:label "Coverage search: ECCAS"@en ;
    pu:searchScope pid:organization\/eccas ; pu:searchedOn "2026-12-07"^^xsd:date ;
    pu:found pid:initiative\/national ; pu:namedNotSourced pid:mention\/ledger-eccas--1 ;
    dcterms:source pid:source\/a , pid:source\/b .
pid:mention\/ledger-eccas--1 a pu:UnsourcedMention ;
    pu:mentionedName "ECCAS plan against trafficking" .
pid:ledger\/ledger-m49-009 a pu:CoverageSearch ; rdfs:label "Coverage search: Oceania"@en ;
    pu:searchScope pid:region\/m49-009 ; pu:searchedOn "2026-12-06"^^xsd:date .
"""


def test_every_region_shows_its_instruments_or_ledger_entries_and_the_rest_is_flagged(
        tmp_path):
    """Issue 17: Western Africa has an instrument (and so have the regions around it);
    Middle Africa has only a national plan (not counted) but a search of ECCAS, whose members
    all lie in it; Oceania was searched, and so Micronesia with it; nothing is flagged. Drop
    the Oceania search and Oceania and Micronesia are flagged."""
    from puentes.build.report import region_coverage as rc

    f = tmp_path / "regions.ttl"
    f.write_text(REGIONS_TTL, encoding="utf-8")
    rows = {r.code: r for r in rc.regions(store_from_files([f]))}
    assert list(rows) == ["002", "202", "011", "017", "009", "057"]  # the hierarchy, no World
    assert list(rows["011"].instruments.values()) == ["West plan"]
    assert list(rows["002"].instruments.values()) == ["West plan"]
    assert rows["017"].instruments == {} and list(rows["017"].ledger.values()) == [
        "Coverage search: ECCAS"]
    assert list(rows["057"].ledger.values()) == ["Coverage search: Oceania"]
    assert not any(r.flagged for r in rows.values())
    searches = rc.ledger(store_from_files([f]))
    md = rc.markdown_section(list(rows.values()), searches)
    assert "6 regions; 6 with instruments or a ledger entry; **0 with neither**." in md
    assert ("| ECCAS | 2026-12-07 | 2 | A national plan | ECCAS plan against trafficking |"
            in md)
    assert "| Oceania | 2026-12-06 | 0 | nothing found | — |" in md

    f.write_text(REGIONS_TTL.split("pid:ledger\\/ledger-m49-009")[0], encoding="utf-8")
    rows = {r.code: r for r in rc.regions(store_from_files([f]))}
    assert {c for c, r in rows.items() if r.flagged} == {"009", "057"}
    md = rc.markdown_section(list(rows.values()), rc.ledger(store_from_files([f])))
    assert "**2 with neither**: Oceania (009), Micronesia (057)." in md
    assert "| \u2003Micronesia | 057 | — | — | ⚠ neither instruments nor a ledger entry |" in md


def test_the_report_has_the_regions_the_ledger_and_the_primary_source_target(tmp_path):
    f = tmp_path / "regions.ttl"
    f.write_text(REGIONS_TTL, encoding="utf-8")
    paths = write_quality_report(BuildReport([], 0.1, store_from_files([f])), tmp_path / "q")
    md = paths[0].read_text(encoding="utf-8")
    assert "## Regions of the world: instruments and searches" in md
    assert "## The coverage ledger" in md
    assert "The target is **70 %** of the facts" in md
