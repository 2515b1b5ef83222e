"""Faults of the machine: a store on a read-only folder and on a full disk (a small tmpfs
mounted for the test; skipped where mounting is not permitted). Each gives a clear error,
exit 2 and no traceback, and corrupts nothing: once the fault is gone, the store holds
exactly what it held before and the next build succeeds."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from replay import Replay
from test_crash import graph_digest, make_home, set_version

from puentes import store as store_module
from puentes.build.loop import build
from puentes.cli import cli
from puentes.errors import StoreError
from puentes.store import GraphStore

pytestmark = pytest.mark.slow  # real builds on a read-only folder and a full tmpfs


def close_stores() -> None:
    """Release every store this process opened for writing (RocksDB holds files open)."""
    for gs in list(store_module._OPEN.values()):
        with contextlib.suppress(OSError):
            gs.close()


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(disk)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield disk
    finally:
        close_stores()
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def remount(disk: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(disk)], check=True)


def digests(path: Path) -> dict[str, str]:
    close_stores()
    store = GraphStore.open(path, read_only=True)
    try:
        counts, states = store.graphs(), store.states()
        assert {sid: st.triples for sid, st in states.items()} == counts
        return {sid: graph_digest(store, sid) for sid in counts}
    finally:
        store.close()


def fill(disk: Path) -> Path:
    """Write a file until the disk is full."""
    filler = disk / "filler"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 1_048_576)
                fh.flush()
        except OSError as err:
            assert err.errno == errno.ENOSPC
    return filler


def invoke(home: Path, store: Path, *args: str):
    result = CliRunner().invoke(cli, ["build", "--no-quality", *args],
                                env={"PUENTES_HOME": str(home), "PUENTES_STORE": str(store),
                                     "COLUMNS": "200", "PUENTES_DEBUG": ""})
    close_stores()
    return result


def assert_clear_failure(result, *fragments: str) -> None:
    out = result.output
    assert result.exit_code == 2, out
    assert "Traceback" not in out and "unexpected" not in out, out
    assert "→" in out, out
    assert any(f in out for f in fragments), out


@pytest.mark.timeout(600)
def test_read_only_store_and_full_disk_give_clear_errors_and_corrupt_nothing(tmp_path,
                                                                           small_disk,
                                                                           monkeypatch):
    home, store = tmp_path / "home", small_disk / "store"
    make_home(home)
    (home / "data" / "sources.yaml").write_text(
        (home / "data" / "sources.yaml").read_text().split("  worldbank:")[0])
    replay = Replay()  # the registry versions only; the World Bank is not in this catalogue
    set_version(home, replay, "A")
    first = invoke(home, store)
    assert first.exit_code == 0, first.output
    before = digests(store)
    set_version(home, replay, "B")

    # A read-only folder: the build cannot open the store for writing; reading still works.
    remount(small_disk, "ro")
    try:
        assert_clear_failure(invoke(home, store), "Read-only file system", "read-only")
        stats = CliRunner().invoke(cli, ["stats", "--store", str(store)])
        assert stats.exit_code == 0 and "registry" in stats.output, stats.output
    finally:
        remount(small_disk, "rw")
    assert digests(store) == before

    # A full disk: the build fails clearly; every graph stays whole.
    filler = fill(small_disk)
    try:
        assert_clear_failure(invoke(home, store, "--force"), "No space left", "disk")
    finally:
        filler.unlink()
    assert digests(store) == before

    # The disk fills up while the build loads: the store says what was loaded and what not.
    def fill_when_loading(event) -> None:  # noqa: ANN001 - a puentes.build.loop.BuildEvent
        if event.stage == "loading" and not (small_disk / "filler").exists():
            fill(small_disk)

    monkeypatch.setenv("PUENTES_HOME", str(home))
    with pytest.raises(StoreError) as err:
        build(store_path=store, force=True, progress=fill_when_loading)
    message, hint = err.value.message, err.value.hint
    del err  # its traceback holds the build's frames, and so the open store
    gc.collect()
    (small_disk / "filler").unlink()
    close_stores()
    assert "cannot write the store" in message
    assert "No space left" in message, message
    assert "not loaded (their previous graphs stay whole)" in hint
    assert digests(store) == before

    # The fault gone, the next build succeeds and loads version B.
    again = invoke(home, store)
    assert again.exit_code == 0, again.output
    after = digests(store)
    assert after["registry"] != before["registry"]
    assert {k: v for k, v in after.items() if k != "registry"} == \
        {k: v for k, v in before.items() if k != "registry"}


def test_a_second_build_on_the_same_store_stops_at_once(tmp_path):
    """Oxigraph would let two builds open one store: the write lock makes the second one
    stop with exit 2 and say why, before it touches anything."""
    from puentes.build.locks import writer_lock

    store = tmp_path / "store"
    with writer_lock(store):  # as a running build holds it
        result = CliRunner().invoke(cli, ["build", "--no-quality", "--store", str(store)])
    assert result.exit_code == 2, result.output
    assert "another build is writing the store" in result.output
    assert f"process {os.getpid()}" in result.output and "→ wait for it" in result.output
    assert not store.exists()
    with writer_lock(store):  # released when the holder ends
        pass
