"""The pages and files the web app answers (mixed into :class:`puentes.web.app.App`): the site's
pages (:mod:`puentes.web.front`), resource IRIs with content negotiation (303 to a document),
the dumps, quality report and shapes files, the ontology pages, the VoID description and the
query page."""

from __future__ import annotations

import dataclasses
import re
from html import escape as html_escape
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from puentes.i18n import LANGS
from puentes.namespaces import BASE
from puentes.store import GraphStore
from puentes.web import front
from puentes.web.endpoint.media import GRAPHS, negotiate
from puentes.web.links import FORMATS, split_lang
from puentes.web.pages import RDF_TYPE, describe, serialize
from puentes.web.pictures import resource_figures
from puentes.web.plot.kinds import Context as PictureContext
from puentes.web.plot.kinds import built_date
from puentes.web.query_page import embed_page, query_page
from puentes.web.sections import render_html
from puentes.web.security import csp

# The live app also answers RDF/XML on a resource IRI (content negotiation); the static
# site writes the formats of FORMATS only.
DOCS = {**{ext: media for ext, (media, _, _) in FORMATS.items()}, ".rdf": "application/rdf+xml"}


class SiteRoutes:
    """The page and file handlers of :class:`~puentes.web.app.App` (they read its snapshot:
    ``store``, ``index``, ``site``, ``quality``)."""

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
        name, lang = stem + ".html", lang or lang_of(request)
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
            return not_found("/" + path, "no such page")
        return HTMLResponse(html, headers={"Content-Security-Policy": csp(html)})

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
            return not_found(f"/dumps/{name}", "no such download")
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
            return not_found(f"/quality/{name}", "no data-quality report beside this store")
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
            return not_found(f"/shapes/{name}", "no such shapes file")
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
            ontology_docs.LANGUAGES else lang_of(request)
        if name not in ("index.html", "en.html", "es.html", "fr.html"):
            return not_found(f"/ontology/{name}", "the ontology pages are en, es and fr.html")
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
        lang = lang_of(request)
        page = await anyio.to_thread.run_sync(
            lambda: query_page(self.site, lang, dict(request.query_params)))
        return HTMLResponse(page, headers={"Content-Security-Policy": csp(page)})

    async def embed(self, request: Request) -> Response:
        """A saved question's chart alone, for other sites to frame (its own frame policy)."""
        lang = lang_of(request)
        page = await anyio.to_thread.run_sync(
            lambda: embed_page(self.site, lang, dict(request.query_params)))
        policy = csp(page).replace("frame-ancestors 'none'", "frame-ancestors *")
        return HTMLResponse(page, headers={"Content-Security-Policy": policy})

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
            return not_found(iri, "no such resource in this graph")
        if not ext:
            media = negotiate(request.headers.get("accept", ""), list(DOCS.values()),
                              "text/html")
            ext = next(k for k, v in DOCS.items() if v == media)
            # 303 See Other: the IRI names the thing; the document describes it (Cool URIs)
            return RedirectResponse(f"/{kind}/{stem}{ext}", status_code=303,
                                    headers={"Vary": "Accept"})
        if ext == ".html":
            lang = page_lang or lang_of(request)
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
            return HTMLResponse(page, headers={"Content-Security-Policy": csp(page)})
        data = serialize(describe(store, iri), GRAPHS[DOCS[ext]])
        return Response(data, media_type=DOCS[ext])

    def _pictures(self, lang: str, store: GraphStore) -> PictureContext:
        """The pictures' context in ``lang`` over the current snapshot (labels cached per
        language; emptied when a new snapshot is swapped in)."""
        if lang not in self._picture_contexts:
            self._picture_contexts[lang] = PictureContext(
                store=store, lang=lang, root="/", built=built_date(store))
        return self._picture_contexts[lang]


def lang_of(request: Request) -> str:
    """The page language: ``?lang=es|en|fr``, else English."""
    lang = request.query_params.get("lang", "en")
    return lang if lang in LANGS else "en"


def not_found(what: str, why: str) -> Response:
    """A 404 page that names what was asked for (escaped) and leads back home."""
    return HTMLResponse(f"<!doctype html><title>Not found</title><h1>Not found</h1><p>"
                        f"<code>{html_escape(what)}</code>: {html_escape(why)}. Browse from "
                        "<a href='/'>the home page</a>.</p>", 404)


