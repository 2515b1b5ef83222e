"""The SHACL shapes of ``shapes/`` as one graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from puentes.i18n import pick_literal
from puentes.namespaces import BASE
from puentes.paths import shapes_dir
from puentes.rdfio import load_turtle_files


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


def text(graph: Graph, node, predicate, lang: str = "en") -> str | None:  # noqa: ANN001
    """One text of a shape (``sh:name``, ``sh:message``, ``rdfs:label`` …) in ``lang``.

    The shapes give names and messages in es, en and fr; this picks the language asked for
    (see :func:`puentes.i18n.pick_literal`).

    >>> from rdflib import URIRef
    >>> from rdflib.namespace import RDFS
    >>> g = load_shapes_graph()
    >>> text(g, URIRef("https://w3id.org/puentes/shapes#CountryShape"), RDFS.label, "es")
    'País'
    """
    return pick_literal(graph.objects(node, predicate), lang)


def fact_classes() -> list[str]:
    """The classes whose instances are facts that must cite a source: the targets of
    ``pus:FactHasSourceShape`` — the one list; the quality report reads it from here and a
    test holds ``queries/checks/fact-without-source-violation.rq`` to it.

    >>> "http://purl.org/linked-data/cube#Observation" in fact_classes()
    True
    """
    from rdflib import URIRef
    from rdflib.namespace import SH

    shape = URIRef(BASE + "shapes#FactHasSourceShape")
    return sorted(str(c) for c in load_shapes_graph().objects(shape, SH.targetClass))
