"""What every picture kind shares: the context it is drawn in (where the graph is, the
language, links, the build date), the drawn picture, and small helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from puentes.errors import PuentesError
from puentes.namespaces import BASE
from puentes.query import QueryResult, SavedQuery, find_query, labels, run_saved_query
from puentes.web.messages import translator
from puentes.web.plot.provenance import Source, describe, source_text, sources_of
from puentes.web.plot.svg import Frame
from puentes.web.plot.world import atlas, iso3


class PlotError(PuentesError):
    """A picture cannot be drawn (an unknown kind, a missing parameter)."""


@dataclass
class Context:
    """Where the graph is and how a picture is written.

    ``root``: the prefix of resource links (``"/"`` for ``serve``, ``"../../"`` on a static
    page; ``None``: no links, for a file given away). ``zoom``: member and coverage maps show
    only the part of the world around the countries they colour (smaller pages).
    """

    store: object | None = None
    endpoint: str | None = None
    lang: str = "en"
    root: str | None = None
    built: str = ""
    zoom: bool = False  # member and coverage maps: show the part of the world around them
    _labels: dict[str, str] = field(default_factory=dict)
    _countries: dict[str, str] | None = None

    def t(self, message: str, **kw: str) -> str:
        """A word of the pictures (an English message id of the web catalogue, marked with
        ``N_`` where it is not written in the call) in the context's language, with its
        ``{placeholders}`` filled from ``kw``."""
        return translator(self.lang)(message, **kw)

    def run(self, number: str, params: dict[str, str]) -> tuple[SavedQuery, QueryResult]:
        """Run a saved query; remember the labels of the IRIs in its answer."""
        query = find_query(number)
        result = run_saved_query(query, store=self.store, endpoint=self.endpoint,
                                 params=params)
        self._labels.update(labels(result, self.lang, store=self.store,
                                   endpoint=self.endpoint))
        return query, result

    def label(self, iri: str | None) -> str:
        """The label of an IRI in the context's language (fetched when not yet known)."""
        if not iri:
            return ""
        if iri not in self._labels:
            res = QueryResult(["x"], [{"x": ox.NamedNode(iri)}])
            self._labels.update(labels(res, self.lang, store=self.store,
                                       endpoint=self.endpoint))
        return self._labels.get(iri) or iri.rsplit("/", 1)[-1]

    def country_names(self) -> dict[str, str]:
        """ISO3 → name in the context's language of every country the atlas draws, as the
        graph labels it (the UN's names in es, en and fr; one query per context), so that
        an undrawn country's hover text is not the atlas's English; a country the graph
        lacks keeps the atlas's name."""
        if self._countries is None:
            rows = [{"x": ox.NamedNode(f"{BASE}id/country/{code}")}
                    for code in atlas()["countries"]]
            found = labels(QueryResult(["x"], rows), self.lang, store=self.store,
                           endpoint=self.endpoint)
            self._countries = {code: name for iri, name in found.items()
                               if (code := iso3(iri))}
        return self._countries

    def href(self, iri: str | None) -> str | None:
        """The link to a resource's page (``{root}id/country/GHA.html``, as the site and
        ``serve`` write them), or None (no links, or not a resource the site publishes)."""
        if self.root is None or not iri or not iri.startswith((BASE + "id/",
                                                                BASE + "scheme/")):
            return None
        return f"{self.root}{iri[len(BASE):]}.html"

    def sources(self, datasets: Iterable[str] = (), records: Iterable[str] = ()) -> list[Source]:
        """What the drawn rows come from, as the graph describes it: the ``datasets`` (or
        documents) the rows name, and the sources of the ``records`` they draw."""
        found = describe(datasets, self.lang, store=self.store, endpoint=self.endpoint)
        known = {s.iri for s in found}
        found += [s for s in sources_of(records, self.lang, store=self.store,
                                        endpoint=self.endpoint) if s.iri not in known]
        return sorted(found, key=lambda s: (not s.dataset, s.title, s.iri))

    def source(self, query: SavedQuery, sources: list[Source]) -> str:
        """The source line: the data sets and documents the figures come from (their own
        records in the graph), the saved query, the build date."""
        built = self.built or dt.date.today().isoformat()
        what = source_text(sources, self.t) or "puentes"
        return (f"{self.t('Source')}: {what} — {self.t('saved query')} {query.number} "
                f"({query.title(self.lang)}), {self.t('built on')} {built}")


def built_date(store: object) -> str:
    """The day the store was last built (its newest source load), or empty."""
    states = getattr(store, "states", None)
    dates = [s.built_at for s in states().values() if s.built_at] if states else []
    return max(dates)[:10] if dates else ""


@dataclass
class Picture:
    """A drawn picture: its kind, SVG text, title, the saved query and how many rows fed it."""

    kind: str
    svg: str
    title: str
    query: str
    rows: int


def value(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


def frame(ctx: Context, kind: str, query: SavedQuery, title: str, width: float,
           height: float) -> Frame:
    return Frame(width, height, title, kind, query.number, ctx.lang)


def world(ctx: Context, kind: str, query: SavedQuery, title: str) -> Frame:
    data = atlas()
    return frame(ctx, kind, query, title, data["width"], data["height"])


def names(ctx: Context, result: QueryResult, column: str = "country") -> dict[str, str]:
    """ISO3 → name of every country, those of the answer by their labels there."""
    out = dict(ctx.country_names())
    for r in result.rows:
        iri = value(r.get(column))
        code = iri and iso3(iri)
        if code:
            out[code] = ctx.label(iri)
    return out


def period(ctx: Context, start: str | None, end: str | None) -> str:
    parts = []
    if start:
        parts.append(f"{ctx.t('since')} {start}")
    if end:
        parts.append(f"{ctx.t('until')} {end}")
    return ", ".join(parts)


def finish(frame: Frame, ctx: Context, kind: str, query: SavedQuery, result: QueryResult,
           missing: list[tuple[str, dict[str, object]]] | None = None) -> Picture:
    """The picture, with the countries a map could not draw listed (and marked) under it."""
    if missing:
        frame.listed = (ctx.t("Not on the map (no shape at this scale)"), missing)
    return Picture(kind, frame.render(), frame.title, query.number, len(result.rows))


def now() -> float:
    today = dt.date.today()
    return today.year + (today.timetuple().tm_yday - 1) / 365


def expand(value: str | None) -> str | None:
    from puentes.query import expand

    return expand(value) if value else None


def default(query: SavedQuery, name: str) -> str | None:
    return next((p.default for p in query.parameters if p.name == name), None)


