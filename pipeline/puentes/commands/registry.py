"""``puentes registry check``: the registry's schema check, fast, without building."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_INVALID
from ..paths import data_dir


@click.group("registry")
def command() -> None:
    """Work with the curated registry files (data/registry/).

    \b
    Example:
      puentes registry check
    """


@command.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False,
                                                          exists=True))
def check(folder: Path | None) -> None:
    """Check the registry files and report every mistake at once: file, line, record,
    field, the value and what is expected. Exit 0 when valid, 1 when not.

    \b
    Example:
      puentes registry check
      puentes registry check tests/sources/registry/good
    """
    from ..registry.check import check_registry

    folder = folder or data_dir() / "registry"
    reg, issues = check_registry(folder)
    for issue in issues:
        click.echo(str(issue))
    if issues:
        click.secho(f"{len(issues)} problem(s) in {folder}: fix each line above, then run "
                    "`puentes registry check` again.", fg="red", err=True)
        raise SystemExit(EXIT_INVALID)
    click.echo(f"{folder}: {len(reg.records)} records, all valid.")
