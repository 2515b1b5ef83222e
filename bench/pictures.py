"""Pictures benchmark: what drawing a picture costs compared with running its saved query.

For each picture kind (puentes.web.plot.kinds.KINDS), in the same process on the same store: the
saved query alone (the reference, 1.0×), the query with the labels of its IRIs, and the whole
picture (query, labels, SVG). Also the cost of listing the source graphs before each store
query, the old way (counting every graph's triples, GraphStore.graphs) against the new one
(the source ids from the store's list of named graphs, GraphStore.source_ids).

    .venv/bin/python bench/pictures.py [--store DIR] [--repeat R] [--no-write]

Without --store, the graph is the real registry and country table mapped in memory (no
build needed). Ratios only; seconds are printed for orientation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
from pathlib import Path

from store import timed  # bench/store.py: one best-of-N timer for the benchmarks

from puentes.query import find_query, labels, run_saved_query
from puentes.store import GraphStore
from puentes.web.plot.kinds import KINDS, Context, draw

HERE = Path(__file__).parent
PARAMS = {"members-map": {"body": "pid:organization/ecowas", "date": "2024-01-01"},
          "coverage-map": {"initiative": "pid:initiative/ir-lac"},
          "timeline": {"body": "pid:organization/ecowas"},
          "sdg871-chart": {"country": "pid:country/GHA"},
          "members-chart": {"body": "pid:organization/ecowas"}}


def registry_store() -> GraphStore:
    """The real registry and country table, with the model, in memory."""
    from puentes.build.loop import mapped_store

    return mapped_store(["countries", "registry"])


def run(store: GraphStore, repeat: int = 3) -> list[tuple[str, str, float, float]]:
    """Rows (work, way, seconds, ratio to the work's reference)."""
    rows = []
    for kind, spec in KINDS.items():
        params = PARAMS.get(kind, {})
        query = find_query(spec.query)

        def answer(q=query, p=params):  # noqa: ANN001, ANN202
            return run_saved_query(q, store=store, params=p)

        def with_labels(q=query, p=params):  # noqa: ANN001, ANN202
            return labels(run_saved_query(q, store=store, params=p), "en", store=store)

        def picture(k=kind, p=params):  # noqa: ANN001, ANN202
            return draw(k, Context(store=store), p)  # a fresh label cache each time

        ref = timed(answer, repeat)
        for way, fn in (("query", answer), ("query + labels", with_labels),
                        ("picture", picture)):
            t = ref if fn is answer else timed(fn, repeat)
            rows.append((f"{kind} (query {spec.query})", way, t, t / ref))
    ref = timed(store.source_ids, repeat)
    for way, fn in (("named graphs (now)", store.source_ids),
                    ("count per graph (before)", store.graphs)):
        t = ref if way.endswith("(now)") else timed(fn, repeat)
        rows.append(("list the source graphs before a query", way, t, t / ref))
    return rows


def report(rows: list[tuple[str, str, float, float]], triples: int) -> str:
    """The table as Markdown."""
    import pyoxigraph

    lines = [f"# Pictures benchmark, {dt.date.today().isoformat()}", "",
             f"{triples:,} triples; Python {platform.python_version()}, pyoxigraph "
             f"{pyoxigraph.__version__}. Ratio = time ÷ the first row of the same work.", "",
             "| work | way | seconds | ratio |", "|---|---|---:|---:|"]
    lines += [f"| {w} | {way} | {s:.4f} | {r:.1f}× |" for w, way, s, r in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run, print and write ``results/<date>-pictures.md``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="Example: .venv/bin/python bench/pictures.py --store "
                                        ".puentes/store --no-write")
    ap.add_argument("--store", type=Path, help="a built store (default: registry in memory)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per work; the best counts")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    store = GraphStore.open(args.store, read_only=True) if args.store else registry_store()
    text = report(run(store, args.repeat), sum(store.graphs().values()))
    print(text)
    if not args.no_write:
        out = HERE / "results" / f"{dt.date.today().isoformat()}-pictures.md"
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
