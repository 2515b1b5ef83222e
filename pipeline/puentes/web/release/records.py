"""Which registry record made each node of the graph: the "registry edit" behind a change.

The registry mapper is run once more over the checked registry, with a hook that notes, for
each triple it writes, the record being mapped. A release keeps the result
(``registry-index.json``): the file, the line and the YAML text of every record, and the
record of every node, so that the diff of two releases can name the record and show the
lines a steward edited — without the registry files of the time being at hand.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from puentes.ingest.catalogue import load_catalogue


def registry_folder(catalogue_path: Path | None = None) -> Path | None:
    """The folder of the curated registry named in the source catalogue (``None``: none)."""
    for src in load_catalogue(catalogue_path).values():
        if src.kind == "curated-registry" and src.enabled:
            return Path(src.location)
    return None


def _texts(path: Path, starts: list[int]) -> dict[int, str]:
    """The text of each record of a YAML file, from its first line to the line before the
    next record (trailing blank and comment lines left out), by first line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = {}
    bounds = sorted(set(starts)) + [len(lines) + 1]
    for a, b in zip(bounds, bounds[1:], strict=False):
        chunk = lines[a - 1:b - 1]
        while chunk and (not chunk[-1].strip() or chunk[-1].lstrip().startswith("#")):
            chunk.pop()
        out[a] = "\n".join(chunk) + "\n"
    return out


def record_index(folder: Path) -> dict:
    """``{"records": {id: {file, line, sha256, text}}, "nodes": {iri: id}}`` for a checked
    registry folder (an invalid registry raises the registry check's ``DataError``)."""
    from puentes.ingest.registry.check import checked_registry
    from puentes.ingest.registry.mapper import RegistryMapper

    reg = checked_registry(folder)

    class Tracing(RegistryMapper):
        """The mapper, noting the record behind every subject it writes."""

        current: str = ""
        nodes: dict[str, str] = {}

        def add(self, s, p, o) -> None:  # noqa: ANN001
            self.nodes.setdefault(str(s), self.current)
            super().add(s, p, o)

        def run(self):  # noqa: ANN201
            self.nodes = {}
            for rec in self.reg.records:
                self.current = rec.id
                getattr(self, rec.kind.name.replace("-", "_"))(rec)
            return self.g

    mapper = Tracing(reg)
    mapper.run()
    starts: dict[Path, list[int]] = {}
    for rec in reg.records:
        starts.setdefault(rec.file, []).append(rec.data.line)
    texts = {path: _texts(path, lines) for path, lines in starts.items()}
    records = {}
    for rec in reg.records:
        text = texts[rec.file][rec.data.line]
        records[rec.id] = {"file": rec.file.name, "line": rec.data.line, "text": text,
                           "sha256": hashlib.sha256(text.encode()).hexdigest()}
    nodes = {iri: rid for iri, rid in mapper.nodes.items() if iri.startswith("http")}
    return {"records": records, "nodes": dict(sorted(nodes.items()))}


def write_index(index: dict, path: Path) -> None:
    """Write a record index as JSON (sorted: the same registry gives the same bytes)."""
    path.write_text(json.dumps(index, ensure_ascii=False, indent=1, sort_keys=True),
                    encoding="utf-8")


def read_index(path: Path) -> dict:
    """A record index written by :func:`write_index` (an empty one when there is none)."""
    if not path.is_file():
        return {"records": {}, "nodes": {}}
    return json.loads(path.read_text(encoding="utf-8"))
