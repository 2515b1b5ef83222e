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
    # Oxigraph's str() of a term is its N-Triples form, escaped: safe to inline. One block per
    # variable (the same solutions as one row of several): Virtuoso 7 fails to compile a
    # one-row VALUES of several variables used in a FILTER (SP031, ssg_print_rvr_fixed_val).
    block = " ".join(f"VALUES (?{k}) {{ ({v}) }}" for k, v in bindings.items())
    start, _ = _outer_group(text)
    return f"{text[: start + 1]}\n  {block}\n{text[start + 1:]}"
