"""A resource page's sections, as people read them rather than as triples: who or what it
is, its members over time, its instruments, its statistics (one row per figure with
indicator, sex, age, year, value and source), the initiatives it takes part in, what refers
to it (grouped by relation and paged), its editorial notes (folded) and its sources.

Each section is data (a title, a table's header and rows, or links) that
``templates/resource.html`` lays out; what a section shows is left out of the others (the
members table is not repeated under "referred to by").
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from puentes.web.links import FORMATS, alternates
from puentes.web.messages import translator
from puentes.web.pages import (
    DESCRIPTIONS,
    LABELS,
    ORG,
    PU,
    RDF_TYPE,
    SDMX,
    SDO,
    SOURCE,
    GraphIndex,
    _number,
    doc_path,
    environment,
    href,
)
from puentes.web.values import shown

SKOS = "http://www.w3.org/2004/02/skos/core#"
NOTES = (SKOS + "editorialNote", SKOS + "note", SKOS + "scopeNote", SKOS + "historyNote",
         SKOS + "changeNote")
#: shown by their own section, not as rows or under "referred to by"
OWN_SECTION_IN = {ORG + "organization", ORG + "member", SDMX + "dimension#refArea",
                  PU + "instrumentOf", PU + "agent", PU + "coversCountry"}
#: properties whose values are codes (shown as code, the same in every language)
CODES = {SKOS + "notation", "http://purl.org/dc/terms/identifier", PU + "iso3", PU + "iso2",
         PU + "m49", PU + "seriesCode"}
#: links shown at first per relation under "referred to by"; the rest folded
PAGE = 20
#: at most this many links per relation (the query page answers the rest)
MAX_INCOMING = 200
#: statistics tables longer than this start folded (the chart above shows them)
OPEN_ROWS = 30


def _value(idx: GraphIndex, iri: str, prop: str) -> ox.Term | None:
    return next((o for p, o in idx.out.get(iri, []) if p == prop), None)


def _text(idx: GraphIndex, term: ox.Term | None, lang: str) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return idx.label(term.value, lang)
    return shown(term, lang)


def _cell(idx: GraphIndex, term: ox.Term | None, lang: str, root: str) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"text": idx.label(term.value, lang), "href": href(term.value, root, lang)}
    return {"text": _text(idx, term, lang)}


def _types(idx: GraphIndex, iri: str) -> set[str]:
    return {o.value for p, o in idx.out.get(iri, []) if p == RDF_TYPE}


def about_rows(idx: GraphIndex, iri: str, lang: str, root: str) -> list[dict]:
    """Who or what: every outgoing property but the type, names, descriptions, notes and
    sources (shown elsewhere on the page), labelled in ``lang``."""
    rows: dict[str, list] = defaultdict(list)
    skip = {RDF_TYPE, SOURCE, *LABELS, *DESCRIPTIONS, *NOTES}
    for p, o in idx.out.get(iri, []):
        if p in skip:
            continue
        if isinstance(o, ox.NamedNode):
            rows[p].append({"text": idx.label(o.value, lang), "href": href(o.value, root, lang)})
        elif isinstance(o, ox.Literal):
            if o.language and o.language != lang and p == SKOS + "altLabel":
                continue  # other names in other languages: their own pages show them
            text = shown(o, lang)
            if o.datatype.value.endswith(("#decimal", "#integer", "#double")):
                text = _number(o.value, lang)
            rows[p].append({"text": text, "lang": o.language if o.language != lang else None,
                            "code": p in CODES})
    return [{"iri": p, "label": idx.label(p, lang), "vals": v}
            for p, v in sorted(rows.items(), key=lambda kv: idx.label(kv[0], lang))]


def _membership_rows(idx: GraphIndex, iri: str, lang: str, root: str, side: str,
                     other: str) -> list[list[dict]]:
    """The memberships ``iri`` is the ``side`` of (``org:organization`` for a body,
    ``org:member`` for a member), one row each: the ``other`` side, role, from, until."""
    rows = []
    for p, m in idx.inc.get(iri, []):
        them = _value(idx, m, ORG + other) if p == ORG + side else None
        if them is not None:
            rows.append([_cell(idx, them, lang, root),
                         _cell(idx, _value(idx, m, ORG + "role"), lang, root),
                         _cell(idx, _value(idx, m, SDO + "startDate"), lang, root),
                         _cell(idx, _value(idx, m, SDO + "endDate"), lang, root)])
    rows.sort(key=lambda r: (r[0]["text"], r[2]["text"]))
    return rows


def members(idx: GraphIndex, iri: str, lang: str, root: str) -> dict | None:
    """A body's members over time: country, role, from, to (by name, then start)."""
    _ = translator(lang)
    rows = _membership_rows(idx, iri, lang, root, "organization", "member")
    if not rows:
        return None
    return {"title": _("Members over time"), "id": "members",
            "header": [_("Member"), _("Role"), _("From"), _("Until")], "rows": rows}


def memberships(idx: GraphIndex, iri: str, lang: str, root: str) -> dict | None:
    """The bodies a country or an organisation belongs to, with role and period."""
    _ = translator(lang)
    rows = _membership_rows(idx, iri, lang, root, "member", "organization")
    if not rows:
        return None
    return {"title": _("Memberships"), "id": "memberships",
            "header": [_("Body"), _("Role"), _("From"), _("Until")], "rows": rows}


def instruments(idx: GraphIndex, iri: str, lang: str, root: str) -> dict | None:
    """A body's instruments (roadmaps, plans, declarations) with their type and dates."""
    _ = translator(lang)
    rows = []
    for p, s in idx.inc.get(iri, []):
        if p == PU + "instrumentOf":
            rows.append([_cell(idx, ox.NamedNode(s), lang, root),
                         _cell(idx, _value(idx, s, PU + "initiativeType"), lang, root),
                         _cell(idx, _value(idx, s, PU + "adoptionDate")
                               or _value(idx, s, SDO + "startDate"), lang, root),
                         _cell(idx, _value(idx, s, SDO + "endDate"), lang, root)])
    if not rows:
        return None
    rows.sort(key=lambda r: (r[2]["text"], r[0]["text"]))
    return {"title": _("Instruments"), "id": "instruments",
            "header": [_("Instrument"), _("Kind"), _("Adopted or started"), _("Until")],
            "rows": rows}


def participations(idx: GraphIndex, iri: str, lang: str, root: str) -> dict | None:
    """The initiatives an agent takes part in (role, period) and those covering a country."""
    _ = translator(lang)
    rows = []
    for p, s in idx.inc.get(iri, []):
        if p == PU + "agent":
            initiative = _value(idx, s, PU + "initiative")
            rows.append([_cell(idx, initiative, lang, root),
                         _cell(idx, _value(idx, s, PU + "role"), lang, root),
                         _cell(idx, _value(idx, s, SDO + "startDate")
                               or _value(idx, initiative.value if initiative else "",
                                         SDO + "startDate"), lang, root)])
        elif p == PU + "coversCountry":
            rows.append([_cell(idx, ox.NamedNode(s), lang, root), {"text": _("covered")},
                         _cell(idx, _value(idx, s, SDO + "startDate")
                               or _value(idx, s, PU + "adoptionDate"), lang, root)])
    if not rows:
        return None
    rows.sort(key=lambda r: (r[0]["text"], r[1]["text"]))
    return {"title": _("Initiatives"), "id": "initiatives",
            "header": [_("Initiative"), _("Role"), _("Since")], "rows": rows}


def searches(idx: GraphIndex, iri: str, lang: str, root: str) -> dict | None:
    """The coverage ledger for a body, an initiative or a region (issue 17): each search of
    the public record made for it — when, what it found (linked), and what was named but
    could not be sourced — so a page says "searched on D, nothing found" instead of nothing.
    """
    _ = translator(lang)
    rows = []
    for p, search in idx.inc.get(iri, []):
        if p != PU + "searchScope":
            continue
        found = [ox.NamedNode(o.value) for q, o in idx.out.get(search, [])
                 if q == PU + "found" and isinstance(o, ox.NamedNode)]
        mentions = []
        for q, o in idx.out.get(search, []):
            if q == PU + "namedNotSourced":
                name = _value(idx, o.value, PU + "mentionedName")
                mentions.append(_text(idx, name, lang) if name is not None else "")
        rows.append([_cell(idx, _value(idx, search, PU + "searchedOn"), lang, root),
                     {"text": ", ".join(idx.label(f.value, lang) for f in found)
                      or _("nothing found")},
                     {"text": "; ".join(m for m in mentions if m) or "—"},
                     _cell(idx, ox.NamedNode(search), lang, root)])
    if not rows:
        return None
    rows.sort(key=lambda r: r[0]["text"], reverse=True)
    return {"title": _("Searched for this"), "id": "searches",
            "header": [_("Searched on"), _("Found and entered"), _("Named, not sourced"),
                       _("Search record")], "rows": rows}


def statistics(idx: GraphIndex, iri: str, lang: str, root: str) -> dict | None:
    """The figures about a country: one row per observation with indicator, sex, age,
    year, value (with its unit) and source, newest first within each indicator."""
    _ = translator(lang)
    rows = []
    for p, obs in idx.inc.get(iri, []):
        if p != SDMX + "dimension#refArea":
            continue
        value = _value(idx, obs, SDMX + "measure#obsValue")
        unit = _value(idx, obs, SDMX + "attribute#unitMeasure")
        shown = _number(value.value, lang) if value is not None else ""
        if value is not None and unit is not None and unit.value.endswith("/percent"):
            shown += " %"
        elif value is not None and unit is not None and not unit.value.endswith("/number"):
            shown += " " + idx.label(unit.value, lang)
        source = _value(idx, obs, SOURCE) or _value(idx, obs, "http://purl.org/linked-data/"
                                                              "cube#dataSet")
        rows.append([_cell(idx, _value(idx, obs, PU + "indicator"), lang, root),
                     _cell(idx, _value(idx, obs, SDMX + "dimension#sex"), lang, root),
                     _cell(idx, _value(idx, obs, SDMX + "dimension#age"), lang, root),
                     _cell(idx, _value(idx, obs, SDMX + "dimension#refPeriod"), lang, root),
                     {"text": shown, "href": href(obs, root, lang), "number": True},
                     _cell(idx, source, lang, root)])
    if not rows:
        return None
    rows.sort(key=lambda r: (r[0]["text"], -int((r[3]["text"] or "0")[:4] or 0),
                             r[1]["text"], r[2]["text"]))
    return {"title": _("Statistics"), "id": "statistics",
            "header": [_("Indicator"), _("Sex"), _("Age"), _("Year"), _("Value"),
                       _("Source")], "rows": rows, "folded": len(rows) > OPEN_ROWS,
            "summary": _("All {n} figures as a table", n=len(rows))}


def incoming(idx: GraphIndex, iri: str, lang: str, root: str) -> list[dict]:
    """What refers to the resource, grouped by relation (labelled in ``lang``), minus what
    the other sections show; each group shows :data:`PAGE` links, the rest folded."""
    groups: dict[str, list[str]] = defaultdict(list)
    for p, s in idx.inc.get(iri, []):
        if p not in OWN_SECTION_IN and p != SOURCE:
            groups[p].append(s)
    out = []
    for p, subjects in sorted(groups.items(), key=lambda kv: idx.label(kv[0], lang)):
        links = sorted(({"text": idx.label(s, lang), "href": href(s, root, lang)}
                        for s in set(subjects)), key=lambda x: x["text"])
        out.append({"iri": p, "label": idx.label(p, lang), "count": len(links),
                    "first": links[:PAGE], "rest": links[PAGE:MAX_INCOMING],
                    "more": max(0, len(links) - MAX_INCOMING)})
    return out


def notes(idx: GraphIndex, iri: str, lang: str) -> list[str]:
    """The editorial and scope notes (folded on the page: they are for curators)."""
    return [o.value for p, o in idx.out.get(iri, [])
            if p in NOTES and isinstance(o, ox.Literal) and o.language in (lang, None, "", "en")]


def sources(idx: GraphIndex, iri: str, lang: str, root: str) -> list[dict]:
    """The documents the statements come from, with the day each was read."""
    out = []
    for p, o in idx.out.get(iri, []):
        if p == SOURCE and isinstance(o, ox.NamedNode):
            url = _value(idx, o.value, SDO + "url")
            read = _value(idx, o.value, PU + "accessedOn")
            out.append({"text": idx.label(o.value, lang),
                        "url": url.value if url is not None else href(o.value, root, lang),
                        "accessed": read.value if read is not None else None})
    return sorted(out, key=lambda s: s["text"])


def description(idx: GraphIndex, iri: str, lang: str) -> str | None:
    """The description in ``lang``, else English, else any."""
    texts = {}
    for p, o in idx.out.get(iri, []):
        if p in DESCRIPTIONS and isinstance(o, ox.Literal):
            texts.setdefault(o.language or "", o.value)
    from puentes.i18n import pick

    return pick(texts, lang)


def tables(idx: GraphIndex, iri: str, lang: str, root: str) -> list[dict]:
    """The tables of the page, in reading order, for the kinds of resource that have them."""
    types = _types(idx, iri)
    made = [members(idx, iri, lang, root) if PU + "RegionalBody" in types or
            ORG + "Organization" in types else None,
            memberships(idx, iri, lang, root),
            instruments(idx, iri, lang, root),
            participations(idx, iri, lang, root),
            statistics(idx, iri, lang, root),
            searches(idx, iri, lang, root)]
    return [t for t in made if t]


def render_html(idx: GraphIndex, iri: str, lang: str = "en", root: str | None = None,
                figures: dict[str, list] | None = None, date_form: dict | None = None) -> str:
    """The HTML page of one resource in ``lang``: its sections (see :mod:`.sections`), the
    pictures of :func:`.pictures.resource_figures` placed in them (``figures``: section →
    pictures), links to its documents and to the page in the other languages. ``root``: the
    relative path to the site root (default: from the resource's own folder)."""
    depth = doc_path(iri).count("/")
    root = root if root is not None else "../" * depth
    name = doc_path(iri).rsplit("/", 1)[-1]
    types = [{"label": idx.label(o.value, lang), "href": href(o.value, root, lang)}
             for p, o in idx.out.get(iri, []) if p == RDF_TYPE and isinstance(o, ox.NamedNode)]
    figures = figures or {}
    return environment().get_template("resource.html").render(
        lang=lang, _=translator(lang), root=root, iri=iri, doc=name,
        formats=[{"href": f"{name}{ext}", "label": label, "type": media}
                 for ext, (media, label, fmt) in FORMATS.items() if fmt is not None],
        alternates=alternates(f"{doc_path(iri)}.html", root),
        title=idx.label(iri, lang), types=types,
        description=description(idx, iri, lang),
        rows=about_rows(idx, iri, lang, root),
        tables=tables(idx, iri, lang, root),
        incoming=incoming(idx, iri, lang, root),
        notes=notes(idx, iri, lang), sources=sources(idx, iri, lang, root),
        figures=figures, date_form=date_form)

