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


#: shape files whose rules look across records; the build runs the same rules as
#: queries/checks/*-violation.rq once over the whole store (pyshacl evaluates SPARQL-based
#: constraints once per focus node: ~40 s instead of ~3 s on the U.S. DOL graph).
CROSS_RECORD = ("cross-entity.ttl",)


def load_shapes_graph(*, per_record: bool = False) -> Graph:
    """Every shape as one rdflib Graph (cached while the files are unchanged; read-only).

    ``per_record=True`` leaves out the cross-record shapes (see :data:`CROSS_RECORD`).
    """
    files = tuple(p for p in shapes_files() if not (per_record and p.name in CROSS_RECORD))
    return _load(files, tuple(p.stat().st_mtime for p in files))
