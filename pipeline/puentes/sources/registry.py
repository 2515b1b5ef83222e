"""The mapper of source ``registry``: the curated YAML files in ``data/registry/``.

The schema check runs first and reports every mistake at once (file, line, record, field,
value, what is expected); nothing is mapped while any remains.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph

from .. import registry as registry_package
from ..catalogue import Source
from ..registry.check import checked_registry
from ..registry.mapper import map_registry

# The build's fingerprint hashes this file only; the check and the mapper live in
# puentes/registry/, so their bytes go into the version: changing them remaps the registry.
MAPPER_VERSION = "2+" + hashlib.sha256(b"".join(
    p.read_bytes() for p in sorted(Path(registry_package.__file__).parent.glob("*.py"))
)).hexdigest()[:12]


def inputs(source: Source) -> list[Path]:
    """Every YAML file in the source's folder: the registry files, and any other, which the
    check reports (a misnamed file must not go unnoticed by an incremental build)."""
    return sorted(p for p in source.location.glob("*.y*ml") if p.is_file())


def map_source(source: Source) -> Graph:
    """Check, then map, the registry: :class:`~puentes.errors.DataError` listing every
    mistake at once, before anything is mapped."""
    return map_registry(checked_registry(source.location))
