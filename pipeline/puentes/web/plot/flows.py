"""Cooperation flows: a circular network with regions as groups (a chord-like diagram).

Countries and organisations sit on a circle, grouped by world region (organisations without
a region form their own group); each flow is a curve from source to target through the
middle, with an arrow at the learner's or partner's end, coloured by kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from puentes.web.plot.svg import CATEGORICAL, Frame, LegendItem, esc, link, shorten_all


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


def flow_diagram(frame: Frame, edges: list[Edge], group_of: dict[str, str],
                 names: dict[str, str], kinds: dict[str, str],
                 hrefs: dict[str, str | None]) -> None:
    """Draw the network: ``group_of`` maps a node IRI to its group's name, ``kinds`` a kind
    to its legend text."""
    nodes = sorted({e.source for e in edges} | {e.target for e in edges},
                   key=lambda n: (group_of.get(n, "~"), names.get(n, n)))
    groups = sorted({group_of.get(n, "~") for n in nodes})
    cx, cy = frame.width / 2, frame.height / 2
    r = min(cx, cy) - 110
    gap = 0.12
    total = 2 * math.pi - gap * len(groups)
    angle: dict[str, float] = {}
    a = -math.pi / 2
    for g in groups:
        members = [n for n in nodes if group_of.get(n, "~") == g]
        span = total * len(members) / max(len(nodes), 1)
        start = a
        for i, n in enumerate(members):
            angle[n] = a + span * (i + 0.5) / len(members)
        a += span + gap
        mid = (start + a - gap) / 2
        gx, gy = cx + (r + 92) * math.cos(mid), cy + (r + 92) * math.sin(mid)
        frame.add(f'<path class="group" d="{_arc(cx, cy, r + 6, start, a - gap)}" '
                  f'fill="none" stroke="#888" stroke-width="5"/>')
        label = g.lstrip("~") or "—"  # "~…": the group of nodes without a region, last
        frame.add(f'<text class="group-label" x="{gx:.1f}" y="{gy:.1f}" font-size="12" '
                  f'font-weight="600" text-anchor="middle" fill="#555">{esc(label)}</text>')
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
    short = shorten_all([names.get(n, n) for n in nodes], 26)
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
                                     f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="10" '
                                     f'dominant-baseline="middle" text-anchor="{anchor}" '
                                     f'transform="rotate({rot:.1f} {lx:.1f} {ly:.1f})">'
                                     f'{esc(short[name])}</text></g>'))
    frame.legend += [LegendItem(kinds[k], colour[k], "line") for k in sorted(kinds)]


def _arc(cx: float, cy: float, r: float, a0: float, a1: float) -> str:
    x0, y0 = cx + r * math.cos(a0), cy + r * math.sin(a0)
    x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
    large = 1 if a1 - a0 > math.pi else 0
    return f"M{x0:.1f} {y0:.1f}A{r:.1f} {r:.1f} 0 {large} 1 {x1:.1f} {y1:.1f}"
