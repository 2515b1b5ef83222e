"""Which queries ``puentes serve`` may answer in its own process: lookups of one resource.

Queries run in worker processes so that one past its time can be killed (see worker.py). A
*lookup* — one triple pattern whose subject is a given IRI, every other term a distinct
variable or an IRI, no FILTER, ORDER, GROUP or OFFSET — cannot run long: Oxigraph answers it
from one index range (subject first, or object and subject), every quad it reads is a row of
the answer, and the server stops reading once the answer is longer than a short answer may
be (then a worker answers it). So the server answers lookups itself and spares them the
round trip to a worker, which cost more than the query.

>>> is_lookup("SELECT ?p ?o WHERE { <https://w3id.org/puentes/id/x> ?p ?o } # 7")
True
>>> is_lookup("PREFIX pid: <https://w3id.org/puentes/id/> ASK { pid:x a ?type . }")
True
>>> is_lookup("SELECT * { ?s ?p ?o }"), is_lookup("SELECT ?o { <x> ?o ?o }")
(False, False)
>>> is_lookup("SELECT ?o { <x> <p> ?o } ORDER BY ?o"), is_lookup("SELECT ?o { <x> <p> ?o } LIMIT 5")
(False, True)
"""

from __future__ import annotations

import re

from puentes.query.guard import tokens

#: The shape of a lookup, one letter a token: I an IRI, N a prefixed name, V a variable,
#: D a digit, K a keyword (its text follows, ``KSELECT``), and { } . * as themselves.
_SHAPE = re.compile(r"((KPREFIX)NI|(KBASE)I)*"
                    r"(KASK|KSELECT(\*|V+))(KWHERE)?"
                    r"\{[IN](V|I|N|Ka)[VIN]\.?\}"
                    r"(KLIMITD+)?")
_KEYWORDS = {"PREFIX", "BASE", "ASK", "SELECT", "WHERE", "LIMIT", "a"}
_KINDS = {"iri": "I", "pname": "N", "var": "V"}


def _letter(kind: str, tok: str) -> str:
    if kind in _KINDS:
        return _KINDS[kind]
    if kind == "word":
        word = tok if tok == "a" else tok.upper()  # ("a" is lower case only)
        return "K" + word if word in _KEYWORDS else "?"
    if tok.isdigit():
        return "D"
    return tok if tok in "{}.*" else "?"


def is_lookup(text: str) -> bool:
    """Whether ``text`` is a lookup query (see the module's docstring). Anything else, or
    anything this reading is unsure of, is not: it goes to a worker."""
    toks = list(tokens(text))
    if not _SHAPE.fullmatch("".join(_letter(k, t) for k, t in toks)):
        return False
    # the pattern's terms: the three tokens after "{"
    s, p, o = toks[next(i for i, (k, t) in enumerate(toks) if t == "{") + 1:][:3]
    names = [t for k, t in (p, o) if k == "var"]
    # a variable twice makes Oxigraph read every quad of the subject for a few rows; a
    # prefixed name ending in "." is one this tokenizer may have cut wrongly
    return len(set(names)) == len(names) and not any(
        k == "pname" and t.endswith(".") for k, t in (s, p, o))
