"""Benchmark: `puentes serve` against the Oxigraph server (SPARQL) and nginx (pages), same
data, same requests, same client, same run.

A store is built from the synthetic graph of bench/store.py (or `--store` names a real one);
`puentes serve` serves it, and the Oxigraph server (`oxigraph serve-read-only
--union-default-graph`, PyPI `oxigraph`) serves a copy of the graphs its query workers see.
The resource pages `puentes serve` answers are written to a folder that Debian's nginx
serves with the shipped recipe (pipeline/puentes/web/recipes/), as a published site is served.
The same HTTP load generator (`wrk`, 2 threads × 16 connections, keep-alive; Debian's `wrk`,
else `ab`) asks each the same requests for a few seconds, alternating rounds. The report
gives requests/s and p50/p99 latency for each, and puentes' rate as a ratio of its reference
(1.0×), with the issue's targets and whether this run met them. No test asserts a time.

    .venv/bin/python bench/serve.py                        # ~50k triples, writes bench/results/
    .venv/bin/python bench/serve.py --store .puentes/store --seconds 15
    .venv/bin/python bench/serve.py --triples 2000 --seconds 2 --no-write
"""

from __future__ import annotations

import argparse
import contextlib
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
  local q = "SELECT ?p ?o WHERE { <" .. iris[math.random(#iris)] .. "> ?p ?o TAIL} # " .. n ..
            " " .. math.random(0, 1e9)
  return wrk.format("GET", "PATH?query=" .. enc(q))
end
"""


#: wrk script for pages: a random one of the resource pages each time (PAGES: their paths).
PAGES_LUA = """
local pages = {PAGES}
request = function()
  return wrk.format("GET", pages[math.random(#pages)])
end
"""
#: The issue's targets (issue 11, "serve").
TARGETS = {"distinct lookups": ("rate ≥ 0.5× the Oxigraph server's, p99 ≤ 10 ms", 0.5, 10.0),
           "distinct pages": ("≥ 5,000 requests/s", 5000.0, None)}


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


def page_path(iri: str) -> str:
    """The path of a resource's HTML page on `puentes serve` (and in a published site)."""
    return "/" + iri.split("/", 4)[4] + ".html"


def publish_pages(base: str, paths: list[str], folder: Path) -> list[float]:
    """Fetch each page from `puentes serve` once (its first rendering) and write the bytes
    where a published site has them; the seconds each first answer took."""
    took = []
    for path in paths:
        start = time.perf_counter()
        body = urllib.request.urlopen(base + path, timeout=120).read()
        took.append(time.perf_counter() - start)
        target = folder / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    for p in [folder, *folder.rglob("*")]:  # nginx's workers run as www-data when root
        p.chmod(0o755 if p.is_dir() else 0o644)
    return took


@contextlib.contextmanager
def static_server(folder: Path):  # noqa: ANN201
    """nginx serving ``folder`` with the shipped recipe (tests/webservers.py), its base URL."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    try:
        from webservers import nginx
    finally:
        sys.path.pop(0)
    with nginx(folder) as base:
        yield base


def run(store: Path, seconds: int, rounds: int, workers: int, pages: int = 200) -> dict:
    """Measure puentes and the references, alternating, ``rounds`` times; the median round
    of each. ``pages``: how many resource pages the page requests pick from."""
    exe = Path(sys.executable).with_name("oxigraph")
    exe = str(exe) if exe.exists() else shutil.which("oxigraph")
    from puentes.web.endpoint.snapshot import Snapshots, data_view

    snapshots = Snapshots(store)  # waits for a running build, like `puentes serve`
    copy = data_view(snapshots.take())  # the source graphs, as the query workers see them
    view = ox.Store.read_only(str(copy))
    iris, triples = resources(view), len(view)
    del view
    lookup = LOOKUP.format(iri=iris[0])
    distinct = DISTINCT_LUA.replace("{IRIS}", "{" + ", ".join(
        json.dumps(i, ensure_ascii=False) for i in iris) + "}")
    kinds = {"repeated lookup": None, "distinct lookups": distinct.replace("TAIL", ""),
             # the same, with a FILTER that keeps every row: not a lookup for puentes
             # (endpoint/lookup.py), so a query worker answers it
             "distinct filtered lookups": distinct.replace("TAIL", "FILTER(true) ")}
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
    paths = [page_path(i) for i in iris[:pages]]
    site = Path(tempfile.mkdtemp(prefix="puentes-bench-site-"))
    try:
        for url in urls.values():
            _wait(url)
            answer = urllib.request.urlopen(urllib.request.Request(
                url, headers={"Accept": "application/sparql-results+json"})).read()
            assert json.loads(answer)["results"]["bindings"], "the lookup found nothing"
            load(url, 1)  # warm-up
        p_base = f"http://127.0.0.1:{p_port}"
        first = sorted(publish_pages(p_base, paths, site))
        plan = {kind: (urls, script) for kind, script in kinds.items()}
        with static_server(site) as n_base:
            page_urls = {"puentes serve": p_base + paths[0], "nginx": n_base + paths[0]}
            plan["repeated page"] = (page_urls, None)
            plan["distinct pages"] = (page_urls, PAGES_LUA.replace("{PAGES}", "{" + ", ".join(
                json.dumps(p, ensure_ascii=False) for p in paths) + "}"))
            for url in page_urls.values():
                load(url, 1)  # warm-up
            runs = {(name, kind): [] for kind, (u, _) in plan.items() for name in u}
            for _ in range(rounds):
                for kind, (u, script) in plan.items():
                    for name, url in u.items():
                        runs[name, kind].append(load(url, seconds, script))
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=20)
        snapshots.close()
        shutil.rmtree(site, ignore_errors=True)
    result = {}
    for (name, kind), r in runs.items():
        result.setdefault(kind, {})[name] = sorted(r, key=lambda m: m["rps"])[len(r) // 2]
    for kind in KINDS:
        result[kind]["ratio"] = (result[kind]["puentes serve"]["rps"]
                                 / result[kind][REFERENCE[kind]]["rps"])
    result["lookup"], result["resources"], result["pages"] = lookup, len(iris), len(paths)
    result["triples"] = triples  # in the graphs a query sees (the data view)
    result["first_rendering_ms"] = {"median": first[len(first) // 2] * 1000,
                                    "max": first[-1] * 1000}
    return result


KINDS = ("repeated lookup", "distinct lookups", "distinct filtered lookups", "repeated page",
         "distinct pages")
REFERENCE = {"repeated lookup": "Oxigraph server", "distinct lookups": "Oxigraph server",
             "distinct filtered lookups": "Oxigraph server",
             "repeated page": "nginx", "distinct pages": "nginx"}


def targets(result: dict) -> list[tuple[str, str, bool]]:
    """``(requests, target, met)`` for each of the issue's targets, from one run."""
    out = []
    for kind, (text, bound, p99) in TARGETS.items():
        m = result[kind]["puentes serve"]
        met = (result[kind]["ratio"] >= bound if kind == "distinct lookups" else
               m["rps"] >= bound) and (p99 is None or m["p99_ms"] <= p99)
        out.append((kind, text, met))
    return out


def report(result: dict, triples: int, seconds: int, rounds: int, workers: int) -> str:
    """The Markdown table."""
    rows = ["| requests | server | requests/s | p50 (ms) | p99 (ms) | non-2xx | rate vs "
            "reference |", "|---|---|---|---|---|---|---|"]
    for kind in KINDS:
        ref = result[kind][REFERENCE[kind]]["rps"]
        for name in ("puentes serve", REFERENCE[kind]):
            m = result[kind][name]
            rows.append(f"| {kind} | {name} | {m['rps']:,.0f} | {m['p50_ms']:.2f} | "
                        f"{m['p99_ms']:.2f} | {m['non_2xx']} | {m['rps'] / ref:.2f}× |")
    goals = ["| requests | target (issue 11) | this run |", "|---|---|---|"]
    goals += [f"| {kind} | {text} | {'met' if met else '**not met**'} |"
              for kind, text, met in targets(result)]
    client = result["repeated lookup"]["puentes serve"]["client"]
    first = result["first_rendering_ms"]
    return "\n".join([
        f"# puentes serve vs the Oxigraph server and nginx ({date.today()})", "",
        f"SPARQL: a simple lookup on a store of {triples:,} triples: *repeated* — the same "
        f"request (`{result['lookup']}`) again and again (puentes answers repeats from its "
        f"per-snapshot cache); *distinct* — the same lookup of a random one of "
        f"{result['resources']:,} resources each time, with a counter in a comment so that no "
        "two requests are alike (no cache hit): puentes answers these lookups in its own "
        "process; *filtered* — the same with `FILTER(true)`, which makes them queries that "
        "puentes sends to a query worker. The Oxigraph server (`serve-read-only "
        "--union-default-graph`) serves a copy of the graphs puentes' query workers see.", "",
        f"Pages: the HTML page of one resource (*repeated*) or of a random one of "
        f"{result['pages']:,} (*distinct*), after each was asked for once (its first "
        f"rendering: median {first['median']:.1f} ms, slowest {first['max']:.0f} ms; later "
        "answers come from the per-snapshot page cache); nginx serves the same bytes from "
        "a folder laid out as `puentes publish` writes it, with the shipped recipe.", "",
        f"{client}, {seconds} s per run, {rounds} alternating rounds (the median round shown; "
        f"of two, the faster); `puentes serve --workers {workers}`.", "", *rows, "", *goals,
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pyoxigraph {version('pyoxigraph')}, oxigraph "
        f"{version('oxigraph')}, uvicorn {version('uvicorn')}, {_nginx_version()}.", ""])


def _nginx_version() -> str:
    out = subprocess.run(["/usr/sbin/nginx", "-v"], capture_output=True, text=True).stderr
    return out.strip().removeprefix("nginx version: ").replace("/", " ") or "nginx"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: .venv/bin/python bench/serve.py --store .puentes/store --seconds 5 "
               "--no-write   (after `puentes build`; needs wrk and nginx: "
               "scripts/install-system-deps.sh)")
    ap.add_argument("--store", type=Path, help="a store built by `puentes build`")
    ap.add_argument("--triples", type=int, default=50_000,
                    help="without --store: the size of a synthetic store (default 50,000)")
    ap.add_argument("--seconds", type=int, default=10, help="seconds per wrk run (default 10)")
    ap.add_argument("--rounds", type=int, default=2,
                    help="alternating rounds; the median is reported (default 2)")
    ap.add_argument("--workers", type=int, default=2,
                    help="`puentes serve --workers` (default 2)")
    ap.add_argument("--pages", type=int, default=200, help="resource pages to pick from")
    ap.add_argument("--no-write", action="store_true",
                    help="print the table only, do not write bench/results/")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        store = args.store or tmp / "store"
        if not args.store:
            synthetic_store(store, args.triples)
        result = run(store, args.seconds, args.rounds, args.workers, args.pages)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = report(result, result["triples"], args.seconds, args.rounds, args.workers)
    print(text)
    if not args.no_write:
        out = HERE / "results" / f"{date.today()}-serve"
        out.with_suffix(".md").write_text(text)
        out.with_suffix(".json").write_text(json.dumps(
            result, indent=2) + "\n")


if __name__ == "__main__":
    main()
