"""Every region of the world with its instruments or its coverage-ledger entry (issue 17 §1–2),
and the ledger itself, for the data-quality report.

A region is an M49 region, sub-region or intermediate region of the countries source
(``pu:regionScheme psc:region-scheme/m49``; the World, 001, is not listed). Its
**instruments** are the initiatives (not national plans) that cover a country of the region
(``pu:coversCountry``), have a country of the region among their participants, or cover the
region or one around it (``pu:coversRegion``). Its **ledger entries** are the coverage
searches (``pu:CoverageSearch``) whose scope is the region, a region that contains it, or a
body all of whose members lie in it. A region with neither is flagged: the graph is silent
about it, where it should say what it knows or "searched on D, nothing found".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from puentes.namespaces import PSC, with_prefixes
from puentes.store import GraphStore

M49 = f"{PSC}region-scheme/m49"
#: the English label of the flag shown in the report
NEITHER = "⚠ neither instruments nor a ledger entry"


@dataclass
class RegionRow:
    """One M49 region: its code, English name, parent code, instruments and ledger entries
    (IRIs with English labels)."""

    iri: str
    code: str
    name: str
    parent: str | None
    instruments: dict[str, str] = field(default_factory=dict)
    ledger: dict[str, str] = field(default_factory=dict)

    @property
    def flagged(self) -> bool:
        """Neither an instrument nor a ledger entry."""
        return not self.instruments and not self.ledger


@dataclass
class LedgerRow:
    """One coverage search: its scope, date, what it found, what it found named only."""

    iri: str
    label: str
    scope: str
    scope_label: str
    searched: str
    found: list[str] = field(default_factory=list)
    named_not_sourced: list[str] = field(default_factory=list)
    sources: int = 0


def _label(store: GraphStore, iris: set[str]) -> dict[str, str]:
    """The English label of each IRI (else any label, else the IRI's last part)."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    q = f"""SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }}
        {{ ?x rdfs:label ?l }} UNION {{ ?x skos:prefLabel ?l }} }}"""
    best: dict[str, tuple[int, str]] = {}
    for r in store.query(with_prefixes(q)):
        x, lit = str(r["x"].value), r["l"]
        rank = {"en": 0, "": 1}.get(getattr(lit, "language", None) or "", 2)
        if x not in best or rank < best[x][0]:
            best[x] = (rank, str(lit.value))
    return {i: best[i][1] if i in best else i.rsplit("/", 1)[-1] for i in iris}


def regions(store: GraphStore) -> list[RegionRow]:
    """Every M49 region but the World, with its instruments and ledger entries, in the
    order of the hierarchy (a region, then its sub-regions), by code."""
    q = """SELECT ?r ?code ?parent WHERE {
        ?r a pu:Region ; pu:regionScheme <""" + M49 + """> ; pu:m49 ?code .
        FILTER(STR(?code) != "001")
        OPTIONAL { ?r pu:withinRegion ?parent } }"""
    rows: dict[str, RegionRow] = {}
    for r in store.query(with_prefixes(q)):
        iri = str(r["r"].value)
        parent = str(r["parent"].value) if r["parent"] is not None else None
        rows.setdefault(iri, RegionRow(iri, str(r["code"].value), "", parent))
    names = _label(store, set(rows))
    for iri, row in rows.items():
        row.name = names[iri]
    _instruments(store, rows)
    _ledger_entries(store, rows)
    return _in_order(rows)


def _instruments(store: GraphStore, rows: dict[str, RegionRow]) -> None:
    q = """SELECT DISTINCT ?r ?i WHERE {
        ?i a pu:Initiative .
        MINUS { ?i pu:initiativeType itype:national-action-plan }
        MINUS { ?i pu:scope scope:national }
        { ?i pu:coversCountry ?c . ?c pu:inRegion/pu:withinRegion* ?r }
        UNION { ?p pu:initiative ?i ; pu:agent ?c .
                ?c a pu:Country ; pu:inRegion/pu:withinRegion* ?r }
        UNION { ?i pu:coversRegion ?cr . ?r pu:withinRegion* ?cr }
        UNION { ?i pu:coversRegion ?cr . ?cr pu:withinRegion+ ?r } }"""
    found = [(str(r["r"].value), str(r["i"].value)) for r in store.query(with_prefixes(q))]
    labels = _label(store, {i for _, i in found})
    for region, i in found:
        if region in rows:
            rows[region].instruments[i] = labels[i]


def _ledger_entries(store: GraphStore, rows: dict[str, RegionRow]) -> None:
    # scoped to the region or to a region around it
    q = """SELECT DISTINCT ?r ?s WHERE {
        ?s a pu:CoverageSearch ; pu:searchScope ?scope . ?r pu:withinRegion* ?scope }"""
    found = [(str(r["r"].value), str(r["s"].value)) for r in store.query(with_prefixes(q))]
    # scoped to a body all of whose members lie in the region
    q = """SELECT ?s ?scope ?r (COUNT(DISTINCT ?c) AS ?inside) WHERE {
        ?s a pu:CoverageSearch ; pu:searchScope ?scope .
        ?m org:organization ?scope ; org:member ?c .
        ?c pu:inRegion/pu:withinRegion* ?r } GROUP BY ?s ?scope ?r"""
    inside = [(str(r["s"].value), str(r["scope"].value), str(r["r"].value),
               int(r["inside"].value)) for r in store.query(with_prefixes(q))]
    q = """SELECT ?scope (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?s a pu:CoverageSearch ; pu:searchScope ?scope .
        ?m org:organization ?scope ; org:member ?c } GROUP BY ?scope"""
    members = {str(r["scope"].value): int(r["n"].value) for r in store.query(with_prefixes(q))}
    found += [(r, s) for s, scope, r, n in inside if n == members.get(scope)]
    labels = _label(store, {s for _, s in found})
    for region, s in found:
        if region in rows:
            rows[region].ledger[s] = labels[s]


def _in_order(rows: dict[str, RegionRow]) -> list[RegionRow]:
    children: dict[str | None, list[RegionRow]] = {}
    for row in rows.values():
        parent = row.parent if row.parent in rows else None
        children.setdefault(parent, []).append(row)
    out: list[RegionRow] = []

    def walk(parent: str | None) -> None:
        for row in sorted(children.get(parent, []), key=lambda x: x.code):
            out.append(row)
            walk(row.iri)

    walk(None)
    return out


def ledger(store: GraphStore) -> list[LedgerRow]:
    """Every coverage search, by date and scope, with what it found and named only."""
    q = """SELECT ?s ?scope ?date (COUNT(DISTINCT ?src) AS ?sources) WHERE {
        ?s a pu:CoverageSearch ; pu:searchScope ?scope ; pu:searchedOn ?date .
        OPTIONAL { ?s dcterms:source ?src } } GROUP BY ?s ?scope ?date"""
    rows = {str(r["s"].value): LedgerRow(str(r["s"].value), "", str(r["scope"].value), "",
                                         str(r["date"].value), sources=int(r["sources"].value))
            for r in store.query(with_prefixes(q))}
    q = """SELECT ?s ?f WHERE { ?s a pu:CoverageSearch ; pu:found ?f }"""
    found = [(str(r["s"].value), str(r["f"].value)) for r in store.query(with_prefixes(q))]
    q = """SELECT ?s ?name WHERE { ?s a pu:CoverageSearch ; pu:namedNotSourced ?m .
        ?m pu:mentionedName ?name }"""
    for r in store.query(with_prefixes(q)):
        rows[str(r["s"].value)].named_not_sourced.append(str(r["name"].value))
    labels = _label(store, set(rows) | {x.scope for x in rows.values()}
                    | {f for _, f in found})
    for s, f in found:
        rows[s].found.append(labels[f])
    for row in rows.values():
        row.label, row.scope_label = labels[row.iri], labels[row.scope]
        row.found.sort()
        row.named_not_sourced.sort()
    return sorted(rows.values(), key=lambda x: (x.scope_label, x.searched, x.iri))


def _cell(items: dict[str, str], most: int) -> str:
    names = sorted(items.values())
    shown = "; ".join(n.replace("|", "/") for n in names[:most])
    return shown + (f"; … ({len(names) - most} more)" if len(names) > most else "")


def markdown_section(rows: list[RegionRow], searches: list[LedgerRow], most: int = 6) -> str:
    """The report's two sections: every region with its instruments or ledger entries (the
    ones with neither flagged), and the coverage ledger."""
    flagged = [r for r in rows if r.flagged]
    lines = ["\n## Regions of the world: instruments and searches\n",
             "Every M49 region, sub-region and intermediate region with the instruments that "
             "cover or involve its countries (or cover the region), and the coverage searches "
             "of the ledger that concern it. A region with neither is flagged: the graph says "
             "nothing about it, not even \"searched, nothing found\".\n"]
    if not rows:
        return "\n".join([*lines, "No M49 region in the store (build the countries source).",
                          ""])
    lines.append(f"{len(rows)} regions; {len(rows) - len(flagged)} with instruments or a "
                 f"ledger entry; **{len(flagged)} with neither**"
                 + (": " + ", ".join(f"{r.name} ({r.code})" for r in flagged) if flagged
                    else "") + ".\n")
    lines += ["| region | M49 | instruments | ledger entries | |", "|---|---|---|---|---|"]
    depth: dict[str, int] = {}
    for r in rows:
        depth[r.iri] = depth.get(r.parent, -1) + 1 if r.parent else 0
        name = "\u2003" * depth[r.iri] + r.name.replace("|", "/")
        inst = f"{len(r.instruments)}: {_cell(r.instruments, most)}" if r.instruments else "—"
        led = _cell(r.ledger, most) if r.ledger else "—"
        lines.append(f"| {name} | {r.code} | {inst} | {led} | "
                     f"{NEITHER if r.flagged else ''} |")
    lines += ["\n## The coverage ledger\n",
              "Each search of a body or a region for regional and interregional instruments, "
              "programmes, platforms, mechanisms and financing against child labour "
              "(`data/registry/ledger.yaml`): when, how many pages it read, what it found and "
              "entered, and what it found named but could not source (kept out of the data).\n"]
    if not searches:
        return "\n".join([*lines, "No search is recorded yet.", ""])
    lines += ["| scope | searched | pages read | found | named, not sourced |",
              "|---|---|---|---|---|"]
    for s in searches:
        found = "; ".join(s.found) if s.found else "nothing found"
        named = "; ".join(s.named_not_sourced) if s.named_not_sourced else "—"
        lines.append(f"| {s.scope_label.replace('|', '/')} | {s.searched} | {s.sources} | "
                     f"{found.replace('|', '/')} | {named.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
