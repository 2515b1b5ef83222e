"""The dataset description: DCAT (DCAT-AP 3) and VoID, for the whole graph and each source."""

from __future__ import annotations

from datetime import datetime, timezone

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, VOID, XSD

from .. import __version__
from ..catalogue import Source
from ..namespaces import BASE, PREFIXES, bind_prefixes, graph_iri, rid
from ..store import GraphStore
from .dumps import Dump

SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU_FILE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANG = "http://publications.europa.eu/resource/authority/language/"
IANA = "https://www.iana.org/assignments/media-types/"
LINK_TARGETS = {"wikidata": "http://www.wikidata.org/entity/",
                "m49": "http://metadata.un.org/sdg/codes/geoArea/"}


def _licence(source: Source, g: Graph | None = None) -> URIRef:
    lic = source.licence
    if lic.startswith(("http://", "https://")):
        return URIRef(lic)
    # A licence stated in words (terms of use, public domain in one country): a licence
    # document that carries the words, rather than a guess at a standard licence.
    node = rid("licence", source.id)
    if g is not None:
        g.add((node, RDFS.label, Literal(lic, lang="en")))
    return node


def _stats(store: GraphStore, graph: str | None) -> dict:
    scope = (lambda body: f"GRAPH <{graph}> {{ {body} }}") if graph else (lambda body: body)
    one = lambda q: int(next(iter(store.query(q)))["n"].value)  # noqa: E731
    stats = {
        "triples": one(f"SELECT (COUNT(*) AS ?n) WHERE {{ {scope('?s ?p ?o')} }}"),
        "entities": one(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {scope('?s ?p ?o')} "
                        f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{BASE}\")) }}"),
        "classes": [(r["c"].value, int(r["n"].value)) for r in store.query(
            f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {scope('?s a ?c')} }} "
            "GROUP BY ?c ORDER BY ?c")],
        "properties": [(r["p"].value, int(r["n"].value)) for r in store.query(
            f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {scope('?s ?p ?o')} }} GROUP BY ?p "
            "ORDER BY ?p")],
        "links": {},
    }
    for name, ns in LINK_TARGETS.items():
        stats["links"][name] = one(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ {scope('?s ?p ?o')} "
            f"FILTER(isIRI(?o) && STRSTARTS(STR(?o), \"{ns}\")) }}")
    return stats


def describe(store: GraphStore, sources: dict[str, Source], dumps: list[Dump],
             base_url: str, endpoint_url: str | None = None) -> Graph:
    """The DCAT catalogue + VoID description of the published graph."""
    base_url = base_url.rstrip("/") + "/"
    g = Graph()
    bind_prefixes(g)
    g.bind("spdx", SPDX)
    g.bind("adms", ADMS)
    now = Literal(datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                  datatype=XSD.dateTime)
    catalog, whole = rid("catalog", "puentes"), rid("dataset", "puentes")
    publisher = rid("organization", "puentes")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("puentes")))
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("puentes — linked open data catalogue", lang="en")))
    g.add((catalog, DCTERMS.description, Literal(
        "The knowledge graph of regional and interregional cooperation against child labour, "
        "as a whole and per source.", lang="en")))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.modified, now))
    g.add((catalog, FOAF.homepage, URIRef(base_url)))
    g.add((URIRef(base_url), RDF.type, FOAF.Document))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((catalog, DCAT.dataset, whole))
    for lang in ("SPA", "ENG", "FRA"):
        g.add((catalog, DCTERMS.language, URIRef(EU_LANG + lang)))
        g.add((URIRef(EU_LANG + lang), RDF.type, DCTERMS.LinguisticSystem))

    service = None
    if endpoint_url:
        service = rid("service", "sparql")
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal("puentes SPARQL endpoint", lang="en")))
        g.add((service, DCAT.endpointURL, URIRef(endpoint_url)))
        g.add((service, DCAT.servesDataset, whole))
        g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        g.add((URIRef("https://www.w3.org/TR/sparql11-protocol/"), RDF.type, DCTERMS.Standard))
        g.add((catalog, DCAT.service, service))

    def dataset(node: URIRef, title: str, description: str, graph: str | None,
                licence: URIRef) -> None:
        st = _stats(store, graph)
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, RDF.type, VOID.Dataset))
        g.add((node, DCTERMS.title, Literal(title, lang="en")))
        g.add((node, DCTERMS.description, Literal(description, lang="en")))
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCTERMS.license, licence))
        g.add((licence, RDF.type, DCTERMS.LicenseDocument))
        g.add((node, DCTERMS.modified, now))
        g.add((node, VOID.triples, Literal(st["triples"])))
        g.add((node, VOID.entities, Literal(st["entities"])))
        g.add((node, VOID.classes, Literal(len(st["classes"]))))
        g.add((node, VOID.properties, Literal(len(st["properties"]))))
        g.add((node, VOID.uriSpace, Literal(BASE + "id/")))
        for vocab in ("pu", "org", "skos", "prov", "dcterms", "qb", "schema"):
            g.add((node, VOID.vocabulary, URIRef(PREFIXES[vocab])))
        for cls, n in st["classes"]:
            part = BNode()
            g.add((node, VOID.classPartition, part))
            g.add((part, VOID["class"], URIRef(cls)))
            g.add((part, VOID.entities, Literal(n)))
        for prop, n in st["properties"]:
            part = BNode()
            g.add((node, VOID.propertyPartition, part))
            g.add((part, VOID.property, URIRef(prop)))
            g.add((part, VOID.triples, Literal(n)))
        for name, n in st["links"].items():
            if n:
                ls = URIRef(f"{node}/links-{name}")
                g.add((ls, RDF.type, VOID.Linkset))
                g.add((ls, VOID.subjectsTarget, node))
                g.add((ls, VOID.objectsTarget, URIRef(LINK_TARGETS[name])))
                g.add((ls, VOID.triples, Literal(n)))
                g.add((node, VOID.subset, ls))
        if service is not None:
            g.add((node, VOID.sparqlEndpoint, URIRef(endpoint_url)))

    dataset(whole, "puentes: cooperation against child labour (the whole graph)",
            "Regional bodies, initiatives, participations, commitments, financing, knowledge "
            "exchanges and statistics, with the source of every statement.", None,
            URIRef("https://creativecommons.org/licenses/by/4.0/"))
    first, last = _years(store)
    if first and last:
        g.add((whole, DCTERMS.temporal, _period(g, whole, f"{first}-01-01", f"{last}-12-31")))
    world = URIRef("http://metadata.un.org/sdg/codes/geoArea/001")
    g.add((world, RDF.type, DCTERMS.Location))
    g.add((whole, DCTERMS.spatial, world))
    for d in dumps:
        dist = rid("distribution", f"puentes-{d.name}")
        url = URIRef(f"{base_url}dumps/{d.path.name}")
        g.add((whole, DCAT.distribution, dist))
        g.add((whole, VOID.dataDump, url))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"The whole graph as {d.name} (gzip)", lang="en")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        media = URIRef(IANA + d.media_type)
        g.add((dist, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
        fmt = URIRef(EU_FILE + d.file_type)
        g.add((dist, DCTERMS["format"], fmt))
        g.add((fmt, RDF.type, DCTERMS.MediaTypeOrExtent))
        gz = URIRef(IANA + "application/gzip")
        g.add((dist, DCAT.compressFormat, gz))
        g.add((gz, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCAT.byteSize, Literal(d.byte_size, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
        ck = BNode()
        g.add((dist, SPDX.checksum, ck))
        g.add((ck, RDF.type, SPDX.Checksum))
        g.add((ck, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((ck, SPDX.checksumValue, Literal(d.sha256, datatype=XSD.hexBinary)))
        if service is not None:
            g.add((dist, DCAT.accessService, service))
    for sid, src in sources.items():
        node = rid("dataset", f"puentes/{sid}")
        g.add((catalog, DCAT.dataset, node))
        g.add((whole, VOID.subset, node))
        g.add((whole, DCTERMS.hasPart, node))
        dataset(node, src.title, src.description or f"The source {sid} of puentes.",
                str(graph_iri(sid)), _licence(src, g))
        g.add((node, DCTERMS.identifier, Literal(sid)))
        g.add((node, RDFS.seeAlso, graph_iri(sid)))
        if src.url:  # where the source's data came from
            g.add((node, PROV.wasDerivedFrom, URIRef(src.url)))
        if src.homepage:
            g.add((node, DCAT.landingPage, URIRef(src.homepage)))
            g.add((URIRef(src.homepage), RDF.type, FOAF.Document))
    g.add((catalog, DCTERMS.description, Literal(f"Published by puentes {__version__}.",
                                                  lang="en")))
    return g


def _years(store: GraphStore) -> tuple[str | None, str | None]:
    """The first and last year any date in the graph mentions (its temporal coverage)."""
    q = ("SELECT (MIN(?y) AS ?first) (MAX(?y) AS ?last) WHERE { "
         "?s ?p ?d . FILTER(?p IN (<http://schema.org/startDate>, <http://schema.org/endDate>, "
         "<http://schema.org/foundingDate>)) BIND(SUBSTR(STR(?d), 1, 4) AS ?y) }")
    row = next(iter(store.query(q)))
    return (row["first"].value if row["first"] else None,
            row["last"].value if row["last"] else None)


def _period(g: Graph, node: URIRef, start: str, end: str) -> URIRef:
    period = URIRef(f"{node}/period")
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
    g.add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))
    return period


def load_dcat_ap_shapes(path) -> Graph:  # noqa: ANN001
    """The DCAT-AP 3.0.1 shapes, minus the two property references of DataServiceShape that
    the release file names but never defines (pyshacl refuses such a shapes graph)."""
    from rdflib.namespace import SH

    shapes = Graph().parse(path)
    for node, prop in list(shapes.subject_objects(SH.property)):
        if shapes.value(prop, SH.path) is None:
            shapes.remove((node, SH.property, prop))
    return shapes
