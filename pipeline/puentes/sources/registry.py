"""The mapper of source ``registry``: the curated YAML files in ``data/registry/``.

The schema check runs first and reports every mistake at once (file, line, record, field,
value, what is expected); nothing is mapped while any remains.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..catalogue import Source
from ..errors import DataError
from ..registry.check import check_registry
from ..registry.mapper import map_registry
from ..registry.schema import KINDS

MAPPER_VERSION = "1"


def inputs(source: Source) -> list[Path]:
    """The registry files present in the source's folder."""
    return [source.location / k.file for k in KINDS.values()
            if (source.location / k.file).is_file()]


def map_source(source: Source) -> Graph:
    """Check, then map, the registry."""
    reg, issues = check_registry(source.location)
    if issues:
        raise DataError(issues, "fix each line above in data/registry/, then run "
                                "`puentes registry check` (fast) or `puentes build` again")
    return map_registry(reg)
