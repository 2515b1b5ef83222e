"""The releases on the web (``puentes serve --releases DIR``, under ``/releases/``): every
file of every release as written (pages, dumps, answers, catalogue, feeds), and per release
a read-only SPARQL endpoint (``/releases/<version>/sparql``) and its saved questions asked
with any parameters (``/releases/<version>/query/<NNN>?name=value``), answered from the
release's own dump — so that a past answer is reproducible after later releases."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from puentes.errors import PuentesError
from puentes.store import GraphStore
from puentes.web.release.graphs import load_release
from puentes.web.release.versions import folder

#: releases kept loaded in memory at once (each costs about its N-Triples dump)
LOADED = 4


def release_app(root: Path) -> Starlette:
    """An ASGI app serving the releases folder ``root``."""
    root = Path(root)

    @lru_cache(maxsize=LOADED)
    def graph(version: str) -> GraphStore:
        return load_release(folder(root, version))

    def store_of(request: Request) -> GraphStore:
        return graph(request.path_params["version"])

    async def sparql(request: Request) -> Response:
        if request.method == "POST":
            form = await request.form()
            text = str(form.get("query", ""))
        else:
            text = request.query_params.get("query", "")
        if not text:
            return Response("give the query in the `query` parameter\n", 400,
                            media_type="text/plain")
        try:
            store = store_of(request)
        except PuentesError as err:
            return Response(err.message + "\n", 404, media_type="text/plain")
        from puentes.namespaces import with_prefixes
        from puentes.query.guard import check_query

        try:
            check_query(with_prefixes(text))
            result = store.query(with_prefixes(text))
        except (SyntaxError, ValueError, PuentesError) as err:
            return Response(f"{err}\n", 400, media_type="text/plain")
        if isinstance(result, ox.QueryBoolean):
            return JSONResponse({"head": {}, "boolean": bool(result)})
        if isinstance(result, ox.QueryTriples):
            data = ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES) or b""
            return Response(data, media_type="application/n-triples")
        data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return Response(data, media_type="application/sparql-results+json")

    async def saved(request: Request) -> Response:
        from puentes.query import find_query, run_saved_query, to_json

        try:
            store = store_of(request)
            query = find_query(request.path_params["name"])
            result = run_saved_query(query, store=store, params=dict(request.query_params))
        except PuentesError as err:
            status = 404 if "no release" in err.message or "saved" in err.message else 400
            return Response(f"{err.message}\n", status, media_type="text/plain")
        return Response(to_json(result), media_type="application/sparql-results+json")

    return Starlette(routes=[
        Route("/{version:str}/sparql", sparql, methods=["GET", "POST"]),
        Route("/{version:str}/query/{name:str}", saved),
        Mount("/", StaticFiles(directory=root, html=True, follow_symlink=True)),
    ])
