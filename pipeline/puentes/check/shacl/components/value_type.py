"""The value type components (SHACL 4.1): ``sh:class``, ``sh:datatype``, ``sh:nodeKind``."""

from __future__ import annotations

from rdflib.namespace import SH, XSD

from puentes.check.shacl.base import Unsupported
from puentes.check.shacl.components.core import (
    RDF_LANGSTRING,
    RDF_TYPE,
    SUBCLASS,
    Cx,
    ValueComponent,
    term,
)

_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}


class ClassComponent(ValueComponent):
    """sh:class: a value is an instance of the class or of a subclass (rdfs:subClassOf*)."""

    params = (SH["class"],)
    iri = SH.ClassConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        return f"EXISTS {{ {v} {RDF_TYPE}/{SUBCLASS}* {term(cx.c.value)} }}"


class DatatypeComponent(ValueComponent):
    """sh:datatype: a literal of exactly that datatype whose lexical form is valid for it
    (the data's ill-typed literals are excluded per run: see
    :meth:`puentes.check.shacl.run.Engine._bad_literals`); a plain literal is an xsd:string,
    a language-tagged one an rdf:langString."""

    params = (SH.datatype,)
    iri = SH.DatatypeConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        dt = cx.c.value
        out = f"(isLiteral({v}) && DATATYPE({v}) = {term(dt)}"
        if dt not in (XSD.string, RDF_LANGSTRING):
            out += cx.compiler.bad_mark(dt, v)
        return out + ")"


class NodeKindComponent(ValueComponent):
    """sh:nodeKind: IRI, blank node, literal or one of their pairs."""

    params = (SH.nodeKind,)
    iri = SH.NodeKindConstraintComponent

    def test(self, cx: Cx, v: str) -> str:
        if cx.c.value not in _NODE_KINDS:
            raise Unsupported(cx.shape.node, f"sh:nodeKind {cx.c.value}")
        return _NODE_KINDS[cx.c.value].format(v=v)
