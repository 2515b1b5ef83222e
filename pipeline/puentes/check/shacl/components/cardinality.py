"""The cardinality components (SHACL 4.2): ``sh:minCount``, ``sh:maxCount``, and the counting
patterns ``sh:qualifiedValueShape`` shares with them."""

from __future__ import annotations

from rdflib.namespace import SH

from puentes.check.shacl.components.core import (
    Branch,
    Component,
    Cx,
)


def count_branch(where: str, op: str, n: int) -> str:
    """Rows for the focus nodes whose number of distinct ``?_x`` in ``where`` is ``op n``
    (0 when it has none: the sub-select returns ?this, so LATERAL binds it inside, and
    OPTIONAL keeps the node without values)."""
    return (f"{{ SELECT ?this (COUNT(DISTINCT ?_x) AS ?_n) WHERE {{ OPTIONAL "
            f"{{ {where} }} }} GROUP BY ?this }} FILTER(?_n {op} {n})")


def at_least(cx: Cx, f: str, n: int, extra: str = "") -> str:
    """An expression true when ``f`` has at least ``n`` distinct values (``extra``: a filter
    on ``?_x`` that a value must pass to count)."""
    if n <= 0:
        return "true"
    names = [cx.var() for _ in range(n)]
    if n <= 3:  # a few distinct variables: correlated, no grouping
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
        tests += [extra.replace("?_x", a) for a in names if extra]
        where = f"FILTER({' && '.join(tests)})" if tests else ""
        return f"EXISTS {{ {f} {cx.path} {', '.join(names)} {where} }}"
    # more: one grouped count, joined with the node in f (not correlated: slower, rare)
    x = names[0]
    cond = f"FILTER({extra.replace('?_x', x)})" if extra else ""
    return (f"EXISTS {{ SELECT {f} WHERE {{ {f} {cx.path} {x} {cond} }} GROUP BY {f} "
            f"HAVING (COUNT(DISTINCT {x}) >= {n}) }}")


class MinCountComponent(Component):
    """sh:minCount: at least n distinct values."""

    params = (SH.minCount,)
    iri = SH.MinCountConstraintComponent
    on_node = False

    def violations(self, cx: Cx) -> Branch | None:
        n = int(cx.c.value)
        if n <= 0:
            return None
        if n == 1:
            return Branch(f"FILTER NOT EXISTS {{ ?this {cx.path} [] }}", with_value=False)
        return Branch(count_branch(f"?this {cx.path} ?_x", "<", n), with_value=False)

    def holds(self, cx: Cx, f: str) -> str:
        return at_least(cx, f, int(cx.c.value))


class MaxCountComponent(Component):
    """sh:maxCount: at most n distinct values."""

    params = (SH.maxCount,)
    iri = SH.MaxCountConstraintComponent
    on_node = False

    def violations(self, cx: Cx) -> Branch:
        return Branch(count_branch(f"?this {cx.path} ?_x", ">", int(cx.c.value)),
                      with_value=False)

    def holds(self, cx: Cx, f: str) -> str:
        return f"!{at_least(cx, f, int(cx.c.value) + 1)}"
