"""The model: the ontology, its concept schemes, the Data Cube structure and reused terms."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .paths import ontology_dir
from .rdfio import load_turtle_files


def model_files() -> list[Path]:
    """Every Turtle file of ``ontology/`` (own terms, schemes, statistics, imports)."""
    root = ontology_dir()
    return sorted(root.glob("*.ttl")) + sorted(root.glob("schemes/*.ttl")) + sorted(
        root.glob("imports/*.ttl"))


def load_model_graph() -> Graph:
    """The whole model as one rdflib Graph (cached while the files are unchanged).

    Treat the result as read-only: it is shared between callers.
    """
    return load_turtle_files(model_files())
