"""Indicator charts: values over time (one point per observation) and values side by side."""

from __future__ import annotations

import math
from dataclasses import dataclass

from puentes.web.plot.svg import (
    CATEGORICAL,
    Frame,
    LegendItem,
    data_attrs,
    esc,
    fmt,
    link,
    sequential,
    shorten_all,
    text_width,
)


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
    data: dict[str, object] | None = None  # the values it was drawn from


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    start = math.floor(lo / step) * step
    return [round(start + i * step, 6) for i in range(int((hi - start) / step) + 2)
            if start + i * step <= hi + step / 2]


def line_chart(frame: Frame, points: list[Point], unit: str = "%",
               box: tuple[float, float, float, float] | None = None,
               heading: str = "", y_max: float | None = None, keys: bool = True,
               styles: tuple[dict[str, str], dict[str, str]] | None = None) -> None:
    """Lines per (series, vintage) in ``box`` (x, y, width, height; the whole plot area by
    default): colour tells the series (sex, age, definition), the dash tells the vintage
    (source); one mark per observation carrying its value, year and series. ``heading``
    titles a small multiple; ``y_max`` shares one scale between panels; ``styles`` shares
    the colours and dashes (series → colour, vintage → dash)."""
    bx, by, w, h = box or (0.0, 0.0, frame.width, frame.height)
    left, bottom, top = 56, 30, 22 if heading else 10
    if heading:
        frame.add(f'<text class="panel-title" x="{bx + left:g}" y="{by + 13:g}" '
                  f'font-size="12" font-weight="600">{esc(heading)}</text>')
    if not points:
        frame.add(f'<text x="{bx + w / 2:g}" y="{by + h / 2:g}" text-anchor="middle" '
                  f'font-size="14" class="empty">{esc(frame.note or "—")}</text>')
        return
    xs, ys = [p.x for p in points], [p.y for p in points]
    x0, x1 = math.floor(min(xs)) - 0.5, math.ceil(max(xs)) + 0.5
    yt = _ticks(0, (y_max or max(ys) * 1.1) or 1)
    y1 = yt[-1]

    def px(x: float) -> float:
        return bx + left + (x - x0) / (x1 - x0) * (w - left - 20)

    def py(y: float) -> float:
        return by + (h - bottom) - y / y1 * (h - bottom - top)

    for t in yt:
        frame.add(f'<line x1="{bx + left:g}" x2="{bx + w - 20:g}" y1="{py(t):.1f}" '
                  f'y2="{py(t):.1f}" stroke="#e3e3e3"/><text x="{bx + left - 6:g}" '
                  f'y="{py(t) + 4:.1f}" font-size="11" text-anchor="end">{fmt(t)}{esc(unit)}'
                  f'</text>')
    # a year label every `step` years, so that labels (about 30 units wide) never touch
    room = max((w - left - 20) / max(x1 - x0, 1), 1)
    step = max(1, math.ceil(36 / room))
    for year in range(math.ceil(x0), math.floor(x1) + 1, step):
        frame.add(f'<text x="{px(year):.1f}" y="{by + h - bottom + 16:g}" font-size="11" '
                  f'text-anchor="middle">{year}</text>')
    frame.add(f'<line x1="{bx + left:g}" x2="{bx + w - 20:g}" y1="{py(0):.1f}" '
              f'y2="{py(0):.1f}" stroke="#333"/>')
    series = sorted({p.series for p in points})
    vintages = sorted({p.vintage for p in points})
    dashes = ["", "6 3", "2 3", "8 3 2 3"]
    colour, dash = styles or ({}, {})
    for s in series:
        colour.setdefault(s, CATEGORICAL[len(colour) % len(CATEGORICAL)])
    for v in vintages:
        dash.setdefault(v, dashes[len(dash) % len(dashes)])
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
        shape = (f'<circle class="point mark" cx="{cx:.1f}" cy="{cy:.1f}" r="4"'
                 if marker == "circle" else
                 f'<rect class="point mark" x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" '
                 f'height="7"')
        frame.add(link(p.href, f'{shape} data-iri="{esc(p.iri)}"{data_attrs(p.data)} '
                               f'fill="{colour[p.series]}" stroke="#fff" stroke-width="1">'
                               f'<title>{esc(p.title)}</title></{marker}>'))
    if keys:
        have = {k.text for k in frame.legend}
        frame.legend += [LegendItem(s, colour[s], "line") for s in series if s not in have]
        frame.legend += [LegendItem(v, "#333", "dashed" if dash[v] else "line", dash[v],
                                    "square" if dash[v] else "circle")
                         for v in vintages if v not in have]


@dataclass
class Bar:
    """One bar: a label, a value (None: no figure), the text written after it (the value
    and its year), a hover text, a link and the values it was drawn from."""

    label: str
    value: float | None
    title: str
    iri: str = ""
    href: str | None = None
    after: str = ""
    data: dict[str, object] | None = None


def bar_chart(frame: Frame, bars: list[Bar], unit: str = "%", missing: str = "") -> None:
    """Horizontal bars, largest first, coloured on the sequential scale, each with its value
    and year written after it; labels in full where they fit, else shortened so that no two
    read the same. Bars without a value are listed (and marked) under the chart."""
    have = sorted((b for b in bars if b.value is not None), key=lambda b: (-b.value, b.label))
    none = sorted((b for b in bars if b.value is None), key=lambda b: b.label)
    top = max((b.value for b in have), default=1.0) or 1.0
    after = max((text_width(b.after or fmt(b.value) + unit, 11) for b in have), default=40)
    most = max(8, int(frame.width * 0.3 / (11 * 0.6)))
    short = shorten_all([b.label for b in have], most)
    left = min(max((text_width(s, 11) for s in short.values()), default=40) + 14,
               frame.width * 0.34)
    row = (frame.height - 20) / max(len(have), 1)
    for i, b in enumerate(have):
        y = 6 + i * row
        wbar = max((frame.width - left - after - 16) * b.value / top, 1)
        frame.add(f'<text class="bar-label" x="{left - 6:.1f}" y="{y + row * .65:.1f}" '
                  f'font-size="11" text-anchor="end">{esc(short[b.label])}</text>')
        frame.add(link(b.href, f'<rect class="bar mark" data-iri="{esc(b.iri)}"'
                               f'{data_attrs(b.data)} x="{left:.1f}" y="{y:.1f}" '
                               f'width="{wbar:.1f}" height="{row * .75:.1f}" '
                               f'fill="{sequential(b.value / top)}"><title>{esc(b.title)}'
                               f'</title></rect>'))
        frame.add(f'<text class="bar-value" x="{left + wbar + 4:.1f}" '
                  f'y="{y + row * .65:.1f}" font-size="11">'
                  f'{esc(b.after or fmt(b.value) + unit)}</text>')
    frame.ramp = (0, top, unit)
    if none:
        frame.listed = (missing, [(b.label, dict(b.data or {})) for b in none])
