"""Timelines: periods as bars (instruments, roadmaps, plans), dates as markers (conferences),
one row per item, grouped (a body, a conference) and coloured by a category."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from puentes.web.plot.svg import (
    CATEGORICAL,
    Frame,
    LegendItem,
    data_attrs,
    esc,
    link,
    shorten,
    shorten_all,
)


def year_of(value: str | None) -> float | None:
    """A date, year-month or year as a fractional year (``2005-07-01`` → 2005.5)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2][:2]) if len(parts) > 2 else 1
    except ValueError:
        return None
    return y + (m - 1) / 12 + (d - 1) / 365


@dataclass
class Item:
    """A row: its label, start and end (fractional years; an open end runs to ``now``), its
    category (colour), group, hover text, link, and markers (year, label) on it."""

    label: str
    start: float | None
    end: float | None
    category: str = ""
    group: str = ""
    title: str = ""
    iri: str = ""
    href: str | None = None
    markers: list[tuple[float, str, str | None]] = field(default_factory=list)
    data: dict[str, object] | None = None  # the values it was drawn from


def timeline(frame: Frame, items: list[Item], now: float, categories: dict[str, str],
             open_end: str = "open", no_dates: str = "no dates") -> None:
    """Draw the rows; ``categories`` maps a category to its legend text."""
    dated = [i for i in items if i.start is not None or i.end is not None]
    years = [y for i in dated for y in (i.start, i.end) if y is not None]
    years += [m[0] for i in dated for m in i.markers]
    if not years:
        frame.add(f'<text x="{frame.width / 2:g}" y="40" text-anchor="middle" '
                  f'class="empty">—</text>')
        return
    x0, x1 = math.floor(min(years)) - 1, max(math.ceil(max(years)), math.ceil(now)) + 1
    left = 262
    groups = len({i.group for i in dated if i.group})
    row = max(16.0, min(26.0, (frame.height - 30) / max(len(dated) + groups, 1)))

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (frame.width - left - 20)

    step = max(1, round((x1 - x0) / 12))
    for y in range(int(x0), int(x1) + 1, step):
        frame.add(f'<line x1="{px(y):.1f}" x2="{px(y):.1f}" y1="0" y2="{frame.height - 24:g}" '
                  f'stroke="#ececec"/><text x="{px(y):.1f}" y="{frame.height - 8:g}" '
                  f'font-size="11" text-anchor="middle">{y}</text>')
    colour = {c: CATEGORICAL[i % len(CATEGORICAL)] for i, c in enumerate(sorted(categories))}
    frame.add(f'<line class="now" x1="{px(now):.1f}" x2="{px(now):.1f}" y1="0" '
              f'y2="{frame.height - 24:g}" stroke="#D55E00" stroke-dasharray="3 3"/>')
    rows: list[Item | str] = []
    for it in dated:  # a heading row where the group changes
        if it.group and (not rows or it.group != getattr(rows[-1], "group", rows[-1])):
            rows.append(it.group)
        rows.append(it)
    short = shorten_all([i.label for i in dated], 38)
    for k, it in enumerate(rows):
        y = 4 + k * row
        if isinstance(it, str):
            frame.add(f'<line x1="0" x2="{frame.width:g}" y1="{y - 2:.1f}" y2="{y - 2:.1f}" '
                      f'stroke="#bbb"/><text class="group-label" x="4" y="{y + row * .62:.1f}" '
                      f'font-size="11.5" font-weight="600">{esc(it[:90])}</text>')
            continue
        label = short[it.label]
        frame.add(f'<text x="{left - 6}" y="{y + row * .62:.1f}" font-size="11" '
                  f'text-anchor="end">{esc(label)}</text>')
        c = colour.get(it.category, "#555")
        s = it.start if it.start is not None else it.end
        e = it.end if it.end is not None else (now if it.start is not None else None)
        tip = f"<title>{esc(it.title or it.label)}</title>"
        data = (f'data-iri="{esc(it.iri)}" data-category="{esc(it.category)}"'
                + data_attrs(it.data))
        if e is not None and s is not None and e > s:
            dash = ' stroke="#333" stroke-dasharray="3 2"' if it.end is None else ""
            frame.add(link(it.href, f'<rect class="period mark" {data} x="{px(s):.1f}" '
                                    f'y="{y:.1f}" width="{max(px(e) - px(s), 2):.1f}" '
                                    f'height="{row * .7:.1f}" rx="2" fill="{c}"{dash}>{tip}'
                                    f'</rect>'))
        else:
            frame.add(link(it.href, f'<circle class="date mark" {data} cx="{px(s):.1f}" '
                                    f'cy="{y + row * .35:.1f}" r="5" fill="{c}">{tip}</circle>'))
        for when, text, href in it.markers:
            frame.add(link(href, f'<path class="marker" d="M{px(when):.1f} {y - 1:.1f}l4 '
                                 f'{row * .4:.1f}l-4 {row * .4:.1f}l-4 -{row * .4:.1f}z" '
                                 f'fill="#000"><title>{esc(text)}</title></path>'))
            mark_text = shorten(text, 60)
            right = px(when) > left + (frame.width - left) * .55  # write leftwards there
            frame.add(f'<text x="{px(when) + (-7 if right else 7):.1f}" '
                      f'y="{y + row * .62:.1f}" font-size="10" '
                      f'text-anchor="{"end" if right else "start"}">{esc(mark_text)}</text>')
    undated = [i for i in items if i.start is None and i.end is None]
    if undated:
        frame.listed = (no_dates, [(i.label, dict(i.data or {})) for i in undated])
    frame.legend += [LegendItem(categories[c], colour[c]) for c in sorted(categories)
                     if any(i.category == c for i in dated)]
    if any(it.end is None and it.start is not None for it in dated):
        frame.legend.append(LegendItem(open_end, "#999", "dashed"))
