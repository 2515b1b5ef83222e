"""The commitment chain: global commitments → regional instruments → national plans, in
three columns, with the gaps shown (a commitment nobody follows up, an instrument no
national plan implements) as hatched, dashed boxes."""

from __future__ import annotations

from dataclasses import dataclass

from puentes.web.plot.svg import CATEGORICAL, Frame, LegendItem, esc, link, shorten_all


@dataclass
class Node:
    """A box: IRI, label, column (0 global, 1 regional, 2 national), whether it is a gap."""

    iri: str
    label: str
    column: int
    gap: bool = False
    href: str | None = None


def chain(frame: Frame, nodes: list[Node], links: list[tuple[str, str]],
          headings: list[str], gap_text: str, link_text: str) -> None:
    """Draw the columns and the links (pairs of IRIs, left to right)."""
    cols = [[n for n in nodes if n.column == c] for c in range(3)]
    colw = (frame.width - 40) / 3
    boxw = colw - 40
    rows = max((len(c) for c in cols), default=1)
    h = max(18.0, min(30.0, (frame.height - 30) / max(rows, 1)))
    pos: dict[str, tuple[float, float]] = {}
    for c, col in enumerate(cols):
        x = 20 + c * colw
        frame.add(f'<text x="{x + boxw / 2:.1f}" y="14" font-size="13" font-weight="600" '
                  f'text-anchor="middle">{esc(headings[c])}</text>')
        for i, n in enumerate(col):
            y = 24 + i * h
            pos[n.iri] = (x, y)
    for a, b in links:
        if a in pos and b in pos:
            (xa, ya), (xb, yb) = pos[a], pos[b]
            x1, y1, x2, y2 = xa + boxw, ya + h * .4, xb, yb + h * .4
            mx = (x1 + x2) / 2
            frame.add(f'<path class="chain-link" data-from="{esc(a)}" data-to="{esc(b)}" '
                      f'd="M{x1:.1f} {y1:.1f}C{mx:.1f} {y1:.1f} {mx:.1f} {y2:.1f} {x2:.1f} '
                      f'{y2:.1f}" fill="none" stroke="{CATEGORICAL[0]}" stroke-width="1.4" '
                      f'stroke-opacity=".75"/>')
    most = max(20, int(boxw / (10.5 * 0.6)) - 1)
    short = shorten_all([n.label for n in nodes], most)
    for n in nodes:
        x, y = pos[n.iri]
        # the global commitments are the rows of the answer: marked, read back by the tests
        mark = (f' class="mark" data-commitment="{esc(n.iri)}"' if n.column == 0 else "")
        fill = "#ffffff" if n.gap else "#e8f1f8"
        dash = ' stroke-dasharray="4 3"' if n.gap else ""
        hatch = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{boxw:.1f}" height="{h * .8:.1f}" '
                 f'fill="url(#hatch)" opacity=".18"/>' if n.gap else "")
        frame.add(link(n.href, f'<g class="chain-node{" gap" if n.gap else ""}" '
                               f'data-iri="{esc(n.iri)}"><rect x="{x:.1f}" y="{y:.1f}" '
                               f'width="{boxw:.1f}" height="{h * .8:.1f}" rx="3" fill="{fill}" '
                               f'stroke="#333"{dash}/>{hatch}<text x="{x + 5:.1f}" '
                               f'y="{y + h * .55:.1f}" font-size="10.5"{mark}>{esc(short[n.label])}'
                               f'</text><title>{esc(n.label)}</title></g>'))
    frame.legend += [LegendItem(link_text, CATEGORICAL[0], "line"),
                     LegendItem(gap_text, "#ffffff", "hatch")]
