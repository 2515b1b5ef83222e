"""``puentes serve``: the linked-data site with content negotiation, a read-only SPARQL 1.1
Protocol endpoint at ``/sparql`` and a query page (YASGUI, shipped in the package).

Resource IRIs (``…/id/<kind>/<slug>``) answer with **303 See Other** to a document URL
(``….html``, ``….ttl``, ``….jsonld``, ``….nt``) chosen by the Accept header — the Cool URIs
note's recipe for non-information resources: the IRI names the thing, the document
describes it. Documents are rendered from the store, so the site is always current.

The server's own address (in the service description, the VoID description and as the base
of relative IRIs in queries) is its configured public URL (``public_url``; ``puentes serve
--public-url``), else the address it listens on — never a request's ``Host`` header, which
any client may set: one request must not change what every later client is told, and
nothing a client sends is written into a document unchecked.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import gc
import hashlib
import os
import re
import signal
from html import escape as html_escape
from pathlib import Path
from urllib.parse import urlsplit

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from puentes.errors import ConfigError
from puentes.i18n import LANGS
from puentes.ingest.weburl import EXPECTED, is_web_url
from puentes.namespaces import BASE, PG, PREFIXES
from puentes.store import HIDDEN_PREFIX, GraphStore
from puentes.web import front
from puentes.web.endpoint import protocol
from puentes.web.endpoint.cache import AnswerCache
from puentes.web.endpoint.lookup import is_lookup
from puentes.web.endpoint.media import FORMAT_IRIS, GRAPHS, RESULTS, negotiate
from puentes.web.endpoint.pool import Busy, Crashed, OutOfMemory, Pool, Stopping, Timeout
from puentes.web.endpoint.snapshot import Snapshots, data_view
from puentes.web.endpoint.worker import Engine
from puentes.web.links import FORMATS, split_lang
from puentes.web.pages import RDF_TYPE, build_index, describe, serialize
from puentes.web.pictures import resource_figures
from puentes.web.plot.kinds import Context as PictureContext
from puentes.web.plot.kinds import built_date
from puentes.web.query_page import embed_page, query_page
from puentes.web.sections import render_html

__all__ = ["App", "GRAPHS", "RESULTS", "create_app", "negotiate"]

# The live app also answers RDF/XML on a resource IRI (content negotiation); the static
# site writes the formats of FORMATS only.
DOCS = {**{ext: media for ext, (media, _, _) in FORMATS.items()}, ".rdf": "application/rdf+xml"}
STATIC = Path(__file__).parent / "static"
#: Pages may load scripts, styles and data from this server only (no CDN, no framing).
CSP = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'; object-src 'none'")
#: The longest answer to a lookup written in the server's process (longer: by a worker), so
#: that a lookup of a resource with very many statements keeps the server busy a few ms at most.
LOOKUP_BYTES = 256_000
#: Paths answered from files (Starlette answers their conditional and range requests), not
#: from the page cache.
UNCACHED = ("/static/", "/site/", "/dumps/", "/quality/quality.", "/shapes/", "/releases/")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin")]


def _csp(page: str = "") -> str:
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
        self.default_csp = _csp().encode()

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


class App:
    """The ASGI application: pages and ``/sparql`` over an immutable snapshot of the store.

    ``store`` is a :class:`GraphStore` (in memory, or on disk) or the path of a store folder.
    SPARQL queries run in ``workers`` worker processes (killed past ``timeout`` seconds, or
    past ``memory`` bytes of memory each); ``refresh`` is how often (s) the store folder is
    checked for a finished build; ``public_url`` is the server's address as clients reach it
    (default: the address it listens on).
    """

    def __init__(self, store: GraphStore | Path | None = None, *, timeout: float = 30.0,
                 limit: int = 10_000, site: Path | None = None, workers: int = 2,
                 allow_service: tuple[str, ...] = (), max_body: int = 1_000_000,
                 max_result_bytes: int = 50_000_000, refresh: float = 2.0,
                 cache_bytes: int = 64_000_000, memory: int | None = 1_000_000_000,
                 public_url: str | None = None, releases: Path | None = None) -> None:
        self.timeout, self.limit, self.refresh = timeout, limit, refresh
        self.memory = memory
        self.public_url = public_base(public_url) if public_url else None
        self.allow_service = tuple(allow_service)
        self.max_body, self.max_result_bytes = max_body, max_result_bytes
        self.cache = AnswerCache(cache_bytes, min(cache_bytes, 1_000_000))
        # Pages are rendered once per snapshot (some take seconds: pictures); 303 and 404
        # answers are kept too, they are as fixed as the pages.
        self.pages = AnswerCache(cache_bytes, min(cache_bytes, 4_000_000), (200, 303, 404))
        self._rendering: dict[tuple, asyncio.Task] = {}  # one rendering per page at a time
        if isinstance(store, GraphStore) and (store.path is None or not store.read_only):
            # A store this process holds (in memory, or open for writing): copy it now.
            self.snapshots = Snapshots(store.path)
            snap = (self.snapshots.from_memory(store.store) if store.path is None
                    else self.snapshots.from_handle(store.store))
            self.snapshots.live = None  # nothing to watch
        else:
            from puentes.paths import default_store_dir

            path = store.path if isinstance(store, GraphStore) else store
            self.snapshots = Snapshots(Path(path) if path else default_store_dir())
            snap = self.snapshots.take()
        self.snapshot = snap
        self.store, self.index = self._open_pages(snap)
        root = store.path if isinstance(store, GraphStore) else store
        #: the build's data-quality report, beside the store folder (if there is one)
        self.quality = Path(root).parent / "quality" if root is not None else None
        self.site = self._site()
        self._dumps: tuple[Path, list] | None = None  # written on the first ask
        self.config = {"graph_prefix": str(PG), "hidden_prefix": HIDDEN_PREFIX,
                       "prefixes": PREFIXES}
        self.lookups = self._open_lookups(snap)
        self.pool = Pool(data_view(snap), self.config, size=workers, timeout=timeout,
                         memory=memory)
        self._pages: dict[tuple[str, str], str] = {}  # (path, lang) → HTML, made once
        self._picture_contexts: dict[str, PictureContext] = {}  # per language, per snapshot
        routes = [
            Route("/query", self.query_page),
            Route("/query/embed", self.embed),
            Route("/search", self.site_page),
            Route("/overview", self.site_page),
            # browsers ask for it on every page: answer "nothing" rather than a 404 error
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            Route("/ontology", self.ontology_page),
            Route("/ontology/", self.ontology_page),
            Route("/ontology/{name:str}", self.ontology_page),
            Route("/.well-known/void", self.void),
            Route("/dumps/{name:str}", self.dump_file),
            Route("/quality/{name:str}", self.quality_file),
            Route("/shapes/{name:str}", self.shapes_file),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
            Route("/{kind:str}/{rest:path}", self.resource),
            Route("/{name:path}", self.site_page),
        ]
        if site is not None:
            routes.insert(0, Mount("/site", StaticFiles(directory=site, html=True)))
        if releases is not None:  # each release as written, and answered from its own dump
            from puentes.web.release.serve import release_app

            routes.insert(0, Mount("/releases", release_app(releases)))
        self.app = SecurityHeaders(Starlette(routes=routes, lifespan=self.lifespan, middleware=[
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["*"])]))

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "http":
            if scope["path"] == "/sparql":
                if scope["method"] != "OPTIONS":  # CORS preflights go through the middleware
                    await self.sparql(scope, receive, send)
                    return
            elif scope["method"] == "GET" and not scope["path"].startswith(UNCACHED):
                await self.page(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def page(self, scope, receive, send) -> None:  # noqa: ANN001
        """A page rendered from the snapshot, answered from the page cache after the first
        time (every request header a page depends on is part of the key). Requests that
        name an ``Origin`` (CORS) are not cached: their answer depends on it."""
        headers = dict(scope["headers"])
        if b"origin" in headers:
            await self.app(scope, receive, send)
            return
        # (no Host: no page depends on it, and a key per Host would let a client fill
        # the cache with copies)
        key = (scope["path"], scope.get("query_string", b""), headers.get(b"accept", b""),
               scope.get("scheme", ""), scope.get("root_path", ""))
        answer = self.pages.get(key)
        if answer is None:
            task = self._rendering.get(key)
            if task is None:  # the first request renders; the others wait for its answer
                task = asyncio.get_running_loop().create_task(self._render(scope, key))
                self._rendering[key] = task
                task.add_done_callback(lambda _: self._rendering.pop(key, None))
            answer = await asyncio.shield(task)
        status, raw, _, body = answer
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    async def _render(self, scope, key: tuple) -> tuple:  # noqa: ANN001
        """Run the page application for one GET request and keep its answer
        ``(status, headers, None, body)`` if the snapshot is still the one served."""
        snapshot, start, chunks = self.snapshot, {}, []
        requested = False

        async def receive() -> dict:
            nonlocal requested
            if requested:
                return {"type": "http.disconnect"}
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def record(message: dict) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(dict(scope), receive, record)
        except Exception:
            if not start:  # nothing was answered: let the server answer 500
                raise
        answer = (start["status"], tuple(start.get("headers", ())), None, b"".join(chunks))
        if snapshot is self.snapshot:
            self.pages.put(key, answer)
        return answer

    def _open_lookups(self, snap: Path) -> Engine:
        """The engine for lookups answered in this process, over the snapshot's data view
        (the same engine and data as the workers')."""
        return Engine(ox.Store.read_only(str(data_view(snap))), self.config)

    @staticmethod
    def _open_pages(snap: Path) -> tuple[GraphStore, object]:
        store = GraphStore(ox.Store.read_only(str(snap)), snap, True)
        return store, build_index(store)

    @contextlib.asynccontextmanager
    async def lifespan(self, app):  # noqa: ANN001, ANN201
        """Start the query workers and the snapshot watcher; stop them at shutdown."""
        await self.pool.start()
        _settle()
        watcher = asyncio.get_running_loop().create_task(self._watch())
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            self.pool.close()
            self.snapshots.close()

    async def _watch(self) -> None:
        """Swap in a new snapshot when a build has changed the store and finished."""
        old: list[Path] = []
        while self.snapshots.live is not None:
            await asyncio.sleep(self.refresh)
            if not await asyncio.to_thread(self.snapshots.changed):
                continue
            snap = await asyncio.to_thread(self.snapshots.try_take)
            if snap is None:
                continue  # a build is still running
            store, index = await asyncio.to_thread(self._open_pages, snap)
            lookups = await asyncio.to_thread(self._open_lookups, snap)
            await self.pool.swap(data_view(snap))
            previous = self.snapshot
            self.snapshot, self.store, self.index, self.lookups = snap, store, index, lookups
            self.cache.clear()
            self.pages.clear()
            self._pages.clear()
            self._picture_contexts.clear()
            self.site, self._dumps = self._site(), None
            _settle()
            loop = asyncio.get_running_loop()
            old.append((previous, loop.time()))
            # An old snapshot goes once no request can still be reading it.
            while old and old[0][1] < loop.time() - self.timeout - 5:
                self.snapshots.drop(old.pop(0)[0])

    # -- pages ---------------------------------------------------------------------------
    def _site(self) -> front.Site:
        quality = self.quality if self.quality and (self.quality / "quality.html").is_file() \
            else None
        return front.Site(self.store, self.index, live=True, quality=quality)

    async def site_page(self, request: Request) -> Response:
        """A page of the site (:mod:`puentes.web.front`) at its path: ``/index.es.html``,
        ``/classes/index.html``, ``/search.html?q=…``; ``?lang=`` as well as the suffix."""
        path = request.url.path.lstrip("/")
        path = {"": "index.html", "overview": "overview.html", "search": "search.html"}.get(
            path, path)
        if path.endswith("/") or path in ("classes", "queries", "shapes", "dumps", "quality"):
            path = path.rstrip("/") + "/index.html"
        stem, lang = split_lang(path.removesuffix(".html"))
        name, lang = stem + ".html", lang or _lang(request)
        site = self.site
        if name == "search.html":
            query = request.query_params.get("q", "")[:200]
            html = await anyio.to_thread.run_sync(lambda: front.search_page(site, lang, query))
        elif name == "overview.html":
            html = await self._cached(("overview", lang), lambda: front.overview_page(
                site, lang, lambda x: self._pictures(x, self.store)))
        elif name.startswith("classes/"):
            if ("classes/index.html", lang) not in self._pages:
                made = await anyio.to_thread.run_sync(front.class_pages, site, lang)
                for rel, page in made.items():
                    self._pages[(rel, lang)] = page
            html = self._pages.get((name, lang))
        elif name == "dumps/index.html":
            await self._written_dumps()
            html = front.dumps_page(site, lang)
        elif name in front.PAGES:
            html = await self._cached((name, lang), lambda: front.PAGES[name](site, lang))
        else:
            html = None
        if html is None:
            return _not_found("/" + path, "no such page")
        return HTMLResponse(html, headers={"Content-Security-Policy": _csp(html)})

    async def _written_dumps(self) -> tuple[Path, list]:
        """The dumps of the served snapshot, written once into a folder of the snapshot."""
        if self._dumps is None or self._dumps[0] != self.snapshot:
            import tempfile

            from puentes.web.publish.dumps import write_dumps

            folder = Path(tempfile.mkdtemp(prefix="puentes-dumps-"))
            dumps = await anyio.to_thread.run_sync(write_dumps, self.store, folder)
            self._dumps = (self.snapshot, dumps)
            self.site.dumps = dumps
        return self._dumps

    async def dump_file(self, request: Request) -> Response:
        """``/dumps/<file>``: the dump files of the served snapshot (``index.html``: the page
        that lists them)."""
        from starlette.responses import FileResponse

        name = request.path_params["name"]
        if name == "index.html" or split_lang(name.removesuffix(".html"))[0] == "index":
            return await self.site_page(request)
        _, dumps = await self._written_dumps()
        files = {d.path.name: d for d in dumps}
        if name == "SHA256SUMS":
            body = "".join(f"{d.sha256}  {d.path.name}\n" for d in dumps)
            return Response(body, media_type="text/plain")
        if name not in files:
            return _not_found(f"/dumps/{name}", "no such download")
        return FileResponse(files[name].path, media_type="application/gzip")

    async def quality_file(self, request: Request) -> Response:
        """``/quality/…``: the framed report page, and the build's report files."""
        from starlette.responses import FileResponse

        name = request.path_params["name"]
        if name.startswith("index."):
            return await self.site_page(request)
        types = {"quality.ttl": "text/turtle", "quality.md": "text/markdown",
                 "quality.html": "text/html"}
        if self.site.quality is None or name not in types:
            return _not_found(f"/quality/{name}", "no data-quality report beside this store")
        return FileResponse(self.site.quality / name, media_type=types[name])

    async def shapes_file(self, request: Request) -> Response:
        """``/shapes/…``: the page of the SHACL shapes, and the shapes files themselves."""
        from starlette.responses import FileResponse

        from puentes.paths import ontology_dir

        name = request.path_params["name"]
        if name.startswith("index."):
            return await self.site_page(request)
        path = Path(ontology_dir()).parent / "shapes" / name
        if not name.endswith(".ttl") or "/" in name or not path.is_file():
            return _not_found(f"/shapes/{name}", "no such shapes file")
        return FileResponse(path, media_type="text/turtle")

    async def _cached(self, key: tuple[str, str], make) -> str:  # noqa: ANN001
        """A page rendered once per language (in a worker thread: some take seconds)."""
        if key not in self._pages:
            self._pages[key] = await anyio.to_thread.run_sync(make)
        return self._pages[key]

    async def ontology_page(self, request: Request) -> Response:
        """The ontology documentation: ``/ontology`` in the language asked for (``?lang=``),
        ``/ontology/en.html`` · ``es.html`` · ``fr.html``."""
        from puentes.web.publish import ontology_docs

        name = request.path_params.get("name", "index.html")
        lang = name.removesuffix(".html") if name.removesuffix(".html") in \
            ontology_docs.LANGUAGES else _lang(request)
        if name not in ("index.html", "en.html", "es.html", "fr.html"):
            return _not_found(f"/ontology/{name}", "the ontology pages are en, es and fr.html")
        if request.url.path == "/ontology":  # relative links in the page need the slash
            return RedirectResponse(f"/ontology/{lang}.html", status_code=303)
        html = await self._cached(("ontology", lang), lambda: ontology_docs.render(lang))
        return HTMLResponse(html)

    async def void(self, request: Request) -> Response:
        """The DCAT and VoID description of what this server holds (Turtle)."""
        def make() -> str:
            from puentes.ingest.catalogue import load_catalogue
            from puentes.web.publish.dcat import describe as describe_dataset

            base = self.base(request.scope)
            return describe_dataset(self.store, load_catalogue(), [], base,
                                    base + "sparql").serialize(format="turtle")

        return Response(await self._cached(("void", ""), make), media_type="text/turtle")

    async def query_page(self, request: Request) -> Response:
        """The query page: a saved question's form, its permalink, the editor and views."""
        lang = _lang(request)
        page = await anyio.to_thread.run_sync(
            lambda: query_page(self.site, lang, dict(request.query_params)))
        return HTMLResponse(page, headers={"Content-Security-Policy": _csp(page)})

    async def embed(self, request: Request) -> Response:
        """A saved question's chart alone, for other sites to frame (its own frame policy)."""
        lang = _lang(request)
        page = await anyio.to_thread.run_sync(
            lambda: embed_page(self.site, lang, dict(request.query_params)))
        csp = _csp(page).replace("frame-ancestors 'none'", "frame-ancestors *")
        return HTMLResponse(page, headers={"Content-Security-Policy": csp})

    async def resource(self, request: Request) -> Response:
        kind, rest = request.path_params["kind"], request.path_params["rest"]
        if kind not in ("id", "scheme"):  # a page of the site (classes/, queries/ …)
            return await self.site_page(request)
        store, index = self.store, self.index  # one snapshot for the whole request
        stem, ext = rest, ""
        for suffix in DOCS:
            if rest.endswith(suffix):
                stem, ext = rest[: -len(suffix)], suffix
        iri, page_lang = f"{BASE}{kind}/{stem}", None
        if iri not in index.out and ext == ".html":  # ….es.html: the page in Spanish
            bare, page_lang = split_lang(stem)
            stem, iri = bare, f"{BASE}{kind}/{bare}"
        if iri not in index.out:
            return _not_found(iri, "no such resource in this graph")
        if not ext:
            media = negotiate(request.headers.get("accept", ""), list(DOCS.values()),
                              "text/html")
            ext = next(k for k, v in DOCS.items() if v == media)
            # 303 See Other: the IRI names the thing; the document describes it (Cool URIs)
            return RedirectResponse(f"/{kind}/{stem}{ext}", status_code=303,
                                    headers={"Vary": "Accept"})
        if ext == ".html":
            lang = page_lang or _lang(request)
            date = request.query_params.get("date", "")
            date = date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
            ctx = self._pictures(lang, store)
            root = "../" * stem.count("/") + "../"
            ctx = dataclasses.replace(ctx, root=root)
            figures = await anyio.to_thread.run_sync(
                lambda: resource_figures(ctx, index, iri, date=date))
            is_body = any(p == RDF_TYPE and o.value.endswith("#RegionalBody")
                          for p, o in index.out.get(iri, []))
            page = render_html(index, iri, lang, root=root, figures=figures,
                               date_form={"date": date or ""} if is_body else None)
            return HTMLResponse(page, headers={"Content-Security-Policy": _csp(page)})
        data = serialize(describe(store, iri), GRAPHS[DOCS[ext]])
        return Response(data, media_type=DOCS[ext])

    def _pictures(self, lang: str, store: GraphStore) -> PictureContext:
        """The pictures' context in ``lang`` over the current snapshot (labels cached per
        language; emptied when a new snapshot is swapped in)."""
        if lang not in self._picture_contexts:
            self._picture_contexts[lang] = PictureContext(
                store=store, lang=lang, root="/", built=built_date(store))
        return self._picture_contexts[lang]

    # -- SPARQL --------------------------------------------------------------------------
    # /sparql is answered by this plain ASGI handler, not through Starlette's routing and
    # middleware: at thousands of requests per second, the framework was most of the cost.
    async def sparql(self, scope, receive, send) -> None:  # noqa: ANN001
        """The SPARQL 1.1 Protocol query operation (read-only; see endpoint.protocol)."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope["headers"]}
        method = scope["method"]
        if method == "GET" or method == "HEAD":  # same request, same snapshot: same answer
            key = (scope.get("query_string", b""), headers.get("accept", ""))
            answer = self.cache.get(key)
            if answer is None:
                snapshot = self.snapshot
                answer = await self._answer(scope, method, headers, receive)
                if snapshot is self.snapshot:
                    self.cache.put(key, answer)
        else:
            answer = await self._answer(scope, method, headers, receive)
        status, extra, ctype, body = answer
        out = [(b"content-type", ctype.encode()), (b"content-length", str(len(body)).encode()),
               (b"access-control-allow-origin", b"*"), *SECURITY_HEADERS]
        out += [(k.lower().encode(), v.encode()) for k, v in extra]
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})

    async def _answer(self, scope, method: str, headers: dict, receive):  # noqa: ANN001, ANN202
        """``(status, extra headers as (name, value) pairs, media type, body)``: tuples,
        strings and bytes only, which the garbage collector stops tracking — the answer
        cache keeps tens of thousands, and their passes over them were the slowest answers."""
        text = "text/plain; charset=utf-8"
        try:
            body = await self._body(headers, receive) if method == "POST" else b""
            parsed = protocol.parse(method, scope.get("query_string", b""),
                                    headers.get("content-type", ""), body,
                                    allow_service=self.allow_service)
        except protocol.ProtocolError as err:
            extra = (("Allow", "GET, POST"),) if err.status == 405 else ()
            return err.status, extra, text, err.message.encode()
        except ClientDisconnect:
            return 400, (), text, b""
        url = self.base(scope) + scope["path"].lstrip("/")
        accept = headers.get("accept", "")
        if parsed is None:
            media, data = self.service_description(url, accept)
            return 200, (("Vary", "Accept"),), media, data
        job = parsed.job(base=url, accept=accept, limit=self.limit,
                         max_bytes=self.max_result_bytes)
        # A lookup of one resource is answered here, if its answer is short (see
        # endpoint.lookup); anything else, and a long answer, by a worker.
        answer = (self.lookups.run(job, at_most=LOOKUP_BYTES) if not parsed.names_dataset and
                  not parsed.default and not parsed.named and is_lookup(parsed.query)
                  else None)
        try:
            head, payload = answer or await self.pool.run(job)
        except Timeout:
            return 503, (("Retry-After", "1"),), text, (
                f"The query took longer than {self.timeout:g} s and was stopped. Narrow it "
                "(LIMIT, filters) and try again.").encode()
        except Busy:
            return 503, (("Retry-After", "2"),), text, (
                f"Every query worker stayed busy for {self.timeout:g} s. Try again "
                "shortly.").encode()
        except OutOfMemory:
            return 503, (("Retry-After", "1"),), text, (
                f"The query needed more than {self.memory / 1e6:,.0f} MB of memory, the limit "
                "per query, and was stopped. Narrow it (LIMIT inside sub-queries, fewer "
                "joins, no ORDER BY over a cross product, shorter strings) and try again."
            ).encode()
        except Stopping:
            return 503, (("Retry-After", "5"),), text, (
                b"The server is stopping; the query was stopped with it. Try again once it "
                b"is back.")
        except Crashed:
            return 500, (), text, (b"The query engine crashed on this query (the server "
                                   b"carries on). Simplify the query.")
        if head["status"] != 200:
            return head["status"], (), text, head["error"].encode()
        extra = (("Vary", "Accept"),)
        if head.get("truncated"):
            extra += (("X-Result-Truncated", str(self.limit)),)
        return 200, extra, head["type"], payload

    async def _body(self, headers: dict, receive) -> bytes:  # noqa: ANN001
        """The request body, refused past ``max_body`` bytes (413) before it is all read."""
        declared = headers.get("content-length", "")
        too_big = protocol.ProtocolError(413, f"The request body is over {self.max_body:,} "
                                              "bytes.")
        if declared.isdigit() and int(declared) > self.max_body:
            raise too_big
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise too_big
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    def base(self, scope: dict) -> str:
        """The server's base URL, ending in ``/``: the configured public URL, else the
        address this server listens on (the socket's, not a request header)."""
        if self.public_url:
            return self.public_url
        host, port = scope.get("server") or ("127.0.0.1", 80)
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"

    def stop_queries(self) -> None:
        """Stop every running query now (SIGTERM): the workers are killed, their requests
        answered 503 (the server is stopping). Safe in a signal handler: the processes are
        killed here, the rest is left to the event loop."""
        pool = self.pool
        pool.closed = True
        for w in list(pool.workers):
            with contextlib.suppress(ProcessLookupError):
                os.kill(w.proc.pid, signal.SIGKILL)
        with contextlib.suppress(RuntimeError):  # (no loop running: nothing more to do)
            asyncio.get_running_loop().call_soon_threadsafe(pool.close)

    def service_description(self, url: str, accept: str) -> tuple[str, bytes]:
        """The SPARQL 1.1 Service Description (Turtle, or any RDF format by Accept)."""
        url = str(ox.NamedNode(url))[1:-1]  # checked: written between < > below
        formats = " , ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in FORMAT_IRIS)
        # SERVICE is offered only when an allow-list is configured (it is refused otherwise).
        features = "sd:UnionDefaultGraph" + (" , sd:BasicFederatedQuery"
                                             if self.allow_service else "")
        ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {formats} ;
    sd:feature {features} ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
        media = negotiate(accept, list(GRAPHS), "text/turtle")
        if media == "text/turtle":
            return media, ttl.encode()
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE)]
        return media, ox.serialize(triples, format=GRAPHS[media])


def public_base(url: str) -> str:
    """A public base URL as the server writes it: checked to be a web address (an IRI that
    every RDF writer accepts), ending in ``/``.

    >>> public_base("https://data.example.org/puentes")
    'https://data.example.org/puentes/'
    """
    if not is_web_url(url) or urlsplit(url).query or urlsplit(url).fragment:
        raise ConfigError(f"public URL {url!r}: not a base web address",
                          f"give {EXPECTED}, without ?query or #fragment, e.g. "
                          "https://data.example.org/ (--public-url or PUENTES_PUBLIC_URL)")
    return url.rstrip("/") + "/"


def _settle() -> None:
    """Exempt what the server holds for a snapshot (the pages' index: hundreds of thousands
    of objects) from the garbage collector's full passes: one such pass took ~0.4 s, every
    so often, and was the slowest 1 % of answers. Called once the objects are made; the
    objects of the snapshot before are released first (unfreeze, collect), once per swap."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _lang(request: Request) -> str:
    """The page language: ``?lang=es|en|fr``, else English."""
    lang = request.query_params.get("lang", "en")
    return lang if lang in LANGS else "en"


def _not_found(what: str, why: str) -> Response:
    """A 404 page that names what was asked for (escaped) and leads back home."""
    return HTMLResponse(f"<!doctype html><title>Not found</title><h1>Not found</h1><p>"
                        f"<code>{html_escape(what)}</code>: {html_escape(why)}. Browse from "
                        "<a href='/'>the home page</a>.</p>", 404)


def create_app(store_path: Path | None = None, **kwargs) -> App:  # noqa: ANN003
    """The application over the store folder ``store_path`` (default: ``.puentes/store``),
    served from snapshots (see puentes.web.endpoint.snapshot)."""
    from puentes.paths import default_store_dir

    return App(Path(store_path) if store_path else default_store_dir(), **kwargs)
