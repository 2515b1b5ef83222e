"""The mapper of source ``ontology``: the ontology, its SKOS schemes and imported terms.

Loading the model into the store lets every query show concept labels in es, en and fr.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.ingest.catalogue import Source
from puentes.model import load_model_graph, model_files

MAPPER_VERSION = "1"


def inputs(source: Source) -> list[Path]:
    """The ontology files (their bytes decide the graph)."""
    return model_files()


def map_source(source: Source) -> Graph:
    """A fresh copy of the model graph."""
    g = Graph()
    for t in load_model_graph():
        g.add(t)
    return g
