"""Every picture kind: the saved query it answers, how its rows become a drawing.

A kind is drawn by :func:`draw` from a :class:`Context` (where the graph is: the store, RDF
files loaded in memory or a SPARQL endpoint; the language; how resource links are written;
the date the graph was built) and the query's parameters (``NAME=VALUE`` strings, checked by
the saved query itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from puentes.errors import PuentesError
from puentes.namespaces import BASE
from puentes.query import QueryResult, SavedQuery, find_query, labels, run_saved_query
from puentes.web.plot.catalogue import CATALOGUE
from puentes.web.plot.chain import Node, chain
from puentes.web.plot.charts import Bar, Point, bar_chart, line_chart
from puentes.web.plot.flows import Edge, flow_diagram
from puentes.web.plot.svg import CATEGORICAL, NO_DATA, Frame, LegendItem, fmt, sequential
from puentes.web.plot.timeline import Item, timeline, year_of
from puentes.web.plot.world import Fill, atlas, choropleth, iso3

TEXT = {
    "en": {"source": "Source", "built": "built on", "query": "saved query",
           "no_data": "no data", "no_record": "no record", "not_member": "not a member",
           "not_covered": "not covered",
           "members": "Member states of {body}", "on": "on {date}",
           "now": "today", "coverage": "Countries {initiative} covers",
           "covered": "covered", "participant": "takes part",
           "sdg871": "SDG 8.7.1: children in child labour, latest figure ({age}, both sexes)",
           "uncovered": "no active regional, interregional, South–South or triangular "
                        "initiative", "ratification": "Ratification of {convention}",
           "ratified": "ratified", "not_ratified": "not ratified",
           "flows": "Cooperation flows between countries and regions",
           "south-south": "South–South exchange (provider → learner)",
           "peer-learning": "peer learning (provider → learner)",
           "triangular": "triangular (facilitator → Southern partner)",
           "timeline": "Instruments of {body}", "all_bodies": "the regional bodies",
           "open": "no end date (runs to today)",
           "conferences": "Global conferences on child labour and their outcome documents",
           "conference": "conference", "chart": "SDG 8.7.1 in {country} over time",
           "members_chart": "SDG 8.7.1 among the members of {body} (latest figure)",
           "no_figure": "no figure", "chain": "The commitment chain",
           "global": "Global commitment", "regional": "Regional instrument",
           "national": "National plan", "gap": "gap: no follow-up / no national plan",
           "follows": "follows up", "no_dates": "no dates", "organisations": "organisations",
           "since": "since", "until": "until",
           "not_on_map": "Not on the map (no shape at this scale)"},
    "es": {"source": "Fuente", "built": "construido el", "query": "consulta guardada",
           "no_data": "sin datos", "no_record": "sin registro", "not_member": "no miembro",
           "not_covered": "no abarcado",
           "members": "Estados miembros de {body}", "on": "el {date}",
           "now": "hoy", "coverage": "Países que abarca {initiative}",
           "covered": "abarcado", "participant": "participa",
           "sdg871": "ODS 8.7.1: niños en trabajo infantil, última cifra ({age}, ambos sexos)",
           "uncovered": "ninguna iniciativa regional, interregional, Sur–Sur o triangular "
                        "activa", "ratification": "Ratificación de {convention}",
           "ratified": "ratificado", "not_ratified": "no ratificado",
           "flows": "Flujos de cooperación entre países y regiones",
           "south-south": "intercambio Sur–Sur (proveedor → aprendiz)",
           "peer-learning": "aprendizaje entre pares (proveedor → aprendiz)",
           "triangular": "triangular (facilitador → socio del Sur)",
           "timeline": "Instrumentos de {body}", "all_bodies": "los organismos regionales",
           "open": "sin fecha de fin (hasta hoy)",
           "conferences": "Conferencias mundiales sobre trabajo infantil y sus documentos "
                          "finales",
           "conference": "conferencia", "chart": "ODS 8.7.1 en {country} a lo largo del tiempo",
           "members_chart": "ODS 8.7.1 entre los miembros de {body} (última cifra)",
           "no_figure": "sin cifra", "chain": "La cadena de compromisos",
           "global": "Compromiso mundial", "regional": "Instrumento regional",
           "national": "Plan nacional", "gap": "brecha: sin seguimiento / sin plan nacional",
           "follows": "da seguimiento", "no_dates": "sin fechas",
           "organisations": "organizaciones", "since": "desde", "until": "hasta",
           "not_on_map": "Fuera del mapa (sin forma a esta escala)"},
    "fr": {"source": "Source", "built": "construit le", "query": "requête enregistrée",
           "no_data": "pas de données", "no_record": "pas de relevé", "not_member": "non membre",
           "not_covered": "non couvert", "members": "États membres de {body}",
           "on": "au {date}", "now": "aujourd'hui", "coverage": "Pays couverts par {initiative}",
           "covered": "couvert", "participant": "participe",
           "sdg871": "ODD 8.7.1 : enfants astreints au travail, dernier chiffre ({age}, "
                     "les deux sexes)",
           "uncovered": "aucune initiative régionale, interrégionale, Sud-Sud ou triangulaire "
                        "active", "ratification": "Ratification de {convention}",
           "ratified": "ratifiée", "not_ratified": "non ratifiée",
           "flows": "Flux de coopération entre pays et régions",
           "south-south": "échange Sud-Sud (fournisseur → apprenant)",
           "peer-learning": "apprentissage entre pairs (fournisseur → apprenant)",
           "triangular": "triangulaire (facilitateur → partenaire du Sud)",
           "timeline": "Instruments de {body}", "all_bodies": "les organismes régionaux",
           "open": "sans date de fin (jusqu'à aujourd'hui)",
           "conferences": "Conférences mondiales sur le travail des enfants et leurs "
                          "documents finaux",
           "conference": "conférence", "chart": "L'ODD 8.7.1 en {country} dans le temps",
           "members_chart": "L'ODD 8.7.1 parmi les membres de {body} (dernier chiffre)",
           "no_figure": "pas de chiffre", "chain": "La chaîne des engagements",
           "global": "Engagement mondial", "regional": "Instrument régional",
           "national": "Plan national", "gap": "lacune : pas de suite / pas de plan national",
           "follows": "donne suite", "no_dates": "sans dates",
           "organisations": "organisations", "since": "depuis", "until": "jusqu'à",
           "not_on_map": "Hors carte (pas de forme à cette échelle)"},
}


class PlotError(PuentesError):
    """A picture cannot be drawn (an unknown kind, a missing parameter)."""


@dataclass
class Context:
    """Where the graph is and how a picture is written.

    ``root``: the prefix of resource links (``"/"`` for ``serve``, ``"../../"`` on a static
    page; ``None``: no links, for a file given away). ``zoom``: member and coverage maps show
    only the part of the world around the countries they colour (smaller pages).
    """

    store: object | None = None
    endpoint: str | None = None
    lang: str = "en"
    root: str | None = None
    built: str = ""
    zoom: bool = False  # member and coverage maps: show the part of the world around them
    _labels: dict[str, str] = field(default_factory=dict)

    def t(self, key: str, **kw: str) -> str:
        """A text of the pictures in the context's language."""
        text = TEXT.get(self.lang, TEXT["en"]).get(key) or TEXT["en"][key]
        return text.format(**kw) if kw else text

    def run(self, number: str, params: dict[str, str]) -> tuple[SavedQuery, QueryResult]:
        """Run a saved query; remember the labels of the IRIs in its answer."""
        query = find_query(number)
        result = run_saved_query(query, store=self.store, endpoint=self.endpoint,
                                 params=params)
        self._labels.update(labels(result, self.lang, store=self.store,
                                   endpoint=self.endpoint))
        return query, result

    def label(self, iri: str | None) -> str:
        """The label of an IRI in the context's language (fetched when not yet known)."""
        if not iri:
            return ""
        if iri not in self._labels:
            res = QueryResult(["x"], [{"x": ox.NamedNode(iri)}])
            self._labels.update(labels(res, self.lang, store=self.store,
                                       endpoint=self.endpoint))
        return self._labels.get(iri) or iri.rsplit("/", 1)[-1]

    def href(self, iri: str | None) -> str | None:
        """The link to a resource's page (``{root}id/country/GHA.html``, as the site and
        ``serve`` write them), or None (no links, or not a resource the site publishes)."""
        if self.root is None or not iri or not iri.startswith((BASE + "id/",
                                                                BASE + "scheme/")):
            return None
        return f"{self.root}{iri[len(BASE):]}.html"

    def source(self, query: SavedQuery, what: str = "puentes") -> str:
        """The source line: what the figures come from, the saved query, the build date."""
        built = self.built or dt.date.today().isoformat()
        return (f"{self.t('source')}: {what} — {self.t('query')} {query.number} "
                f"({query.title(self.lang)}), {self.t('built')} {built}")


def built_date(store: object) -> str:
    """The day the store was last built (its newest source load), or empty."""
    states = getattr(store, "states", None)
    dates = [s.built_at for s in states().values() if s.built_at] if states else []
    return max(dates)[:10] if dates else ""


@dataclass
class Picture:
    """A drawn picture: its kind, SVG text, title, the saved query and how many rows fed it."""

    kind: str
    svg: str
    title: str
    query: str
    rows: int


def _value(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


def _frame(ctx: Context, kind: str, query: SavedQuery, title: str, width: float,
           height: float) -> Frame:
    return Frame(width, height, title, kind, query.number, ctx.lang)


def _world(ctx: Context, kind: str, query: SavedQuery, title: str) -> Frame:
    data = atlas()
    return _frame(ctx, kind, query, title, data["width"], data["height"])


def _names(ctx: Context, result: QueryResult, column: str = "country") -> dict[str, str]:
    out = {}
    for r in result.rows:
        iri = _value(r.get(column))
        code = iri and iso3(iri)
        if code:
            out[code] = ctx.label(iri)
    return out


def _period(ctx: Context, start: str | None, end: str | None) -> str:
    parts = []
    if start:
        parts.append(f"{ctx.t('since')} {start}")
    if end:
        parts.append(f"{ctx.t('until')} {end}")
    return ", ".join(parts)


def _finish(frame: Frame, ctx: Context, kind: str, query: SavedQuery, result: QueryResult,
            missing: list[str] | None = None) -> Picture:
    if missing:
        frame.note = f"{ctx.t('not_on_map')}: " + ", ".join(missing)
    return Picture(kind, frame.render(), frame.title, query.number, len(result.rows))


# -- maps ------------------------------------------------------------------------------
def members_map(ctx: Context, params: dict[str, str]) -> Picture:
    """The member states of a regional body at a date (query 201), coloured by role."""
    query, result = ctx.run("201", params)
    body = ctx.label(_expand(params.get("body")))
    when = ctx.t("on", date=params["date"]) if params.get("date") else ctx.t("now")
    frame = _world(ctx, "members-map", query, f"{ctx.t('members', body=body)} — {when}")
    roles = sorted({_value(r["role"]) or "" for r in result.rows})
    colour = {role: CATEGORICAL[i % len(CATEGORICAL)] for i, role in enumerate(roles)}
    fills = {}
    for r in result.rows:
        iri, role = _value(r["country"]), _value(r["role"]) or ""
        code = iso3(iri)
        if code:
            text = ", ".join(x for x in (ctx.label(role) if role else "",
                                         _period(ctx, _value(r["start"]), _value(r["end"])))
                             if x)
            fills[code] = Fill(colour[role], f"{ctx.label(iri)} — {text}", ctx.href(iri),
                               category=role)
    names = _names(ctx, result)
    missing = [names.get(c, c) for c in choropleth(frame, fills, names, ctx.zoom)]
    frame.legend = [LegendItem(ctx.label(r) if r else "member", colour[r]) for r in roles]
    frame.legend.append(LegendItem(ctx.t("not_member"), NO_DATA))
    frame.source = ctx.source(query, "puentes registry")
    return _finish(frame, ctx, "members-map", query, result, missing)


def coverage_map(ctx: Context, params: dict[str, str]) -> Picture:
    """The countries an initiative covers or that take part in it (query 202); with a
    ``date``, the countries it covered on that date (query 209: from the later of its
    adoption and the accession, to the earlier of its end and the withdrawal, not while
    suspended), as the member map takes a date."""
    query, result = ctx.run("209" if params.get("date") else "202", params)
    name = ctx.label(_expand(params.get("initiative")))
    title = ctx.t("coverage", initiative=name)
    if params.get("date"):
        title += " — " + ctx.t("on", date=params["date"])
        for r in result.rows:  # every row is a country covered on the date
            r["how"], r["role"] = ox.Literal("covered"), None
    frame = _world(ctx, "coverage-map", query, title)
    colour = {"covered": CATEGORICAL[0], "participant": CATEGORICAL[1]}
    fills: dict[str, Fill] = {}
    for r in result.rows:
        iri, how = _value(r["country"]), _value(r["how"])
        code = iso3(iri)
        if code and code not in fills:  # "covered" sorts first and wins
            role = ctx.label(_value(r["role"])) if r["role"] is not None else ""
            fills[code] = Fill(colour[how], f"{ctx.label(iri)} — {ctx.t(how)} {role}".strip(),
                               ctx.href(iri), category=how)
    names = _names(ctx, result)
    missing = [names.get(c, c) for c in choropleth(frame, fills, names, ctx.zoom)]
    frame.legend = [LegendItem(ctx.t(k), c) for k, c in colour.items()]
    frame.legend.append(LegendItem(ctx.t("not_covered"), NO_DATA))
    frame.source = ctx.source(query, "puentes registry")
    return _finish(frame, ctx, "coverage-map", query, result, missing)


def sdg871_map(ctx: Context, params: dict[str, str]) -> Picture:
    """ILOSTAT's latest SDG 8.7.1 figure per country (ages 5–17, both sexes), hatched where
    no active initiative covers it (query 203)."""
    query, result = ctx.run("203", params)
    age = ctx.label(_expand("psc:age-group/5-17"))  # the age group query 203 uses
    frame = _world(ctx, "sdg871-map", query, ctx.t("sdg871", age=age))
    by_country: dict[str, list[dict]] = {}
    for r in result.rows:
        by_country.setdefault(_value(r["country"]), []).append(r)
    top = max((float(_value(r["value"])) for r in result.rows), default=1.0) or 1.0
    fills, datasets = {}, set()
    for iri, rows in by_country.items():
        code = iso3(iri)
        first = rows[0]
        value = float(_value(first["value"]))
        figures = "; ".join(f"{fmt(float(_value(r['value'])))}% ({_value(r['period'])}, "
                            f"{ctx.label(_value(r['series']))}, "
                            f"{ctx.label(_value(r['dataset']))})" for r in rows)
        datasets.update(ctx.label(_value(r["dataset"])) for r in rows if r["dataset"])
        covered = _value(first["covered"]) == "true"
        tip = f"{ctx.label(iri)}: {figures}" + ("" if covered else f" — {ctx.t('uncovered')}")
        if code:
            fills[code] = Fill(sequential(value / top), tip, ctx.href(iri), hatch=not covered,
                               category="covered" if covered else "uncovered")
    names = _names(ctx, result)
    missing = [names.get(c, c) for c in choropleth(frame, fills, names)]
    frame.ramp = (0, top, "%")
    frame.legend = [LegendItem(ctx.t("uncovered"), "#ffffff", "hatch"),
                    LegendItem(ctx.t("no_data"), NO_DATA)]
    frame.source = ctx.source(query, ", ".join(sorted(datasets)) or "puentes")
    return _finish(frame, ctx, "sdg871-map", query, result, missing)


def ratification_map(ctx: Context, params: dict[str, str]) -> Picture:
    """Who ratified a convention, who did not (query 204)."""
    query, result = ctx.run("204", params)
    name = ctx.label(_expand(params.get("convention") or _default(query, "convention")))
    frame = _world(ctx, "ratification-map", query, ctx.t("ratification", convention=name))
    colour = {"true": CATEGORICAL[0], "false": CATEGORICAL[1]}
    fills = {}
    for r in result.rows:
        iri, ok = _value(r["country"]), _value(r["ratified"])
        code = iso3(iri)
        if code:
            tip = f"{ctx.label(iri)} — {ctx.t('ratified' if ok == 'true' else 'not_ratified')}"
            if r["date"] is not None:
                tip += f" ({_value(r['date'])})"
            fills[code] = Fill(colour.get(ok, NO_DATA), tip, ctx.href(iri), category=ok)
    names = _names(ctx, result)
    missing = [names.get(c, c) for c in choropleth(frame, fills, names)]
    frame.legend = [LegendItem(ctx.t("ratified"), colour["true"]),
                    LegendItem(ctx.t("not_ratified"), colour["false"]),
                    LegendItem(ctx.t("no_record"), NO_DATA)]
    frame.source = ctx.source(query, "puentes registry (ILO NORMLEX)")
    return _finish(frame, ctx, "ratification-map", query, result, missing)


# -- flows, timelines, charts, chain ----------------------------------------------------
def flows(ctx: Context, params: dict[str, str]) -> Picture:
    """South–South exchanges, peer learning and triangular partnerships (query 205)."""
    query, result = ctx.run("205", params)
    edges, group_of = [], {}
    for r in result.rows:
        s, t = _value(r["source"]), _value(r["target"])
        for node, region in ((s, r["sourceRegion"]), (t, r["targetRegion"])):
            if region is not None:
                group_of[node] = ctx.label(_value(region))
        kind, linked = _value(r["kind"]), _value(r["link"])
        edges.append(Edge(s, t, kind, linked,
                          f"{ctx.label(s)} → {ctx.label(t)}: {ctx.label(linked)}",
                          ctx.href(linked)))
    nodes = {e.source for e in edges} | {e.target for e in edges}
    height = max(620.0, 260 + 9.0 * len(nodes))
    frame = _frame(ctx, "flows", query, ctx.t("flows"), max(900.0, height + 120), height)
    kinds = {k: ctx.t(k) for k in sorted({e.kind for e in edges})}
    for n in nodes:
        group_of.setdefault(n, "~" + ctx.t("organisations"))
    flow_diagram(frame, edges, group_of, {n: ctx.label(n) for n in nodes}, kinds,
                 {n: ctx.href(n) for n in nodes})
    frame.source = ctx.source(query, "puentes registry")
    return _finish(frame, ctx, "flows", query, result)


def instrument_timeline(ctx: Context, params: dict[str, str]) -> Picture:
    """Roadmaps, action plans and strategies per regional body with their periods
    (query 001)."""
    query, result = ctx.run("001", params)
    body = ctx.label(_expand(params["body"])) if params.get("body") else ctx.t("all_bodies")
    items = []
    for r in result.rows:
        inst = _value(r["instrument"])
        start, end = _value(r["start"]), _value(r["end"])
        items.append(Item(ctx.label(inst), year_of(start), year_of(end),
                          category=_value(r["type"]) or "",
                          group="" if params.get("body") else ctx.label(_value(r["body"])),
                          title=f"{ctx.label(inst)} ({start or '?'}–{end or ''})",
                          iri=inst, href=ctx.href(inst)))
    dated = [i for i in items if i.start is not None or i.end is not None]
    groups = len({i.group for i in dated if i.group})
    frame = _frame(ctx, "timeline", query, ctx.t("timeline", body=body), 980,
                   max(120.0, 40 + 22.0 * (len(dated) + groups)))
    timeline(frame, items, _now(), {c: ctx.label(c) for c in {i.category for i in items}},
             ctx.t("open"), ctx.t("no_dates"))
    frame.source = ctx.source(query, "puentes registry")
    return _finish(frame, ctx, "timeline", query, result)


def conferences(ctx: Context, params: dict[str, str]) -> Picture:
    """The global conferences with their outcome documents (query 206)."""
    query, result = ctx.run("206", params)
    events: dict[str, Item] = {}
    for r in result.rows:
        ev = _value(r["event"])
        start, end = _value(r["start"]), _value(r["end"])
        it = events.setdefault(ev, Item(ctx.label(ev), year_of(start), year_of(end),
                                        category="conference",
                                        title=f"{ctx.label(ev)} ({start or '?'})",
                                        iri=ev, href=ctx.href(ev)))
        if r["outcome"] is not None:
            out = _value(r["outcome"])
            when = year_of(_value(r["adopted"])) or it.start or it.end
            if when is not None:
                it.markers.append((when, ctx.label(out), ctx.href(out)))
    items = list(events.values())
    for it in items:  # a conference of a few days is drawn as a date, not a period
        if it.start is not None and (it.end is None or it.end - it.start < 0.1):
            it.end = it.start
    frame = _frame(ctx, "conferences", query, ctx.t("conferences"), 1100,
                   max(120.0, 40 + 26.0 * len(items)))
    timeline(frame, items, _now(), {"conference": ctx.t("conference")}, ctx.t("open"))
    frame.legend.append(LegendItem(ctx.label(
        f"{BASE}scheme/initiative-type/outcome-document"), "#000", "dot"))
    frame.source = ctx.source(query, "puentes registry")
    return _finish(frame, ctx, "conferences", query, result)


def sdg871_chart(ctx: Context, params: dict[str, str]) -> Picture:
    """A country's SDG 8.7.1 figures over time, one point per observation (query 207)."""
    query, result = ctx.run("207", params)
    country = ctx.label(_expand(params.get("country")))
    points = []
    for r in result.rows:
        series = ", ".join(ctx.label(_value(r[k])) for k in ("series", "sex", "age")
                           if r[k] is not None)
        vintage = ctx.label(_value(r["dataset"])) if r["dataset"] is not None else "?"
        value, period = float(_value(r["value"])), _value(r["period"])
        points.append(Point(year_of(period) or 0, value, series, vintage,
                            f"{period}: {fmt(value)}% — {series} ({vintage})",
                            _value(r["obs"]), ctx.href(_value(r["obs"]))))
    frame = _frame(ctx, "sdg871-chart", query, ctx.t("chart", country=country), 860, 340)
    if not points:
        frame.note = ctx.t("no_figure")
    line_chart(frame, points)
    frame.source = ctx.source(query, ", ".join(sorted({p.vintage for p in points}))
                              or "puentes")
    return _finish(frame, ctx, "sdg871-chart", query, result)


def members_chart(ctx: Context, params: dict[str, str]) -> Picture:
    """The latest SDG 8.7.1 figure of each current member of a body (query 208)."""
    query, result = ctx.run("208", params)
    body = ctx.label(_expand(params.get("body")))
    bars: dict[str, Bar] = {}
    datasets = set()
    for r in result.rows:
        c = _value(r["country"])
        if c in bars and bars[c].value is not None:
            continue  # the first vintage in the query's order; the others are in the tip
        value = float(_value(r["value"])) if r["value"] is not None else None
        tip = ctx.label(c) + (f": {fmt(value)}% ({_value(r['period'])}, "
                              f"{ctx.label(_value(r['dataset']))})" if value is not None
                              else f": {ctx.t('no_figure')}")
        if r["dataset"] is not None:
            datasets.add(ctx.label(_value(r["dataset"])))
        bars[c] = Bar(ctx.label(c), value, tip, c, ctx.href(c))
    have = sum(1 for b in bars.values() if b.value is not None)
    frame = _frame(ctx, "members-chart", query, ctx.t("members_chart", body=body), 860,
                   max(80.0, 30 + 18.0 * have))
    bar_chart(frame, list(bars.values()), "%", ctx.t("no_figure"))
    frame.source = ctx.source(query, ", ".join(sorted(datasets)) or "puentes")
    return _finish(frame, ctx, "members-chart", query, result)


def commitment_chain(ctx: Context, params: dict[str, str]) -> Picture:
    """Global commitments → regional instruments → national plans, gaps shown (query 008)."""
    query, result = ctx.run("008", params)
    nodes: dict[str, Node] = {}
    links: list[tuple[str, str]] = []
    implemented = set()
    for r in result.rows:
        c, ri, npl = (_value(r[k]) for k in ("commitment", "regionalInstrument",
                                            "nationalPlan"))
        nodes.setdefault(c, Node(c, ctx.label(c), 0, _value(r["followUp"]) != "true",
                                 ctx.href(c)))
        if ri:
            nodes.setdefault(ri, Node(ri, ctx.label(ri), 1, True, ctx.href(ri)))
            links.append((c, ri))
            if npl:
                nodes.setdefault(npl, Node(npl, ctx.label(npl), 2, False, ctx.href(npl)))
                links.append((ri, npl))
                implemented.add(ri)
    for n in nodes.values():
        if n.column == 1:
            n.gap = n.iri not in implemented
    ordered = sorted(nodes.values(), key=lambda n: (n.column, n.gap, n.label))
    rows = max((sum(1 for n in ordered if n.column == k) for k in range(3)), default=1)
    frame = _frame(ctx, "chain", query, ctx.t("chain"), 1100, 40 + 24.0 * rows)
    chain(frame, ordered, sorted(set(links)),
          [ctx.t("global"), ctx.t("regional"), ctx.t("national")], ctx.t("gap"),
          ctx.t("follows"))
    frame.source = ctx.source(query, "puentes registry")
    return _finish(frame, ctx, "chain", query, result)


def _now() -> float:
    today = dt.date.today()
    return today.year + (today.timetuple().tm_yday - 1) / 365


def _expand(value: str | None) -> str | None:
    from puentes.query import expand

    return expand(value) if value else None


def _default(query: SavedQuery, name: str) -> str | None:
    return next((p.default for p in query.parameters if p.name == name), None)


@dataclass(frozen=True)
class Kind:
    """A picture kind: the saved query it answers, its drawing, a one-line description."""

    query: str
    draw: Callable[[Context, dict[str, str]], Picture]
    about: str
    example: str = ""


#: each kind's drawing; its query and description are in :data:`.catalogue.CATALOGUE`
_DRAW: dict[str, Callable[[Context, dict[str, str]], Picture]] = {
    "members-map": members_map, "coverage-map": coverage_map, "sdg871-map": sdg871_map,
    "ratification-map": ratification_map, "flows": flows, "timeline": instrument_timeline,
    "conferences": conferences, "sdg871-chart": sdg871_chart, "members-chart": members_chart,
    "chain": commitment_chain,
}
KINDS: dict[str, Kind] = {name: Kind(info.query, _DRAW[name], info.about, info.example)
                          for name, info in CATALOGUE.items()}


def draw(kind: str, ctx: Context, params: dict[str, str] | None = None) -> Picture:
    """Draw a picture kind (see :data:`KINDS`) with its query's parameters."""
    if kind not in KINDS:
        raise PlotError(f"no picture kind {kind!r}",
                        "choose one of: " + ", ".join(KINDS))
    return KINDS[kind].draw(ctx, dict(params or {}))
