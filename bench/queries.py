"""Saved-queries benchmark: each saved query's engine time on a built store, against the
target of issue 11 — 100 ms on the real graph, 1 s at 1M triples (from 500k triples) — as a
ratio (the median time ÷ the target; ≤ 1.0× meets it).

The time is ``run_saved_query`` on the store (parameters bound, the query run, every row read),
the median of ``--runs`` runs after one warm-up; the start-up of the command and the labels
are not in it. Both the wall time and the CPU time of this process are measured: on a machine
shared with other work the wall time also counts the waits for a core, so the status against
the target is taken on the CPU time (what the query costs on an idle machine, where the two
agree), and the load average is printed beside it. Parameters get a sample value (Ghana,
ECOWAS, the LAC initiative, the Durban conference) or their default.

    .venv/bin/python bench/queries.py                       # the store of `puentes build`
    .venv/bin/python bench/queries.py --store /tmp/b/store --runs 5 --only 203,208 --no-write
    .venv/bin/python bench/queries.py --answers /tmp/new    # also write each answer as CSV
    .venv/bin/python bench/queries.py --store /tmp/b/1M/store --out bench/results/1M-queries.md

``--answers DIR`` writes each query's rows (IRIs and literals in N-Triples form) to
``DIR/NNN.csv``, so that the answers of two versions of the queries can be compared with
``diff -r`` (``--queries DIR`` runs the saved queries of another folder, such as an old
checkout's ``queries/``; ``--no-push`` binds the parameters at the outermost level only, as
puentes did before it also bound them inside the sub-SELECTs that hand them up).
Results: ``results/<date>-queries.md``.

    git worktree add /tmp/old <commit> && .venv/bin/python bench/queries.py --no-write \
        --queries /tmp/old/queries --no-push --answers /tmp/a-old
    .venv/bin/python bench/queries.py --no-write --answers /tmp/a-new
    diff -r /tmp/a-old /tmp/a-new
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import platform
import statistics
import time
from pathlib import Path

from puentes.namespaces import with_prefixes
from puentes.query import (
    QueryResult,
    SavedQuery,
    bind_parameters,
    inline_values,
    run_saved_query,
    saved_queries,
)
from puentes.store import GraphStore

HERE = Path(__file__).resolve().parent
TARGET = 0.1  # seconds: issue 11, "every one ≤ 100 ms engine time on the real graph"
TARGET_1M = 1.0  # seconds: "≤ 1 s at 1M triples" (a store of 500k triples or more)
#: A sample value for the saved queries' parameters of these names: the required ones, and
#: an event with initiatives presented at it (query 011's default has none in the shipped
#: data, so it would time an empty answer).
SAMPLES = {"country": "pid:country/GHA", "body": "pid:organization/ecowas",
           "initiative": "pid:initiative/ir-lac", "event": "pid:event/gc-5-durban-2022",
           "date": "2024-06-01"}


def sample_params(query: SavedQuery) -> dict[str, str]:
    """The sample values of the query's parameters (the others keep their default)."""
    return {p.name: SAMPLES[p.name] for p in query.parameters if p.name in SAMPLES}


def _outer_only(query: SavedQuery, store: GraphStore, params: dict) -> QueryResult:
    """The query with its parameters bound at the outermost level only (as before
    ``push_values``): the reference for comparing answers."""
    bindings = bind_parameters(query, params)
    res = store.query(inline_values(with_prefixes(query.text), bindings))
    names = [v.value for v in res.variables]
    return QueryResult(names, [{n: s[n] for n in names} for s in res])


def time_queries(store: GraphStore, runs: int = 3, only: set[str] | None = None,
                 folder: Path | None = None, answers: Path | None = None,
                 push: bool = True) -> dict[str, dict]:
    """``{number: {"seconds": median wall, "cpu": median CPU, "rows": n}}`` for each saved
    query (``only``: these numbers), after one warm-up run; ``answers``: write each answer to
    ``answers/NNN.csv``; ``push=False``: parameters bound at the outermost level only."""
    out = {}
    for q in saved_queries(folder):
        if only and q.number not in only:
            continue
        params = sample_params(q)

        def run(q=q, params=params) -> QueryResult:  # noqa: ANN001
            if push:
                return run_saved_query(q, store=store, params=params)
            return _outer_only(q, store, params)

        result = run()  # warm-up (and the answer)
        times, cpu = [], []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            n = len(run().rows)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        out[q.number] = {"seconds": statistics.median(times), "cpu": statistics.median(cpu),
                         "rows": n, "slug": q.slug}
        if answers is not None:
            answers.mkdir(parents=True, exist_ok=True)
            with (answers / f"{q.number}.csv").open("w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(result.variables)
                w.writerows([("" if r[v] is None else str(r[v])) for v in result.variables]
                            for r in result.rows)
    return out


def target_for(triples: int) -> float:
    """The target of issue 11 for a store of this size: 100 ms, or 1 s from 500k triples."""
    return TARGET_1M if triples >= 500_000 else TARGET


def report(figures: dict[str, dict], triples: int, runs: int) -> str:
    """The table as Markdown: each query's median CPU and wall time, and the CPU time's ratio
    to the target for the store's size (:func:`target_for`)."""
    import os

    import pyoxigraph

    target = target_for(triples)
    over = [k for k, v in figures.items() if v["cpu"] > target]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"# Saved-queries benchmark, {dt.date.today().isoformat()}", "",
             f"{triples:,} triples; {platform.machine()}, {os.cpu_count()} cores, load average "
             f"{load}; Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}. "
             f"Engine time of `run_saved_query` on the store, median of {runs} runs after a "
             f"warm-up: CPU time of the process and wall time (which also counts the waits for "
             f"a core when the machine is shared). Ratio = CPU time ÷ the {target * 1000:.0f} ms "
             f"target of issue 11 at this size (≤ 1.0× meets it).", "",
             "| query | rows | CPU ms | wall ms | ratio to target | status |",
             "|---|---:|---:|---:|---:|---|"]
    for k, v in figures.items():
        ok = "ok" if v["cpu"] <= target else "over"
        lines.append(f"| {k} {v['slug']} | {v['rows']:,} | {v['cpu'] * 1000:.1f} | "
                     f"{v['seconds'] * 1000:.1f} | {v['cpu'] / target:.2f}× | {ok} |")
    slowest = max(figures, key=lambda k: figures[k]["cpu"])
    lines += ["", f"Slowest: {slowest} ({figures[slowest]['cpu'] * 1000:.1f} ms CPU, "
              f"{figures[slowest]['seconds'] * 1000:.1f} ms wall); over the target: "
              f"{', '.join(over) or 'none'}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Time the saved queries, print the table and write ``results/<date>-queries.md``."""
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter,
        epilog="examples:\n  .venv/bin/python bench/queries.py\n"
               "  .venv/bin/python bench/queries.py --only 104,203 --runs 5 --no-write")
    ap.add_argument("--store", type=Path, help="a built store (default: .puentes/store)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per query (the median)")
    ap.add_argument("--only", help="query numbers, comma-separated (default: all)")
    ap.add_argument("--queries", type=Path, help="the folder of saved queries (default: queries/)")
    ap.add_argument("--answers", type=Path, help="write each answer to DIR/NNN.csv")
    ap.add_argument("--no-push", action="store_true",
                    help="bind parameters at the outermost level only (the reference for "
                         "comparing answers with an older version of the queries)")
    ap.add_argument("--out", type=Path,
                    help="the results file (default: results/<date>-queries.md)")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    store = GraphStore.open(args.store, read_only=True)
    only = {n.strip().zfill(3) for n in args.only.split(",")} if args.only else None
    figures = time_queries(store, args.runs, only, args.queries, args.answers,
                           push=not args.no_push)
    triples = sum(store.graphs().values())
    text = report(figures, triples, args.runs)
    print(text)
    if not args.no_write:
        out = args.out or HERE / "results" / f"{dt.date.today().isoformat()}-queries.md"
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
