"""The indicator kinds: a country's SDG 8.7.1 over time (the default selection — both
sexes, ages 5–17 — large, every other sex and age group as a small multiple on the same
scale) and a body's members side by side (ILOSTAT's latest figure, its year on each bar)."""

from __future__ import annotations

import math
import re

from puentes.namespaces import BASE
from puentes.web.plot.charts import Bar, Point, bar_chart, line_chart
from puentes.web.plot.context import Context, Picture, expand, finish, frame, value
from puentes.web.plot.svg import fmt, shorten_all
from puentes.web.plot.timeline import year_of

#: the selection drawn large (the one the latest figure of 009, 102, 106, 203 and 208 uses)
MAIN_SEX = f"{BASE}scheme/sex/total"
MAIN_AGE = f"{BASE}scheme/age-group/5-17"
WIDTH, MAIN_H, PANEL_H, PER_ROW = 860.0, 300.0, 170.0, 3


def sdg871_chart(ctx: Context, params: dict[str, str]) -> Picture:
    """A country's SDG 8.7.1 figures over time, one mark per observation (query 207)."""
    query, result = ctx.run("207", params)
    country = ctx.label(expand(params.get("country")))
    groups: dict[tuple[str, str], list[Point]] = {}
    sources = ctx.sources(datasets={value(r["dataset"]) or "" for r in result.rows})
    short = shorten_all([s.title for s in sources], 64)
    vintages = {s.iri: short[s.title] for s in sources}
    datasets = set()
    for r in result.rows:
        sex, age = value(r["sex"]) or "", value(r["age"]) or ""
        series = ctx.label(value(r["series"]))
        vintage = vintages.get(value(r["dataset"]) or "", "?")
        datasets.add(value(r["dataset"]) or "")
        number, year = float(value(r["value"])), value(r["period"])
        obs = value(r["obs"])
        groups.setdefault((sex, age), []).append(Point(
            year_of(year) or 0, number, series, vintage,
            f"{year}: {fmt(number)}% — {series}, {ctx.label(sex)}, {ctx.label(age)} "
            f"({vintage})", obs, ctx.href(obs),
            {"obs": obs, "value": value(r["value"]), "year": year, "series": value(r["series"]),
             "sex": sex or None, "age": age or None, "dataset": value(r["dataset"])}))
    main = groups.pop((MAIN_SEX, MAIN_AGE), [])
    others = sorted(groups.items(), key=lambda kv: (kv[0][0] != MAIN_SEX, ctx.label(kv[0][0]),
                                                    _ages(kv[0][1])))
    rows = math.ceil(len(others) / PER_ROW)
    height = MAIN_H + (34 + rows * PANEL_H if others else 0)
    pic = frame(ctx, "sdg871-chart", query,
                ctx.t("SDG 8.7.1 in {country} over time", country=country), WIDTH, height)
    top = max((p.y for ps in [main, *groups.values()] for p in ps), default=1.0) * 1.1
    styles: tuple[dict[str, str], dict[str, str]] = ({}, {})
    heading = f"{ctx.label(MAIN_SEX)}, {ctx.label(MAIN_AGE)}"
    if not result.rows:
        pic.note = ctx.t("no figure")
    line_chart(pic, main, box=(0, 0, WIDTH, MAIN_H), heading=heading, y_max=top,
               styles=styles)
    if others:
        pic.add(f'<text class="panel-group" x="12" y="{MAIN_H + 22:g}" font-size="13" '
                f'font-weight="600">{ctx.t("Other sexes and age groups")}</text>')
    panel_w = WIDTH / PER_ROW
    for i, ((sex, age), points) in enumerate(others):
        box = ((i % PER_ROW) * panel_w, MAIN_H + 34 + (i // PER_ROW) * PANEL_H, panel_w,
               PANEL_H)
        line_chart(pic, points, box=box, heading=f"{ctx.label(sex)}, {ctx.label(age)}",
                   y_max=top, styles=styles)
    pic.source = ctx.source(query, sources)
    return finish(pic, ctx, "sdg871-chart", query, result)


def _ages(iri: str) -> tuple[int, ...]:
    """An age group's bounds, to order panels as people read them (5–11, 12–14, 15–17)."""
    return tuple(int(n) for n in re.findall(r"\d+", iri.rsplit("/", 1)[-1]))


def members_chart(ctx: Context, params: dict[str, str]) -> Picture:
    """ILOSTAT's latest SDG 8.7.1 figure of each current member of a body (query 208), its
    year after each bar; members without a figure listed under the chart."""
    query, result = ctx.run("208", params)
    body = ctx.label(expand(params.get("body")))
    bars: dict[str, Bar] = {}
    datasets = set()
    for r in result.rows:
        c = value(r["country"])
        if c in bars:  # one figure per member (query 208 gives one); never a second bar
            continue
        number = float(value(r["value"])) if r["value"] is not None else None
        year, series = value(r["period"]), value(r["series"])
        datasets.add(value(r["dataset"]) or "")
        after = (ctx.t("{value}% in {year}", value=fmt(number), year=year)
                 if number is not None else "")
        tip = ctx.label(c) + (f": {after} ({ctx.label(series)})" if number is not None
                              else f": {ctx.t('no figure')}")
        bars[c] = Bar(ctx.label(c), number, tip, c, ctx.href(c), after,
                      {"country": c, "value": value(r["value"]), "year": year,
                       "series": series, "dataset": value(r["dataset"])})
    have = sum(1 for b in bars.values() if b.value is not None)
    pic = frame(ctx, "members-chart", query,
                ctx.t("SDG 8.7.1 among the members of {body} (latest figure)", body=body),
                WIDTH, max(80.0, 30 + 20.0 * have))
    bar_chart(pic, list(bars.values()), "%", ctx.t("no figure"))
    series = sorted({ctx.label(value(r["series"])) for r in result.rows if r["series"] is not None})
    if series:
        pic.note = ctx.t("Series: {series}", series="; ".join(series))
    pic.source = ctx.source(query, ctx.sources(datasets=datasets))
    return finish(pic, ctx, "members-chart", query, result)
