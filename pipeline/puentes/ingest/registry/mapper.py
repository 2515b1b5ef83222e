"""Turn checked registry records into RDF, following docs/model.md: one method per kind of
record (organization, initiative, commitment …) over the shared writing of
:mod:`puentes.ingest.registry.writer`."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from puentes.errors import NodeOrigin
from puentes.ingest.registry import fields as F
from puentes.ingest.registry.coverage import CoverageRule
from puentes.ingest.registry.records import Record, Registry
from puentes.ingest.registry.writer import GraphWriter, date_literal, period_words
from puentes.namespaces import ORG, PSC, PU, SCHEMA, concept, rid

INITIATIVE_CLASS = {"platform": PU.Platform, "monitoring-mechanism": PU.MonitoringMechanism,
                    "fund": PU.Fund}


class RegistryMapper(GraphWriter):
    """Maps every record of a checked :class:`Registry` into one graph."""

    def organization(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, ORG.Organization)
        if d["type"] == "regional-body":
            self.add(node, RDF.type, PU.RegionalBody)
            self.add(node, RDF.type, ORG.FormalOrganization)
        self.add(node, PU.organizationType, concept("organization-type", d["type"]))
        self.common(node, rec)
        self.fields(node, d, F.ORGANIZATION)
        members = d.get("members") or []
        for m, mid in zip(members, membership_iris(rec.id, members), strict=True):
            self.at(mid, rec, m, "members")
            self.add(mid, RDF.type, ORG.Membership)
            self.add(mid, ORG.organization, node)
            self.fields(mid, m, F.MEMBER)
            self.made_label(mid, "membership", m["country"], rec.id,
                            role=concept("membership-role", m.get("role", "member")))
            self.note(mid, m)
            self.sources(mid, rec, m.get("sources"))
            for k, sus in enumerate(m.get("suspensions") or [], 1):
                self.suspension(rid("suspension", f"{mid.rsplit('/', 1)[1]}--{k}"), mid,
                                rec, m["country"], sus)

    def suspension(self, node: URIRef, membership: URIRef, rec: Record, country: str,
                   sus: dict) -> None:
        """A period in which a membership was suspended (issue 17): a
        ``pu:MembershipSuspension`` of the membership, dated, with its sources."""
        self.at(node, rec, sus, "suspensions")
        self.add(node, RDF.type, PU.MembershipSuspension)
        self.add(node, PU.suspensionOf, membership)
        self.fields(node, sus, F.SUSPENSION)
        self.made_label(node, "membership", country, rec.id,
                        role=concept("membership-role", "suspended"))
        self.note(node, sus)
        self.sources(node, rec, sus.get("sources"))

    def initiative(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, PU.Initiative)
        if d["type"] in INITIATIVE_CLASS:
            self.add(node, RDF.type, INITIATIVE_CLASS[d["type"]])
        self.add(node, PU.initiativeType, concept("initiative-type", d["type"]))
        self.common(node, rec)
        self.fields(node, d, F.INITIATIVE)
        extra = [c["role"] for c in d.get("covers_roles") or []]
        for role in extra:
            self.add(node, PU.coversMembershipRole, concept("membership-role", role))
        if d.get("covers") or d.get("covers_members_of"):
            self.coverage(node, rec, extra)
        self.steps(node, rec)
        for i, when in enumerate(d.get("evaluated") or [], 1):
            ev = rid("evaluation", f"{rec.id}-{i}")
            self.at(ev, rec, None, "evaluated")
            self.add(ev, RDF.type, PU.Evaluation)
            self.add(ev, PU.evaluates, node)
            self.add(ev, SCHEMA.endDate, date_literal(when))
            self.made_label(ev, "evaluation", rec.id)
            self.sources(ev, rec)
        counts: dict[str, int] = {}
        for p in d.get("participants") or []:
            slug = f"{rec.id}--{p['agent'].lower()}--{p['role']}"
            n = counts[slug] = counts.get(slug, 0) + 1
            pid_ = rid("participation", slug + (f"--{n}" if n > 1 else ""))
            self.at(pid_, rec, p, "participants")
            self.add(pid_, RDF.type, PU.Participation)
            self.add(pid_, PU.initiative, node)
            self.fields(pid_, p, F.PARTICIPANT)
            self.note(pid_, p)
            self.made_label(pid_, "participation", p["agent"], rec.id,
                            role=concept("role", p["role"]))
            self.sources(pid_, rec, p.get("sources"))

    def coverage(self, node: URIRef, rec: Record, extra: list[str]) -> None:
        """Which countries the instrument covers at some time (``pu:coversCountry``) and its
        coverage periods, each country's, as the rule of
        :mod:`~puentes.ingest.registry.coverage` decides them once: the body is the one whose
        members it covers, else the one whose instrument it is."""
        d = rec.data
        body_id = d.get("covers_members_of") or d.get("instrument_of")
        members = (self.reg.by_id[body_id].data.get("members") or []) if body_id else []
        rule = CoverageRule(d, members, bool(d.get("covers_members_of")), extra)
        for code in rule.ever:
            self.add(node, PU.coversCountry, self.iri(code))
        lines = membership_iris(body_id, members) if body_id else []
        for p in rule.periods():
            cp = rid("coverage", f"{rec.id}--{p.country}--{p.start or 'open'}")
            self.at(cp, rec)
            self.add(cp, RDF.type, PU.CoveragePeriod)
            self.add(cp, PU.coverageBy, node)
            self.add(cp, PU.coverageOf, self.iri(p.country))
            if p.start is not None:
                self.add(cp, PU.coveredFrom, Literal(p.start.isoformat(), datatype=XSD.date))
            if p.end is not None:
                self.add(cp, PU.coveredUntil, Literal(p.end.isoformat(), datatype=XSD.date))
            self.add(cp, PU.covered, Literal(p.covered))
            self.add(cp, PROV.wasDerivedFrom, node)
            for i in p.lines:
                self.add(cp, PROV.wasDerivedFrom, lines[i])
            if p.suspension is not None:
                i, k = p.suspension
                sus = lines[i] if k == 0 else rid(
                    "suspension", f"{lines[i].rsplit('/', 1)[1]}--{k}")
                self.add(cp, PU.duringSuspension, sus)
                self.add(cp, PROV.wasDerivedFrom, sus)
            self.made_label(cp, "coverage" if p.covered else "coverage-suspended", rec.id,
                            p.country, period=period_words(p.start, p.end))

    def commitment(self, rec: Record) -> None:
        d, node, kind = rec.data, self.iri(rec.id), rec.data["kind"]
        if kind in ("target", "convention", "protocol", "outcome-document"):
            self.add(node, RDF.type, PU.GlobalCommitment)
            if kind in ("convention", "protocol"):
                self.add(node, RDF.type, PU.LegalInstrument)
            if kind == "outcome-document":
                self.add(node, RDF.type, PU.Initiative)
                self.add(node, PU.initiativeType, concept("initiative-type", "outcome-document"))
                self.add(node, PU.modality, concept("modality", "global"))
                self.add(node, PU.scope, concept("scope", "global"))
            self.common(node, rec)
            self.fields(node, d, F.GLOBAL_COMMITMENT)
            self.steps(node, rec)
            return
        self.add(node, RDF.type, PU.Commitment)
        self.common(node, rec)
        if kind == "ratification":
            self.add(node, RDF.type, PU.Ratification)
            self.fields(node, d, F.RATIFICATION)
            self.label(node, rec, "ratification", d["country"], d["instrument"])
            return
        self.fields(node, d, F.PLEDGE)
        self.label(node, rec, "pledge", d["committed_by"], d["commits_to"])

    def financing(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, PU.Financing)
        self.common(node, rec)
        self.label(node, rec, "financing", d["finances"], d["funder"])
        self.fields(node, d, F.FINANCING)

    def exchange(self, rec: Record) -> None:
        d, node, kind = rec.data, self.iri(rec.id), rec.data["kind"]
        if kind == "knowledge-exchange":
            self.add(node, RDF.type, PU.KnowledgeExchange)
            learners = d["learner"] if isinstance(d["learner"], list) else [d["learner"]]
            self.label(node, rec, "knowledge-exchange", d["provider"], learners)
            if d.get("practice"):
                pr = rid("practice", d["practice"]["id"])
                self.at(pr, rec, d["practice"], "practice")
                self.add(pr, RDF.type, PU.Practice)
                self.names(pr, d["practice"].get("name"))
                self.name_origins(pr, rec, d["practice"], f"practice-{d['practice']['id']}")
                self.names(pr, d["practice"].get("description"), DCTERMS.description)
                self.add(node, PU.practice, pr)
        elif kind == "accountability":
            self.add(node, RDF.type, PU.AccountabilityRelation)
            if d["accountable"] == d["to"]:
                self.label(node, rec, "accountability-mutual", d["accountable"])
            else:
                self.label(node, rec, "accountability", d["accountable"], d["to"])
        else:
            self.add(node, RDF.type, PU.Evaluation)
            self.label(node, rec, "evaluation", d["evaluates"])
        self.fields(node, d, F.EXCHANGE[kind])
        self.common(node, rec)

    def corridor(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, PU.MigrationCorridor)
        self.label(node, rec, "corridor", d["origin"], d["destination"])
        self.common(node, rec)
        self.fields(node, d, F.CORRIDOR)

    def supply_chain(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, PU.SupplyChain)
        self.label(node, rec, "supply-chain", d.get("commodity_name") or d["commodity"])
        self.common(node, rec)
        good = concept("good", d["commodity"])
        self.add(node, PU.commodity, good)
        self.add(good, RDF.type, SKOS.Concept)
        self.add(good, SKOS.inScheme, PSC["good"])
        self.names(good, d.get("commodity_name") or {"en": d["commodity"]}, SKOS.prefLabel)
        self.fields(node, d, F.SUPPLY_CHAIN)

    def ledger(self, rec: Record) -> None:
        """A coverage-ledger record (issue 17): which scope was searched, on which date,
        where (its sources), what was found and entered, and what was named somewhere but
        could not be sourced (``pid:mention/<id>--<n>``, citing where it was named)."""
        d, node = rec.data, rid("ledger", rec.id)
        self.add(node, RDF.type, PU.CoverageSearch)
        self.label(node, rec, "ledger", d["scope"])
        self.common(node, rec)
        self.fields(node, d, F.LEDGER)
        for n, item in enumerate(d.get("named_not_sourced") or [], 1):
            mention = rid("mention", f"{rec.id}--{n}")
            self.at(mention, rec, item, "named_not_sourced")
            self.add(mention, RDF.type, PU.UnsourcedMention)
            self.add(node, PU.namedNotSourced, mention)
            self.add(mention, PU.mentionedName, Literal(item["name"].strip()))
            self.made_label(mention, "mention", {"en": item["name"].strip()})
            self.note(mention, item)
            self.sources(mention, rec, item.get("named_in"))

    def event(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, PU.Event)
        self.common(node, rec)
        self.fields(node, d, F.EVENT)

    def run(self) -> Graph:
        """Map every record."""
        for rec in self.reg.records:
            getattr(self, rec.kind.name.replace("-", "_"))(rec)
        return self.g


def membership_iris(body: str, members: list) -> list[URIRef]:
    """The IRIs of a body's member lines, in their order: ``pid:membership/<body>--<ISO3>``,
    ``--2`` for a country's second line."""
    counts: dict[str, int] = {}
    out = []
    for m in members:
        n = counts[m["country"]] = counts.get(m["country"], 0) + 1
        out.append(rid("membership", f"{body}--{m['country']}" + (f"--{n}" if n > 1 else "")))
    return out


def map_registry(reg: Registry) -> Graph:
    """The RDF graph of a checked registry."""
    return RegistryMapper(reg).run()


def map_registry_with_origins(reg: Registry) -> tuple[Graph, dict[str, NodeOrigin]]:
    """The RDF graph of a checked registry, and where each of its nodes comes from (IRI →
    :class:`~puentes.errors.NodeOrigin`)."""
    mapper = RegistryMapper(reg)
    return mapper.run(), mapper.origins
