"""``puentes build``: build the graph from its sources into the embedded store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from puentes.commands.localized import LocalizedCommand
from puentes.commands.options import json_option, lang_option
from puentes.errors import EXIT_OK, StoreError
from puentes.i18n import N_, _
from puentes.i18n.lazy import render

if TYPE_CHECKING:  # the pipeline (rdflib, pyshacl, pyoxigraph) loads only when it runs
    from rich.console import Console

    from puentes.build.loop import BuildReport

STATUS_STYLE = {"loaded": "green", "unchanged": "cyan", "quarantined": "red bold",
                "skipped": "yellow", "failed": "red bold", "disabled": "dim"}
#: the status words as a person reads them (the JSON summary keeps the ids above)
STATUS_WORDS = {"loaded": N_("loaded"), "unchanged": N_("unchanged"),
                "quarantined": N_("quarantined"), "skipped": N_("skipped"),
                "failed": N_("failed"), "disabled": N_("disabled")}
#: the stages of the progress line (puentes.build.loop.STAGES)
STAGE_WORDS = {"fetching": N_("fetching"), "mapping": N_("mapping"),
               "validating": N_("validating"), "checking": N_("checking"),
               "loading": N_("loading")}


@click.command("build", cls=LocalizedCommand)
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
@json_option
@lang_option
def command(sources: tuple[str, ...], store_path: Path | None, refresh: tuple[str, ...],
            refresh_all: bool, force: bool, catalogue: Path | None, quality: bool,
            as_json: bool, lang: str) -> None:
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
      puentes build registry --json --lang fr
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
        task = bar.add_task(_("sources"), total=None)

        def progress(event: BuildEvent) -> None:
            if event.stage == "start":
                bar.update(task, total=event.total)
            elif event.stage == "done":
                bar.advance(task)
            else:
                stage = _(STAGE_WORDS.get(event.stage, event.stage))
                bar.update(task, description=f"{event.source_id}: {stage}")

        report = build(list(sources) or None, store_path=store_path, refresh=refresh_ids,
                       force=force, catalogue_path=catalogue, progress=progress)
    if not as_json:
        print_summary(report, Console())
    quality_path = None
    if quality:
        from puentes.build.report.quality import update_quality_report

        try:
            paths, written = update_quality_report(report, force=force)
        except OSError as err:
            raise StoreError(_("the graph is built, but the data-quality report cannot be "
                               "written: {error}", error=err),
                             _("free space on the disk or make the folder writable; or "
                               "build with --no-quality")) from None
        quality_path = str(paths[0])
        if not as_json:
            Console().print((_("Data-quality report: {path}") if written else
                             _("Data-quality report (unchanged): {path}")).format(path=paths[0]),
                            highlight=False)
    if as_json:
        click.echo(json.dumps(summary(report, quality_path), indent=2, ensure_ascii=False))
    if report.exit_code != EXIT_OK:
        raise SystemExit(report.exit_code)


def summary(report: BuildReport, quality_report: str | None = None) -> dict:
    """The build for a program (``--json``): the keys documented in docs/commands.md."""
    from puentes.commands.registry import _shown

    failures = []
    for f in report.check_failures:
        issue = f.locate(report.check_origins)
        failures.append({"check": f.name, "sources": f.source_ids,
                         "file": _shown(issue.file) if issue else None,
                         "line": issue.line if issue else None,
                         "record": issue.record if issue else None,
                         "field": issue.field if issue else None,
                         "found": issue.value if issue else f.found(),
                         "expected": issue.expected if issue else f.describe().split(
                             "\n  → ", 1)[-1]})
    return {
        "exit_code": report.exit_code, "seconds": round(report.seconds, 3),
        "store": str(report.store_path) if report.store_path else None,
        "sources": [{"id": r.source_id, "status": r.status, "triples": r.triples,
                     "warnings": r.warnings, "violations": r.violations,
                     "seconds": round(r.seconds, 3), "messages": r.messages,
                     "work": r.work}
                    for r in report.results],
        "quarantined": [r.source_id for r in report.results if r.status == "quarantined"],
        "failed": [r.source_id for r in report.results if r.status == "failed"],
        "checks_run": report.checks_run, "check_failures": failures,
        "check_graphs": report.check_graphs, "check_copied": report.check_copied,
        "quality_report": quality_report,
    }


def print_summary(report: BuildReport, console: Console) -> None:
    """The closing summary: per source, totals, entities per class, problems."""
    from rich.markup import escape

    from puentes.commands.tables import Column, TableData, rich_table

    data = TableData("puentes build", [
        Column(_("source")), Column(_("status")), Column(_("triples"), right=True),
        Column(_("warnings"), right=True), Column(_("violations"), right=True),
        Column(_("time"), right=True)])
    for r in report.results:
        style = STATUS_STYLE.get(r.status, "")
        word = escape(_(STATUS_WORDS.get(r.status, r.status)))
        data.rows.append([escape(r.source_id), f"[{style}]{word}[/]", f"{r.triples:,}",
                          str(r.warnings), str(r.violations), f"{r.seconds:.1f}s"])
    console.print(rich_table(data, markup=True))
    for r in report.results:
        for msg in r.messages:
            colour = "red" if r.status in ("quarantined", "failed") else "yellow"
            console.print(f"[{colour}]{r.source_id}:[/] {escape(render(msg))}", markup=True,
                          highlight=False)
    if report.store_path:
        from puentes.build.report.stats import entity_counts
        from puentes.namespaces import graph_iri

        store = report.store
        counts = entity_counts(store)
        # The triple counts recorded with each load: counting the store would scan it.
        states, ids = store.states(), store.source_ids()
        total = sum(states[sid].triples if sid in states else store.count(str(graph_iri(sid)))
                    for sid in ids)
        console.print(_("Store {path}: {triples:,} triples in {graphs} graphs",
                        path=report.store_path, triples=total, graphs=len(ids)),
                      highlight=False)
        if counts:
            console.print(_("Entities: ") + ", ".join(f"{k} {v:,}" for k, v in counts.items()),
                          highlight=False)
    quarantined = [r.source_id for r in report.results if r.status == "quarantined"]
    if quarantined:
        head = escape(_("Quarantined: {ids}", ids=", ".join(quarantined)))
        console.print(f"[red bold]{head}[/] — " + escape(_(
            "not loaded; the last good version stays. Fix the data named above and build "
            "again.")))
    failed = [r.source_id for r in report.results if r.status == "failed"]
    if failed:
        head = escape(_("Failed: {ids}", ids=", ".join(failed)))
        console.print(f"[red bold]{head}[/] — " + escape(_("see the messages above.")))
    console.print(_("Done in {seconds:.1f}s.", seconds=report.seconds), highlight=False)
