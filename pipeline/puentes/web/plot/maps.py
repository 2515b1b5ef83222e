"""The map kinds: members of a body, countries an instrument covers, the latest SDG 8.7.1
figure, ratification of a convention. Each country drawn carries the values it was drawn
from (``data-country``, ``data-value``, ``data-year``…); each legend names what a colour
means in the source named under the map, and "not covered by this source" is never drawn
like an answer."""

from __future__ import annotations

from puentes.web.messages import N_
from puentes.web.plot.context import (
    Context,
    Picture,
    default,
    expand,
    finish,
    names,
    period,
    value,
    world,
)
from puentes.web.plot.svg import CATEGORICAL, NO_DATA, NOT_IN_SOURCE, LegendItem, fmt, sequential
from puentes.web.plot.world import Fill, choropleth, iso3

SUSPENDED = N_("suspended from the body")
UNCOVERED = N_("no active regional, interregional, South–South or triangular initiative")
NOT_IN_SOURCE_WORDS = N_("not covered by this source")
#: how query 202 (``?how``) or 209 (suspended) has a country in an initiative, in the legend
RATIFIED, NOT_RATIFIED = N_("ratified"), N_("not ratified")
HOW = {"covered": N_("covered"), "participant": N_("takes part"), "suspended": SUSPENDED}
#: a member suspended on the date keeps its role's colour, hatched: still a member, its own
#: legend entry (a colour of its own would sit too close to orange for some readers)


def _off_map(ctx: Context, fills: dict[str, Fill], missing: list[str],
             labels: dict[str, str]) -> list[tuple[str, dict[str, object]]]:
    return [(labels.get(c, c), dict(fills[c].data or {})) for c in missing]


def members_map(ctx: Context, params: dict[str, str]) -> Picture:
    """The member states of a regional body at a date (query 201), coloured by role; members
    suspended from the body on the date in their own colour and legend entry."""
    query, result = ctx.run("201", params)
    body = expand(params.get("body"))
    when = ctx.t("on {date}", date=params["date"]) if params.get("date") else ctx.t("today")
    frame = world(ctx, "members-map", query,
                  f"{ctx.t('Member states of {body}', body=ctx.label(body))} — {when}")
    roles = sorted({value(r["role"]) or "" for r in result.rows})
    colour = {role: CATEGORICAL[i % len(CATEGORICAL)] for i, role in enumerate(roles)}
    fills: dict[str, Fill] = {}
    suspended = False
    for r in result.rows:
        iri, role = value(r["country"]), value(r["role"]) or ""
        code = iso3(iri)
        sus = value(r.get("suspended")) == "true"
        if not code or (code in fills and not sus):
            continue
        suspended = suspended or sus
        text = ", ".join(x for x in (ctx.label(role) if role else "",
                                     period(ctx, value(r["start"]), value(r["end"]))) if x)
        if sus:
            text += f"; {ctx.t(SUSPENDED)} " + period(ctx, value(r.get("suspendedFrom")),
                                                         value(r.get("suspendedUntil")))
        fills[code] = Fill(colour[role], f"{ctx.label(iri)} — {text}", ctx.href(iri),
                           hatch=sus, category="suspended" if sus else role,
                           data={"country": iri, "role": role or None,
                                 "suspended": "true" if sus else "false",
                                 "start": value(r["start"]), "end": value(r["end"])})
    labels = names(ctx, result)
    missing = choropleth(frame, fills, labels, ctx.zoom)
    frame.legend = [LegendItem(ctx.label(r) if r else ctx.t("member"), colour[r])
                    for r in roles]
    if suspended:
        frame.legend.append(LegendItem(ctx.t(SUSPENDED), "#ffffff", "hatch"))
    frame.legend.append(LegendItem(ctx.t("not a member"), NO_DATA))
    frame.source = ctx.source(query, ctx.sources(records=[body or ""] + [
        value(r["membership"]) or "" for r in result.rows if r.get("membership")][:200]))
    return finish(frame, ctx, "members-map", query, result,
                  _off_map(ctx, fills, missing, labels))


def coverage_map(ctx: Context, params: dict[str, str]) -> Picture:
    """The countries an initiative covers or that take part in it (query 202); with a
    ``date``, the countries it covered on that date (query 209), members suspended from the
    body that day in their own colour and legend entry."""
    dated = bool(params.get("date"))
    query, result = ctx.run("209" if dated else "202", params)
    initiative = expand(params.get("initiative"))
    title = ctx.t("Countries {initiative} covers", initiative=ctx.label(initiative))
    if dated:
        title += " — " + ctx.t("on {date}", date=params["date"])
    frame = world(ctx, "coverage-map", query, title)
    colour = {"covered": CATEGORICAL[0], "participant": CATEGORICAL[1],
              "suspended": CATEGORICAL[0]}
    fills: dict[str, Fill] = {}
    for r in result.rows:
        iri = value(r["country"])
        code = iso3(iri)
        if dated:
            how = "suspended" if value(r["suspended"]) == "true" else "covered"
            role = (f"({ctx.t(SUSPENDED)} "
                    f"{period(ctx, value(r['suspendedFrom']), value(r['suspendedUntil']))})"
                    if how == "suspended" else "")
            data = {"country": iri, "suspended": value(r["suspended"])}
        else:
            how = value(r["how"]) or "covered"
            role = ctx.label(value(r["role"])) if r["role"] is not None else ""
            data = {"country": iri, "how": how}
        if code and code not in fills:  # "covered" sorts first and wins
            word = ctx.t(HOW["covered" if how == "suspended" else how])
            fills[code] = Fill(colour[how], f"{ctx.label(iri)} — {word} {role}".strip(),
                               ctx.href(iri), hatch=how == "suspended", category=how,
                               data=data)
    labels = names(ctx, result)
    missing = choropleth(frame, fills, labels, ctx.zoom)
    shown = {f.category for f in fills.values()}
    frame.legend = [LegendItem(ctx.t(HOW[k]), c, "hatch" if k == "suspended" else "box")
                    for k, c in colour.items() if k in shown or k == "covered"]
    frame.legend.append(LegendItem(ctx.t("not covered"), NO_DATA))
    frame.source = ctx.source(query, ctx.sources(records=[initiative or ""]))
    return finish(frame, ctx, "coverage-map", query, result,
                  _off_map(ctx, fills, missing, labels))


def sdg871_map(ctx: Context, params: dict[str, str]) -> Picture:
    """ILOSTAT's latest SDG 8.7.1 figure per country (ages 5–17, both sexes; the year and
    series of each in its hover text and data attributes), hatched where no active
    initiative covers it (query 203)."""
    query, result = ctx.run("203", params)
    age = ctx.label(expand("psc:age-group/5-17"))  # the age group query 203 uses
    frame = world(ctx, "sdg871-map", query, ctx.t(
        "SDG 8.7.1: children in child labour, latest figure ({age}, both sexes)", age=age))
    top = max((float(value(r["value"])) for r in result.rows), default=1.0) or 1.0
    fills: dict[str, Fill] = {}
    datasets: set[str] = set()
    for r in result.rows:
        iri, number, year = value(r["country"]), float(value(r["value"])), value(r["period"])
        series = value(r["series"])
        datasets.add(value(r["dataset"]) or "")
        covered = value(r["covered"]) == "true"
        tip = (f"{ctx.label(iri)}: {fmt(number)}% ({year}, {ctx.label(series)})"
               + ("" if covered else f" — {ctx.t(UNCOVERED)}"))
        code = iso3(iri)
        if code and code not in fills:
            fills[code] = Fill(sequential(number / top), tip, ctx.href(iri), hatch=not covered,
                               category="covered" if covered else "uncovered",
                               data={"country": iri, "value": value(r["value"]),
                                     "year": year, "series": series,
                                     "dataset": value(r["dataset"]),
                                     "covered": value(r["covered"])})
    labels = names(ctx, result)
    missing = choropleth(frame, fills, labels)
    frame.ramp = (0, top, "%")
    frame.note = ctx.t("Series: {series}", series="; ".join(sorted(
        {ctx.label(value(r["series"])) for r in result.rows if r["series"] is not None})))
    frame.legend = [LegendItem(ctx.t(UNCOVERED), "#ffffff", "hatch"),
                    LegendItem(f"{ctx.t('no figure')} ({ctx.t(NOT_IN_SOURCE_WORDS)})", NO_DATA)]
    frame.source = ctx.source(query, ctx.sources(datasets=datasets))
    return finish(frame, ctx, "sdg871-map", query, result,
                  _off_map(ctx, fills, missing, labels))


def ratification_map(ctx: Context, params: dict[str, str]) -> Picture:
    """Who ratified a convention and who did not, according to the source each answer comes
    from (query 204); a country that source does not describe is "not covered by this
    source" — light, hatched, its own legend entry — never "not ratified"."""
    query, result = ctx.run("204", params)
    convention = expand(params.get("convention") or default(query, "convention"))
    frame = world(ctx, "ratification-map", query,
                  ctx.t("Ratification of {convention}", convention=ctx.label(convention)))
    colour = {"true": CATEGORICAL[0], "false": CATEGORICAL[1]}
    fills: dict[str, Fill] = {}
    for r in result.rows:
        iri, ok = value(r["country"]), value(r["ratified"])
        code = iso3(iri)
        if code:
            tip = f"{ctx.label(iri)} — {ctx.t(RATIFIED if ok == 'true' else NOT_RATIFIED)}"
            if r["date"] is not None:
                tip += f" ({value(r['date'])})"
            fills[code] = Fill(colour.get(ok, NO_DATA), tip, ctx.href(iri), category=ok or "",
                               data={"country": iri, "ratified": ok,
                                     "date": value(r["date"]), "source": value(r["source"])})
    labels = names(ctx, result)
    missing = choropleth(frame, fills, labels, rest=NOT_IN_SOURCE, rest_hatch=True)
    sources = ctx.sources(datasets={value(r["source"]) or "" for r in result.rows})
    frame.legend = [LegendItem(ctx.t(RATIFIED), colour["true"]),
                    LegendItem(ctx.t(NOT_RATIFIED), colour["false"]),
                    LegendItem(ctx.t(NOT_IN_SOURCE_WORDS), NOT_IN_SOURCE, "hatch-grey")]
    frame.source = ctx.source(query, sources)
    return finish(frame, ctx, "ratification-map", query, result,
                  _off_map(ctx, fills, missing, labels))

