"""What one registry edit costs: ``build(["registry"])`` after a one-line YAML edit, on the
real graph, in this process (issue 19, item 5: the edit's walk).

    .venv/bin/puentes build && .venv/bin/python bench/edit_walk.py --out bench/results
    # the walk before, on the same store and edits: the older checkout's interpreter
    /path/to/old/.venv/bin/python bench/edit_walk.py --store .puentes/store --label before

The built store (default ``.puentes/store``) is copied into a temporary folder with the
registry; the copy is built once with this code (so that the registry's state, its recorded
Warnings and checks are this version's), then each edit is made, built and undone ``--runs``
times. Two edits: a sentence (no cross-record check reads it) and a start year (the checks on
dates run). Printed and written (``<out>/<date>-edit-walk-<label>.json``): the median
seconds of the build and of each stage, how often the new graph was parsed and compared
(``SourceResult.work``, where the code records it) and the triples copied for the checks.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EDITS = {
    "sentence": ("commitments.yaml", "Adopted at the 58th International Labour Conference.",
                 "Adopted at the 58th International Labour Conference (edited)."),
    "start-year": ("initiatives.yaml", "  start: 2020\n", "  start: 2019\n"),
}


def _catalogue(tmp: Path, registry: Path) -> Path:
    """The shipped catalogue with absolute locations, the registry's in ``registry``."""
    entries = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    for sid, entry in entries["sources"].items():
        entry["location"] = str(registry if sid == "registry"
                                else (ROOT / entry["location"]).resolve())
    path = tmp / "sources.yaml"
    path.write_text(yaml.safe_dump(entries), encoding="utf-8")
    return path


def run(store_path: Path, runs: int) -> dict:
    """Median seconds per edit, with the stages and the work counted by the build."""
    from puentes.build.loop import build

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        shutil.copytree(store_path, tmp / "store")
        registry = tmp / "registry"
        shutil.copytree(ROOT / "data" / "registry", registry)
        catalogue = _catalogue(tmp, registry)
        warm = build(["registry"], store_path=tmp / "store", catalogue_path=catalogue)
        assert warm.exit_code == 0, [(r.source_id, r.messages) for r in warm.results]
        for name, (file, old, new) in EDITS.items():
            path = registry / file
            text = path.read_text(encoding="utf-8")
            assert old in text, old
            figures: dict[str, list] = {"seconds": [], "cpu": []}
            for _ in range(runs):
                for content in (text.replace(old, new, 1), text):  # the edit, then undone
                    path.write_text(content, encoding="utf-8")
                    wall, cpu = time.perf_counter(), time.process_time()
                    report = build(["registry"], store_path=tmp / "store",
                                   catalogue_path=catalogue)
                    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                    assert report.exit_code == 0, report.result("registry").messages
                    figures["seconds"].append(wall)
                    figures["cpu"].append(cpu)
                    for stage, s in report.timings.items():
                        figures.setdefault(stage, []).append(s)
            res = report.result("registry")
            out[name] = {k: round(statistics.median(v), 3) for k, v in figures.items()}
            out[name].update(
                builds=2 * runs, checks_run=len(report.checks_run),
                work=getattr(res, "work", None),
                copied_for_checks=getattr(report, "check_copied", None),
                check_graphs=getattr(report, "check_graphs", None))
    return out


def staged(store_path: Path) -> dict:
    """The road not taken: the registry's graph staged in a hidden graph of the store on
    disk and the checks run there (default graph: the other graphs and the staged one),
    against the build's check store (:func:`puentes.build.verdict.check_store`), for the
    checks the registry's edits run (those not on statistics) and for all of them."""
    import pyoxigraph as ox

    from puentes.build.verdict import check_entries, check_store
    from puentes.check.checks import check_files, run_checks
    from puentes.namespaces import graph_iri, with_prefixes
    from puentes.store import STAGING_PREFIX, GraphStore

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        shutil.copytree(store_path, Path(tmp_name) / "store")
        gs = GraphStore.open(Path(tmp_name) / "store")
        reg = ox.NamedNode(str(graph_iri("registry")))
        triples = [q.triple for q in gs.store.quads_for_pattern(None, None, None, reg)]
        for name, checks in (("registry checks", [p for p in check_files()
                                                  if not p.stem.startswith("qb-")]),
                             ("all checks", check_files())):
            reads = [e["reads"] for e in check_entries(checks, {}).values()]
            t = time.perf_counter()  # what the checks read is known to a build (its record)
            where = check_store(gs, {"registry": triples}, reads)
            run_checks(where.store, only=checks)
            mem = time.perf_counter() - t
            t = time.perf_counter()
            stage = ox.NamedNode(STAGING_PREFIX + "registry")
            gs.store.bulk_extend([ox.Quad(x.subject, x.predicate, x.object, stage)
                                  for x in triples])
            names = [ox.NamedNode(str(graph_iri(s))) for s in gs.source_ids()
                     if s != "registry"] + [stage]
            for path in checks:
                list(gs.store.query(with_prefixes(path.read_text(encoding="utf-8")),
                                    default_graph=names))
            gs.store.update(f"DROP GRAPH <{stage.value}>")
            disk = time.perf_counter() - t
            out[name] = {"checks": len(checks), "check store": round(mem, 3),
                         "copied": where.copied, "copied triples": where.triples,
                         "staged on disk": round(disk, 3), "ratio": round(disk / mem, 1)}
        gs.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure, print, write the JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: .venv/bin/python bench/edit_walk.py --runs 3 --label after "
               "--out bench/results",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=ROOT / ".puentes" / "store",
                        help="the built store (default: .puentes/store)")
    parser.add_argument("--runs", type=int, default=3, help="builds per edit (default: 3)")
    parser.add_argument("--label", default="after",
                        help="the name of this measurement in the results (e.g. before, after)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder of the results file (default: print only)")
    parser.add_argument("--staged", action="store_true",
                        help="also measure the checks staged in the store on disk")
    args = parser.parse_args(argv)
    import puentes

    result = {"label": args.label, "code": str(Path(puentes.__file__).parent),
              "date": date.today().isoformat(), "python": sys.version.split()[0],
              "edits": run(args.store.resolve(), args.runs)}
    if args.staged:
        result["staged"] = staged(args.store.resolve())
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"{result['date']}-edit-walk-{args.label}.json").write_text(
            json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
