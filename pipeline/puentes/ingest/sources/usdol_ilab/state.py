"""What the parts of the ``usdol-ilab`` mapping share: the graph, the report, the labels and
the matching of country names (:class:`MappingState`)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from puentes.ingest.catalogue import Source
from puentes.ingest.sources.usdol_ilab.names import ALIASES, iso3, territory_status
from puentes.ingest.sources.usdol_ilab.report import MappingReport
from puentes.ingest.sources.usdol_ilab.vocabulary import scheme_labels
from puentes.namespaces import bind_prefixes, rid


class MappingState:
    """The graph being made, its dataset, the mapping report and the labels every part of the
    mapping reads; :meth:`country` matches a DOL country name to its ISO code (or reports it)."""

    def __init__(self, source: Source) -> None:
        self.g = Graph()
        bind_prefixes(self.g)
        self.dataset = rid("dataset", source.id)
        self.report = MappingReport()
        self.ages = set(scheme_labels("age-group"))
        self.levels = scheme_labels("advancement-level")
        self.standard_labels = scheme_labels("legal-standard")
        self.exploitation_labels = scheme_labels("exploitation")
        self.good_names: dict[str, dict[str, str]] | None = None
        self.named_goods: set[str] = set()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def country(self, name: str, where: str) -> str | None:
        """The ISO code of a DOL name; None (and reported) when there is none."""
        code = iso3(name)
        if code is None:
            self.report.unmatched_name(name, where)
            return None
        if name in ALIASES:
            self.report.aliases[name] = ALIASES[name]
        status = territory_status(code)
        if status:
            self.report.territories[code] = (name, status)
        return code
