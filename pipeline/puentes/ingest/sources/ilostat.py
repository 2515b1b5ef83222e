"""ILOSTAT (SDMX REST, CSV): SDG indicator 8.7.1, the proportion of children engaged in
economic activity (``SDG_A871_SEX_AGE_RT``) and in economic activity and household chores
(``SDG_B871_SEX_AGE_RT``), by sex and age → Data Cube observations
(``pid:dataset/ilostat``).

Data URL: ``<base>/data/ILO,DF_<INDICATOR>/?format=csv`` (the latest version of the data
flow, every key), base ``https://sdmx.ilo.org/rest`` — documented at
https://ilostat.ilo.org/data/sdmx-api/. ``REF_AREA`` is ISO 3166-1 alpha-3 for countries;
the ILO's aggregates (``X01`` …) are left out and counted. Ages come from the ``AGE`` (or
``CLASSIF1``) codes, e.g. ``AGE_CLDVERSION_Y05-17`` → ``psc:age-group/5-17``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.ingest.catalogue import Source
from puentes.ingest.fetch import Policy
from puentes.ingest.opendata.sdmx import fetch_flows, map_files, sdmx_inputs, snapshot_csv

MAPPER_VERSION = "2"
#: snapshot name → (REST path below the base URL, psc:indicator concept)
FLOWS = {
    "SDG_A871_SEX_AGE_RT": ("data/ILO,DF_SDG_A871_SEX_AGE_RT/", "sdg-871-economic-activity"),
    "SDG_B871_SEX_AGE_RT": ("data/ILO,DF_SDG_B871_SEX_AGE_RT/",
                            "sdg-871-economic-activity-household-chores"),
}


def inputs(source: Source) -> list[Path]:
    """The snapshot CSV files and the countries table (see ``sdmx_inputs``)."""
    return sdmx_inputs(source, FLOWS)


def fetch(source: Source, *, base_url: str | None = None, policy: Policy | None = None) -> Path:
    """Fetch both data flows as SDMX-CSV (conditionally, when the last snapshot has
    validators); write the snapshot only if both succeeded."""
    return fetch_flows(source, {n: p for n, (p, _i) in FLOWS.items()}, base_url=base_url,
                       policy=policy)


def map_source(source: Source) -> Graph:
    """Observations from the snapshot; what was left out is counted in warnings."""
    return map_files(source.id, "ILOSTAT: SDG indicator 8.7.1, proportion of children engaged "
                     "in economic activity (and household chores), by sex and age (%).",
                     [(path, indicator, None) for (_p, indicator), path
                      in zip(FLOWS.values(), snapshot_csv(source, FLOWS), strict=True)])
