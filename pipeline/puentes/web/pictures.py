"""Pictures on the site: the figures of a resource page and the overview page.

A regional body shows its member map and chart (in its "members over time" section) and its
instrument timeline (in "instruments"); a country its SDG 8.7.1 chart (in "statistics");
an initiative the map of the countries it covers. The overview page holds
the flows, the maps and the conference timeline. Rendered by the static site
(``puentes publish``) and by ``puentes serve`` alike, placed by ``templates/resource.html``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re

from puentes.errors import PuentesError
from puentes.namespaces import PU as PU_NS
from puentes.web.links import DEFAULT_LANG, alternates
from puentes.web.messages import translator
from puentes.web.pages import RDF_TYPE, GraphIndex, environment
from puentes.web.plot.kinds import Context, Picture, draw

PU = str(PU_NS)
log = logging.getLogger(__name__)

#: the pictures of the overview page: (kind, parameters)
OVERVIEW = [("flows", {}), ("sdg871-map", {}), ("ratification-map", {}),
            ("ratification-map", {"convention": "pid:instrument/ilo-c138"}),
            ("conferences", {}), ("timeline", {}), ("chain", {})]


def _types(idx: GraphIndex, iri: str) -> set[str]:
    return {o.value for p, o in idx.out.get(iri, []) if p == RDF_TYPE}


def _try(kind: str, ctx: Context, params: dict[str, str]) -> Picture | None:
    """A picture, or None when its query has nothing to draw or fails (the page still
    renders; the failure is logged)."""
    try:
        picture = draw(kind, ctx, params)
    except PuentesError as err:
        log.warning("picture %s %s not drawn: %s", kind, params, err)
        return None
    return picture if picture.rows else None


def _localized(picture: Picture, lang: str) -> Picture:
    """The picture as a page holds it: its links to resource pages in ``lang`` (the
    language is kept in every link of a page), and, when it has links, the role of a group
    rather than an image (an image's parts cannot be links: axe-core's nested-interactive)."""
    svg = picture.svg
    if lang != DEFAULT_LANG:
        svg = re.sub(r'href="([^"]*?/(?:id|scheme)/[^"]*?)\.html"',
                     lambda m: f'href="{m.group(1)}.{lang}.html"', svg)
    if "<a " in svg:
        svg = re.sub(r'^(<svg\b[^>]*?)\brole="img"', r'\1role="group"', svg, count=1)
    return dataclasses.replace(picture, svg=svg)


def resource_figures(ctx: Context, idx: GraphIndex, iri: str, *,
                     date: str | None = None) -> dict[str, list[Picture]]:
    """The pictures of one resource page, by the section they belong to (``members``,
    ``instruments``, ``statistics``, ``about``); empty for resources that have none.

    ``date`` (YYYY-MM-DD): a regional body's member map on that day instead of today.
    """
    types = _types(idx, iri)
    if not types & {PU + "RegionalBody", PU + "Country", PU + "Initiative"}:
        return {}
    ctx = dataclasses.replace(ctx, zoom=True)  # the same label cache, maps zoomed in
    wanted: list[tuple[str, str, dict]] = []
    if PU + "RegionalBody" in types:
        on_date = {"body": iri, "date": date} if date else {"body": iri}
        wanted = [("members", "members-map", on_date), ("members", "members-chart",
                                                         {"body": iri}),
                  ("instruments", "timeline", {"body": iri})]
    elif PU + "Country" in types:
        wanted = [("statistics", "sdg871-chart", {"country": iri})]
    elif PU + "Initiative" in types:
        wanted = [("about", "coverage-map", {"initiative": iri})]
    out: dict[str, list[Picture]] = {}
    for section, kind, params in wanted:
        if pic := _try(kind, ctx, params):
            out.setdefault(section, []).append(_localized(pic, ctx.lang))
    return out


def overview_html(ctx: Context, *, live: bool = False) -> str:
    """The overview page: flows, maps, timelines and the commitment chain."""
    lang = ctx.lang
    pictures = [_localized(p, lang) for kind, params in OVERVIEW
                if (p := _try(kind, ctx, params))]
    root = ctx.root or ""
    return environment().get_template("overview.html").render(
        lang=lang, _=translator(lang), root=root, pictures=pictures, live=live,
        title=translator(lang)("Overview"), alternates=alternates("overview.html", root),
        built=ctx.built or dt.date.today().isoformat())
