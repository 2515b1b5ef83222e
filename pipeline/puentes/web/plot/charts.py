"""Indicator charts: values over time (one point per observation) and values side by side."""

from __future__ import annotations

import math
from dataclasses import dataclass

from puentes.web.plot.svg import CATEGORICAL, Frame, LegendItem, esc, fmt, link, sequential


@dataclass
class Point:
    """One observation: x (a year, fractional for months and days), y, its series and
    vintage (the data set), a hover text and a link."""

    x: float
    y: float
    series: str
    vintage: str
    title: str
    iri: str = ""
    href: str | None = None


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    start = math.floor(lo / step) * step
    return [round(start + i * step, 6) for i in range(int((hi - start) / step) + 2)
            if start + i * step <= hi + step / 2]


def line_chart(frame: Frame, points: list[Point], unit: str = "%") -> None:
    """Lines per (series, vintage): colour tells the series (sex, age, definition), the dash
    tells the vintage (source); one circle per observation."""
    w, h, left, bottom = frame.width, frame.height, 56, 30
    if not points:
        frame.add(f'<text x="{w / 2:g}" y="{h / 2:g}" text-anchor="middle" font-size="14" '
                  f'class="empty">{esc(frame.note or "—")}</text>')
        return
    xs, ys = [p.x for p in points], [p.y for p in points]
    x0, x1 = math.floor(min(xs)) - 0.5, math.ceil(max(xs)) + 0.5
    yt = _ticks(0, max(ys) * 1.1 or 1)
    y1 = yt[-1]

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (w - left - 20)

    def py(y: float) -> float:
        return (h - bottom) - y / y1 * (h - bottom - 10)

    for t in yt:
        frame.add(f'<line x1="{left}" x2="{w - 20:g}" y1="{py(t):.1f}" y2="{py(t):.1f}" '
                  f'stroke="#e3e3e3"/><text x="{left - 6}" y="{py(t) + 4:.1f}" font-size="11" '
                  f'text-anchor="end">{fmt(t)}{esc(unit)}</text>')
    step = max(1, round((x1 - x0) / 10))
    for year in range(math.ceil(x0), math.floor(x1) + 1, step):
        frame.add(f'<text x="{px(year):.1f}" y="{h - bottom + 16:g}" font-size="11" '
                  f'text-anchor="middle">{year}</text>')
    frame.add(f'<line x1="{left}" x2="{w - 20:g}" y1="{py(0):.1f}" y2="{py(0):.1f}" '
              f'stroke="#333"/>')
    series = sorted({p.series for p in points})
    vintages = sorted({p.vintage for p in points})
    colour = {s: CATEGORICAL[i % len(CATEGORICAL)] for i, s in enumerate(series)}
    dashes = ["", "6 3", "2 3", "8 3 2 3"]
    dash = {v: dashes[i % len(dashes)] for i, v in enumerate(vintages)}
    for s in series:
        for v in vintages:
            line = sorted((p for p in points if p.series == s and p.vintage == v),
                          key=lambda p: p.x)
            if len(line) > 1:
                d = " ".join(f"{px(p.x):.1f},{py(p.y):.1f}" for p in line)
                extra = f' stroke-dasharray="{dash[v]}"' if dash[v] else ""
                frame.add(f'<polyline class="series" points="{d}" fill="none" '
                          f'stroke="{colour[s]}" stroke-width="2"{extra}/>')
    for p in points:
        marker = "circle" if dash[p.vintage] == "" else "rect"
        cx, cy = px(p.x), py(p.y)
        shape = (f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="4"'
                 if marker == "circle" else
                 f'<rect class="point" x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" '
                 f'height="7"')
        frame.add(link(p.href, f'{shape} data-iri="{esc(p.iri)}" fill="{colour[p.series]}" '
                               f'stroke="#fff" stroke-width="1"><title>{esc(p.title)}</title>'
                               f'</{marker}>'))
    frame.legend += [LegendItem(s, colour[s], "line") for s in series]
    frame.legend += [LegendItem(v, "#333", "dashed" if dash[v] else "line") for v in vintages]


@dataclass
class Bar:
    """One bar: a label, a value (None: no figure), a hover text and a link."""

    label: str
    value: float | None
    title: str
    iri: str = ""
    href: str | None = None


def bar_chart(frame: Frame, bars: list[Bar], unit: str = "%", missing: str = "") -> None:
    """Horizontal bars, largest first, coloured on the sequential scale; bars without a value
    are listed in the note."""
    have = sorted((b for b in bars if b.value is not None), key=lambda b: (-b.value, b.label))
    none = sorted(b.label for b in bars if b.value is None)
    top = max((b.value for b in have), default=1.0) or 1.0
    left, row = 170, (frame.height - 20) / max(len(have), 1)
    for i, b in enumerate(have):
        y = 6 + i * row
        wbar = (frame.width - left - 60) * b.value / top
        frame.add(f'<text x="{left - 6}" y="{y + row * .65:.1f}" font-size="11" '
                  f'text-anchor="end">{esc(b.label[:28])}</text>')
        frame.add(link(b.href, f'<rect class="bar" data-iri="{esc(b.iri)}" x="{left}" '
                               f'y="{y:.1f}" width="{wbar:.1f}" height="{row * .75:.1f}" '
                               f'fill="{sequential(b.value / top)}"><title>{esc(b.title)}'
                               f'</title></rect>'))
        frame.add(f'<text x="{left + wbar + 4:.1f}" y="{y + row * .65:.1f}" font-size="11">'
                  f'{fmt(b.value)}{esc(unit)}</text>')
    frame.ramp = (0, top, unit)
    if none:
        frame.note = f"{missing}: " + ", ".join(none)
