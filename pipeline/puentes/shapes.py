"""The SHACL shapes of ``shapes/`` as one graph."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from .paths import shapes_dir


def shapes_files() -> list[Path]:
    """The shape files (``shapes/*.ttl``; the DCAT-AP shapes and examples live apart)."""
    return sorted(shapes_dir().glob("*.ttl"))


@lru_cache(maxsize=4)
def _load(files: tuple[Path, ...], stamps: tuple[float, ...]) -> Graph:
    g = Graph()
    for path in files:
        g.parse(path, format="turtle")
    return g


def load_shapes_graph() -> Graph:
    """Every shape as one rdflib Graph (cached while the files are unchanged; read-only)."""
    files = tuple(shapes_files())
    return _load(files, tuple(p.stat().st_mtime for p in files))
