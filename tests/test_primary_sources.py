"""The share of facts resting on primary sources (issue 9 §5): a source document is primary
when its URL is on an official domain of an organisation of the graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF

from puentes.build.loop import BuildReport
from puentes.build.report.primary_sources import primary_shares
from puentes.build.report.quality import write_quality_report
from puentes.ingest.registry.check import checked_registry
from puentes.ingest.registry.mapper import map_registry
from puentes.namespaces import DQV, PU, rid
from puentes.paths import data_dir
from puentes.query import store_from_files

TTL = """
@prefix pu: <https://w3id.org/puentes/ontology#> .
@prefix pid: <https://w3id.org/puentes/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
pid:organization\\/body a org:Organization ; pu:officialDomain "body.example" ;
    dcterms:source pid:source\\/own .
pid:initiative\\/a a pu:Initiative ; dcterms:source pid:source\\/own , pid:source\\/news .
pid:initiative\\/b a pu:Initiative ; dcterms:source pid:source\\/news .
pid:event\\/e a pu:Event ; dcterms:source pid:source\\/sub .
pid:source\\/own a pu:SourceDocument ; schema:url "https://www.body.example/p"^^xsd:anyURI .
pid:source\\/sub a pu:SourceDocument ; schema:url "https://press.body.example/q"^^xsd:anyURI .
pid:source\\/news a pu:SourceDocument ; schema:url "https://news.example/r"^^xsd:anyURI .
"""


def test_a_fact_rests_on_a_primary_source_when_one_document_is_on_an_official_domain(
        tmp_path: Path):
    f = tmp_path / "g.ttl"
    f.write_text(TTL, encoding="utf-8")
    store = store_from_files([f])
    [row] = primary_shares(store)
    # body (own site), a (own site and news), e (a subdomain): primary; b (news only): not
    assert (row.facts, row.primary, row.share) == (4, 3, 0.75)
    assert row.secondary_hosts == {"news.example": 1}
    paths = write_quality_report(BuildReport([], 0.1, store), tmp_path / "q")
    md = paths[0].read_text(encoding="utf-8")
    assert "## Facts resting on primary sources" in md
    assert f"| {row.source_id} | 4 | 3 | 75 % |" in md and "- news.example: 1" in md
    g = Graph().parse(paths[2])
    m = rid("measurement", f"{row.source_id}/facts-on-primary-sources")
    assert (m, RDF.type, DQV.QualityMeasurement) in g
    assert str(g.value(m, DQV.value)) == "0.75"


def test_the_real_registry_lists_official_domains_and_counts_primary_sources(tmp_path: Path):
    g = map_registry(checked_registry(data_dir() / "registry"))
    domains = {str(d) for d in g.objects(None, PU.officialDomain)}
    assert {"ecowas.int", "au.int", "asean.org", "eac.int", "ilo.org"} <= domains
    f = tmp_path / "registry.nt"
    g.serialize(f, format="nt")
    [row] = primary_shares(store_from_files([f]))
    assert 0 < row.primary < row.facts
    # the ECOWAS plans' facts now rest on the ILO's and ECOWAS's own pages
    assert (rid("initiative", "ecowas-rap-2012-2015"), PU.coversCountry,
            rid("country", "SEN")) in g
    assert Literal("ecowas.int") in set(g.objects(rid("organization", "ecowas"),
                                                   PU.officialDomain))
