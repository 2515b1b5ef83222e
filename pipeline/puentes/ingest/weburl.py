"""What puentes accepts as a web address: one definition for the check and the mappers.

A registry ``url``/``website``/``iri`` becomes an IRI in the graph, so the check must refuse
exactly what the RDF writers and the store would refuse later: an address that is not
``http(s)://host…``, that has spaces or control characters, or characters an IRI may not hold
(``< > " { } | \\ ^ `` and the backtick), or that Oxigraph's RFC 3987 parser rejects.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import URIRef

EXPECTED = ("a full web address starting with http:// or https://, without spaces or the "
            "characters < > \" { } | \\ ^ ` (write them percent-encoded, e.g. %3E for >)")

_SHAPE = re.compile(r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$", re.IGNORECASE)
_FORBIDDEN = re.compile(r'[<>"{}|\\^`\x00-\x20\x7f]')


def is_web_url(value: object) -> bool:
    """True when ``value`` is an http(s) address that is also a valid IRI.

    >>> is_web_url("https://www.ilo.org/ipec/lang--en/index.htm")
    True
    >>> [is_web_url(u) for u in ("https://x.org/a>b", 'https://x.org/"}{', "ftp://x.org",
    ...                          "https://", "https://x.org/a b")]
    [False, False, False, False, False]
    """
    if not isinstance(value, str) or not _SHAPE.match(value) or _FORBIDDEN.search(value):
        return False
    import pyoxigraph as ox  # here: the command line checks options without an RDF library

    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def web_iri(value: str) -> URIRef:
    """``value`` as an IRI; ``ValueError`` (with what is expected) when it is not one.

    >>> web_iri("https://example.org/x")
    rdflib.term.URIRef('https://example.org/x')
    """
    if not is_web_url(value):
        raise ValueError(f"{value!r} is not {EXPECTED}")
    from rdflib import URIRef

    return URIRef(value)
