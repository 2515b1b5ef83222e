"""The PROV-O record of one mapping run, added to the source's own named graph."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from puentes import __version__
from puentes.ingest.catalogue import Source
from puentes.namespaces import PU, graph_iri, rid


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def software_iri() -> URIRef:
    """The IRI of this puentes version as a prov:SoftwareAgent."""
    return rid("software", f"puentes-{__version__}")


def add_run_record(graph: Graph, source: Source, inputs: list[Path],
                   started: datetime, ended: datetime | None = None) -> URIRef:
    """Describe the run that produced ``graph`` (source, input checksums, time, version)."""
    ended = ended or datetime.now(timezone.utc)
    stamp = started.strftime("%Y%m%dT%H%M%S")
    run = rid("run", f"{source.id}/{stamp}")
    dataset = rid("dataset", source.id)
    g = graph
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, RDFS.label, Literal(f"puentes mapping run of {source.id} at {stamp}", lang="en")))
    g.add((run, PROV.used, dataset))
    g.add((run, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    g.add((run, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
    agent = software_iri()
    g.add((run, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"puentes {__version__}")))
    g.add((graph_iri(source.id), PROV.wasGeneratedBy, run))
    g.add((dataset, RDF.type, PROV.Entity))
    g.add((dataset, DCTERMS.title, Literal(source.title, lang="en")))
    g.add((dataset, DCTERMS.license, _licence_term(source.licence)))
    g.add((dataset, DCTERMS.publisher, Literal(source.publisher)))
    if source.url:
        g.add((dataset, PROV.hadPrimarySource, URIRef(source.url)))
    if source.homepage:  # the publisher's page about the data, for a person
        g.add((dataset, FOAF.page, URIRef(source.homepage)))
    if source.retrieved:  # when the shipped snapshot was taken from the publisher
        g.add((dataset, PU.accessedOn, Literal(source.retrieved, datatype=XSD.date)))
    _add_mirror(g, source, dataset)
    for path in inputs:
        part = rid("dataset", f"{source.id}/{path.name}")
        g.add((dataset, DCTERMS.hasPart, part))
        g.add((part, RDF.type, PROV.Entity))
        g.add((part, RDFS.label, Literal(path.name)))
        g.add((part, PU.sha256, Literal(sha256_file(path))))
        g.add((run, PROV.used, part))
    return run


def mirror_commits(source: Source) -> dict[str, str]:
    """``commit → the files copied from it`` of a mirrored source (``mirror:`` in the
    catalogue: one ``commit``, or ``commits`` per file)."""
    m = source.mirror
    if not m:
        return {}
    if m.get("commits"):
        out: dict[str, str] = {}
        for name, commit in m["commits"].items():
            out[commit] = ", ".join(filter(None, [out.get(commit), name]))
        return out
    return {str(m["commit"]): "every file"}


def _add_mirror(g: Graph, source: Source, dataset: URIRef) -> None:
    """The dataset was derived from a repository at a commit (a mirror of the publisher's
    data), which had the publisher's database as its primary source."""
    repo = str(source.mirror.get("repository", "")).rstrip("/")
    for commit, files in mirror_commits(source).items():
        copy = URIRef(f"{repo}/tree/{commit}")
        g.add((dataset, PROV.wasDerivedFrom, copy))
        g.add((copy, RDF.type, PROV.Entity))
        g.add((copy, RDFS.label, Literal(f"{repo.removeprefix('https://github.com/')} at "
                                         f"commit {commit[:8]} ({files})")))
        if source.mirror.get("publisher"):
            g.add((copy, DCTERMS.publisher, Literal(source.mirror["publisher"])))
        if source.url:
            g.add((copy, PROV.hadPrimarySource, URIRef(source.url)))


def _licence_term(licence: str) -> URIRef | Literal:
    return URIRef(licence) if licence.startswith(("http://", "https://")) else Literal(licence)
