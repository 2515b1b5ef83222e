"""Names the project translated itself, kept apart from official names.

A translation by the project is a :data:`~puentes.namespaces.PU` ``ProjectTranslation``
attributed (PROV) to the puentes project, linked from the thing with ``pu:nameOrigin``; its
``rdf:value`` is the name. The same pattern serves the registry (``translated:``) and the
U.S. DOL goods (``data/raw/usdol-ilab/good-names.csv``), so that a query can always tell an
official name from one the project made (docs/model.md, "Where a name comes from").
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from puentes.namespaces import PU, rid

#: The puentes project (a prov:Organization), to whom its translations are attributed.
PROJECT = rid("agent", "puentes")
PROJECT_NAMES = {"es": "proyecto puentes", "en": "puentes project", "fr": "projet puentes"}


def name_origin(g: Graph, thing: URIRef, key: str, name: Literal) -> URIRef:
    """Add ``thing pu:nameOrigin pid:name/<key>--<lang>`` (a ``pu:NameOrigin`` whose
    ``rdf:value`` is ``name``) and return the origin node, for the caller to say where the
    name comes from."""
    node = rid("name", f"{key}--{name.language}")
    g.add((thing, PU.nameOrigin, node))
    g.add((node, RDF.type, PU.NameOrigin))
    g.add((node, RDF.value, name))
    return node


def project_translation(g: Graph, thing: URIRef, key: str, name: Literal) -> URIRef:
    """Mark ``name`` (one of ``thing``'s labels) as a translation made by the project."""
    node = name_origin(g, thing, key, name)
    g.add((node, RDF.type, PU.ProjectTranslation))
    g.add((node, PROV.wasAttributedTo, PROJECT))
    g.add((PROJECT, RDF.type, PROV.Organization))
    for lang, text in PROJECT_NAMES.items():
        g.add((PROJECT, RDFS.label, Literal(text, lang=lang)))
    return node
