"""The embedded store: a persistent Oxigraph store on disk, no server to run.

Why Oxigraph: loading, querying and serialising are 10–90× faster than rdflib at the sizes
we expect (see bench/ and docs/pipeline.md, "The store"). Each source lives in its own named graph
(``…/graph/<source-id>``) and is replaced as a whole in one transaction: the new triples are
loaded into a staging graph, then a single SPARQL Update moves them over the old graph and
records the build state, so a crash mid-load leaves the previous graph intact (at worst a
staging graph, which the next open removes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from .errors import StoreError
from .namespaces import PG, PU, graph_iri
from .paths import default_store_dir

STAGING_PREFIX = str(PG) + "_staging/"
STATE_GRAPH = str(PG) + "_build-state"
_STATE = str(PU) + "buildState"
_OPEN: dict[Path, GraphStore] = {}


@dataclass
class SourceState:
    """What the store remembers about the last good load of one source."""

    source_id: str
    fingerprint: str
    built_at: str
    triples: int
    warnings: int = 0
    extra: dict | None = None


class GraphStore:
    """A thin wrapper over :class:`pyoxigraph.Store` with per-source named graphs."""

    def __init__(self, store: ox.Store, path: Path | None, read_only: bool) -> None:
        self.store = store
        self.path = path
        self.read_only = read_only

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, read_only: bool = False,
             create: bool = True) -> GraphStore:
        """Open (or create) the store on disk; ``path`` defaults to ``.puentes/store``.

        >>> import tempfile; s = GraphStore.open(Path(tempfile.mkdtemp()) / "store")
        >>> s.graphs()
        {}
        """
        path = (Path(path) if path else default_store_dir()).resolve()
        if not read_only and path in _OPEN:
            # One writer per process: RocksDB locks the folder, so reuse the open store.
            return _OPEN[path]
        if (read_only or not create) and not path.is_dir():
            raise StoreError(f"no store at {path}",
                             "run `puentes build` first, or pass --store PATH")
        try:
            if read_only:
                store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                store = ox.Store(str(path))
        except OSError as err:
            raise StoreError(
                f"cannot open the store at {path}: {err}",
                "another puentes process (build or serve) may hold it; stop it and retry",
            ) from err
        gs = cls(store, path, read_only)
        if not read_only:
            gs._drop_staging()
            _OPEN[path] = gs
        return gs

    @classmethod
    def in_memory(cls) -> GraphStore:
        """A temporary store in memory (tests, query on files)."""
        return cls(ox.Store(), None, False)

    def close(self) -> None:
        """Flush and release the store (its folder lock goes with the last reference)."""
        if self.path is not None and _OPEN.get(self.path) is self:
            del _OPEN[self.path]
        if self.store is not None and not self.read_only:
            self.store.flush()
        self.store = None  # type: ignore[assignment]

    def _drop_staging(self) -> None:
        # Left over by a crash during a load: never part of the graph.
        for g in list(self.store.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.startswith(STAGING_PREFIX):
                self.store.remove_graph(g)

    # -- writing -----------------------------------------------------------------------
    def replace_graph(self, source_id: str, data: Graph | bytes | str,
                      state: SourceState | None = None) -> int:
        """Replace the named graph of ``source_id`` with ``data`` atomically.

        ``data`` is an rdflib Graph or N-Triples text. Returns the number of triples loaded.
        """
        if self.read_only:
            raise StoreError("the store is open read-only", "open it without read_only")
        if isinstance(data, Graph):
            data = data.serialize(format="nt", encoding="utf-8")
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = graph_iri(source_id)
        staging = ox.NamedNode(STAGING_PREFIX + source_id)
        self.store.remove_graph(staging) if self._has_graph(staging) else None
        if data.strip():
            self.store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=staging)
        n = self.count(staging.value)
        update = (f"DROP SILENT GRAPH <{target}> ;\n"
                  + (f"MOVE SILENT GRAPH <{staging.value}> TO GRAPH <{target}> ;\n" if n else ""))
        if state is not None:
            update += self._state_update(state)
        # One SPARQL Update = one transaction: the old graph stays until this succeeds.
        self.store.update(update)
        self.store.flush()
        return n

    def _state_update(self, state: SourceState) -> str:
        subj = f"<{graph_iri(state.source_id)}>"
        payload = json.dumps(state.__dict__, ensure_ascii=False)
        lit = json.dumps(payload)  # a valid SPARQL string literal (JSON string escaping)
        return (f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ {subj} <{_STATE}> ?o }} }} ;\n"
                f"INSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ {subj} <{_STATE}> {lit} }} }}")

    def _has_graph(self, g: ox.NamedNode) -> bool:
        return bool(self.store.contains_named_graph(g))

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one graph (an IRI) or in the whole store's source graphs."""
        if graph:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        else:
            q = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 f"FILTER(!STRSTARTS(STR(?g), \"{STAGING_PREFIX}\") && ?g != <{STATE_GRAPH}>) }}")
        return int(next(iter(self.store.query(q)))["n"].value)

    def graphs(self) -> dict[str, int]:
        """``{source id: triple count}`` for every source graph in the store."""
        q = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             f"FILTER(STRSTARTS(STR(?g), \"{PG}\")) }} GROUP BY ?g")
        out = {}
        for row in self.store.query(q):
            g = row["g"].value
            if g.startswith(STAGING_PREFIX) or g == STATE_GRAPH:
                continue
            out[g[len(str(PG)):]] = int(row["n"].value)
        return dict(sorted(out.items()))

    def states(self) -> dict[str, SourceState]:
        """The recorded state of every source's last good load."""
        q = f"SELECT ?o WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?s <{_STATE}> ?o }} }}"
        out = {}
        for row in self.store.query(q):
            st = SourceState(**json.loads(row["o"].value))
            out[st.source_id] = st
        return out

    def query(self, sparql: str, substitutions: dict | None = None):  # noqa: ANN201
        """Run SPARQL over the union of the source graphs (pyoxigraph results).

        An empty store answers over an empty dataset.

        ``substitutions`` maps variable names to pyoxigraph terms: bound safely, never pasted
        into the query text.
        """
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        # The default graph is the union of the *source* graphs only: the build state and
        # any staging graph stay invisible to queries.
        names = [ox.NamedNode(graph_iri(sid)) for sid in self.graphs()]
        return self.store.query(sparql, default_graph=names, named_graphs=names,
                                substitutions=subs or None)

    def export(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS,
               graphs: list[str] | None = None) -> bytes:
        """Serialise source graphs (all by default) with Oxigraph's fast writers."""
        names = graphs or list(self.graphs())
        chunks = []
        for sid in names:
            quads = self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(sid)))
            chunks.append(ox.serialize(quads, format=fmt) or b"")
        return b"".join(chunks)

    def dataset(self, graphs: list[str] | None = None) -> Dataset:
        """An rdflib Dataset copy of some or all source graphs (for pyshacl, small exports)."""
        ds = Dataset()
        ds.parse(data=self.export(ox.RdfFormat.N_QUADS, graphs), format="nquads")
        return ds

    def graph(self, source_id: str) -> Graph:
        """An rdflib Graph copy of one source graph."""
        g = Graph()
        quads = self.store.quads_for_pattern(None, None, None,
                                             ox.NamedNode(graph_iri(source_id)))
        data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                            format=ox.RdfFormat.N_TRIPLES)
        if data:
            g.parse(data=data, format="nt")
        return g


def store_from_files(paths: list[Path], *, with_model: bool = True) -> GraphStore:
    """An in-memory store holding RDF files (each in its own graph), plus the model (so that
    concepts show their labels) unless ``with_model`` is false."""
    from .model import load_model_graph
    from .rdfio import parse_quads

    gs = GraphStore.in_memory()
    if with_model:
        gs.replace_graph("ontology", load_model_graph())
    for i, path in enumerate(paths):
        graph = ox.NamedNode(f"{PG}file-{i}")
        quads = parse_quads(Path(path))  # InputError names the file, line and column
        gs.store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    return gs


def open_store(path: Path | None = None) -> GraphStore:
    """The embedded store, read-only (default folder: ``puentes.paths.default_store_dir()``);
    a clear error when there is none yet."""
    folder = Path(path) if path else default_store_dir()
    if not folder.is_dir():
        raise StoreError(f"no store at {folder}",
                         "run `puentes build` first (or `make run`), pass --store PATH, "
                         "or give RDF files to query: puentes query 001 FILE.ttl")
    return GraphStore.open(folder, read_only=True)
