"""The data-quality report: measures per source and overall, in Markdown, HTML and W3C DQV,
with the questions that have no answer yet."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF

from puentes.build import BuildReport, SourceResult
from puentes.namespaces import DQV, graph_iri, rid
from puentes.paths import project_root
from puentes.quality import measure, write_quality_report
from puentes.store import store_from_files

FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"


def test_measures_of_the_example_graph():
    store = store_from_files([FIXTURE])
    gq = measure(store, "file-0")
    assert gq.entities["regional bodies"] == 2 and gq.entities["observations"] == 5
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


def test_name_origins_are_counted_and_source_titles_are_not_translated(tmp_path):
    from pathlib import Path

    from puentes.registry.check import checked_registry
    from puentes.registry.mapper import map_registry

    good = Path(project_root() / "tests" / "sources" / "registry" / "good")
    ttl = tmp_path / "registry.ttl"
    map_registry(checked_registry(good)).serialize(ttl, format="turtle")
    gq = measure(store_from_files([ttl]), "file-0")
    assert gq.values["names-official"] == 2.0  # the example body's en and es names
    assert gq.values["names-translated"] == 2.0  # its French name, the practice's Spanish
    # Source titles ("About the body", "The roadmap") carry no language and are not counted:
    # of the 45 nodes counted, only the national plan (named in Spanish) has no English label.
    assert gq.values["labels-en"] == round(44 / 45, 4)
