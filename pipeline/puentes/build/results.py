"""What a build reports: per source (:class:`SourceResult`), for the whole run
(:class:`BuildReport`, with the exit code) and as it goes (:class:`BuildEvent`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from puentes.check.checks import CheckFailure
from puentes.errors import EXIT_FAILURE, EXIT_INVALID, EXIT_OK
from puentes.store import GraphStore


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
    #: how often its new graph was parsed and compared with the store (once each: the
    #: edit's walk, docs/pipeline.md)
    work: dict[str, int] = field(default_factory=lambda: {"parsed": 0, "diffed": 0})


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
    #: the graphs of the store copied beside the new ones for the checks (only those the
    #: checks run read), and how many triples that was
    check_graphs: list[str] = field(default_factory=list)
    check_copied: int = 0

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
