"""Dumps of the whole graph, compressed, with sizes and SHA-256 checksums."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import PREFIXES, graph_iri
from ..store import GraphStore

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


def compact_jsonld(expanded: list) -> dict:
    """Expanded JSON-LD (Oxigraph's output) with the published @context: keys, @id, @type
    and datatype IRIs as prefixed names. The result expands to the same triples."""
    ctx = context()["@context"]
    # longest namespace first, so that pid:… wins over a shorter prefix of it
    spaces = sorted(ctx.items(), key=lambda kv: -len(kv[1]))

    def node(obj):  # noqa: ANN001, ANN202
        if isinstance(obj, list):
            return [node(x) for x in obj]
        if not isinstance(obj, dict):
            return obj
        out = {}
        for key, value in obj.items():
            if key == "@id" and isinstance(value, str):
                out[key] = _compact_iri(value, spaces)
            elif key == "@type":
                out[key] = ([_compact_iri(v, spaces) for v in value] if isinstance(value, list)
                            else _compact_iri(value, spaces))
            elif key.startswith("@"):
                out[key] = node(value)
            else:
                out[_compact_iri(key, spaces)] = node(value)
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
    """Write every dump (gzip) into ``folder`` and a ``SHA256SUMS`` file; return them."""
    folder.mkdir(parents=True, exist_ok=True)
    quads = store.export(ox.RdfFormat.N_QUADS)
    parsed = list(ox.parse(quads, format=ox.RdfFormat.N_QUADS))
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in parsed}
    prefixes = {p: ns for p, ns in PREFIXES.items() if p not in ("sh",)}
    out = []
    for name, (fmt, media, ftype, keeps_graphs) in FORMATS.items():
        items = parsed if keeps_graphs else sorted(triples, key=str)
        kwargs = {"prefixes": prefixes} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        data = (jsonld_bytes(items) if fmt == ox.RdfFormat.JSON_LD
                else ox.serialize(items, format=fmt, **kwargs))
        path = folder / f"puentes.{name}.gz"
        path.write_bytes(gzip.compress(data, mtime=0))
        raw = path.read_bytes()
        out.append(Dump(name, path, media, ftype, len(raw), hashlib.sha256(raw).hexdigest(),
                        len(items)))
    (folder / "SHA256SUMS").write_text(
        "".join(f"{d.sha256}  {d.path.name}\n" for d in out), encoding="utf-8")
    (folder.parent / "context.jsonld").write_text(json.dumps(context(), indent=2),
                                                  encoding="utf-8")
    return out
