"""The SVG document every picture shares: frame, title, legend, source line, colours.

Colours are readable by colour-blind people: a sequential viridis scale for quantities and the
Okabe–Ito palette for categories (Wong, *Nature Methods* 8, 441, 2011).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
NO_DATA = "#d9d9d9"
#: viridis, sampled at 9 stops (matplotlib's table)
VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962",
           "#addc30", "#fde725"]
#: Okabe–Ito: distinguishable under the common colour-vision deficiencies
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
               "#000000"]


def esc(text: object) -> str:
    """Text escaped for SVG content and attribute values."""
    return escape(str(text), {'"': "&quot;"})


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


def viridis(t: float) -> str:
    """The viridis colour at ``t`` in [0, 1] (clamped), dark for low values."""
    t = min(1.0, max(0.0, t)) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    return _mix(VIRIDIS[i], VIRIDIS[i + 1], t - i)


def sequential(t: float) -> str:
    """The colour of a quantity: viridis reversed, so that more is darker on a light page."""
    return viridis(1.0 - t)


@dataclass
class LegendItem:
    """One key of a legend: a swatch (fill, optional hatch or dash) and its text."""

    text: str
    fill: str
    kind: str = "box"  # box | line | dashed | hatch | dot


@dataclass
class Frame:
    """A picture under construction: body elements, legend, title and source line."""

    width: float
    height: float
    title: str
    kind: str
    query: str
    lang: str = "en"
    body: list[str] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    ramp: tuple[float, float, str] | None = None  # (low, high, unit) for a colour ramp
    source: str = ""
    note: str = ""
    defs: list[str] = field(default_factory=list)

    def add(self, element: str) -> None:
        """Append raw SVG markup to the body."""
        self.body.append(element)

    def render(self) -> str:
        """The whole SVG document as text."""
        top = 34
        legend_h = 22 * ((len(self.legend) + 2) // 3) + (44 if self.ramp else 0) + 10
        chars = max(40, int(self.width / 6.2))
        notes = textwrap.wrap(self.note, chars, max_lines=4, placeholder=" …") if self.note \
            else []
        total_h = top + self.height + legend_h + 34 + 14 * max(0, len(notes) - 1)
        w = self.width
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" '
               f'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {w:g} {total_h:g}" '
               f'width="{w:g}" height="{total_h:g}" role="img" aria-labelledby="pt-{self.kind}" '
               f'data-kind="{esc(self.kind)}" data-query="{esc(self.query)}" '
               f'font-family="{esc(FONT)}" lang="{esc(self.lang)}" class="puentes-picture">',
               f'<title id="pt-{self.kind}">{esc(self.title)}</title>',
               "<defs>" + HATCH + "".join(self.defs) + "</defs>",
               f'<rect width="{w:g}" height="{total_h:g}" fill="#ffffff"/>',
               f'<text x="12" y="22" font-size="16" font-weight="600" fill="#1a1a1a" '
               f'class="picture-title">{esc(self.title)}</text>',
               f'<g class="plot" transform="translate(0 {top})">', *self.body, "</g>"]
        y = top + self.height + 12
        out.append(f'<g class="legend" transform="translate(12 {y:g})">')
        for i, item in enumerate(self.legend):
            x, yy = (i % 3) * (w - 24) / 3, (i // 3) * 22
            out.append(_swatch(item, x, yy))
        if self.ramp:
            out.append(_ramp(*self.ramp, 0, 22 * ((len(self.legend) + 2) // 3)))
        out.append("</g>")
        for i, line in enumerate(notes):
            y_note = total_h - 24 - 14 * (len(notes) - 1 - i)
            out.append(f'<text x="12" y="{y_note:g}" font-size="10.5" fill="#444" '
                       f'class="note">{esc(line)}</text>')
        out.append(f'<text x="12" y="{total_h - 9:g}" font-size="10.5" fill="#444" '
                   f'class="source">{esc(self.source)}</text>')
        out.append("</svg>")
        return "\n".join(out)


HATCH = ('<pattern id="hatch" patternUnits="userSpaceOnUse" width="4" height="4" '
         'patternTransform="rotate(45)"><rect width="4" height="4" fill="none"/>'
         '<line x1="0" y1="0" x2="0" y2="4" stroke="#000" stroke-width="1.4"/></pattern>')


def _swatch(item: LegendItem, x: float, y: float) -> str:
    t = f'<text x="{x + 22:g}" y="{y + 11:g}" font-size="12" fill="#1a1a1a">{esc(item.text)}</text>'
    if item.kind == "line" or item.kind == "dashed":
        dash = ' stroke-dasharray="5 3"' if item.kind == "dashed" else ""
        return (f'<g class="key"><line x1="{x:g}" y1="{y + 7:g}" x2="{x + 16:g}" y2="{y + 7:g}" '
                f'stroke="{item.fill}" stroke-width="2.5"{dash}/>{t}</g>')
    if item.kind == "dot":
        return (f'<g class="key"><circle cx="{x + 8:g}" cy="{y + 7:g}" r="4.5" '
                f'fill="{item.fill}" stroke="#333" stroke-width=".6"/>{t}</g>')
    extra = ""
    if item.kind == "hatch":
        extra = (f'<rect x="{x:g}" y="{y:g}" width="16" height="14" fill="url(#hatch)" '
                 f'opacity=".55"/>')
    return (f'<g class="key"><rect x="{x:g}" y="{y:g}" width="16" height="14" '
            f'fill="{item.fill}" stroke="#666" stroke-width=".5"/>{extra}{t}</g>')


def _ramp(low: float, high: float, unit: str, x: float, y: float) -> str:
    stops = "".join(f'<stop offset="{i / 8:g}" stop-color="{sequential(i / 8)}"/>'
                    for i in range(9))
    return (f'<g class="ramp"><defs><linearGradient id="ramp">{stops}</linearGradient></defs>'
            f'<rect x="{x:g}" y="{y:g}" width="220" height="12" fill="url(#ramp)"/>'
            f'<text x="{x:g}" y="{y + 26:g}" font-size="11">{fmt(low)}{esc(unit)}</text>'
            f'<text x="{x + 220:g}" y="{y + 26:g}" font-size="11" text-anchor="end">'
            f'{fmt(high)}{esc(unit)}</text></g>')


def fmt(value: float) -> str:
    """A number as a person reads it: no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def link(href: str | None, inner: str) -> str:
    """Wrap ``inner`` in an SVG link when there is a target (clickable in a browser)."""
    if not href:
        return inner
    return f'<a href="{esc(href)}" xlink:href="{esc(href)}">{inner}</a>'
