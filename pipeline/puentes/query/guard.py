"""Checks on SPARQL text before any engine sees it: one small module used by ``puentes serve``
and ``puentes query``.

Why before the engine: Oxigraph's parser is recursive, so a query nested a few thousand
levels deep (``{{{{…``) overflows its stack and kills the process (a segfault, exit 139); and
``SERVICE`` makes the engine call any address a client names (SSRF from a public endpoint).
Both are refused here from the tokens of the query — strings, IRIs and comments are skipped,
so ``"SERVICE"`` in a literal or ``ex:service`` as a name is not mistaken for the keyword.

>>> check_query("SELECT * { ?s ?p 'SERVICE {' }")  # True if the query has FROM
False
>>> def refusal(text):
...     try:
...         check_query(text)
...     except QueryRefused as err:
...         return err.message
>>> refusal("SELECT * { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }")
'SERVICE <http://127.0.0.1:9/s> is refused: this endpoint makes no outbound requests'
>>> refusal("SELECT * " + "{" * 300 + "}" * 300)
'the query nests 300 levels deep (at most 128 are allowed)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from puentes.errors import PuentesError
from puentes.i18n.lazy import Msg
from puentes.query.tokens import CLOSING, OPENING, scan

#: Deepest nesting of ``{ ( [`` accepted: real queries stay far below; Oxigraph's parser
#: overflows its stack somewhere between 2,000 and 5,000 levels.
MAX_DEPTH = 128
#: Longest query text accepted (characters).
MAX_LENGTH = 200_000
#: Longest run of prefix operators (``! - + ^``), which also recurse in the parser.
MAX_UNARY = 64


#: a run of prefix operators, spaces allowed between them, longer than MAX_UNARY
_UNARY_RUN = re.compile(rf"(?:[!^+-]\s*){{{MAX_UNARY + 1}}}")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                 "WITH"}


class QueryRefused(PuentesError):
    """The query is refused before it runs (too deep, too long, or an outbound call)."""

    def __init__(self, message: str, hint: str = "", status: int = 400) -> None:
        super().__init__(message, hint)
        self.status = status


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` for every token of a SPARQL text, spaces and comments left out."""
    for m in scan(text, skip=frozenset({"space", "comment"})):
        yield m.lastgroup or "other", m.group()


def check_query(text: str, *, allow_service: Iterable[str] = (), max_depth: int = MAX_DEPTH,
                max_length: int = MAX_LENGTH) -> bool:
    """Raise :class:`QueryRefused` if ``text`` is too long, nested too deep, or calls a
    ``SERVICE`` whose IRI is not in ``allow_service`` (a variable service is never allowed).

    Returns whether the query names its own dataset (``FROM``), found in the same pass.
    """
    if len(text) > max_length:
        raise QueryRefused(Msg("the query is {n:,} characters long (at most {most:,} are "
                               "allowed)", n=len(text), most=max_length),
                           Msg("shorten the query"), status=413)
    # The usual query needs no tokens: no SERVICE or FROM anywhere, fewer brackets in all than
    # the depth allowed, and no long operator run — either fewer operator characters in all
    # than a run may have, or no comment (which could split a run; a '#' in an IRI such as
    # rdf:type's is as good as one here) and no run in the text.
    lower = text.lower()
    if ("service" not in lower and "from" not in lower
            and sum(map(text.count, "{([")) <= max_depth
            and (sum(map(text.count, "!^+-")) <= MAX_UNARY
                 or ("#" not in text and not _UNARY_RUN.search(text)))):
        return False
    allowed = set(allow_service)
    depth = deepest = unary = 0
    service_next = from_ = False
    for kind, tok in tokens(text):
        if kind in OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif kind in CLOSING:
            depth -= 1
        unary = unary + 1 if kind == "unary" else 0
        if unary > MAX_UNARY:
            raise QueryRefused(Msg("the query chains more than {most} operators {op!r} in a "
                                   "row", most=MAX_UNARY, op=tok),
                               Msg("simplify the expression"))
        if service_next:
            if kind == "word" and tok.upper() == "SILENT":
                continue
            if not (kind == "iri" and tok[1:-1] in allowed):
                raise QueryRefused(Msg("SERVICE {iri} is refused: this endpoint makes no "
                                       "outbound requests", iri=tok),
                                   Msg("query the other endpoint directly") if not allowed
                                   else Msg("allowed services: {iris}",
                                            iris=", ".join(sorted(allowed))))
            service_next = False
        elif kind == "word":
            word = tok.upper()
            service_next = word == "SERVICE"
            from_ = from_ or word == "FROM"
    if deepest > max_depth:
        raise QueryRefused(Msg("the query nests {n} levels deep (at most {most} are allowed)",
                               n=deepest, most=max_depth),
                           Msg("flatten the query (fewer nested { } and ( ))"))
    return from_


def is_update(text: str) -> bool:
    """Whether a SPARQL text is an update request (its first keyword after the prologue).

    >>> is_update("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * { ?s ?p ?o }")
    False
    """
    prologue = False
    for kind, tok in tokens(text):
        word = tok.upper() if kind == "word" else ""
        if word in ("PREFIX", "BASE"):
            prologue = True
            continue
        if prologue and kind in ("pname", "iri"):
            continue
        return word in _UPDATE_WORDS
    return False
