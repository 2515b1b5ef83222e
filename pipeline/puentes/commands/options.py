"""Options several commands share, declared once so that their names and help agree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from puentes.commands.localized import LANG_KEY
from puentes.i18n import LANGS, set_lang


def store_option(func: Callable) -> Callable:
    """``--store PATH``: the embedded store's folder (default ``.puentes/store``)."""
    return click.option("--store", "store_path", type=click.Path(path_type=Path),
                        help="Store folder (default: .puentes/store).")(func)


def table_formats(*extra: str, default: str = "table") -> Callable:
    """``--format``: ``table`` for a person; ``csv``, ``tsv``, ``markdown`` and the
    ``extra`` ones (``json`` …) for a program or a document."""
    choices = ["table", *extra, "csv", "tsv", "markdown"]

    def decorate(func: Callable) -> Callable:
        return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                            show_default=True,
                            help="table: for a person (cells wrap at word boundaries, a "
                                 "too-long word is cut with …); csv, tsv, markdown"
                                 + (", " + ", ".join(extra) if extra else "")
                                 + ": for a program or a document.")(func)
    return decorate


def table_or_json(func: Callable) -> Callable:
    """``--format table|json|csv|tsv|markdown``."""
    return table_formats("json")(func)


def json_option(func: Callable) -> Callable:
    """``--json``: a summary for programs on standard output (keys: docs/commands.md)."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print a JSON summary on standard output instead of text (its "
                             "keys are listed in docs/commands.md and stay stable).")(func)


def _choose_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    # without --lang here, one given before the command (`puentes --lang es query …`) holds
    ctx.meta[LANG_KEY] = chosen = set_lang(value or ctx.meta.get(LANG_KEY))
    return chosen


def lang_option(func: Callable) -> Callable:
    """``--lang es|en|fr``: the language of headers, messages and labels; default
    ``PUENTES_LANG``, else the locale, else English. Set first (eager), so that even the
    messages about the other options are in it."""
    return click.option("--lang", type=click.Choice(list(LANGS)), default=None,
                        is_eager=True, callback=_choose_lang,
                        show_default="$PUENTES_LANG, else the locale, else en",
                        help="Language of headers, messages and labels.")(func)
