"""Crashes and faults: a build killed with SIGKILL at random moments, a full disk, a
read-only store. Afterwards the store and the snapshots are each the old version or the new
one — never a mix — and the next build succeeds.

The builds run as real processes (``python -m puentes.cli build``) over a small project home:
the registry fixture and the World Bank connector, fetched from a replay server on 127.0.0.1.
Two versions of each input (A and B) alternate, so every killed build has work to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from replay import Replay, Reply, replay_server

from puentes.namespaces import PID, graph_iri
from puentes.store import GraphStore

pytestmark = pytest.mark.slow  # SIGKILL at random moments of real builds (a kill loop)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "sources" / "worldbank"
WB_MAIN = "/country/all/indicator/SL.TLF.0714.ZS"
WB_CODES = ("SL.TLF.0714.ZS", "SL.TLF.0714.FE.ZS", "SL.TLF.0714.MA.ZS", "SL.TLF.0714.SW.FE.ZS",
            "SL.TLF.0714.SW.MA.ZS", "SL.TLF.0714.WK.FE.ZS", "SL.TLF.0714.WK.MA.ZS")
KILLS = 20
EXTRA_EVENT = ("- id: crash-test-meeting\n  name: {en: Crash test meeting}\n  translated: [en]\n"
               "  sources:\n"
               "    - url: https://example.org/crash-test\n      accessed: 2024-01-01\n")


def make_home(home: Path) -> None:
    """A project home: the model linked; a catalogue of the ontology, the countries (read in
    place), the registry and the World Bank."""
    home.mkdir(parents=True)
    for name in ("ontology", "shapes", "queries", "docs"):
        (home / name).symlink_to(ROOT / name)
    (home / "data" / "raw").mkdir(parents=True)
    sources = {
        "ontology": {"title": "model", "kind": "model", "location": str(ROOT / "ontology"),
                     "licence": "CC-BY-4.0", "publisher": "puentes"},
        "countries": {"title": "countries", "kind": "reference-data",
                      "location": str(ROOT / "data" / "raw" / "countries"),
                      "licence": "PDDL", "publisher": "datasets"},
        "registry": {"title": "registry", "kind": "curated-registry",
                     "location": "data/registry/", "licence": "CC-BY-4.0",
                     "publisher": "stewards"},
        "worldbank": {"title": "World Bank", "kind": "remote-api",
                      "location": "data/raw/worldbank/", "licence": "CC-BY-4.0",
                      "publisher": "The World Bank", "url": "https://api.worldbank.org/v2"}}
    (home / "data" / "sources.yaml").write_text(yaml.safe_dump({"sources": sources}))


def set_version(home: Path, replay: Replay, version: str) -> None:
    """Registry and World Bank answers of version A or B."""
    reg = home / "data" / "registry"
    shutil.rmtree(reg, ignore_errors=True)
    shutil.copytree(ROOT / "tests" / "sources" / "registry" / "good", reg,
                    ignore=shutil.ignore_patterns("expected*"))
    page1 = (FIXTURES / "worldbank-page-1.json").read_bytes()
    if version == "B":
        with (reg / "events.yaml").open("a", encoding="utf-8") as fh:
            fh.write(EXTRA_EVENT)
        page1 = page1.replace(b'"value":3.5', b'"value":3.6')
    for code in WB_CODES:
        replay.add(f"/country/all/indicator/{code}",
                   Reply(200, (FIXTURES / "worldbank-empty.json").read_bytes()))
    replay.add(WB_MAIN + "?page=1", Reply(200, page1, {"ETag": f'"{version}"'}))
    replay.add(WB_MAIN + "?page=2", Reply(200, (FIXTURES / "worldbank-page-2.json").read_bytes()))


def build_cmd() -> list[str]:
    return [sys.executable, "-m", "puentes.cli", "build", "--refresh", "worldbank",
            "--no-quality"]


def env_for(home: Path, base: str) -> dict[str, str]:
    return {**os.environ, "PUENTES_HOME": str(home),
            "PUENTES_STORE": str(home / ".puentes" / "store"), "PUENTES_WORLDBANK_URL": base,
            "PUENTES_HTTP_ATTEMPTS": "1", "PUENTES_HTTP_BACKOFF": "0", "COLUMNS": "200"}


def graph_digest(store: GraphStore, sid: str) -> str:
    """The graph of one source, without its run record (times differ between runs) and
    without blank nodes (their labels differ): what the inputs decided."""
    run = str(PID) + "run/"
    lines = []
    for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(sid))):
        s, o = str(q.subject), str(q.object)
        if s.startswith("_:") or o.startswith("_:") or run in s or run in o:
            continue
        lines.append(f"{s} {q.predicate} {o}")
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def snapshot_digest(folder: Path) -> str | None:
    """The snapshot as a set of files, checked against its own manifest (snapshot.json)."""
    if not folder.is_dir():
        return None
    meta = json.loads((folder / "snapshot.json").read_text())
    for name, entry in meta["files"].items():
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} does not match snapshot.json: a mixed snapshot"
    return hashlib.sha256(json.dumps(sorted(meta["files"].items()), sort_keys=True)
                          .encode()).hexdigest()


def state_of(home: Path) -> tuple[dict[str, str], str | None]:
    """Per source graph digests (checked against the recorded build state), snapshot digest."""
    store = GraphStore.open(home / ".puentes" / "store", read_only=True)
    try:
        counts, states = store.graphs(), store.states()
        for sid, st in states.items():
            assert counts.get(sid) == st.triples, f"{sid}: build state and graph disagree"
        graphs = {sid: graph_digest(store, sid) for sid in counts}
    finally:
        store.close()
    return graphs, snapshot_digest(home / "data" / "raw" / "worldbank")


def run_build(home: Path, base: str) -> subprocess.CompletedProcess:
    return subprocess.run(build_cmd(), env=env_for(home, base), capture_output=True, text=True,
                          timeout=300)


@pytest.mark.timeout(900)
def test_a_build_killed_at_random_moments_leaves_old_or_new_never_mixed(tmp_path):
    home = tmp_path / "home"
    make_home(home)
    replay = Replay()
    rng = random.Random(20261126)
    with replay_server(replay) as base:
        versions = {}
        for version in ("A", "B"):
            set_version(home, replay, version)
            t0 = time.perf_counter()
            done = run_build(home, base)
            took = time.perf_counter() - t0
            assert done.returncode == 0, done.stdout + done.stderr
            versions[version] = state_of(home)
        assert versions["A"] != versions["B"]
        # Kill points over the whole run, half of them in its last third, where it writes.
        # (to the millisecond: the build now takes a second or two, and kill points rounded
        # to 10 ms fell on one another)
        delays = sorted({round(rng.uniform(0.2, took), 3) for _ in range(KILLS // 2)}
                        | {round(rng.uniform(took * 0.66, took * 1.05), 3)
                           for _ in range(KILLS // 2)})
        outcomes = {"old": 0, "new": 0}
        # which version each part holds now: the two graphs and the snapshot
        current = {"registry": "B", "worldbank": "B", "snapshot": "B"}
        for i, delay in enumerate(delays):
            target = "A" if current["registry"] == "B" else "B"
            set_version(home, replay, target)
            proc = subprocess.Popen(build_cmd(), env=env_for(home, base),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            graphs, snap = state_of(home)
            now = {**{sid: graphs[sid] for sid in ("registry", "worldbank")}, "snapshot": snap}
            for part, digest in now.items():
                seen = {v: (versions[v][0].get(part) if part != "snapshot" else versions[v][1])
                        for v in ("A", "B")}
                match = [v for v, d in seen.items() if d == digest]
                assert match, f"kill {i} after {delay}s: {part} is neither version A nor B"
                assert current[part] in match or target in match, \
                    f"kill {i} after {delay}s: {part} is neither the old nor the new version"
                changed = target in match and current[part] not in match
                outcomes["new" if changed else "old"] += 1
                current[part] = target if changed else current[part]
        assert len(delays) >= KILLS - 2, "the kill points should differ"
        set_version(home, replay, "B")
        final = run_build(home, base)
        assert final.returncode == 0, final.stdout + final.stderr
        assert state_of(home) == versions["B"]
    print(f"{len(delays)} kills; parts found old/new: {outcomes}")
