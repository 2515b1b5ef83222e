"""What a release costs: `puentes release` against `publish` plus `diff`, on the real graph.

    .venv/bin/puentes build && .venv/bin/python bench/release.py
    .venv/bin/python bench/release.py --store .puentes/store --runs 1 --out bench/results

The built store (default ``.puentes/store``) is copied into memory twice: once as it is, and
once with the ECOWAS withdrawal of Burkina Faso, Mali and Niger taken back (their three
membership end dates removed: the graph as it stood before the registry recorded it). The
earlier graph is released as v1, the built one as v2, into a temporary folder. Measured, in
the same run and on the same graph, after v1 is released (so that the process is in the
same state for each): a plain ``publish`` of v2's graph (the reference), the
release of v2 (which publishes, writes the answers, the changes from v1, the catalogue,
the citation and the feeds) and, on its own, ``diff v1 v2`` of the two releases (both dumps
loaded, every saved question asked on both). The target (issue 21): release ≤ publish +
diff, and the diff in seconds. Results: ``<out>/<date>-release.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LEFT = ("BFA", "MLI", "NER")


def _copy(store):  # noqa: ANN001, ANN202 - GraphStore in, GraphStore out
    import pyoxigraph as ox

    from puentes.store import GraphStore

    out = GraphStore.in_memory()
    out.store.load(store.export(ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return out


def run(store_path: Path, runs: int = 1) -> dict:
    """Measure publish, release and diff ``runs`` times each; medians in seconds."""
    from puentes.store import GraphStore
    from puentes.web.publish import publish
    from puentes.web.release.diff import diff, open_version
    from puentes.web.release.make import make_release

    built = GraphStore.open(store_path, read_only=True)
    now, before = _copy(built), _copy(built)
    for code in LEFT:
        before.store.update("DELETE WHERE { GRAPH ?g { "
                            f"<https://w3id.org/puentes/id/membership/ecowas--{code}> "
                            "<http://schema.org/endDate> ?d } }")
    # wall-clock time and this process's CPU time (all its threads): on a shared machine the
    # CPU time is the figure that does not depend on what else runs
    times: dict[str, list[float]] = {"publish": [], "release": [], "diff": []}
    cpu: dict[str, list[float]] = {"publish": [], "release": [], "diff": []}
    counts = {}
    per_run: list[float] = []
    for i in range(runs):
        tmp = Path(tempfile.mkdtemp(prefix="puentes-bench-release-"))
        try:
            make_release(before, tmp / "releases", version="v1", date="2025-01-01",
                         ontology_docs=False)
            # publish and release measured one after the other, in turns (publish first on
            # even runs, release first on odd ones): which comes first was seen to move the
            # plain publish by more than 10 %, so one order alone would bias the ratio
            order = ("publish", "release") if i % 2 == 0 else ("release", "publish")
            result = None
            for work in order:
                gc.collect()
                t, c = time.perf_counter(), time.process_time()
                if work == "publish":
                    publish(now, tmp / "site", ontology_docs=False)
                else:
                    result = make_release(now, tmp / "releases", version="v2",
                                          date="2025-02-01", ontology_docs=False)
                times[work].append(time.perf_counter() - t)
                cpu[work].append(time.process_time() - c)
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            log = diff(open_version("v1", tmp / "releases"),
                       open_version("v2", tmp / "releases"))
            times["diff"].append(time.perf_counter() - t)
            cpu["diff"].append(time.process_time() - c)
            per_run.append(cpu["release"][-1] / (cpu["publish"][-1] + cpu["diff"][-1]))
            counts = {"triples": now.count(), **log.summary(),
                      "release timings": {k: round(v, 2) for k, v in result.timings.items()}}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    mcpu = {k: statistics.median(v) for k, v in cpu.items()}
    return {"seconds": med, "cpu": mcpu,
            "ratio": mcpu["release"] / (mcpu["publish"] + mcpu["diff"]),
            "wall_ratio": med["release"] / (med["publish"] + med["diff"]),
            "per_run": [round(x, 3) for x in per_run],
            "load": list(__import__("os").getloadavg()), "runs": runs, **counts}


def report(result: dict) -> str:
    """The results as a Markdown table."""
    s, c = result["seconds"], result["cpu"]
    held = "holds" if result["ratio"] <= 1 else "missed"
    return "\n".join([
        f"# Release vs publish + diff ({date.today().isoformat()})", "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{result['triples']:,} triples (the real graph of `puentes build`), median of "
        f"{result['runs']} run(s). v1 = the graph without the ECOWAS withdrawal, v2 = "
        "with it.", "",
        f"Load average at the end: {', '.join(f'{x:.1f}' for x in result['load'])} (2 "
        "cores, shared): the CPU seconds are the figures to compare.", "",
        "| work | CPU seconds | wall seconds |", "|---|---|---|",
        f"| publish (reference) | {c['publish']:.2f} | {s['publish']:.2f} |",
        f"| release v2 (publish, answers, diff from v1, catalogue, citation, feeds) | "
        f"{c['release']:.2f} | {s['release']:.2f} |",
        f"| diff v1 v2 (two dumps loaded, every saved question asked on both) | "
        f"{c['diff']:.2f} | {s['diff']:.2f} |", "",
        f"Release / (publish + diff) = **{result['ratio']:.2f}×** in CPU time "
        f"({result['wall_ratio']:.2f}× wall; target ≤ 1: {held}); per run, in turns "
        f"publish first and release first: {', '.join(f'{x:.2f}×' for x in result['per_run'])}. "
        f"The diff found {result['changed']} changed record(s) and "
        f"{result['questions']} question(s) answering differently.", "",
        f"Inside the release: {result['release timings']}.", ""])


def main() -> None:
    """Parse the options, measure, print and write the results."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: .venv/bin/python bench/release.py --store .puentes/store --runs 1",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=ROOT / ".puentes" / "store",
                        help="the built store (default: .puentes/store)")
    parser.add_argument("--runs", type=int, default=1, help="runs per measure (median)")
    parser.add_argument("--out", type=Path, default=HERE / "results",
                        help="folder of the results files")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "pipeline"))
    result = run(args.store, args.runs)
    text = report(result)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"{date.today().isoformat()}-release"
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
