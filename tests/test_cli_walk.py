"""Every command, with wrong options and values: no traceback, an exit code in {0, 1, 2}, and
a hint saying what to do. The commands are discovered from the click group, so a command
added later is walked too.

The environment points at a store that does not exist, so that no variant builds, publishes
or serves anything for real: each one must fail fast, clearly.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from puentes.cli import cli


def walk(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...],
                                                                    click.Command]]:
    """Every (sub)command under ``group`` with its path of names."""
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        out.append(((*path, name), cmd))
        if isinstance(cmd, click.Group):
            out += walk(cmd, (*path, name))
    return out


COMMANDS = walk(cli)
LEAVES = [(p, c) for p, c in COMMANDS if not isinstance(c, click.Group)]


def wrong_value(param: click.Option, a_file: Path) -> str:
    """A value of the right shape for the shell but wrong for the option."""
    t = param.type
    if isinstance(t, click.Choice):
        return "no-such-choice"
    if isinstance(t, click.types.IntParamType | click.types.FloatParamType):
        return "abc"
    if isinstance(t, click.Path):
        # a folder expected: give a file; a file expected: give one that does not exist
        return str(a_file) if not t.file_okay or not t.exists else "/nonexistent/puentes/x"
    name = param.name or ""
    if "url" in name or "endpoint" in name:
        return "not a web address"
    if name == "host":
        return "999.999.1.1"
    if name == "params":
        return "no-equals-sign"
    return "no-such-value"


def variants(path: tuple[str, ...], cmd: click.Command, a_file: Path) -> list[list[str]]:
    """Wrong invocations of one command: an unknown option, each option with a wrong value,
    missing and surplus arguments."""
    out = [[*path, "--no-such-option"], [*path, "unexpected", "extra", "arguments"]]
    if any(isinstance(p, click.Argument) and p.required for p in cmd.params):
        out.append([*path])
    for p in cmd.params:
        if isinstance(p, click.Option) and not p.is_flag and p.name != "help":
            out.append([*path, p.opts[-1] if p.opts[-1].startswith("--") else p.opts[0],
                        wrong_value(p, a_file)])
    return out


@pytest.fixture
def env(tmp_path):
    return {"PUENTES_STORE": str(tmp_path / "no-store"), "COLUMNS": "200",
            "PUENTES_DEBUG": "", "PUENTES_ENDPOINT_TOKEN": ""}


def check(result, args: list[str]) -> None:
    shown = f"puentes {' '.join(args)} → exit {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert "Traceback" not in result.output, shown
    assert result.exit_code in (0, 1, 2), shown
    if result.exit_code:
        assert any(h in result.output for h in ("→", "Try '", "--help")), \
            f"no hint saying what to do:\n{shown}"


def test_the_walk_finds_every_command():
    names = {" ".join(p) for p, _c in LEAVES}
    assert {"build", "query", "publish", "serve", "validate", "registry check", "sources",
            "stats"} <= names


@pytest.mark.timeout(240)
@pytest.mark.parametrize("path", [p for p, _c in LEAVES], ids=" ".join)
def test_wrong_options_and_values_get_a_clear_error(path, tmp_path, env, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cmd = dict(LEAVES)[path]
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("not what was expected\n")
    runner = CliRunner()
    tried = variants(path, cmd, a_file)
    for args in tried:
        check(runner.invoke(cli, args, env=env), args)
    assert len(tried) >= 2


@pytest.mark.parametrize("path", [p for p, _c in COMMANDS], ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"puentes {' '.join(path)} --help has no example"


def test_the_console_script_never_shows_a_traceback(tmp_path):
    """Through the real entry point (``puentes.cli:main``), in a process of its own: a usage
    error, a failure and an unexpected error inside a library."""
    exe = [sys.executable, "-c", "from puentes.cli import main; main()"]
    cases = [(["query", "009", "--param", "threshold=abc", "--store", str(tmp_path / "x")], 2),
             (["serve", "--port", "99999"], 2),
             (["stats", "--store", str(tmp_path / "none")], 2),
             (["no-such-command"], 2)]
    for args, code in cases:
        proc = subprocess.run([*exe, *args], capture_output=True, text=True, timeout=120,
                              cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
        out = proc.stdout + proc.stderr
        assert proc.returncode == code, f"{args}: {proc.returncode}\n{out}"
        assert "Traceback" not in out, out
