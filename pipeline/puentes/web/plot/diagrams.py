"""The diagram kinds: cooperation flows, instrument timelines, global conferences and the
commitment chain, drawn from the registry; their source lines name the data sets and
documents the drawn records come from."""

from __future__ import annotations

from puentes.namespaces import BASE
from puentes.web.messages import N_
from puentes.web.plot.chain import Node, chain
from puentes.web.plot.context import Context, Picture, expand, finish, frame, now, value
from puentes.web.plot.flows import Edge, flow_diagram, flow_size
from puentes.web.plot.svg import LegendItem
from puentes.web.plot.timeline import Item, timeline, year_of

#: the kinds of flow query 205 answers (its ``?kind``), as the legend names them
FLOW_KINDS = {"south-south": N_("South–South exchange (provider → learner)"),
              "peer-learning": N_("peer learning (provider → learner)"),
              "triangular": N_("triangular (facilitator → Southern partner)")}
OPEN = N_("no end date (runs to today)")


def flows(ctx: Context, params: dict[str, str]) -> Picture:
    """South–South exchanges, peer learning and triangular partnerships (query 205)."""
    query, result = ctx.run("205", params)
    edges, group_of = [], {}
    for r in result.rows:
        s, t = value(r["source"]), value(r["target"])
        for node, region in ((s, r["sourceRegion"]), (t, r["targetRegion"])):
            if region is not None:
                group_of[node] = ctx.label(value(region))
        kind, linked = value(r["kind"]), value(r["link"])
        edges.append(Edge(s, t, kind, linked,
                          f"{ctx.label(s)} → {ctx.label(t)}: {ctx.label(linked)}",
                          ctx.href(linked)))
    nodes = {e.source for e in edges} | {e.target for e in edges}
    kinds = {k: ctx.t(FLOW_KINDS.get(k, k)) for k in sorted({e.kind for e in edges})}
    for n in nodes:
        group_of.setdefault(n, "~" + ctx.t("organisations"))
    width, height = flow_size(sorted(nodes), {n: ctx.label(n) for n in nodes},
                              sorted(set(group_of.values())))
    pic = frame(ctx, "flows", query, ctx.t("Cooperation flows between countries and regions"),
                max(640.0, width), height)
    flow_diagram(pic, edges, group_of, {n: ctx.label(n) for n in nodes}, kinds,
                 {n: ctx.href(n) for n in nodes})
    pic.source = ctx.source(query, ctx.sources(records={e.link for e in edges}))
    return finish(pic, ctx, "flows", query, result)


def instrument_timeline(ctx: Context, params: dict[str, str]) -> Picture:
    """Roadmaps, action plans and strategies per regional body with their periods
    (query 001)."""
    query, result = ctx.run("001", params)
    body = ctx.label(expand(params["body"])) if params.get("body") else ctx.t("the regional bodies")
    items = []
    for r in result.rows:
        inst = value(r["instrument"])
        start, end = value(r["start"]), value(r["end"])
        items.append(Item(ctx.label(inst), year_of(start), year_of(end),
                          category=value(r["type"]) or "",
                          group="" if params.get("body") else ctx.label(value(r["body"])),
                          title=f"{ctx.label(inst)} ({start or '?'}–{end or ''})",
                          iri=inst, href=ctx.href(inst),
                          data={"instrument": inst, "start": start, "end": end}))
    dated = [i for i in items if i.start is not None or i.end is not None]
    groups = len({i.group for i in dated if i.group})
    pic = frame(ctx, "timeline", query, ctx.t("Instruments of {body}", body=body), 980,
                max(120.0, 40 + 22.0 * (len(dated) + groups)))
    timeline(pic, items, now(), {c: ctx.label(c) for c in {i.category for i in items}},
             ctx.t("no end date (runs to today)"), ctx.t("no dates"))
    pic.source = ctx.source(query, ctx.sources(records={i.iri for i in items}))
    return finish(pic, ctx, "timeline", query, result)


def conferences(ctx: Context, params: dict[str, str]) -> Picture:
    """The global conferences with their outcome documents (query 206)."""
    query, result = ctx.run("206", params)
    events: dict[str, Item] = {}
    for r in result.rows:
        ev = value(r["event"])
        start, end = value(r["start"]), value(r["end"])
        it = events.setdefault(ev, Item(ctx.label(ev), year_of(start), year_of(end),
                                        category="conference",
                                        title=f"{ctx.label(ev)} ({start or '?'})",
                                        iri=ev, href=ctx.href(ev),
                                        data={"event": ev, "start": start}))
        if r["outcome"] is not None:
            out = value(r["outcome"])
            when = year_of(value(r["adopted"])) or it.start or it.end
            if when is not None:
                it.markers.append((when, ctx.label(out), ctx.href(out)))
    items = list(events.values())
    for it in items:  # a conference of a few days is drawn as a date, not a period
        if it.start is not None and (it.end is None or it.end - it.start < 0.1):
            it.end = it.start
    pic = frame(ctx, "conferences", query,
                ctx.t("Global conferences on child labour and their outcome documents"), 1100,
                max(120.0, 40 + 26.0 * len(items)))
    timeline(pic, items, now(), {"conference": ctx.t("conference")}, ctx.t(OPEN))
    pic.legend.append(LegendItem(ctx.label(
        f"{BASE}scheme/initiative-type/outcome-document"), "#000", "dot"))
    pic.source = ctx.source(query, ctx.sources(records=set(events)))
    return finish(pic, ctx, "conferences", query, result)


def commitment_chain(ctx: Context, params: dict[str, str]) -> Picture:
    """Global commitments → regional instruments → national plans, gaps shown (query 008)."""
    query, result = ctx.run("008", params)
    nodes: dict[str, Node] = {}
    links: list[tuple[str, str]] = []
    implemented = set()
    for r in result.rows:
        c, ri, npl = (value(r[k]) for k in ("commitment", "regionalInstrument",
                                            "nationalPlan"))
        nodes.setdefault(c, Node(c, ctx.label(c), 0, value(r["followUp"]) != "true",
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
    pic = frame(ctx, "chain", query, ctx.t("The commitment chain"), 1100, 40 + 24.0 * rows)
    chain(pic, ordered, sorted(set(links)),
          [ctx.t("Global commitment"), ctx.t("Regional instrument"), ctx.t("National plan")],
          ctx.t("gap: no follow-up / no national plan"), ctx.t("follows up"))
    pic.source = ctx.source(query, ctx.sources(records=set(nodes)))
    return finish(pic, ctx, "chain", query, result)


