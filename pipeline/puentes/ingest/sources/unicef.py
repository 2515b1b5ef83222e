"""UNICEF's Data Warehouse (SDMX REST, CSV): the percentage of children aged 5–17 engaged in
child labour, economic activities (``PT_CHLD_5-17_LBR_ECON``) and economic activities and
household chores (``PT_CHLD_5-17_LBR_ECON-HC``), by sex → Data Cube observations
(``pid:dataset/unicef``).

Data URL: ``<base>/data/UNICEF,GLOBAL_DATAFLOW,1.0/.<INDICATOR>.?format=csv&labels=id``
(key ``REF_AREA.INDICATOR.SEX``: every area, one indicator, every sex — the key UNICEF's own
data explorer uses for these series), base
``https://sdmx.data.unicef.org/ws/public/sdmxapi/rest`` — documented at
https://data.unicef.org/sdmx-api-documentation/. ``REF_AREA`` is ISO 3166-1 alpha-3 for
countries; UNICEF's regional and income aggregates are left out and counted. The series are
ages 5–17 by definition: an ``AGE`` of ``_T`` (or none) is read as ``psc:age-group/5-17``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.ingest.catalogue import Source
from puentes.ingest.fetch import Policy
from puentes.ingest.opendata.sdmx import fetch_flows, map_files, sdmx_inputs, snapshot_csv

MAPPER_VERSION = "2"
FLOW = "data/UNICEF,GLOBAL_DATAFLOW,1.0"
#: series code → psc:indicator concept
SERIES = {
    "PT_CHLD_5-17_LBR_ECON": "child-labour-economic-activity",
    "PT_CHLD_5-17_LBR_ECON-HC": "child-labour-economic-activity-household-chores",
}


def inputs(source: Source) -> list[Path]:
    """The snapshot CSV files and the countries table (see ``sdmx_inputs``)."""
    return sdmx_inputs(source, SERIES)


def fetch(source: Source, *, base_url: str | None = None, policy: Policy | None = None) -> Path:
    """Fetch both series as SDMX-CSV with codes (``labels=id``); write the snapshot only if
    both succeeded."""
    return fetch_flows(source, {code: f"{FLOW}/.{code}." for code in SERIES},
                       base_url=base_url, policy=policy, params={"labels": "id"})


def map_source(source: Source) -> Graph:
    """Observations from the snapshot; what was left out is counted in warnings."""
    return map_files(source.id, "UNICEF Data Warehouse: percentage of children aged 5-17 "
                     "engaged in child labour (economic activities; and household chores), "
                     "by sex.",
                     [(path, indicator, code) for (code, indicator), path
                      in zip(SERIES.items(), snapshot_csv(source, SERIES), strict=True)],
                     default_age="5-17")
