"""The corpus of bad inputs (tests/corpus/): every input puentes reads, broken the ways data
stewards, files and remote APIs break it, each with its expected outcome.

Each case is a folder: ``expected.yaml`` (the command, the exit code, fragments the message
must hold) and ``home/`` (files laid over a temporary project home). The one test below runs
every case and asserts: the exit code (1 invalid data, 2 failure), every message fragment,
no traceback, and NO change to the store, the published site, the snapshots or any other
file of the home. See tests/corpus/README.md for the keys of ``expected.yaml``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF
from replay import Replay, Reply, replay_server

from puentes.cli import cli
from puentes.namespaces import PU
from puentes.store import GraphStore, SourceState

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.yaml").is_file())
LINKED = ("ontology", "shapes", "queries", "docs")
#: Tiny retry policy: a fault case must fail in well under a second.
FAST_HTTP = {"PUENTES_HTTP_ATTEMPTS": "1", "PUENTES_HTTP_BACKOFF": "0",
             "PUENTES_HTTP_TIMEOUT": "3", "PUENTES_HTTP_MAX_WAIT": "0"}


@pytest.fixture(scope="session")
def baseline_store(tmp_path_factory) -> Path:
    """A store holding the example graph as the 'registry' graph, with a build state: what
    a failed command must leave exactly as it was."""
    path = tmp_path_factory.mktemp("baseline") / "store"
    store = GraphStore.open(path)
    graph = Graph().parse(ROOT / "tests" / "fixtures" / "example-graph.ttl")
    store.replace_graph("registry", graph, SourceState("registry", "baseline",
                                                        "2026-01-01T00:00:00+00:00", len(graph)))
    # The sources the cases build need the countries (data/sources.yaml `needs:`): a loaded
    # countries graph (the example graph's countries) is used as it is, not rebuilt.
    countries = Graph()
    for country in graph.subjects(RDF.type, PU.Country):
        countries += graph.triples((country, None, None))
    store.replace_graph("countries", countries, SourceState(
        "countries", "baseline", "2026-01-01T00:00:00+00:00", len(countries)))
    store.close()
    return path


def store_digest(path: Path) -> str | None:
    """Every quad of the store (source graphs and build state), sorted, hashed."""
    if not path.is_dir():
        return None
    store = GraphStore.open(path, create=False)
    try:
        lines = sorted(str(q) for q in store.store)
    finally:
        store.close()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def files_digest(home: Path) -> dict[str, str]:
    """Checksums of every file of the home but the store folder (snapshots, registry,
    catalogue, published site …); the linked project folders are the repository's own."""
    out = {}
    for path in sorted(home.rglob("*")):
        rel = path.relative_to(home)
        if rel.parts[0] in (".puentes", *LINKED) or path.is_symlink() or not path.is_file():
            continue
        out[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def make_home(case: Path, home: Path, spec: dict, baseline: Path) -> None:
    """The project home of one case: the repository's model linked, the files the case asks
    for copied, its own files laid over them, big inputs generated, a store and a site."""
    home.mkdir()
    for name in LINKED:
        (home / name).symlink_to(ROOT / name)
    (home / "data").mkdir()
    shutil.copy(ROOT / "data" / "sources.yaml", home / "data" / "sources.yaml")
    for rel in spec.get("copy", []):
        shutil.copytree(ROOT / rel, home / rel)
    if (case / "home").is_dir():
        shutil.copytree(case / "home", home, dirs_exist_ok=True)
    for edit in spec.get("edit", []):
        _edit(home / edit["path"], edit)
    for rel in spec.get("remove", []):
        (home / rel).unlink()
    for gen in spec.get("generate", []):
        target = home / gen["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        head = gen.get("text", "").encode()
        if "workbook" in gen:  # a small XLSX: cells as given (formulas saved without values)
            _workbook(target, gen["workbook"])
        elif "zip_part" in gen:  # a workbook part far larger once decompressed (a zip bomb)
            _zip_bomb(target, gen["zip_part"], gen["size"])
        elif "truncate" in gen:  # the first N bytes of a real file: a body cut short
            target.write_bytes(target.read_bytes()[: gen["truncate"]])
        else:
            fill = gen["repeat"].encode()
            target.write_bytes(head + fill * ((gen["size"] - len(head)) // len(fill))
                               + gen.get("tail", "").encode())
    shutil.copytree(baseline, home / ".puentes" / "store")
    site = home / "dist"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text("<!doctype html><title>the published site</title>\n")


def _workbook(target: Path, spec: dict) -> None:
    """An XLSX written by openpyxl: one sheet, the cells given (a value starting with "="
    is a formula, saved — as openpyxl saves it — without a computed value)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    for ref, value in spec["cells"].items():
        ws[ref] = value
    wb.save(target)


def _zip_bomb(target: Path, part: str, size: int) -> None:
    """The workbook at ``target`` with its part ``part`` replaced by ``size`` bytes of shared
    strings (compressed to a few hundred kB), streamed: never held in memory."""
    import zipfile

    original = target.read_bytes()
    with zipfile.ZipFile(__import__("io").BytesIO(original)) as src, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info.filename))
        with dst.open(part, "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                      b'spreadsheetml/2006/main">')
            block = b"<si><t>" + b"A" * 65_000 + b"</t></si>"
            for _ in range(size // len(block)):
                out.write(block)
            out.write(b"</sst>")


def _edit(path: Path, edit: dict) -> None:
    """Break a copied file the way ``edit`` says: re-encode it, append to one line, replace
    text or a regular expression (``count`` times; all by default)."""
    text = path.read_text(encoding="utf-8-sig")
    if "encode" in edit:
        path.write_bytes(text.encode(edit["encode"], errors="replace"))
        return
    if "line" in edit:
        lines = text.split("\n")
        lines[edit["line"] - 1] += edit["append"]
        new = "\n".join(lines)
    elif "regex" in edit:
        new = re.sub(edit["regex"], edit["with"], text, count=edit.get("count", 0))
    else:
        new = text.replace(edit["replace"], edit["with"], edit.get("count", -1))
    assert new != text, f"the edit {edit} changed nothing in {path.name}"
    path.write_text(new, encoding="utf-8")


def fill(value: object, subs: dict[str, str]) -> object:
    if isinstance(value, str):
        for key, sub in subs.items():
            value = value.replace("{" + key + "}", sub)
    return value


@pytest.mark.parametrize("name", CASES)
def test_bad_input_gives_a_clear_error_and_changes_nothing(name, tmp_path, baseline_store,
                                                          monkeypatch):
    case = CORPUS / name
    spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert spec["exit"] in (1, 2), "the corpus holds bad inputs: exit 1 or 2"
    home = tmp_path / "home"
    make_home(case, home, spec, baseline_store)
    monkeypatch.chdir(home)
    replay = Replay()
    for route, reply in (spec.get("replay") or {}).items():
        body = (case / reply["file"]).read_bytes() if "file" in reply \
            else reply.get("body", "").encode()
        replay.add(route, Reply(reply.get("status", 200), body, reply.get("headers", {}),
                                cut=reply.get("cut", 0)))
    before_store = store_digest(home / ".puentes" / "store")
    before_files = files_digest(home)
    with replay_server(replay) as base:
        subs = {"home": str(home), "replay": base, "case": str(case)}
        env = {"PUENTES_HOME": str(home), "PUENTES_STORE": str(home / ".puentes" / "store"),
               "COLUMNS": "2000", "PUENTES_DEBUG": "", **FAST_HTTP}
        env.update({k: fill(v, subs) for k, v in (spec.get("env") or {}).items()})
        for key in [k for k in os.environ if k.startswith("PUENTES_") and k.endswith("_URL")]:
            env.setdefault(key, "")  # no endpoint from the machine running the tests
        args = [fill(a, subs) for a in spec["command"]]
        result = CliRunner().invoke(cli, args, env=env, input=spec.get("stdin"))
    output = result.output
    where = f"\n--- puentes {' '.join(args)} → exit {result.exit_code}\n{output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), where
    assert "Traceback" not in output, where
    assert result.exit_code == spec["exit"], where
    flat = " ".join(output.split())
    for fragment in spec["messages"]:
        assert " ".join(fill(fragment, subs).split()) in flat, f"{fragment!r} not in{where}"
    assert store_digest(home / ".puentes" / "store") == before_store, "the store changed"
    assert files_digest(home) == before_files, "a file of the home changed (snapshot, site …)"


def test_the_corpus_is_large_and_covers_every_input():
    kinds = {}
    for name in CASES:
        kinds.setdefault(name.split("-", 1)[0], []).append(name)
    assert len(CASES) >= 60
    # registry, registry through build, catalogue, snapshots, RDF files, queries and
    # publishing, API responses
    assert {"registry", "build", "catalogue", "snapshot", "rdf", "cli", "api"} <= set(kinds)
