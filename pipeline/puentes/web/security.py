"""What every answer of the web app carries for safety: ``nosniff``, a referrer policy, and on
HTML pages a Content-Security-Policy that lets a page load scripts, styles and data from this
server only (its own inline scripts allowed by hash), as ASGI middleware
(:class:`SecurityHeaders`)."""

from __future__ import annotations

import base64
import hashlib
import re

#: Pages may load scripts, styles and data from this server only (no CDN, no framing).
CSP = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'; object-src 'none'")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin")]


def csp(page: str = "") -> str:
    """The Content-Security-Policy of a page: its own inline scripts allowed by hash."""
    hashes = "".join(
        " 'sha256-" + base64.b64encode(hashlib.sha256(m.encode()).digest()).decode() + "'"
        for m in re.findall(r"<script>(.*?)</script>", page, re.S))
    return CSP.format(scripts=hashes)


class SecurityHeaders:
    """ASGI middleware: nosniff and a referrer policy on every answer, and a
    Content-Security-Policy on HTML pages that do not set their own."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.default_csp = csp().encode()

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                ctype = dict(headers).get(b"content-type", b"")
                if ctype.startswith(b"text/html") and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.default_csp))
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


