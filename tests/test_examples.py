"""Every example runs (issue 18): the `puentes …` lines of every command's --help and of the
code blocks of README.md and docs/*.md are run, in that order, on a small project — the
model, the countries reference and the small registry of tests/sources/registry/good — with
a real Oxigraph server and a real `puentes serve` standing in for the endpoints the examples
name. An example exits 0 (1 when it validates a file made to be invalid, `*-bad.ttl`).

The few that cannot run in a test say why in :data:`NOT_RUN` (they reach the network, or
serve until stopped); those are still parsed by click, so that their options and values
exist. An entry of NOT_RUN that no document holds any more fails the test.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from catalogues import small_project
from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root

pytestmark = pytest.mark.slow  # every documented example, on real servers (minutes)

ROOT = project_root()

#: example → why it is parsed, not run
NOT_RUN = {
    "puentes build --refresh worldbank": "fetches the World Bank API (network)",
    "puentes build --refresh '*'": "fetches every remote source (network)",
    "puentes serve --port 8000": "serves until stopped (tests/test_serve.py runs the server)",
    "puentes serve": "serves until stopped (tests/test_serve.py runs the server)",
    "puentes build my-source": "a template: `my-source` is the reader's own source",
    "puentes publish --endpoint URL": "a template: URL is the reader's SPARQL store",
}
# Examples that compare or query releases a steward made before (versions named in the
# text): tests/test_release.py makes two real releases and runs release, diff, feeds and
# --release on them.
_RELEASES = "compares or queries earlier releases (tests/test_release.py runs the flow)"
NOT_RUN.update({
    "puentes diff 2026-06-01 2026-12-07": _RELEASES,
    "puentes diff latest store --format json '>' changes.json": _RELEASES,
    "puentes diff v1 v2 --format turtle --lang fr": _RELEASES,
    "puentes query 201 --release 2026-06-01 --param body=pid:organization/ecowas": _RELEASES,
    "puentes diff 2026.1 2026.2": _RELEASES,
    "puentes diff latest store --format json": _RELEASES,
    "puentes serve --releases releases": "serves until stopped (tests/test_release.py serves "
                                         "a release)",
})


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def _strip(line: str) -> str:
    """An example without its comment, its words quoted as a shell would need them."""
    return shlex.join(shlex.split(line, comments=True))


#: ``echo '…' | puentes …``: an example that reads standard input
ECHO = re.compile(r"^\s*echo '([^']*)' \| (puentes .*)$")


def examples() -> list[tuple[str, str]]:
    """(where, example) for every example, in order: the --help texts, then the docs. An
    example fed by ``echo '…' |`` keeps the pipe (the test gives the text as input)."""
    found: list[tuple[str, str]] = []
    runner = CliRunner()
    for path, _cmd in [((), cli), *_commands(cli)]:
        out = runner.invoke(cli, [*path, "--help"], terminal_width=200).output
        after = out.split("Example:", 1)[1] if "Example:" in out else ""
        where = " ".join(("puentes", *path, "--help"))
        # an example may go on over the next line (a trailing backslash, as in a shell)
        for line in after.split("\n\n", 1)[0].replace("\\\n", " ").splitlines():
            if line.strip().startswith("puentes "):
                found.append((where, _strip(line)))
            elif m := ECHO.match(line):
                found.append((where, f"echo {shlex.quote(m[1])} | {_strip(m[2])}"))
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        if doc.name == "commands.md":  # the --help texts again, read above
            continue
        block = False
        for line in doc.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
            if line.startswith("```"):
                block = not block
            elif block and (m := re.match(r"^\s*(?:\$ )?(?:\.venv/bin/)?(puentes \S.*)$",
                                          line)):
                found.append((doc.name, _strip(m.group(1))))
    return found


EXAMPLES = examples()


def test_examples_are_found():
    wheres = {w.split()[1] if w.startswith("puentes ") else w for w, _e in EXAMPLES}
    assert len(EXAMPLES) > 40 and {"build", "query", "README.md", "pictures.md"} <= wheres
    assert ("puentes query --help",
            "puentes query 012 --endpoint http://127.0.0.1:7878/query --param maxAge=5") \
        in EXAMPLES


def test_not_run_lists_only_examples_that_exist():
    assert set(NOT_RUN) <= {e for _w, e in EXAMPLES}


def _args(example: str, urls: dict[str, str], tmp: Path
          ) -> tuple[list[str], str | None, str | None]:
    """The command's arguments (endpoints and /srv paths moved to the test's), the file its
    standard output is redirected to, and its standard input."""
    for old, new in urls.items():
        example = example.replace(old, new)
    example = example.replace("/srv/", f"{tmp}/srv/")
    words = shlex.split(example)
    stdin = None
    if words[0] == "echo" and words[2] == "|":
        stdin, words = words[1] + "\n", words[3:]
    target = None
    if ">" in words:
        target = words[words.index(">") + 1]
        words = words[:words.index(">")]
    assert "|" not in words, f"a pipe in an example: run it by hand, or change it: {example}"
    return words[1:], target, stdin


def _parse(args: list[str]) -> None:
    """Parse ``puentes ARGS`` as click would, without running it (ClickException if wrong)."""
    cmd: click.Command = cli
    rest = list(args)
    ctx = click.Context(cli)
    while isinstance(cmd, click.Group):
        name, rest = rest[0], rest[1:]
        found = cmd.get_command(ctx, name)
        if found is None:
            raise click.UsageError(f"no such command {name!r}")
        cmd = found
    cmd.make_context(cmd.name or "", rest)


@pytest.mark.timeout(900)
def test_every_example_runs(tmp_path, monkeypatch):
    from servers import oxigraph_binary, oxigraph_server, puentes_server

    from puentes.web.app import create_app

    project = small_project(tmp_path / "project", ("ontology", "shapes", "queries", "tests"))
    monkeypatch.chdir(project)
    monkeypatch.delenv("PUENTES_STORE", raising=False)
    env = {"PUENTES_HOME": str(project), "PUENTES_STORE": "", "COLUMNS": "120",
           "PUENTES_DEBUG": ""}
    monkeypatch.setenv("PUENTES_HOME", str(project))
    runner = CliRunner()
    first = runner.invoke(cli, ["build"], env=env)
    assert first.exit_code == 0, first.output
    import gc

    from puentes.store import GraphStore

    GraphStore.open(project / ".puentes" / "store").close()  # the server snapshots it
    del first
    gc.collect()
    if oxigraph_binary() is None:
        pytest.skip("the Oxigraph server (pip install oxigraph) stands in for :7878")
    failures, ran = [], 0
    with oxigraph_server(tmp_path / "oxigraph") as oxi, \
            puentes_server(create_app(project / ".puentes" / "store")) as served:
        urls = {"http://127.0.0.1:7878": oxi, "http://127.0.0.1:8000": served}
        for where, example in EXAMPLES:
            args, target, stdin = _args(example, urls, tmp_path)
            if example in NOT_RUN:
                try:  # parsed: the options exist and their values convert
                    _parse(args)
                except click.ClickException as err:
                    failures.append(f"{where}: {example}\n  does not parse: {err}")
                continue
            result = runner.invoke(cli, args, env=env, input=stdin)
            ran += 1
            allowed = (0, 1) if "-bad." in example else (0,)
            if result.exit_code not in allowed:
                failures.append(f"{where}: {example}\n  exit {result.exit_code}: "
                                f"{result.output[-600:]}")
            elif target:
                Path(target).write_text(result.output, encoding="utf-8")
    assert not failures, "\n".join(failures)
    assert ran == sum(e not in NOT_RUN for _w, e in EXAMPLES) > 35
