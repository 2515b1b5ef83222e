"""The catalogue of a release, with DCAT 3 versioning.

``publish`` describes the whole graph as ``pid:dataset/puentes``. In a release that
description becomes the **version** ``pid:dataset/puentes/release/<version>`` (its
distributions are the release's own dumps), with ``dcat:version``, ``adms:versionNotes``
(es, en, fr), ``dcat:previousVersion`` and ``dcterms:isVersionOf``. ``pid:dataset/puentes``
stays as the dataset that *has* the versions (``dcat:hasVersion`` each of them,
``dcat:hasCurrentVersion`` the newest) and carries the current version's description. Every
earlier version is described again from its own release's catalogue, so that each
``dcat:hasVersion`` names a described ``dcat:Dataset`` (as the DCAT-AP shapes require) whose
downloads still resolve.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from puentes.namespaces import rid
from puentes.web.publish.dcat import ADMS

#: DCAT 3 (rdflib's closed DCAT namespace lacks the versioning terms)
DCAT = Namespace("http://www.w3.org/ns/dcat#")
#: properties of a version that the dataset having the versions does not share
VERSION_ONLY = {DCAT.version, ADMS.versionNotes, DCAT.previousVersion, DCTERMS.isVersionOf}
#: left out when an earlier version is copied in (large and not about the version as such)
NOT_COPIED = {VOID.classPartition, VOID.propertyPartition}


def version_iri(version: str) -> URIRef:
    """The IRI of a release as a dataset.

    >>> str(version_iri("v2"))
    'https://w3id.org/puentes/id/dataset/puentes/release/v2'
    """
    return rid("dataset", f"puentes/release/{version}")


def _rename(g: Graph, names: dict[URIRef, URIRef]) -> None:
    """Rename nodes (``{old: new}``) in one pass over the graph."""
    for s, p, o in list(g):
        if s in names or o in names:
            g.remove((s, p, o))
            g.add((names.get(s, s), p, names.get(o, o)))


def _description(g: Graph, node: URIRef) -> Graph:
    """A node's triples and those of the nodes it owns (blank nodes, its distributions, its
    period), recursively; partitions left out."""
    out, todo, seen = Graph(), [node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for s, p, o in g.triples((n, None, None)):
            if p in NOT_COPIED:
                continue
            out.add((s, p, o))
            owned = isinstance(o, BNode) or p == DCAT.distribution or (
                isinstance(o, URIRef) and str(o).startswith(str(node) + "/"))
            if owned:
                todo.append(o)
    for o in set(out.objects()):  # the classes of what it points to (a landing page …)
        if isinstance(o, URIRef):
            for t in g.objects(o, RDF.type):
                out.add((o, RDF.type, t))
    return out


def version_catalogue(catalog: Graph, version: str, notes: dict[str, str],
                      earlier: list[tuple[str, Path]]) -> Graph:
    """Turn ``publish``'s catalogue into the release's (in place, and returned).

    ``notes``: the version notes by language; ``earlier``: (version, catalogue file) of every
    earlier release, oldest first."""
    whole = rid("dataset", "puentes")
    this = version_iri(version)
    # the nodes publish names the same in every release get names of this release's own
    names = {d: rid("distribution", f"release/{version}/{str(d).rsplit('/', 1)[-1]}")
             for d in set(catalog.subjects(RDF.type, DCAT.Distribution))}
    for node in {s for s, _p, _o in catalog} | {o for o in catalog.objects()}:
        if isinstance(node, URIRef) and (str(node) == f"{whole}/period"
                                         or str(node).startswith(f"{whole}/links-")):
            names[node] = URIRef(str(this) + str(node)[len(str(whole)):])
    names[whole] = this
    _rename(catalog, names)
    catalog.add((this, DCAT.version, Literal(version)))
    for lang, text in notes.items():
        catalog.add((this, ADMS.versionNotes, Literal(text, lang=lang)))
    catalog.add((this, DCTERMS.isVersionOf, whole))
    title = catalog.value(this, DCTERMS.title)
    if title is not None:
        catalog.remove((this, DCTERMS.title, title))
        catalog.add((this, DCTERMS.title, Literal(f"{title} — release {version}",
                                                  lang=title.language)))
    if earlier:
        catalog.add((this, DCAT.previousVersion, version_iri(earlier[-1][0])))
    for p, o in list(catalog.predicate_objects(this)):
        if p not in VERSION_ONLY and p != DCTERMS.title:
            catalog.add((whole, p, o))
    if title is not None:
        catalog.add((whole, DCTERMS.title, title))
    catalog_node = rid("catalog", "puentes")
    catalog.add((catalog_node, DCAT.dataset, whole))
    catalog.add((whole, DCAT.hasCurrentVersion, this))
    catalog.add((whole, DCAT.hasVersion, this))
    for past, path in earlier:
        node = version_iri(past)
        catalog.add((whole, DCAT.hasVersion, node))
        catalog.add((catalog_node, DCAT.dataset, node))
        if path.is_file():
            catalog += _description(Graph().parse(path, format="turtle"), node)
    return catalog
