"""The ``puentes`` command line: a thin click group.

Each command lives in its own module under :mod:`puentes.commands` and exposes a click
command named ``command``; this module finds them, so adding a command never means editing
a shared file. Errors of type :class:`~puentes.errors.PuentesError` become a clear message,
a hint saying what to do next, and a distinct exit code (1 invalid data, 2 failure).
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import sys
import traceback

import click

from puentes import commands
from puentes.commands.localized import LocalizedGroup
from puentes.commands.options import lang_option
from puentes.errors import EXIT_FAILURE, EXIT_INVALID, EXIT_OK, PuentesError
from puentes.i18n import N_, _
from puentes.i18n.lazy import render

#: Set it (to anything) to see the traceback of an unexpected error, for a bug report.
DEBUG_ENV = "PUENTES_DEBUG"


def _exit_code(code: object) -> int:
    """A ``SystemExit`` code as one of puentes' three: 0, 1 (invalid data), 2 (failure)."""
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code if code in (EXIT_OK, EXIT_INVALID, EXIT_FAILURE) else EXIT_FAILURE
    click.echo(str(code), err=True)  # sys.exit("message"): shown, then a failure
    return EXIT_FAILURE


class PuentesGroup(LocalizedGroup):
    """A group that turns every error into a message, a hint and an exit code (0 ok,
    1 invalid data, 2 failure) — never a traceback, unless ``PUENTES_DEBUG`` is set — in
    the run's language (a lower layer's :class:`~puentes.i18n.lazy.Msg` is rendered here)."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's own signature
        try:
            return super().invoke(ctx)
        except PuentesError as err:
            click.secho(_("Error: {message}", message=_shown(err)), fg="red", err=True)
            if err.hint:
                click.echo(f"  → {render(err.hint)}", err=True)
            ctx.exit(err.exit_code)
        except SystemExit as err:  # a library (uvicorn …) exiting with its own code
            ctx.exit(_exit_code(err.code))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # click's own: usage errors (2) and --help (0), handled by click
        except BrokenPipeError:  # the reader stopped reading (`… | head`): no bug to report,
            _quiet_stdout()  # but the output did not all arrive, as a killed `cat` says
            ctx.exit(EXIT_FAILURE)
        except KeyboardInterrupt:
            click.secho(_("Interrupted."), fg="red", err=True)
            ctx.exit(EXIT_FAILURE)
        except MemoryError:
            click.secho(_("Error: out of memory"), fg="red", err=True)
            click.echo("  → " + _("is an input far larger than expected? Free memory or give "
                                  "a smaller input, then run the command again"), err=True)
            ctx.exit(EXIT_FAILURE)
        except Exception as err:  # noqa: BLE001 - the last guard: a bug, not a traceback
            if os.environ.get(DEBUG_ENV):
                traceback.print_exc()
            click.secho(_("Error: unexpected {kind}: {text}", kind=type(err).__name__,
                          text=_short(err)), fg="red", err=True)
            click.echo("  → " + _("this is a bug in puentes: run again with {var}=1 to see "
                                  "where, and report it with the command you ran",
                                  var=DEBUG_ENV), err=True)
            ctx.exit(EXIT_FAILURE)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit does not fail
    again on the closed pipe (as the Python documentation advises for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (a test runner's buffer)
        pass


class _OneLine(logging.Formatter):
    """Library log records as one line each: no traceback reaches the user."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {' '.join(record.getMessage().split())}"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now (a test runner may have replaced it)."""

    @property
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # noqa: ANN001
        pass


def quiet_logging() -> None:
    """Warnings from libraries as one line on stderr; nothing below WARNING. Installed before
    any library configures logging (pyLODE calls ``basicConfig(level=DEBUG)`` on import,
    which does nothing once the root logger has a handler)."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, _OneLine) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(_OneLine())
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _shown(err: PuentesError) -> str:
    """The error's message in the run's language: a lower layer's
    :class:`~puentes.i18n.lazy.Msg` rendered, each problem of a :class:`DataError` shown
    with its file, line, record and field."""
    return err.said()


def _short(err: BaseException, limit: int = 500) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[:limit] + " …"


@click.group(cls=PuentesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="puentes", prog_name="puentes",
                      help=N_("Show the version and exit."))
@lang_option
def cli(lang: str) -> None:
    """puentes — the knowledge graph of regional and interregional cooperation against
    child labour: build it from its sources, check it, query it and publish it.

    \b
    Example:
      puentes build            # build the graph from the shipped sources (offline)
      puentes query --list     # the saved questions the graph answers
      puentes query 001        # answer one of them

    Language: --lang es|en|fr (before or after the command), else $PUENTES_LANG, else
    the locale ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG), else en.

    \b
    Shell completion (bash; zsh and fish alike, see docs/commands.md):
      eval "$(_PUENTES_COMPLETE=bash_source puentes)"
    """
    quiet_logging()


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
        click.secho(_("Error: {message}", message=_shown(err)), fg="red", err=True)
        if err.hint:
            click.echo(f"  → {render(err.hint)}", err=True)
        sys.exit(err.exit_code)
    except SystemExit as err:
        sys.exit(_exit_code(err.code))
    except Exception as err:  # noqa: BLE001 - the last guard, outside any command
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        click.secho(_("Error: unexpected {kind}: {text}", kind=type(err).__name__,
                      text=_short(err)), fg="red", err=True)
        sys.exit(EXIT_FAILURE)


if __name__ == "__main__":
    main()
