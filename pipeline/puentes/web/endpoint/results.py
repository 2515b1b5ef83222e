"""SELECT rows written in the four SPARQL 1.1 results formats (JSON, XML, CSV, TSV).

Oxigraph's own writers consume the whole result; the endpoint stops at its row limit, so it
writes the rows it kept itself. Every RDF term kind is written, blank nodes included.

>>> rows = [[ox.BlankNode("b0"), ox.Literal("a, b", language="en")]]
>>> write_rows(["x", "y"], rows, "text/csv").decode().splitlines()
['x,y', '_:b0,"a, b"']
>>> write_rows(["x", "y"], rows, "text/tab-separated-values").decode().splitlines()
['?x\\t?y', '_:b0\\t"a, b"@en']
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from puentes.query.output import json_term  # the one writer of a term in JSON results

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
JSON_TYPES = ("application/sparql-results+json", "application/json")
XML_TYPES = ("application/sparql-results+xml", "application/xml")


def _xml_term(t) -> str:  # noqa: ANN001
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>"
                f"{_xml_term(t.predicate)}</predicate><object>{_xml_term(t.object)}</object>"
                "</triple>")
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def _csv_field(t) -> str:  # noqa: ANN001
    if t is None:
        return ""
    text = f"_:{t.value}" if isinstance(t, ox.BlankNode) else \
        str(t) if isinstance(t, ox.Triple) else t.value
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_rows(names: list[str], rows: list[list], media: str) -> bytes:
    """``rows`` (lists of pyoxigraph terms or None, in the order of ``names``) in ``media``."""
    if media in JSON_TYPES:
        return json.dumps({"head": {"vars": names}, "results": {"bindings": [
            {n: json_term(v) for n, v in zip(names, r, strict=True) if v is not None}
            for r in rows]}}, ensure_ascii=False).encode()
    if media in XML_TYPES:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
               "<head>"]
        out += [f"<variable name={quoteattr(n)}/>" for n in names]
        out.append("</head><results>")
        for r in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(n)}>{_xml_term(v)}</binding>"
                    for n, v in zip(names, r, strict=True) if v is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if media == "text/csv":
        lines = [",".join(names)] + [",".join(_csv_field(v) for v in r) for r in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if media == "text/tab-separated-values":
        # TSV terms are in their N-Triples/Turtle form, which Oxigraph's str() gives escaped.
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join("" if v is None else str(v) for v in r) for r in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"no writer for {media}")
