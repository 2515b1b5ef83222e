"""The mapper of source ``un-sdg-8.7.1``: the UN Global SDG Indicators Database series of
indicator 8.7.1, snapshot of 17 December 2023, as shipped in ``data/raw/un-sdg-8.7.1/``
(Gapminder's DDF CSV mirror with its entity files, read as it is) → Data Cube observations
of ``pid:dataset/un-sdg-8.7.1``.

- ``SL_TLF_CHLDEA`` → ``psc:indicator/sdg-871-economic-activity``,
- ``SL_TLF_CHLDEC`` → ``psc:indicator/sdg-871-economic-activity-household-chores``:
  the same two definitions as ILOSTAT's ``SDG_A871``/``SDG_B871``, so the two vintages meet
  on one key (area, year, sex, age, series) and are compared, never merged
  (:mod:`puentes.build.report.vintages`).

Codes: ``geo_area`` M49 numeric (names in ``ddf--entities--geo_area.csv``); the world and the
SDG regions (``1``, ``62``, ``202`` …) are aggregates, left out and reported by name.
``age`` ``5_17|5_14|10_17|6_17|7_17``; ``sex`` ``bothsex|female|male``; ``nature``
``c`` (country data), ``ca`` (country-adjusted), ``n`` (non-relevant) and ``units``
``percent`` are kept in ``pu:sourceKey`` with the other codes.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.ingest.catalogue import Source
from puentes.ingest.opendata.areas import country_inputs, from_m49
from puentes.ingest.opendata.cube import SDG_871
from puentes.ingest.opendata.ddf import Layout, Series, map_ddf, read_entities

MAPPER_VERSION = "1"
SERIES = [
    Series("ddf--datapoints--sl_tlf_chldea--by--age--geo_area--nature--sex--units--year.csv",
           "sdg-871-economic-activity", "SL_TLF_CHLDEA", SDG_871),
    Series("ddf--datapoints--sl_tlf_chldec--by--age--geo_area--nature--sex--units--year.csv",
           "sdg-871-economic-activity-household-chores", "SL_TLF_CHLDEC", SDG_871),
]
GEO_AREAS = "ddf--entities--geo_area.csv"
SEX = {"bothsex": "total", "female": "female", "male": "male"}
AGE = {code: code.replace("_", "-") for code in ("5_17", "5_14", "10_17", "6_17", "7_17")}
NATURE = {"c", "ca", "n"}
DESCRIPTION = ("UN Global SDG Indicators Database (UNSD; data from ILO and UNICEF), indicator "
               "8.7.1, snapshot of 17 December 2023: proportion of children engaged in "
               "economic activity (SL_TLF_CHLDEA), and in economic activity and household "
               "chores (SL_TLF_CHLDEC), by sex and age, %. Copied from Gapminder's "
               "open-numbers DDF mirror (ddf--unstats--sdg_indicators, commit e0117e9f), "
               "which drops footnotes and sources.")


def inputs(source: Source) -> list[Path]:
    """The two datapoints files, the area names, and the countries table (M49 → ISO)."""
    return ([source.location / s.file for s in SERIES]
            + [source.location / GEO_AREAS] + country_inputs())


def layout(source: Source) -> Layout:
    """The codes of the UN files; area names from the source's own entity file."""
    return Layout(area="geo_area", country=from_m49, year="year",
                  codes={"sex": ("sex", SEX), "age": ("age", AGE)},
                  names=read_entities(source.location / GEO_AREAS, "geo_area"),
                  extra={"nature": NATURE, "units": {"percent"}})


def map_source(source: Source) -> Graph:
    """Observations of both series; aggregates and empty values reported in warnings."""
    return map_ddf(source.id, source.location, DESCRIPTION, SERIES, layout(source))[0]
