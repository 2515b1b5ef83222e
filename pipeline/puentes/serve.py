"""``puentes serve``: the linked-data site with content negotiation, a read-only SPARQL 1.1
Protocol endpoint at ``/sparql`` and a query page (YASGUI, shipped in the package).

Resource IRIs (``…/id/<kind>/<slug>``) answer with **303 See Other** to a document URL
(``….html``, ``….ttl``, ``….jsonld``, ``….nt``) chosen by the Accept header — the Cool URIs
note's recipe for non-information resources: the IRI names the thing, the document
describes it. Documents are rendered from the store, so the site is always current.
"""

from __future__ import annotations

import json
from html import escape as html_escape
from pathlib import Path

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .namespaces import BASE
from .publish.pages import build_index, describe, environment, render_html, serialize
from .publish.site import class_pages, queries_page, render_list
from .store import GraphStore

RESULTS = {  # SELECT / ASK
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {  # CONSTRUCT / DESCRIBE and resource documents
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
DOCS = {".html": "text/html", ".ttl": "text/turtle", ".jsonld": "application/ld+json",
        ".nt": "application/n-triples", ".rdf": "application/rdf+xml"}
STATIC = Path(__file__).parent / "static"


def negotiate(accept: str, offers: list[str], default: str) -> str:
    """Pick the offer the Accept header prefers (q-values honoured; ties: header order)."""
    if not (accept or "").strip():
        return default
    best, best_q = default, -1.0
    for i, part in enumerate((accept or "").split(",")):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        candidates = offers if media in ("*/*", "") else [
            o for o in offers if o == media or (media.endswith("/*")
                                                and o.startswith(media[:-1]))]
        for c in candidates:
            score = q - i * 1e-6
            if q > 0 and score > best_q:
                best, best_q = c, score
    return best


class App:
    """The ASGI application over one read-only store."""

    def __init__(self, store: GraphStore, *, timeout: float = 30.0, limit: int = 10_000,
                 site: Path | None = None) -> None:
        self.store = store
        self.timeout = timeout
        self.limit = limit
        self.index = build_index(store)
        self._pages: dict[tuple[str, str], str] = {}  # (path, lang) → HTML, made once
        routes = [
            Route("/", self.home),
            Route("/index.html", self.home),
            Route("/query", self.query_page),
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/classes/", self.class_page),
            Route("/classes/{name:str}", self.class_page),
            Route("/queries/", self.questions_page),
            Route("/queries/index.html", self.questions_page),
            Route("/ontology", self.ontology_page),
            Route("/ontology/", self.ontology_page),
            Route("/ontology/{name:str}", self.ontology_page),
            Route("/.well-known/void", self.void),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
            Route("/{kind:str}/{rest:path}", self.resource),
        ]
        if site is not None:
            routes.insert(0, Mount("/site", StaticFiles(directory=site, html=True)))
        self.app = Starlette(routes=routes, middleware=[
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["*"])])

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        await self.app(scope, receive, send)

    # -- pages ---------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        lang = _lang(request)
        return HTMLResponse(render_list(
            "/", lang, "puentes",
            intro="Linked open data on regional and interregional cooperation against child "
                  "labour.",
            sections=[{"links": [{"href": "/query", "text": "Query page (SPARQL)"},
                                 {"href": "/sparql", "text": "SPARQL endpoint (service "
                                                            "description)"},
                                 {"href": "/.well-known/void",
                                  "text": "DCAT and VoID description (Turtle)"}]},
                      {"title": "Resources", "links": [
                          {"href": f"/{i[len(BASE):]}", "text": self.index.label(i, lang)}
                          for i in self.index.resources()
                          if "/organization/" in i][:200]}]))

    async def _cached(self, key: tuple[str, str], make) -> str:  # noqa: ANN001
        """A page rendered once per language (in a worker thread: some take seconds)."""
        if key not in self._pages:
            self._pages[key] = await anyio.to_thread.run_sync(make)
        return self._pages[key]

    async def class_page(self, request: Request) -> Response:
        """``/classes/index.html`` and ``/classes/<class>.html``, as the static site has."""
        name, lang = request.path_params.get("name", "index.html"), _lang(request)
        if name in ("", "index"):
            name = "index.html"
        if ("classes/index.html", lang) not in self._pages:
            pages = await anyio.to_thread.run_sync(class_pages, self.index, lang, "/")
            for path, html in pages.items():
                self._pages[(path, lang)] = html
        html = self._pages.get((f"classes/{name}", lang))
        if html is None:
            return _not_found(f"/classes/{name}", "no such class page")
        return HTMLResponse(html)

    async def questions_page(self, request: Request) -> Response:
        lang = _lang(request)
        html = await self._cached(("queries", lang),
                                  lambda: queries_page(self.store, lang, "/")[0])
        return HTMLResponse(html)

    async def ontology_page(self, request: Request) -> Response:
        """The ontology documentation: ``/ontology`` in the language asked for (``?lang=``),
        ``/ontology/en.html`` · ``es.html`` · ``fr.html``."""
        from .publish import ontology_docs

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
            from .catalogue import load_catalogue
            from .publish.dcat import describe as describe_dataset

            base = str(request.base_url)
            return describe_dataset(self.store, load_catalogue(), [], base,
                                    base + "sparql").serialize(format="turtle")

        return Response(await self._cached(("void", ""), make), media_type="text/turtle")

    async def query_page(self, request: Request) -> Response:
        from .query import saved_queries
        from .query.plain import plain_text

        # the defaults bound as a VALUES block the analyst can edit
        saved = {q.number: plain_text(q) for q in saved_queries()}
        html = environment().get_template("query.html").render(
            queries=[{"number": q.number, "title": q.title("en")} for q in saved_queries()],
            saved_json=json.dumps(saved).replace("</", "<\\/"), endpoint="/sparql")
        return HTMLResponse(html)

    async def resource(self, request: Request) -> Response:
        kind, rest = request.path_params["kind"], request.path_params["rest"]
        if kind not in ("id", "scheme"):
            return _not_found(request.url.path, "resources live under /id/ and /scheme/")
        stem, ext = rest, ""
        for suffix in DOCS:
            if rest.endswith(suffix):
                stem, ext = rest[: -len(suffix)], suffix
        iri = f"{BASE}{kind}/{stem}"
        if iri not in self.index.out:
            return _not_found(iri, "no such resource in this graph")
        if not ext:
            media = negotiate(request.headers.get("accept", ""), list(DOCS.values()),
                              "text/html")
            ext = next(k for k, v in DOCS.items() if v == media)
            # 303 See Other: the IRI names the thing; the document describes it (Cool URIs)
            return RedirectResponse(f"/{kind}/{stem}{ext}", status_code=303,
                                    headers={"Vary": "Accept"})
        if ext == ".html":
            lang = _lang(request)
            return HTMLResponse(render_html(self.index, iri, lang, root="/",
                                            languages=True))
        data = serialize(describe(self.store, iri), GRAPHS[DOCS[ext]])
        return Response(data, media_type=DOCS[ext])

    # -- SPARQL --------------------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        params = dict(request.query_params)
        ctype = request.headers.get("content-type", "").split(";")[0].strip()
        if request.method == "POST":
            if ctype == "application/sparql-query":
                params["query"] = (await request.body()).decode("utf-8")
            elif ctype == "application/sparql-update":
                params["update"] = "…"
            else:
                form = await request.form()
                params.update({k: str(v) for k, v in form.items()})
        if "update" in params:
            return PlainTextResponse("This endpoint is read-only: SPARQL Update is refused.",
                                     403)
        query = params.get("query")
        if not query:
            return self.service_description(request)
        accept = request.headers.get("accept", "")
        try:
            with anyio.fail_after(self.timeout):
                result = await anyio.to_thread.run_sync(self._run, query,
                                                        abandon_on_cancel=True)
        except TimeoutError:
            return PlainTextResponse(f"The query took longer than {self.timeout:g} s and was "
                                     "abandoned. Narrow it (LIMIT, filters) and try again.", 503)
        except SyntaxError as err:
            return PlainTextResponse(f"Invalid SPARQL: {err}", 400)
        kind, payload, truncated = result
        if kind == "graph":
            media = negotiate(accept, list(GRAPHS), "text/turtle")
            body = serialize(payload, GRAPHS[media])
            return Response(body, media_type=media)
        media = negotiate(accept, list(RESULTS), "application/sparql-results+json")
        body = payload.serialize(format=RESULTS[media]) if kind == "boolean" else \
            _serialize_rows(payload, RESULTS[media])
        headers = {"X-Result-Truncated": str(self.limit)} if truncated else {}
        return Response(body, media_type=media, headers=headers)

    def _run(self, query: str):  # noqa: ANN202
        res = self.store.query(query)
        if isinstance(res, ox.QueryBoolean):
            return "boolean", res, False
        if isinstance(res, ox.QueryTriples):
            triples = []
            for t in res:
                triples.append(t)
                if len(triples) >= self.limit:
                    return "graph", triples, True
            return "graph", triples, False
        names = [v.value for v in res.variables]
        rows = []
        for sol in res:
            if len(rows) >= self.limit:
                return "rows", (names, rows), True
            rows.append([sol[n] for n in names])
        return "rows", (names, rows), False

    def service_description(self, request: Request) -> Response:
        url = str(request.url).split("?")[0]
        ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_CSV> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV> ,
        <http://www.w3.org/ns/formats/Turtle> , <http://www.w3.org/ns/formats/JSON-LD> ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
        return Response(ttl, media_type="text/turtle")


def _lang(request: Request) -> str:
    """The page language: ``?lang=es|en|fr``, else English."""
    lang = request.query_params.get("lang", "en")
    return lang if lang in ("es", "en", "fr") else "en"


def _not_found(what: str, why: str) -> Response:
    """A 404 page that names what was asked for (escaped) and leads back home."""
    return HTMLResponse(f"<!doctype html><title>Not found</title><h1>Not found</h1><p>"
                        f"<code>{html_escape(what)}</code>: {html_escape(why)}. Browse from "
                        "<a href='/'>the home page</a>.</p>", 404)


def _serialize_rows(payload, fmt: ox.QueryResultsFormat) -> bytes:  # noqa: ANN001
    """SELECT rows in a SPARQL results format (rows already capped at the limit)."""
    names, rows = payload
    if fmt == ox.QueryResultsFormat.JSON:
        from .query import json_term

        return json.dumps({"head": {"vars": names}, "results": {"bindings": [
            {n: json_term(v) for n, v in zip(names, r, strict=True) if v is not None}
            for r in rows]}}).encode()
    # Other formats: re-run through Oxigraph's writers on a VALUES table of the rows.
    values = " ".join(f"?{n}" for n in names)
    table = " ".join("(" + " ".join(str(v) if v is not None else "UNDEF" for v in r) + ")"
                     for r in rows)
    res = ox.Store().query(f"SELECT * WHERE {{ VALUES ({values}) {{ {table} }} }}")
    return res.serialize(format=fmt)


def create_app(store_path: Path | None = None, **kwargs) -> App:  # noqa: ANN003
    """The application over the store at ``store_path`` (opened read-only)."""
    return App(GraphStore.open(store_path, read_only=True), **kwargs)
