"""The mapper of source ``registry``: the curated YAML files in ``data/registry/``.

The schema check runs first and reports every mistake at once (file, line, record, field,
value, what is expected); nothing is mapped while any remains.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.ingest.catalogue import Source
from puentes.ingest.reference import country_inputs
from puentes.ingest.registry.check import checked_registry
from puentes.ingest.registry.mapper import map_registry

# The check and the mapper live in puentes/registry/; the build's fingerprint hashes the code
# of sources/, registry/ and opendata/ (build.MAPPING_CODE_DIRS), so editing them remaps.


def registry_files(folder: Path) -> list[Path]:
    """Every YAML file in a registry folder: the registry files, and any other, which the
    check reports (a misnamed file must not go unnoticed by an incremental build). Every
    source that reads the registry lists these among its inputs."""
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())


def inputs(source: Source) -> list[Path]:
    """The registry files of the source's folder (:func:`registry_files`) and the reference
    table of countries (the check knows ISO codes from it)."""
    return registry_files(source.location) + country_inputs()


def map_source(source: Source) -> Graph:
    """Check, then map, the registry: :class:`~puentes.errors.DataError` listing every
    mistake at once, before anything is mapped."""
    return map_registry(checked_registry(source.location))
