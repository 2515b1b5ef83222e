"""The published DCAT catalogue as data.europa.eu would judge it: scored with the Metadata
Quality Assessment rules (tests/mqa.py) with every access and download URL fetched from a real
nginx serving the published folder, it rates "excellent"; it lists no dataset without data,
publishes the data-quality report with its DQV measurements linked from the datasets, counts
its links to Wikidata and M49 in VoID linksets; the home page carries a schema.org Dataset;
and the JSON-LD files use the published @context and expand (pyld) to the same triples."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from mqa import MAXIMUM, WEIGHTS, rating, score_catalogue
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, SH, VOID
from servers import free_port
from webservers import MissingServer, nginx

from puentes.build.report.quality import measure, to_dqv, to_html, to_markdown
from puentes.ingest.catalogue import load_catalogue
from puentes.paths import project_root
from puentes.query import store_from_files
from puentes.web.publish import publish
from puentes.web.publish.dcat import load_dcat_ap_shapes

# slow: publishes a site and scores its catalogue
pytestmark = [pytest.mark.slow, pytest.mark.server]
ROOT = project_root()
FIXTURE = ROOT / "tests" / "fixtures" / "example-graph.ttl"
DQV = "http://www.w3.org/ns/dqv#"
# Test-only links (the fixture's countries are made up): two to Wikidata, one to M49.
LINKS = r"""
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix pid: <https://w3id.org/puentes/id/> .
pid:country\/AAA owl:sameAs <http://www.wikidata.org/entity/Q1000001> .
pid:country\/BBB owl:sameAs <http://www.wikidata.org/entity/Q1000002> .
pid:country\/AAA skos:exactMatch <http://metadata.un.org/sdg/codes/geoArea/999> .
"""


def _store():
    store = store_from_files([FIXTURE])
    store.store.load(LINKS.encode(), format=ox.RdfFormat.TURTLE,
                     to_graph=ox.NamedNode("https://w3id.org/puentes/graph/links"))
    return store


@pytest.fixture(scope="module")
def published():
    """The fixture graph published for http://127.0.0.1:PORT/ and served there by nginx,
    with a data-quality report measured by the real quality module."""
    parent = Path(tempfile.mkdtemp(prefix="puentes-mqa-"))
    os.chmod(parent, 0o755)
    store = _store()
    rows = [measure(store, sid) for sid in store.graphs()] + [measure(store)]
    for row in rows:  # as quality.collect does after a build (no SHACL warnings here)
        row.values["warnings"] = 0.0
    quality = parent / "quality"
    quality.mkdir()
    to_dqv(rows).serialize(quality / "quality.ttl", format="turtle")
    (quality / "quality.html").write_text(to_html(to_markdown(rows, [])), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    out = parent / "site"
    publish(store, out, base_url=base, ontology_docs=False, quality_dir=quality)
    try:
        with nginx(out, port=port) as url:
            yield store, out, url + "/"
    except MissingServer as err:
        pytest.skip(str(err))
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def _status(url: str, cache: dict = {}) -> int:  # noqa: B006 - a cache across calls
    if url not in cache:
        assert url.startswith("http://127.0.0.1:"), url  # nothing leaves the machine
        cache[url] = requests.get(url, timeout=10).status_code
    return cache[url]


def _non_conforming(catalog: Graph) -> set[URIRef]:
    shapes = load_dcat_ap_shapes(ROOT / "shapes" / "dcat-ap" / "dcat-ap-3.0.1-SHACL.ttl")
    conforms, report, _text = validate(catalog, shacl_graph=shapes, inference="none",
                                       allow_warnings=True)
    return {f for r in report.subjects(RDF.type, SH.ValidationResult)
            if report.value(r, SH.resultSeverity) == SH.Violation
            for f in report.objects(r, SH.focusNode)}


def test_the_scorer_rates_a_bare_catalogue_bad():
    g = Graph().parse(data="""
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <http://127.0.0.1:9/ds> a dcat:Dataset ; dct:title "x" ;
            dcat:distribution <http://127.0.0.1:9/d> .
        <http://127.0.0.1:9/d> a dcat:Distribution ; dcat:accessURL <http://127.0.0.1:9/> .
        """, format="turtle")
    mean, _ = score_catalogue(g, lambda url: 404)
    assert MAXIMUM == 405 and mean.total == 30 and mean.rating == "bad"  # DCAT-AP only
    assert rating(351) == "excellent" and rating(350) == "good" and rating(121) == "sufficient"


def test_catalogue_scores_excellent_with_the_mqa_rules(published):
    _store, out, _base = published
    catalog = Graph().parse(out / "catalog.ttl")
    mean, per = score_catalogue(catalog, _status, _non_conforming(catalog))
    detail = {str(ds).rsplit("/", 1)[-1]: round(s.total) for ds, s in per.items()}
    assert mean.rating == "excellent", (round(mean.total), mean.indicators, detail)
    for ds, s in per.items():  # every dataset on its own, too
        assert s.rating == "excellent", (ds, s.indicators)
    # the dimensions that are all within the publisher's reach are full
    for dim in ("accessibility", "reusability", "contextuality"):
        assert mean.indicators[dim] == pytest.approx(WEIGHTS[dim], abs=1e-9), dim


def test_only_datasets_with_data_each_with_its_download(published):
    store, out, _base = published
    catalog = Graph().parse(out / "catalog.ttl")
    datasets = set(catalog.subjects(RDF.type, DCAT.Dataset))
    sources = set(load_catalogue())
    with_data = sources & set(store.graphs())
    # the whole graph + one per catalogued source that has data; the others are not listed
    assert {str(d).rsplit("/puentes", 1)[-1].lstrip("/") for d in datasets} == \
        {""} | with_data
    assert with_data == {"ontology"} and len(sources) > 1
    for ds in datasets:
        urls = [catalog.value(d, DCAT.downloadURL) for d in catalog.objects(ds, DCAT.distribution)]
        assert urls and all(urls), ds
        assert (ds, VOID.triples, None) in catalog


def test_quality_report_is_a_distribution_and_its_measurements_hang_off_the_datasets(published):
    _store, out, base = published
    catalog = Graph().parse(out / "catalog.ttl")
    urls = {str(u) for u in catalog.objects(None, DCAT.downloadURL)}
    assert base + "quality/quality.ttl" in urls and base + "quality/quality.html" in urls
    dqv = Graph().parse(out / "quality" / "quality.ttl")
    linked = set(catalog.objects(None, URIRef(DQV + "hasQualityMeasurement")))
    assert linked and linked <= set(dqv.subjects(RDF.type, URIRef(DQV + "QualityMeasurement")))
    whole = URIRef("https://w3id.org/puentes/id/dataset/puentes")
    assert set(catalog.objects(whole, URIRef(DQV + "hasQualityMeasurement")))


def test_void_linksets_count_the_links_to_wikidata_and_m49(published):
    _store, out, _base = published
    catalog = Graph().parse(out / ".well-known" / "void", format="turtle")
    whole = URIRef("https://w3id.org/puentes/id/dataset/puentes")
    counts = {str(catalog.value(ls, VOID.objectsTarget)): int(catalog.value(ls, VOID.triples))
              for ls in catalog.objects(whole, VOID.subset)
              if (ls, RDF.type, VOID.Linkset) in catalog}
    assert counts == {"http://www.wikidata.org/entity/": 2,
                      "http://metadata.un.org/sdg/codes/geoArea/": 1}


def test_home_page_carries_a_schema_org_dataset(published):
    _store, out, base = published
    html = requests.get(base + "index.html", timeout=10).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Dataset" and data["name"] and data["license"]
    assert data["temporalCoverage"] == "2000-01-01/2030-12-31"
    catalog = Graph().parse(out / "catalog.ttl")
    whole = URIRef("https://w3id.org/puentes/id/dataset/puentes")
    assert {d["contentUrl"] for d in data["distribution"]} == {
        str(catalog.value(d, DCAT.downloadURL)) for d in catalog.objects(whole, DCAT.distribution)}
    for d in data["distribution"]:
        assert requests.get(d["contentUrl"], timeout=10).status_code == 200


def _expand_with_pyld(doc: dict) -> Graph:
    from pyld import jsonld

    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads",
                                 "documentLoader": _no_network})
    return Graph().parse(data=nquads, format="nquads")


def _no_network(url, options=None):  # noqa: ANN001, ANN202
    raise AssertionError(f"pyld tried to fetch {url}: the @context must be inline")


@pytest.mark.parametrize("path,twin", [
    ("catalog.jsonld", "catalog.ttl"),
    ("id/organization/example-body.jsonld", "id/organization/example-body.ttl"),
    ("dumps/puentes.jsonld.gz", "dumps/puentes.nt.gz"),
])
def test_jsonld_uses_the_published_context_and_pyld_reads_the_same_triples(published, path,
                                                                           twin):
    _store, out, _base = published
    read = lambda p: gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()  # noqa: E731
    doc = json.loads(read(out / path))
    published_context = json.loads((out / "context.jsonld").read_text())["@context"]
    assert doc["@context"] == published_context
    text = json.dumps(doc)
    assert '"rdfs:label"' in text or '"dcterms:title"' in text  # compact keys
    assert '"http://www.w3.org/2000/01/rdf-schema#label"' not in text
    fmt = "nt" if twin.endswith(".nt.gz") else "turtle"
    expected = Graph().parse(data=read(out / twin), format=fmt)
    assert isomorphic(_expand_with_pyld(doc), expected)
