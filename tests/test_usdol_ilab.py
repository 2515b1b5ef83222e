"""The U.S. DOL (ILAB) mapper: XML in the real structure → the expected graph; unmatched
names reported; the RDF Data Cube integrity constraints hold; the real data maps and
validates."""

from __future__ import annotations

import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import QB, RDF

from puentes.catalogue import Source, load_catalogue
from puentes.checks import check_files, run_checks
from puentes.model import load_model_graph
from puentes.namespaces import SDMX_MEASURE, rid
from puentes.shapes import load_shapes_graph
from puentes.sources import usdol_ilab
from puentes.validate import validate_graph

HERE = Path(__file__).parent / "sources" / "usdol-ilab"


def _source(location: Path) -> Source:
    return Source(id="usdol-ilab", title="t", kind="open-data-file", location=location,
                  licence="PD", publisher="p")


def _map(location: Path) -> tuple[Graph, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = usdol_ilab.map_source(_source(location))
    return g, [str(w.message) for w in caught]


def test_fixture_maps_to_the_expected_graph():
    got, _ = _map(HERE)
    expected = Graph().parse(HERE / "expected.ttl")
    if not isomorphic(got, expected):
        _, a, b = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        raise AssertionError(f"only mapped:\n{a.serialize(format='nt')}\n"
                             f"only expected:\n{b.serialize(format='nt')}")


def test_fractions_become_percent_and_unavailable_gives_no_observation():
    g, _ = _map(HERE)
    obs = rid("observation", "usdol-ilab/mmr-2022-working-children-5-14-total-total")
    assert str(g.value(obs, SDMX_MEASURE.obsValue)) == "12.5"  # 0.125 in the file
    industry = rid("observation",
                   "usdol-ilab/mmr-2022-working-children-by-sector-5-14-total-industry")
    assert (industry, None, None) not in g


def test_unmatched_country_names_are_reported_not_dropped_silently():
    g, messages = _map(HERE)
    assert any("Kosovo" in m for m in messages)
    assert not any("Kosovo" in str(o) for o in g.objects())


def test_aliases_resolve_dol_names_to_iso_codes():
    assert usdol_ilab.iso3("Burma") == "MMR"
    assert usdol_ilab.iso3("Congo, Democratic Republic of the") == "COD"
    assert usdol_ilab.iso3("Brazil") == "BRA"
    assert usdol_ilab.iso3("Kosovo") is None


def _store(g: Graph) -> ox.Store:
    store = ox.Store()
    full = Graph()
    full += g
    full += load_model_graph()
    store.load(full.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode("https://w3id.org/puentes/graph/t"))
    return store


QB_CHECKS = [p for p in check_files() if p.stem.startswith("qb-ic-")]


def test_data_cube_integrity_constraints_hold_on_the_mapped_fixture():
    g, _ = _map(HERE)
    failures = [f for f in run_checks(_store(g)) if f.check.startswith("qb-ic-")]
    assert len(QB_CHECKS) >= 9 and failures == []


@pytest.mark.parametrize("breakage,check", [
    ("drop-dataset", "qb-ic-01-unique-dataset-violation"),
    ("duplicate", "qb-ic-12-no-duplicate-observations-violation"),
    ("drop-measure", "qb-ic-14-all-measures-present-violation"),
    ("foreign-code", "qb-ic-19-codes-from-code-list-violation"),
])
def test_data_cube_checks_catch_broken_cubes(breakage, check):
    g, _ = _map(HERE)
    obs = rid("observation", "usdol-ilab/mmr-2022-working-children-5-14-total-total")
    if breakage == "drop-dataset":
        g.remove((obs, QB.dataSet, None))
    elif breakage == "duplicate":
        twin = rid("observation", "usdol-ilab/twin")
        for p, o in list(g.predicate_objects(obs)):
            g.add((twin, p, o))
    elif breakage == "drop-measure":
        g.remove((obs, SDMX_MEASURE.obsValue, None))
    else:
        from puentes.namespaces import SDMX_DIM, concept
        g.set((obs, SDMX_DIM.sex, concept("theme", "education")))
    failures = {f.check for f in run_checks(_store(g))}
    assert check in failures


def test_the_real_findings_map_and_pass_the_per_record_shapes():
    g, messages = _map(load_catalogue()["usdol-ilab"].location)
    assert len(list(g.subjects(RDF.type, QB.Observation))) > 500
    assert any("Kosovo" in m for m in messages)
    data = Graph()
    data += g
    data += load_model_graph()
    from puentes.sources import countries, registry
    data += countries.map_source(load_catalogue()["countries"])
    data += registry.map_source(load_catalogue()["registry"])  # declares C138 and C182
    report = validate_graph(data, shapes=load_shapes_graph(per_record=True))
    assert report.conforms, report.subset(report.results[:5]).to_text()
