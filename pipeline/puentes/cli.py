"""The ``puentes`` command line: a thin click group.

Each command lives in its own module under :mod:`puentes.commands` and exposes a click
command named ``command``; this module finds them, so adding a command never means editing
a shared file. Errors of type :class:`~puentes.errors.PuentesError` become a clear message,
a hint saying what to do next, and a distinct exit code (1 invalid data, 2 failure).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from . import commands
from .errors import EXIT_FAILURE, PuentesError


class PuentesGroup(click.Group):
    """A group that turns puentes errors into messages and exit codes instead of tracebacks."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's own signature
        try:
            return super().invoke(ctx)
        except PuentesError as err:
            click.secho(f"Error: {err.message}", fg="red", err=True)
            if err.hint:
                click.echo(f"  → {err.hint}", err=True)
            ctx.exit(err.exit_code)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(super().list_commands(ctx))


@click.group(cls=PuentesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="puentes", prog_name="puentes")
def cli() -> None:
    """puentes — the knowledge graph of regional and interregional cooperation against
    child labour: build it from its sources, check it, query it and publish it.

    \b
    Example:
      puentes build            # build the graph from the shipped sources (offline)
      puentes query --list     # the saved questions the graph answers
      puentes query 001        # answer one of them
    """


def _register_commands() -> None:
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            cli.add_command(command)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="puentes")
    except PuentesError as err:  # raised outside a command (e.g. while parsing options)
        click.secho(f"Error: {err}", fg="red", err=True)
        sys.exit(EXIT_FAILURE)


if __name__ == "__main__":
    main()
