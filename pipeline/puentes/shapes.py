"""The SHACL shapes of ``shapes/`` as one graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .paths import shapes_dir
from .rdfio import load_turtle_files


def shapes_files() -> list[Path]:
    """The shape files (``shapes/*.ttl``; the DCAT-AP shapes and examples live apart)."""
    return sorted(shapes_dir().glob("*.ttl"))


#: shape files whose rules look across records; the build runs the same rules as
#: queries/checks/*-violation.rq once over the whole store (pyshacl evaluates SPARQL-based
#: constraints once per focus node: ~40 s instead of ~3 s on the U.S. DOL graph).
CROSS_RECORD = ("cross-entity.ttl",)


def load_shapes_graph(*, per_record: bool = False) -> Graph:
    """Every shape as one rdflib Graph (cached while the files are unchanged; read-only).

    ``per_record=True`` leaves out the cross-record shapes (see :data:`CROSS_RECORD`).
    """
    return load_turtle_files([p for p in shapes_files()
                              if not (per_record and p.name in CROSS_RECORD)])
