"""The shape of SPARQL text, read by one left-to-right scan: the outermost group, whether
the answer is ordered, and binding parameters with a ``VALUES`` block placed there.

Oxigraph's own ``substitutions`` bind projected variables only, and a parameter such as a
threshold is rarely projected; a ``VALUES`` block of terms serialised by Oxigraph's writer
binds any variable, on the embedded store and on remote endpoints alike.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..errors import QueryError

# One left-to-right scan, so that IRIs, strings and comments are consumed whole: a "{" or a
# "#" inside them is not taken for a group or a comment.
_TOKEN = re.compile(
    r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''"
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<comment>\#[^\n]*)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<lpar>\()|(?P<rpar>\))"
    r"|(?P<var>[?$]\w+)"
    r"|(?P<word>[A-Za-z_][\w-]*)"
)


def _outer_group(text: str) -> tuple[int, int]:
    """Offsets of the ``{`` that opens the outermost WHERE group and of its ``}``."""
    depth = parens = 0
    start = -1
    last_word = ""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "lpar":
            parens += 1
        elif kind == "rpar":
            parens -= 1
        elif kind == "open":
            # CONSTRUCT { template } WHERE { … }: the template is not the group.
            if depth == 0 and parens == 0 and start < 0 and last_word.upper() != "CONSTRUCT":
                start = m.start()
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and start >= 0:
                return start, m.start()
        elif kind == "word":
            last_word = m.group()
    raise QueryError("the query has no WHERE { … } group",
                     "write the query as SELECT … WHERE { … }")


def is_ordered(text: str) -> bool:
    """Whether the outermost query has ``ORDER BY`` (its rows come in a meaningful order).

    >>> is_ordered("SELECT * { { SELECT ?x { ?x ?p ?o } ORDER BY ?x } }")
    False
    >>> is_ordered("SELECT * { ?x ?p ?o } ORDER BY ?x")
    True
    """
    try:
        _, end = _outer_group(text)
    except QueryError:
        return False
    tail = " ".join(m.group() for m in _TOKEN.finditer(text, end + 1)
                   if m.lastgroup not in ("comment", "string"))
    return bool(re.search(r"(?i)\bORDER\b", tail))


def inline_values(text: str, bindings: dict) -> str:
    """Bind variables with a VALUES block of serialised terms placed at the start of the
    outermost group (the values are RDF terms, written and escaped by Oxigraph).

    >>> print(inline_values('SELECT * { ?s ?p ?o }', {"o": ox.Literal('x" } DROP ALL #')}))
    SELECT * {
      VALUES (?o) { ("x\\" } DROP ALL #") }
     ?s ?p ?o }
    """
    if not bindings:
        return text
    for k, v in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", k) or not isinstance(v, ox.NamedNode | ox.Literal):
            raise QueryError(f"cannot bind ?{k} to {v!r}", "bind IRIs or literals only")
    names = " ".join(f"?{k}" for k in bindings)
    # Oxigraph's str() of a term is its N-Triples form, escaped: safe to inline.
    row = " ".join(str(v) for v in bindings.values())
    start, _ = _outer_group(text)
    return f"{text[: start + 1]}\n  VALUES ({names}) {{ ({row}) }}\n{text[start + 1:]}"


def _groups(text: str) -> dict[int, int]:
    """``{offset of "{": offset of its "}"}`` for every group of the text."""
    out, stack = {}, []
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "open":
            stack.append(m.start())
        elif m.lastgroup == "close" and stack:
            out[stack.pop()] = m.start()
    return out


def push_values(text: str, bindings: dict) -> str:
    """Bind the parameters inside the sub-SELECTs that hand them up as they are, too.

    A ``VALUES`` block at the start of the outermost group (:func:`inline_values`) joins its
    terms with a sub-SELECT's answer only after the sub-SELECT has run over every value: a
    sub-SELECT grouping the findings of every pair of countries, where the question is about
    one country, does all that work in vain. The same block at the start of the sub-SELECT's
    own group gives the same answer, since the join would keep only the rows with these
    values anyway, when the sub-SELECT projects the variable as it is (not ``AS ?x``), does
    not assign it (``BIND(… AS ?x)``), has no ``LIMIT`` or ``OFFSET`` (which would pick other
    rows), and every sub-SELECT around it does the same; none inside ``MINUS`` or ``EXISTS``
    (their rows are compared, not joined). The outermost block is still needed:
    :func:`inline_values` adds it.

    >>> print(push_values("SELECT ?n { { SELECT ?c (COUNT(*) AS ?n) { ?x ?p ?c } GROUP BY ?c } }",
    ...                   {"c": ox.NamedNode("urn:c")}))
    SELECT ?n { { SELECT ?c (COUNT(*) AS ?n) {
      VALUES (?c) { (<urn:c>) }
     ?x ?p ?c } GROUP BY ?c } }
    """
    if not bindings:
        return text
    for k, v in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", k) or not isinstance(v, ox.NamedNode | ox.Literal):
            raise QueryError(f"cannot bind ?{k} to {v!r}", "bind IRIs or literals only")
    groups = _groups(text)
    start, end = _outer_group(text)
    inserts: list[tuple[int, str]] = []
    _push_into(text, groups, start, end, set(bindings), bindings, inserts)
    for at, block in sorted(inserts, reverse=True):
        text = f"{text[: at + 1]}{block}{text[at + 1:]}"
    return text


def _push_into(text: str, groups: dict[int, int], start: int, end: int, names: set[str],
               bindings: dict, inserts: list[tuple[int, str]]) -> None:
    """Walk the group ``text[start:end]`` (``names``: the parameters bound at its level) and
    note where a VALUES block goes in each sub-SELECT that hands the parameters up."""
    last = ""
    pos = start + 1
    while True:
        m = _TOKEN.search(text, pos, end)
        if m is None:
            return
        kind, word = m.lastgroup, m.group()
        if kind == "open":
            close = groups.get(m.start(), end)
            first = _TOKEN.search(text, m.end(), close)
            while first is not None and first.lastgroup == "comment":
                first = _TOKEN.search(text, first.end(), close)
            if last.upper() in ("MINUS", "EXISTS"):
                pass  # compared with the rows around them, not joined: left as written
            elif first is not None and first.group().upper() == "SELECT":
                _push_sub_select(text, groups, first.end(), close, names, bindings, inserts)
            else:
                _push_into(text, groups, m.start(), close, names, bindings, inserts)
            pos, last = close + 1, ""
            continue
        if kind not in ("comment",):
            last = word if kind == "word" else ""
        pos = m.end()


def _push_sub_select(text: str, groups: dict[int, int], after_select: int, end: int,
                     names: set[str], bindings: dict, inserts: list[tuple[int, str]]) -> None:
    """A sub-SELECT from just after its keyword to the ``}`` that closes it."""
    projected, aliased, parens = set(), set(), 0
    body = None
    prev = ""
    for m in _TOKEN.finditer(text, after_select, end):
        kind = m.lastgroup
        if kind == "open" and parens == 0:
            body = m.start()
            break
        if kind == "lpar":
            parens += 1
        elif kind == "rpar":
            parens -= 1
        elif kind == "var":
            (aliased if prev.upper() == "AS" else projected if parens == 0 else set()).add(
                m.group()[1:])
        if kind != "comment":
            prev = m.group()
    if body is None:
        return
    close = groups.get(body, end)
    tail = [m.group().upper() for m in _TOKEN.finditer(text, close + 1, end)
            if m.lastgroup == "word"]
    inner = [m for m in _TOKEN.finditer(text, body, close) if m.lastgroup in ("var", "word")]
    assigned = {b.group()[1:] for a, b in zip(inner, inner[1:], strict=False)
                if a.group().upper() == "AS" and b.lastgroup == "var"}
    used = {m.group()[1:] for m in inner if m.lastgroup == "var"}
    here = set() if {"LIMIT", "OFFSET"} & set(tail) else (
        (names & projected & used) - aliased - assigned)
    if not here:
        return
    keys = [k for k in bindings if k in here]
    names_sql = " ".join(f"?{k}" for k in keys)
    row = " ".join(str(bindings[k]) for k in keys)
    line = text[text.rfind("\n", 0, body) + 1:]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    inserts.append((body, f"\n{indent}  VALUES ({names_sql}) {{ ({row}) }}\n{indent}"))
    _push_into(text, groups, body, close, here, bindings, inserts)
