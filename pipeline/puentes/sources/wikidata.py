"""Wikidata, through SPARQLWrapper: the items of the registry's regional bodies (matched by
their English names) and their members (P463 "member of", with P580/P582 start and end
qualifiers, countries by P298 ISO alpha-3 code) — to cross-check the curated registry.

Differences are **reported** (warnings in the build summary), never merged: the graph of this
source holds only the links ``wd:Q… owl:sameAs pid:organization/<id>`` found, clearly from
this source. The endpoint is configurable with ``PUENTES_WIKIDATA_URL``.
"""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS

from ..catalogue import Source
from ..errors import FetchError
from ..fetch import Policy, base_url, require_snapshot, write_snapshot
from ..namespaces import WD, bind_prefixes, rid
from ..paths import data_dir

MAPPER_VERSION = "1"
SNAPSHOT = "memberships.json"
QUERY = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ?item ?iso3 ?start ?end WHERE {
  VALUES ?name { %s }
  ?item rdfs:label ?name ; wdt:P31/wdt:P279* wd:Q245065 .
  OPTIONAL { ?country p:P463 ?st . ?st ps:P463 ?item . ?country wdt:P298 ?iso3 .
             OPTIONAL { ?st pq:P580 ?start } OPTIONAL { ?st pq:P582 ?end } }
}"""


def _bodies() -> dict[str, tuple[str, set[str]]]:
    """Registry regional bodies: English name → (id, current member ISO3 codes)."""
    from ..registry.check import check_registry

    reg, _issues = check_registry(data_dir() / "registry")
    out = {}
    for rec in reg.records:
        d = rec.data
        if rec.kind.name == "organization" and d.get("type") == "regional-body" and \
                (d.get("name") or {}).get("en"):
            members = {m["country"] for m in d.get("members") or [] if not m.get("to")}
            out[d["name"]["en"]] = (rec.id, members)
    return out


def inputs(source: Source) -> list[Path]:
    """The snapshot (SPARQL JSON results); NoSnapshotError when none was fetched."""
    return require_snapshot(source, [SNAPSHOT])


def fetch(source: Source, *, base: str | None = None, policy: Policy | None = None) -> Path:
    """Ask the endpoint (retrying on 429/5xx with back-off); snapshot the JSON results."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    policy = policy or Policy()
    endpoint = base_url(source, base)
    names = " ".join(json.dumps(n) + "@en" for n in sorted(_bodies()))
    client = SPARQLWrapper(endpoint, agent="puentes (linked open data on child labour)")
    client.setQuery(QUERY % names)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(policy.timeout))
    wait, last = policy.backoff, None
    for attempt in range(1, policy.attempts + 1):
        try:
            data = client.queryAndConvert()
            if not isinstance(data, dict) or "results" not in data:
                raise FetchError(f"{endpoint}: not SPARQL JSON results",
                                 "the previous snapshot is kept")
            write_snapshot(source.raw_dir, {SNAPSHOT: json.dumps(data, indent=1).encode()},
                           {"url": endpoint, "query": QUERY % names})
            return source.raw_dir
        except FetchError:
            raise
        except Exception as err:  # noqa: BLE001 - SPARQLWrapper wraps urllib errors variously
            code = getattr(err, "code", None) or getattr(getattr(err, "response", None),
                                                         "status", None)
            last = f"{type(err).__name__}: {err}"
            if code is not None and int(code) not in (429, 500, 502, 503, 504):
                break
        if attempt < policy.attempts:
            time.sleep(wait)
            wait = min(policy.max_wait, wait * 2)
    raise FetchError(f"{endpoint} failed: {last}", "the previous snapshot is kept")


def cross_check(results: dict, bodies: dict[str, tuple[str, set[str]]]) -> tuple[
        dict[str, str], list[str]]:
    """QIDs found per body id, and the differences between Wikidata's and the registry's
    current members (members with no end date on either side)."""
    qids: dict[str, str] = {}
    wikidata_members: dict[str, set[str]] = {}
    for b in results["results"]["bindings"]:
        name = b["name"]["value"]
        if name not in bodies:
            continue
        body_id = bodies[name][0]
        qids[body_id] = b["item"]["value"].rsplit("/", 1)[-1]
        if "iso3" in b and "end" not in b:
            wikidata_members.setdefault(body_id, set()).add(b["iso3"]["value"])
    notes = []
    for name, (body_id, ours) in sorted(bodies.items()):
        if body_id not in qids:
            notes.append(f"{body_id}: no Wikidata item found for the name {name!r}")
            continue
        theirs = wikidata_members.get(body_id, set())
        if not ours or not theirs:
            continue
        only_wd, only_us = sorted(theirs - ours), sorted(ours - theirs)
        if only_wd or only_us:
            notes.append(f"{body_id} (wd:{qids[body_id]}): members in Wikidata but not in the "
                         f"registry: {', '.join(only_wd) or 'none'}; in the registry but not "
                         f"in Wikidata: {', '.join(only_us) or 'none'}")
    return qids, notes


def map_source(source: Source) -> Graph:
    """The links found; the differences with the registry as warnings (not merged)."""
    (path,) = inputs(source)
    qids, notes = cross_check(json.loads(path.read_text(encoding="utf-8")), _bodies())
    g = Graph()
    bind_prefixes(g)
    ds = rid("dataset", source.id)
    g.add((ds, RDF.type, PROV.Entity))
    for body_id, qid in sorted(qids.items()):
        item = WD[qid]
        g.add((item, OWL.sameAs, rid("organization", body_id)))
        g.add((item, DCTERMS.source, ds))
    g.add((ds, RDFS.comment, URIRef("https://www.wikidata.org/wiki/Property:P463")))
    for note in notes:
        warnings.warn(note, stacklevel=2)
    return g
