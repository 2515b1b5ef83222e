"""The validation report a data steward can act on: :class:`ValidationResult` (one SHACL
result with the node's kind and label, the property's name, the value and the message, in es,
en and fr) and :class:`ValidationReport` (all of them, grouped by focus node; as text, JSON and
the SHACL results graph in Turtle)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from puentes.i18n import LANGS, N_, gettext
from puentes.namespaces import bind_prefixes, curie

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

#: the report's own words: msgids of the command line's catalogue (``locale/<lang>/cli.po``),
#: read in the report's language by :func:`word`
WORDS = {"Violation": N_("Violation"), "Warning": N_("Warning"), "Info": N_("Info"),
         "value": N_("value"), "node": N_("(record)"), "allowed": N_("Allowed values:"),
         "unknown": N_("{value} is not defined anywhere in the data checked: a typo in an id "
                       "or code? (If another source defines it, add --with-store.)"),
         "conforms": N_("Conforms: no violations, no warnings."),
         "summary": N_("{v} violation(s), {w} warning(s) on {n} node(s).")}


def word(key: str, lang: str) -> str:
    """The report's word ``key`` (:data:`WORDS`) in ``lang`` (es, en or fr)."""
    return gettext(WORDS[key], lang if lang in LANGS else "en")


@dataclass
class ValidationResult:
    """One SHACL result, with what a person needs to find and fix it.

    The text fields (``message``, ``path_name``, labels) are in one language; ``texts`` holds
    them in each of es, en and fr, and :meth:`in_lang` switches. ``node_shape`` is the
    NodeShape the rule belongs to (a property shape is a blank node inside it) and
    ``constraint`` the SHACL constraint component (``MinCountConstraintComponent`` …).
    """

    focus_node: URIRef | BNode
    focus_label: str | None
    path: str | None
    path_name: str | None
    value: str | None
    severity: str
    message: str
    source_shape: str
    shape_name: str | None
    file: str | None = None
    focus_type: str | None = None
    value_label: str | None = None
    constraint: str | None = None
    node_shape: str | None = None
    texts: dict[str, dict[str, str | None]] = field(default_factory=dict, repr=False)
    result_node: URIRef | BNode | None = field(default=None, repr=False, compare=False)

    def in_lang(self, lang: str) -> ValidationResult:
        """The same result with its texts in ``lang`` (es, en or fr)."""
        return replace(self, **self.texts[lang]) if lang in self.texts else self

    def as_dict(self) -> dict:
        """JSON-ready view (without the per-language texts and the results-graph node)."""
        d = asdict(self)
        d.pop("texts")
        d.pop("result_node")
        d["focus_node"] = str(self.focus_node)
        return d


@dataclass
class ValidationReport:
    """All results of a validation. ``conforms`` is SHACL's: no result at all, whatever its
    severity; ``accepted`` is puentes' policy on top of it: no Violation (Warnings and Infos
    are reported, only Violations quarantine a source or fail ``puentes validate``)."""

    results: list[ValidationResult]
    results_graph: Graph = field(default_factory=Graph)
    lang: str = "en"

    @property
    def conforms(self) -> bool:
        """SHACL's conformance: True when there is no result at all (sh:conforms)."""
        return not self.results

    @property
    def accepted(self) -> bool:
        """puentes' policy: True when no result is a Violation (Warnings and Infos do not
        stop a source)."""
        return not any(r.severity == "Violation" for r in self.results)

    @property
    def violation_count(self) -> int:
        """Number of Violations."""
        return sum(r.severity == "Violation" for r in self.results)

    @property
    def warning_count(self) -> int:
        """Number of Warnings and Infos."""
        return sum(r.severity != "Violation" for r in self.results)

    def subset(self, results: list[ValidationResult]) -> ValidationReport:
        """A report with only some of the results; its results graph keeps only theirs."""
        return ValidationReport(list(results), subgraph(self.results_graph, results),
                                self.lang)

    def in_lang(self, lang: str) -> ValidationReport:
        """The same report with messages, names and labels in ``lang`` (es, en or fr)."""
        return ValidationReport([r.in_lang(lang) for r in self.results], self.results_graph,
                                lang)

    def by_focus_node(self) -> dict[tuple[str | None, str], list[ValidationResult]]:
        """Results grouped by (file, focus node), in a stable order."""
        groups: dict[tuple[str | None, str], list[ValidationResult]] = defaultdict(list)
        for r in self.results:
            groups[(r.file, str(r.focus_node))].append(r)
        return dict(sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))

    def to_text(self, lang: str | None = None) -> str:
        """The report for a person, grouped by file and node, in ``lang`` (es, en or fr).

        Each node is a line — ``file: kind «label» <IRI>`` — followed by one line per result:
        severity, property, offending value and what to do.
        """
        lang = lang or self.lang
        report = self.in_lang(lang)
        if not report.results:
            return word("conforms", lang)
        lines = []
        for (file, node), results in report.by_focus_node().items():
            first = results[0]
            kind = first.focus_type and first.focus_type[:1].upper() + first.focus_type[1:]
            who = " ".join(x for x in (kind,
                                       first.focus_label and f"«{first.focus_label}»") if x)
            lines.append((f"{file}: " if file else "") + (f"{who} " if who else "") + f"<{node}>")
            for r in sorted(results, key=lambda r: (r.severity != "Violation", r.path or "")):
                prop = r.path_name or (curie(r.path) if r.path else word("node", lang))
                val = ""
                if r.value is not None and r.value != str(r.focus_node):
                    shown = curie(r.value)
                    val = f", {word('value', lang)} {shown!r}" + (
                        f" («{r.value_label}»)" if r.value_label else "")
                sev = word(r.severity, lang) if r.severity in WORDS else r.severity
                lines.append(f"  {sev}: {prop}{val} — {r.message}")
        lines.append(word("summary", lang).format(v=self.violation_count, w=self.warning_count,
                                             n=len(report.by_focus_node())))
        return "\n".join(lines)

    def to_json(self, lang: str | None = None) -> str:
        """The report as JSON: {conforms, violations, warnings, results: [...]}."""
        report = self.in_lang(lang or self.lang)
        return json.dumps({"conforms": self.conforms, "accepted": self.accepted,
                           "violations": self.violation_count,
                           "warnings": self.warning_count, "lang": report.lang,
                           "results": [r.as_dict() for r in report.results]},
                          indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        """The SHACL validation report graph as Turtle (sh:ValidationReport, sh:result …)."""
        g = Graph()
        bind_prefixes(g)
        g += self.results_graph
        return g.serialize(format="turtle")


def subgraph(rg: Graph, results: list[ValidationResult]) -> Graph:
    """The results graph with only ``results`` (and sh:conforms recomputed)."""
    out = Graph()
    report = next(rg.subjects(RDF.type, SH.ValidationReport), None)
    keep = [r.result_node for r in results if r.result_node is not None]
    if report is None:
        return out
    out.add((report, RDF.type, SH.ValidationReport))
    out.add((report, SH.conforms, Literal(not results)))  # SHACL: no result at all
    seen: set = set()  # shapes and paths are shared by many results: copied once
    for node in keep:
        out.add((report, SH.result, node))
        todo = [node]
        while todo:  # the result and the blank nodes it points to (paths, copied shapes)
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            for s, p, o in rg.triples((n, None, None)):
                out.add((s, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
    return out
