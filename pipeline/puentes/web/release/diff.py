"""``puentes diff A B``: what changed between two versions of the graph, at two levels.

1. **Records.** Every local node whose triples differ: added, removed or changed, field by
   field (the values removed and added), with the sources the record cites and the registry
   record behind it (file, line and the lines edited, from each version's record index).
2. **Consequences.** Every saved question asked again on both versions; its answers compared
   row by row on a key (the columns holding IRIs): rows gained, rows lost, rows whose other
   values changed — each linked to the record changes that mention what the row is about.

Both versions are in-memory stores (a release's N-Triples dump, or the embedded store), so a
question costs what it costs on the store. The result is plain data (:class:`Changelog`),
written as Markdown, JSON and RDF by :mod:`.changeset`, and read by :mod:`.feeds`.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from puentes.i18n import LANGS
from puentes.namespaces import BASE, curie
from puentes.namespaces import PU as PU_NS
from puentes.store import GraphStore
from puentes.web.messages import translator
from puentes.web.release.answers import consequences, term_json
from puentes.web.release.graphs import load_release, triples
from puentes.web.release.records import read_index, record_index, registry_folder
from puentes.web.release.versions import find

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel")
SOURCE = "http://purl.org/dc/terms/source"
ORG = "http://www.w3.org/ns/org#"
PU = str(PU_NS)
SDO = "http://schema.org/"
#: node kinds a feed follows, by class
FOLLOWED = {PU + "Country": "country", PU + "RegionalBody": "body",
            PU + "Initiative": "initiative"}
#: provenance of build runs: changes at every build, reported as a count only
PROVENANCE = (BASE + "id/run/", BASE + "graph/")


@dataclass
class Version:
    """One side of a diff: a graph, its record index, and where its pages are."""

    label: str
    store: GraphStore
    index: dict
    date: str = ""
    site: str | None = None  # the URL (or relative path) of the version's site, if any


@dataclass
class Changelog:
    """What changed from ``old`` to ``new`` (plain data: see :meth:`to_json`)."""

    old: dict
    new: dict
    records: list[dict] = field(default_factory=list)
    consequences: list[dict] = field(default_factory=list)
    unasked: list[dict] = field(default_factory=list)
    provenance: dict = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        """Counts: records added, removed and changed; questions whose answers changed."""
        c = Counter(r["status"] for r in self.records)
        return {"added": c["added"], "removed": c["removed"], "changed": c["changed"],
                "questions": len({x["query"] for x in self.consequences})}

    def to_json(self) -> dict:
        """The changelog as JSON-ready data."""
        return {"old": self.old, "new": self.new, "summary": self.summary(),
                "records": self.records, "consequences": self.consequences,
                "unasked": self.unasked, "provenance": self.provenance,
                "labels": self.labels}

    @classmethod
    def from_json(cls, data: dict) -> Changelog:
        """The inverse of :meth:`to_json`."""
        return cls(data["old"], data["new"], data["records"], data["consequences"],
                   data.get("unasked", []), data.get("provenance", {}), data.get("labels", {}))


# -- the two versions -------------------------------------------------------------------
def open_version(ref: str, root: Path, *, store_path: Path | None = None,
                 catalogue: Path | None = None, site_url: str | None = None) -> Version:
    """A version named on the command line: ``store`` (the embedded store, with the record
    index of the registry it was built from) or the name of a release in ``root``."""
    if ref == "store":
        from puentes.store import open_store

        folder = registry_folder(catalogue)
        index = record_index(folder) if folder is not None else {"records": {}, "nodes": {}}
        return Version("store", open_store(store_path), index, date="")
    rel = find(root, ref)
    site = Path(root) / rel.version
    url = f"{site_url.rstrip('/')}/{rel.version}/" if site_url else None
    return Version(rel.version, load_release(site), read_index(site / "registry-index.json"),
                   date=rel.date, site=url)


def diff_sites(old_site: str, old_side: dict, new_site: str, new_index: dict,
               new_side: dict) -> dict:
    """The changelog (:meth:`Changelog.to_json`) from the release published in ``old_site``
    to the site being written in ``new_site`` (its dump is there), each side named by
    ``{"label", "date", "site"}``: what ``puentes release`` runs in a worker process while
    the new release's pages are written (a top-level function, so that it pickles)."""
    old = Version(old_side["label"], load_release(Path(old_site)),
                  read_index(Path(old_site) / "registry-index.json"), date=old_side["date"],
                  site=old_side["site"])
    new = Version(new_side["label"], load_release(Path(new_site)), new_index,
                  date=new_side["date"], site=new_side["site"])
    return diff(old, new).to_json()


# -- level 1: records -------------------------------------------------------------------
def _owner(triple_set: set[ox.Triple]) -> dict[ox.Term, ox.NamedNode]:
    """For each blank node, the IRI it hangs from (its changes belong to that record)."""
    parent = {t.object: t.subject for t in triple_set if isinstance(t.object, ox.BlankNode)}
    out = {}
    for b in parent:
        seen, node = set(), b
        while isinstance(node, ox.BlankNode) and node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        if isinstance(node, ox.NamedNode):
            out[b] = node
    return out


def _by_subject(items: set[ox.Triple], owner: dict) -> dict[str, list[ox.Triple]]:
    out: dict[str, list[ox.Triple]] = {}
    for t in items:
        s = owner.get(t.subject, t.subject)
        key = s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}"
        out.setdefault(key, []).append(t)
    return out


def _registry_edit(iri: str, old: Version, new: Version) -> dict | None:
    """The registry record behind a node in either version, with the lines edited."""
    rid_new = new.index.get("nodes", {}).get(iri)
    rid_old = old.index.get("nodes", {}).get(iri)
    rid = rid_new or rid_old
    if rid is None:
        return None
    a = old.index.get("records", {}).get(rid)
    b = new.index.get("records", {}).get(rid)
    out = {"record": rid, "file": (b or a)["file"],
           "line": (b or a)["line"], "old_line": a["line"] if a else None}
    if a and b and a["sha256"] != b["sha256"]:
        out["edit"] = "".join(difflib.unified_diff(
            a["text"].splitlines(keepends=True), b["text"].splitlines(keepends=True),
            f"{old.label}/{a['file']}", f"{new.label}/{b['file']}", n=0))
    elif a is None or b is None:
        out["edit"] = "record added" if a is None else "record removed"
    return out


def _sources(store: GraphStore, iri: str) -> list[dict]:
    out = []
    for q in store.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(SOURCE), None):
        if not isinstance(q.object, ox.NamedNode):
            continue
        src = {"iri": q.object.value}
        for p, key in ((SDO + "url", "url"), (PU + "accessedOn", "accessed"),
                       ("http://purl.org/dc/terms/title", "title")):
            v = next(store.store.quads_for_pattern(q.object, ox.NamedNode(p), None), None)
            if v is not None:
                src[key] = v.object.value
        if src not in out:
            out.append(src)
    return sorted(out, key=lambda s: s["iri"])


def _links(stores: list[GraphStore], iri: str) -> dict[str, list[str]]:
    """The local IRIs a node's own triples point to, by predicate (in either version)."""
    out: dict[str, set[str]] = {}
    for store in stores:
        for q in store.store.quads_for_pattern(ox.NamedNode(iri), None, None):
            if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(BASE + "id/"):
                out.setdefault(q.predicate.value, set()).add(q.object.value)
    return {p: sorted(v) for p, v in sorted(out.items())}


def _types(store: GraphStore, iri: str) -> set[str]:
    return {q.object.value for q in store.store.quads_for_pattern(
        ox.NamedNode(iri), ox.NamedNode(RDF_TYPE), None) if isinstance(q.object, ox.NamedNode)}


def _is_input(iri: str) -> bool:
    """True for the node of a file a source was read from (``pid:dataset/<id>/<file>``).

    >>> _is_input(BASE + "id/dataset/registry/organizations.yaml"), _is_input(BASE + "id/dataset/x")
    (True, False)
    """
    rest = iri[len(BASE + "id/dataset/"):] if iri.startswith(BASE + "id/dataset/") else ""
    return "/" in rest


#: nodes computed from records, not records: a coverage period (``pid:coverage/…``) follows
#: from an instrument's dates and its body's memberships, so a changed membership shows as
#: that record's change and as the answers it changes (209, 210), not as records of its own
DERIVED = (BASE + "id/coverage/",)


def record_changes(old: Version, new: Version) -> tuple[list[dict], dict]:
    """The records that differ (sorted by IRI), and the count of provenance triples and of
    the derived nodes (:data:`DERIVED`) that changed with them."""
    a, b = triples(old.store), triples(new.store)
    removed, added = a - b, b - a
    owner = {**_owner(a), **_owner(b)}
    gone, came = _by_subject(removed, owner), _by_subject(added, owner)
    provenance: dict = {"removed": 0, "added": 0, "inputs": [], "derived": 0}
    records = []
    for iri in sorted(set(gone) | set(came)):
        if _is_input(iri):  # a source file read by a build: its checksum changed
            provenance["inputs"].append(iri)
        if iri.startswith(PROVENANCE) or iri.startswith("_:") or _is_input(iri):
            provenance["removed"] += len(gone.get(iri, []))
            provenance["added"] += len(came.get(iri, []))
            continue
        if iri.startswith(DERIVED):
            provenance["derived"] += 1
            continue
        node = ox.NamedNode(iri)
        before = next(old.store.store.quads_for_pattern(node, None, None), None) is not None
        after = next(new.store.store.quads_for_pattern(node, None, None), None) is not None
        status = "changed" if before and after else ("added" if after else "removed")
        fields: dict[str, dict] = {}
        for key, items in (("removed", gone.get(iri, [])), ("added", came.get(iri, []))):
            for t in items:
                f = fields.setdefault(t.predicate.value, {"predicate": t.predicate.value,
                                                          "removed": [], "added": []})
                value = term_json(t.object)
                if t.subject != node:  # a value inside a blank node of the record
                    value["via"] = "blank node"
                f[key].append(value)
        for f in fields.values():
            f["removed"].sort(key=str)
            f["added"].sort(key=str)
        side = new if after else old
        types = _types(side.store, iri) | _types(old.store, iri)
        links = _links([new.store, old.store], iri)
        about = sorted({iri}.union(*links.values()))
        records.append({
            "iri": iri, "status": status, "types": sorted(types),
            "fields": [fields[p] for p in sorted(fields)],
            "sources": _sources(side.store, iri),
            "registry": _registry_edit(iri, old, new),
            "about": about, "links": links,
        })
    return records, provenance


# -- level 2: consequences --------------------------------------------------------------
# -- labels -----------------------------------------------------------------------------
def _labels(stores: list[GraphStore], iris: set[str]) -> dict[str, dict[str, str]]:
    """Labels in es, en and fr of ``iris`` (from the newer store first); a membership is
    named by its member and body."""
    out: dict[str, dict[str, str]] = {}

    def own(iri: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for store in stores:
            for p in LABELS:
                for q in store.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(p), None):
                    if isinstance(q.object, ox.Literal):
                        found.setdefault(q.object.language or "", q.object.value)
        return found

    def pick(found: dict[str, str], lang: str, iri: str) -> str:
        return (found.get(lang) or found.get("en") or next(iter(found.values()), None)
                or curie(iri))

    for iri in sorted(iris):
        types: set[str] = set()
        for store in stores:
            types |= _types(store, iri)
        if ORG + "Membership" in types:
            parts = {}
            for store in stores:
                for p in ("member", "organization"):
                    q = next(store.store.quads_for_pattern(
                        ox.NamedNode(iri), ox.NamedNode(ORG + p), None), None)
                    if q is not None and p not in parts:
                        parts[p] = q.object.value
            if len(parts) == 2:
                m, o = own(parts["member"]), own(parts["organization"])
                out[iri] = {lang: translator(lang)(
                    "{member} in {body}", member=pick(m, lang, parts["member"]),
                    body=pick(o, lang, parts["organization"])) for lang in LANGS}
                continue
        found = own(iri)
        out[iri] = {lang: pick(found, lang, iri) for lang in LANGS}
    return out


def _mentioned(records: list[dict], consequences_: list[dict]) -> set[str]:
    iris = set()
    for r in records:
        iris.add(r["iri"])
        iris.update(r["about"])
        iris.update(r["types"])
        for f in r["fields"]:
            iris.add(f["predicate"])
            iris.update(v["iri"] for v in f["removed"] + f["added"] if "iri" in v)
    for c in consequences_:
        for row in c["gained"] + c["lost"] + [x["before"] for x in c["changed"]] + \
                [x["after"] for x in c["changed"]]:
            iris.update(v["iri"] for v in row.values() if isinstance(v, dict) and "iri" in v)
        iris.update(v for v in c["params"].values() if "://" in v)  # not a date
    return iris


def diff(old: Version, new: Version, *, queries: list | None = None,
         answered: dict | None = None) -> Changelog:
    """The changelog from ``old`` to ``new`` (``queries``: the saved questions to ask again;
    all of them by default; ``answered``: answers on ``new`` already at hand, by number, of
    the questions that need no value)."""
    records, provenance = record_changes(old, new)
    cons, unasked = consequences(old.store, new.store, records, queries, answered)
    for r in records:  # the feeds' routing: which followed things a record is about
        kinds = {}
        for i in r["about"]:
            for t in _types(new.store, i) | _types(old.store, i):
                if t in FOLLOWED:
                    kinds[i] = FOLLOWED[t]
        r["follow"] = [{"iri": i, "kind": k} for i, k in sorted(kinds.items())]
    labels = _labels([new.store, old.store], _mentioned(records, cons))
    side = lambda v: {"label": v.label, "date": v.date, "site": v.site}  # noqa: E731
    return Changelog(side(old), side(new), records, cons, unasked, provenance, labels)
