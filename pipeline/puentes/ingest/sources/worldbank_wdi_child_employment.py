"""The mapper of source ``worldbank-wdi-child-employment``: the World Bank's World Development
Indicators on children in employment, ages 7–14 (a 2020 vintage, series ending in 2016), as
shipped in ``data/raw/worldbank-wdi-child-employment/`` (Gapminder's DDF CSV mirror, read as
it is) → Data Cube observations of ``pid:dataset/worldbank-wdi-child-employment``.

**Children in employment is not child labour.** It counts every child aged 7–14 in economic
activity for at least one hour in the reference week, whatever the hours, the age or the
work; SDG 8.7.1 (child labour) applies age-specific thresholds and covers ages 5–17. These
observations therefore carry the ``psc:indicator/children-in-employment…`` concepts and no
SDG indicator link, and no query mixes them with 8.7.1.

Files: ``ddf--datapoints--sl_tlf_0714_<…>_zs--by--economy--year.csv``, one per WDI series
(``SL.TLF.0714.ZS`` total, ``.FE.ZS``/``.MA.ZS`` by sex; ``.SW…`` study and work and
``.WK…`` work only, % of children *in employment*); ``economy`` ISO alpha-3 in lower case.
The live API connector (source ``worldbank``, ``--refresh``) stays a separate data set.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.ingest.catalogue import Source
from puentes.ingest.opendata.areas import country_inputs, from_iso3
from puentes.ingest.opendata.ddf import Layout, Series, map_ddf

MAPPER_VERSION = "1"
#: (file part, WDI code, psc:indicator, sex)
_SERIES = [
    ("zs", "SL.TLF.0714.ZS", "children-in-employment", "total"),
    ("fe_zs", "SL.TLF.0714.FE.ZS", "children-in-employment", "female"),
    ("ma_zs", "SL.TLF.0714.MA.ZS", "children-in-employment", "male"),
    ("sw_zs", "SL.TLF.0714.SW.ZS", "children-in-employment-study-and-work", "total"),
    ("sw_fe_zs", "SL.TLF.0714.SW.FE.ZS", "children-in-employment-study-and-work", "female"),
    ("sw_ma_zs", "SL.TLF.0714.SW.MA.ZS", "children-in-employment-study-and-work", "male"),
    ("wk_zs", "SL.TLF.0714.WK.ZS", "children-in-employment-work-only", "total"),
    ("wk_fe_zs", "SL.TLF.0714.WK.FE.ZS", "children-in-employment-work-only", "female"),
    ("wk_ma_zs", "SL.TLF.0714.WK.MA.ZS", "children-in-employment-work-only", "male"),
]
SERIES = [Series(f"ddf--datapoints--sl_tlf_0714_{part}--by--economy--year.csv", indicator,
                 code, None, {"age": "7-14", "sex": sex})
          for part, code, indicator, sex in _SERIES]
LAYOUT = Layout(area="economy", country=from_iso3, year="year", codes={})
DESCRIPTION = ("World Bank, World Development Indicators (2020 vintage): children in "
               "employment, ages 7-14 (SL.TLF.0714.*), total, by sex, studying and working, "
               "working only, %. Children in employment is NOT child labour (SDG 8.7.1): it "
               "counts any economic activity of at least one hour in the reference week, ages "
               "7-14, without the hours and age thresholds of child labour. Original source "
               "named by WDI: Understanding Children's Work project (ILO, UNICEF, World Bank) "
               "from household surveys. Copied from Gapminder's open-numbers DDF mirror "
               "(ddf--world_bank--world_development_indicators).")


def inputs(source: Source) -> list[Path]:
    """The nine datapoints files and the countries table the areas are checked against."""
    return [source.location / s.file for s in SERIES] + country_inputs()


def map_source(source: Source) -> Graph:
    """Observations of the nine series; aggregates and empty values reported in warnings."""
    return map_ddf(source.id, source.location, DESCRIPTION, SERIES, LAYOUT)[0]
