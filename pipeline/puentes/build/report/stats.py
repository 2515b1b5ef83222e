"""Counts over the store: entities per class, triples per graph."""

from __future__ import annotations

from puentes.namespaces import PU
from puentes.store import GraphStore

#: the classes a person asks about, in the order the summary shows them.
CLASSES = {
    "regional bodies": PU.RegionalBody,
    "organisations": "http://www.w3.org/ns/org#Organization",
    "initiatives": PU.Initiative,
    "countries": PU.Country,
    "regions": PU.Region,
    "memberships": "http://www.w3.org/ns/org#Membership",
    "participations": PU.Participation,
    "commitments": PU.Commitment,
    "financing": PU.Financing,
    "knowledge exchanges": PU.KnowledgeExchange,
    "production findings": PU.ProductionFinding,
    "events": PU.Event,
    "observations": "http://purl.org/linked-data/cube#Observation",
    "concepts": "http://www.w3.org/2004/02/skos/core#Concept",
    "sources cited": PU.SourceDocument,
}


def entity_counts(store: GraphStore) -> dict[str, int]:
    """``{label: number of distinct instances}`` for :data:`CLASSES` (zeros left out)."""
    values = " ".join(f'("{k}" <{v}>)' for k, v in CLASSES.items())
    q = (f"SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES (?k ?c) {{ {values} }} "
         "?s a ?c } GROUP BY ?k")
    got = {row["k"].value: int(row["n"].value) for row in store.query(q)}
    return {k: got[k] for k in CLASSES if got.get(k)}
