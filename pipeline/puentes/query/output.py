"""Answers for people and programs: labels of the IRIs in an answer (in es/en/fr), CSV or
TSV with label columns, SPARQL 1.1 Query Results JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import XSD

from puentes.i18n import rank
from puentes.query.engines import QueryResult, run_text

if TYPE_CHECKING:
    from rdflib import Graph

    from puentes.store import GraphStore

_LABEL_PROPS = ("<http://www.w3.org/2000/01/rdf-schema#label>",
                "<http://www.w3.org/2004/02/skos/core#prefLabel>")


def labels(result: QueryResult, lang: str, *, store: GraphStore | ox.Store | None = None,
           endpoint: str | None = None, graph: Graph | None = None) -> dict[str, str]:
    """Labels of every IRI in the result, in ``lang`` (else English, else one without a
    language tag, else any)."""
    iris = sorted({v.value for row in result.rows for v in row.values()
                   if isinstance(v, ox.NamedNode)})
    out: dict[str, str] = {}
    for chunk in (iris[i:i + 400] for i in range(0, len(iris), 400)):
        values = " ".join(str(ox.NamedNode(i)) for i in chunk)
        text = (f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} "
                f"{{ ?s {_LABEL_PROPS[0]} ?l }} UNION {{ ?s {_LABEL_PROPS[1]} ?l }} }}")
        best: dict[str, tuple[int, str]] = {}
        for r in run_text(text, store=store, endpoint=endpoint, graph=graph).rows:
            lit = r["l"]
            if not isinstance(lit, ox.Literal):
                continue
            key = (rank(lit.language, lang), lit.value)
            cur = best.get(r["s"].value)
            if cur is None or key < cur:
                best[r["s"].value] = key
        out.update({k: v[1] for k, v in best.items()})
    return out


def cell(term, names: dict[str, str] | None = None) -> str:  # noqa: ANN001
    """A term as text: its label when known, else the IRI or the literal's value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return (names or {}).get(term.value, term.value)
    return term.value


def to_csv(result: QueryResult, names: dict[str, str] | None = None, sep: str = ",") -> str:
    """CSV: one column per variable; with ``names``, a ``<var>_label`` column after each
    column that holds IRIs (the IRI stays, for joining with other data). With ``sep="\\t"``,
    TSV: no quoting, a tab or line break inside a value becomes a space."""
    iri_cols = {v for v in result.variables
                if any(isinstance(r[v], ox.NamedNode) for r in result.rows)} if names else set()
    header = []
    for v in result.variables:
        header.append(v)
        if v in iri_cols:
            header.append(f"{v}_label")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n") if sep == "," else None
    lines = [header]
    for r in result.rows:
        line = []
        for v in result.variables:
            line.append(cell(r[v]))
            if v in iri_cols:
                line.append(cell(r[v], names) if isinstance(r[v], ox.NamedNode) else "")
        lines.append(line)
    if w is None:
        return "".join("\t".join(" ".join(c.split()) for c in line) + "\n"
                       for line in lines)
    w.writerows(lines)
    return buf.getvalue()


def json_term(t) -> dict:  # noqa: ANN001 - a pyoxigraph term
    """One RDF term in the SPARQL 1.1 Query Results JSON format, a quoted triple (RDF-star,
    SPARQL-star results) included: the one term writer of ``puentes query`` and the endpoint.

    >>> json_term(ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("1")))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'type': 'triple', 'value': {'subject': {'type': 'uri', 'value': 'urn:s'},
     'predicate': {'type': 'uri', 'value': 'urn:p'},
     'object': {'type': 'literal', 'value': '1'}}}
    """
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": json_term(t.subject),
                                            "predicate": json_term(t.predicate),
                                            "object": json_term(t.object)}}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != str(XSD.string):
        d["datatype"] = t.datatype.value
    return d


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return json.dumps({"head": {"vars": result.variables},
                       "results": {"bindings": [{k: json_term(v) for k, v in r.items()
                                                 if v is not None} for r in result.rows]}},
                      indent=2, ensure_ascii=False)
