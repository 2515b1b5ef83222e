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

from .svg import NO_DATA, Frame, esc, link

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


def choropleth(frame: Frame, fills: dict[str, Fill], names: dict[str, str]) -> list[str]:
    """Draw every country into ``frame``, the ones in ``fills`` (by ISO3) coloured; return the
    codes of filled countries that have no shape (said in the picture's note too)."""
    data = atlas()
    countries = data["countries"]
    frame.add(f'<rect width="{data["width"]:g}" height="{data["height"]:g}" fill="#f4f8fb"/>')
    dots = []
    for code, shape in countries.items():
        fill = fills.get(code)
        name = names.get(code) or shape["name"]
        if fill is None:
            frame.add(f'<path class="country" data-iso3="{code}" d="{shape["d"]}" '
                      f'fill="{NO_DATA}" stroke="#ffffff" stroke-width=".4">'
                      f'<title>{esc(name)}</title></path>')
            continue
        title = f"<title>{esc(fill.title)}</title>"
        shapes = (f'<path class="country filled" data-iso3="{code}" '
                  f'data-category="{esc(fill.category)}" d="{shape["d"]}" fill="{fill.colour}" '
                  f'stroke="#ffffff" stroke-width=".4">{title}</path>')
        if fill.hatch:
            shapes += (f'<path class="hatch" data-iso3="{code}" d="{shape["d"]}" '
                       f'fill="url(#hatch)" opacity=".55" pointer-events="none"/>')
        frame.add(link(fill.href, shapes))
        if "dot" in shape:
            x, y = shape["dot"]
            dots.append(link(fill.href, f'<circle class="dot" data-iso3="{code}" cx="{x}" '
                                        f'cy="{y}" r="3.2" fill="{fill.colour}" '
                                        f'stroke="#222" stroke-width=".7">{title}</circle>'))
    frame.body.extend(dots)  # dots above every shape
    missing = sorted(c for c in fills if c not in countries)
    if missing:
        frame.note = ("Not on the map (no shape at this scale): "
                      + ", ".join(names.get(c, c) for c in missing))
    return missing
