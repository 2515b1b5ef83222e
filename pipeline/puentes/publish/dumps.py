"""Dumps of the whole graph, compressed, with sizes and SHA-256 checksums."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import PREFIXES
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
    """The JSON-LD @context published with the dumps: the project prefixes."""
    return {"@context": dict(sorted(PREFIXES.items()))}


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
        data = ox.serialize(items, format=fmt, **kwargs)
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
