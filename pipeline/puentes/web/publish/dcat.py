"""The dataset description: DCAT (DCAT-AP 3) and VoID, for the whole graph and each source."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, VOID, XSD

from puentes import __version__
from puentes.i18n import LANGS
from puentes.ingest.catalogue import Source
from puentes.namespaces import BASE, PREFIXES, bind_prefixes, graph_iri, rid
from puentes.store import GraphStore
from puentes.web.messages import N_, translator
from puentes.web.publish.dumps import Dump

SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
EU_FILE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANG = "http://publications.europa.eu/resource/authority/language/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_ACCESS = "http://publications.europa.eu/resource/authority/access-right/"
EU_LICENCE = "http://publications.europa.eu/resource/authority/licence/"
#: licences by the URL sources state them with → the EU licence authority table (the
#: vocabulary DCAT-AP recommends and data.europa.eu's quality assessment checks)
LICENCES = {
    "https://creativecommons.org/licenses/by/4.0/": "CC_BY_4_0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC_BYSA_4_0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0",
    "https://opendatacommons.org/licenses/pddl/1-0/": "ODC_PDDL",
    "https://opendatacommons.org/licenses/by/1-0/": "ODC_BY",
    "https://opendatacommons.org/licenses/odbl/1-0/": "ODC_ODBL",
}
CC_BY = URIRef(EU_LICENCE + "CC_BY_4_0")
#: the EU data themes of the whole graph: society (child labour) and international issues
#: (cooperation between states and regional bodies)
THEMES = {"SOCI": "Population and society", "INTR": "International issues"}
#: the whole graph's keywords (English ids of the web catalogue, written in es, en and fr)
KEYWORDS = [N_("child labour"), N_("regional cooperation"), N_("interregional cooperation"),
            N_("linked open data")]
KIND_KEYWORDS = {"model": "ontology", "reference-data": "reference data",
                 "curated-registry": "registry", "open-data-file": "statistics",
                 "sdmx-api": "statistics", "rest-api": "statistics",
                 "sparql-endpoint": "Wikidata"}
IANA = "https://www.iana.org/assignments/media-types/"
LINK_TARGETS = {"wikidata": "http://www.wikidata.org/entity/",
                "m49": "http://metadata.un.org/sdg/codes/geoArea/"}


def _licence(source: Source, g: Graph | None = None) -> URIRef:
    lic = source.licence
    if lic in LICENCES:
        return URIRef(EU_LICENCE + LICENCES[lic])
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
             base_url: str, endpoint_url: str | None = None, *,
             graph_dumps: dict[str, Dump] | None = None, quality: Path | None = None,
             contact: str | None = None) -> Graph:
    """The DCAT catalogue + VoID description of the published graph.

    What data.europa.eu's Metadata Quality Assessment scores is there (keywords, themes,
    spatial and temporal coverage, access and download URLs, formats and media types from
    the EU vocabularies, licences from the EU licence table, access rights, contact point,
    publisher, rights, byte sizes, issued and modified dates); only sources with data in the
    store are listed, each with its own download; the build's data-quality report is a
    distribution and its DQV measurements hang off the datasets they measure."""
    base_url = base_url.rstrip("/") + "/"
    graph_dumps = graph_dumps or {}
    g = Graph()
    bind_prefixes(g)
    g.bind("spdx", SPDX)
    g.bind("adms", ADMS)
    g.bind("vcard", VCARD)
    g.bind("dqv", DQV)
    now = Literal(datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                  datatype=XSD.dateTime)
    catalog, whole = rid("catalog", "puentes"), rid("dataset", "puentes")
    publisher = rid("organization", "puentes")
    home = URIRef(base_url)
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("puentes")))
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("puentes — linked open data catalogue", lang="en")))
    g.add((catalog, DCTERMS.description, Literal(
        "The knowledge graph of regional and interregional cooperation against child labour, "
        "as a whole and per source.", lang="en")))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.modified, now))
    g.add((catalog, DCTERMS.issued, now))
    g.add((catalog, FOAF.homepage, home))
    g.add((catalog, DCTERMS.license, CC_BY))
    g.add((home, RDF.type, FOAF.Document))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((catalog, DCAT.dataset, whole))
    for lang in ("SPA", "ENG", "FRA"):
        g.add((catalog, DCTERMS.language, URIRef(EU_LANG + lang)))
        g.add((URIRef(EU_LANG + lang), RDF.type, DCTERMS.LinguisticSystem))
    contact_node = _contact(g, contact or base_url)
    public = URIRef(EU_ACCESS + "PUBLIC")
    g.add((public, RDF.type, DCTERMS.RightsStatement))
    rights = rid("rights", "attribution")
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    g.add((rights, RDFS.label, Literal(
        "Reuse is free under the licence given; cite puentes and the source named on every "
        "statement (dcterms:source).", lang="en")))
    measurements = _measurements(quality)

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

    def distribution(node: URIRef, name: str, title: str, url: URIRef, media: str,
                     file_type: str, size: int, sha256: str | None, licence: URIRef,
                     gzip: bool = False) -> None:
        dist = rid("distribution", name)
        g.add((node, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(title, lang="en")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        mt = URIRef(IANA + media)
        g.add((dist, DCAT.mediaType, mt))
        g.add((mt, RDF.type, DCTERMS.MediaType))
        fmt = URIRef(EU_FILE + file_type)
        g.add((dist, DCTERMS["format"], fmt))
        g.add((fmt, RDF.type, DCTERMS.MediaTypeOrExtent))
        if gzip:
            gz = URIRef(IANA + "application/gzip")
            g.add((dist, DCAT.compressFormat, gz))
            g.add((gz, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, licence))
        g.add((licence, RDF.type, DCTERMS.LicenseDocument))
        g.add((dist, DCTERMS.rights, rights))
        g.add((dist, DCTERMS.issued, now))
        g.add((dist, DCTERMS.modified, now))
        if sha256:
            ck = BNode()
            g.add((dist, SPDX.checksum, ck))
            g.add((ck, RDF.type, SPDX.Checksum))
            g.add((ck, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((ck, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))
        if service is not None:
            g.add((dist, DCAT.accessService, service))

    def dataset(node: URIRef, title: str, description: str, graph: str | None,
                licence: URIRef, keywords: list[Literal], landing: URIRef) -> None:
        st = _stats(store, graph)
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, RDF.type, VOID.Dataset))
        g.add((node, DCTERMS.title, Literal(title, lang="en")))
        g.add((node, DCTERMS.description, Literal(description, lang="en")))
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCTERMS.license, licence))
        g.add((licence, RDF.type, DCTERMS.LicenseDocument))
        g.add((node, DCTERMS.modified, now))
        g.add((node, DCTERMS.issued, now))
        g.add((node, DCTERMS.accessRights, public))
        g.add((node, DCAT.contactPoint, contact_node))
        g.add((node, DCAT.landingPage, landing))
        g.add((landing, RDF.type, FOAF.Document))
        for kw in keywords:
            g.add((node, DCAT.keyword, kw))
        for theme, label in THEMES.items():
            g.add((node, DCAT.theme, URIRef(EU_THEME + theme)))
            g.add((URIRef(EU_THEME + theme), RDF.type, SKOS.Concept))
            g.add((URIRef(EU_THEME + theme), SKOS.prefLabel, Literal(label, lang="en")))
            g.add((URIRef(EU_THEME + theme), SKOS.inScheme,
                   URIRef(EU_THEME.rstrip("/"))))
        for lang in ("SPA", "ENG", "FRA"):
            g.add((node, DCTERMS.language, URIRef(EU_LANG + lang)))
        first, last = _years(store, graph)
        if first and last:
            g.add((node, DCTERMS.temporal, _period(g, node, f"{first}-01-01",
                                                   f"{last}-12-31")))
        g.add((node, DCTERMS.spatial, WORLD))
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
            if n:  # VoID linksets: how many links to each outside dataset
                ls = URIRef(f"{node}/links-{name}")
                g.add((ls, RDF.type, VOID.Linkset))
                g.add((ls, VOID.subjectsTarget, node))
                g.add((ls, VOID.objectsTarget, URIRef(LINK_TARGETS[name])))
                g.add((URIRef(LINK_TARGETS[name]), RDF.type, VOID.Dataset))
                g.add((ls, VOID.triples, Literal(n)))
                g.add((node, VOID.subset, ls))
        if service is not None:
            g.add((node, VOID.sparqlEndpoint, URIRef(endpoint_url)))
        for m in measurements.get(str(graph_iri_or_whole(graph)), []):
            g.add((node, DQV.hasQualityMeasurement, m))

    g.add((WORLD, RDF.type, DCTERMS.Location))
    dataset(whole, "puentes: cooperation against child labour (the whole graph)",
            "Regional bodies, initiatives, participations, commitments, financing, knowledge "
            "exchanges and statistics, with the source of every statement.", None, CC_BY,
            [Literal(translator(lang)(k), lang=lang) for lang in LANGS for k in KEYWORDS], home)
    for d in dumps:
        distribution(whole, f"puentes-{d.name}", f"The whole graph as {d.name} (gzip)",
                     URIRef(f"{base_url}dumps/{d.path.name}"), d.media_type, d.file_type,
                     d.byte_size, d.sha256, CC_BY, gzip=True)
        g.add((whole, VOID.dataDump, URIRef(f"{base_url}dumps/{d.path.name}")))
    if quality is not None:
        _quality_distributions(quality, base_url, distribution, whole)
    present = store.graphs()
    for sid, src in sources.items():
        if not present.get(sid):  # no data in the store: not listed (nothing to download)
            continue
        node = rid("dataset", f"puentes/{sid}")
        g.add((catalog, DCAT.dataset, node))
        g.add((whole, VOID.subset, node))
        g.add((whole, DCTERMS.hasPart, node))
        licence = _licence(src, g)
        keywords = [Literal(k, lang="en") for k in KEYWORDS[:1]]
        keywords.append(Literal(KIND_KEYWORDS.get(src.kind, src.kind), lang="en"))
        landing = URIRef(src.homepage or src.url or base_url)
        dataset(node, src.title, src.description or f"The source {sid} of puentes.",
                str(graph_iri(sid)), licence, keywords, landing)
        g.add((node, DCTERMS.identifier, Literal(sid)))
        g.add((node, RDFS.seeAlso, graph_iri(sid)))
        if src.url:  # where the source's data came from
            g.add((node, PROV.wasDerivedFrom, URIRef(src.url)))
        dump = graph_dumps.get(sid)
        if dump is not None:
            url = URIRef(f"{base_url}dumps/graphs/{dump.path.name}")
            distribution(node, f"puentes-{sid}-ttl", f"{src.title} as Turtle (gzip)", url,
                         dump.media_type, dump.file_type, dump.byte_size, dump.sha256,
                         licence, gzip=True)
            g.add((node, VOID.dataDump, url))
    g.add((catalog, DCTERMS.description, Literal(f"Published by puentes {__version__}.",
                                                  lang="en")))
    return g


WORLD = URIRef("http://metadata.un.org/sdg/codes/geoArea/001")


def graph_iri_or_whole(graph: str | None) -> URIRef:
    """What the quality report's measurements are computed on: a source's named graph, or
    the whole dataset."""
    return URIRef(graph) if graph else rid("dataset", "puentes")


def _contact(g: Graph, contact: str) -> URIRef:
    """A vCard contact point: an e-mail address (``mailto:`` or ``a@b``) or a web page."""
    node = rid("contact", "puentes")
    g.add((node, RDF.type, VCARD.Kind))
    g.add((node, RDF.type, VCARD.Organization))
    g.add((node, VCARD.fn, Literal("puentes data stewards")))
    if contact.startswith("mailto:") or ("@" in contact and "://" not in contact):
        address = contact if contact.startswith("mailto:") else f"mailto:{contact}"
        g.add((node, VCARD.hasEmail, URIRef(address)))
    else:
        g.add((node, VCARD.hasURL, URIRef(contact)))
    return node


def _measurements(quality: Path | None) -> dict[str, list[URIRef]]:
    """The DQV measurements of the quality report, by what they were computed on."""
    out: dict[str, list[URIRef]] = {}
    if quality is None:
        return out
    dqv = Graph().parse(quality / "quality.ttl", format="turtle")
    for m, target in dqv.subject_objects(DQV.computedOn):
        out.setdefault(str(target), []).append(m)
    return out


def _quality_distributions(quality: Path, base_url: str, distribution, whole: URIRef) -> None:  # noqa: ANN001
    """The data-quality report as two distributions of the whole graph (DQV and HTML)."""
    for name, media, ftype, title in (
            ("quality.ttl", "text/turtle", "RDF_TURTLE",
             "Data-quality measurements of the graph (W3C DQV, Turtle)"),
            ("quality.html", "text/html", "HTML", "Data-quality report of the graph (HTML)")):
        path = quality / name
        if not path.is_file():
            continue
        raw = path.read_bytes()
        distribution(whole, f"puentes-quality-{name.split('.')[-1]}", title,
                     URIRef(f"{base_url}quality/{name}"), media, ftype, len(raw),
                     hashlib.sha256(raw).hexdigest(), CC_BY)


def schema_org_dataset(catalog: Graph) -> str:
    """The whole graph as a schema.org ``Dataset`` in JSON-LD, for the home page (search
    engines read it), built from the DCAT description."""
    whole = rid("dataset", "puentes")
    text = lambda p: str(catalog.value(whole, p) or "")  # noqa: E731
    downloads = []
    for dist in catalog.objects(whole, DCAT.distribution):
        downloads.append({"@type": "DataDownload",
                          "name": str(catalog.value(dist, DCTERMS.title)),
                          "contentUrl": str(catalog.value(dist, DCAT.downloadURL)),
                          "encodingFormat": str(catalog.value(dist, DCAT.mediaType))
                          .removeprefix(IANA),
                          "contentSize": str(catalog.value(dist, DCAT.byteSize))})
    data = {"@context": "https://schema.org/", "@type": "Dataset", "@id": str(whole),
            "name": text(DCTERMS.title), "description": text(DCTERMS.description),
            "url": str(catalog.value(whole, DCAT.landingPage)),
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "isAccessibleForFree": True,
            "keywords": sorted(str(k) for k in catalog.objects(whole, DCAT.keyword)),
            "inLanguage": list(LANGS),
            "creator": {"@type": "Organization", "name": "puentes"},
            "dateModified": text(DCTERMS.modified),
            "spatialCoverage": {"@type": "Place", "name": "World", "sameAs": str(WORLD)},
            "distribution": sorted(downloads, key=lambda d: d["contentUrl"])}
    period = catalog.value(whole, DCTERMS.temporal)
    if period is not None:
        data["temporalCoverage"] = (f"{catalog.value(period, DCAT.startDate)}/"
                                    f"{catalog.value(period, DCAT.endDate)}")
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _years(store: GraphStore, graph: str | None = None) -> tuple[str | None, str | None]:
    """The first and last year any date in the graph (or one named graph) mentions: its
    temporal coverage."""
    pattern = "?s ?p ?d" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?d }}"
    q = ("SELECT (MIN(?y) AS ?first) (MAX(?y) AS ?last) WHERE { " + pattern + " "
         "FILTER(?p IN (<http://schema.org/startDate>, <http://schema.org/endDate>, "
         "<http://schema.org/foundingDate>, "
         "<http://purl.org/linked-data/sdmx/2009/dimension#refPeriod>)) "
         "BIND(SUBSTR(STR(?d), 1, 4) AS ?y) FILTER(REGEX(?y, \"^[0-9]{4}$\")) }")
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
