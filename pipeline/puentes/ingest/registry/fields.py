"""What the registry mapper writes for the plain fields of each kind of record, declared as
data: one :class:`Field` per field (the predicate, and how its value becomes RDF), so that a new
field of the format is one entry here beside its type in
:mod:`~puentes.ingest.registry.schema`. What is more than one triple per value (a member line,
a participant, a step, the names and sources every record has) stays a method of
:class:`~puentes.ingest.registry.mapper.RegistryMapper`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL

from puentes.namespaces import ORG, PU, SCHEMA


@dataclass(frozen=True)
class Field:
    """One field of a record and what it becomes: ``pred`` with each value written ``how``:

    - ``ref``: the IRI of a record id, a country code or an M49 region (a list: one each);
    - ``concept:<scheme>``: a concept of that scheme (a list: one each);
    - ``date``: a date at the precision given (``xsd:gYear`` … ``xsd:dateTime``);
    - ``year``: an ``xsd:gYear``; ``decimal``: an ``xsd:decimal``; ``bool``: an ``xsd:boolean``;
    - ``text``: a plain literal (a list: one each); ``en``: a literal in English;
    - ``wikidata``: the Wikidata entity of a Q-number.

    ``default`` stands for a missing value; ``inverse`` is written from the value back to
    the node as well (``org:hasSubOrganization`` beside ``org:subOrganizationOf``).
    """

    key: str
    pred: URIRef
    how: str
    default: object = None
    inverse: URIRef | None = None


def _period(start: str = "start", end: str = "end") -> tuple[Field, ...]:
    return (Field(start, SCHEMA.startDate, "date"), Field(end, SCHEMA.endDate, "date"))


def _concepts(**pairs: tuple[URIRef, str]) -> tuple[Field, ...]:
    return tuple(Field(key, pred, f"concept:{scheme}") for key, (pred, scheme) in pairs.items())


def _refs(**preds: URIRef) -> tuple[Field, ...]:
    return tuple(Field(key, pred, "ref") for key, pred in preds.items())


ORGANIZATION = (
    Field("founded", SCHEMA.foundingDate, "date"),
    Field("headquarters", SCHEMA.location, "ref"),
    Field("wikidata", OWL.sameAs, "wikidata"),
    Field("parent", ORG.subOrganizationOf, "ref", inverse=ORG.hasSubOrganization),
    Field("secretariat", PU.secretariat, "ref"),
    Field("official_domains", PU.officialDomain, "text"),
)

MEMBER = (
    Field("country", ORG.member, "ref"),
    Field("role", ORG.role, "concept:membership-role", default="member"),
    *_period("from", "to"),
)

SUSPENSION = _period("from", "to")

INITIATIVE = (
    *_concepts(modality=(PU.modality, "modality"), scope=(PU.scope, "scope"),
               status=(PU.status, "status"), themes=(PU.theme, "theme"),
               platform_functions=(PU.platformFunction, "platform-function"),
               reporting_cycle=(PU.reportingCycle, "reporting-cycle")),
    *_refs(instrument_of=PU.instrumentOf, adopted_at=PU.adoptedAt, replaces=DCTERMS.replaces,
           implements=PU.implements, contributes_to=PU.contributesTo,
           aligned_with=PU.alignedWith, monitors=PU.monitors, presented_at=PU.presentedAt,
           corridors=PU.addressesCorridor, supply_chains=PU.addressesSupplyChain),
    *_period(),
    Field("adopted", PU.adoptionDate, "date"),
    Field("peer_review", PU.hasPeerReview, "bool"),
)

PARTICIPANT = (
    Field("agent", PU.agent, "ref"),
    Field("role", PU.role, "concept:role"),
    *_period("from", "to"),
    Field("membership_exception", PU.membershipException, "text"),
)

STEP = (
    *_period("date", "end"),
    Field("at", SCHEMA.superEvent, "ref"),
    Field("city", PU.city, "text"),
    Field("country", SCHEMA.location, "ref"),
)

#: the global commitments (targets, conventions, protocols, outcome documents)
GLOBAL_COMMITMENT = (
    Field("adopted", PU.adoptionDate, "date"),
    Field("adopted_at", PU.adoptedAt, "ref"),
)

RATIFICATION = (
    Field("country", PU.committedBy, "ref"),
    Field("instrument", PU.commitsTo, "ref"),
    Field("ratified", PU.ratified, "bool", default=True),
    Field("date", PU.ratificationDate, "date"),
)

PLEDGE = (
    *_refs(committed_by=PU.committedBy, commits_to=PU.commitsTo, made_at=PU.madeAt,
           made_in=PU.madeIn),
    Field("target_date", PU.targetDate, "date"),
    Field("status", PU.status, "concept:status"),
)

FINANCING = (
    Field("funder", SCHEMA.funder, "ref"),
    Field("finances", PU.finances, "ref"),
    Field("model", PU.financingModel, "concept:financing-model"),
    Field("amount", PU.amount, "decimal"),
    Field("currency", PU.currency, "text"),
    Field("year", PU.amountYear, "year"),
    *_period(),
)

KNOWLEDGE_EXCHANGE = (
    Field("provider", PU.provider, "ref"),
    Field("learner", PU.learner, "ref"),
    Field("adaptation", PU.adaptation, "en"),
    Field("part_of", PU.partOf, "ref"),
    *_concepts(modality=(PU.modality, "modality"), themes=(PU.theme, "theme")),
    *_period(),
)

ACCOUNTABILITY = (
    *_refs(accountable=PU.accountableParty, to=PU.accountableTo, via=PU.viaMechanism),
    Field("form", PU.accountabilityForm, "concept:accountability-form"),
)

EVALUATION = (
    Field("evaluates", PU.evaluates, "ref"),
    Field("date", SCHEMA.endDate, "date"),
)

CORRIDOR = _refs(origin=PU.origin, destination=PU.destination)

SUPPLY_CHAIN = _refs(producing=PU.producingCountry, buying=PU.buyingCountry,
                     producing_regions=PU.producingRegion, buying_regions=PU.buyingRegion)

LEDGER = (
    Field("scope", PU.searchScope, "ref"),
    Field("searched", PU.searchedOn, "date"),
    Field("found", PU.found, "ref"),
)

EVENT = (
    Field("type", PU.eventType, "concept:event-type"),
    *_period(),
    Field("city", PU.city, "text"),
    Field("country", SCHEMA.location, "ref"),
    Field("part_of", SCHEMA.superEvent, "ref"),
    Field("themes", PU.theme, "concept:theme"),
)

#: the fields of each sort of exchange record (its ``kind``)
EXCHANGE = {"knowledge-exchange": KNOWLEDGE_EXCHANGE, "accountability": ACCOUNTABILITY,
            "evaluation": EVALUATION}
