"""The SPARQL-based constraint component (SHACL 5): ``sh:sparql``, compiled by the compiler
itself at the top of a shape with targets."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from puentes.check.shacl.base import Constraint, ModelView, Unsupported
from puentes.check.shacl.components.core import (
    Branch,
    Component,
    Cx,
)


class SparqlComponent(Component):
    """sh:sparql (SPARQL-based constraints): compiled by
    :meth:`puentes.check.shacl.compile.Compiler.sparql_check`; only at the top of a shape
    with targets, never nested."""

    params = (SH.sparql, SH.prefixes, SH.declare, SH.select, SH.namespace, SH.prefix)
    iri = SH.SPARQLConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        sg = model.sg
        if (value, SH.deactivated, Literal(True)) in sg:
            return []
        select = sg.value(value, SH.select)
        if select is None:
            raise Unsupported(node, "a SPARQL constraint without sh:select")
        return [Constraint(SH.sparql, str(select),
                           {"node": value, "prefixes": model.prefixes(value),
                            "messages": list(sg.objects(value, SH.message))}, kind=self)]

    def violations(self, cx: Cx) -> Branch:
        raise AssertionError("compiled by Compiler.sparql_check")

    def holds(self, cx: Cx, f: str) -> str:
        raise Unsupported(cx.shape.node, "a SPARQL constraint in a nested shape")
