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
    assert gq.entities["regional bodies"] == 2 and gq.entities["observations"] == 13
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
    assert gq.values["names-official"] == 2.0  # the example body's en and es names
    assert gq.values["names-translated"] == 2.0  # its French name, the practice's Spanish
    # Source titles ("About the body", "The roadmap") carry no language and are not counted:
    # of the 45 nodes counted, only the national plan (named in Spanish) has no English label.
    assert gq.values["labels-en"] == round(44 / 45, 4)
