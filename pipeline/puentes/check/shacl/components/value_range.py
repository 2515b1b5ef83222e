"""The value range components (SHACL 4.3): ``sh:minExclusive``, ``sh:minInclusive``,
``sh:maxExclusive``, ``sh:maxInclusive``."""

from __future__ import annotations

from typing import ClassVar

from rdflib import Literal
from rdflib.namespace import SH, XSD

from puentes.check.shacl.base import Unsupported
from puentes.check.shacl.components.core import (
    Cx,
    ValueComponent,
    short,
    term,
)

_NUMERIC = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.int, XSD.long, XSD.short,
            XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger,
            XSD.nonPositiveInteger, XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort,
            XSD.unsignedByte}

class _Range(ValueComponent):
    op: ClassVar[str]

    def test(self, cx: Cx, v: str) -> str:
        bound = cx.c.value
        if not isinstance(bound, Literal):
            raise Unsupported(cx.shape.node, f"{short(self.params[0])} with a bound that is "
                              "not a literal")
        # SPARQL's comparison; a value it cannot compare (a string with a number, an IRI)
        # is a violation, as the spec says
        guard = f"isNumeric({v}) && " if bound.datatype in _NUMERIC else f"isLiteral({v}) && "
        return f"({guard}COALESCE({v} {self.op} {term(bound)}, false))"


class MinExclusiveComponent(_Range):
    """sh:minExclusive."""

    params = (SH.minExclusive,)
    iri = SH.MinExclusiveConstraintComponent
    op = ">"


class MinInclusiveComponent(_Range):
    """sh:minInclusive."""

    params = (SH.minInclusive,)
    iri = SH.MinInclusiveConstraintComponent
    op = ">="


class MaxExclusiveComponent(_Range):
    """sh:maxExclusive."""

    params = (SH.maxExclusive,)
    iri = SH.MaxExclusiveConstraintComponent
    op = "<"


class MaxInclusiveComponent(_Range):
    """sh:maxInclusive."""

    params = (SH.maxInclusive,)
    iri = SH.MaxInclusiveConstraintComponent
    op = "<="
