"""Options several commands share, declared once so that their names and help agree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click


def store_option(func: Callable) -> Callable:
    """``--store PATH``: the embedded store's folder (default ``.puentes/store``)."""
    return click.option("--store", "store_path", type=click.Path(path_type=Path),
                        help="Store folder (default: .puentes/store).")(func)


def table_or_json(func: Callable) -> Callable:
    """``--format table|json``: a table for a person, JSON for a program."""
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]),
                        default="table", show_default=True,
                        help="A table for a person, or JSON for a program.")(func)
