"""The model: the ontology, its concept schemes, the Data Cube structure and reused terms."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from .paths import ontology_dir


def model_files() -> list[Path]:
    """Every Turtle file of ``ontology/`` (own terms, schemes, statistics, imports)."""
    root = ontology_dir()
    return sorted(root.glob("*.ttl")) + sorted(root.glob("schemes/*.ttl")) + sorted(
        root.glob("imports/*.ttl"))


@lru_cache(maxsize=4)
def _load(files: tuple[Path, ...], stamps: tuple[float, ...]) -> Graph:
    g = Graph()
    for path in files:
        g.parse(path, format="turtle")
    return g


def load_model_graph() -> Graph:
    """The whole model as one rdflib Graph (cached while the files are unchanged).

    Treat the result as read-only: it is shared between callers.
    """
    files = tuple(model_files())
    return _load(files, tuple(p.stat().st_mtime for p in files))
