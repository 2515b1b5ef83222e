"""SHACL validation with pyshacl, and a report a data steward can act on.

The report is grouped by focus node: the file (when known), the node with its label, the
property (the shape's ``sh:name``), the offending value, the severity and the message. It is
also available as JSON and as the SHACL results graph (Turtle) for machines.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH, SKOS

from .shapes import load_shapes_graph

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass
class ValidationResult:
    """One SHACL result, with what a person needs to find and fix it."""

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

    def as_dict(self) -> dict:
        """JSON-ready view."""
        d = asdict(self)
        d["focus_node"] = str(self.focus_node)
        return d


@dataclass
class ValidationReport:
    """All results of a validation; ``conforms`` is False only when a Violation is present."""

    results: list[ValidationResult]
    results_graph: Graph = field(default_factory=Graph)

    @property
    def conforms(self) -> bool:
        """True when no result is a Violation (Warnings do not break conformance here)."""
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
        """A report with only some of the results (same results graph)."""
        return ValidationReport(list(results), self.results_graph)

    def by_focus_node(self) -> dict[tuple[str | None, str], list[ValidationResult]]:
        """Results grouped by (file, focus node), in a stable order."""
        groups: dict[tuple[str | None, str], list[ValidationResult]] = defaultdict(list)
        for r in self.results:
            groups[(r.file, str(r.focus_node))].append(r)
        return dict(sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))

    def to_text(self) -> str:
        """The report for a person, grouped by file and node."""
        if not self.results:
            return "Conforms: no violations, no warnings."
        lines = []
        for (file, node), results in self.by_focus_node().items():
            label = results[0].focus_label
            head = (f"{file}: " if file else "") + (f"{label} <{node}>" if label else f"<{node}>")
            lines.append(head)
            for r in sorted(results, key=lambda r: (r.severity != "Violation", r.path or "")):
                prop = r.path_name or r.path or "(node)"
                val = (f" value {r.value!r}" if r.value is not None
                       and r.value != str(r.focus_node) else "")
                lines.append(f"  {r.severity}: {prop}:{val} — {r.message}")
        lines.append(f"{self.violation_count} violation(s), {self.warning_count} warning(s) "
                     f"on {len(self.by_focus_node())} node(s).")
        return "\n".join(lines)

    def to_json(self) -> str:
        """The report as JSON: {conforms, violations, warnings, results: [...]}."""
        return json.dumps({"conforms": self.conforms, "violations": self.violation_count,
                           "warnings": self.warning_count,
                           "results": [r.as_dict() for r in self.results]},
                          indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        """The SHACL validation report graph as Turtle."""
        return self.results_graph.serialize(format="turtle")


def _label(g: Graph, node, lang: str = "en") -> str | None:  # noqa: ANN001
    best = None
    for pred in (RDFS.label, SKOS.prefLabel):
        for lit in g.objects(node, pred):
            if isinstance(lit, Literal):
                if lit.language == lang:
                    return str(lit)
                best = best or str(lit)
    return best


def _shape_name(shapes: Graph, shape) -> str | None:  # noqa: ANN001
    name = shapes.value(shape, SH.name) or shapes.value(shape, RDFS.label)
    if name is None:  # a property shape without a name: take its node shape's label
        parent = shapes.value(None, SH.property, shape)
        name = parent is not None and shapes.value(parent, RDFS.label)
    return str(name) if name else None


def _node_shape_label(shapes: Graph, shape) -> str | None:  # noqa: ANN001
    parent = shapes.value(None, SH.property, shape) or shapes.value(None, SH.sparql, shape)
    node = parent if parent is not None else shape
    label = shapes.value(node, RDFS.label)
    return str(label) if label else None


def validate_graph(data: Graph, *, shapes: Graph | None = None,
                   files: dict | None = None, lang: str = "en") -> ValidationReport:
    """Validate ``data`` against the project's shapes (or ``shapes``).

    ``files`` maps focus nodes to the file they came from, for the report. The data graph
    must already hold what the shapes look up (concept schemes, types of referenced nodes).
    """
    shapes = shapes if shapes is not None else load_shapes_graph()
    _conforms, results_graph, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    results = []
    for res in results_graph.subjects(SH.resultSeverity, None):
        focus = results_graph.value(res, SH.focusNode)
        path = results_graph.value(res, SH.resultPath)
        value = results_graph.value(res, SH.value)
        source_shape = results_graph.value(res, SH.sourceShape)
        messages = [str(m) for m in results_graph.objects(res, SH.resultMessage)]
        severity = SEVERITIES.get(results_graph.value(res, SH.resultSeverity), "Violation")
        results.append(ValidationResult(
            focus_node=focus,
            focus_label=_label(data, focus, lang),
            path=str(path) if isinstance(path, URIRef) else None,
            path_name=_shape_name(shapes, source_shape) if source_shape is not None else None,
            value=str(value) if value is not None else None,
            severity=severity,
            message=_pick(messages, lang),
            source_shape=str(source_shape),
            shape_name=_node_shape_label(shapes, source_shape),
            file=(files or {}).get(focus),
        ))
    results.sort(key=lambda r: (r.file or "", str(r.focus_node), r.severity, r.path or ""))
    return ValidationReport(results, results_graph)


def _pick(messages: list[str], lang: str) -> str:
    # pyshacl copies sh:message literals; prefer the one in the requested language.
    return messages[0] if messages else "does not conform"
