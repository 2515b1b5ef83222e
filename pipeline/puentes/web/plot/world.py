"""The world choropleth: one SVG path per country, from the vendored Natural Earth shapes.

``static/maps/world.json`` holds the shapes already projected (Equal Earth, 960 units wide)
and simplified, keyed by ISO 3166-1 alpha-3 — built once by
``scripts/vendor_world_atlas.py`` from the npm package world-atlas (see the README there).
Countries too small to see get a dot at their centroid.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from puentes.web.plot.svg import NO_DATA, Frame, data_attrs, esc, link

ATLAS = Path(__file__).resolve().parents[1] / "static" / "maps" / "world.json"
_ISO3 = re.compile(r"/country/([A-Z]{3})$")


@lru_cache(maxsize=1)
def atlas() -> dict:
    """The vendored shapes: ``{"width", "height", "source", "countries": {ISO3: …}}``."""
    return json.loads(ATLAS.read_text(encoding="utf-8"))


def iso3(iri: str) -> str | None:
    """The ISO 3166-1 alpha-3 code in a country IRI (``…/id/country/GHA`` → ``GHA``)."""
    m = _ISO3.search(iri)
    return m.group(1) if m else None


@dataclass
class Fill:
    """How one country is drawn: its colour, hover text, link and whether it is hatched."""

    colour: str
    title: str
    href: str | None = None
    hatch: bool = False
    category: str = ""
    data: dict[str, object] | None = None  # the values it was drawn from (data-* attributes)


_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


@lru_cache(maxsize=1)
def boxes() -> dict[str, tuple[float, float, float, float]]:
    """The bounding box of every country's shape (x0, y0, x1, y1), in map units."""
    out = {}
    for code, shape in atlas()["countries"].items():
        nums = [float(n) for n in _NUMBERS.findall(shape["d"])]
        xs, ys = nums[0::2], nums[1::2]
        out[code] = (min(xs), min(ys), max(xs), max(ys))
    return out


def crop(codes: set[str], pad: float = 0.12, min_width: float = 260) -> tuple[float, ...]:
    """A view box (x, y, width, height) around ``codes``, padded, at least ``min_width``
    wide, with the world map's proportions; the whole world when none has a shape."""
    data = atlas()
    width, height = data["width"], data["height"]
    found = [boxes()[c] for c in codes if c in boxes()]
    if not found:
        return (0.0, 0.0, width, height)
    x0 = max(0.0, min(b[0] for b in found))
    y0 = max(0.0, min(b[1] for b in found))
    x1 = min(width, max(b[2] for b in found))
    y1 = min(height, max(b[3] for b in found))
    w = max((x1 - x0) * (1 + 2 * pad), min_width, (y1 - y0) * (1 + 2 * pad) * width / height)
    w = min(w, width)
    h = w * height / width
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x = min(max(0.0, cx - w / 2), width - w)
    y = min(max(0.0, cy - h / 2), height - h)
    return (round(x, 1), round(y, 1), round(w, 1), round(h, 1))


def choropleth(frame: Frame, fills: dict[str, Fill], names: dict[str, str],
               zoom: bool = False, rest: str = NO_DATA, rest_hatch: bool = False) -> list[str]:
    """Draw the countries into ``frame``, the ones in ``fills`` (by ISO3) coloured, the rest
    in ``rest`` (hatched with ``rest_hatch``: a country the source does not describe); with
    ``zoom``, only the part of the world around them (the countries in view). Return the
    codes of filled countries that have no shape (the picture lists them)."""
    data = atlas()
    countries = data["countries"]
    x, y, w, h = crop(set(fills)) if zoom else (0.0, 0.0, data["width"], data["height"])
    frame.add(f'<svg class="map" x="0" y="0" width="{frame.width:g}" height="{frame.height:g}" '
              f'viewBox="{x:g} {y:g} {w:g} {h:g}" preserveAspectRatio="xMidYMid meet">')
    frame.add(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="#f4f8fb"/>')
    dots = []
    scale = w / data["width"]  # strokes and dots keep their size when zoomed in
    for code, shape in countries.items():
        b = boxes()[code]
        if zoom and (b[2] < x or b[0] > x + w or b[3] < y or b[1] > y + h):
            continue
        fill = fills.get(code)
        name = names.get(code) or shape["name"]
        if fill is None:
            frame.add(f'<path class="country" data-iso3="{code}" d="{shape["d"]}" '
                      f'fill="{rest}" stroke="#ffffff" stroke-width="{.4 * scale:.2f}">'
                      f'<title>{esc(name)}</title></path>')
            if rest_hatch:
                frame.add(f'<path class="hatch rest" d="{shape["d"]}" fill="url(#hatch)" '
                          f'opacity=".18" pointer-events="none"/>')
            continue
        title = f"<title>{esc(fill.title)}</title>"
        shapes = (f'<path class="country filled mark" data-iso3="{code}" '
                  f'data-category="{esc(fill.category)}"{data_attrs(fill.data)} '
                  f'd="{shape["d"]}" fill="{fill.colour}" '
                  f'stroke="#ffffff" stroke-width="{.4 * scale:.2f}">{title}</path>')
        if fill.hatch:
            shapes += (f'<path class="hatch" data-iso3="{code}" d="{shape["d"]}" '
                       f'fill="url(#hatch)" opacity=".55" pointer-events="none"/>')
        frame.add(link(fill.href, shapes))
        if "dot" in shape:
            dx, dy = shape["dot"]
            dots.append(link(fill.href, f'<circle class="dot" data-iso3="{code}" cx="{dx}" '
                                        f'cy="{dy}" r="{3.2 * scale:.2f}" fill="{fill.colour}" '
                                        f'stroke="#222" stroke-width="{.7 * scale:.2f}">'
                                        f'{title}</circle>'))
    frame.body.extend(dots)  # dots above every shape
    frame.add("</svg>")
    return sorted(c for c in fills if c not in countries)
