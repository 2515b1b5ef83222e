"""Output paths that cannot be written (issue 20): ``plot --out`` and ``publish --to`` under a
file, through a link to a missing folder, in a folder this user may not write, on a file
system that refuses — each a clear message naming the path with what to do, exit 2, never
"unexpected FileExistsError … a bug in puentes", and nothing left behind."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root

FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"


def _place(tmp_path, where: str):
    """The output path of a case, and the message it must give."""
    (tmp_path / "afile").write_text("not a folder\n")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone" / "folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    return {"under-a-file": (tmp_path / "afile" / "out", "afile is a file, not a folder"),
            "dangling-link": (tmp_path / "dangling" / "out",
                              "is a link to a folder that does not exist"),
            "unwritable": (locked / "out", "cannot write in"),
            "proc": (tmp_path / "proc", "cannot write in")}[where]


def _args(command: str, out, store) -> list[str]:
    if command == "plot":
        return ["plot", "chain", str(FIXTURE), "--out", str(out) + ".svg"]
    return ["publish", "--store", str(store), "--to", str(out), "--no-ontology-docs"]


@pytest.mark.parametrize("where", ["under-a-file", "dangling-link", "unwritable", "proc"])
@pytest.mark.parametrize("command", ["plot", "publish"])
def test_an_output_path_that_cannot_be_written_is_a_clear_error(tmp_path, example_store, command,
                                                                 where):
    if where == "unwritable" and os.geteuid() == 0:
        pytest.skip("root writes in any folder; the 'proc' case covers a refusing folder")
    out, message = _place(tmp_path, where)
    if where == "proc":
        out = "/proc/1/puentes-out"  # a folder no one may create files in
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(cli, _args(command, out, example_store), env={"PUENTES_DEBUG": ""})
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert "bug in puentes" not in output and "unexpected" not in output
    assert message in output and ("--out" if command == "plot" else "--to") in output
    assert "→ " in output  # a hint: what to do
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing left behind
    (tmp_path / "locked").chmod(0o755)


def test_a_missing_folder_is_created(tmp_path):
    out = tmp_path / "new" / "deeper" / "chain.svg"
    result = CliRunner().invoke(cli, ["plot", "chain", str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 0 and out.is_file()
