"""The one SPARQL tokenizer: a left-to-right scan that consumes IRIs, strings and comments
whole, so that a ``{``, a ``#`` or a keyword inside them is never taken for syntax.

Used by :mod:`puentes.query.guard` (refusing a query before any engine sees it: depth,
``SERVICE``, updates; and the endpoint's lookup reading) and by :mod:`puentes.query.text`
(the outermost group, ``ORDER BY``, where a ``VALUES`` block goes).

>>> [(m.lastgroup, m.group()) for m in scan('SELECT ?x { ?x a pu:C ; <urn:a#b> "}" } # }')]
... # doctest: +NORMALIZE_WHITESPACE
[('word', 'SELECT'), ('var', '?x'), ('open', '{'), ('var', '?x'), ('word', 'a'),
 ('pname', 'pu:C'), ('iri', '<urn:a#b>'), ('string', '"}"'), ('close', '}'),
 ('comment', '# }')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

TOKEN = re.compile(
    r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''"
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<comment>\#[^\n]*)"
    r"|(?P<var>[?$]\w+)"
    r"|(?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w.:%-]|\\.)*)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<lpar>\()|(?P<rpar>\))"
    r"|(?P<lbracket>\[)|(?P<rbracket>\])"
    r"|(?P<unary>[!^+-])"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)", re.S)

#: the kinds that open and close a level of nesting (the guard counts all three brackets)
OPENING = frozenset({"open", "lpar", "lbracket"})
CLOSING = frozenset({"close", "rpar", "rbracket"})
#: what a reading of the query's structure passes over: spaces and punctuation (. ; , * =)
LAYOUT = frozenset({"space", "other"})


def scan(text: str, start: int = 0, end: int | None = None, *,
         skip: frozenset[str] = LAYOUT) -> Iterator[re.Match]:
    """The tokens of ``text[start:end]`` as matches (``m.lastgroup`` is the kind), those of
    a kind in ``skip`` left out."""
    for m in TOKEN.finditer(text, start, len(text) if end is None else end):
        if m.lastgroup not in skip:
            yield m


def next_token(text: str, pos: int, end: int) -> re.Match | None:
    """The first token at or after ``pos`` (before ``end``) that is not layout."""
    return next(scan(text, pos, end), None)
