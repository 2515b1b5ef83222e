"""The embedded store: a persistent Oxigraph store on disk, no server to run.

Why Oxigraph: loading, querying and serialising are 10–90× faster than rdflib at the sizes
we expect (see bench/ and docs/pipeline.md, "The store"). Each source lives in its own named
graph (``…/graph/<source-id>``), replaced atomically (see :meth:`GraphStore.replace_graph`): a
graph new to the store is bulk-loaded while a mark in the build-state graph hides it from
every query; a graph already there changes by its difference in one SPARQL Update, which
also records the build state. A crash leaves the previous graph (at worst a hidden partial
graph, or a staging graph of older versions, which the next writer removes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from puentes.errors import StoreError
from puentes.i18n.lazy import Msg
from puentes.namespaces import PG, PU, graph_iri
from puentes.paths import default_store_dir

#: The one rule for which graphs are data: a source's graph is ``…/graph/<source-id>``; a
#: graph under ``…/graph/_`` is the build's own (its state, staging copies) and is never
#: served, dumped or counted. Every reader (endpoint, snapshot, app) takes it from here.
HIDDEN_PREFIX = str(PG) + "_"
STAGING_PREFIX = HIDDEN_PREFIX + "staging/"
STATE_GRAPH = HIDDEN_PREFIX + "build-state"
_STATE = str(PU) + "buildState"
_LOADING = str(PU) + "loading"
_RECORD = str(PU) + "buildRecord"
_SMALL_LOAD = 2_000_000  # bytes of N-Triples below which a new graph loads in one transaction
_SMALL_TRIPLES = 20_000  # the same, counted in triples already parsed (~100 bytes each)
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


def _open_writer(path: Path, wait: float = 10.0) -> ox.Store:
    """Open the store for writing; while `puentes serve` takes a snapshot it holds the
    folder's lock for a few milliseconds (see puentes.web.endpoint.snapshot), so wait a little."""
    import time

    deadline = time.monotonic() + wait
    while True:
        try:
            return ox.Store(str(path))
        except OSError as err:
            if "lock" not in str(err).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def is_data_graph(iri: str) -> bool:
    """Whether a graph IRI names a source's data (not the build's own hidden graphs).

    >>> is_data_graph(str(PG) + "countries"), is_data_graph(STATE_GRAPH)
    (True, False)
    """
    return iri.startswith(str(PG)) and not iri.startswith(HIDDEN_PREFIX)


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
        if path in _OPEN:
            # One writer per process: RocksDB locks the folder, so reuse the open store. A
            # reader in the same process shares it too: a second, read-only RocksDB instance
            # next to a live writer may read files the writer has just compacted away.
            return _OPEN[path] if not read_only else cls(_OPEN[path].store, path, True)
        if path.exists() and not path.is_dir():
            raise StoreError(Msg("{path} is a file, not a store folder", path=path),
                             Msg("pass --store a folder (puentes build creates it)"))
        if (read_only or not create) and not path.is_dir():
            raise StoreError(Msg("no store at {path}", path=path),
                             Msg("run `puentes build` first, or pass --store PATH"))
        try:
            if read_only:
                store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                store = _open_writer(path)
        except OSError as err:
            raise StoreError(Msg("cannot open the store at {path}: {err}", path=path, err=err),
                             _open_hint(str(err))) from None
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
        # Left over by a crash during a load: never part of the graph. A graph still marked
        # as loading was being bulk-loaded when the process died: it may be partial.
        for g in list(self.store.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.startswith(STAGING_PREFIX):
                self.store.remove_graph(g)
        loading = self._loading()
        for g in loading:
            self.store.remove_graph(g)
        if loading:
            self.store.update(
                f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?g <{_LOADING}> ?o }} }}")

    def _loading(self) -> list[ox.NamedNode]:
        """Graphs being bulk-loaded right now (or left half-loaded by a crash)."""
        marks = self.store.quads_for_pattern(None, ox.NamedNode(_LOADING), None,
                                             ox.NamedNode(STATE_GRAPH))
        return [q.subject for q in marks if isinstance(q.subject, ox.NamedNode)]

    # -- writing -----------------------------------------------------------------------
    def replace_graph(self, source_id: str, data: Graph | bytes | str,
                      state: SourceState | None = None) -> int:
        """Replace the named graph of ``source_id`` with ``data`` atomically: queries see
        the old graph or the new one, never a mix, even if the process dies midway.

        ``data`` is an rdflib Graph or N-Triples text. Returns the number of triples loaded.

        - A small graph new to the store is loaded in one transaction; a larger one is
          bulk-loaded (Oxigraph's fast path, not transactional)
          while marked as loading in the build-state graph: :meth:`source_ids` (hence every
          query, export and page) leaves it out until one update clears the mark with the
          new state; a crash leaves the mark, and the next writer drops the partial graph.
        - A graph already in the store is changed by its difference, in one SPARQL Update
          (one transaction): an edit costs what it changes, not the size of the graph.
        """
        if self.read_only:
            raise StoreError("the store is open read-only", "open it without read_only")
        if isinstance(data, Graph):
            data = data.serialize(format="nt", encoding="utf-8")
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = ox.NamedNode(graph_iri(source_id))
        tail = self._state_update(state) if state is not None else ""
        has_old = next(iter(self.store.quads_for_pattern(None, None, None, target)), None)
        if has_old is None and data.strip() and len(data) < _SMALL_LOAD:
            # A small new graph: one transactional load (Oxigraph's bulk path has a fixed
            # cost per call that dominates below a few MB).
            self.store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
            n = self.count(target.value)
            if tail:
                self.store.update(tail)
        elif has_old is None and data.strip():
            n = self._bulk_load_hidden(target, data, tail)
        else:
            n = self._apply_difference(target, data, tail)
        self.store.flush()
        return n

    def _bulk_load_hidden(self, target: ox.NamedNode, data: bytes | list[ox.Quad],
                          tail: str) -> int:
        mark = f"<{target.value}> <{_LOADING}> true"
        self.store.update(f"INSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ {mark} }} }}")
        self.store.flush()
        try:
            if isinstance(data, bytes):
                self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
            else:  # already parsed (the build's one parse)
                self.store.bulk_extend(data)
        except (SyntaxError, OSError):
            # Bad data: nothing of it stays, the store is as it was.
            self.store.remove_graph(target)
            self.store.update(f"DELETE DATA {{ GRAPH <{STATE_GRAPH}> {{ {mark} }} }}")
            raise
        self.store.flush()
        n = self.count(target.value)
        self.store.update(f"DELETE DATA {{ GRAPH <{STATE_GRAPH}> {{ {mark} }} }} ;\n" + tail)
        return n

    def _apply_difference(self, target: ox.NamedNode, data: bytes, tail: str) -> int:
        # Parsed before anything changes: a syntax error leaves the store as it was.
        # As triples: pyoxigraph parses into quads (of the default graph), which never equal
        # a triple, so that every edit rewrote the whole graph.
        new = {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)} \
            if data.strip() else set()
        old = {q.triple for q in self.store.quads_for_pattern(None, None, None, target)}
        self._swap(target, new, new - old, old - new, tail)
        return len(new)

    def apply_change(self, source_id: str, new: list[ox.Triple], added: set[ox.Triple],
                     removed: set[ox.Triple], state: SourceState | None = None) -> int:
        """Swap the graph of ``source_id`` for ``new`` when the caller has already parsed it
        and compared it with the store (the build: ``added`` and ``removed`` are that
        difference): nothing is parsed or compared again. Atomic as :meth:`replace_graph`:
        a graph already there changes in one SPARQL Update (with ``state``); a new one is
        loaded in one transaction, or hidden while bulk-loaded when large."""
        if self.read_only:
            raise StoreError("the store is open read-only", "open it without read_only")
        target = ox.NamedNode(graph_iri(source_id))
        tail = self._state_update(state) if state is not None else ""
        if next(iter(self.store.quads_for_pattern(None, None, None, target)), None) is None:
            quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in new]
            if len(quads) < _SMALL_TRIPLES:
                self.store.extend(quads)  # one transaction
                if tail:
                    self.store.update(tail)
            elif quads:
                self._bulk_load_hidden(target, quads, tail)
            elif tail:
                self.store.update(tail)
        else:
            self._swap(target, new, added, removed, tail)
        self.store.flush()
        return len(new)

    def _swap(self, target: ox.NamedNode, new, added: set[ox.Triple],  # noqa: ANN001
              gone: set[ox.Triple], tail: str) -> None:
        """One SPARQL Update from the old graph to ``new`` (its difference: ``added``,
        ``gone``), with the build-state ``tail``."""
        g = f"<{target.value}>"
        if not new:
            self.store.update(f"DROP SILENT GRAPH {g} ;\n" + tail)
            return
        if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
               for t in gone):
            # DELETE DATA cannot name blank nodes: replace the whole (small) graph.
            update = f"DROP SILENT GRAPH {g} ;\n" + _insert(g, set(new))
        else:
            update = (f"DELETE DATA {{ GRAPH {g} {{ {_nt(gone)} }} }} ;\n" if gone else "")
            update += _insert(g, added)
        if update or tail:
            self.store.update(update + tail)

    def _state_update(self, state: SourceState) -> str:
        subj = f"<{graph_iri(state.source_id)}>"
        payload = json.dumps(state.__dict__, ensure_ascii=False)
        lit = json.dumps(payload)  # a valid SPARQL string literal (JSON string escaping)
        return (f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ {subj} <{_STATE}> ?o }} }} ;\n"
                f"INSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ {subj} <{_STATE}> {lit} }} }}")

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one graph (an IRI) or in the whole store's source graphs."""
        if not graph:
            return sum(self.count(graph_iri(sid)) for sid in self.source_ids())
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return int(next(iter(self.store.query(q)))["n"].value)

    def source_ids(self) -> list[str]:
        """The ids of the source graphs in the store, sorted (no counting: an index lookup).

        >>> import tempfile; s = GraphStore.open(Path(tempfile.mkdtemp()) / "store")
        >>> s.replace_graph("a", "<urn:x> <urn:p> <urn:y> .\\n")
        1
        >>> s.source_ids()
        ['a']
        """
        prefix = str(PG)
        out = []
        loading = {g.value for g in self._loading()}
        for g in self.store.named_graphs():
            name = g.value if isinstance(g, ox.NamedNode) else ""
            if is_data_graph(name) and name not in loading:
                out.append(name[len(prefix):])
        return sorted(out)

    def graphs(self) -> dict[str, int]:
        """``{source id: triple count}`` for every source graph in the store.

        This counts every quad; to list the graphs, :meth:`source_ids` is cheap."""
        q = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             f"FILTER(STRSTARTS(STR(?g), \"{PG}\")) }} GROUP BY ?g")
        out = {}
        visible = set(self.source_ids())
        for row in self.store.query(q):
            g = row["g"].value
            if g[len(str(PG)):] not in visible:
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

    def build_record(self) -> dict:
        """The build's own record beside the source states (e.g. the cross-record checks
        that passed over the graphs as they are), ``{}`` when there is none."""
        q = f"SELECT ?o WHERE {{ GRAPH <{STATE_GRAPH}> {{ <{STATE_GRAPH}> <{_RECORD}> ?o }} }}"
        row = next(iter(self.store.query(q)), None)
        return json.loads(row["o"].value) if row is not None else {}

    def set_build_record(self, record: dict) -> None:
        """Replace the build's record (one update: the old record or the new one)."""
        lit = json.dumps(json.dumps(record, ensure_ascii=False, sort_keys=True))
        node = f"<{STATE_GRAPH}> <{_RECORD}>"
        self.store.update(f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ {node} ?o }} }} ;\n"
                          f"INSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ {node} {lit} }} }}")

    def query(self, sparql: str, substitutions: dict | None = None):  # noqa: ANN201
        """Run SPARQL over the union of the source graphs (pyoxigraph results).

        An empty store answers over an empty dataset.

        ``substitutions`` maps variable names to pyoxigraph terms: bound safely, never pasted
        into the query text.
        """
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        # The default graph is the union of the *source* graphs only: the build state and
        # any staging graph stay invisible to queries.
        # Listing the graph names is an index lookup; counting them (graphs()) would scan
        # every quad on every query.
        names = [ox.NamedNode(graph_iri(sid)) for sid in self.source_ids()]
        return self.store.query(sparql, default_graph=names, named_graphs=names,
                                substitutions=subs or None)

    def export(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS,
               graphs: list[str] | None = None) -> bytes:
        """Serialise source graphs (all by default) with Oxigraph's fast writers."""
        names = graphs or self.source_ids()
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


def _nt(triples: set[ox.Triple]) -> str:
    """Triples as N-Triples text, which is also valid inside INSERT/DELETE DATA."""
    return " .\n".join(str(t) for t in triples) + " ." if triples else ""


def _insert(graph: str, triples: set[ox.Triple]) -> str:
    return f"INSERT DATA {{ GRAPH {graph} {{ {_nt(triples)} }} }} ;\n" if triples else ""


def _open_hint(error: str) -> str:
    """What to do about a store that cannot be opened, from the system's reason."""
    if "No space left" in error:
        return Msg("the disk is full: free space on it, then run the command again")
    if "Read-only file system" in error or "Permission denied" in error:
        return Msg("the folder cannot be written: make it writable, or build into another "
                   "folder with --store (reading commands open the store read-only)")
    return Msg("another puentes process (build or serve) may hold it: stop it and retry")


def store_from_files(paths: list[Path], *, with_model: bool = True) -> GraphStore:
    """An in-memory store holding RDF files (each in its own graph), plus the model (so that
    concepts show their labels) unless ``with_model`` is false."""
    from puentes.model import load_model_graph
    from puentes.rdfio import parse_quads

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
        raise StoreError(Msg("no store at {path}", path=folder),
                         Msg("run `puentes build` first (or `make run`), pass --store PATH, "
                             "or give RDF files to query: puentes query 001 FILE.ttl"))
    return GraphStore.open(folder, read_only=True)
