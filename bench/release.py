"""What a release costs: `puentes release` against `publish` plus `diff`, on the real graph.

    .venv/bin/puentes build && .venv/bin/python bench/release.py
    .venv/bin/python bench/release.py --store .puentes/store --runs 2 --out bench/results

Each measure runs in a process of its own (measured in one process, the same publish was
seen to differ by more than 10 % with what ran before it), on a copy in memory of the built
store (default ``.puentes/store``). First, once: the graph as it stood before the ECOWAS
withdrawal of Burkina Faso, Mali and Niger was recorded (their three membership end dates
taken out) is released as v1 into a temporary folder. Then, per run: a plain ``publish`` of
the built graph (the reference), the release of it as v2 (which publishes, writes the
answers, the changes from v1 — worked out in a worker process while the pages are written
—, the catalogue, the citation and the feeds) and, on its own, ``diff v1 v2`` of the two
releases (both dumps loaded, every saved question asked on both); publish and release in
turns (publish first on even runs), each after the disk has caught up (``sync``). Both
the wall time and the CPU time (of the process and of the worker processes it waited for)
are kept. The target (issue 21): release ≤ publish +
diff in time, and the diff in seconds. Results: ``<out>/<date>-release.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LEFT = ("BFA", "MLI", "NER")


def _copy(store_path: Path):  # noqa: ANN202 - a GraphStore
    """The built store, copied into memory (a release reads no file of the store)."""
    import pyoxigraph as ox

    from puentes.store import GraphStore

    built = GraphStore.open(store_path, read_only=True)
    out = GraphStore.in_memory()
    out.store.load(built.export(ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return out


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def work(kind: str, store_path: Path, folder: Path) -> dict:
    """One measure, in this process: ``v1`` (the earlier graph released, not timed),
    ``publish``, ``release`` (v2) or ``diff`` (v1 against v2)."""
    from puentes.web.publish import publish
    from puentes.web.release.diff import diff, open_version
    from puentes.web.release.make import make_release

    releases = folder / "releases"
    store = _copy(store_path) if kind != "diff" else None
    if kind == "v1":
        for code in LEFT:
            store.store.update("DELETE WHERE { GRAPH ?g { "
                               f"<https://w3id.org/puentes/id/membership/ecowas--{code}> "
                               "<http://schema.org/endDate> ?d } }")
        make_release(store, releases, version="v1", date="2025-01-01", ontology_docs=False)
        return {}
    out: dict = {}
    t, c = time.perf_counter(), _cpu()
    if kind == "publish":
        publish(store, folder / "site", ontology_docs=False, force=True)
    elif kind == "release":
        result = make_release(store, releases, version="v2", date="2025-02-01",
                              ontology_docs=False)
        out = {"triples": store.count(), "timings": {k: round(v, 2) for k, v in
                                                     result.timings.items()}}
    else:
        log = diff(open_version("v1", releases), open_version("v2", releases))
        out = log.summary()
    return {"wall": time.perf_counter() - t, "cpu": _cpu() - c, **out}


def _run_worker(kind: str, store_path: Path, folder: Path) -> dict:
    # what earlier measures (and the copy of v1) left to write out is written first: a
    # measure is not to pay for the writeback of the one before
    os.sync()
    proc = subprocess.run([sys.executable, __file__, "--worker", kind, "--store",
                           str(store_path), "--folder", str(folder)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench worker {kind} failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _reset(folder: Path) -> None:
    """Back to v1 alone: the state every release of v2 starts from."""
    shutil.rmtree(folder / "releases", ignore_errors=True)
    shutil.copytree(folder / "v1-only", folder / "releases", symlinks=True)
    shutil.rmtree(folder / "site", ignore_errors=True)


def run(store_path: Path, runs: int = 1) -> dict:
    """Measure publish, release and diff ``runs`` times each, each in its own process;
    medians in seconds."""
    folder = Path(tempfile.mkdtemp(prefix="puentes-bench-release-"))
    wall: dict[str, list[float]] = {"publish": [], "release": [], "diff": []}
    cpu: dict[str, list[float]] = {"publish": [], "release": [], "diff": []}
    per_run: list[dict[str, float]] = []
    extra: dict = {}
    try:
        _run_worker("v1", store_path, folder)
        shutil.copytree(folder / "releases", folder / "v1-only", symlinks=True)
        for i in range(runs):
            _reset(folder)
            order = ("publish", "release") if i % 2 == 0 else ("release", "publish")
            got = {k: _run_worker(k, store_path, folder) for k in (*order, "diff")}
            for k, v in got.items():
                wall[k].append(v["wall"])
                cpu[k].append(v["cpu"])
            extra = {**got["release"], **got["diff"]}
            per_run.append({
                "wall": got["release"]["wall"] / (got["publish"]["wall"] + got["diff"]["wall"]),
                "cpu": got["release"]["cpu"] / (got["publish"]["cpu"] + got["diff"]["cpu"])})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in wall.items()}
    mcpu = {k: statistics.median(v) for k, v in cpu.items()}
    return {"seconds": med, "cpu": mcpu,
            "ratio": med["release"] / (med["publish"] + med["diff"]),
            "cpu_ratio": mcpu["release"] / (mcpu["publish"] + mcpu["diff"]),
            "per_run": [{k: round(v, 3) for k, v in r.items()} for r in per_run],
            "load": list(os.getloadavg()), "cores": os.cpu_count(), "runs": runs,
            "triples": extra.get("triples", 0), "release timings": extra.get("timings", {}),
            **{k: extra.get(k, 0) for k in ("added", "removed", "changed", "questions")}}


def report(result: dict) -> str:
    """The results as a Markdown table."""
    s, c = result["seconds"], result["cpu"]
    held = "holds" if result["ratio"] <= 1 else "missed"
    return "\n".join([
        f"# Release vs publish + diff ({date.today().isoformat()})", "",
        f"Machine: {platform.machine()}, {result['cores']} cores, Python "
        f"{platform.python_version()}, {result['triples']:,} triples (the real graph of "
        f"`puentes build`), median of {result['runs']} run(s), each measure in a process of "
        "its own. v1 = the graph without the ECOWAS withdrawal, v2 = with it.", "",
        f"Load average at the end: {', '.join(f'{x:.1f}' for x in result['load'])}.", "",
        "| work | wall seconds | CPU seconds (with worker processes) |", "|---|---|---|",
        f"| publish (reference) | {s['publish']:.2f} | {c['publish']:.2f} |",
        f"| release v2 (publish, answers, diff from v1 in a worker process, catalogue, "
        f"citation, feeds) | {s['release']:.2f} | {c['release']:.2f} |",
        f"| diff v1 v2 (two dumps loaded, every saved question asked on both) | "
        f"{s['diff']:.2f} | {c['diff']:.2f} |", "",
        f"Release / (publish + diff) = **{result['ratio']:.2f}×** in time (target ≤ 1: "
        f"{held}); {result['cpu_ratio']:.2f}× in CPU time, which counts the diff made "
        "alongside the pages (on one core the time would come near it). Per run (publish "
        "first, then release first, in turns): "
        + ", ".join(f"{r['wall']:.2f}× ({r['cpu']:.2f}× CPU)" for r in result["per_run"])
        + f". The diff found {result['changed']} changed record(s) and "
        f"{result['questions']} question(s) answering differently.", "",
        f"Inside the release (wall seconds): {result['release timings']}.", ""])


def main() -> None:
    """Parse the options, measure, print and write the results."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: .venv/bin/python bench/release.py --store .puentes/store --runs 2",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=ROOT / ".puentes" / "store",
                        help="the built store (default: .puentes/store)")
    parser.add_argument("--runs", type=int, default=1, help="runs per measure (median)")
    parser.add_argument("--out", type=Path, default=HERE / "results",
                        help="folder of the results files")
    parser.add_argument("--worker", choices=("v1", "publish", "release", "diff"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "pipeline"))
    if args.worker:
        print(json.dumps(work(args.worker, args.store, args.folder)))
        return
    result = run(args.store, args.runs)
    text = report(result)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"{date.today().isoformat()}-release"
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
