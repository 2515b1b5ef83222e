"""ILOSTAT (SDMX REST, CSV): SDG indicator 8.7.1, the proportion of children engaged in
economic activity (SDG_A871_SEX_AGE_RT) and in economic activity and household chores
(SDG_B871_SEX_AGE_RT), by sex and age → Data Cube observations.

SDMX data URL pattern: ``<base>/data/ILO,DF_<INDICATOR>,1.0/?format=csv``.
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
    "SDG_A871_SEX_AGE_RT": ("data/ILO,DF_SDG_A871_SEX_AGE_RT,1.0/", "sdg-871-economic-activity"),
    "SDG_B871_SEX_AGE_RT": ("data/ILO,DF_SDG_B871_SEX_AGE_RT,1.0/",
                            "sdg-871-economic-activity-household-chores"),
}


def inputs(source: Source) -> list[Path]:
    """The snapshot CSV files; NoSnapshotError when none was fetched."""
    return require_snapshot(source, [f"{name}.csv" for name in FLOWS])


def fetch(source: Source, *, base: str | None = None, policy: Policy | None = None) -> Path:
    """Fetch both data flows as SDMX-CSV."""
    return fetch_flows(source, {n: p for n, (p, _i) in FLOWS.items()}, base=base,
                       policy=policy)


def map_source(source: Source) -> Graph:
    """Observations from the snapshot."""
    g = Graph()
    bind_prefixes(g)
    dataset(g, source.id, "ILOSTAT, SDG indicator 8.7.1 by sex and age.")
    skipped: Counter = Counter()
    for (name, (_path, indicator)), path in zip(FLOWS.items(), inputs(source), strict=True):
        read_rows(g, source.id, path, indicator, skipped)
        _ = name
    for what, n in sorted(skipped.items()):
        warnings.warn(f"{n} row(s) left out: {what}", stacklevel=2)
    return g
