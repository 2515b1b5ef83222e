"""A generic mapper for sources that are already RDF (Turtle, N-Triples, JSON-LD …).

Use it in data/sources.yaml with ``mapper: rdf-files`` and a ``location`` folder or file; every
RDF file there becomes part of the source's graph.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.errors import ConfigError
from puentes.ingest.catalogue import Source

MAPPER_VERSION = "1"
SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".owl")


def inputs(source: Source) -> list[Path]:
    """The RDF files at the source's location (a file, or every RDF file in a folder)."""
    loc = source.location
    if loc.is_file():
        return [loc]
    if not loc.is_dir():
        raise ConfigError(f"source {source.id!r}: {loc} does not exist",
                          "fix 'location' in data/sources.yaml")
    return sorted(p for p in loc.rglob("*") if p.suffix in SUFFIXES)


def map_source(source: Source) -> Graph:
    """Parse every input file into one graph (errors give file, line and column)."""
    from puentes.rdfio import parse_file

    g = Graph()
    for path in inputs(source):
        g += parse_file(path)
    return g
