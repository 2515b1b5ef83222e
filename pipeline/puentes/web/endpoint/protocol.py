"""The SPARQL 1.1 Protocol's query operation, read from an HTTP request — strictly.

What a request may be (https://www.w3.org/TR/sparql11-protocol/#query-operation): GET with
``query=``; POST with a form (``application/x-www-form-urlencoded``) or the query itself
(``application/sparql-query``, UTF-8); at most one ``query``; ``default-graph-uri`` and
``named-graph-uri`` any number of times. Anything else is refused with the status the
protocol asks for (400, 413, 415), and any attempt to change the store — SPARQL Update by
form, by direct POST or in a query parameter, or a Graph Store Protocol write — with 403,
whatever its media type or spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from puentes.query.guard import QueryRefused, check_query, is_update

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = ("This endpoint is read-only: SPARQL Update and Graph Store writes are refused. "
             "Build the graph with `puentes build` instead.")
_BASE_OK = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d+)?(/[A-Za-z0-9._~/-]*)?$")


class ProtocolError(Exception):
    """A request the endpoint refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class QueryRequest:
    """A query operation: the query text and the dataset the request names."""

    query: str
    default: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    names_dataset: bool = False  # the query has FROM / FROM NAMED

    def job(self, *, base: str, accept: str, limit: int, max_bytes: int) -> dict:
        """The job a query worker runs."""
        return {"query": self.query, "default": self.default, "named": self.named,
                "from": self.names_dataset, "accept": accept, "limit": limit,
                "max_bytes": max_bytes, "base": base if _BASE_OK.match(base) else None}


def media_type(header: str) -> tuple[str, dict[str, str]]:
    """``("application/sparql-query", {"charset": "utf-16"})`` from a Content-Type header
    (media types and parameter names are case-insensitive)."""
    media, *params = [p.strip() for p in (header or "").split(";")]
    out = {}
    for p in params:
        k, _, v = p.partition("=")
        out[k.strip().lower()] = v.strip().strip('"').lower()
    return media.lower(), out


def _pairs(raw: bytes, what: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8",
                         errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"The {what} is not UTF-8 (percent-encoded UTF-8 is "
                                 "expected).") from None


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "The request body is not UTF-8: send the query in UTF-8.") \
            from None


def parse(method: str, query_string: bytes, content_type: str, body: bytes, *,
          allow_service: tuple[str, ...] = ()) -> QueryRequest | None:
    """The query operation a request asks for (None: no query, show the service description).

    Raises :class:`ProtocolError` for every request the endpoint refuses.
    """
    params = _pairs(query_string, "query string")
    if method not in ("GET", "HEAD", "POST"):
        raise ProtocolError(403 if method in ("PUT", "DELETE", "PATCH") else 405,
                            READ_ONLY if method in ("PUT", "DELETE", "PATCH") else
                            f"{method} is not a SPARQL 1.1 Protocol method: use GET or POST.")
    keys = {k for k, _ in params}
    if keys & {"update", "using-graph-uri", "using-named-graph-uri"} or (
            method == "POST" and keys & {"graph", "default"}):
        raise ProtocolError(403, READ_ONLY)
    if method == "POST":
        media, mparams = media_type(content_type)
        if media == UPDATE:
            raise ProtocolError(403, READ_ONLY)
        if media == FORM:
            form = _pairs(body, "form")
            if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in form):
                raise ProtocolError(403, READ_ONLY)
            params += form
        elif media == DIRECT:
            if mparams.get("charset", "utf-8") not in ("utf-8", "utf8"):
                raise ProtocolError(400, f"The query is sent as {mparams['charset']}: the "
                                         "SPARQL protocol requires UTF-8.")
            params.append(("query", _utf8(body)))
        else:
            # Not a query operation. Say 403 for what is an update in disguise (sent as
            # text/plain, or a form without its media type), else name the media type.
            text = body.decode("utf-8", "replace")
            if is_update(text) or re.match(r"^\s*(update|using-(named-)?graph-uri)=", text):
                raise ProtocolError(403, READ_ONLY)
            if not media:
                raise ProtocolError(400, "A POST needs a Content-Type: "
                                         f"{FORM} or {DIRECT}.")
            raise ProtocolError(415, f"Unsupported media type {media!r}: send the query as "
                                     f"{FORM} or {DIRECT}.")
    queries = [v for k, v in params if k == "query"]
    if not queries:
        if method == "POST":
            raise ProtocolError(400, "No query in the request (a query= parameter or an "
                                     f"{DIRECT} body is expected).")
        return None
    if len(queries) > 1:
        raise ProtocolError(400, f"{len(queries)} query parameters: give exactly one.")
    query = queries[0]
    if is_update(query):
        raise ProtocolError(403, READ_ONLY)
    try:
        names_dataset = check_query(query, allow_service=allow_service)
    except QueryRefused as err:
        raise ProtocolError(err.status, str(err)) from None
    return QueryRequest(query, [v for k, v in params if k == "default-graph-uri"],
                        [v for k, v in params if k == "named-graph-uri"], names_dataset)
