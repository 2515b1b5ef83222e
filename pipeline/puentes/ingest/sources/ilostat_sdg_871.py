"""The mapper of source ``ilostat-sdg-8.7.1``: ILOSTAT's SDG indicator 8.7.1 series, ILO
update of February 2026, as shipped in ``data/raw/ilostat-sdg-8.7.1/`` (Gapminder's DDF CSV
mirror, read as it is) → Data Cube observations of ``pid:dataset/ilostat-sdg-8.7.1``.

- ``SDG_A871_SEX_AGE_RT``: proportion of children engaged in economic activity (%) →
  ``psc:indicator/sdg-871-economic-activity``;
- ``SDG_B871_SEX_AGE_RT``: … in economic activity and household chores (%) →
  ``psc:indicator/sdg-871-economic-activity-household-chores``.

Codes: ``ref_area`` ISO alpha-3 in lower case; ``sex`` ``sex_t|sex_f|sex_m``; ``classif1``
``age_cldversion_y5_17|y5_11|y12_14|y15_17``; ``time`` the year. Every observation keeps the
series code and the row's codes (``pu:seriesCode``, ``pu:sourceKey``) and links SDG 8.7.1.
The live SDMX connector (source ``ilostat``, ``puentes build --refresh ilostat``) is a
separate data set: a fresh download is another vintage, kept side by side.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.ingest.catalogue import Source
from puentes.ingest.opendata.areas import country_inputs, from_iso3
from puentes.ingest.opendata.cube import SDG_871
from puentes.ingest.opendata.ddf import Layout, Series, map_ddf

MAPPER_VERSION = "1"
SERIES = [
    Series("ddf--datapoints--sdg_a871_sex_age_rt--by--ref_area--sex--classif1--time.csv",
           "sdg-871-economic-activity", "SDG_A871_SEX_AGE_RT", SDG_871),
    Series("ddf--datapoints--sdg_b871_sex_age_rt--by--ref_area--sex--classif1--time.csv",
           "sdg-871-economic-activity-household-chores", "SDG_B871_SEX_AGE_RT", SDG_871),
]
SEX = {"sex_t": "total", "sex_f": "female", "sex_m": "male"}
AGE = {f"age_cldversion_y{a}_{b}": f"{a}-{b}" for a, b in
       (("5", "17"), ("5", "11"), ("12", "14"), ("15", "17"))}
LAYOUT = Layout(area="ref_area", country=from_iso3, year="time",
                codes={"sex": ("sex", SEX), "classif1": ("age", AGE)})
DESCRIPTION = ("ILOSTAT, SDG indicator 8.7.1 (ILO update of February 2026): proportion of "
               "children engaged in economic activity (SDG_A871_SEX_AGE_RT), and in economic "
               "activity and household chores (SDG_B871_SEX_AGE_RT), by sex and age (5-17, "
               "5-11, 12-14, 15-17), %. Copied from Gapminder's open-numbers DDF mirror "
               "(ddf--ilo--ilostat, commit c50d0605), which keeps the first of several "
               "sources per country and drops notes.")


def inputs(source: Source) -> list[Path]:
    """The two datapoints files, and the countries table the areas are checked against."""
    return [source.location / s.file for s in SERIES] + country_inputs()


def map_source(source: Source) -> Graph:
    """Observations of both series; rows without a value are counted in a warning."""
    return map_ddf(source.id, source.location, DESCRIPTION, SERIES, LAYOUT)[0]
