"""Pictures on the site: the figures of a resource page and the overview page.

A regional body shows its member map, a members table (roles, periods) and its instrument
timeline; a country its SDG 8.7.1 chart, its memberships and the initiatives that cover it;
an initiative its period and the map of the countries it covers. The overview page holds
the flows, the maps and the conference timeline. Rendered by the static site
(``puentes publish``) and by ``puentes serve`` alike, through ``templates/pictures.html``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from puentes.errors import PuentesError
from puentes.web.plot.kinds import TEXT, Context, Picture, draw
from puentes.web.publish.pages import RDF_TYPE, GraphIndex, _href, environment
from puentes.web.publish.pages import TEXT as PAGE_TEXT

PU = "https://w3id.org/puentes/ontology#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "http://schema.org/"
log = logging.getLogger(__name__)

HEADINGS = {
    "en": {"pictures": "Pictures", "members": "Members", "role": "role", "from": "from",
           "to": "to", "memberships": "Memberships", "covered_by": "Initiatives that cover it",
           "period": "Period", "overview": "Overview", "query": "saved query",
           "country": "country", "body": "body", "initiative": "initiative",
           "members_on": "Members on", "show": "Show"},
    "es": {"pictures": "Imágenes", "members": "Miembros", "role": "función", "from": "desde",
           "to": "hasta", "memberships": "Membresías",
           "covered_by": "Iniciativas que lo abarcan", "period": "Periodo",
           "overview": "Panorama", "query": "consulta guardada", "country": "país",
           "body": "organismo", "initiative": "iniciativa", "members_on": "Miembros el",
           "show": "Mostrar"},
    "fr": {"pictures": "Images", "members": "Membres", "role": "rôle", "from": "depuis",
           "to": "jusqu'à", "memberships": "Adhésions",
           "covered_by": "Initiatives qui le couvrent", "period": "Période",
           "overview": "Vue d'ensemble", "query": "requête enregistrée", "country": "pays",
           "body": "organisme", "initiative": "initiative", "members_on": "Membres au",
           "show": "Afficher"},
}

#: the pictures of the overview page: (kind, parameters)
OVERVIEW = [("flows", {}), ("sdg871-map", {}), ("ratification-map", {}),
            ("ratification-map", {"convention": "pid:instrument/ilo-c138"}),
            ("conferences", {}), ("timeline", {}), ("chain", {})]


def _types(idx: GraphIndex, iri: str) -> set[str]:
    return {o.value for p, o in idx.out.get(iri, []) if p == RDF_TYPE}


def _value(idx: GraphIndex, iri: str, prop: str) -> str | None:
    return next((o.value for p, o in idx.out.get(iri, []) if p == prop), None)


def _try(kind: str, ctx: Context, params: dict[str, str]) -> Picture | None:
    """A picture, or None when its query has nothing to draw or fails (the page still
    renders; the failure is logged)."""
    try:
        picture = draw(kind, ctx, params)
    except PuentesError as err:
        log.warning("picture %s %s not drawn: %s", kind, params, err)
        return None
    return picture if picture.rows else None


def resource_pictures(ctx: Context, idx: GraphIndex, iri: str, *,
                      date: str | None = None, date_form: bool = False) -> str:
    """The pictures and tables of one resource page (HTML; empty for other resources).

    ``date`` (YYYY-MM-DD): a regional body's member map on that day instead of today;
    ``date_form``: a form to choose that day (``serve``, where the page is drawn on request).
    """
    types = _types(idx, iri)
    if not types & {PU + "RegionalBody", PU + "Country", PU + "Initiative"}:
        return ""
    ctx = dataclasses.replace(ctx, zoom=True)  # the same label cache, maps zoomed in
    lang, root = ctx.lang, ctx.root or ""
    h = HEADINGS.get(lang, HEADINGS["en"])
    pictures: list[Picture] = []
    tables = []
    if PU + "RegionalBody" in types:
        on_date = {"body": iri, "date": date} if date else {"body": iri}
        for kind, params in (("members-map", on_date), ("members-chart", {"body": iri}),
                             ("timeline", {"body": iri})):
            if pic := _try(kind, ctx, params):
                pictures.append(pic)
        rows = []
        for p, m in idx.inc.get(iri, []):
            if p != ORG + "organization":
                continue
            member = _value(idx, m, ORG + "member")
            role = _value(idx, m, ORG + "role")
            if member:
                rows.append([{"text": idx.label(member, lang), "href": _href(member, root)},
                             {"text": idx.label(role, lang) if role else ""},
                             {"text": _value(idx, m, SCHEMA + "startDate") or ""},
                             {"text": _value(idx, m, SCHEMA + "endDate") or ""}])
        if rows:
            tables.append({"title": h["members"], "header": [h["country"], h["role"],
                                                             h["from"], h["to"]],
                           "rows": sorted(rows, key=lambda r: r[0]["text"])})
    elif PU + "Country" in types:
        if pic := _try("sdg871-chart", ctx, {"country": iri}):
            pictures.append(pic)
        rows = []
        for p, m in idx.inc.get(iri, []):
            body = _value(idx, m, ORG + "organization") if p == ORG + "member" else None
            if body:
                role = _value(idx, m, ORG + "role")
                rows.append([{"text": idx.label(body, lang), "href": _href(body, root)},
                             {"text": idx.label(role, lang) if role else ""},
                             {"text": _value(idx, m, SCHEMA + "startDate") or ""},
                             {"text": _value(idx, m, SCHEMA + "endDate") or ""}])
        if rows:
            tables.append({"title": h["memberships"],
                           "header": [h["body"], h["role"], h["from"], h["to"]],
                           "rows": sorted(rows, key=lambda r: r[0]["text"])})
        covering = sorted({s for p, s in idx.inc.get(iri, []) if p == PU + "coversCountry"},
                          key=lambda s: idx.label(s, lang))
        if covering:
            tables.append({"title": h["covered_by"], "header": [h["initiative"], h["period"]],
                           "rows": [[{"text": idx.label(s, lang), "href": _href(s, root)},
                                     {"text": _period(idx, s)}] for s in covering]})
    elif PU + "Initiative" in types:
        period = _period(idx, iri)
        if period:
            tables.append({"title": h["period"], "header": [], "rows": [[{"text": period}]]})
        if pic := _try("coverage-map", ctx, {"initiative": iri}):
            pictures.append(pic)
    if not pictures and not tables:
        return ""
    return environment().get_template("pictures.html").render(
        h=h, pictures=pictures, tables=tables, lang=lang, date=date or "",
        date_form=date_form and PU + "RegionalBody" in types)


def _period(idx: GraphIndex, iri: str) -> str:
    start = _value(idx, iri, SCHEMA + "startDate")
    end = _value(idx, iri, SCHEMA + "endDate")
    return f"{start or '…'} – {end or '…'}" if start or end else ""


def overview_html(ctx: Context, *, static_root: str = "/static/",
                  home: str = "/") -> str:
    """The overview page: flows, maps, timelines and the commitment chain."""
    lang = ctx.lang
    h = HEADINGS.get(lang, HEADINGS["en"])
    pictures = [p for kind, params in OVERVIEW if (p := _try(kind, ctx, params))]
    return environment().get_template("overview.html").render(
        lang=lang, t=PAGE_TEXT.get(lang, PAGE_TEXT["en"]), h=h, root=ctx.root or "",
        home=home, static_root=static_root, pictures=pictures,
        built=ctx.built or dt.date.today().isoformat(),
        languages=[x for x in TEXT if x != lang])
