"""The mapper contract (``puentes.ingest.sources.Mapper``, docs/adding-a-source.md), held for EVERY
entry of the catalogue — a new source is covered without editing this file:

- ``inputs()`` lists every file the mapper reads: the mapper runs in a fresh process under a
  file-access recorder (a Python audit hook on ``open``) and each file it opened in the
  project, other than the model, the shapes and the code (which the fingerprint covers), must
  be among its inputs — the stale Wikidata graph of issue 13 read the registry unlisted;
- the build fingerprint changes when any one input changes;
- the PROV-O run record names the source's graph, the run and every input with its checksum;
- the mapped graph passes the per-record shapes (no Violation).

Remote sources are mapped from a snapshot fetched from the recorded responses of
``tests/sources/<id>/`` (a replay server on 127.0.0.1), so they are held to the contract too.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV
from replay import Replay, replay_server

from puentes.build.loop import fingerprint
from puentes.build.provenance import add_run_record, sha256_file
from puentes.errors import NoSnapshotError
from puentes.ingest.catalogue import Source, load_catalogue
from puentes.ingest.sources import Mapper
from puentes.namespaces import PU, graph_iri, rid
from puentes.paths import project_root

ROOT = project_root()
CATALOGUE = load_catalogue()
pytestmark = pytest.mark.slow  # every source's mapper in a fresh process
# What the fingerprint covers by itself (build.fingerprint): the model, the shapes, the code.
COVERED = [ROOT / "ontology", ROOT / "shapes", ROOT / "pipeline"]

RECORDER = r"""
import dataclasses, json, sys, warnings
from pathlib import Path
opened, recording = set(), []
def hook(event, args):
    if recording and event == "open" and isinstance(args[0], (str, bytes, Path)):
        p = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        opened.add(str(Path(p).resolve()))
sys.addaudithook(hook)
from puentes.ingest.catalogue import load_catalogue
sid, location = sys.argv[1], sys.argv[2]
source = load_catalogue()[sid]
if location:
    source = dataclasses.replace(source, location=Path(location))
module = source.mapper()
recording.append(True)  # the catalogue entry itself is in the fingerprint (Source's repr)
listed = [str(Path(p).resolve()) for p in module.inputs(source)]
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    module.map_source(source)
modules = sorted(m for m in sys.modules if m == "puentes" or m.startswith("puentes."))
print(json.dumps({"opened": sorted(opened), "inputs": listed, "modules": modules}))
"""


def _snapshot_from_recordings(source: Source, folder: Path) -> Source | None:
    """A remote source's snapshot fetched from the recorded responses, or None when the
    source has no recordings (then it is held to the contract once it has a snapshot)."""
    import test_connectors as rec

    routes = {"worldbank": rec.worldbank_routes, "ilostat": rec.ilostat_routes,
              "unicef": rec.unicef_routes, "wikidata": rec.wikidata_routes}.get(source.id)
    if routes is None:
        return None
    replay = Replay()
    routes(replay)
    located = dataclasses.replace(source, location=folder)
    with replay_server(replay) as base:
        path = "/sparql" if source.id == "wikidata" else ""
        located.mapper().fetch(located, base_url=base + path, policy=rec.FAST)
    return located


@pytest.fixture(scope="module")
def runnable(tmp_path_factory) -> dict[str, Source]:
    """Every catalogue entry with something to map: its shipped files, or a snapshot made
    from recordings."""
    out = {}
    for sid, source in CATALOGUE.items():
        try:
            source.mapper().inputs(source)
            out[sid] = source
        except NoSnapshotError:
            made = _snapshot_from_recordings(source, tmp_path_factory.mktemp(sid))
            if made is not None:
                out[sid] = made
    return out


def _entry(runnable: dict[str, Source], sid: str) -> Source:
    if sid not in runnable:
        pytest.skip(f"{sid}: no shipped snapshot and no recorded responses")
    return runnable[sid]


@pytest.mark.parametrize("sid", sorted(CATALOGUE))
def test_the_mapper_module_follows_the_contract(sid):
    module = CATALOGUE[sid].mapper()
    assert isinstance(module, Mapper), f"{module.__name__} lacks inputs() or map_source()"
    for name in ("inputs", "map_source"):
        assert getattr(module, name).__doc__, f"{module.__name__}.{name} has no docstring"
    if CATALOGUE[sid].kind == "remote-api":
        assert hasattr(module, "fetch"), f"remote source {sid} has no fetch()"


@pytest.mark.parametrize("sid", sorted(CATALOGUE))
def test_inputs_list_every_file_the_mapper_reads(sid, runnable):
    source = _entry(runnable, sid)
    location = "" if source is CATALOGUE[sid] else str(source.location)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run([sys.executable, "-c", RECORDER, sid, location], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=240)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    inputs = set(seen["inputs"])
    read = {Path(p) for p in seen["opened"]}
    in_project = {p for p in read if ROOT in p.parents or Path(source.location) in p.parents}
    unlisted = sorted(str(p.relative_to(ROOT) if ROOT in p.parents else p)
                      for p in in_project
                      if str(p) not in inputs and p.is_file()
                      and not any(c in p.parents for c in COVERED)
                      and ".venv" not in p.parts and "__pycache__" not in p.parts)
    assert not unlisted, f"{sid}: read but not in inputs(): {unlisted}"
    # Every puentes module the mapper really ran (lazy imports included) is in the code its
    # fingerprint covers, so editing any of them rebuilds the source (issue 19).
    from puentes.build import deps

    covered = set(deps.closure(source.mapper().__name__, *deps.EVERY_SOURCE))
    ran = {deps.module_path(m) for m in seen["modules"]} - {None}
    assert ran <= covered, f"{sid}: ran but not fingerprinted: {sorted(map(str, ran - covered))}"


@pytest.mark.parametrize("sid", sorted(CATALOGUE))
def test_the_fingerprint_follows_every_input(sid, runnable, tmp_path):
    source = _entry(runnable, sid)
    module = source.mapper()
    inputs = module.inputs(source)
    before = fingerprint(source, module, inputs)
    assert fingerprint(source, module, inputs) == before  # stable
    for i, path in enumerate(inputs):
        changed = tmp_path / f"{i}-{path.name}"
        changed.write_bytes(path.read_bytes() + b"\n")
        assert fingerprint(source, module, [*inputs[:i], changed, *inputs[i + 1:]]) != before, (
            f"{sid}: editing {path.name} would not rebuild the source")


@pytest.fixture(scope="module")
def mapped(runnable) -> dict[str, Graph]:
    """Every runnable source mapped once (the others' types are the context of validation,
    as in the build)."""
    import warnings

    out = {}
    for sid, source in runnable.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out[sid] = source.mapper().map_source(source)
    return out


@pytest.mark.parametrize("sid", sorted(CATALOGUE))
def test_the_graph_carries_its_prov_record_and_passes_its_shapes(sid, runnable, mapped):
    from rdflib.namespace import RDF

    from puentes.check.shapes import load_shapes_graph
    from puentes.check.validate import validate_graph
    from puentes.model import load_model_graph

    source = _entry(runnable, sid)
    inputs = source.mapper().inputs(source)
    graph = Graph()
    graph += mapped[sid]
    assert len(graph), f"{sid}: the mapper produced an empty graph"
    run = add_run_record(graph, source, inputs, datetime.now(timezone.utc))
    assert (graph_iri(sid), PROV.wasGeneratedBy, run) in graph
    dataset = rid("dataset", sid)
    assert (run, PROV.used, dataset) in graph
    for path in inputs:
        part = rid("dataset", f"{sid}/{path.name}")
        assert (part, PU.sha256, Literal(sha256_file(path))) in graph
    if source.url:
        assert (dataset, PROV.hadPrimarySource, URIRef(source.url)) in graph
    data = Graph()
    data += graph
    # the types of the nodes this graph refers to, from the other graphs (as the build gives
    # them): not every typed node of every source, which would validate other sources'
    # observations as well
    nodes = set(graph.subjects()) | {o for o in graph.objects() if isinstance(o, URIRef)}
    for other, g in mapped.items():
        if other != sid:
            for t in g.triples((None, RDF.type, None)):
                if t[0] in nodes:
                    data.add(t)
    data += load_model_graph()  # as the build validates a source graph
    report = validate_graph(data, shapes=load_shapes_graph(per_record=True))
    own = set(graph.subjects())
    violations = [r for r in report.results if r.severity == "Violation" and r.focus_node in own]
    assert not violations, report.subset(violations).to_text()[:3000]
