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
import os
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from puentes import __version__
from puentes.build import deps
from puentes.build.changes import (
    GraphChange,
    digest,
    graph_change,
    neighbourhood,
    shapes_reach,
    validation_scope,
)
from puentes.build.locks import writer_lock
from puentes.build.provenance import add_run_record
from puentes.check.checks import (
    CheckFailure,
    affected_by,
    check_files,
    check_reads,
    reads_digest,
    run_checks,
)
from puentes.errors import (
    EXIT_FAILURE,
    EXIT_INVALID,
    EXIT_OK,
    ConfigError,
    DataError,
    FetchError,
    NoSnapshotError,
    PuentesError,
    StoreError,
)
from puentes.ingest.catalogue import Source, load_catalogue
from puentes.model import model_files
from puentes.namespaces import graph_iri
from puentes.paths import default_store_dir, shapes_dir
from puentes.rdfio import to_rdflib
from puentes.store import GraphStore, SourceState


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
    #: how many of its records were validated again (None: the whole graph was)
    revalidated: int | None = None


@dataclass
class BuildReport:
    """The outcome of a build, for the summary, the quality report and the exit code."""

    results: list[SourceResult]
    seconds: float
    store: GraphStore
    check_failures: list[CheckFailure] = field(default_factory=list)
    #: seconds spent per stage over all sources: map, validate, checks, load (bench/)
    timings: dict[str, float] = field(default_factory=dict)
    #: the cross-record checks run, and those skipped: they passed over the graphs as they
    #: were, and read no predicate (or class) that the loaded changes touch
    checks_run: list[str] = field(default_factory=list)
    checks_skipped: list[str] = field(default_factory=list)
    #: what the loaded graphs changed (predicates; classes of rdf:type triples), and names
    #: of the store's graphs before and after: for reports that redo only what it affects
    changed_predicates: set[str] = field(default_factory=set)
    changed_classes: set[str] = field(default_factory=set)
    store_before: str = ""
    store_after: str = ""
    #: where the nodes of the failing rows come from (IRI → file, line, record, field)
    check_origins: dict = field(default_factory=dict)

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


@dataclass(frozen=True)
class BuildEvent:
    """One step of a build, for a progress display: ``stage`` is one of :data:`STAGES`;
    ``source_id`` is ``"*"`` for the whole build; ``total`` (with ``"start"``) is how many
    sources it will visit."""

    source_id: str
    stage: str
    total: int | None = None


#: the stages a build reports, in order ("done" once per source).
STAGES = ("start", "fetching", "mapping", "validating", "checking", "loading", "done")
Progress = Callable[[BuildEvent], None]


def fingerprint(source: Source, module, inputs: list[Path]) -> str:  # noqa: ANN001
    """A digest of everything that decides a source's graph and its validation outcome."""
    h = hashlib.sha256()
    h.update(f"{source!r}|{__version__}|{getattr(module, 'MAPPER_VERSION', '')}".encode())
    # The code that decides a graph or its verdict: what the mapper imports (its closure, read
    # from the code), the provenance record, and the validation code. Queries, reports,
    # commands and publishing are in no closure, so editing them forces no remap.
    code = deps.closure(module.__name__, "puentes.build.provenance") + deps.validation_code()
    files = list(inputs) + sorted(set(code)) + model_files()
    files += sorted(shapes_dir().glob("*.ttl"))
    for path in files:
        h.update(str(path.name).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def build(only: list[str] | None = None, *, store_path: Path | None = None,
          **options) -> BuildReport:
    """Build the graph into the embedded store and return what happened per source.

    ``only`` limits the build to some source ids; ``refresh`` lists remote sources to fetch
    live first (``["*"]`` for all); ``force`` remaps even unchanged sources. One build at a
    time per store: a second one stops with a :class:`StoreError`.
    """
    folder = Path(store_path).resolve() if store_path else default_store_dir()
    with writer_lock(folder):
        return _build(only, store_path=store_path, **options)


def _build(
    only: list[str] | None = None,
    *,
    store_path: Path | None = None,
    refresh: list[str] | None = None,
    force: bool = False,
    catalogue_path: Path | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    t0 = time.perf_counter()
    timings = dict.fromkeys(("map", "validate", "checks", "load"), 0.0)

    def say(source_id: str, stage: str, total: int | None = None) -> None:
        if progress is not None:
            progress(BuildEvent(source_id, stage, total))
    catalogue = load_catalogue(catalogue_path)
    unknown = sorted(set(only or []) - set(catalogue))
    unknown += sorted(set(refresh or []) - set(catalogue) - {"*"})
    if unknown:
        raise ConfigError(f"unknown source id(s): {', '.join(unknown)}",
                          "see `puentes sources` for the ids in data/sources.yaml")
    store = GraphStore.open(store_path)
    states = store.states()
    results: list[SourceResult] = []
    # Each candidate graph is serialised once, as N-Triples: for the checks and for the load.
    candidates: dict[str, tuple[bytes, SourceState, SourceResult]] = {}
    # rdf:type statements of the graphs re-mapped in this run (the others are in the store).
    new_types: dict[str, Graph] = {}
    # How each candidate differs from its graph in the store, and the graphs mapped.
    changes: dict[str, GraphChange] = {}
    graphs: dict[str, Graph] = {}
    store_token = _store_token(store, states)
    todo = [s for s in catalogue.values() if not only or s.id in only]
    say("*", "start", len(todo))

    for source in todo:
        if not source.enabled:
            results.append(SourceResult(source.id, "disabled"))
            say(source.id, "done")
            continue
        t1 = time.perf_counter()
        res = SourceResult(source.id, "loaded")
        results.append(res)
        fetch_failed = False
        try:
            module = source.mapper()
            if refresh and ("*" in refresh or source.id in refresh):
                if hasattr(module, "fetch"):
                    say(source.id, "fetching")
                    try:
                        module.fetch(source)
                    except FetchError as err:
                        fetch_failed = True
                        kept = (source.raw_dir / "snapshot.json").is_file()
                        res.messages.append(("fetch failed, the last snapshot is kept: "
                                             if kept else "fetch failed: ") + str(err))
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
            tick = time.perf_counter()
            started = datetime.now(timezone.utc)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                graph = module.map_source(source)
            # Mappers report what they could not map (unmatched names …) as warnings.
            res.messages += [str(w.message) for w in caught]
            add_run_record(graph, source, inputs, started)
            nt = graph.serialize(format="nt", encoding="utf-8")
            change = graph_change(store, source.id, nt)
            say(source.id, "validating")
            timings["map"] += time.perf_counter() - tick
            tick = time.perf_counter()
            types = _context_types(store, graph, source.id, new_types)
            context = _validation_context(types)
            known = None if force or old is None or (old.extra or {}).get(
                "validation") != context else (old.extra or {}).get("warnings_by_node")
            report = _validate_change(graph, types, change, known, nt)
            timings["validate"] += time.perf_counter() - tick
            res.revalidated = report.revalidated
            res.violations, res.warnings = report.violation_count, report.warning_count
            res.warnings_by_shape = report.warnings_by_shape
            if res.violations:
                res.status = "quarantined"
                res.messages.append(report.text)
                continue
            res.triples = len(graph)
            extra = {"warnings_by_shape": res.warnings_by_shape, "validation": context}
            if len(report.by_node) <= _MAX_REMEMBERED:
                extra["warnings_by_node"] = report.by_node
            state = SourceState(source.id, fp, datetime.now(timezone.utc).isoformat(
                timespec="seconds"), len(graph), res.warnings, extra)
            candidates[source.id] = (nt, state, res)
            changes[source.id], graphs[source.id] = change, graph
            new_types[source.id] = _types(graph)
        except DataError as err:
            res.status = "quarantined"
            res.violations = len(err.issues)  # the table must not say 0 beside them
            res.messages.append(str(err))
        except NoSnapshotError as err:
            # Asked to refresh, the fetch failed and there is no earlier snapshot to fall
            # back on: nothing was built, a failure (not a quiet skip).
            res.status = "failed" if fetch_failed else "skipped"
            res.messages.append("nothing was built: there is no earlier snapshot to fall back "
                                "on" if fetch_failed else str(err))
        except PuentesError as err:
            res.status = "failed"
            res.messages.append(str(err))
        except OSError as err:  # an input file missing or unreadable
            res.status = "failed"
            res.messages.append(f"cannot read {err.filename or 'an input'}: {err.strerror or err}"
                                "\n  → restore the file (the README of its folder says where it "
                                "comes from), or fix 'location' in the source catalogue")
        except Exception as err:  # noqa: BLE001 - one broken mapper must not stop the build
            res.status = "failed"
            where = "".join(traceback.format_exc(limit=4)) if os.environ.get("PUENTES_DEBUG") \
                else ("  → a bug in the mapper, or an input it does not expect: run again "
                      "with PUENTES_DEBUG=1 to see where, and report it")
            res.messages.append(f"unexpected {type(err).__name__}: {err}\n{where}")
        finally:
            res.seconds = time.perf_counter() - t1
            say(source.id, "done")

    # Cross-graph rules run once over the union of what would be loaded, before loading.
    check_failures: list[CheckFailure] = []
    origins: dict = {}
    passed: dict[str, dict] = {}
    checks_run: list[str] = []
    checks_skipped: list[str] = []
    for sid in [s for s in candidates if changes[s].empty]:
        # Mapped again, but the graph is the one in the store: nothing to check or load but
        # its state (the record of the run is part of the graph, so this is rare).
        changes.pop(sid)
    if candidates:
        say("*", "checking")
        tick = time.perf_counter()
        record = store.build_record()
        known = record.get("checks", {}) if record.get("token") == store_token and not force \
            else {}
        todo_checks, checks_skipped = _checks_to_run(store, known, changes, graphs)
        checks_run = [p.stem for p in todo_checks]
        if todo_checks:
            union = _check_union(store, {sid: nt for sid, (nt, _s, _r) in candidates.items()
                                         if sid in changes})
            check_failures = run_checks(union, only=todo_checks)
        failed = {f.check for f in check_failures}
        passed = {stem: known[stem] for stem in checks_skipped}
        for path in todo_checks:
            if path.stem not in failed:
                text = path.read_text(encoding="utf-8")
                entry = known.get(path.stem, {})
                digest = reads_digest(text)
                reads = entry.get("reads") if entry.get("digest") == digest \
                    else check_reads(text)
                passed[path.stem] = {"digest": digest, "reads": reads}
        origins = _failure_origins(catalogue, check_failures)
        for failure in check_failures:
            for sid in failure.source_ids:
                if sid in candidates:
                    res = candidates[sid][2]
                    res.status = "quarantined"
                    res.violations += 1
                    res.messages.append(failure.describe(origins))
        for sid in [s for s, (_g, _st, r) in candidates.items() if r.status == "quarantined"]:
            del candidates[sid]
            # What is loaded is not what was checked: the next build checks everything.
            passed = {}
        timings["checks"] = time.perf_counter() - tick

    tick = time.perf_counter()
    loaded: list[str] = []
    try:
        for sid, (nt, state, res) in candidates.items():
            say(sid, "loading")
            res.triples = store.replace_graph(sid, nt, state)
            loaded.append(sid)
        store_after = _store_token(store, store.states()) if candidates else store_token
        if candidates:
            # The checks that pass over the graphs as they now are (the record names them
            # by the states of the graphs): the next build runs only those a change affects.
            store.set_build_record({"token": store_after, "checks": passed})
        store.store.flush()
    except OSError as err:  # disk full, folder made read-only …: each graph stays whole
        kept = [sid for sid in candidates if sid not in loaded]
        raise StoreError(
            f"cannot write the store at {store.path}: {err}",
            (f"loaded: {', '.join(loaded)}; " if loaded else "")
            + f"not loaded (their previous graphs stay whole): {', '.join(kept)}. Free space "
            "on the disk or make the folder writable, then run the build again") from None
    timings["load"] = time.perf_counter() - tick
    done = [changes[sid] for sid in loaded if sid in changes]
    return BuildReport(results, time.perf_counter() - t0, store, check_failures, timings,
                       checks_run, checks_skipped,
                       set().union(*(c.predicates for c in done)),
                       set().union(*(c.classes for c in done)), store_token, store_after,
                       origins)


def _types(graph: Graph) -> Graph:
    g = Graph()
    for s, o in graph.subject_objects(RDF.type):
        g.add((s, RDF.type, o))
    return g


def _subgraph(types: Graph, nodes: set) -> Graph:
    out = Graph()
    for s, o in types.subject_objects(RDF.type):
        if s in nodes:
            out.add((s, RDF.type, o))
    return out


def _context_types(store: GraphStore, graph: Graph, source_id: str,
                   new_types: dict[str, Graph]) -> Graph:
    """The rdf:type statements, from the other graphs, of the nodes ``graph`` refers to
    without describing them: what sh:class needs to see, and nothing more (so that pyshacl
    does not walk the other graphs' nodes). Graphs re-mapped in this run give their new
    types, the others their types in the store."""
    described = set(graph.subjects())
    refs = {o for o in graph.objects() if isinstance(o, URIRef) and o not in described}
    out = Graph()
    if not refs:
        return out
    for sid, types in new_types.items():
        if sid != source_id:
            for ref in refs:
                for cls in types.objects(ref, RDF.type):
                    out.add((ref, RDF.type, cls))
    skip = {str(graph_iri(sid)) for sid in (*new_types, source_id)}
    values = " ".join(f"<{r}>" for r in sorted(refs))
    q = f"SELECT ?s ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?o }} }}"
    for row in store.query(q):
        if row["g"].value not in skip:
            out.add((to_rdflib(row["s"]), RDF.type, to_rdflib(row["o"])))
    return out


#: Warnings remembered per node in a source's state, at most (above, an edit revalidates the
#: whole graph of that source).
_MAX_REMEMBERED = 50_000


def _store_token(store: GraphStore, states: dict[str, SourceState]) -> str:
    """Names the graphs of the store as they are: their ids and fingerprints."""
    return digest(f"{sid}={states[sid].fingerprint if sid in states else ''}"
                  for sid in store.source_ids())


def _validation_context(types: Graph) -> str:
    """What a source's verdict depends on besides its own graph: the shapes, the model, the
    validation code, and what the other graphs say of the nodes it refers to (``types``)."""
    files = sorted(shapes_dir().glob("*.ttl")) + model_files()
    files += deps.validation_code() + [Path(__file__)]
    return digest([__version__, *(p.read_bytes() for p in files),
                   *sorted(f"{s} {o}" for s, o in types.subject_objects(RDF.type))])


def _checks_to_run(store: GraphStore, known: dict[str, dict], changes: dict[str, GraphChange],
                   graphs: dict[str, Graph]) -> tuple[list[Path], list[str]]:
    """The checks a change can affect (or that did not pass last time), and those skipped."""
    predicates = set().union(*(c.predicates for c in changes.values()))
    classes = set().union(*(c.classes for c in changes.values()))

    def bound(binders: set[str], predicate: str) -> bool:
        # Is ``predicate`` the object of a binder triple, in the store (any graph, the old
        # versions included) or in a new graph? Then a variable predicate may match it.
        p = ox.NamedNode(predicate)
        for b in binders:
            if next(iter(store.store.quads_for_pattern(None, ox.NamedNode(b), p, None)),
                    None) is not None:
                return True
            if any((None, URIRef(b), URIRef(predicate)) in g for g in graphs.values()):
                return True
        return False

    run, skipped = [], []
    for path in check_files():
        entry = known.get(path.stem)
        if (entry is not None and entry.get("digest") == reads_digest(path.read_text(
                encoding="utf-8")) and not affected_by(entry.get("reads"), predicates,
                                                        classes, bound)):
            skipped.append(path.stem)
        else:
            run.append(path)
    return run, skipped


def _failure_origins(catalogue: dict, failures: list[CheckFailure]) -> dict:
    """Where the nodes of the failing rows come from (IRI → file, line, record, field), from
    the sources whose mapper can say (a ``locate(source)`` function: the registry's)."""
    origins: dict = {}
    for sid in sorted({sid for f in failures for sid in f.source_ids}):
        source = catalogue.get(sid)
        module = source.mapper() if source is not None else None
        if module is not None and hasattr(module, "locate"):
            try:
                origins.update(module.locate(source))
            except PuentesError:  # the data cannot be read again: the row is still shown
                continue
    return origins


def _check_union(store: GraphStore, candidates: dict[str, bytes]) -> ox.Store:
    """An in-memory store: the new graphs in place of their old versions, the rest as is.

    (Staging the new graphs in the store on disk instead costs only their size, but the
    checks then run over a list of graphs on RocksDB: 20-40x slower than over this copy.)"""
    mem = ox.Store()
    keep = [sid for sid in store.source_ids() if sid not in candidates]
    if keep:
        mem.load(store.export(ox.RdfFormat.N_QUADS, keep), format=ox.RdfFormat.N_QUADS)
    for sid, nt in candidates.items():
        mem.load(nt, format=ox.RdfFormat.N_TRIPLES,
                 to_graph=ox.NamedNode(str(graph_iri(sid))))
    return mem


@dataclass
class _Outcome:
    violation_count: int
    warning_count: int
    warnings_by_shape: dict[str, int]
    text: str
    #: Warnings per node and shape (``{node IRI: {shape: n}}``), of the whole graph
    by_node: dict[str, dict[str, int]] = field(default_factory=dict)
    revalidated: int | None = None


def _validate_change(graph: Graph, types: Graph, change: GraphChange,
                     known: dict[str, dict[str, int]] | None,
                     nt: bytes | None = None) -> _Outcome:
    """Validate a source's new graph in the context of the ``types`` of the nodes it refers
    to: only the records the change can affect when the Warnings of the others are
    ``known`` (from the last good load, in the same validation context) and the shapes
    allow it (:func:`puentes.build.changes.shapes_reach`); else all of them."""
    from puentes.check.shapes import load_shapes_graph

    reach = shapes_reach(load_shapes_graph(per_record=True)) if known is not None else None
    if reach is None or not change.exact:
        return _validate(graph, types, nt=nt)
    scope = validation_scope(graph, change, reach)
    part = neighbourhood(graph, scope, reach)
    refs = set(part.objects())
    outcome = _validate(part, _subgraph(types, refs), scope)
    redone = change.nodes() | {str(n) for n in scope}
    by_node = {n: w for n, w in known.items() if n not in redone}
    by_node.update(outcome.by_node)
    by_shape: dict[str, int] = {}
    for shapes in by_node.values():
        for shape, n in shapes.items():
            by_shape[shape] = by_shape.get(shape, 0) + n
    return _Outcome(outcome.violation_count, sum(by_shape.values()), by_shape, outcome.text,
                    by_node, len(scope))


def _validate(graph: Graph, context: Graph, scope: set | None = None,
              nt: bytes | None = None) -> _Outcome:
    """SHACL-validate one source graph in the context of the model and the types of the
    nodes it refers to (``context``); only this graph's own nodes (or the ``scope`` ones)
    are validated. ``nt``: the whole graph as N-Triples, when the build has it (the engine
    then loads it as it is, instead of converting a million rdflib terms)."""
    from puentes.check.shapes import load_shapes_graph
    from puentes.check.validate import validate_graph
    from puentes.model import load_model_graph

    # Cross-record rules run afterwards as checks over the union (run_checks), once. The
    # context holds only the types of the nodes this graph refers to, so the validation
    # sees this graph's nodes plus those few bare nodes (whose results are left out), not
    # every node of the other graphs. The model and the context are given apart from the
    # data (no merged copy), and results about their own nodes are left out.
    report = validate_graph(graph, shapes=load_shapes_graph(per_record=True),
                            ontology=[load_model_graph(), context], data_nt=nt)
    # validate_graph already leaves out the results about the model's and the context's
    # nodes (it is given them as ontology); only a scope narrows further
    results = (report.results if scope is None
               else [r for r in report.results if r.focus_node in scope])
    violations = [r for r in results if r.severity == "Violation"]
    warnings = [r for r in results if r.severity != "Violation"]
    by_shape: dict[str, int] = {}
    by_node: dict[str, dict[str, int]] = {}
    for r in warnings:
        key = r.shape_name or str(r.source_shape)
        by_shape[key] = by_shape.get(key, 0) + 1
        node = by_node.setdefault(str(r.focus_node), {})
        node[key] = node.get(key, 0) + 1
    text = report.subset(violations).to_text() if violations else ""
    return _Outcome(len(violations), len(warnings), by_shape, text, by_node)


def mapped_store(source_ids: list[str], *, with_model: bool = True) -> GraphStore:
    """An in-memory store of some catalogue sources, each mapped (not validated) into its
    own graph, plus the model unless ``with_model`` is false — the real data for pictures,
    benchmarks and tests that need it without a build on disk. Mappers' warnings are dropped.

    >>> sorted(mapped_store(["countries"]).source_ids())
    ['countries', 'ontology']
    """
    from puentes.model import load_model_graph

    catalogue = load_catalogue()
    gs = GraphStore.in_memory()
    if with_model:
        gs.replace_graph("ontology", load_model_graph())
    for sid in source_ids:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gs.replace_graph(sid, catalogue[sid].mapper().map_source(catalogue[sid]))
    return gs
