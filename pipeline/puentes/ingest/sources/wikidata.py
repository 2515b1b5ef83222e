"""Wikidata, through its SPARQL endpoint (a POST bounded in time and size): the items of
the registry's regional bodies and of their member countries, and the memberships (P463
"member of", with P580 start time and P582 end time qualifiers; countries by P298, ISO
3166-1 alpha-3) — to **cross-check** the curated registry and the countries table.

Bodies are looked up by the registry's ``wikidata:`` QID when the record has one, else by
their English name or acronym (``rdfs:label`` or ``skos:altLabel``); a name that finds
several items is ambiguous and reported, not guessed. The differences — members on one side
only, memberships ended on one side only, different joining years, a country item whose QID
differs from the countries table's — are **reported** (warnings that the build prints),
never merged: the graph of this source holds only the agreeing links
``wd:Q… owl:sameAs pid:organization/<id>`` / ``pid:country/<ISO3>``, each with
``dcterms:source pid:dataset/wikidata`` (Wikidata is the subject so that the validation of
this graph never looks at the registry's nodes). The registry's memberships stay the only
memberships in the graph.

The endpoint is configurable with ``PUENTES_WIKIDATA_URL``; the snapshot is the SPARQL 1.1
JSON results (``memberships.json``) and the query that produced them (``query.rq``).
Options in the catalogue entry (for tests): ``registry`` (folder of the registry files) and
``countries_table`` (the CSV with ``ISO3166-1-Alpha-3`` and ``wikidata_id`` columns).
"""

from __future__ import annotations

import json
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS

from puentes.errors import FetchError
from puentes.ingest.catalogue import Source
from puentes.ingest.fetch import Policy, post, refresh, require_snapshot
from puentes.namespaces import WD, bind_prefixes, rid
from puentes.paths import data_dir

MAPPER_VERSION = "2"
SNAPSHOT = "memberships.json"
QUERY_FILE = "query.rq"
QUERY = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
# Members (P463, with P580/P582) of the regional bodies of the puentes registry.
SELECT ?body ?item ?country ?iso3 ?start ?end WHERE {
  { VALUES (?body ?item) { %(by_qid)s } }
  UNION
  { VALUES (?body ?name) { %(by_name)s }
    ?item rdfs:label|skos:altLabel ?name . }
  ?country p:P463 ?st . ?st ps:P463 ?item ; wikibase:rank ?rank .
  FILTER(?rank != wikibase:DeprecatedRank)
  ?country wdt:P298 ?iso3 .
  OPTIONAL { ?st pq:P580 ?start }
  OPTIONAL { ?st pq:P582 ?end }
}
ORDER BY ?body ?iso3 ?start"""


@dataclass
class Span:
    """What one side says about a country's membership of a body: the first year it
    joined (when known) and whether a membership is still running."""

    first_year: str | None = None
    current: bool = False

    def add(self, start: object, end: object, today: str) -> None:
        year = _year(start)
        if year and (self.first_year is None or year < self.first_year):
            self.first_year = year
        if not end or str(end)[:10] > today:
            self.current = True


@dataclass
class Body:
    """A regional body of the registry, as far as the cross-check needs it."""

    id: str
    names: list[str]
    qid: str | None = None
    members: dict[str, Span] = field(default_factory=dict)


@dataclass
class CrossCheck:
    """The outcome: the links both sides agree on, and every difference in words."""

    bodies: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    differences: list[str] = field(default_factory=list)


def _year(value: object) -> str | None:
    text = str(value or "").lstrip("+")
    return text[:4] if text[:4].isdigit() else None


def _options_path(source: Source, key: str, default: Path) -> Path:
    value = (source.options or {}).get(key)
    return Path(value) if value else default


def registry_bodies(folder: Path, today: str | None = None) -> dict[str, Body]:
    """The registry's regional bodies (read with the registry's loader), with their English
    name and acronym, their ``wikidata`` QID and their members."""
    from puentes.ingest.registry.records import load_registry

    today = today or date.today().isoformat()
    reg, _issues = load_registry(folder)  # the registry source reports its own issues
    out: dict[str, Body] = {}
    for rec in reg.records:
        d = rec.data
        if rec.kind.name != "organization" or d.get("type") != "regional-body" or not rec.id:
            continue
        names = [v for v in ((d.get("name") or {}).get("en"),
                             (d.get("acronym") or {}).get("en")) if isinstance(v, str) and v]
        body = Body(rec.id, names, str(d["wikidata"]) if d.get("wikidata") else None)
        for m in d.get("members") or []:
            if isinstance(m, dict) and isinstance(m.get("country"), str):
                body.members.setdefault(m["country"], Span()).add(m.get("from"), m.get("to"),
                                                                  today)
        out[rec.id] = body
    return out


def country_qids(table: Path) -> dict[str, str]:
    """ISO3 → QID from the countries table (``wikidata_id`` column), where it has one."""
    from puentes.ingest.sources.countries.tables import read_table

    if not table.is_file():
        return {}
    return {r["ISO3166-1-Alpha-3"]: r["wikidata_id"] for r in read_table(table)
            if r.get("ISO3166-1-Alpha-3") and r.get("wikidata_id")}


def build_query(bodies: dict[str, Body]) -> str:
    """The SPARQL query for these bodies (by QID where the registry has one, else by name).

    >>> q = build_query({"au": Body("au", ["African Union"], "Q7159"),
    ...                  "sadc": Body("sadc", ["Southern African Development Community"])})
    >>> '("au" wd:Q7159)' in q and '("sadc" "Southern African Development Community"@en)' in q
    True
    """
    by_qid = " ".join(f"({json.dumps(b.id)} wd:{b.qid})" for b in bodies.values() if b.qid)
    by_name = " ".join(f"({json.dumps(b.id)} {json.dumps(n)}@en)"
                       for b in bodies.values() if not b.qid for n in b.names)
    return QUERY % {"by_qid": by_qid, "by_name": by_name}


def _registry_dir(source: Source) -> Path:
    return _options_path(source, "registry", data_dir() / "registry")


def _countries_table(source: Source) -> Path:
    from puentes.ingest.reference import country_table

    return _options_path(source, "countries_table", country_table())


def inputs(source: Source) -> list[Path]:
    """Everything the cross-check reads: the snapshot (SPARQL JSON results; NoSnapshotError
    when none was fetched), the registry files and the countries table — so that editing the
    registry redoes the cross-check in an incremental build."""
    from puentes.ingest.sources.registry import registry_files

    table = _countries_table(source)
    return (require_snapshot(source, [SNAPSHOT]) + registry_files(_registry_dir(source))
            + ([table] if table.is_file() else []))


def fetch(source: Source, *, base_url: str | None = None, policy: Policy | None = None) -> Path:
    """Ask the endpoint (POST, retrying on 429/5xx and network errors with back-off, within
    the policy's deadline and size bound) and snapshot the SPARQL JSON results with the
    query."""
    query = build_query(registry_bodies(_registry_dir(source)))
    with refresh(source, base_url=base_url, policy=policy) as snap:
        try:
            resp = post(snap.session, snap.url, data={"query": query}, policy=snap.policy,
                        headers={"Accept": "application/sparql-results+json"})
        except FetchError as err:
            if "HTTP 4" in err.message:  # 400, 401, 404, 414: asking again will not help
                raise FetchError(f"the endpoint refused the query: {err.message}") from err
            raise
        body = resp.content
        try:
            results = json.loads(body)
            results["results"]["bindings"]  # noqa: B018 - the shape is the check
        except (ValueError, KeyError, TypeError) as err:
            raise FetchError(f"{snap.url}: not SPARQL 1.1 JSON results ({err}): "
                             f"{body[:120]!r}") from err
        snap.add(SNAPSHOT, body, urls=[snap.url])
        snap.add(QUERY_FILE, query.encode("utf-8"), urls=[snap.url])
        return snap.commit()


def cross_check(results: dict, bodies: dict[str, Body], qids: dict[str, str],
                today: str | None = None) -> CrossCheck:
    """Compare the SPARQL results with the registry's bodies and the countries table."""
    today = today or date.today().isoformat()
    out = CrossCheck()
    items: dict[str, set[str]] = defaultdict(set)
    theirs: dict[tuple[str, str], dict[str, Span]] = defaultdict(dict)
    country_items: dict[str, set[str]] = defaultdict(set)
    for b in results["results"]["bindings"]:
        body_id = b["body"]["value"]
        if body_id not in bodies:
            continue
        item = b["item"]["value"].rsplit("/", 1)[-1]
        items[body_id].add(item)
        iso3 = b.get("iso3", {}).get("value", "")
        theirs[(body_id, item)].setdefault(iso3, Span()).add(
            b.get("start", {}).get("value"), b.get("end", {}).get("value"), today)
        if "country" in b:
            country_items[iso3].add(b["country"]["value"].rsplit("/", 1)[-1])
    for body_id, body in sorted(bodies.items()):
        found = sorted(items.get(body_id, ()))
        if not found:
            how = f"wd:{body.qid}" if body.qid else "the name(s) " + ", ".join(
                repr(n) for n in body.names)
            out.differences.append(f"{body_id}: no Wikidata item with member countries found "
                                   f"by {how}")
            continue
        if len(found) > 1:
            out.differences.append(
                f"{body_id}: the name(s) {', '.join(repr(n) for n in body.names)} find several "
                f"Wikidata items ({', '.join('wd:' + q for q in found)}); not linked — add "
                "`wikidata:` to its record in data/registry/organizations.yaml")
            continue
        (qid,) = found
        out.bodies[body_id] = qid
        notes = _member_differences(body.members, theirs[(body_id, qid)])
        if notes:
            out.differences.append(f"{body_id} (wd:{qid}), registry vs Wikidata: "
                                   + "; ".join(notes))
    for iso3, found_items in sorted(country_items.items()):
        ours = qids.get(iso3)
        if len(found_items) > 1 or (ours and ours not in found_items):
            out.differences.append(
                f"country {iso3}: Wikidata item(s) {', '.join(sorted(found_items))} carry "
                f"this ISO code; the countries table says {ours or 'nothing'}; not linked")
        else:
            out.countries[iso3] = next(iter(found_items))
    return out


def _member_differences(ours: dict[str, Span], theirs: dict[str, Span]) -> list[str]:
    notes = []
    for iso3 in sorted(set(ours) | set(theirs)):
        a, b = ours.get(iso3), theirs.get(iso3)
        if a is None:
            notes.append(f"{iso3} only in Wikidata" + ("" if b.current else " (ended)"))
        elif b is None:
            notes.append(f"{iso3} only in the registry" + ("" if a.current else " (ended)"))
        elif a.current != b.current:
            notes.append(f"{iso3} a current member in "
                         f"{'the registry' if a.current else 'Wikidata'} only")
        elif a.first_year and b.first_year and a.first_year != b.first_year:
            notes.append(f"{iso3} joined {a.first_year} vs {b.first_year}")
    return notes


def map_source(source: Source) -> Graph:
    """The agreeing links; every difference as a warning (not merged)."""
    path = inputs(source)[0]
    check = cross_check(json.loads(path.read_text(encoding="utf-8")),
                        registry_bodies(_registry_dir(source)),
                        country_qids(_countries_table(source)))
    g = Graph()
    bind_prefixes(g)
    ds = rid("dataset", source.id)
    g.add((ds, RDF.type, PROV.Entity))
    g.add((ds, RDFS.comment, Literal(
        "Links from Wikidata items to the registry's regional bodies and to countries, found "
        "through P463 (member of) and P298 (ISO 3166-1 alpha-3); used to cross-check the "
        "registry, not as its data.", lang="en")))
    g.add((ds, RDFS.seeAlso, WD["P463"]))
    links = [(qid, rid("organization", b)) for b, qid in check.bodies.items()]
    links += [(qid, rid("country", c)) for c, qid in check.countries.items()]
    for qid, ours in sorted(links):
        g.add((WD[qid], OWL.sameAs, ours))
        g.add((WD[qid], DCTERMS.source, ds))
    for note in check.differences:
        warnings.warn(f"wikidata: {note}", stacklevel=2)
    return g
