"""Benchmark: the embedded store, chosen by measurement (rdflib vs pyoxigraph).

On a synthetic graph shaped like puentes' (countries and regions, regional bodies and their
memberships, initiatives and participations, Data Cube observations), generated
deterministically, it times parsing Turtle, loading into a store (several ways), three
typical SELECT queries and serialising, and reports each as a RATIO to pyoxigraph's time for
the same work in the same run (pyoxigraph = 1.0×). No absolute timing is asserted anywhere:
machines differ, ratios on one machine in one process are what compare.

    .venv/bin/python bench/store.py                    # ~100k triples, writes bench/results/
    .venv/bin/python bench/store.py --triples 2000 --no-write
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

REFERENCE = "pyoxigraph"
PFX = """@prefix pu: <https://w3id.org/puentes/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sd: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sm: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix itype: <https://w3id.org/puentes/scheme/initiative-type/> .
@prefix role: <https://w3id.org/puentes/scheme/role/> .
@prefix ind: <https://w3id.org/puentes/scheme/indicator/> .
@prefix country: <https://w3id.org/puentes/id/country/> .
@prefix region: <https://w3id.org/puentes/id/region/> .
@prefix body: <https://w3id.org/puentes/id/organization/> .
@prefix mem: <https://w3id.org/puentes/id/membership/> .
@prefix ini: <https://w3id.org/puentes/id/initiative/> .
@prefix par: <https://w3id.org/puentes/id/participation/> .
@prefix obs: <https://w3id.org/puentes/id/observation/> .
"""
_P = "PREFIX pu: <https://w3id.org/puentes/ontology#> PREFIX org: <http://www.w3.org/ns/org#> " \
     "PREFIX sd: <http://purl.org/linked-data/sdmx/2009/dimension#> " \
     "PREFIX sm: <http://purl.org/linked-data/sdmx/2009/measure#> "
QUERIES = {
    # How many members each regional body has.
    "group-by count": _P + """SELECT ?body (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?m org:organization ?body ; org:member ?c } GROUP BY ?body ORDER BY DESC(?n)""",
    # Observations in the member states of one body (body → membership → country → obs).
    "3-join path": _P + """SELECT ?c ?o ?v WHERE {
        ?m org:organization <https://w3id.org/puentes/id/organization/body-0> ; org:member ?c .
        ?o sd:refArea ?c ; sm:obsValue ?v }""",
    # Countries that take part in no initiative.
    "NOT EXISTS": _P + """SELECT ?c WHERE { ?c a pu:Country .
        FILTER NOT EXISTS { ?p pu:agent ?c } }""",
}
#: Every row the report has: (work, engine). The reference engine's row is 1.0×.
ROWS = (
    [("parse Turtle", "rdflib Graph.parse"), ("parse Turtle", "pyoxigraph parse")]
    + [("load N-Triples", e) for e in (
        "rdflib Graph.parse (in memory)",
        "pyoxigraph Store.load, one transaction (in memory)",
        "pyoxigraph Store.bulk_load (in memory)",
        "pyoxigraph Store.load, one transaction (on disk)",
        "pyoxigraph Store.bulk_load (on disk)",
        "pyoxigraph staging graph + MOVE (on disk; the build)",
        "pyoxigraph one update DROP + INSERT DATA (on disk)")]
    + [(f"query: {q}", e) for q in QUERIES for e in ("rdflib", "pyoxigraph")]
    + [(f"serialise {f}", e) for f in ("Turtle", "N-Triples") for e in ("rdflib", "pyoxigraph")]
)
#: The engine each work's ratios are taken against.
REFERENCE_ROW = {
    "parse Turtle": "pyoxigraph parse",
    "load N-Triples": "pyoxigraph Store.load, one transaction (in memory)",
    **{f"query: {q}": "pyoxigraph" for q in QUERIES},
    "serialise Turtle": "pyoxigraph", "serialise N-Triples": "pyoxigraph",
}


@dataclass
class Measure:
    """One piece of work done by one engine: the best of the repeats, in seconds."""

    work: str
    engine: str
    seconds: float
    ratio: float = 0.0  # seconds ÷ the reference engine's seconds for the same work


def synthetic(triples: int, seed: int = 7) -> str:
    """A Turtle document of about ``triples`` triples shaped like the puentes graph."""
    rnd = random.Random(seed)
    out = [PFX]
    n = 0
    # 250 countries, 25 regions and 20 bodies at 100k triples; fewer in a tiny graph.
    n_countries = max(20, min(250, triples // 400))
    n_regions, n_bodies = max(5, n_countries // 10), max(4, n_countries // 12)
    for r in range(n_regions):
        out.append(f'region:m49-{r:03d} a pu:Region ; rdfs:label "Region {r}"@en, '
                   f'"Región {r}"@es, "Région {r}"@fr ; pu:withinRegion region:m49-001 .')
        n += 5
    for c in range(n_countries):
        out.append(f'country:C{c:03d} a pu:Country ; pu:iso3 "C{c:03d}" ; rdfs:label '
                   f'"Country {c}"@en, "País {c}"@es, "Pays {c}"@fr ; '
                   f"pu:inRegion region:m49-{rnd.randrange(n_regions):03d} .")
        n += 6
    for b in range(n_bodies):
        out.append(f'body:body-{b} a pu:RegionalBody ; rdfs:label "Body {b}"@en .')
        n += 2
    k = 0
    while n < triples:
        # Only the first half of the countries are members or take part in initiatives:
        # the others are the answers of the NOT EXISTS query.
        c, b = rnd.randrange(n_countries // 2), k % n_bodies
        year = 1990 + rnd.randrange(35)
        out.append(f"mem:m{k} a org:Membership ; org:member country:C{c:03d} ; "
                   f'org:organization body:body-{b} ; schema:startDate "{year}"^^xsd:gYear .')
        out.append(f'ini:i{k} a pu:Initiative ; rdfs:label "Initiative {k}"@en ; '
                   f"pu:initiativeType itype:action-plan ; pu:instrumentOf body:body-{b} .")
        out.append(f"par:p{k} a pu:Participation ; pu:initiative ini:i{k} ; "
                   f"pu:agent country:C{c:03d} ; pu:role role:implementing .")
        area = c if k % 2 else rnd.randrange(n_countries)  # half in member states
        out.append(f"obs:o{k} a qb:Observation ; sd:refArea country:C{area:03d} ; "
                   f'sd:refPeriod "{2000 + k % 25}"^^xsd:gYear ; pu:indicator '
                   f'ind:working-children ; sm:obsValue "{rnd.random() * 40:.2f}"^^xsd:decimal .')
        n, k = n + 4 + 4 + 4 + 5, k + 1
    return "\n".join(out) + "\n"


def timed(fn: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


class _OnDisk:
    """Work on a fresh on-disk store (RocksDB in a temporary folder). Opening and removing
    the store are not timed: only ``action`` and the final flush to disk are."""

    def __init__(self, action: Callable[[ox.Store], object]) -> None:
        self.action = action

    def __call__(self, repeat: int) -> float:
        best = float("inf")
        for _ in range(repeat):
            with tempfile.TemporaryDirectory(prefix="puentes-bench-") as tmp:
                store = ox.Store(tmp)
                t = time.perf_counter()
                self.action(store)
                store.flush()
                best = min(best, time.perf_counter() - t)
                del store
        return best


def _build_way(nt: bytes) -> Callable[[ox.Store], object]:
    """What ``GraphStore.replace_graph`` does: load into a staging graph, then one update."""
    staging = ox.NamedNode("https://w3id.org/puentes/graph/bench--staging")

    def action(store: ox.Store) -> None:
        store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=staging)
        store.update("MOVE <https://w3id.org/puentes/graph/bench--staging> "
                     "TO <https://w3id.org/puentes/graph/bench>")
    return action


@dataclass
class Result:
    """The measures of one run and the size of the graph they were taken on."""

    triples: int
    rows: list[Measure]


def _one_update(nt: bytes) -> Callable[[ox.Store], object]:
    """Another atomic replace: one SPARQL Update (one transaction) with the data inline."""
    text = nt.decode("utf-8")

    def action(store: ox.Store) -> None:
        store.update("DROP SILENT GRAPH <https://w3id.org/puentes/graph/bench> ; INSERT DATA "
                     f"{{ GRAPH <https://w3id.org/puentes/graph/bench> {{ {text} }} }}")
    return action


def run(triples: int, *, repeat: int = 3) -> Result:
    """Measure every row of :data:`ROWS` on a graph of about ``triples`` triples; each
    ratio against its work's reference row."""
    ttl = synthetic(triples)
    data = ttl.encode()
    g = Graph().parse(data=ttl, format="turtle")
    nt = g.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    nt_fmt = ox.RdfFormat.N_TRIPLES
    work: dict[tuple[str, str], Callable[[], object] | _OnDisk] = {
        ("parse Turtle", "rdflib Graph.parse"): lambda: Graph().parse(data=ttl, format="turtle"),
        ("parse Turtle", "pyoxigraph parse"):
            lambda: list(ox.parse(data, format=ox.RdfFormat.TURTLE)),
        ("load N-Triples", "rdflib Graph.parse (in memory)"):
            lambda: Graph().parse(data=nt, format="nt"),
        ("load N-Triples", "pyoxigraph Store.load, one transaction (in memory)"):
            lambda: ox.Store().load(nt, format=nt_fmt),
        ("load N-Triples", "pyoxigraph Store.bulk_load (in memory)"):
            lambda: ox.Store().bulk_load(nt, format=nt_fmt),
        ("load N-Triples", "pyoxigraph Store.load, one transaction (on disk)"):
            _OnDisk(lambda s: s.load(nt, format=nt_fmt)),
        ("load N-Triples", "pyoxigraph Store.bulk_load (on disk)"):
            _OnDisk(lambda s: s.bulk_load(nt, format=nt_fmt)),
        ("load N-Triples", "pyoxigraph staging graph + MOVE (on disk; the build)"):
            _OnDisk(_build_way(nt)),
        ("load N-Triples", "pyoxigraph one update DROP + INSERT DATA (on disk)"):
            _OnDisk(_one_update(nt)),
        ("serialise Turtle", "rdflib"): lambda: g.serialize(format="turtle"),
        ("serialise Turtle", "pyoxigraph"): lambda: store.dump(
            io.BytesIO(), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()),
        ("serialise N-Triples", "rdflib"): lambda: g.serialize(format="nt"),
        ("serialise N-Triples", "pyoxigraph"): lambda: store.dump(
            io.BytesIO(), format=nt_fmt, from_graph=ox.DefaultGraph()),
    }
    for name, q in QUERIES.items():
        work[(f"query: {name}", "rdflib")] = lambda q=q: list(g.query(q))
        work[(f"query: {name}", "pyoxigraph")] = lambda q=q: list(store.query(q))
    _check_answers(g, store)
    out = [Measure(w, e, fn(repeat) if isinstance(fn := work[(w, e)], _OnDisk)
                   else timed(fn, repeat)) for w, e in ROWS]
    ref = {m.work: m.seconds for m in out if REFERENCE_ROW[m.work] == m.engine}
    for m in out:
        m.ratio = m.seconds / ref[m.work]
    return Result(len(g), out)


def _check_answers(g: Graph, store: ox.Store) -> None:
    """Both engines must give the same number of rows, or the timing compares nothing."""
    for name, q in QUERIES.items():
        a, b = len(list(g.query(q))), len(list(store.query(q)))
        if a != b or a == 0:
            raise AssertionError(f"query {name!r}: rdflib {a} rows, pyoxigraph {b} rows")


def report(result: Result) -> str:
    """A Markdown table of ratios to the reference engine of each work, seconds alongside."""
    lines = [
        f"# Store benchmark, {date.today().isoformat()}, {result.triples:,} triples", "",
        f"Python {platform.python_version()}, rdflib {version('rdflib')}, pyoxigraph "
        f"{version('pyoxigraph')}, {platform.machine()}; best of the repeats of each work. "
        "Ratio = this engine's time ÷ the reference engine's time for the same work in the "
        "same run (reference = 1.0×, marked *; above 1.0× = slower than the reference). The "
        "seconds are only for orientation: they depend on the machine, the ratios much less.",
        "", "| work | engine | ratio | seconds |", "|---|---|---|---|"]
    for m in result.rows:
        star = " *" if REFERENCE_ROW[m.work] == m.engine else ""
        lines.append(f"| {m.work} | {m.engine}{star} | {m.ratio:.2f}× | {m.seconds:.4f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run, print, and write ``bench/results/<date>-store.md`` unless ``--no-write``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="Example: .venv/bin/python bench/store.py --triples "
                                        "20000 --repeat 1 --no-write")
    ap.add_argument("--triples", type=int, default=100_000, help="about how many (100,000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per work; the best counts")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    t = time.perf_counter()
    text = report(run(args.triples, repeat=args.repeat))
    print(text)
    print(f"({time.perf_counter() - t:.0f} s in all)")
    if not args.no_write:
        out = Path(__file__).parent / "results" / f"{date.today().isoformat()}-store.md"
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}")


if __name__ == "__main__":
    main()
