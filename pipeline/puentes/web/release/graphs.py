"""A release's graph in memory: its N-Triples dump loaded into an in-memory Oxigraph store,
queried like the embedded store (the saved questions, labels, pages)."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pyoxigraph as ox

from puentes.namespaces import graph_iri
from puentes.store import GraphStore
from puentes.web.release.versions import ReleaseError

#: the one named graph a release's triples are loaded into
GRAPH = "release"
DUMP = Path("dumps") / "puentes.nt.gz"


def load_release(site: Path) -> GraphStore:
    """The graph of the release published in ``site`` (its ``dumps/puentes.nt.gz``)."""
    path = Path(site) / DUMP
    if not path.is_file():
        raise ReleaseError(f"{path}: the release has no N-Triples dump",
                           "is this a folder written by `puentes release`?")
    store = GraphStore.in_memory()
    try:
        data = gzip.decompress(path.read_bytes())
        store.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES,
                              to_graph=ox.NamedNode(str(graph_iri(GRAPH))))
    except (OSError, EOFError, zlib.error, SyntaxError, ValueError) as e:
        # a release is checked against its SHA256SUMS: a damaged dump is named as such
        raise ReleaseError(f"{path}: the release's dump cannot be read ({e})",
                           f"check the release against its checksums (sha256sum -c "
                           f"SHA256SUMS in {Path(site)}) and restore the file from a "
                           "copy") from None
    return store


def triples(store: GraphStore) -> set[ox.Triple]:
    """Every triple of the store's source graphs, blank nodes named by their content (so
    that the same blank node structure in two versions compares equal)."""
    out: set[ox.Triple] = set()
    blank: set[ox.Triple] = set()  # only these are renamed (the ontology's few hundred)
    for sid in store.source_ids():
        for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(sid))):
            t = ox.Triple(q.subject, q.predicate, q.object)
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                blank.add(t)
            else:
                out.add(t)
    return out | _canonical(blank) if blank else out


def _canonical(items: set[ox.Triple]) -> set[ox.Triple]:
    """Blank nodes renamed to a hash of what they say (recursively; a blank node on a cycle
    keeps a name made from its label). Enough for the ontology's restrictions and lists."""
    import hashlib

    edges: dict[ox.BlankNode, list[tuple[str, ox.Term]]] = {}
    for t in items:
        if isinstance(t.subject, ox.BlankNode):
            edges.setdefault(t.subject, []).append((t.predicate.value, t.object))
    names: dict[ox.BlankNode, str] = {}

    def name(b: ox.BlankNode, path: frozenset) -> str:
        if b in names:
            return names[b]
        if b in path:
            return "cycle"
        parts = sorted(f"{p} {name(o, path | {b}) if isinstance(o, ox.BlankNode) else o}"
                       for p, o in edges.get(b, []))
        names[b] = hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]
        return names[b]

    def term(x: ox.Term) -> ox.Term:
        return ox.BlankNode("c" + name(x, frozenset())) if isinstance(x, ox.BlankNode) else x

    return {ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in items}
