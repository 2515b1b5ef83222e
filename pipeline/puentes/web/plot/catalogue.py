"""Every picture kind, one record each: its name, the saved query it answers, one line, a
command-line example, where its drawing is, the parameters it takes on the example graph,
and the answer columns its marks carry — as plain data, so that the command line can list
the kinds without loading an RDF library (:mod:`puentes.web.plot.kinds` loads the drawings).

Adding a kind is adding one record here and one drawing function (see
``docs/adding-a-picture-kind.md``); ``tests/test_picture_kinds.py`` checks every record.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PictureKind:
    """A picture kind.

    ``drawing`` is ``"module:function"`` under :mod:`puentes.web.plot`, a function
    ``(Context, params) -> Picture``. ``marks``: the columns of the query's answer that every
    drawn mark (``class="mark"``) carries as ``data-<column>`` attributes, so that a test (and
    anyone) reads the drawn values back and compares them with the answer. ``example_params``:
    parameters that give a non-empty picture on ``tests/fixtures/example-graph.ttl``.
    ``source_columns``: the answer columns that name the data set or document each row comes
    from (none: the sources the drawn records cite, found by the drawing)."""

    name: str
    query: str
    about: str
    drawing: str
    marks: tuple[str, ...]
    example: str = ""
    example_params: dict[str, str] = field(default_factory=dict)
    source_columns: tuple[str, ...] = ()


KINDS: tuple[PictureKind, ...] = (
    PictureKind("members-map", "201",
                "members of a regional body at a date, suspended ones hatched",
                "maps:members_map",
                ("country", "role", "suspended"),
                "--param body=pid:organization/eac --param date=2010-01-01",
                {"body": "pid:organization/example-body", "date": "2012-06-01"}),
    PictureKind("coverage-map", "202", "countries an initiative covers (with a date: query 209)",
                "maps:coverage_map", ("country", "how"),
                "--param initiative=pid:initiative/ecowas-rap-2021-2030 "
                "--param date=2025-06-01",
                {"initiative": "pid:initiative/example-triangular"}),
    PictureKind("sdg871-map", "203", "latest SDG 8.7.1 per country, uncovered hatched",
                "maps:sdg871_map",
                ("country", "value", "period:year", "series", "dataset", "covered"),
                source_columns=("dataset",)),
    PictureKind("ratification-map", "204", "ratification of C138 or C182, as its source says",
                "maps:ratification_map", ("country", "ratified", "source"),
                "--param convention=pid:instrument/ilo-c138",
                {"convention": "pid:instrument/ilo-c138"}, ("source",)),
    PictureKind("flows", "205", "South–South, peer-learning and triangular flows",
                "diagrams:flows", ("link", "source", "target", "kind")),
    PictureKind("timeline", "001", "instruments per regional body with periods",
                "diagrams:instrument_timeline", ("instrument", "start", "end"),
                "--param body=pid:organization/ecowas",
                {"body": "pid:organization/example-body"}),
    PictureKind("conferences", "206", "global conferences and outcome documents",
                "diagrams:conferences", ("event", "start")),
    PictureKind("sdg871-chart", "207", "a country's SDG 8.7.1 over time, by sex and age",
                "indicators:sdg871_chart",
                ("obs", "value", "period:year", "series", "sex", "age", "dataset"),
                "--param country=pid:country/GHA", {"country": "pid:country/AAA"},
                ("dataset",)),
    PictureKind("members-chart", "208", "SDG 8.7.1 of a body's members side by side",
                "indicators:members_chart",
                ("country", "value", "period:year", "series", "dataset"),
                "--param body=pid:organization/ecowas",
                {"body": "pid:organization/example-body"}, ("dataset",)),
    PictureKind("chain", "008", "the commitment chain, gaps shown",
                "diagrams:commitment_chain",
                ("commitment",)),
)

#: the kinds by name (the command line's list)
CATALOGUE: dict[str, PictureKind] = {k.name: k for k in KINDS}
