"""The string-based components (SHACL 4.4): ``sh:minLength``, ``sh:maxLength``,
``sh:pattern`` (with the Python-to-Oxigraph regex dialect), ``sh:languageIn``, ``sh:uniqueLang``."""

from __future__ import annotations

import re
from typing import ClassVar

from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from puentes.check.shacl.base import Constraint, ModelView, Unsupported
from puentes.check.shacl.components.core import (
    Branch,
    Component,
    Cx,
    ValueComponent,
    term,
)


class _Length(ValueComponent):
    op: ClassVar[str]

    def test(self, cx: Cx, v: str) -> str:
        return f"(!isBlank({v}) && STRLEN(STR({v})) {self.op} {int(cx.c.value)})"


class MinLengthComponent(_Length):
    """sh:minLength (of the string form; a blank node fails)."""

    params = (SH.minLength,)
    iri = SH.MinLengthConstraintComponent
    op = ">="


class MaxLengthComponent(_Length):
    """sh:maxLength (of the string form; a blank node fails)."""

    params = (SH.maxLength,)
    iri = SH.MaxLengthConstraintComponent
    op = "<="


class PatternComponent(ValueComponent):
    """sh:pattern with sh:flags (the Python dialect pyshacl uses, written for Oxigraph)."""

    params = (SH.pattern, SH.flags)
    iri = SH.PatternConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        flags = model.sg.value(node, SH.flags)
        return [Constraint(SH.pattern, str(value),
                           {"flags": str(flags) if flags is not None else ""}, kind=self)]

    def test(self, cx: Cx, v: str) -> str:
        flags = cx.c.extra["flags"]
        pattern = python_regex_for_sparql(cx.c.value, flags, cx.shape.node)
        return (f"(!isBlank({v}) && REGEX(STR({v}), {term(Literal(pattern))}, "
                f"{term(Literal(flags))}))")


class LanguageInComponent(ValueComponent):
    """sh:languageIn: a tag in the list, or whose first subtag is (case-insensitive)."""

    params = (SH.languageIn,)
    iri = SH.LanguageInConstraintComponent

    def read(self, model: ModelView, node: URIRef | BNode, value: object) -> list[Constraint]:
        return [Constraint(SH.languageIn, list(Collection(model.sg, value)), kind=self)]

    def test(self, cx: Cx, v: str) -> str:
        langs = ", ".join(term(Literal(str(lang).lower())) for lang in cx.c.value)
        if not langs:
            return "false"
        return (f"(isLiteral({v}) && LANG({v}) != \"\" && (LCASE(LANG({v})) IN ({langs}) || "
                f"STRBEFORE(CONCAT(LCASE(LANG({v})), \"-\"), \"-\") IN ({langs})))")


class UniqueLangComponent(Component):
    """sh:uniqueLang true: no two values share a language tag (false: no constraint)."""

    params = (SH.uniqueLang,)
    iri = SH.UniqueLangConstraintComponent
    on_node = False

    def _on(self, cx: Cx) -> bool:
        return str(cx.c.value).lower() == "true"

    def violations(self, cx: Cx) -> Branch | None:
        if not self._on(cx):
            return None
        return Branch(
            f"{{ SELECT ?this ?_d WHERE {{ ?this {cx.path} ?_x FILTER(isLiteral(?_x) && "
            f"LANG(?_x) != \"\") BIND(LCASE(LANG(?_x)) AS ?_d) }} GROUP BY ?this ?_d "
            f"HAVING (COUNT(DISTINCT ?_x) > 1) }}", with_value=False)

    def holds(self, cx: Cx, f: str) -> str:
        if not self._on(cx):
            return "true"
        a, b = cx.var(), cx.var()
        return (f"NOT EXISTS {{ {f} {cx.path} {a}, {b} FILTER(!sameTerm({a}, {b}) && "
                f"isLiteral({a}) && isLiteral({b}) && LANG({a}) != \"\" && "
                f"LCASE(LANG({a})) = LCASE(LANG({b}))) }}")


def python_regex_for_sparql(pattern: str, flags: str, shape: object = None) -> str:
    """A Python ``re`` pattern (pyshacl's dialect) in the dialect of Oxigraph's REGEX.

    The one difference the shapes can meet: ``$`` also matches before a final newline in
    Python, not in Rust's ``regex``; constructs Rust lacks (look-around, back-references)
    are refused rather than given another meaning.
    """
    if re.search(r"\(\?[=!<]|\\[1-9]", pattern):
        raise Unsupported(shape or pattern, "a pattern with look-around or back-references")
    if "m" in flags:
        return pattern
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif ch == "$" and not in_class:
            ch = "(?:\\n?$)"
        out.append(ch)
        i += 1
    return "".join(out)
