"""``puentes build``: build the graph from its sources into the embedded store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from puentes.errors import EXIT_OK, StoreError

if TYPE_CHECKING:  # the pipeline (rdflib, pyshacl, pyoxigraph) loads only when it runs
    from rich.console import Console

    from puentes.build.loop import BuildReport

STATUS_STYLE = {"loaded": "green", "unchanged": "cyan", "quarantined": "red bold",
                "skipped": "yellow", "failed": "red bold", "disabled": "dim"}


@click.command("build")
@click.argument("sources", nargs=-1)
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Store folder (default: .puentes/store, or $PUENTES_STORE).")
@click.option("--refresh", "refresh", multiple=True, metavar="SOURCE",
              help="Fetch this remote source live first ('all' for every remote source). "
                   "Without it nothing touches the network.")
@click.option("--refresh-all", is_flag=True, help="Fetch every remote source live first.")
@click.option("--force", is_flag=True, help="Remap and revalidate even unchanged sources.")
@click.option("--catalogue", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Another source catalogue (default: data/sources.yaml).")
@click.option("--quality/--no-quality", default=True, show_default=True,
              help="Write the data-quality report next to the store.")
def command(sources: tuple[str, ...], store_path: Path | None, refresh: tuple[str, ...],
            refresh_all: bool, force: bool, catalogue: Path | None, quality: bool) -> None:
    """Build the graph: fetch → map → validate → load, for every source or the SOURCES named.

    Offline by default: the shipped snapshots in data/ are used. A source whose inputs are
    unchanged since its last good load is skipped. A source with invalid data is quarantined:
    not loaded, reported with file, record and field, and its last good graph stays.

    Exit codes: 0 all loaded, 1 something quarantined (fix the data), 2 a failure.

    \b
    Example:
      puentes build                       # everything, from the shipped data
      puentes build registry              # just the curated registry
      puentes build --refresh worldbank   # fetch the World Bank API live first
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from puentes.build.loop import BuildEvent, build

    console = Console(stderr=True)
    refresh_ids = ["*"] if refresh_all or "all" in refresh else list(refresh)
    columns = (SpinnerColumn(), TextColumn("{task.description:<40}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("sources", total=None)

        def progress(event: BuildEvent) -> None:
            if event.stage == "start":
                bar.update(task, total=event.total)
            elif event.stage == "done":
                bar.advance(task)
            else:
                bar.update(task, description=f"{event.source_id}: {event.stage}")

        report = build(list(sources) or None, store_path=store_path, refresh=refresh_ids,
                       force=force, catalogue_path=catalogue, progress=progress)
    print_summary(report, Console())
    if quality:
        from puentes.build.report.quality import update_quality_report

        try:
            paths, written = update_quality_report(report, force=force)
        except OSError as err:
            raise StoreError(f"the graph is built, but the data-quality report cannot be "
                             f"written: {err}", "free space on the disk or make the "
                             "folder writable; or build with --no-quality") from None
        Console().print(f"Data-quality report{'' if written else ' (unchanged)'}: {paths[0]}")
    if report.exit_code != EXIT_OK:
        raise SystemExit(report.exit_code)


def print_summary(report: BuildReport, console: Console) -> None:
    """The closing summary: per source, totals, entities per class, problems."""
    from rich.table import Table

    table = Table(title="puentes build", title_justify="left")
    for col in ("source", "status", "triples", "warnings", "violations", "time"):
        table.add_column(col, justify="right" if col not in ("source", "status") else "left")
    for r in report.results:
        style = STATUS_STYLE.get(r.status, "")
        table.add_row(r.source_id, f"[{style}]{r.status}[/]", f"{r.triples:,}",
                      str(r.warnings), str(r.violations), f"{r.seconds:.1f}s")
    console.print(table)
    for r in report.results:
        for msg in r.messages:
            colour = "red" if r.status in ("quarantined", "failed") else "yellow"
            console.print(f"[{colour}]{r.source_id}:[/] {msg}", markup=True, highlight=False)
    if report.store_path:
        from puentes.build.report.stats import entity_counts
        from puentes.namespaces import graph_iri

        store = report.store
        counts = entity_counts(store)
        # The triple counts recorded with each load: counting the store would scan it.
        states, ids = store.states(), store.source_ids()
        total = sum(states[sid].triples if sid in states else store.count(str(graph_iri(sid)))
                    for sid in ids)
        console.print(f"Store {report.store_path}: {total:,} triples in {len(ids)} graphs")
        if counts:
            console.print("Entities: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    quarantined = [r.source_id for r in report.results if r.status == "quarantined"]
    if quarantined:
        console.print(f"[red bold]Quarantined: {', '.join(quarantined)}[/] — not loaded; "
                      "the last good version stays. Fix the data named above and build again.")
    failed = [r.source_id for r in report.results if r.status == "failed"]
    if failed:
        console.print(f"[red bold]Failed: {', '.join(failed)}[/] — see the messages above.")
    console.print(f"Done in {report.seconds:.1f}s.")
