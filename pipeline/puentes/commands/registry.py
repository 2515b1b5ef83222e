"""``puentes registry check``: the registry's schema check, fast, without building."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import click

from puentes.errors import EXIT_INVALID
from puentes.paths import data_dir


@click.group("registry")
def command() -> None:
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


@command.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False,
                                                          exists=True))
def check(folder: Path | None) -> None:
    """Check the registry files in FOLDER (default: data/registry/) and report every mistake
    at once, one per line:

    \b
      file:line: record 'id' field 'x': got …; expected …

    Exit 0 when every record is valid, 1 when not. Warnings (lines starting with
    "warning:", such as a name whose origin is not given yet) are shown and do not change
    the exit code. It takes seconds; `puentes build` runs the same check before mapping,
    then the SHACL shapes.

    \b
    Example:
      puentes registry check
      puentes registry check tests/sources/registry/good
    """
    from puentes.ingest.registry.check import check_registry

    folder = folder or data_dir() / "registry"
    reg, issues = check_registry(folder)
    for warning in reg.warnings:
        click.echo("warning: " + str(dataclasses.replace(warning, file=_shown(warning.file))))
    for issue in issues:
        click.echo(str(dataclasses.replace(issue, file=_shown(issue.file))))
    if issues:
        guide = _shown(data_dir() / "registry" / "README.md")
        click.secho(f"{len(issues)} problem(s) in {_shown(folder)}: fix each line above (the "
                    f"guide {guide} explains every message), then run `puentes registry "
                    "check` again.", fg="red", err=True)
        raise SystemExit(EXIT_INVALID)
    kinds = Counter(rec.kind.name for rec in reg.records)
    click.echo(f"{_shown(folder)}: {len(reg.records)} records, all valid ("
               + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")"
               + (f"; {len(reg.warnings)} warning(s) above." if reg.warnings else "."))
