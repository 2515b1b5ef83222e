"""``puentes registry check``: the registry's schema check, fast, without building."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import click

from puentes.check.hints import check_help
from puentes.commands.localized import LocalizedGroup
from puentes.commands.options import json_option, lang_option
from puentes.errors import EXIT_INVALID, DataIssue
from puentes.i18n import _, gettext
from puentes.paths import data_dir


@click.group("registry", cls=LocalizedGroup)
@lang_option
def command(lang: str) -> None:
    """Work with the curated registry files (data/registry/).

    \b
    Example:
      puentes registry check
    """


def _shown(path: Path | str) -> str:
    """``path`` relative to the current folder when it is under it, as a steward types it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _issue_json(issue: DataIssue, check: str | None = None) -> dict:
    """One problem for a program: the keys documented in docs/commands.md."""
    return {"file": _shown(issue.file), "line": issue.line, "record": issue.record,
            "field": issue.field, "found": issue.value if isinstance(
                issue.value, str | int | float | bool) or issue.value is None
            else repr(issue.value), "expected": issue.expected, "check": check}


@command.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False,
                                                          exists=True))
@click.option("--rules/--no-rules", default=True, show_default=True,
              help="After the schema check, run the cross-record rules (queries/checks/) on "
                   "the registry mapped in memory with the countries reference — what the "
                   "build runs, so that 'all valid' means the build accepts it.")
@json_option
@lang_option
def check(folder: Path | None, rules: bool, as_json: bool, lang: str) -> None:
    """Check the registry files in FOLDER (default: data/registry/) and report every mistake
    at once, one per line:

    \b
      file:line: record 'id' field 'x': got …; expected …

    First the schema (every field of every record), then, when it passes, the cross-record
    rules of queries/checks/ (a participant is a member of the body during the instrument,
    memberships do not overlap, …) on the registry mapped in memory: each failure names the
    file, line, record and field, what was found and what to do. Exit 0 when every record is
    valid, 1 when not. Warnings (lines starting with "warning:", such as a name whose origin
    is not given yet) are shown and do not change the exit code. It takes seconds, without
    a store; `puentes build` runs the same checks before loading.

    \b
    Example:
      puentes registry check
      puentes registry check tests/sources/registry/good --lang es
      puentes registry check --json
    """
    from puentes.ingest.registry.check import check_registry

    folder = folder or data_dir() / "registry"
    reg, issues = check_registry(folder)
    problems = [_issue_json(i) for i in issues]
    lines = [dataclasses.replace(i, file=_shown(i.file)).shown() for i in issues]
    checks_run = 0
    if not issues and rules:
        from puentes.build.registry_rules import registry_rules

        result = registry_rules(reg)
        checks_run = result.checks
        for failure in result.failures:
            located = failure.locate(result.origins)
            if located is not None:
                problems.append(_issue_json(located, failure.name))
                lines.append(dataclasses.replace(located, file=_shown(located.file)).shown())
            else:
                problems.append({"file": None, "line": None, "record": None, "field": None,
                                 "found": failure.found(), "expected": gettext(
                                     check_help(failure.check).expected, check=failure.check,
                                     ic=failure.name[3:8].upper()), "check": failure.name})
                lines.append(failure.describe())
    kinds = Counter(rec.kind.name for rec in reg.records)
    if as_json:
        click.echo(json.dumps({
            "folder": _shown(folder), "valid": not problems, "records": len(reg.records),
            "kinds": dict(sorted(kinds.items())), "checks_run": checks_run,
            "problems": problems, "warnings": [_issue_json(w) for w in reg.warnings]},
            indent=2, ensure_ascii=False))
        if problems:
            raise SystemExit(EXIT_INVALID)
        return
    for warning in reg.warnings:
        click.echo(_("warning: ") + dataclasses.replace(warning, file=_shown(warning.file))
                   .shown())
    for line in lines:
        click.echo(line)
    if problems:
        guide = _shown(data_dir() / "registry" / "README.md")
        click.secho(_("{n} problem(s) in {folder}: fix each line above (the guide {guide} "
                      "explains every message), then run `puentes registry check` again.",
                      n=len(problems), folder=_shown(folder), guide=guide),
                    fg="red", err=True)
        raise SystemExit(EXIT_INVALID)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    text = _("{folder}: {n} records, all valid ({kinds})", folder=_shown(folder),
             n=len(reg.records), kinds=counts)
    if checks_run:
        text += _("; {n} cross-record rules pass", n=checks_run)
    if reg.warnings:
        text += _("; {n} warning(s) above.", n=len(reg.warnings))
    else:
        text += "."
    click.echo(text)
