"""`publish --endpoint` against a real Oxigraph server (from PyPI) on 127.0.0.1 that is down
before the push, or goes down during it: every remote graph is the old version or the new
one, never partial, and the command says which graphs were published. Credentials come from
the environment and appear in no message and no published file."""

from __future__ import annotations

import random
import subprocess
import threading
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from replay import Replay, Reply, replay_server
from servers import free_port, oxigraph_binary, wait_for

from puentes.cli import cli
from puentes.errors import PuentesError
from puentes.namespaces import graph_iri
from puentes.paths import project_root
from puentes.store import STAGING_PREFIX, GraphStore
from puentes.web.publish.remote import push_graphs

# slow: a server killed at random moments of a push (kill loops)
pytestmark = [pytest.mark.slow, pytest.mark.server,
              pytest.mark.skipif(oxigraph_binary() is None, reason="pip install oxigraph")]
SOURCES = ("alpha", "beta", "gamma")
SECRETS = {"PUENTES_ENDPOINT_USER": "ann", "PUENTES_ENDPOINT_PASSWORD": "pw-Secret-8842",
           "PUENTES_ENDPOINT_TOKEN": "tok-Secret-5531"}


def version(tag: str, size: int = 3_000) -> dict[str, bytes]:
    """N-Triples of each source graph in version ``tag`` (large enough for a push to take a
    moment, so that the server can die in the middle of one)."""
    return {sid: "".join(f"<https://example.org/{sid}/{i}> <https://example.org/v> "
                         f"\"{tag}-{i}\" .\n" for i in range(size)).encode()
            for sid in SOURCES}


def local_store(path: Path, data: dict[str, bytes]) -> GraphStore:
    store = GraphStore.open(path)
    for sid, nt in data.items():
        store.replace_graph(sid, nt)
    return store


class Oxigraph:
    """The Oxigraph server on a fixed location and port, that can be killed and restarted."""

    def __init__(self, location: Path) -> None:
        self.location, self.proc, self.base = location, None, ""

    def start(self) -> None:
        # A new port each time: the killed server's port lingers in TIME_WAIT.
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([oxigraph_binary(), "serve", "--location",
                                      str(self.location), "--bind", f"127.0.0.1:{port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.base + "/", seconds=90)  # recovery after a kill takes a while

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def graphs(self) -> dict[str, set[str]]:
        """The triples of every graph on the server (staging graphs included), as lines."""
        r = requests.get(self.base + "/store", headers={"Accept": "application/n-quads"},
                         timeout=60)
        r.raise_for_status()
        out: dict[str, set[str]] = {}
        for line in r.text.splitlines():
            if line.strip():
                triple, graph = line.rsplit(" <", 1)
                out.setdefault(graph.rstrip(" .>"), set()).add(triple + " .")
        return out


def lines(nt: bytes) -> set[str]:
    return {line for line in nt.decode().splitlines() if line}


@pytest.fixture
def server(tmp_path):
    s = Oxigraph(tmp_path / "remote")
    s.start()
    yield s
    s.kill()


def test_server_down_before_the_push_publishes_nothing_and_says_so(tmp_path):
    local_store(tmp_path / "store", version("A", 10)).close()
    down = f"http://127.0.0.1:{free_port()}/store"
    out = CliRunner().invoke(cli, ["publish", "--store", str(tmp_path / "store"),
                                   "--endpoint", down])
    assert out.exit_code == 2, out.output
    assert "Traceback" not in out.output
    assert "cannot reach" in out.output and "Published: none" in out.output
    assert "not published (each still as it was on the server): alpha, beta, gamma" \
        in " ".join(out.output.split())


def test_server_killed_between_graphs_leaves_each_graph_old_or_new(tmp_path, server):
    a, b = version("A"), version("B")
    store = local_store(tmp_path / "store", a)
    push_graphs(store, server.base + "/store")
    for sid, nt in b.items():
        store.replace_graph(sid, nt)
    with pytest.raises(PuentesError) as err:
        push_graphs(store, server.base + "/store", progress=lambda sid, _n: server.kill())
    assert "Published: alpha" in err.value.hint
    assert "not published (each still as it was on the server): beta, gamma" in err.value.hint
    server.start()
    remote = server.graphs()
    assert remote[str(graph_iri("alpha"))] == lines(b["alpha"])
    assert remote[str(graph_iri("beta"))] == lines(a["beta"])
    assert remote[str(graph_iri("gamma"))] == lines(a["gamma"])


@pytest.mark.timeout(600)
def test_server_killed_at_random_moments_of_a_push_never_leaves_a_partial_graph(tmp_path,
                                                                                server):
    versions = {"A": version("A"), "B": version("B")}
    store = local_store(tmp_path / "store", versions["A"])
    push_graphs(store, server.base + "/store")
    rng, current = random.Random(12), "A"
    outcomes = []
    for i in range(4):
        target = "B" if current == "A" else "A"
        for sid, nt in versions[target].items():
            store.replace_graph(sid, nt)
        killer = threading.Timer(rng.uniform(0.01, 0.4), server.kill)
        killer.start()
        try:
            push_graphs(store, server.base + "/store", timeout=30)
            finished = True
        except PuentesError:
            finished = False
        killer.join()
        server.kill()
        server.start()
        remote = server.graphs()
        state = []
        for sid in SOURCES:
            got = remote.get(str(graph_iri(sid)))
            assert got in (lines(versions["A"][sid]), lines(versions["B"][sid])), \
                f"round {i}: graph {sid} is partial ({len(got or ())} triples)"
            state.append("A" if got == lines(versions["A"][sid]) else "B")
        outcomes.append((finished, "".join(state)))
        current = target if finished else current
        # what was published stays; the next push publishes everything of ``target``
        push_graphs(store, server.base + "/store")
        current = target
    remote = server.graphs()
    assert not [g for g in remote if g.startswith(STAGING_PREFIX)], "staging graphs left"
    print(f"kill rounds (push finished, remote versions): {outcomes}")


def test_credentials_never_appear_in_messages_or_published_files(tmp_path, monkeypatch):
    for key, value in SECRETS.items():
        monkeypatch.setenv(key, value)
    secrets = [SECRETS["PUENTES_ENDPOINT_PASSWORD"], SECRETS["PUENTES_ENDPOINT_TOKEN"],
               "pw-InUrl-7713"]
    store_path = tmp_path / "store"
    fixture = project_root() / "tests" / "fixtures" / "example-graph.ttl"
    from puentes.rdfio import parse_file

    store = GraphStore.open(store_path)
    store.replace_graph("example", parse_file(fixture))
    store.close()
    outputs = []
    replay = Replay()
    replay.add("/store", Reply(401, b"unauthorized"))
    with replay_server(replay) as base:
        for endpoint in (f"http://127.0.0.1:{free_port()}/store",  # down
                         f"http://ann:pw-InUrl-7713@127.0.0.1:{free_port()}/store",  # in URL
                         base + "/store"):  # refuses the credentials
            out = CliRunner().invoke(cli, ["publish", "--store", str(store_path),
                                           "--endpoint", endpoint])
            assert out.exit_code == 2, out.output
            outputs.append(out.output)
    assert replay.requests and replay.requests[0].headers.get("Authorization")  # sent …
    assert "refused the write (401)" in outputs[2]
    for text in outputs:  # … and never shown
        assert not [s for s in secrets if s in text], text
    site = tmp_path / "site"
    out = CliRunner().invoke(cli, ["publish", "--store", str(store_path), "--to", str(site),
                                   "--no-ontology-docs"])
    assert out.exit_code == 0, out.output
    leaks = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaks += [(path.name, s) for s in [*secrets, str(tmp_path)] if s.encode() in data]
    assert not leaks, f"published files hold secrets or local paths: {leaks[:5]}"
