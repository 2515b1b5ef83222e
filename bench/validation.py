"""Benchmark: per-record SHACL validation (puentes' engine on Oxigraph) plus cross-record
checks (what the build does) against pyshacl with every shape, SPARQL-based ones included,
on the real U.S. DOL graph.

Reports the ratio of the two in the same run, and writes bench/results/<date>-validation.md.

    .venv/bin/python bench/validation.py
"""

from __future__ import annotations

import time
import warnings
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from puentes.check.checks import run_checks
from puentes.check.shapes import load_shapes_graph
from puentes.check.validate import validate_graph
from puentes.ingest.catalogue import load_catalogue
from puentes.ingest.sources import countries, registry, usdol_ilab
from puentes.model import load_model_graph


def main() -> None:
    """Measure both strategies on the same data and write the ratio."""
    import argparse

    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="Example: .venv/bin/python "
        "bench/validation.py --no-write   (about a minute; prints the table)")
    ap.add_argument("--no-write", action="store_true",
                    help="print the table only, do not write bench/results/<date>-validation.md")
    args = ap.parse_args()
    cat = load_catalogue()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = usdol_ilab.map_source(cat["usdol-ilab"])
    context = Graph()
    context += load_model_graph()
    context += countries.map_source(cat["countries"])
    context += registry.map_source(cat["registry"])
    full = data + context
    t = time.perf_counter()
    validate_graph(full, shapes=load_shapes_graph(), engine="pyshacl")
    all_shapes = time.perf_counter() - t
    t = time.perf_counter()
    validate_graph(full, shapes=load_shapes_graph(per_record=True))
    store = ox.Store()
    store.load(full.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode("https://w3id.org/puentes/graph/bench"))
    run_checks(store)
    split = time.perf_counter() - t
    text = (f"# Validation benchmark, {date.today().isoformat()}, U.S. DOL graph "
            f"({len(data):,} triples) in its context ({len(full):,} triples)\n\n"
            "| strategy | seconds | ratio |\n|---|---|---|\n"
            f"| pyshacl, every shape (SPARQL constraints per focus node) | {all_shapes:.1f} | "
            f"{all_shapes / split:.1f}× |\n"
            f"| per-record shapes with puentes' SHACL engine on Oxigraph + cross-record "
            f"checks once with Oxigraph (the build) | {split:.1f} | 1.0× |\n")
    print(text)
    if not args.no_write:
        out = Path(__file__).parent / "results" / f"{date.today().isoformat()}-validation.md"
        out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
