"""The command line a newcomer meets: every command is listed with a summary, every
command's help has an example, and the README's first block holds the two commands."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


COMMANDS = list(_commands(cli))


def test_main_help_lists_every_command():
    out = CliRunner().invoke(cli, ["--help"]).output
    for name in cli.commands:  # every registered command, not a list that can fall behind
        assert re.search(rf"^\s+{name}\s+\S", out, re.M), name


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=lambda x: " ".join(x) if isinstance(
    x, tuple) else "")
def test_every_command_has_help_with_an_example(path, cmd):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"puentes {' '.join(path)}" in result.output


def test_readme_opens_with_the_two_commands():
    text = (project_root() / "README.md").read_text()
    block = text.split("```")[1]
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    ci = (project_root() / ".ci" / "run").read_text()
    assert "make test" in ci


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_start_up_loads_no_rdf_library(args):
    """Issue 11: `puentes --version` and the command list start without rdflib or
    pyoxigraph (their import alone costs more than the 0.3 s start-up budget allows)."""
    import subprocess
    import sys

    code = (f"import sys\nfrom puentes.cli import main\nsys.argv = ['puentes', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rdflib', 'pyoxigraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]", out[-500:]


def _json_of(args: list[str], tmp_path) -> dict:
    import json

    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output[result.output.index("{"):])


def test_json_summaries_have_the_documented_keys(tmp_path):
    """`--json` of registry check, validate and plot: exactly the keys docs/commands.md lists
    (from puentes.commands.summaries); build's is checked in tests/test_registry.py."""
    from puentes.commands.summaries import PROBLEM, SUMMARIES

    root = project_root()
    fixture = str(root / "tests" / "fixtures" / "example-graph.ttl")
    registry = _json_of(["registry", "check", str(root / "tests/sources/registry/good"),
                         "--json"], tmp_path)
    assert set(registry) == set(SUMMARIES["registry check"]) and registry["valid"] is True
    validate = _json_of(["validate", str(root / "shapes/tests/FinancingShape-bad.ttl"),
                         "--json"], tmp_path)
    assert set(validate) == set(SUMMARIES["validate"]) and validate["conforms"] is False
    plot = _json_of(["plot", "chain", fixture, "--out", str(tmp_path / "c.svg"), "--json",
                     "--lang", "fr"], tmp_path)
    assert set(plot) == set(SUMMARIES["plot"])
    assert (plot["kind"], plot["format"], plot["lang"], plot["query"]) == (
        "chain", "svg", "fr", "008") and plot["rows"] > 0
    assert (tmp_path / "c.svg").read_text(encoding="utf-8").startswith("<")
    assert set(PROBLEM) == {"file", "line", "record", "field", "found", "expected", "check"}


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "markdown"])
def test_sources_in_every_format_and_language(fmt, tmp_path):
    """`puentes sources` (no store needed): headings in --lang for people, stable English
    column names for programs."""
    env = {"PUENTES_STORE": str(tmp_path / "none"), "COLUMNS": "200"}
    out = CliRunner(env=env).invoke(cli, ["sources", "--format", fmt, "--lang", "fr"]).output
    assert "registry" in out
    if fmt in ("csv", "tsv"):
        sep = "," if fmt == "csv" else "\t"
        assert out.splitlines()[0] == sep.join(
            ["id", "kind", "enabled", "licence", "last_build", "triples"])
    else:
        assert "dernière construction" in out and "licence" in out and "jamais" in out
        assert "last build" not in out
    if fmt == "markdown":
        assert out.splitlines()[0] == "**Sources (data/sources.yaml)**"


def test_a_reader_that_stops_reading_is_not_reported_as_a_bug():
    """`puentes … | head`: the closed pipe ends the command quietly with exit 2 (the output
    did not all arrive), not with "unexpected BrokenPipeError: this is a bug"."""
    import subprocess
    import sys

    root = project_root()
    proc = subprocess.Popen([sys.executable, "-m", "puentes.cli", "registry", "check",
                             str(root / "tests/sources/registry/bad"), "--no-rules"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the first line is written
    err = proc.stderr.read().decode()
    assert proc.wait() == 2 and "BrokenPipe" not in err and "bug" not in err, err
