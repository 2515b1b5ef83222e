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
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from puentes.i18n import LANGS
from puentes.namespaces import BASE, curie
from puentes.namespaces import PU as PU_NS
from puentes.store import GraphStore
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
#: at most this many values of a required parameter are tried per question
MAX_PARAMETER_VALUES = 40
#: at most this many rows of each kind are kept per answer change (the counts are exact)
MAX_ROWS = 200


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


# -- level 1: records -------------------------------------------------------------------
def _term(t: ox.Term) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"iri": t.value}
    if isinstance(t, ox.Literal):
        out = {"value": t.value}
        if t.language:
            out["lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = curie(t.datatype.value)
        return out
    return {"blank": t.value}


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


def record_changes(old: Version, new: Version) -> tuple[list[dict], dict]:
    """The records that differ (sorted by IRI), and the count of provenance triples."""
    a, b = triples(old.store), triples(new.store)
    removed, added = a - b, b - a
    owner = {**_owner(a), **_owner(b)}
    gone, came = _by_subject(removed, owner), _by_subject(added, owner)
    provenance: dict = {"removed": 0, "added": 0, "inputs": []}
    records = []
    for iri in sorted(set(gone) | set(came)):
        if _is_input(iri):  # a source file read by a build: its checksum changed
            provenance["inputs"].append(iri)
        if iri.startswith(PROVENANCE) or iri.startswith("_:") or _is_input(iri):
            provenance["removed"] += len(gone.get(iri, []))
            provenance["added"] += len(came.get(iri, []))
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
                value = _term(t.object)
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
def _key_columns(variables: list[str], answers: list[list[dict]]) -> list[str]:
    """A row's key: the columns that name things (IRIs in every row that has a value), then
    as many of the other columns, in order, as make the key unique within each answer (a
    year beside a body and a series)."""
    rows = [r for a in answers for r in a]
    keys = []
    for v in variables:
        values = [r[v] for r in rows if r.get(v) is not None]
        if values and all(isinstance(x, ox.NamedNode) for x in values):
            keys.append(v)

    def unique(cols: list[str]) -> bool:
        return all(len({tuple(_text(r.get(c)) for c in cols) for r in a}) == len(a)
                   for a in answers)

    for v in variables:
        if (not keys or not unique(keys)) and v not in keys:
            keys.append(v)
    return [v for v in variables if v in keys]


def _row(row: dict, variables: list[str]) -> dict:
    return {v: (_term(row[v]) if row.get(v) is not None else None) for v in variables}


def _text(term: object) -> str:
    return "" if term is None else str(term)


def compare_answers(variables: list[str], before: list[dict], after: list[dict]) -> dict:
    """Rows gained, lost and changed between two answers to the same question, matched on
    the key columns (:func:`_key_columns` over both answers).

    >>> a = [{"c": ox.NamedNode("urn:a"), "v": ox.Literal("1")}]
    >>> b = [{"c": ox.NamedNode("urn:a"), "v": ox.Literal("2")},
    ...      {"c": ox.NamedNode("urn:b"), "v": ox.Literal("3")}]
    >>> d = compare_answers(["c", "v"], a, b)
    >>> len(d["gained"]), len(d["lost"]), d["changed"][0]["after"]["v"]["value"]
    (1, 0, '2')
    """
    keys = _key_columns(variables, [before, after])
    rest = [v for v in variables if v not in keys]

    def group(rows: list[dict]) -> dict[tuple, list[dict]]:
        out: dict[tuple, list[dict]] = {}
        for r in rows:
            out.setdefault(tuple(_text(r.get(k)) for k in keys), []).append(r)
        return out

    old, new = group(before), group(after)
    vals = lambda r: tuple(_text(r.get(v)) for v in rest)  # noqa: E731
    gained, lost, changed = [], [], []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, []), new.get(key, [])
        common = Counter(map(vals, a)) & Counter(map(vals, b))
        only_old, only_new = _beyond(a, common, vals), _beyond(b, common, vals)
        while only_old and only_new:  # the same key on both sides: its values changed
            changed.append({"before": _row(only_old.pop(0), variables),
                            "after": _row(only_new.pop(0), variables)})
        lost += [_row(r, variables) for r in only_old]
        gained += [_row(r, variables) for r in only_new]
    return {"key": keys, "gained": gained, "lost": lost, "changed": changed}


def _beyond(rows: list[dict], common: Counter, vals) -> list[dict]:  # noqa: ANN001
    """The rows of one side that the other side does not match."""
    left, out = Counter(common), []
    for r in rows:
        if left[vals(r)] > 0:
            left[vals(r)] -= 1
        else:
            out.append(r)
    return out


def _row_iris(row: dict | None) -> set[str]:
    return {v["iri"] for v in (row or {}).values()
            if isinstance(v, dict) and v.get("iri", "").startswith(BASE + "id/")}


def _parameter_values(param, touched: list[str]) -> list[str]:  # noqa: ANN001
    """The IRIs a changed record mentions that fit a required IRI parameter (by the kind
    its comment gives as an example, ``pid:organization/…``)."""
    kind = re.search(r"pid:([a-z-]+)/", param.comment or "")
    if kind:
        touched = [i for i in touched if i.startswith(f"{BASE}id/{kind.group(1)}/")]
    return touched


def consequences(old: Version, new: Version, records: list[dict],
                 queries: list | None = None) -> tuple[list[dict], list[dict]]:
    """Every saved question asked on both versions; the answers that differ, each with the
    record changes that mention what its rows are about, and the questions not asked."""
    from puentes.query import run_saved_query, saved_queries

    touched = sorted({i for r in records for i in r["about"]})
    by_iri: dict[str, list[str]] = {}
    for r in records:
        for i in r["about"]:
            by_iri.setdefault(i, []).append(r["iri"])
    out, unasked = [], []
    for q in queries if queries is not None else saved_queries():
        required = [p for p in q.parameters if p.required and p.default is None]
        runs: list[dict[str, str]] = [{}]
        if required:
            if len(required) > 1 or required[0].value_type != "iri":
                unasked.append({"query": q.number, "reason": "needs values for "
                                + ", ".join(p.name for p in required)})
                continue
            values = _parameter_values(required[0], touched)
            if len(values) > MAX_PARAMETER_VALUES:
                unasked.append({"query": q.number, "reason": f"asked for the first "
                                f"{MAX_PARAMETER_VALUES} of {len(values)} values of "
                                f"{required[0].name}"})
            runs = [{required[0].name: v} for v in values[:MAX_PARAMETER_VALUES]]
        for params in runs:
            a = run_saved_query(q, store=old.store, params=params)
            b = run_saved_query(q, store=new.store, params=params)
            diff = compare_answers(a.variables, a.rows, b.rows)
            if not (diff["gained"] or diff["lost"] or diff["changed"]):
                continue
            causes: set[str] = set()
            rows = diff["gained"] + diff["lost"] + [c["before"] for c in diff["changed"]] \
                + [c["after"] for c in diff["changed"]]
            for row in rows:  # the records of the row's most particular thing
                found = [set(by_iri[i]) for i in _row_iris(row) if i in by_iri]
                if found:
                    least = min(len(x) for x in found)
                    causes.update(*[x for x in found if len(x) == least])
            if not causes:  # rows about nothing a record mentions: the parameter, then
                for v in params.values():
                    causes.update(by_iri.get(v, []))
            counts = {k: len(diff[k]) for k in ("gained", "lost", "changed")}
            out.append({"query": q.number, "slug": q.slug,
                        "title": {lang: q.title(lang) for lang in LANGS},
                        "params": params, "key": diff["key"], "counts": counts,
                        **{k: diff[k][:MAX_ROWS] for k in ("gained", "lost", "changed")},
                        "causes": sorted(causes)})
    return out, unasked


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
                word = {"es": "en", "en": "in", "fr": "dans"}
                out[iri] = {lang: f"{pick(m, lang, parts['member'])} {word[lang]} "
                                  f"{pick(o, lang, parts['organization'])}" for lang in LANGS}
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
        iris.update(c["params"].values())
    return iris


def diff(old: Version, new: Version, *, queries: list | None = None) -> Changelog:
    """The changelog from ``old`` to ``new`` (``queries``: the saved questions to ask again;
    all of them by default)."""
    records, provenance = record_changes(old, new)
    cons, unasked = consequences(old, new, records, queries)
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
