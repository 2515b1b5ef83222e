"""What puentes accepts as a web address: one definition for the check, the mappers and
every command that reads from or writes to a server (``query``, ``plot`` and ``publish
--endpoint``, ``publish --base-url``, ``serve --public-url`` and ``--allow-service``, the
sources' ``PUENTES_<ID>_URL``): :func:`check_web_url`. A ``file://`` address, a path, or an
address with a user and password in it is refused everywhere alike.

A registry ``url``/``website``/``iri`` becomes an IRI in the graph, so the check must refuse
exactly what the RDF writers and the store would refuse later: an address that is not
``http(s)://host…``, that has spaces or control characters, or characters an IRI may not hold
(``< > " { } | \\ ^ `` and the backtick), or that Oxigraph's RFC 3987 parser rejects.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from puentes.i18n.lazy import Msg

if TYPE_CHECKING:
    from rdflib import URIRef

EXPECTED = Msg("a full web address starting with http:// or https://, without spaces or the "
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


def check_web_url(value: str, what: str, hint: str | None = None) -> str:
    """``value`` when it is a web address (:func:`is_web_url`), else a
    :class:`~puentes.errors.ConfigError` (exit 2) naming ``what`` and what is expected.

    >>> check_web_url("http://127.0.0.1:7878/query", "--endpoint")
    'http://127.0.0.1:7878/query'
    >>> try:
    ...     check_web_url("file:///etc/passwd", "--endpoint")
    ... except Exception as err:
    ...     print(err.message)
    --endpoint 'file:///etc/passwd': not a web address
    """
    from puentes.errors import ConfigError

    if isinstance(value, str) and re.match(r"^https?://[^/?#]*@", value, re.IGNORECASE):
        raise ConfigError(f"{what}: a user or password in the address is not accepted",
                          "give credentials in the environment (PUENTES_ENDPOINT_USER and "
                          "PUENTES_ENDPOINT_PASSWORD, or PUENTES_ENDPOINT_TOKEN)")
    if not is_web_url(value):
        raise ConfigError(f"{what} {value!r}: not a web address", hint or f"give {EXPECTED}")
    return value


def web_iri(value: str) -> URIRef:
    """``value`` as an IRI; ``ValueError`` (with what is expected) when it is not one.

    >>> web_iri("https://example.org/x")
    rdflib.term.URIRef('https://example.org/x')
    """
    if not is_web_url(value):
        raise ValueError(f"{value!r} is not {EXPECTED}")
    from rdflib import URIRef

    return URIRef(value)
