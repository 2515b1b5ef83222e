"""The shape of SPARQL text, read by one left-to-right scan: the outermost group, whether
the answer is ordered, and binding parameters with a ``VALUES`` block placed there.

Oxigraph's own ``substitutions`` bind projected variables only, and a parameter such as a
threshold is rarely projected; a ``VALUES`` block of terms serialised by Oxigraph's writer
binds any variable, on the embedded store and on remote endpoints alike.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from puentes.errors import QueryError
from puentes.i18n.lazy import Msg
from puentes.query.tokens import next_token, scan


def _outer_group(text: str) -> tuple[int, int]:
    """Offsets of the ``{`` that opens the outermost WHERE group and of its ``}``."""
    depth = parens = 0
    start = -1
    last_word = ""
    for m in scan(text):
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
    raise QueryError(Msg("the query has no WHERE { … } group"),
                     Msg("write the query as SELECT … WHERE { … }"))


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
    tail = " ".join(m.group() for m in scan(text, end + 1)
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
    _check_bindings(bindings)
    start, _ = _outer_group(text)
    return f"{text[: start + 1]}\n  {_values_block(bindings)}\n{text[start + 1:]}"


def _check_bindings(bindings: dict) -> None:
    """Only IRIs and literals, bound to variable names: nothing else reaches the text."""
    for k, v in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", k) or not isinstance(v, ox.NamedNode | ox.Literal):
            raise QueryError(Msg("cannot bind ?{name} to {value!r}", name=k, value=v),
                             Msg("bind IRIs or literals only"))


def _values_block(bindings: dict) -> str:
    """``VALUES (?k) { (term) }`` for each binding. Oxigraph's str() of a term is its
    N-Triples form, escaped: safe to inline. One block per variable (the same solutions as
    one row of several): Virtuoso 7 fails to compile a one-row VALUES of several variables
    used in a FILTER (SP031, ssg_print_rvr_fixed_val)."""
    return " ".join(f"VALUES (?{k}) {{ ({v}) }}" for k, v in bindings.items())


def _groups(text: str) -> dict[int, int]:
    """``{offset of "{": offset of its "}"}`` for every group of the text."""
    out, stack = {}, []
    for m in scan(text):
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
    own group keeps exactly the rows the join would keep, so the answer is the same, when:

    - the sub-SELECT projects the variable as it is (not ``AS ?x``) and has no ``LIMIT`` or
      ``OFFSET`` (which would pick other rows);
    - it binds the variable in every row: the variable appears in its group only in triple
      patterns, in sub-SELECTs that bind it so (the same rules, recursively) and in
      ``FILTER``s — not in ``OPTIONAL``, ``UNION``, ``MINUS``, ``BIND`` or a nested group,
      where a row without it, or a ``BIND`` before it, would change with the block;
    - its rows are joined with rows that already have the value: it stands in the group that
      begins with the block (the outermost one, or a sub-SELECT that got the block), in a
      group joined into it, or in an ``OPTIONAL`` of it — not in an ``OPTIONAL`` nested in
      another group (whose left side may lack the variable), nor in ``MINUS`` or ``EXISTS``
      (whose rows are compared, not joined).

    The outermost block is still needed: :func:`inline_values` adds it.

    >>> print(push_values("SELECT ?n { { SELECT ?c (COUNT(*) AS ?n) { ?x ?p ?c } GROUP BY ?c } }",
    ...                   {"c": ox.NamedNode("urn:c")}))
    SELECT ?n { { SELECT ?c (COUNT(*) AS ?n) {
      VALUES (?c) { (<urn:c>) }
     ?x ?p ?c } GROUP BY ?c } }
    """
    if not bindings:
        return text
    _check_bindings(bindings)
    groups = _groups(text)
    start, end = _outer_group(text)
    inserts: list[tuple[int, str]] = []
    _push_into(text, groups, start, end, set(bindings), bindings, inserts, bound=True)
    for at, block in sorted(inserts, reverse=True):
        text = f"{text[: at + 1]}{block}{text[at + 1:]}"
    return text


def _first_word(text: str, start: int, end: int) -> str:
    """The first token of ``text[start:end]`` that is not a comment, upper-cased."""
    for m in scan(text, start, end):
        if m.lastgroup != "comment":
            return m.group().upper()
    return ""


def _push_into(text: str, groups: dict[int, int], start: int, end: int, names: set[str],
               bindings: dict, inserts: list[tuple[int, str]], bound: bool) -> None:
    """Walk the group from its ``{`` at ``start`` to its ``}`` at ``end`` and note where a
    VALUES block goes. ``bound``: the group begins with the parameters' block, so each of
    its rows has their values (an ``OPTIONAL`` in it is then joined on them)."""
    last = ""
    pos = start + 1
    while True:
        m = next_token(text, pos, end)
        if m is None:
            return
        if m.lastgroup == "open":
            close = groups.get(m.start(), end)
            keyword = last.upper()
            if keyword in ("MINUS", "EXISTS") or (keyword == "OPTIONAL" and not bound):
                pass  # compared with the rows around them, or joined to rows that may lack them
            elif _first_word(text, m.end(), close) == "SELECT":
                _push_sub_select(text, groups, m.start(), close, names, bindings, inserts)
            else:  # a nested group or an OPTIONAL of this one: its own rows start empty
                _push_into(text, groups, m.start(), close, names, bindings, inserts, False)
            pos, last = close + 1, ""
            continue
        if m.lastgroup != "comment":
            last = m.group() if m.lastgroup == "word" else ""
        pos = m.end()


def _projection(text: str, groups: dict[int, int], start: int, end: int,
                ) -> tuple[set[str], int | None, int]:
    """A sub-SELECT in the group ``{`` at ``start`` … ``}`` at ``end``: the variables it
    projects as they are, and its WHERE group's ``{`` and ``}`` (``None`` if not found)."""
    projected, parens, prev = set(), 0, ""
    for m in scan(text, start + 1, end):
        kind = m.lastgroup
        if kind == "open" and parens == 0:
            return projected, m.start(), groups.get(m.start(), end)
        if kind == "lpar":
            parens += 1
        elif kind == "rpar":
            parens -= 1
        elif kind == "var" and parens == 0 and prev.upper() != "AS":
            projected.add(m.group()[1:])
        if kind != "comment":
            prev = m.group()
    return projected, None, end


def _hands_up(text: str, groups: dict[int, int], start: int, end: int, name: str) -> bool:
    """Whether the sub-SELECT in the group ``{`` at ``start`` … ``}`` at ``end`` projects
    ``?name`` as it is, binds it in every row and picks no rows (no LIMIT or OFFSET)."""
    projected, body, close = _projection(text, groups, start, end)
    if body is None or name not in projected:
        return False
    tail = {m.group().upper() for m in scan(text, close + 1, end)
            if m.lastgroup == "word"}
    return not {"LIMIT", "OFFSET"} & tail and _binds(text, groups, body, close, name)


def _binds(text: str, groups: dict[int, int], start: int, end: int, name: str) -> bool:
    """Whether the group ``{`` at ``start`` … ``}`` at ``end`` binds ``?name`` in every row,
    and uses it nowhere else than in triple patterns, such sub-SELECTs and FILTERs."""
    binding = False
    parens, opener, last = 0, "", ""
    pos = start + 1
    while True:
        m = next_token(text, pos, end)
        if m is None:
            return binding
        kind = m.lastgroup
        if kind == "open":
            close = groups.get(m.start(), end)
            inside = any(v.lastgroup == "var" and v.group()[1:] == name
                         for v in scan(text, m.start(), close))
            if inside:
                if parens or _first_word(text, m.end(), close) != "SELECT" \
                        or not _hands_up(text, groups, m.start(), close, name):
                    return False  # in OPTIONAL, UNION, MINUS, EXISTS, a group or VALUES
                binding = True
            pos, last = close + 1, ""
            continue
        if kind == "lpar":
            if parens == 0:
                opener = last.upper()
            parens += 1
        elif kind == "rpar":
            parens -= 1
        elif kind == "var" and m.group()[1:] == name:
            if parens == 0 and last.upper() == "VALUES":
                return False  # inline data may leave it UNDEF
            if parens == 0:
                binding = True  # a triple pattern
            elif opener != "FILTER":
                return False  # BIND, VALUES or an expression list
        if kind != "comment":
            last = m.group() if kind == "word" else ""
        pos = m.end()


def _push_sub_select(text: str, groups: dict[int, int], start: int, end: int,
                     names: set[str], bindings: dict, inserts: list[tuple[int, str]]) -> None:
    """The sub-SELECT in the group ``{`` at ``start`` … ``}`` at ``end``: a VALUES block at
    the start of its WHERE group for the parameters it hands up, then the same inside."""
    _, body, close = _projection(text, groups, start, end)
    if body is None:
        return
    here = {n for n in names if _hands_up(text, groups, start, end, n)}
    if not here:
        return
    block = _values_block({k: v for k, v in bindings.items() if k in here})
    line = text[text.rfind("\n", 0, body) + 1:]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    inserts.append((body, f"\n{indent}  {block}\n{indent}"))
    _push_into(text, groups, body, close, here, bindings, inserts, bound=True)
