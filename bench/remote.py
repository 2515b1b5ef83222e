"""Benchmark: pushing the graph to a production SPARQL store (issue 11 §3), in one run.

The same graph (about ``--triples`` triples in three source graphs: the shipped ontology,
and bench/store.py's seeded synthetic graph shaped like puentes' — registry records in one
graph, Data Cube observations in another) goes into an EMPTY store each time, by each way:

- **reference**: pyoxigraph's ``bulk_load`` of the N-Quads into an on-disk store in this
  process (the floor for loading; bench/run.py uses it too);
- **Oxigraph server** (PyPI ``oxigraph``): one ``POST /store`` of the N-Quads, in one
  transaction and through its bulk loader (``?no_transaction``, not atomic); and ``puentes
  publish --endpoint …/store`` (per graph, ``DELETE`` + ``POST`` into a staging graph, then
  one ``MOVE``: the way that never leaves a graph half replaced);
- **Virtuoso** (Debian's ``virtuoso-opensource``, private, tests/virtuoso.py): the Graph
  Store Protocol ``POST`` of each graph (HTTP Digest); its bulk loader (``isql``:
  ``ld_dir`` + ``rdf_loader_run`` + ``checkpoint``) on the N-Quads file; and ``puentes publish
  --endpoint …/sparql-graph-crud-auth`` (the same, the ``MOVE`` through ``/sparql-auth``).

Each push is checked (the triples per graph on the server equal the store's, or the run
stops) and timed as the median of ``--runs`` runs; each figure is reported as a ratio to the
reference measured in the same run, the seconds as context. Then one lookup is timed on
each store. Results: ``bench/results/<date>-remote.json`` and ``.md``.

    .venv/bin/python bench/remote.py                       # 1M triples, 1 run (~10 min)
    .venv/bin/python bench/remote.py --triples 20000 --runs 3 --no-write
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the servers the tests start, started the same way
sys.path.insert(0, str(ROOT / "bench"))

from servers import oxigraph_binary, oxigraph_server  # noqa: E402
from store import synthetic  # noqa: E402
from virtuoso import PASSWORD, USER, virtuoso_binary, virtuoso_server  # noqa: E402

from puentes.model import load_model_graph  # noqa: E402
from puentes.namespaces import graph_iri  # noqa: E402
from puentes.store import GraphStore  # noqa: E402
from puentes.web.publish.remote import graph_ntriples  # noqa: E402

OBSERVATION = "https://w3id.org/puentes/id/observation/"
GRAPH_BASE = str(graph_iri(""))  # the IRIs of the source graphs start so
PUBLISH = "puentes publish --endpoint (staging DELETE + POST, MOVE)"
LOOKUP = ("SELECT ?c (COUNT(?m) AS ?n) WHERE { ?m <http://www.w3.org/ns/org#member> ?c } "
          "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 5")


def make_store(triples: int, folder: Path) -> GraphStore:
    """An on-disk GraphStore of about ``triples`` triples: the ontology, the synthetic
    registry records and the synthetic observations, each in its own source graph."""
    registry, observations = [], []
    for t in ox.parse(synthetic(triples).encode(), format=ox.RdfFormat.TURTLE):
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
        (observations if subject.startswith(OBSERVATION) else registry).append(t)
    store = GraphStore.open(folder)
    store.replace_graph("ontology", load_model_graph())
    for sid, part in (("bench-registry", registry), ("bench-observations", observations)):
        store.replace_graph(sid, ox.serialize(part, format=ox.RdfFormat.N_TRIPLES))
    return store


def counts_on(sparql: str, **params: str) -> dict[str, int]:
    """Triples per puentes graph on a server, from its SPARQL endpoint."""
    q = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
         f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }} GROUP BY ?g')
    r = requests.post(sparql, data={"query": q, **params},
                      headers={"Accept": "application/sparql-results+json"}, timeout=600)
    r.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}


def expected(store: GraphStore) -> dict[str, int]:
    return {str(graph_iri(sid)): n for sid, n in store.graphs().items()}


def timed_lookup(sparql: str, runs: int = 5) -> float:
    """The median seconds of a GROUP BY lookup over HTTP (after one warm-up)."""
    times = []
    for i in range(runs + 1):
        t = time.perf_counter()
        r = requests.post(sparql, data={"query": LOOKUP},
                          headers={"Accept": "application/sparql-results+json"}, timeout=600)
        r.raise_for_status()
        if i:
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def publish_cli(store_dir: Path, endpoint: str) -> None:
    """``puentes publish --endpoint`` as its own process (the real command line)."""
    exe = Path(sys.executable).with_name("puentes")
    env = {**os.environ, "PUENTES_ENDPOINT_USER": USER, "PUENTES_ENDPOINT_PASSWORD": PASSWORD}
    out = subprocess.run([str(exe), "publish", "--store", str(store_dir), "--endpoint",
                          endpoint], capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"puentes publish failed: {out.stdout[-1000:]} {out.stderr[-1000:]}")


class Bench:
    """The data, written once in the forms each way needs, and the measurements."""

    def __init__(self, triples: int, work: Path, runs: int) -> None:
        self.work, self.runs = work, runs
        t = time.perf_counter()
        self.store = make_store(triples, work / "store")
        self.store.close()  # publish opens it read-only in another process
        self.store = GraphStore.open(work / "store", read_only=True)
        self.expected = expected(self.store)
        self.triples = sum(self.expected.values())
        (work / "load").mkdir()
        self.nquads = work / "load" / "graph.nq"
        self.nquads.write_bytes(self.store.export())
        self.per_graph = {sid: graph_ntriples(self.store, sid) for sid in self.store.graphs()}
        self.prepare_seconds = time.perf_counter() - t
        self.rows: list[dict] = []
        self.lookups: dict[str, float] = {}

    def measure(self, way: str, store: str, push: Callable[[Path], float | None]) -> None:
        """Run ``push(folder)`` ``runs`` times, each on an empty store in a new folder; it
        returns the seconds it measured itself (or None when it could not run)."""
        seconds = []
        for i in range(self.runs):
            folder = Path(tempfile.mkdtemp(prefix=f"run{i}-", dir=self.work))
            s = push(folder)
            if s is None:
                return
            seconds.append(s)
        self.rows.append({"store": store, "way": way, "seconds": statistics.median(seconds),
                          "runs": seconds})
        print(f"  {store:16} {way:54} {statistics.median(seconds):8.2f} s", flush=True)

    # --- the ways -------------------------------------------------------------------------
    def reference(self, folder: Path) -> float:
        data = self.nquads.read_bytes()
        t = time.perf_counter()
        s = ox.Store(str(folder / "store"))
        s.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        s.flush()
        seconds = time.perf_counter() - t
        got = {g.value: sum(1 for _ in s.quads_for_pattern(None, None, None, g))
               for g in s.named_graphs()}
        self._check(got, "pyoxigraph bulk_load")
        del s
        return seconds

    def oxigraph_post(self, folder: Path, bulk: bool = False) -> float:
        """One ``POST /store`` of the N-Quads: one transaction, or with ``bulk`` the
        server's bulk loader (``?no_transaction``: faster, not atomic)."""
        with oxigraph_server(folder / "oxi") as base:
            t = time.perf_counter()
            with self.nquads.open("rb") as body:
                r = requests.post(base + "/store" + ("?no_transaction" if bulk else ""),
                                  data=body, timeout=3600,
                                  headers={"Content-Type": "application/n-quads"})
            seconds = time.perf_counter() - t
            r.raise_for_status()
            self._check(counts_on(base + "/query"), "Oxigraph POST /store")
            if "oxigraph" not in self.lookups:
                self.lookups["oxigraph"] = timed_lookup(base + "/query?union-default-graph")
        return seconds

    def oxigraph_publish(self, folder: Path) -> float:
        with oxigraph_server(folder / "oxi") as base:
            t = time.perf_counter()
            publish_cli(self.work / "store", base + "/store")
            seconds = time.perf_counter() - t
            self._check(counts_on(base + "/query"), "puentes publish → Oxigraph")
        return seconds

    def virtuoso_post(self, folder: Path) -> float:
        from requests.auth import HTTPDigestAuth

        with virtuoso_server(folder / "virtuoso", buffers=100_000) as v:
            session = requests.Session()
            session.auth = HTTPDigestAuth(USER, PASSWORD)
            session.delete(v.gsp, params={"graph": GRAPH_BASE + "none"}, timeout=60)  # nonce
            t = time.perf_counter()
            for sid, body in self.per_graph.items():
                r = session.post(v.gsp, params={"graph": str(graph_iri(sid))}, data=body,
                                 headers={"Content-Type": "application/n-triples"},
                                 timeout=3600)
                if r.status_code >= 300:
                    raise RuntimeError(f"Virtuoso GSP POST {sid}: {r.status_code} {r.text[:300]}")
            v.isql("checkpoint;")
            seconds = time.perf_counter() - t
            self._check(counts_on(v.sparql), "Virtuoso GSP POST")
        return seconds

    def virtuoso_bulk(self, folder: Path) -> float:
        with virtuoso_server(folder / "virtuoso", buffers=100_000) as v:
            data = v.folder / "load"
            data.mkdir()
            (data / "graph.nq").write_bytes(self.nquads.read_bytes())
            t = time.perf_counter()
            # The bulk loader reads files the server may read (DirsAllowed); in N-Quads the
            # graph of each triple is in the file (the third argument is the default graph).
            v.isql(f"ld_dir('{data}', '*.nq', '{GRAPH_BASE}unused'); rdf_loader_run(); "
                   "checkpoint;", timeout=3600)
            seconds = time.perf_counter() - t
            errors = v.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST "
                            "WHERE ll_error IS NOT NULL;")
            if "0 Rows" not in errors:
                raise RuntimeError(f"Virtuoso's bulk loader failed: {errors[-800:]}")
            self._check(counts_on(v.sparql), "Virtuoso bulk loader")
            if "virtuoso" not in self.lookups:
                self.lookups["virtuoso"] = timed_lookup(v.sparql)
        return seconds

    def virtuoso_publish(self, folder: Path) -> float:
        with virtuoso_server(folder / "virtuoso", buffers=100_000) as v:
            t = time.perf_counter()
            publish_cli(self.work / "store", v.gsp)
            v.isql("checkpoint;")
            seconds = time.perf_counter() - t
            self._check(counts_on(v.sparql), "puentes publish → Virtuoso")
        return seconds

    def _check(self, got: dict[str, int], way: str) -> None:
        if got != self.expected:
            raise RuntimeError(f"{way}: the server holds {got}, expected {self.expected}")


def machine() -> dict:
    """The machine and the versions, as bench/run.py describes them."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 for line in
                Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    virt = subprocess.run([virtuoso_binary() or "true", "-?"], capture_output=True,
                          text=True, check=False)
    vline = next((x for x in (virt.stdout + virt.stderr).splitlines() if "Version" in x), "")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mib": mem,
            "load_average": os.getloadavg(), "python": platform.python_version(),
            "pyoxigraph": version("pyoxigraph"), "oxigraph_server": version("oxigraph"),
            "virtuoso": vline.strip()}


def report(result: dict) -> str:
    """The Markdown table: every way as a ratio to the reference, seconds as context."""
    m = result["machine"]
    lines = [f"# Pushing {result['triples']:,} triples to a SPARQL store "
             f"({result['date']})", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_mib']:,} MiB; load "
             f"average at the start {m['load_average'][0]:.1f} (shared with other work: the "
             "seconds are inflated, the ratios are what compare). pyoxigraph "
             f"{m['pyoxigraph']}, Oxigraph server {m['oxigraph_server']}, {m['virtuoso']}. "
             f"Median of {result['runs']} run(s) per figure, each into an empty store; every "
             "push checked (triples per graph on the server = the embedded store's).", "",
             "| store | way | seconds | ratio to the reference | triples/s |",
             "|---|---|---|---|---|"]
    ref = result["reference_seconds"]
    for row in result["rows"]:
        lines.append(f"| {row['store']} | {row['way']} | {row['seconds']:.2f} | "
                     f"{row['seconds'] / ref:.1f}× | {result['triples'] / row['seconds']:,.0f} |")
    lines += ["", f"The `puentes publish` rows include the command's start-up "
              f"({result['puentes_startup_seconds']:.2f} s for `puentes --version` in this run)."]
    if result["lookups"]:
        lines += ["", "A lookup over HTTP after the load (members per country, GROUP BY, "
                  "median of 5): " + ", ".join(f"{k} {v * 1000:.0f} ms"
                                                for k, v in result["lookups"].items()) + "."]
    return "\n".join(lines) + "\n"


def _wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: .venv/bin/python bench/remote.py --triples "
                                        "20000 --runs 1 --no-write")
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1, help="runs per figure (the median)")
    ap.add_argument("--skip", default="", help="comma-separated: oxigraph,virtuoso")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if oxigraph_binary() is None:
        skip.add("oxigraph")
    if virtuoso_binary() is None:
        skip.add("virtuoso")
        print("Virtuoso is not installed (apt-get install virtuoso-opensource): skipped",
              file=sys.stderr)
    exe = Path(sys.executable).with_name("puentes")
    startup = statistics.median(_wall([str(exe), "--version"]) for _ in range(3))
    with tempfile.TemporaryDirectory(prefix="puentes-remote-") as tmp:
        bench = Bench(args.triples, Path(tmp), args.runs)
        print(f"{bench.triples:,} triples in {len(bench.expected)} graphs "
              f"(prepared in {bench.prepare_seconds:.1f} s)", flush=True)
        bench.measure("pyoxigraph bulk_load, on disk (reference)", "embedded", bench.reference)
        if "oxigraph" not in skip:
            bench.measure("POST /store, N-Quads (one transaction)", "Oxigraph server",
                          bench.oxigraph_post)
            bench.measure("POST /store?no_transaction (bulk loader, not atomic)",
                          "Oxigraph server", lambda f: bench.oxigraph_post(f, bulk=True))
            bench.measure(PUBLISH, "Oxigraph server", bench.oxigraph_publish)
        if "virtuoso" not in skip:
            bench.measure("GSP POST per graph (Digest)", "Virtuoso", bench.virtuoso_post)
            bench.measure("isql ld_dir + rdf_loader_run (bulk loader)", "Virtuoso",
                          bench.virtuoso_bulk)
            bench.measure(PUBLISH, "Virtuoso", bench.virtuoso_publish)
        bench.store.close()
    result = {"date": date.today().isoformat(), "triples": bench.triples,
              "graphs": bench.expected, "runs": args.runs, "machine": machine(),
              "reference_seconds": bench.rows[0]["seconds"], "rows": bench.rows,
              "puentes_startup_seconds": startup,
              "lookups": bench.lookups}
    for row in result["rows"]:
        row["ratio"] = row["seconds"] / result["reference_seconds"]
    text = report(result)
    print(text)
    if not args.no_write:
        args.out.mkdir(parents=True, exist_ok=True)
        stem = args.out / f"{result['date']}-remote"
        stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
        stem.with_suffix(".md").write_text(text)
        print(f"written: {stem}.json, {stem}.md")


if __name__ == "__main__":
    main()
