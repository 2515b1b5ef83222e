"""The picture kinds ``puentes plot`` draws — name, saved query, one line, an example — as
plain data, so that the command line can list them without loading an RDF library (the
drawings themselves are in :mod:`puentes.web.plot.kinds`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindInfo:
    """A picture kind as the command line shows it: its saved query and what it draws."""

    query: str
    about: str
    example: str = ""


CATALOGUE: dict[str, KindInfo] = {
    "members-map": KindInfo("201", "member states of a regional body at a date",
                            "--param body=pid:organization/eac --param date=2010-01-01"),
    "coverage-map": KindInfo("202", "countries an initiative covers or involves (with a "
                             "date: those it covered that day, query 209)",
                             "--param initiative=pid:initiative/ecowas-rap-2021-2030 "
                             "--param date=2025-06-01"),
    "sdg871-map": KindInfo("203", "latest SDG 8.7.1 per country, uncovered hatched"),
    "ratification-map": KindInfo("204", "ratification of C138 or C182",
                                 "--param convention=pid:instrument/ilo-c138"),
    "flows": KindInfo("205", "South–South, peer-learning and triangular flows"),
    "timeline": KindInfo("001", "instruments per regional body with periods",
                         "--param body=pid:organization/ecowas"),
    "conferences": KindInfo("206", "global conferences and outcome documents"),
    "sdg871-chart": KindInfo("207", "a country's SDG 8.7.1 over time",
                             "--param country=pid:country/GHA"),
    "members-chart": KindInfo("208", "SDG 8.7.1 of a body's members side by side",
                              "--param body=pid:organization/ecowas"),
    "chain": KindInfo("008", "the commitment chain, gaps shown"),
}
