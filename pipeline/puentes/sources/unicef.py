"""UNICEF's Data Warehouse (SDMX REST, CSV): children aged 5–17 in child labour, economic
activities (PT_CHLD_5-17_LBR_ECON) and with household chores (PT_CHLD_5-17_LBR_ECON-HC),
by sex → Data Cube observations.

SDMX data URL pattern: ``<base>/data/UNICEF,PT,1.0/.<INDICATOR>.?format=csv&labels=id``.
"""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

from rdflib import Graph

from ..catalogue import Source
from ..fetch import Policy, require_snapshot
from ..namespaces import bind_prefixes
from ..opendata.cube import dataset
from ..opendata.sdmx import fetch_flows, read_rows

MAPPER_VERSION = "1"
FLOWS = {
    "PT_CHLD_5-17_LBR_ECON": ("data/UNICEF,PT,1.0/.PT_CHLD_5-17_LBR_ECON.",
                              "child-labour-economic-activity"),
    "PT_CHLD_5-17_LBR_ECON-HC": ("data/UNICEF,PT,1.0/.PT_CHLD_5-17_LBR_ECON-HC.",
                                 "child-labour-economic-activity-household-chores"),
}


def inputs(source: Source) -> list[Path]:
    """The snapshot CSV files; NoSnapshotError when none was fetched."""
    return require_snapshot(source, [f"{name}.csv" for name in FLOWS])


def fetch(source: Source, *, base: str | None = None, policy: Policy | None = None) -> Path:
    """Fetch both indicators as SDMX-CSV (codes, not labels)."""
    return fetch_flows(source, {n: p for n, (p, _i) in FLOWS.items()}, base=base,
                       policy=policy, params={"labels": "id"})


def map_source(source: Source) -> Graph:
    """Observations from the snapshot; UNICEF's series are all ages 5–17."""
    g = Graph()
    bind_prefixes(g)
    dataset(g, source.id, "UNICEF Data Warehouse, child protection (PT): child labour.")
    skipped: Counter = Counter()
    for (name, (_path, indicator)), path in zip(FLOWS.items(), inputs(source), strict=True):
        read_rows(g, source.id, path, indicator, skipped, code=name)
    for what, n in sorted(skipped.items()):
        warnings.warn(f"{n} row(s) left out: {what}", stacklevel=2)
    return g
