"""The cross-record rules over the registry alone, in memory, without a store (in the build
wing: it maps with ingest and checks with check): what
``puentes registry check`` runs after the schema check, so that "all valid" means the build
will accept the registry (issue 18).

The registry is mapped with the origin of every node (file, line, record, field), put in an
in-memory store beside the countries reference and the model (what the rules read about the
things the registry points to), and every ``queries/checks/*-violation.rq`` runs over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from puentes.check.checks import CheckFailure, run_checks
from puentes.errors import NodeOrigin
from puentes.ingest.registry.mapper import map_registry_with_origins
from puentes.ingest.registry.records import Registry
from puentes.namespaces import graph_iri


@dataclass
class RuleResult:
    """The failures of the cross-record rules and where their nodes come from."""

    failures: list[CheckFailure]
    origins: dict[str, NodeOrigin]
    checks: int


def _context_graphs() -> dict[str, bytes]:
    """The countries reference and the model, as N-Triples, by source id (the graphs a build
    puts beside the registry)."""
    import warnings

    from puentes.ingest.catalogue import load_catalogue
    from puentes.model import load_model_graph

    out = {"ontology": load_model_graph().serialize(format="nt", encoding="utf-8")}
    catalogue = load_catalogue()
    if "countries" in catalogue:
        src = catalogue["countries"]
        with warnings.catch_warnings():  # the build reports them, with the countries source
            warnings.simplefilter("ignore")
            mapped = src.mapper().map_source(src)
        out["countries"] = mapped.serialize(format="nt", encoding="utf-8")
    return out


def registry_rules(reg: Registry, folder: Path | None = None) -> RuleResult:
    """Run every cross-record check over the checked registry ``reg`` (in memory)."""
    from puentes.check.checks import check_files

    graph, origins = map_registry_with_origins(reg)
    store = ox.Store()
    graphs = {**_context_graphs(), "registry": graph.serialize(format="nt", encoding="utf-8")}
    for sid, nt in graphs.items():
        store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(graph_iri(sid))))
    files = check_files(folder)
    return RuleResult(run_checks(store, folder), origins, len(files))
