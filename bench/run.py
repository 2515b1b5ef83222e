"""Benchmark: the embedded store chosen by measurement (pyoxigraph vs rdflib).

On a synthetic graph shaped like puentes (countries, bodies, memberships, initiatives,
participations, observations), generated deterministically, it times parsing, loading,
three typical queries and serialising with rdflib and with pyoxigraph, and reports each as
a RATIO to pyoxigraph's time in the same run (never as absolute thresholds: machines differ).

    .venv/bin/python bench/run.py                 # 100k triples, writes bench/results/
    .venv/bin/python bench/run.py --triples 2000 --no-write
"""

from __future__ import annotations

import argparse
import io
import random
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

PFX = """@prefix pu: <https://w3id.org/puentes/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sd: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sm: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix id: <https://w3id.org/puentes/id/> .
"""
QUERIES = {
    "group-by count": """SELECT ?body (COUNT(?m) AS ?n) WHERE {
        ?m <http://www.w3.org/ns/org#organization> ?body } GROUP BY ?body""",
    "3-join path": """SELECT ?i ?c ?v WHERE {
        ?p <https://w3id.org/puentes/ontology#initiative> ?i ;
           <https://w3id.org/puentes/ontology#agent> ?c .
        ?o <http://purl.org/linked-data/sdmx/2009/dimension#refArea> ?c ;
           <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v }""",
    "NOT EXISTS": """SELECT ?c WHERE {
        ?c a <https://w3id.org/puentes/ontology#Country> .
        FILTER NOT EXISTS { ?m <http://www.w3.org/ns/org#member> ?c } }""",
}


def synthetic(triples: int, seed: int = 7) -> str:
    """A Turtle document of about ``triples`` triples shaped like the puentes graph."""
    rnd = random.Random(seed)
    out = [PFX]
    n_countries, n_bodies = 250, 20
    for c in range(n_countries):
        out.append(f'id:c{c} a pu:Country ; rdfs:label "Country {c}"@en .')
    for b in range(n_bodies):
        out.append(f'id:b{b} a pu:RegionalBody ; rdfs:label "Body {b}"@en .')
    count, k = 2 * (n_countries + n_bodies), 0
    while count < triples:
        c, b = rnd.randrange(n_countries // 2), rnd.randrange(n_bodies)
        out.append(f"id:m{k} org:member id:c{c} ; org:organization id:b{b} .")
        out.append(f"id:i{k} a pu:Initiative ; rdfs:label \"Initiative {k}\"@en .")
        out.append(f"id:p{k} pu:initiative id:i{k} ; pu:agent id:c{c} .")
        out.append(f"id:o{k} a qb:Observation ; sd:refArea id:c{rnd.randrange(n_countries)} ; "
                   f"sm:obsValue {rnd.random() * 40:.2f} .")
        count, k = count + 10, k + 1
    return "\n".join(out)


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def run(triples: int) -> list[tuple[str, float, float]]:
    """(work, rdflib seconds, pyoxigraph seconds) for each measured piece of work."""
    ttl = synthetic(triples)
    data = ttl.encode()
    g = Graph().parse(data=ttl, format="turtle")
    nt = g.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    rows = [
        ("parse Turtle", timed(lambda: Graph().parse(data=ttl, format="turtle"), 1),
         timed(lambda: list(ox.parse(data, format=ox.RdfFormat.TURTLE)))),
        ("load N-Triples into a store", timed(lambda: Graph().parse(data=nt, format="nt"), 1),
         timed(lambda: ox.Store().load(nt, format=ox.RdfFormat.N_TRIPLES))),
    ]
    for name, q in QUERIES.items():
        rows.append((f"query: {name}", timed(lambda q=q: list(g.query(q)), 1),
                     timed(lambda q=q: list(store.query(q)))))
    rows.append(("serialise Turtle", timed(lambda: g.serialize(format="turtle"), 1),
                 timed(lambda: store.dump(io.BytesIO(), format=ox.RdfFormat.TURTLE,
                                          from_graph=ox.DefaultGraph()))))
    return rows


def report(rows: list[tuple[str, float, float]], triples: int) -> str:
    """A Markdown table of ratios (rdflib time / pyoxigraph time in the same run)."""
    lines = [f"# Store benchmark, {date.today().isoformat()}, about {triples:,} triples", "",
             "Ratio = rdflib's time ÷ pyoxigraph's time in the same run (higher: Oxigraph "
             "faster). Seconds are shown for reference only.", "",
             "| work | rdflib ÷ pyoxigraph | rdflib s | pyoxigraph s |", "|---|---|---|---|"]
    for name, slow, fast in rows:
        lines.append(f"| {name} | {slow / fast:.1f}× | {slow:.3f} | {fast:.4f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run and print; write bench/results/<date>-store.md unless --no-write."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    text = report(run(args.triples), args.triples)
    print(text)
    if not args.no_write:
        out = Path(__file__).parent / "results" / f"{date.today().isoformat()}-store.md"
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}")


if __name__ == "__main__":
    main()
