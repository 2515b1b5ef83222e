"""The mapping report of the DOL findings: what became RDF, what was left out and why.

The mapper fills one :class:`MappingReport`; the build shows its :meth:`~MappingReport.warnings`
and ``data/raw/usdol-ilab/mapping-report.md`` keeps the whole of it for the real files
(``tests/test_usdol_ilab.py`` fails when that file is out of date; rewrite it with
``.venv/bin/python -m puentes.ingest.sources.usdol_ilab``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: Fields of countries.xml the mapper does not turn into RDF, and why.
NOT_MAPPED = {
    "Region, Country_Region": "the DOL's own regions; the graph places countries in UN M49 "
                              "regions (source `countries`)",
    "Multiple_Territories, Territory": "read to find the country-wide value "
                                       "(\"All Territories\"); values for a named territory "
                                       "are reported below, not mapped",
    "Calculated_Age": "whether the DOL calculated an age; 'No' everywhere in the 2022 file",
    "Enforcements": "labour and criminal law enforcement figures: not asked by issue 4",
    "Suggested_Actions": "the DOL's recommendations (free text): not asked by issue 4",
    "Mechanisms": "Yes/No flags for programmes, policies and coordination: not asked by "
                  "issue 4",
    "Goods (in countries.xml)": "the same findings as goods.xml (compared: differences are "
                                "reported below); goods.xml also gives the sector",
    "goods_by_good.xml": "an older list; read only to compare its ISO codes with the codes "
                         "matched here",
}


@dataclass
class MappingReport:
    """Everything the mapper could not map one to one, gathered while it maps."""

    mapped: Counter = field(default_factory=Counter)
    #: (statistic or field, the "no value" word) → how many values
    missing: Counter = field(default_factory=Counter)
    #: unmatched country name → where it occurs and what was not mapped
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: ISO code → (DOL name, status such as "Territory of GB")
    territories: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: values left out because they are ambiguous or do not fit the model, with the reason
    left_out: list[str] = field(default_factory=list)
    #: (name, code in goods_by_good.xml, code matched here)
    code_differences: set[tuple[str, str, str]] = field(default_factory=set)

    def unmatched_name(self, name: str, where: str) -> None:
        """Record a name with no ISO code and what was left out because of it."""
        self.unmatched.setdefault(name, []).append(where)

    def warnings(self) -> list[str]:
        """A few lines for the build's output."""
        out = []
        if self.unmatched:
            out.append("country names with no ISO 3166-1 code, not mapped: "
                       + ", ".join(f"{n} ({len(w)} record(s))"
                                   for n, w in sorted(self.unmatched.items())))
        if self.missing:
            out.append(f"{sum(self.missing.values())} value(s) given as "
                       + "/".join(sorted({w for _, w in self.missing}))
                       + " gave no observation or flag")
        if self.left_out:
            out.append(f"{len(self.left_out)} value(s) left out (ambiguous or outside the "
                       f"model), e.g. {self.left_out[0]}")
        if out:
            out.append("the full mapping report: data/raw/usdol-ilab/mapping-report.md")
        return out

    def to_markdown(self) -> str:
        """The whole report as Markdown (deterministic: sorted)."""
        lines = ["# usdol-ilab: mapping report", "",
                 "Written by `.venv/bin/python -m puentes.ingest.sources.usdol_ilab` from the "
                 "files in this folder; `tests/test_usdol_ilab.py` checks that it is up to date.",
                 "",
                 "## Mapped", "", "| what | how many |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(self.mapped.items())]
        lines += ["", "## Country names with no ISO 3166-1 code (nothing mapped for them)", ""]
        if not self.unmatched:
            lines.append("None.")
        for name, where in sorted(self.unmatched.items()):
            lines.append(f"- **{name}**:")
            lines += [f"  - {w}" for w in sorted(where)]
        lines += ["", "## Names matched through the alias table", "",
                  "| DOL name | ISO 3166-1 | why |", "|---|---|---|"]
        lines += [f"| {n} | {c} | {why} |" for n, (c, why) in sorted(self.aliases.items())]
        lines += ["", "## Territories and areas that are not independent States", "",
                  "Each has its own ISO 3166-1 code and its own node in the `countries` "
                  "source; the DOL findings about it are mapped to that node.", "",
                  "| ISO 3166-1 | DOL name | status (country-codes.csv) |", "|---|---|---|"]
        lines += [f"| {c} | {n} | {s} |" for c, (n, s) in sorted(self.territories.items())]
        lines += ["", "## Values given as \"no value\" (no observation, flag or age)", "",
                  "| field | value | how many |", "|---|---|---|"]
        lines += [f"| {f} | {w} | {n} |" for (f, w), n in sorted(self.missing.items())]
        lines += ["", "## Values left out (ambiguous, or outside the model)", ""]
        lines += [f"- {x}" for x in self.left_out] or ["None."]
        lines += ["", "## ISO codes of goods_by_good.xml that differ from the codes matched "
                  "here", "", "| DOL name | goods_by_good.xml | matched here |", "|---|---|---|"]
        lines += [f"| {n} | {old} | {new} |" for n, old, new in sorted(self.code_differences)]
        lines += ["", "## Fields not mapped", "", "| field | why |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in NOT_MAPPED.items()]
        return "\n".join(lines) + "\n"
