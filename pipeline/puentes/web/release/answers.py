"""How a release changed the answers of the saved questions (the second level of
``puentes diff``): every saved question asked on both versions, its answers compared row by row
on a key (the columns holding IRIs), each change linked to the record changes that mention what
the row is about."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox

from puentes.i18n import LANGS
from puentes.namespaces import BASE, curie
from puentes.store import GraphStore

#: at most this many values of a required parameter are tried per question
MAX_PARAMETER_VALUES = 40
#: at most this many rows of each kind are kept per answer change (the counts are exact)
MAX_ROWS = 200


def term_json(t: ox.Term) -> dict:
    """A term as plain data: ``{"iri": …}``, ``{"value": …, "lang"|"datatype": …}`` or
    ``{"blank": …}`` (the changelog's JSON)."""
    if isinstance(t, ox.NamedNode):
        return {"iri": t.value}
    if isinstance(t, ox.Literal):
        out = {"value": t.value}
        if t.language:
            out["lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = curie(t.datatype.value)
        return out
    return {"blank": t.value}



def _key_columns(variables: list[str], answers: list[list[dict]]) -> list[str]:
    """A row's key: the columns that name things (IRIs in every row that has a value), then
    as many of the other columns, in order, as make the key unique within each answer (a
    year beside a body and a series)."""
    rows = [r for a in answers for r in a]
    keys = []
    for v in variables:
        values = [r[v] for r in rows if r.get(v) is not None]
        if values and all(isinstance(x, ox.NamedNode) for x in values):
            keys.append(v)

    def unique(cols: list[str]) -> bool:
        return all(len({tuple(_text(r.get(c)) for c in cols) for r in a}) == len(a)
                   for a in answers)

    for v in variables:
        if (not keys or not unique(keys)) and v not in keys:
            keys.append(v)
    return [v for v in variables if v in keys]


def _row(row: dict, variables: list[str]) -> dict:
    return {v: (term_json(row[v]) if row.get(v) is not None else None) for v in variables}


def _text(term: object) -> str:
    return "" if term is None else str(term)


def compare_answers(variables: list[str], before: list[dict], after: list[dict]) -> dict:
    """Rows gained, lost and changed between two answers to the same question, matched on
    the key columns (:func:`_key_columns` over both answers).

    >>> a = [{"c": ox.NamedNode("urn:a"), "v": ox.Literal("1")}]
    >>> b = [{"c": ox.NamedNode("urn:a"), "v": ox.Literal("2")},
    ...      {"c": ox.NamedNode("urn:b"), "v": ox.Literal("3")}]
    >>> d = compare_answers(["c", "v"], a, b)
    >>> len(d["gained"]), len(d["lost"]), d["changed"][0]["after"]["v"]["value"]
    (1, 0, '2')
    """
    keys = _key_columns(variables, [before, after])
    rest = [v for v in variables if v not in keys]

    def group(rows: list[dict]) -> dict[tuple, list[dict]]:
        out: dict[tuple, list[dict]] = {}
        for r in rows:
            out.setdefault(tuple(_text(r.get(k)) for k in keys), []).append(r)
        return out

    old, new = group(before), group(after)
    vals = lambda r: tuple(_text(r.get(v)) for v in rest)  # noqa: E731
    gained, lost, changed = [], [], []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, []), new.get(key, [])
        common = Counter(map(vals, a)) & Counter(map(vals, b))
        only_old, only_new = _beyond(a, common, vals), _beyond(b, common, vals)
        while only_old and only_new:  # the same key on both sides: its values changed
            changed.append({"before": _row(only_old.pop(0), variables),
                            "after": _row(only_new.pop(0), variables)})
        lost += [_row(r, variables) for r in only_old]
        gained += [_row(r, variables) for r in only_new]
    return {"key": keys, "gained": gained, "lost": lost, "changed": changed}


def _beyond(rows: list[dict], common: Counter, vals) -> list[dict]:  # noqa: ANN001
    """The rows of one side that the other side does not match."""
    left, out = Counter(common), []
    for r in rows:
        if left[vals(r)] > 0:
            left[vals(r)] -= 1
        else:
            out.append(r)
    return out


def _row_iris(row: dict | None) -> set[str]:
    return {v["iri"] for v in (row or {}).values()
            if isinstance(v, dict) and v.get("iri", "").startswith(BASE + "id/")}


def _parameter_values(param, touched: list[str]) -> list[str]:  # noqa: ANN001
    """The IRIs a changed record mentions that fit a required IRI parameter (by the kind
    its comment gives as an example, ``pid:organization/…``)."""
    kind = re.search(r"pid:([a-z-]+)/", param.comment or "")
    if kind:
        touched = [i for i in touched if i.startswith(f"{BASE}id/{kind.group(1)}/")]
    return touched


def _runs(q, touched: list[str]) -> tuple[list[dict[str, str]], dict | None]:  # noqa: ANN001
    """The parameter values a saved question is asked with on both versions, and why it is
    not asked (or not for every value), as a ``puentes diff`` reports it.

    A required parameter with a declared example value (``pu:example``) is asked with it; a
    required IRI parameter with none, with each IRI the changed records mention that fits it
    (at most :data:`MAX_PARAMETER_VALUES`). A question left with a required non-IRI
    parameter without an example, or with two IRI parameters to choose, is not asked."""
    required = [p for p in q.parameters if p.required and p.default is None]
    fixed = {p.name: p.example for p in required if p.example is not None}
    free = [p for p in required if p.example is None]
    if len(free) > 1 or any(p.value_type != "iri" for p in free):
        return [], {"query": q.number, "reason": "no-example",
                    "params": [p.name for p in free]}
    if not free:
        return [fixed], None
    values = _parameter_values(free[0], touched)
    kind = re.search(r"pid:([a-z-]+)/", free[0].comment or "")
    why = None
    if not values:
        why = {"query": q.number, "reason": "no-value", "params": [free[0].name],
               "kind": f"pid:{kind.group(1)}/…" if kind else "IRI"}
    elif len(values) > MAX_PARAMETER_VALUES:
        why = {"query": q.number, "reason": "capped", "params": [free[0].name],
               "asked": MAX_PARAMETER_VALUES, "total": len(values)}
    return [{**fixed, free[0].name: v} for v in values[:MAX_PARAMETER_VALUES]], why


def consequences(old: GraphStore, new: GraphStore, records: list[dict],
                 queries: list | None = None,
                 answered: dict | None = None) -> tuple[list[dict], list[dict]]:
    """Every saved question asked on both stores (the old and the new version's); the
    answers that differ, each with the record changes that mention what its rows are about,
    and the questions not asked (or not for every value), each with its reason.

    ``answered``: answers already computed on ``new`` by question number, for the questions
    asked without values (a release has written them as its permalinks): not asked again."""
    from puentes.query import run_saved_query, saved_queries

    touched = sorted({i for r in records for i in r["about"]})
    by_iri: dict[str, list[str]] = {}
    for r in records:
        for i in r["about"]:
            by_iri.setdefault(i, []).append(r["iri"])
    out, unasked = [], []
    for q in queries if queries is not None else saved_queries():
        runs, why = _runs(q, touched)
        if why is not None:
            why["title"] = {lang: q.title(lang) for lang in LANGS}
            unasked.append(why)
        for params in runs:
            a = run_saved_query(q, store=old, params=params)
            b = (answered[q.number] if answered and not params and q.number in answered
                 else run_saved_query(q, store=new, params=params))
            diff = compare_answers(a.variables, a.rows, b.rows)
            if not (diff["gained"] or diff["lost"] or diff["changed"]):
                continue
            causes: set[str] = set()
            rows = diff["gained"] + diff["lost"] + [c["before"] for c in diff["changed"]] \
                + [c["after"] for c in diff["changed"]]
            for row in rows:  # the records of the row's most particular thing
                found = [set(by_iri[i]) for i in _row_iris(row) if i in by_iri]
                if found:
                    least = min(len(x) for x in found)
                    causes.update(*[x for x in found if len(x) == least])
            if not causes:  # rows about nothing a record mentions: the parameter, then
                for v in params.values():
                    causes.update(by_iri.get(v, []))
            counts = {k: len(diff[k]) for k in ("gained", "lost", "changed")}
            # the parameters given their declared example value (not a changed record's)
            example = sorted(p.name for p in q.parameters
                             if p.example is not None and params.get(p.name) == p.example)
            out.append({"query": q.number, "slug": q.slug, "example": example,
                        "title": {lang: q.title(lang) for lang in LANGS},
                        "params": params, "key": diff["key"], "counts": counts,
                        **{k: diff[k][:MAX_ROWS] for k in ("gained", "lost", "changed")},
                        "causes": sorted(causes)})
    return out, unasked
