"""The fields of each kind of registry record, declared as data.

A field type is one of: ``id`` ``names`` ``text`` ``date`` ``year`` ``decimal`` ``bool``
``url`` ``currency`` ``wikidata`` ``country`` ``agent`` ``place`` ``ref:<kind>[|<kind>]``
``concept:<scheme>`` ``sources`` ``source-refs`` ``members`` ``participants`` ``practice``;
``list:<type>`` for a list. ``required`` lists the fields a record must have.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    """One kind of record: its file, its fields and the fields it must have."""

    name: str
    file: str
    fields: dict[str, str]
    required: tuple[str, ...] = ("id", "name", "sources")
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)


COMMON = {"id": "id", "name": "names", "acronym": "names", "description": "names",
          "sources": "sources", "notes": "text", "website": "url"}

KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("organization", "organizations.yaml", {
        **COMMON, "type": "concept:organization-type", "founded": "date",
        "headquarters": "country", "wikidata": "wikidata", "parent": "ref:organization",
        "secretariat": "ref:organization", "members": "members"},
        required=("id", "name", "type", "sources")),
    Kind("initiative", "initiatives.yaml", {
        **COMMON, "type": "concept:initiative-type", "instrument_of": "ref:organization",
        "modality": "list:concept:modality", "scope": "concept:scope",
        "status": "concept:status", "start": "date", "end": "date", "adopted": "date",
        "adopted_at": "ref:event", "covers": "list:country",
        "covers_members_of": "ref:organization", "themes": "list:concept:theme",
        "replaces": "ref:initiative", "implements": "list:ref:initiative",
        "contributes_to": "list:ref:commitment|initiative",
        "aligned_with": "list:ref:initiative", "participants": "participants",
        "platform_functions": "list:concept:platform-function",
        "monitors": "list:ref:initiative|commitment",
        "reporting_cycle": "concept:reporting-cycle", "peer_review": "bool",
        "presented_at": "list:ref:event", "corridors": "list:ref:corridor",
        "supply_chains": "list:ref:supply-chain", "evaluated": "list:date"},
        required=("id", "name", "type", "sources")),
    Kind("commitment", "commitments.yaml", {
        **COMMON, "kind": "text", "iri": "url", "adopted": "date", "adopted_at": "ref:event",
        "committed_by": "agent", "commits_to": "ref:commitment|initiative",
        "made_at": "ref:event", "made_in": "ref:initiative|commitment",
        "target_date": "date", "status": "concept:status", "country": "country",
        "instrument": "ref:commitment", "date": "date", "ratified": "bool"},
        required=("id", "kind", "sources"),
        variants={"target": ("name",), "convention": ("name",), "protocol": ("name",),
                  "outcome-document": ("name",), "pledge": ("committed_by", "commits_to"),
                  "ratification": ("country", "instrument")}),
    Kind("financing", "financing.yaml", {
        **COMMON, "funder": "agent", "finances": "ref:initiative",
        "model": "list:concept:financing-model", "amount": "decimal", "currency": "currency",
        "year": "year", "start": "date", "end": "date"},
        required=("id", "funder", "finances", "model", "sources")),
    Kind("exchange", "exchanges.yaml", {
        **COMMON, "kind": "text", "provider": "agent", "learner": "list:agent",
        "practice": "practice", "adaptation": "text", "part_of": "ref:initiative",
        "modality": "list:concept:modality", "start": "date", "end": "date",
        "accountable": "agent", "to": "agent", "via": "ref:initiative",
        "form": "concept:accountability-form", "evaluates": "ref:initiative",
        "date": "date", "themes": "list:concept:theme"},
        required=("id", "kind", "sources"),
        variants={"knowledge-exchange": ("provider", "learner"),
                  "accountability": ("accountable", "to", "form"),
                  "evaluation": ("evaluates",)}),
    Kind("corridor", "corridors.yaml", {
        **COMMON, "origin": "place", "destination": "place"},
        required=("id", "origin", "destination", "sources")),
    Kind("supply-chain", "supply-chains.yaml", {
        **COMMON, "commodity": "id", "commodity_name": "names",
        "producing": "list:country", "buying": "list:country",
        "producing_regions": "list:place", "buying_regions": "list:place"},
        required=("id", "commodity", "sources")),
    Kind("event", "events.yaml", {
        **COMMON, "type": "concept:event-type", "start": "date", "end": "date",
        "city": "text", "country": "country", "part_of": "ref:event",
        "themes": "list:concept:theme"},
        required=("id", "name", "sources")),
]}

MEMBER_FIELDS = {"country": "country", "from": "date", "to": "date",
                 "role": "concept:membership-role", "sources": "source-refs", "notes": "text"}
PARTICIPANT_FIELDS = {"agent": "agent", "role": "concept:role", "from": "date", "to": "date",
                      "membership_exception": "text", "sources": "source-refs",
                      "notes": "text"}
SOURCE_FIELDS = {"id": "text", "url": "url", "document": "text", "accessed": "fulldate",
                 "title": "text", "publisher": "text", "via": "text", "notes": "text"}
PRACTICE_FIELDS = {"id": "id", "name": "names", "description": "names"}

EXPECT = {
    "id": "a slug: lower-case letters, digits and hyphens, e.g. ecowas-rap-2021-2030",
    "names": "a mapping of language code to text, e.g. {en: …, es: …}",
    "text": "text",
    "date": "a date as YYYY-MM-DD, YYYY-MM or YYYY",
    "fulldate": "the full date you read the source, as YYYY-MM-DD",
    "year": "a year as YYYY",
    "decimal": "a number without currency sign or thousands separators, e.g. 6800000",
    "bool": "true or false",
    "url": "a full web address starting with http:// or https://",
    "currency": "an ISO 4217 currency code of three capital letters, e.g. USD",
    "wikidata": "a Wikidata item id such as Q7159",
    "country": "an ISO 3166-1 alpha-3 country code in capitals, e.g. BRA",
    "agent": "an ISO 3166-1 alpha-3 country code or the id of an organisation",
    "place": "an ISO 3166-1 alpha-3 country code or an M49 region as m49-NNN",
}
