"""One base IRI (issue 19 §3): under another ``PUENTES_BASE`` a build of the small registry
and its publication carry no trace of the default ``https://w3id.org/puentes/``.

The build and the publish run in a subprocess (the base is read once, when
:mod:`puentes.namespaces` is imported), on a small project: the shipped model, shapes, saved
queries and countries reference, and the registry of ``tests/sources/registry/good``. Every
quad of the store (its hidden graphs too) and every file the site holds (gzip dumps opened)
is searched for the default base.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from catalogues import small_project

from puentes.paths import DEFAULT_BASE, project_root

ROOT = project_root()
OTHER = "https://data.example.org/kg/"

pytestmark = pytest.mark.slow  # a real build and publish of three sources (~1 minute)


def _puentes(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PUENTES_BASE": OTHER, "PUENTES_HOME": str(project),
           "PUENTES_STORE": str(project / ".puentes" / "store"), "PUENTES_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "puentes.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)


def _traces(folder: Path) -> list[str]:
    """The files of ``folder`` (a gzip file read opened) that hold the default base."""
    found = []
    needle = DEFAULT_BASE.encode()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if needle in data:
            at = data.index(needle)
            found.append(f"{path.relative_to(folder)}: …{data[max(0, at - 60):at + 60]!r}…")
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = small_project(tmp_path_factory.mktemp("base") / "project")
    run = _puentes(project, "build")
    assert run.returncode == 0, run.stdout + run.stderr
    run = _puentes(project, "publish", "--to", str(project / "dist"), "--base-url", OTHER)
    assert run.returncode == 0, run.stdout + run.stderr
    return project


def test_the_store_holds_no_trace_of_the_default_base(built):
    store = ox.Store.read_only(str(built / ".puentes" / "store"))
    quads = list(store.quads_for_pattern(None, None, None, None))
    dump = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()
    # the build did mint under the other base: countries, the registry's records, the model
    assert f"<{OTHER}id/country/GHA>" in dump
    assert f"<{OTHER}ontology#Country>" in dump
    assert f"<{OTHER}graph/registry>" in dump
    leaks = [line for line in dump.splitlines() if DEFAULT_BASE in line]
    assert not leaks, f"{len(leaks)} quads name the default base, e.g. {leaks[:3]}"


def test_the_published_site_holds_no_trace_of_the_default_base(built):
    site = built / "dist"
    assert (site / "id" / "country" / "GHA.html").is_file()
    assert OTHER.encode() in gzip.decompress(next(site.rglob("*.nq.gz")).read_bytes())
    assert _traces(site) == []


def test_the_quality_report_holds_no_trace_of_the_default_base(built):
    quality = built / ".puentes" / "quality"
    assert any(quality.iterdir())
    assert _traces(quality) == []
