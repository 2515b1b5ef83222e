"""Every picture kind, drawn: :func:`draw` finds a kind's record
(:data:`puentes.web.plot.catalogue.KINDS`, one record per kind) and calls its drawing with a
:class:`Context` (where the graph is: the store, RDF files loaded in memory or a SPARQL
endpoint; the language; how resource links are written; the date the graph was built) and
the query's parameters (``NAME=VALUE`` strings, checked by the saved query itself).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from puentes.web.plot.catalogue import CATALOGUE, PictureKind
from puentes.web.plot.context import Context, Picture, PlotError, built_date

__all__ = ["KINDS", "Context", "Kind", "Picture", "PlotError", "built_date", "draw"]


@dataclass(frozen=True)
class Kind:
    """A picture kind with its drawing loaded: its record and the function that draws it."""

    record: PictureKind
    draw: Callable[[Context, dict[str, str]], Picture]

    @property
    def query(self) -> str:
        """The saved query the kind answers."""
        return self.record.query

    @property
    def about(self) -> str:
        """What the kind draws, in one line."""
        return self.record.about


def drawing(record: PictureKind) -> Callable[[Context, dict[str, str]], Picture]:
    """The function a record names (``"maps:members_map"`` under :mod:`puentes.web.plot`)."""
    module, _, name = record.drawing.partition(":")
    return getattr(import_module(f"puentes.web.plot.{module}"), name)


KINDS: dict[str, Kind] = {name: Kind(rec, drawing(rec)) for name, rec in CATALOGUE.items()}


def draw(kind: str, ctx: Context, params: dict[str, str] | None = None) -> Picture:
    """Draw a picture kind (see :data:`KINDS`) with its query's parameters."""
    if kind not in KINDS:
        raise PlotError(f"no picture kind {kind!r}", "choose one of: " + ", ".join(KINDS))
    return KINDS[kind].draw(ctx, dict(params or {}))
