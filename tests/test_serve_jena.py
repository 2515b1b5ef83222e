"""An independent client in another language: Apache Jena's `rsparql` and `rupdate` (Debian's
libapache-jena-java) against `puentes serve` on 127.0.0.1 — queries answered in every form,
updates refused."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import requests
from servers import puentes_server

from puentes.paths import project_root
from puentes.store import store_from_files
from puentes.web.app import App

JARS = Path("/usr/share/java")
# slow: Apache Jena's tools against a real server
pytestmark = [pytest.mark.slow, pytest.mark.server, pytest.mark.skipif(
    not (shutil.which("java") and (JARS / "jena-cmds.jar").exists()),
    reason="Apache Jena is not installed (scripts/install-system-deps.sh installs it)")]
FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"


@pytest.fixture(scope="module")
def jena(tmp_path_factory):
    """A classpath for Debian's Jena 4.5: the unversioned jars, without the second SLF4J
    binding, plus the Xerces message files its relocated Xerces looks for under their
    original names (Debian's jena-core ships them under org/apache/jena/ext/)."""
    extra = tmp_path_factory.mktemp("jena")
    with zipfile.ZipFile(JARS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = extra / name[len("org/apache/jena/ext/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = [str(p) for p in sorted(JARS.glob("*.jar"))
            if not any(c.isdigit() for c in p.stem.rsplit("-", 1)[-1])
            and not any(b in p.name for b in ("slf4j-simple", "slf4j-jdk14", "slf4j-nop",
                                               "slf4j-log4j12", "log4j-slf4j"))]
    classpath = ":".join([str(extra), *jars])

    def run(tool: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["java", "-cp", classpath, f"arq.{tool}", *args],
                              capture_output=True, text=True, timeout=120)

    return run


@pytest.fixture(scope="module")
def endpoint():
    with puentes_server(App(store_from_files([FIXTURE]))) as url:
        yield url + "/sparql"


def test_rsparql_select_and_construct(jena, endpoint):
    r = jena("rsparql", "--service", endpoint, "--results=CSV",
             "SELECT ?l WHERE { <https://w3id.org/puentes/id/organization/example-body> "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l")
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.splitlines()[:3] == ["l", "Example Regional Body",
                                         "Organismo Regional de Ejemplo"]
    r = jena("rsparql", "--service", endpoint, "--results=NT",
             "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3")
    assert r.returncode == 0, r.stderr[-2000:]
    assert len([ln for ln in r.stdout.splitlines() if ln.endswith(" .")]) == 3


def test_rupdate_is_refused(jena, endpoint):
    r = jena("rupdate", "--service", endpoint, "CLEAR ALL")
    assert r.returncode != 0 and "403" in (r.stdout + r.stderr)
    count = requests.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=10).json()
    assert count["boolean"] is True  # nothing was cleared
