"""The docs cover the command line (issue 13, as sqlite-utils does): every command is in the
README's command table, the command reference (docs/commands.md, generated from --help) is
current, and every command and option appears in the docs."""

from __future__ import annotations

import re

import click
import pytest

from puentes.cli import cli
from puentes.paths import project_root


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


COMMANDS = list(_commands(cli))
ROOT = project_root()


def _docs() -> str:
    return "\n".join(p.read_text(encoding="utf-8")
                     for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def _readme_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### Commands")
    return text[start:text.index("\n### ", start + 1)]


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=lambda x: " ".join(x) if isinstance(
    x, tuple) else "")
def test_every_command_is_in_the_readme_table(path, cmd):
    assert re.search(rf"`puentes {' '.join(path)}\b", _readme_table()), (
        f"add `puentes {' '.join(path)}` to the README's command table")


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=lambda x: " ".join(x) if isinstance(
    x, tuple) else "")
def test_every_option_is_documented(path, cmd):
    docs = _docs()
    missing = [opt for p in cmd.params if isinstance(p, click.Option)
               for opt in p.opts if opt.startswith("--") and opt != "--help"
               and not re.search(rf"{re.escape(opt)}\b", docs)]
    assert not missing, f"puentes {' '.join(path)}: document {missing} in README.md or docs/"


def test_the_command_reference_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("command_reference",
                                                  ROOT / "scripts/command_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs/commands.md").read_text(encoding="utf-8")
    assert current == module.reference(), (
        "docs/commands.md is out of date: run .venv/bin/python scripts/command_reference.py")
