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
import contextlib
import gc
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from puentes.errors import ConfigError
from puentes.ingest.weburl import EXPECTED, is_web_url
from puentes.namespaces import PG, PREFIXES
from puentes.store import HIDDEN_PREFIX, GraphStore
from puentes.web.endpoint.cache import AnswerCache
from puentes.web.endpoint.pool import Pool
from puentes.web.endpoint.snapshot import Snapshots, data_view
from puentes.web.endpoint.worker import Engine
from puentes.web.pages import build_index
from puentes.web.plot.kinds import Context as PictureContext
from puentes.web.security import SecurityHeaders
from puentes.web.site_routes import SiteRoutes
from puentes.web.sparql_route import SparqlRoute

__all__ = ["App", "create_app", "public_base"]

STATIC = Path(__file__).parent / "static"
#: Paths answered from files (Starlette answers their conditional and range requests), not
#: from the page cache.
UNCACHED = ("/static/", "/site/", "/dumps/", "/quality/quality.", "/shapes/", "/releases/")


class App(SiteRoutes, SparqlRoute):
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

    def base(self, scope: dict) -> str:
        """The server's base URL, ending in ``/``: the configured public URL, else the
        address this server listens on (the socket's, not a request header)."""
        if self.public_url:
            return self.public_url
        host, port = scope.get("server") or ("127.0.0.1", 80)
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"


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


def create_app(store_path: Path | None = None, **kwargs) -> App:  # noqa: ANN003
    """The application over the store folder ``store_path`` (default: ``.puentes/store``),
    served from snapshots (see puentes.web.endpoint.snapshot)."""
    from puentes.paths import default_store_dir

    return App(Path(store_path) if store_path else default_store_dir(), **kwargs)
