"""Dumps of the whole graph, compressed, with sizes and SHA-256 checksums."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from puentes.namespaces import PREFIXES, graph_iri
from puentes.store import GraphStore

#: name → (Oxigraph format, IANA media type, EU file-type authority code, keeps graphs)
FORMATS = {
    "trig": (ox.RdfFormat.TRIG, "application/trig", "RDF_TRIG", True),
    "nq": (ox.RdfFormat.N_QUADS, "application/n-quads", "RDF_N_QUADS", True),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples", "RDF_N_TRIPLES", False),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle", "RDF_TURTLE", False),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json", "JSON_LD", False),
}


@dataclass
class Dump:
    """One written dump."""

    name: str
    path: Path
    media_type: str
    file_type: str
    byte_size: int
    sha256: str
    triples_or_quads: int


def context() -> dict:
    """The JSON-LD @context published with the dumps (``context.jsonld``): the project
    prefixes, so that keys and IRIs read ``rdfs:label``, ``pid:country/BRA``."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def _compact_iri(iri: str, spaces: list[tuple[str, str]]) -> str:
    for prefix, ns in spaces:
        # a suffix starting with // would read as an absolute IRI: keep those whole
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _compactor(spaces: list[tuple[str, str]]):  # noqa: ANN202 - str -> str
    """``_compact_iri`` for many IRIs: one regular expression tries every namespace at once
    (longest first), instead of a loop over the namespaces for each of a million IRIs."""
    import re

    by_ns = {ns: prefix for prefix, ns in spaces}
    pattern = re.compile("|".join(re.escape(ns) for _p, ns in spaces))

    def compact(iri: str) -> str:
        m = pattern.match(iri)
        if m is None:
            return iri
        rest = iri[m.end():]
        if not rest or rest.startswith("//"):
            return _compact_iri(iri, spaces)  # the rare case: let the plain rule decide
        return f"{by_ns[m.group()]}:{rest}"

    return compact


def compact_jsonld(expanded: list) -> dict:
    """Expanded JSON-LD (Oxigraph's output) with the published @context: keys, @id, @type
    and datatype IRIs as prefixed names. The result expands to the same triples."""
    from functools import lru_cache

    ctx = context()["@context"]
    # longest namespace first, so that pid:… wins over a shorter prefix of it
    spaces = sorted(ctx.items(), key=lambda kv: -len(kv[1]))
    iri = _compactor(spaces)
    term = lru_cache(maxsize=4096)(iri)  # keys, types, datatypes: few, repeated

    def node(obj):  # noqa: ANN001, ANN202
        if isinstance(obj, list):
            return [node(x) for x in obj]
        if not isinstance(obj, dict):
            return obj
        out = {}
        for key, value in obj.items():
            if key == "@id" and isinstance(value, str):
                out[key] = iri(value)
            elif key == "@type":
                out[key] = ([term(v) for v in value] if isinstance(value, list)
                            else term(value))
            elif key.startswith("@"):
                out[key] = node(value)
            else:
                out[term(key)] = node(value)
        return out

    return {"@context": ctx, "@graph": node(expanded)}


def jsonld_bytes(triples: list[ox.Triple]) -> bytes:
    """Triples as compact JSON-LD with the published @context (UTF-8)."""
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")
    return json.dumps(compact_jsonld(expanded), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def write_jsonld(graph, path: Path) -> None:  # noqa: ANN001 - an rdflib Graph
    """An rdflib graph as compact JSON-LD with the published @context."""
    graph.serialize(path, format="json-ld", context=context()["@context"], auto_compact=True)


def write_graph_dumps(store: GraphStore, folder: Path) -> dict[str, Dump]:
    """One Turtle dump (gzip) per named graph of a source: ``<id>.ttl.gz``, by source id.
    Each source's dataset in the catalogue gets its own downloadable data."""
    folder.mkdir(parents=True, exist_ok=True)
    prefixes = {p: ns for p, ns in PREFIXES.items() if p not in ("sh",)}
    out = {}
    for sid in store.graphs():
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in
                          store.store.quads_for_pattern(None, None, None,
                                                        ox.NamedNode(str(graph_iri(sid))))},
                         key=str)
        if not triples:
            continue
        path = folder / f"{sid}.ttl.gz"
        raw = gzip.compress(ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                         prefixes=prefixes), mtime=0)
        path.write_bytes(raw)
        out[sid] = Dump("ttl", path, "text/turtle", "RDF_TURTLE", len(raw),
                        hashlib.sha256(raw).hexdigest(), len(triples))
    return out


def write_dumps(store: GraphStore, folder: Path) -> list[Dump]:
    """Write every dump (gzip) into ``folder`` and a ``SHA256SUMS`` file; return them.

    The triples are sorted once for the three formats without graphs, and each file is
    compressed in a thread (zlib lets go of the GIL) while the next format is written:
    at a million triples this halves the time (bench/README.md).
    """
    from concurrent.futures import ThreadPoolExecutor

    folder.mkdir(parents=True, exist_ok=True)
    quads = store.export(ox.RdfFormat.N_QUADS)
    parsed = list(ox.parse(quads, format=ox.RdfFormat.N_QUADS))
    del quads
    ordered = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in parsed}, key=str)
    prefixes = {p: ns for p, ns in PREFIXES.items() if p not in ("sh",)}

    def compress(data: bytes) -> bytes:
        # level 6 (gzip's own default): a few per cent larger than 9, two to three times
        # faster; mtime=0 keeps the files byte-identical between runs
        return gzip.compress(data, compresslevel=6, mtime=0)

    jobs = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, (fmt, _media, _ftype, keeps_graphs) in FORMATS.items():
            items = parsed if keeps_graphs else ordered
            kwargs = ({"prefixes": prefixes} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
                      else {})
            data = (jsonld_bytes(items) if fmt == ox.RdfFormat.JSON_LD
                    else ox.serialize(items, format=fmt, **kwargs))
            jobs.append((name, len(items), pool.submit(compress, data)))
    out = []
    for name, count, job in jobs:
        raw = job.result()
        fmt, media, ftype, _keeps = FORMATS[name]
        path = folder / f"puentes.{name}.gz"
        path.write_bytes(raw)
        out.append(Dump(name, path, media, ftype, len(raw), hashlib.sha256(raw).hexdigest(),
                        count))
    (folder / "SHA256SUMS").write_text(
        "".join(f"{d.sha256}  {d.path.name}\n" for d in out), encoding="utf-8")
    (folder.parent / "context.jsonld").write_text(json.dumps(context(), indent=2),
                                                  encoding="utf-8")
    return out
