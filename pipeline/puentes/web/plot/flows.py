"""Cooperation flows: a circular network with regions as groups (a chord-like diagram).

Countries and organisations sit on a circle, grouped by world region (organisations without
a region form their own group); each flow is a curve from source to target through the
middle, with an arrow at the learner's or partner's end, coloured by kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from puentes.web.plot.svg import CATEGORICAL, Frame, LegendItem, esc, link, shorten_all, text_width


@dataclass
class Edge:
    """One flow: source, target (IRIs), the kind (south-south, peer-learning, triangular),
    what it is (the exchange or initiative IRI) and a hover text."""

    source: str
    target: str
    kind: str
    link: str
    title: str
    href: str | None = None


#: node labels: their font size, at most this many characters, the room along the circle
#: each needs (a line of text and a little air) and the gap between groups (radians)
NODE_FONT, NODE_CHARS, NODE_ROOM, GAP = 10.0, 26, 15.0, 0.12
GROUP_FONT = 12.0


def _geometry(names: list[str], groups: list[str]) -> tuple[float, float, float]:
    """The circle's radius, the room its node labels take outwards, and the room the group
    labels take beyond them — what the picture's size follows from."""
    total = 2 * math.pi - GAP * len(groups)
    r = max(120.0, NODE_ROOM * len(names) / max(total, 1.0))
    labels = shorten_all(names, NODE_CHARS).values()
    room = max((text_width(s, NODE_FONT) for s in labels), default=40.0) + 12
    group_room = max((text_width(g.lstrip("~"), GROUP_FONT) for g in groups), default=40.0)
    return r, room, group_room


def flow_size(nodes: list[str], names: dict[str, str], groups: list[str]) -> tuple[float, float]:
    """The width and height the diagram needs so that no label leaves it: the circle, the
    node labels around it, the group labels around those (pushed out up to four steps)."""
    r, room, group_room = _geometry([names.get(n, n) for n in nodes], groups)
    out = r + room + 10 + 4 * 16
    return 2 * (out + group_room + 16), 2 * (out + 20)


def flow_diagram(frame: Frame, edges: list[Edge], group_of: dict[str, str],
                 names: dict[str, str], kinds: dict[str, str],
                 hrefs: dict[str, str | None]) -> None:
    """Draw the network: ``group_of`` maps a node IRI to its group's name, ``kinds`` a kind
    to its legend text. Node labels radiate from the circle, shortened so that no two read
    alike; each group's label sits beyond them, pushed outwards while it would touch the
    label of the group before (estimated boxes; the browser test measures the real ones)."""
    nodes = sorted({e.source for e in edges} | {e.target for e in edges},
                   key=lambda n: (group_of.get(n, "~"), names.get(n, n)))
    groups = sorted({group_of.get(n, "~") for n in nodes})
    cx, cy = frame.width / 2, frame.height / 2
    r, room, _ = _geometry([names.get(n, n) for n in nodes], groups)
    total = 2 * math.pi - GAP * len(groups)
    angle: dict[str, float] = {}
    a = -math.pi / 2
    placed: list[tuple[float, float, float, float]] = []
    for g in groups:
        members = [n for n in nodes if group_of.get(n, "~") == g]
        span = total * len(members) / max(len(nodes), 1)
        start = a
        for i, n in enumerate(members):
            angle[n] = a + span * (i + 0.5) / len(members)
        a += span + GAP
        mid = (start + a - GAP) / 2
        frame.add(f'<path class="group" d="{_arc(cx, cy, r + 6, start, a - GAP)}" '
                  f'fill="none" stroke="#888" stroke-width="5"/>')
        label = g.lstrip("~") or "—"  # "~…": the group of nodes without a region, last
        w = text_width(label, GROUP_FONT)
        for step in range(5):
            radius = r + room + 10 + 16 * step
            gx, gy = cx + radius * math.cos(mid), cy + radius * math.sin(mid) + 4
            # anchored on the side facing away from the circle
            x0 = gx if math.cos(mid) > 0.2 else gx - w if math.cos(mid) < -0.2 else gx - w / 2
            box = (x0, gy - GROUP_FONT, x0 + w, gy + 3)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in placed):
                break
        placed.append(box)
        frame.add(f'<text class="group-label" x="{x0:.1f}" y="{gy:.1f}" '
                  f'font-size="{GROUP_FONT:g}" font-weight="600" fill="#555">{esc(label)}'
                  f'</text>')
    colour = {k: CATEGORICAL[i % len(CATEGORICAL)] for i, k in enumerate(sorted(kinds))}
    for k, c in colour.items():
        frame.defs.append(f'<marker id="arrow-{k}" viewBox="0 0 10 10" refX="9" refY="5" '
                          f'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
                          f'<path d="M0 0L10 5L0 10z" fill="{c}"/></marker>')
    for e in edges:
        a1, a2 = angle[e.source], angle[e.target]
        x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
        x2, y2 = cx + r * math.cos(a2), cy + r * math.sin(a2)
        c = colour.get(e.kind, "#333")
        frame.add(link(e.href, f'<path class="edge mark" data-kind="{esc(e.kind)}" '
                               f'data-link="{esc(e.link)}" data-source="{esc(e.source)}" '
                               f'data-target="{esc(e.target)}" d="M{x1:.1f} {y1:.1f}Q{cx:.1f} '
                               f'{cy:.1f} {x2:.1f} {y2:.1f}" fill="none" stroke="{c}" '
                               f'stroke-opacity=".7" stroke-width="1.6" '
                               f'marker-end="url(#arrow-{e.kind})"><title>{esc(e.title)}'
                               f'</title></path>'))
    short = shorten_all([names.get(n, n) for n in nodes], NODE_CHARS)
    for n in nodes:
        t = angle[n]
        x, y = cx + r * math.cos(t), cy + r * math.sin(t)
        deg = math.degrees(t)
        flip = 90 < (deg % 360) < 270
        lx, ly = cx + (r + 12) * math.cos(t), cy + (r + 12) * math.sin(t)
        rot = deg + 180 if flip else deg
        anchor = "end" if flip else "start"
        name = names.get(n, n)
        frame.add(link(hrefs.get(n), f'<g class="node" data-iri="{esc(n)}">'
                                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#333">'
                                     f'<title>{esc(name)}</title></circle>'
                                     f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="{NODE_FONT:g}" '
                                     f'dominant-baseline="middle" text-anchor="{anchor}" '
                                     f'transform="rotate({rot:.1f} {lx:.1f} {ly:.1f})">'
                                     f'{esc(short[name])}</text></g>'))
    frame.legend += [LegendItem(kinds[k], colour[k], "line") for k in sorted(kinds)]


def _arc(cx: float, cy: float, r: float, a0: float, a1: float) -> str:
    x0, y0 = cx + r * math.cos(a0), cy + r * math.sin(a0)
    x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
    large = 1 if a1 - a0 > math.pi else 0
    return f"M{x0:.1f} {y0:.1f}A{r:.1f} {r:.1f} 0 {large} 1 {x1:.1f} {y1:.1f}"
