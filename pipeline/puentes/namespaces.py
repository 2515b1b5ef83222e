"""Namespaces and IRI builders used everywhere (see docs/model.md).

The base IRI is configurable with the environment variable ``PUENTES_BASE`` so that a
publisher can mint IRIs under their own domain; everything else derives from it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import AnyStr

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SKOS,
    TIME,
    VOID,
    XSD,
)

from puentes.paths import DEFAULT_BASE, base_iri

BASE = base_iri()

PU = Namespace(BASE + "ontology#")
PID = Namespace(BASE + "id/")
PSC = Namespace(BASE + "scheme/")
PG = Namespace(BASE + "graph/")
SCHEMA = Namespace("http://schema.org/")
DQV = Namespace("http://www.w3.org/ns/dqv#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
WD = Namespace("http://www.wikidata.org/entity/")
M49 = Namespace("http://metadata.un.org/sdg/codes/geoArea/")
SDG = Namespace("http://metadata.un.org/sdg/")

#: prefix → namespace, the one list used to bind prefixes in graphs, queries and dumps.
PREFIXES: dict[str, str] = {
    "pu": str(PU),
    "pid": str(PID),
    "psc": str(PSC),
    "pg": str(PG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "qb": str(QB),
    "time": str(TIME),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "dqv": str(DQV),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTR),
    "sdmx-code": str(SDMX_CODE),
    "wd": str(WD),
    "sh": "http://www.w3.org/ns/shacl#",
}
#: one prefix per concept scheme, so that SPARQL and Turtle can say ``role:facilitating``.
SCHEME_PREFIXES: dict[str, str] = {
    "modality": "modality", "itype": "initiative-type", "role": "role", "theme": "theme",
    "fmodel": "financing-model", "status": "status", "pfunc": "platform-function",
    "cycle": "reporting-cycle", "aform": "accountability-form", "otype": "organization-type",
    "mrole": "membership-role", "grouping": "country-grouping", "scope": "scope",
    "etype": "event-type", "exploit": "exploitation", "sector": "sector", "good": "good",
    "ind": "indicator", "age": "age-group", "sex": "sex", "unit": "unit",
}
PREFIXES.update({p: f"{PSC}{scheme}/" for p, scheme in SCHEME_PREFIXES.items()})

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def rebase(text: AnyStr) -> AnyStr:
    """``text`` (a project file's text or bytes: Turtle, SPARQL) with the default base
    replaced by :data:`BASE`: the one place ``PUENTES_BASE`` reaches the files written under
    ``https://w3id.org/puentes/`` — the ontology, shapes, saved queries and fixtures, as they
    are read (:mod:`puentes.rdfio`) or copied to the published site.

    >>> rebase("<https://w3id.org/puentes/id/x>") == f"<{BASE}id/x>"
    True
    """
    if BASE == DEFAULT_BASE:
        return text
    if isinstance(text, bytes):
        return text.replace(DEFAULT_BASE.encode(), BASE.encode())
    return text.replace(DEFAULT_BASE, BASE)


def slugify(text: str) -> str:
    """Turn a name into a stable, lower-case kebab-case ASCII slug.

    >>> slugify("Côte d'Ivoire — Cocoa (beans)")
    'cote-d-ivoire-cocoa-beans'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_STRIP.sub("-", ascii_text.lower()).strip("-")


def rid(kind: str, slug: str) -> URIRef:
    """The IRI of a resource: ``rid("country", "BRA")`` → ``…/id/country/BRA``."""
    return PID[f"{kind}/{slug}"]


def concept(scheme: str, slug: str) -> URIRef:
    """The IRI of a SKOS concept: ``concept("modality", "south-south")``."""
    return PSC[f"{scheme}/{slug}"]


def graph_iri(source_id: str) -> URIRef:
    """The IRI of the named graph holding one source's triples."""
    return PG[source_id]


def sparql_prefixes() -> str:
    """The PREFIX block for SPARQL text, built from :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


_DECLARED = re.compile(r"(?im)^\s*PREFIX\s+([\w-]*):")
_USED = re.compile(r"(?<![\w<\-])([A-Za-z][\w-]*):")


def with_prefixes(text: str, *, only_used: bool = False) -> str:
    """SPARQL ``text`` with a PREFIX line for each project prefix it does not declare itself
    (with ``only_used``, just the prefixes it seems to use: a readable query for a person).
    The one prefix injector: it follows :data:`BASE`, so ``PUENTES_BASE`` is honoured.

    >>> with_prefixes("SELECT * { ?c a pu:Country }", only_used=True).splitlines()[0]
    'PREFIX pu: <https://w3id.org/puentes/ontology#>'
    """
    declared = set(_DECLARED.findall(text))
    used = set(_USED.findall(text)) if only_used else PREFIXES.keys()
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()
                   if p not in declared and p in used) + text


def curie(iri: str) -> str:
    """The shortest prefixed name for ``iri`` (the longest matching namespace wins, so a
    concept reads ``modality:south-south``, not ``psc:modality/south-south``); else the IRI.
    A leading ``^`` (an inverse path) is kept.

    >>> curie(str(PSC) + "modality/south-south")
    'modality:south-south'
    >>> curie(str(PID) + "country/BRA")
    'pid:country/BRA'
    """
    if iri.startswith("^"):
        return "^" + curie(iri[1:])
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns) and iri != ns),
               key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def bind_prefixes(graph) -> None:  # noqa: ANN001 - any rdflib Graph/Dataset
    """Bind the project prefixes on an rdflib graph (for readable Turtle)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
