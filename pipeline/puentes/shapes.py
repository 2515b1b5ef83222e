"""The SHACL shapes of ``shapes/`` as one graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal

from .paths import shapes_dir
from .rdfio import load_turtle_files


def shapes_files() -> list[Path]:
    """The shape files (``shapes/*.ttl``; the DCAT-AP shapes and examples live apart)."""
    return sorted(shapes_dir().glob("*.ttl"))


#: shape files whose rules look across records; the build runs the same rules as
#: queries/checks/*-violation.rq once over the whole store (they need the other sources'
#: graphs, which a per-source validation does not have).
CROSS_RECORD = ("cross-entity.ttl",)


def load_shapes_graph(*, per_record: bool = False) -> Graph:
    """Every shape as one rdflib Graph (cached while the files are unchanged; read-only).

    ``per_record=True`` leaves out the cross-record shapes (see :data:`CROSS_RECORD`).
    """
    return load_turtle_files([p for p in shapes_files()
                              if not (per_record and p.name in CROSS_RECORD)])


def pick_text(literals, lang: str = "en") -> str | None:  # noqa: ANN001
    """Of some literals, the one in ``lang``, else English, else an untagged one, else any.

    >>> from rdflib import Literal
    >>> pick_text([Literal("nom", lang="fr"), Literal("name", lang="en")], "es")
    'name'
    """
    by_lang: dict[str | None, str] = {}
    for lit in literals:
        if isinstance(lit, Literal):
            by_lang.setdefault(lit.language, str(lit))
    for key in (lang, "en", None):
        if key in by_lang:
            return by_lang[key]
    return next(iter(by_lang.values()), None)


def text(graph: Graph, node, predicate, lang: str = "en") -> str | None:  # noqa: ANN001
    """One text of a shape (``sh:name``, ``sh:message``, ``rdfs:label`` …) in ``lang``.

    The shapes give names and messages in es, en and fr; this picks the language asked for
    (see :func:`pick_text`).

    >>> from rdflib import URIRef
    >>> from rdflib.namespace import RDFS
    >>> g = load_shapes_graph()
    >>> text(g, URIRef("https://w3id.org/puentes/shapes#CountryShape"), RDFS.label, "es")
    'País'
    """
    return pick_text(graph.objects(node, predicate), lang)
