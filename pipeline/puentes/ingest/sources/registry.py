"""The mapper of source ``registry``: the curated YAML files in ``data/registry/``.

The schema check runs first and reports every mistake at once (file, line, record, field,
value, what is expected); nothing is mapped while any remains.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.errors import NodeOrigin
from puentes.ingest.catalogue import Source
from puentes.ingest.reference import region_inputs
from puentes.ingest.registry.check import checked_registry
from puentes.ingest.registry.mapper import map_registry_with_origins

#: the origins of the nodes of the last mapping, per folder, with the files' stamps
_ORIGINS: dict[Path, tuple[tuple, dict[str, NodeOrigin]]] = {}


def _stamp(folder: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                 for p in registry_files(folder))

# The check and the mapper live in puentes/registry/; the build's fingerprint hashes the code
# of sources/, registry/ and opendata/ (build.MAPPING_CODE_DIRS), so editing them remaps.


def registry_files(folder: Path) -> list[Path]:
    """Every YAML file in a registry folder: the registry files, and any other, which the
    check reports (a misnamed file must not go unnoticed by an incremental build). Every
    source that reads the registry lists these among its inputs."""
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())


def inputs(source: Source) -> list[Path]:
    """The registry files of the source's folder (:func:`registry_files`), the reference
    table of countries (the check knows ISO codes from it) and the UNSD M49 tables (labels
    name M49 regions in each language from them)."""
    return registry_files(source.location) + region_inputs()


def map_source(source: Source) -> Graph:
    """Check, then map, the registry: :class:`~puentes.errors.DataError` listing every
    mistake at once, before anything is mapped."""
    stamp = _stamp(source.location)
    graph, origins = map_registry_with_origins(checked_registry(source.location))
    _ORIGINS[source.location.resolve()] = (stamp, origins)
    return graph


def locate(source: Source) -> dict[str, NodeOrigin]:
    """Where each node of the registry's graph comes from (IRI → file, line, record, field):
    the build names them when a cross-record check fails. Kept from the last mapping while
    the files are unchanged, else mapped again."""
    folder = source.location.resolve()
    stamp = _stamp(source.location)
    cached = _ORIGINS.get(folder)
    if cached is None or cached[0] != stamp:
        map_source(source)
    return _ORIGINS[folder][1]
