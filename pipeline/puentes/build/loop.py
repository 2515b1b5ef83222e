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
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph

from puentes import __version__
from puentes.build import deps, verdict
from puentes.build.changes import GraphChange, graph_change, parse_triples
from puentes.build.locks import writer_lock
from puentes.build.provenance import add_run_record
from puentes.build.results import BuildEvent, BuildReport, Progress, SourceResult
from puentes.check.checks import CheckFailure, run_checks
from puentes.errors import (
    ConfigError,
    DataError,
    FetchError,
    NoSnapshotError,
    PuentesError,
    StoreError,
)
from puentes.i18n.lazy import Later
from puentes.ingest.catalogue import Source, build_order, load_catalogue, needed
from puentes.model import model_files
from puentes.paths import default_store_dir, shapes_dir
from puentes.store import GraphStore, SourceState


def fingerprint(source: Source, module, inputs: list[Path]) -> str:  # noqa: ANN001
    """A digest of everything that decides a source's graph and its validation outcome."""
    h = hashlib.sha256()
    h.update(f"{source!r}|{__version__}|{getattr(module, 'MAPPER_VERSION', '')}".encode())
    # The code that decides a graph or its verdict: what the mapper imports (its closure, read
    # from the code), the provenance record, and the validation code. Queries, reports,
    # commands and publishing are in no closure, so editing them forces no remap.
    code = deps.closure(module.__name__, *deps.EVERY_SOURCE) + deps.validation_code()
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
    # The edit's walk (docs/pipeline.md): each new graph is serialised once, parsed once
    # (pyoxigraph) and compared once with the store; its validation, checks and load use
    # those triples and that difference.
    candidates: dict[str, tuple[list, SourceState, SourceResult]] = {}
    # rdf:type statements of the graphs re-mapped in this run (the others are in the store).
    new_types: dict[str, Graph] = {}
    # How each candidate differs from its graph in the store, and the graphs mapped.
    changes: dict[str, GraphChange] = {}
    graphs: dict[str, Graph] = {}
    store_token = verdict.store_token(store, states)
    # `build X` builds X and, first, what X needs (its records point at their nodes) when
    # the store lacks it; a need already loaded is used as it is (`build` refreshes all).
    if only:
        ids = [sid for sid in needed(catalogue, only) if sid in only or sid not in states]
    else:
        ids = build_order(catalogue)
    todo = [catalogue[sid] for sid in ids]
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
            triples = parse_triples(nt, res.work)
            change = graph_change(store, source.id, triples, b"_:" in nt, res.work)
            del nt
            say(source.id, "validating")
            timings["map"] += time.perf_counter() - tick
            tick = time.perf_counter()
            types = verdict.context_types(store, graph, source.id, new_types)
            context = verdict.validation_context(types)
            known = None if force or old is None or (old.extra or {}).get(
                "validation") != context else (old.extra or {}).get("warnings_by_node")
            report = verdict.validate_change(graph, types, change, known, triples)
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
            if len(report.by_node) <= verdict.MAX_REMEMBERED:
                extra["warnings_by_node"] = report.by_node
            state = SourceState(source.id, fp, datetime.now(timezone.utc).isoformat(
                timespec="seconds"), len(graph), res.warnings, extra)
            candidates[source.id] = (triples, state, res)
            changes[source.id], graphs[source.id] = change, graph
            new_types[source.id] = verdict.types_of(graph)
        except DataError as err:
            res.status = "quarantined"
            res.violations = len(err.issues)  # the table must not say 0 beside them
            res.messages.append(Later(str(err), err.shown))  # shown in the reader's language
        except NoSnapshotError as err:
            # Asked to refresh, the fetch failed and there is no earlier snapshot to fall
            # back on: nothing was built, a failure (not a quiet skip).
            res.status = "failed" if fetch_failed else "skipped"
            res.messages.append("nothing was built: there is no earlier snapshot to fall back "
                                "on" if fetch_failed else str(err))
        except PuentesError as err:
            res.status = "failed"
            res.messages.append(Later(str(err), err.shown))
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
    copied_graphs, copied_triples = [], 0  # what the checks needed of the store's graphs
    origins: dict = {}
    passed: dict[str, dict] = {}
    checks_run: list[str] = []
    checks_skipped: list[str] = []
    unchanged = {sid for sid in candidates if changes[sid].empty}
    # (Mapped again, but the graph is the one in the store: nothing to check or load but
    # its state; the record of the run is part of the graph, so this is rare.)
    if candidates:
        say("*", "checking")
        tick = time.perf_counter()
        record = store.build_record()
        known = record.get("checks", {}) if record.get("token") == store_token and not force \
            else {}
        todo_checks, checks_skipped = verdict.checks_to_run(
            store, known, {s: c for s, c in changes.items() if s not in unchanged}, graphs)
        checks_run = [p.stem for p in todo_checks]
        # what each check to run reads: from the record when its text is the same (reading
        # a query's algebra costs a third of a second), else read again
        reading = verdict.check_entries(todo_checks, known)
        if todo_checks:
            where = verdict.check_store(store, {sid: t for sid, (t, _s, _r) in candidates.items()
                                                if sid not in unchanged},
                                        [e["reads"] for e in reading.values()])
            copied_graphs, copied_triples = where.copied, where.triples
            check_failures = run_checks(where.store, only=todo_checks)
            verdict.sources_in_store(store, check_failures, set(candidates) - unchanged)
        failed = {f.check for f in check_failures}
        passed = {stem: known[stem] for stem in checks_skipped}
        passed.update({stem: e for stem, e in reading.items() if stem not in failed})
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
        for sid, (triples, state, res) in candidates.items():
            say(sid, "loading")
            # the difference computed once above, applied as it is: one update, or the
            # new graph loaded whole (nothing parsed or compared again)
            change = changes[sid]
            res.triples = store.apply_change(sid, triples, change.added, change.removed, state)
            loaded.append(sid)
        store_after = verdict.store_token(store, store.states()) if candidates else store_token
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
    done = [changes[sid] for sid in loaded if sid not in unchanged]
    return BuildReport(results, time.perf_counter() - t0, store, check_failures, timings,
                       checks_run, checks_skipped,
                       set().union(*(c.predicates for c in done)),
                       set().union(*(c.classes for c in done)), store_token, store_after,
                       origins, copied_graphs, copied_triples)


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
