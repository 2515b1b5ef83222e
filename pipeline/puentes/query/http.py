"""Every read from a remote server, bounded: in time, in size, and in where it may lead.

(It lives on the floor, beside the query engines that are one of its users, so that the
sources' connectors and the publisher can use it too.)

``requests`` bounds each *read* (``timeout``), not a request: a server that trickles one byte
every few seconds, or that sends a 2 GB error page, held puentes for hours or took gigabytes.
:func:`request` is the one way puentes talks to a server (the sources' connectors, the SPARQL
endpoints of ``query`` and ``plot``, the Graph Store of ``publish``):

- an overall **deadline** per request: connecting, waiting and reading the whole body; past
  it the request fails (:class:`DeadlineExceeded`, a ``requests.Timeout``, which the
  connectors' retry loop treats as any timeout);
- a **bound on every body read**: an answer of more than ``max_bytes`` fails
  (:class:`BodyTooLarge`); the body of an error answer (status ≥ 400) is read up to
  :data:`ERROR_BYTES` only — enough for its message — then the connection is dropped;
- **no redirect turns a write into a read**: a GET (or HEAD) follows up to
  :data:`MAX_REDIRECTS` redirects; any other method follows none — a 301 or 302 would
  make a POST or PUT a GET (and a 307 would send the body elsewhere), so the answer is
  :class:`RedirectRefused`, which names the address to use instead.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import requests

from puentes.errors import FetchError, PuentesError

if TYPE_CHECKING:
    from collections.abc import Mapping

#: The most of an error answer's body that is read (its message is in the first bytes).
ERROR_BYTES = 64_000
#: Redirects a GET follows at most.
MAX_REDIRECTS = 5
#: The longest a connection may take to open, whatever the deadline (seconds).
CONNECT_SECONDS = 30.0
_CHUNK = 65_536


class DeadlineExceeded(requests.Timeout):
    """The whole request (answer and body) took longer than its deadline."""


class BodyTooLarge(FetchError):
    """The answer's body is larger than a read of it may be."""


class RedirectRefused(FetchError):
    """A request other than GET was redirected: following would change what it does."""


def request(session: requests.Session, method: str, url: str, *, deadline: float,
            max_bytes: int, silence: float | None = None,
            **kwargs: object) -> requests.Response:
    """``session.request(method, url, **kwargs)`` within ``deadline`` seconds in all, its
    body read into ``response.content`` up to ``max_bytes`` (an error answer's up to
    :data:`ERROR_BYTES`); ``silence``: the longest wait for any byte (a ``ReadTimeout``,
    shorter than the deadline). See the module's docstring for redirects."""
    end = time.monotonic() + deadline
    silence = silence or deadline
    method = method.upper()
    for _ in range(MAX_REDIRECTS + 1):
        resp = _send(session, method, url, end, silence, kwargs)
        if not resp.is_redirect:
            break
        target = urljoin(resp.url, resp.headers.get("Location", ""))
        resp.close()
        if method not in ("GET", "HEAD"):
            raise RedirectRefused(
                f"{method} {_shown(url)} was answered {resp.status_code} (moved to "
                f"{_shown(target)}); a {method} is not sent on: a redirect would make it a "
                "GET or send its body to another server, and nothing would be written",
                f"use the address it moved to, {_shown(target)}, if that server is the one "
                "meant")
        url = target
        kwargs = {k: v for k, v in kwargs.items() if k != "params"}  # (in the Location)
    else:
        raise requests.TooManyRedirects(f"GET {_shown(url)}: more than {MAX_REDIRECTS} "
                                        "redirects")
    limit = max_bytes if resp.status_code < 400 else ERROR_BYTES
    _read(resp, end, silence, limit, deadline, cut=resp.status_code >= 400)
    return resp


def _send(session: requests.Session, method: str, url: str, end: float, silence: float,
          kwargs: Mapping[str, object]) -> requests.Response:
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded(f"{method} {_shown(url)}: no answer within the deadline")
    try:
        return session.request(method, url, stream=True, allow_redirects=False,
                               timeout=(min(CONNECT_SECONDS, left), min(silence, left)),
                               **kwargs)
    except requests.exceptions.ReadTimeout as err:
        if time.monotonic() >= end - 0.05:
            raise DeadlineExceeded(f"{method} {_shown(url)}: no answer within the "
                                   "deadline") from err
        raise


def _read(resp: requests.Response, end: float, silence: float, limit: int,
          deadline: float, *, cut: bool) -> None:
    """Read the body into ``resp._content``: one network read at a time (``read1``, so a
    trickle of single bytes still comes back to the deadline check), at most ``limit``
    bytes — past it an error answer is cut (``cut``), any other fails."""
    declared = resp.headers.get("Content-Length", "")
    if not cut and declared.isdigit() and int(declared) > limit:
        resp.close()
        raise BodyTooLarge(f"{resp.request.method} {_shown(resp.url)}: the answer announces "
                           f"{int(declared):,} bytes, more than the {limit:,} read at most",
                           "ask for less (a narrower query or fewer pages), or check the "
                           "address")
    raw, parts, size = resp.raw, [], 0
    try:
        while True:
            if time.monotonic() > end:
                raise DeadlineExceeded(f"{resp.request.method} {_shown(resp.url)}: the "
                                       f"answer was not read whole within {deadline:g} s")
            _socket_timeout(raw, min(silence, end - time.monotonic()))
            chunk = raw.read1(_CHUNK, decode_content=True) if hasattr(raw, "read1") \
                else raw.read(_CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                if cut:
                    parts.append(chunk[: len(chunk) - (size - limit)])
                    break
                raise BodyTooLarge(f"{resp.request.method} {_shown(resp.url)}: the answer is "
                                   f"larger than the {limit:,} bytes read at most",
                                   "ask for less (a narrower query or fewer pages), or "
                                   "check the address")
            parts.append(chunk)
    except Exception as err:
        resp.close()
        if isinstance(err, DeadlineExceeded):
            raise
        if _is_timeout(err) or isinstance(err, requests.Timeout):
            if time.monotonic() >= end - 0.05:
                raise DeadlineExceeded(f"{resp.request.method} {_shown(resp.url)}: the "
                                       f"answer was not read whole within {deadline:g} s") \
                    from err
            raise requests.exceptions.ReadTimeout(
                f"{resp.request.method} {_shown(resp.url)}: no byte of the answer for "
                f"{silence:g} s") from err
        if isinstance(err, (PuentesError, requests.RequestException)):
            raise
        raise requests.exceptions.ChunkedEncodingError(f"the answer was cut short: {err}") \
            from err
    finally:
        if cut:
            resp.close()
    resp._content = b"".join(parts)  # noqa: SLF001 - requests' own cache of the body
    resp._content_consumed = True  # noqa: SLF001


def _socket_timeout(raw: object, seconds: float) -> None:
    """Shorten the socket's read timeout to what is left of the deadline (a hanging server
    then ends the read at the deadline, not after the per-read timeout)."""
    sock = getattr(getattr(raw, "_connection", None), "sock", None) or getattr(
        getattr(getattr(getattr(raw, "_fp", None), "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(0.01, seconds))


def _is_timeout(err: BaseException) -> bool:
    import socket

    from urllib3.exceptions import ReadTimeoutError

    while err is not None:
        if isinstance(err, (TimeoutError, socket.timeout, ReadTimeoutError)):
            return True
        err = err.__cause__ or err.__context__
    return False


def _shown(url: str) -> str:
    """``url`` without a user or password (never shown)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
