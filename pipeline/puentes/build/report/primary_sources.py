"""How many facts rest on primary sources (issue 9 §5), for the data-quality report.

A source document is **primary** when its URL is on an official domain of an organisation
of the graph (``pu:officialDomain``, from ``official_domains:`` in the registry; subdomains
count): the body's own publication, or an intergovernmental one (ILO, UNICEF …). Anything
else — news, blogs, copies of Wikipedia, printed references — is secondary. A fact rests on a
primary source when at least one of the documents it cites is primary. Facts that cite only
a data set (statistics, reference data) are not counted: they cite no document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from puentes.check.shapes import fact_classes
from puentes.namespaces import DQV, PU, graph_iri, rid, with_prefixes
from puentes.store import GraphStore

METRIC = "facts-on-primary-sources"
LABEL = "Share of facts citing documents that rest on at least one primary source"
#: issue 17: at least 70 % of the registry's facts rest on a primary source
TARGET = 0.70
#: records of the search for sources, not facts about cooperation: the coverage ledger cites
#: the pages it searched, and a thing named but not sourced cites where it was named
NOT_COUNTED = frozenset({str(PU.CoverageSearch), str(PU.UnsourcedMention)})


@dataclass
class PrimaryShare:
    """The count for one source graph: facts citing documents, and those resting on a
    primary one; the secondary hosts cited most."""

    source_id: str
    facts: int = 0
    primary: int = 0
    secondary_hosts: Counter = field(default_factory=Counter)

    @property
    def share(self) -> float | None:
        """The share of facts resting on a primary source (None: no fact cites a document)."""
        return round(self.primary / self.facts, 4) if self.facts else None


def host(url: str) -> str:
    """The host of a URL, lower case, without ``www.``.

    >>> host("https://www.ECOWAS.int/x?y"), host("http://ilo.org/a")
    ('ecowas.int', 'ilo.org')
    """
    name = (urlsplit(url.strip()).hostname or "").lower()
    return name[4:] if name.startswith("www.") else name


def is_primary(url: str, domains: set[str]) -> bool:
    """Whether ``url`` is on one of ``domains`` or a subdomain of one.

    >>> is_primary("https://www.ilo.org/africa/x", {"ilo.org"})
    True
    >>> is_primary("https://notilo.org/x", {"ilo.org"}), is_primary("https://a.b/", set())
    (False, False)
    """
    name = host(url)
    return any(name == d or name.endswith("." + d) for d in domains)


def official_domains(store: GraphStore) -> set[str]:
    """Every ``pu:officialDomain`` in the store, lower case."""
    q = with_prefixes("SELECT DISTINCT ?d WHERE { ?o pu:officialDomain ?d }")
    return {str(r["d"].value).lower() for r in store.query(q)}


def primary_shares(store: GraphStore) -> list[PrimaryShare]:
    """Per source graph (in the order of their ids), the facts resting on primary sources:
    the instances of the fact classes (:func:`puentes.check.shapes.fact_classes`) citing documents,
    but for the coverage ledger's records (:data:`NOT_COUNTED`)."""
    domains = official_domains(store)
    classes = " ".join(f"<{c}>" for c in fact_classes() if c not in NOT_COUNTED)
    q = with_prefixes(f"""SELECT ?g ?s ?url WHERE {{ GRAPH ?g {{
        VALUES ?c {{ {classes} }}
        ?s a ?c ; dcterms:source ?src . ?src a pu:SourceDocument ; schema:url ?url }} }}""")
    prefix = str(graph_iri(""))
    urls: dict[tuple[str, str], list[str]] = {}
    for r in store.query(q):
        sid = str(r["g"].value).removeprefix(prefix)
        urls.setdefault((sid, str(r["s"].value)), []).append(str(r["url"].value))
    out: dict[str, PrimaryShare] = {}
    for (sid, _fact), cited in sorted(urls.items()):
        row = out.setdefault(sid, PrimaryShare(sid))
        row.facts += 1
        if any(is_primary(u, domains) for u in set(cited)):
            row.primary += 1
        else:
            row.secondary_hosts.update({host(u) for u in cited})
    return [out[k] for k in sorted(out)]


def markdown_section(shares: list[PrimaryShare], top: int = 10) -> str:
    """The report's section: the share per source and the secondary hosts cited most."""
    lines = ["\n## Facts resting on primary sources\n",
             "A fact rests on a primary source when a document it cites is on an official "
             "domain of a body or organisation of the registry (`official_domains:`). "
             f"The target is **{TARGET * 100:.0f} %** of the facts (issue 17).\n"]
    if not shares:
        return "\n".join([*lines, "No fact cites a document.", ""])
    lines += [f"| source | facts citing documents | on a primary source | share | against "
              f"the {TARGET * 100:.0f} % target |", "|---|---|---|---|---|"]
    for s in shares:
        pct = "—" if s.share is None else f"{s.share * 100:.0f} %"
        lines.append(f"| {s.source_id} | {s.facts} | {s.primary} | {pct} | "
                     f"{against_target(s)} |")
    hosts = sum((s.secondary_hosts for s in shares), Counter())
    if hosts:
        lines += ["\nSecondary hosts cited most by facts with no primary source (replace "
                  "them with the bodies' own publications where they exist):\n"]
        lines += [f"- {name}: {n}" for name, n in hosts.most_common(top)]
    return "\n".join(lines) + "\n"


def against_target(s: PrimaryShare) -> str:
    """Whether the share meets :data:`TARGET`, and by how many facts it falls short.

    >>> against_target(PrimaryShare("registry", facts=200, primary=102))
    'below: 38 more facts on a primary source needed'
    >>> against_target(PrimaryShare("registry", facts=10, primary=7))
    'met'
    """
    if s.share is None:
        return "—"
    needed = -(-round(TARGET * 100) * s.facts // 100) - s.primary  # ceil(70 % of facts)
    return "met" if needed <= 0 else f"below: {needed} more facts on a primary source needed"


def add_to_dqv(g: Graph, shares: list[PrimaryShare], when: Literal) -> None:
    """Add the shares to a DQV graph as measurements of the metric ``facts-on-primary-sources``
    (dimension: provenance)."""
    metric, dimension = rid("metric", METRIC), rid("quality-dimension", "provenance")
    g.add((metric, RDF.type, DQV.Metric))
    g.add((metric, SKOS.prefLabel, Literal(LABEL, lang="en")))
    g.add((metric, DQV.expectedDataType, XSD.decimal))
    g.add((metric, DQV.inDimension, dimension))
    for s in shares:
        if s.share is None:
            continue
        m = rid("measurement", f"{s.source_id}/{METRIC}")
        g.add((m, RDF.type, DQV.QualityMeasurement))
        g.add((m, DQV.isMeasurementOf, metric))
        g.add((m, DQV.computedOn, graph_iri(s.source_id)))
        g.add((m, DQV.value, Literal(str(s.share), datatype=XSD.decimal)))
        g.add((m, DCTERMS.date, when))
        g.add((m, RDFS.label, Literal(f"{LABEL} — {s.source_id}", lang="en")))
