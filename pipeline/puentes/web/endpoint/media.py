"""Media types the endpoint serves, and content negotiation by the Accept header."""

from __future__ import annotations

import pyoxigraph as ox

RESULTS = {  # SELECT / ASK
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {  # CONSTRUCT / DESCRIBE and resource documents
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: the W3C format IRIs (https://www.w3.org/ns/formats/) of what the endpoint writes.
FORMAT_IRIS = [
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML",
]


def negotiate(accept: str, offers: list[str], default: str) -> str:
    """Pick the offer the Accept header prefers (q-values honoured; ties: header order;
    media types compared case-insensitively).

    >>> negotiate("Text/Turtle;q=0.5, application/ld+json", ["text/turtle",
    ...           "application/ld+json"], "text/turtle")
    'application/ld+json'
    """
    if not (accept or "").strip():
        return default
    best, best_q = default, -1.0
    for i, part in enumerate(accept.split(",")):
        media, *params = [x.strip() for x in part.split(";")]
        media = media.lower()
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        candidates = offers if media in ("*/*", "") else [
            o for o in offers if o == media or (media.endswith("/*")
                                                and o.startswith(media[:-1]))]
        for c in candidates:
            score = q - i * 1e-6
            if q > 0 and score > best_q:
                best, best_q = c, score
    return best
