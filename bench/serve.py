"""Benchmark: `puentes serve`'s SPARQL endpoint against the Oxigraph server, same data, same
query, same client, same run.

A store is built from the synthetic graph of bench/store.py (or `--store` names a real one);
`puentes serve` serves it, and the Oxigraph server (`oxigraph serve-read-only
--union-default-graph`, PyPI `oxigraph`) serves a copy of it. The same HTTP load generator
(`wrk`, 2 threads × 16 connections, keep-alive; Debian's `wrk`, else `ab`) asks each a simple
lookup for a few seconds, alternating rounds. The report gives requests/s and p50/p99
latency for each, and puentes' rate as a ratio of the Oxigraph server's (the reference,
1.0×). No absolute threshold: machines differ.

    .venv/bin/python bench/serve.py                        # ~50k triples, writes bench/results/
    .venv/bin/python bench/serve.py --store .puentes/store --seconds 15
    .venv/bin/python bench/serve.py --triples 2000 --seconds 2 --no-write
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).parent
LOOKUP = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
#: wrk script for distinct lookups: a random resource of the store each time, and a counter in
#: a comment so that no two requests are the same (none can be answered from a cache).
DISTINCT_LUA = """
local iris = {IRIS}
local n = 0
local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  n = n + 1
  local q = "SELECT ?p ?o WHERE { <" .. iris[math.random(#iris)] .. "> ?p ?o } # " .. n ..
            " " .. math.random(0, 1e9)
  return wrk.format("GET", "PATH?query=" .. enc(q))
end
"""


def resources(store: ox.Store, n: int = 1000) -> list[str]:
    """Up to ``n`` resource IRIs of the store (subjects under …/id/), in a stable order."""
    q = ("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && "
         "CONTAINS(STR(?s), '/id/')) } ORDER BY ?s LIMIT " + str(n))
    return [row["s"].value for row in store.query(q)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def synthetic_store(folder: Path, triples: int) -> int:
    """A store with bench/store.py's synthetic graph as one source graph; its size."""
    spec = importlib.util.spec_from_file_location("bench_store", HERE / "store.py")
    run = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = run
    spec.loader.exec_module(run)
    from puentes.store import GraphStore

    nt = ox.serialize(ox.parse(run.synthetic(triples).encode(), format=ox.RdfFormat.TURTLE),
                      format=ox.RdfFormat.N_TRIPLES)
    gs = GraphStore.open(folder)
    n = gs.replace_graph("bench", nt)
    gs.close()
    return n


def _seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def load(url: str, seconds: int, script: str | None = None) -> dict:
    """Requests/s, p50 and p99 (ms) of GETs on ``url`` under wrk (or ab); ``script``: a wrk
    Lua script that makes each request (its PATH replaced by the URL's path)."""
    if shutil.which("wrk"):
        extra = []
        if script:
            lua = Path(tempfile.mkdtemp()) / "requests.lua"
            lua.write_text(script.replace("PATH", urllib.parse.urlsplit(url).path))
            extra = ["-s", str(lua)]
        out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", *extra,
                              url], capture_output=True, text=True, check=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = _seconds(re.search(r"\s50%\s+(\S+)", out).group(1)) * 1000
        p99 = _seconds(re.search(r"\s99%\s+(\S+)", out).group(1)) * 1000
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return {"client": "wrk -t2 -c16", "rps": rate, "p50_ms": p50, "p99_ms": p99,
                "non_2xx": int(errors.group(1)) if errors else 0}
    if script:
        raise SystemExit("distinct lookups need wrk (apt-get install wrk)")
    out = subprocess.run(["ab", "-q", "-k", "-c", "16", "-t", str(seconds), "-n", "10000000",
                          url], capture_output=True, text=True, check=True).stdout
    return {"client": "ab -k -c16",
            "rps": float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1)),
            "p50_ms": float(re.search(r"\s50%\s+(\d+)", out).group(1)),
            "p99_ms": float(re.search(r"\s99%\s+(\d+)", out).group(1)),
            "non_2xx": int((re.search(r"Non-2xx responses:\s+(\d+)", out) or
                            re.match(r"()", "0")).group(1) or 0)}


def run(store: Path, seconds: int, rounds: int, workers: int) -> dict:
    """Measure both servers, alternating, ``rounds`` times; the median round of each."""
    exe = Path(sys.executable).with_name("oxigraph")
    exe = str(exe) if exe.exists() else shutil.which("oxigraph")
    from puentes.endpoint.snapshot import Snapshots

    snapshots = Snapshots(store)  # waits for a running build, like `puentes serve`
    copy = snapshots.take()
    iris = resources(ox.Store.read_only(str(copy)))
    lookup = LOOKUP.format(iri=iris[0])
    kinds = {"repeated lookup": None,
             "distinct lookups": DISTINCT_LUA.replace("{IRIS}", "{" + ", ".join(
                 json.dumps(i, ensure_ascii=False) for i in iris) + "}")}
    qs = "?" + urllib.parse.urlencode({"query": lookup})
    p_port, o_port = _free_port(), _free_port()
    procs = [
        subprocess.Popen([str(Path(sys.executable).with_name("puentes")), "serve", "--store",
                          str(store), "--port", str(p_port), "--workers", str(workers)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([exe, "serve-read-only", "--location", str(copy),
                          "--union-default-graph", "--bind", f"127.0.0.1:{o_port}"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    urls = {"puentes serve": f"http://127.0.0.1:{p_port}/sparql{qs}",
            "Oxigraph server": f"http://127.0.0.1:{o_port}/query{qs}"}
    try:
        for url in urls.values():
            _wait(url)
            answer = urllib.request.urlopen(urllib.request.Request(
                url, headers={"Accept": "application/sparql-results+json"})).read()
            assert json.loads(answer)["results"]["bindings"], "the lookup found nothing"
            load(url, 1)  # warm-up
        runs = {(name, kind): [] for name in urls for kind in kinds}
        for _ in range(rounds):
            for kind, script in kinds.items():
                for name, url in urls.items():
                    runs[name, kind].append(load(url, seconds, script))
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=20)
        snapshots.close()
    result = {}
    for (name, kind), r in runs.items():
        result.setdefault(kind, {})[name] = sorted(r, key=lambda m: m["rps"])[len(r) // 2]
    for kind in kinds:
        result[kind]["ratio"] = (result[kind]["puentes serve"]["rps"]
                                 / result[kind]["Oxigraph server"]["rps"])
    result["lookup"], result["resources"] = lookup, len(iris)
    return result


KINDS = ("repeated lookup", "distinct lookups")


def report(result: dict, triples: int, seconds: int, rounds: int, workers: int) -> str:
    """The Markdown table."""
    rows = ["| requests | server | requests/s | p50 (ms) | p99 (ms) | non-2xx | rate vs "
            "Oxigraph server |", "|---|---|---|---|---|---|---|"]
    for kind in KINDS:
        ref = result[kind]["Oxigraph server"]["rps"]
        for name in ("puentes serve", "Oxigraph server"):
            m = result[kind][name]
            rows.append(f"| {kind} | {name} | {m['rps']:,.0f} | {m['p50_ms']:.2f} | "
                        f"{m['p99_ms']:.2f} | {m['non_2xx']} | {m['rps'] / ref:.2f}× |")
    client = result["repeated lookup"]["puentes serve"]["client"]
    return "\n".join([
        f"# SPARQL endpoint: puentes serve vs the Oxigraph server ({date.today()})", "",
        f"A simple lookup on a store of {triples:,} triples: *repeated* — the same request "
        f"(`{result['lookup']}`) again and again (puentes answers repeats from its "
        f"per-snapshot cache); *distinct* — the same lookup of a random one of "
        f"{result['resources']:,} resources each time, with a counter in a comment so that no "
        f"two requests are alike (no cache hit). {client}, "
        f"{seconds} s per run, {rounds} alternating rounds (the median round shown; of two, "
        "the faster); "
        f"`puentes serve --workers {workers}`; Oxigraph server `serve-read-only "
        "--union-default-graph` on a copy of the same store.", "", *rows, "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pyoxigraph {version('pyoxigraph')}, oxigraph "
        f"{version('oxigraph')}, uvicorn {version('uvicorn')}.", ""])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="a store built by `puentes build`")
    ap.add_argument("--triples", type=int, default=50_000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        if args.store:
            store, triples = args.store, sum(1 for _ in ox.Store.read_only(str(args.store)))
        else:
            store, triples = tmp / "store", synthetic_store(tmp / "store", args.triples)
        result = run(store, args.seconds, args.rounds, args.workers)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = report(result, triples, args.seconds, args.rounds, args.workers)
    print(text)
    if not args.no_write:
        out = HERE / "results" / f"{date.today()}-serve"
        out.with_suffix(".md").write_text(text)
        out.with_suffix(".json").write_text(json.dumps(
            {"triples": triples, **result}, indent=2) + "\n")


if __name__ == "__main__":
    main()
