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
#: a country the source does not describe: lighter than "no data", and hatched, so that it
#: never reads as an answer
NOT_IN_SOURCE = "#f2f2f2"
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
    kind: str = "box"  # box | line | dashed | hatch | hatch-grey | dot
    dash: str = ""  # a line's dash pattern (a vintage of a chart: its own pattern)
    marker: str = ""  # circle | square: the mark drawn on a chart's line


#: the width of one character, as a share of the font size: a little above the mean of a
#: system sans-serif, so that an estimate never falls short of the rendered text (the browser
#: test measures the rendered boxes)
CHAR = 0.6


def text_width(text: str, size: float) -> float:
    """An upper estimate of the rendered width of ``text`` at font size ``size``."""
    wide = sum(1 for c in text if c.isupper() or c in "mwMW—–%")
    return (len(text) + 0.25 * wide) * size * CHAR


def wrap(text: str, width: float, size: float, max_lines: int = 6) -> list[str]:
    """``text`` broken at word boundaries into lines that fit ``width`` at ``size``."""
    chars = max(8, int(width / (size * CHAR * 1.1)))
    return textwrap.wrap(text, chars, max_lines=max_lines, placeholder=" …") or [""]


def shorten(text: str, most: int) -> str:
    """``text`` in at most ``most`` characters: its head and its tail around "…", so that
    labels differing at the end (a year, a number) stay apart."""
    if len(text) <= most:
        return text
    tail = max(4, most // 3)
    return text[:most - tail - 1].rstrip() + "…" + text[-tail:].lstrip()


def shorten_all(texts: list[str], most: int) -> dict[str, str]:
    """Each text shortened (:func:`shorten`) so that no two different texts read the same:
    colliding ones are given more characters until they differ."""
    out = {t: shorten(t, most) for t in texts}
    for _ in range(200):
        seen: dict[str, list[str]] = {}
        for full, short in out.items():
            seen.setdefault(short, []).append(full)
        clash = [fulls for fulls in seen.values() if len(fulls) > 1]
        if not clash:
            return out
        for fulls in clash:
            for full in fulls:
                out[full] = shorten(full, len(out[full]) + 4)
    return out


def data_attrs(data: dict[str, object] | None) -> str:
    """``data-NAME="value"`` attributes of a drawn mark (the values it was drawn from, read
    back by the tests and by scripts: ``None`` is left out)."""
    return "".join(f' data-{k}="{esc(v)}"' for k, v in (data or {}).items() if v is not None)


@dataclass
class Frame:
    """A picture under construction: body elements, legend, title and source line.

    Nothing written around the drawing leaves the picture or overprints another text: the
    title and the source line wrap at word boundaries, the legend keys flow into rows that
    fit the width (their widths estimated on the safe side)."""

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
    #: a note of named items, each a mark with its data attributes: (heading, [(text, data)])
    #: — the countries a map cannot draw are listed, and read back, here
    listed: tuple[str, list[tuple[str, dict[str, object]]]] | None = None

    def add(self, element: str) -> None:
        """Append raw SVG markup to the body."""
        self.body.append(element)

    def _legend_rows(self) -> list[list[tuple[LegendItem, float]]]:
        rows: list[list[tuple[LegendItem, float]]] = [[]]
        x, room = 0.0, self.width - 24
        for item in self.legend:
            lines = wrap(item.text, room - 22, 12, 3)
            w = 22 + max(text_width(line, 12) for line in lines) + 18
            if rows[-1] and x + w > room:
                rows.append([])
                x = 0.0
            rows[-1].append((item, x))
            x += w
        return [r for r in rows if r]

    def render(self) -> str:
        """The whole SVG document as text."""
        w = self.width
        titles = wrap(self.title, w - 24, 16, 4)
        top = 14 + 20 * len(titles)
        rows = self._legend_rows()
        heights = [max(len(wrap(i.text, w - 46, 12, 3)) for i, _ in r) * 15 + 7 for r in rows]
        legend_h = sum(heights) + (44 if self.ramp else 0) + 10
        notes = wrap(self.note, w - 24, 10.5, 6) if self.note else []
        listed = _flow(self.listed, w - 24, 10.5) if self.listed else []
        sources = wrap(self.source, w - 24, 10.5, 6) if self.source else []
        y = top + self.height + 12 + legend_h
        total_h = y + 14 * (len(notes) + len(listed) + len(sources)) + 8
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" '
               f'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {w:g} {total_h:g}" '
               f'width="{w:g}" height="{total_h:g}" role="img" aria-labelledby="pt-{self.kind}" '
               f'data-kind="{esc(self.kind)}" data-query="{esc(self.query)}" '
               f'font-family="{esc(FONT)}" lang="{esc(self.lang)}" class="puentes-picture">',
               f'<title id="pt-{self.kind}">{esc(self.title)}</title>',
               "<defs>" + HATCH + "".join(self.defs) + "</defs>",
               f'<rect width="{w:g}" height="{total_h:g}" fill="#ffffff"/>',
               '<text x="12" y="0" font-size="16" font-weight="600" fill="#1a1a1a" '
               'class="picture-title">' + "".join(
                   f'<tspan x="12" y="{22 + 20 * i}">{esc(line)}</tspan>'
                   for i, line in enumerate(titles)) + "</text>",
               f'<g class="plot" transform="translate(0 {top})">', *self.body, "</g>"]
        out.append(f'<g class="legend" transform="translate(12 {top + self.height + 12:g})">')
        yy = 0.0
        for row, h in zip(rows, heights, strict=True):
            for item, x in row:
                out.append(_swatch(item, x, yy, wrap(item.text, w - 46, 12, 3)))
            yy += h
        if self.ramp:
            out.append(_ramp(*self.ramp, 0, yy))
        out.append("</g>")
        for line in notes:
            y += 14
            out.append(f'<text x="12" y="{y:g}" font-size="10.5" fill="#444" '
                       f'class="note">{esc(line)}</text>')
        for line in listed:
            y += 14
            out.append(f'<text x="12" y="{y:g}" font-size="10.5" fill="#444" '
                       f'class="note listed">{"".join(line)}</text>')
        for line in sources:
            y += 14
            out.append(f'<text x="12" y="{y:g}" font-size="10.5" fill="#444" '
                       f'class="source">{esc(line)}</text>')
        out.append("</svg>")
        return "\n".join(out)


def _flow(listed: tuple[str, list[tuple[str, dict[str, object]]]], width: float,
          size: float) -> list[list[str]]:
    """Lay out a heading and named items (``tspan`` marks) in lines that fit ``width``."""
    heading, items = listed
    lines: list[list[str]] = [[f"<tspan>{esc(heading)}: </tspan>"]]
    x = text_width(heading + ": ", size)
    for i, (text, data) in enumerate(items):
        word = text + ("," if i < len(items) - 1 else "")
        ww = text_width(word + " ", size)
        if x + ww > width and x > 0:
            lines.append([])
            x = 0.0
        lines[-1].append(f'<tspan class="mark"{data_attrs(data)}>{esc(text)}</tspan>'
                         + ("," if i < len(items) - 1 else "") + " ")
        x += ww
    return lines


HATCH = ('<pattern id="hatch" patternUnits="userSpaceOnUse" width="4" height="4" '
         'patternTransform="rotate(45)"><rect width="4" height="4" fill="none"/>'
         '<line x1="0" y1="0" x2="0" y2="4" stroke="#000" stroke-width="1.4"/></pattern>')


def _swatch(item: LegendItem, x: float, y: float, lines: list[str] | None = None) -> str:
    lines = lines or [item.text]
    t = (f'<text x="{x + 22:g}" y="{y + 11:g}" font-size="12" fill="#1a1a1a">'
         + "".join(f'<tspan x="{x + 22:g}" y="{y + 11 + 15 * i:g}">{esc(line)}</tspan>'
                   for i, line in enumerate(lines)) + "</text>")
    if item.kind == "line" or item.kind == "dashed":
        pattern = item.dash or ("5 3" if item.kind == "dashed" else "")
        dash = f' stroke-dasharray="{pattern}"' if pattern else ""
        mark = (f'<circle cx="{x + 8:g}" cy="{y + 7:g}" r="3.5" fill="{item.fill}"/>'
                if item.marker == "circle" else
                f'<rect x="{x + 4.5:g}" y="{y + 3.5:g}" width="7" height="7" fill="{item.fill}"/>'
                if item.marker == "square" else "")
        return (f'<g class="key"><line x1="{x:g}" y1="{y + 7:g}" x2="{x + 16:g}" y2="{y + 7:g}" '
                f'stroke="{item.fill}" stroke-width="2.5"{dash}/>{mark}{t}</g>')
    if item.kind == "dot":
        return (f'<g class="key"><circle cx="{x + 8:g}" cy="{y + 7:g}" r="4.5" '
                f'fill="{item.fill}" stroke="#333" stroke-width=".6"/>{t}</g>')
    extra = ""
    if item.kind in ("hatch", "hatch-grey"):
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
