"""``puentes build``: fetch → map → validate → load, one source at a time, incrementally.

- A source whose inputs, mapper, shapes and model are unchanged since its last good load is
  skipped (its fingerprint matches the one recorded in the store).
- A source whose data is invalid (schema errors before mapping, SHACL Violations, or failing
  cross-graph checks) is **quarantined**: not loaded; its last good graph stays in the store;
  the build goes on and exits 1.
- A crash of one source (a bug, an unreadable file) is reported and the build exits 2; the
  other sources still load.
"""

from __future__ import annotations

import hashlib
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from . import __version__
from .catalogue import Source, load_catalogue
from .checks import CheckFailure, run_checks
from .errors import (
    EXIT_FAILURE,
    EXIT_INVALID,
    EXIT_OK,
    ConfigError,
    DataError,
    FetchError,
    NoSnapshotError,
    PuentesError,
)
from .model import model_files
from .namespaces import graph_iri
from .paths import shapes_dir
from .provenance import add_run_record
from .rdfio import to_rdflib
from .store import GraphStore, SourceState


@dataclass
class SourceResult:
    """What happened to one source in a build."""

    source_id: str
    status: str  # loaded | unchanged | quarantined | skipped | failed | disabled
    triples: int = 0
    warnings: int = 0
    violations: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)
    warnings_by_shape: dict[str, int] = field(default_factory=dict)


@dataclass
class BuildReport:
    """The outcome of a build, for the summary, the quality report and the exit code."""

    results: list[SourceResult]
    seconds: float
    store: GraphStore
    check_failures: list[CheckFailure] = field(default_factory=list)

    @property
    def store_path(self) -> Path | None:
        """Where the store lives on disk (None for an in-memory store)."""
        return self.store.path

    @property
    def exit_code(self) -> int:
        """2 when something failed, 1 when something was quarantined, else 0."""
        if any(r.status == "failed" for r in self.results):
            return EXIT_FAILURE
        if any(r.status == "quarantined" for r in self.results):
            return EXIT_INVALID
        return EXIT_OK

    def result(self, source_id: str) -> SourceResult:
        """The result of one source."""
        return next(r for r in self.results if r.source_id == source_id)


Progress = Callable[[str, str], None]
MAPPING_CODE_DIRS = ("sources", "registry", "opendata")
MAPPING_CODE_FILES = ("namespaces.py", "rdfio.py", "provenance.py", "model.py", "shapes.py",
                      "validate.py", "checks.py")


def fingerprint(source: Source, module, inputs: list[Path]) -> str:  # noqa: ANN001
    """A digest of everything that decides a source's graph and its validation outcome."""
    h = hashlib.sha256()
    h.update(f"{source!r}|{__version__}|{getattr(module, 'MAPPER_VERSION', '')}".encode())
    # The code that decides a graph or its verdict: mappers and their helpers, namespaces,
    # provenance, validation. Queries, reports, commands and publishing do not, so editing
    # them must not force a full remap.
    package = Path(__file__).parent
    code = sorted(p for folder in MAPPING_CODE_DIRS for p in (package / folder).rglob("*.py"))
    code += [package / name for name in MAPPING_CODE_FILES]
    files = list(inputs) + [Path(module.__file__)] + code + model_files()
    files += sorted(shapes_dir().glob("*.ttl"))
    for path in files:
        h.update(str(path.name).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def build(
    only: list[str] | None = None,
    *,
    store_path: Path | None = None,
    refresh: list[str] | None = None,
    force: bool = False,
    catalogue_path: Path | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the graph into the embedded store and return what happened per source.

    ``only`` limits the build to some source ids; ``refresh`` lists remote sources to fetch
    live first (``["*"]`` for all); ``force`` remaps even unchanged sources.
    """
    t0 = time.perf_counter()
    say = progress or (lambda _sid, _msg: None)
    catalogue = load_catalogue(catalogue_path)
    unknown = sorted(set(only or []) - set(catalogue))
    unknown += sorted(set(refresh or []) - set(catalogue) - {"*"})
    if unknown:
        raise ConfigError(f"unknown source id(s): {', '.join(unknown)}",
                          "see `puentes sources` for the ids in data/sources.yaml")
    store = GraphStore.open(store_path)
    states = store.states()
    results: list[SourceResult] = []
    candidates: dict[str, tuple[Graph, SourceState, SourceResult]] = {}
    type_index = _type_index(store)
    todo = [s for s in catalogue.values() if not only or s.id in only]
    say("*", f"total:{len(todo)}")

    for source in todo:
        if not source.enabled:
            results.append(SourceResult(source.id, "disabled"))
            say(source.id, "done")
            continue
        t1 = time.perf_counter()
        res = SourceResult(source.id, "loaded")
        results.append(res)
        try:
            module = source.mapper()
            if refresh and ("*" in refresh or source.id in refresh):
                if hasattr(module, "fetch"):
                    say(source.id, "fetching")
                    try:
                        module.fetch(source)
                    except FetchError as err:
                        res.messages.append(f"fetch failed, the last snapshot is kept: {err}")
                elif source.id in (refresh or []):
                    res.messages.append("not a remote source: nothing to fetch")
            inputs = module.inputs(source)
            fp = fingerprint(source, module, inputs)
            old = states.get(source.id)
            if old and old.fingerprint == fp and not force:
                res.status, res.triples, res.warnings = "unchanged", old.triples, old.warnings
                res.warnings_by_shape = (old.extra or {}).get("warnings_by_shape", {})
                continue
            say(source.id, "mapping")
            started = datetime.now(timezone.utc)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                graph = module.map_source(source)
            # Mappers report what they could not map (unmatched names …) as warnings.
            res.messages += [str(w.message) for w in caught]
            add_run_record(graph, source, inputs, started)
            say(source.id, "validating")
            report = _validate(graph, type_index)
            res.violations, res.warnings = report.violation_count, report.warning_count
            res.warnings_by_shape = report.warnings_by_shape
            if res.violations:
                res.status = "quarantined"
                res.messages.append(report.text)
                continue
            res.triples = len(graph)
            state = SourceState(source.id, fp, datetime.now(timezone.utc).isoformat(
                timespec="seconds"), len(graph), res.warnings,
                {"warnings_by_shape": res.warnings_by_shape})
            candidates[source.id] = (graph, state, res)
            type_index[source.id] = _types(graph)
        except DataError as err:
            res.status = "quarantined"
            res.messages.append(str(err))
        except NoSnapshotError as err:
            res.status = "skipped"
            res.messages.append(str(err))
        except PuentesError as err:
            res.status = "failed"
            res.messages.append(str(err))
        except Exception as err:  # noqa: BLE001 - one broken mapper must not stop the build
            res.status = "failed"
            res.messages.append(f"{type(err).__name__}: {err}\n" + traceback.format_exc(limit=4))
        finally:
            res.seconds = time.perf_counter() - t1
            say(source.id, "done")

    # Cross-graph rules run once over the union of what would be loaded, before loading.
    check_failures: list[CheckFailure] = []
    if candidates:
        say("*", "checking across graphs")
        union = _candidate_union(store, {sid: g for sid, (g, _s, _r) in candidates.items()})
        check_failures = run_checks(union)
        for failure in check_failures:
            for sid in failure.source_ids:
                if sid in candidates:
                    res = candidates[sid][2]
                    res.status = "quarantined"
                    res.violations += 1
                    res.messages.append(str(failure))
        for sid in [s for s, (_g, _st, r) in candidates.items() if r.status == "quarantined"]:
            del candidates[sid]

    for sid, (graph, state, res) in candidates.items():
        say(sid, "loading")
        res.triples = store.replace_graph(sid, graph, state)
    store.store.flush()
    return BuildReport(results, time.perf_counter() - t0, store, check_failures)


def _types(graph: Graph) -> Graph:
    g = Graph()
    for s, o in graph.subject_objects(RDF.type):
        g.add((s, RDF.type, o))
    return g


def _type_index(store: GraphStore) -> dict[str, Graph]:
    """rdf:type triples of every graph in the store: the context a source is validated in."""
    out: dict[str, Graph] = {}
    for sid in store.graphs():
        g = Graph()
        for row in store.query(
                f"SELECT ?s ?o WHERE {{ GRAPH <{str(graph_iri(sid))}> {{ ?s a ?o }} }}"):
            g.add((to_rdflib(row["s"]), RDF.type, to_rdflib(row["o"])))
        out[sid] = g
    return out


def _candidate_union(store: GraphStore, candidates: dict[str, Graph]) -> ox.Store:
    """An in-memory store: the new graphs in place of their old versions, the rest as is."""
    mem = ox.Store()
    keep = [sid for sid in store.graphs() if sid not in candidates]
    if keep:
        mem.load(store.export(ox.RdfFormat.N_QUADS, keep), format=ox.RdfFormat.N_QUADS)
    for sid, graph in candidates.items():
        mem.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                 to_graph=ox.NamedNode(str(graph_iri(sid))))
    return mem


@dataclass
class _Outcome:
    violation_count: int
    warning_count: int
    warnings_by_shape: dict[str, int]
    text: str


def _validate(graph: Graph, type_index: dict[str, Graph]) -> _Outcome:
    """SHACL-validate one source graph in the context of the model and the other graphs'
    types; only results about this graph's own nodes count."""
    from .model import load_model_graph
    from .shapes import load_shapes_graph
    from .validate import validate_graph

    data = Graph()
    data += graph
    data += load_model_graph()
    for g in type_index.values():
        data += g
    # Cross-record rules run afterwards as checks over the union (run_checks), once.
    report = validate_graph(data, shapes=load_shapes_graph(per_record=True))
    own = set(graph.subjects())
    results = [r for r in report.results if r.focus_node in own]
    violations = [r for r in results if r.severity == "Violation"]
    warnings = [r for r in results if r.severity != "Violation"]
    by_shape: dict[str, int] = {}
    for r in warnings:
        key = r.shape_name or str(r.source_shape)
        by_shape[key] = by_shape.get(key, 0) + 1
    text = report.subset(violations).to_text() if violations else ""
    return _Outcome(len(violations), len(warnings), by_shape, text)
