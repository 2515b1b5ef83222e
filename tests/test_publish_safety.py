"""`puentes publish --to DIR` that a user can trust: it replaces only a folder an earlier
publish wrote (else exit 2 with a hint), cleans the leftovers of killed runs, and a kill -9 at
any instant leaves the site old or new — never missing, never mixed — with the next publish
succeeding."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root
from puentes.query import store_from_files
from puentes.store import GraphStore
from puentes.web.publish import publish
from puentes.web.publish.atomic import MARKER, TargetNotOursError

FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
KILLS = 24


pytestmark = pytest.mark.slow  # real publishes, killed and refused


def _store(extra: bool = False) -> GraphStore:
    store = store_from_files([FIXTURE], with_model=False)
    if extra:  # the "new" graph: one more resource than the old one
        store.store.add(ox.Quad(ox.NamedNode("https://w3id.org/puentes/id/organization/new-one"),
                                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                ox.Literal("A new one", language="en"),
                                ox.NamedNode("https://w3id.org/puentes/graph/file-0")))
    return store


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def _dumps_consistent(folder: Path) -> bool:
    sums = dict(line.split("  ")[::-1] for line in
                (folder / "dumps" / "SHA256SUMS").read_text().splitlines())
    return all(hashlib.sha256((folder / "dumps" / name).read_bytes()).hexdigest() == digest
               for name, digest in sums.items())


def test_refuses_a_folder_it_did_not_write_and_force_overrides(tmp_path):
    target = tmp_path / "x"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(TargetNotOursError) as err:
        publish(_store(), target, ontology_docs=False)
    assert "--force" in str(err.value) and (target / "notes.txt").read_text() == "mine"
    publish(_store(), target, ontology_docs=False, force=True)
    assert not (target / "notes.txt").exists() and (target / MARKER).is_file()
    publish(_store(), target, ontology_docs=False)  # its own folder: replaced without --force
    empty = tmp_path / "empty"
    empty.mkdir()
    publish(_store(), empty, ontology_docs=False)  # an empty folder is fine too
    assert (empty / "index.html").is_file()


def test_cli_exits_2_with_a_hint_and_keeps_the_files(tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    disk = GraphStore.open(store_dir)
    disk.store.load(FIXTURE.read_bytes(), format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode("https://w3id.org/puentes/graph/registry"))
    disk.store.flush()
    del disk
    from puentes import store as store_module

    store_module._OPEN.clear()
    target = tmp_path / "www"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    args = ["publish", "--store", str(store_dir), "--to", str(target), "--no-ontology-docs"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "--force" in result.output and "Traceback" not in result.output
    assert (target / "notes.txt").read_text() == "mine"
    result = CliRunner().invoke(cli, [*args, "--force"])
    assert result.exit_code == 0, result.output
    assert (target / MARKER).is_file() and not (target / "notes.txt").exists()


def test_leftovers_of_killed_runs_are_cleaned_and_live_ones_kept(tmp_path):
    target = tmp_path / "site"
    publish(_store(), target, ontology_docs=False)
    dead = tmp_path / ".site.new-999999999-abc"  # no such process
    dead.mkdir()
    (dead / "big.nt").write_text("x")
    alive = tmp_path / f".site.new-{os.getpid()}-abc"  # a publish still running
    alive.mkdir()
    legacy = tmp_path / ".site.new-k2j3h4x9"  # an older puentes named them without a pid
    legacy.mkdir()
    recent = tmp_path / ".site.new-q8w7e6r5"
    recent.mkdir()
    two_hours_ago = time.time() - 7200
    os.utime(legacy, (two_hours_ago, two_hours_ago))
    publish(_store(), target, ontology_docs=False)
    assert not dead.exists() and alive.exists()
    assert not legacy.exists() and recent.exists()  # an hour old counts as abandoned


def _publish_child(target: str, extra: bool = True) -> None:
    publish(_store(extra=extra), Path(target), ontology_docs=False)
    os._exit(0)


def test_kill_9_at_random_points_leaves_the_old_or_the_new_site(tmp_path):
    ctx = multiprocessing.get_context("fork")
    scratch = tmp_path / "new"
    publish(_store(extra=True), scratch, ontology_docs=False)
    new_files = _files(scratch)
    target = tmp_path / "site"
    publish(_store(), target, ontology_docs=False)
    old_files = _files(target)
    assert old_files != new_files
    t0 = time.perf_counter()  # how long one publish takes here: the kills spread over it
    child = ctx.Process(target=_publish_child, args=(str(tmp_path / "timing"),))
    child.start()
    child.join()
    span = time.perf_counter() - t0
    rnd = random.Random(20261126)
    outcomes = {"old": 0, "new": 0}
    current = old_files
    for _ in range(KILLS):
        # each run publishes the other version, so that a kill that lands after a complete
        # run is told apart from one that lands before the swap
        extra = current == old_files
        child = ctx.Process(target=_publish_child, args=(str(target), extra))
        child.start()
        time.sleep(rnd.uniform(0, span * 1.1))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        files = _files(target)
        assert files in (old_files, new_files), sorted(files ^ old_files)[:10]
        assert (target / MARKER).is_file() and _dumps_consistent(target)
        outcomes["old" if files == current else "new"] += 1
        current = files
    # the next publish succeeds and leaves no work folder behind
    publish(_store(), target, ontology_docs=False)
    assert _files(target) == old_files and _dumps_consistent(target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) == []
    assert outcomes["old"] > 0, outcomes  # the kills did land during the runs
