"""The fields of each kind of registry record, declared as data.

A field type is one of: ``id`` ``names`` ``text`` ``date`` ``year`` ``decimal`` ``bool``
``datetime`` (a date, or a date and time of day) ``url`` ``domain`` ``currency``
``wikidata`` ``country`` ``agent`` ``place`` ``ref:<kind>[|<kind>]`` ``concept:<scheme>``
``sources`` ``source-refs`` ``members`` ``participants`` ``practice`` ``steps``
``covers-roles`` ``lang`` ``name-sources`` ``suspensions`` ``scope`` (an organisation id or
an M49 region) ``searchdate`` (a full date, not after today) ``mentions`` (named, not sourced);
``list:<type>`` for a list. ``required`` lists the fields a record must have.

The schema is declared as data rather than as one class per kind so that the check can report
every mistake of every record at once, each at its own line, and so that the stewards' guide
can be checked against it (``tests/test_registry.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib.namespace import SKOS

from puentes.i18n.lazy import Msg
from puentes.namespaces import PSC
from puentes.paths import ontology_dir, project_root


@dataclass(frozen=True)
class Kind:
    """One kind of record: its file, its fields and the fields it must have.

    ``switch`` names the field that says which sort of record it is (``kind`` or ``type``);
    ``variants`` gives, per value of ``kind``, the further fields a record must have;
    ``specific`` gives, per field, the values of the switch for which the field means
    something (elsewhere the mapper would ignore it, so the check reports it).
    """

    name: str
    file: str
    fields: dict[str, str]
    required: tuple[str, ...] = ("id", "name", "sources")
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    switch: str = "kind"
    specific: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _only(values: tuple[str, ...], *fields: str) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(fields, values)


GLOBAL = ("target", "convention", "protocol", "outcome-document")
#: the kinds of record a coverage search may have found and entered (every kind but ledger)
FINDABLE = ("organization", "initiative", "commitment", "financing", "exchange", "corridor",
            "supply-chain", "event")


COMMON = {"id": "id", "name": "names", "acronym": "names", "description": "names",
          "name_sources": "name-sources", "translated": "list:lang",
          "sources": "sources", "notes": "text", "website": "url"}

KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("organization", "organizations.yaml", {
        **COMMON, "type": "concept:organization-type", "founded": "date",
        "headquarters": "country", "wikidata": "wikidata", "parent": "ref:organization",
        "secretariat": "ref:organization", "members": "members",
        "official_domains": "list:domain"},
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
        "supply_chains": "list:ref:supply-chain", "evaluated": "list:date",
        "covers_roles": "covers-roles", "steps": "steps"},
        required=("id", "name", "type", "sources"), switch="type",
        specific={**_only(("platform",), "platform_functions"),
                  **_only(("monitoring-mechanism",), "monitors", "reporting_cycle",
                          "peer_review")}),
    Kind("commitment", "commitments.yaml", {
        **COMMON, "kind": "text", "iri": "url", "adopted": "date", "adopted_at": "ref:event",
        "committed_by": "agent", "commits_to": "ref:commitment|initiative",
        "made_at": "ref:event", "made_in": "ref:initiative|commitment",
        "target_date": "date", "status": "concept:status", "country": "country",
        "instrument": "ref:commitment", "date": "date", "ratified": "bool",
        "steps": "steps"},
        required=("id", "kind", "sources"),
        variants={**dict.fromkeys(GLOBAL, ("name",)), "pledge": ("committed_by", "commits_to"),
                  "ratification": ("country", "instrument")},
        specific={**_only(GLOBAL, "iri", "adopted", "adopted_at", "steps"),
                  **_only(("pledge",), "committed_by", "commits_to", "made_at", "made_in",
                          "target_date", "status"),
                  **_only(("ratification",), "country", "instrument", "date", "ratified")}),
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
                  "evaluation": ("evaluates",)},
        specific={**_only(("knowledge-exchange",), "provider", "learner", "practice",
                          "adaptation", "part_of", "modality", "start", "end", "themes"),
                  **_only(("accountability",), "accountable", "to", "via", "form"),
                  **_only(("evaluation",), "evaluates", "date")}),
    Kind("corridor", "corridors.yaml", {
        **COMMON, "origin": "place", "destination": "place"},
        required=("id", "origin", "destination", "sources")),
    Kind("supply-chain", "supply-chains.yaml", {
        **COMMON, "commodity": "id", "commodity_name": "names",
        "producing": "list:country", "buying": "list:country",
        "producing_regions": "list:place", "buying_regions": "list:place"},
        required=("id", "commodity", "sources")),
    # a coverage-ledger record: one search of one scope (a body or an M49 region), what it
    # found and entered, and what was named but could not be sourced (issue 17)
    Kind("ledger", "ledger.yaml", {
        **COMMON, "scope": "scope", "searched": "searchdate",
        "found": "list:ref:" + "|".join(FINDABLE), "named_not_sourced": "mentions"},
        required=("id", "scope", "searched", "sources")),
    Kind("event", "events.yaml", {
        **COMMON, "type": "concept:event-type", "start": "datetime", "end": "datetime",
        "city": "text", "country": "country", "part_of": "ref:event",
        "themes": "list:concept:theme"},
        required=("id", "name", "sources")),
]}

MEMBER_FIELDS = {"country": "country", "from": "date", "to": "date",
                 "role": "concept:membership-role", "suspensions": "suspensions",
                 "sources": "source-refs", "notes": "text"}
#: a period in which a membership was suspended, with its source (``to`` absent: still is).
SUSPENSION_FIELDS = {"from": "date", "to": "date", "sources": "source-refs", "notes": "text"}
#: something a coverage search found named (in ``named_in``) but could not read a source for.
MENTION_FIELDS = {"name": "text", "named_in": "source-refs", "notes": "text"}
PARTICIPANT_FIELDS = {"agent": "agent", "role": "concept:role", "from": "date", "to": "date",
                      "membership_exception": "text", "sources": "source-refs",
                      "notes": "text"}
SOURCE_FIELDS = {"id": "text", "url": "url", "document": "text", "accessed": "fulldate",
                 "title": "text", "publisher": "text", "via": "text", "notes": "text"}
PRACTICE_FIELDS = {"id": "id", "name": "names", "description": "names",
                   "name_sources": "name-sources", "translated": "list:lang"}
#: a dated step in the life of an instrument (validation, launch, signature, entry into
#: force; adoption is ``adopted``/``adopted_at``), with its place: an event, or city/country.
STEP_FIELDS = {"step": "concept:instrument-step", "date": "datetime", "end": "datetime",
               "at": "ref:event", "city": "text", "country": "country",
               "sources": "source-refs", "notes": "text"}
#: a membership role beyond full membership that an instrument covers, with its source.
COVER_ROLE_FIELDS = {"role": "concept:membership-role", "sources": "source-refs",
                     "notes": "text"}

EXPECT = {
    "id": Msg("a slug: lower-case letters, digits and hyphens, e.g. ecowas-rap-2021-2030"),
    "names": Msg("a mapping of language code to text, e.g. {en: …, es: …}"),
    "lang": Msg("a language code of the name, e.g. es"),
    "name-sources": Msg("a mapping of language code to the ids of this record's sources that "
                    "give the name in that language, e.g. {fr: [s2]}"),
    "text": Msg("text"),
    "date": Msg("a date as YYYY-MM-DD, YYYY-MM or YYYY"),
    "datetime": Msg("a date as YYYY-MM-DD, YYYY-MM or YYYY, or a date and local time as "
                "YYYY-MM-DDTHH:MM (optionally with seconds and a UTC offset, +01:00)"),
    "domain": Msg("an internet domain name in lower case, e.g. ecowas.int"),
    "fulldate": Msg("the full date you read the source, as YYYY-MM-DD, not after today"),
    "searchdate": Msg("the full date the search was made, as YYYY-MM-DD, not after today"),
    "scope": Msg("the id of an organization or initiative record that exists, or an M49 region "
             "as m49-NNN (e.g. m49-017 Middle Africa, m49-001 the World)"),
    "year": Msg("a year as YYYY"),
    "decimal": Msg("a number without currency sign or thousands separators, e.g. 6800000"),
    "bool": Msg("true or false"),
    "url": Msg("a full web address starting with http:// or https://"),
    "currency": Msg("an ISO 4217 currency code of three capital letters, e.g. USD"),
    "wikidata": Msg("a Wikidata item id such as Q7159"),
    "country": Msg("an ISO 3166-1 alpha-3 country code in capitals, e.g. BRA"),
    "agent": Msg("an ISO 3166-1 alpha-3 country code or the id of an organisation"),
    "place": Msg("an ISO 3166-1 alpha-3 country code or an M49 region as m49-NNN"),
}


@lru_cache(maxsize=32)
def concept_slugs(scheme: str) -> frozenset[str]:
    """The concept slugs allowed for ``psc:<scheme>``.

    Read from ``ontology/schemes/<scheme>.ttl``; when that file is absent, from the list
    ``docs/model.md`` gives for the scheme. Empty when neither lists any: the check then
    accepts any slug.

    >>> sorted(concept_slugs("platform-function"))
    ['coordination', 'knowledge-exchange', 'mutual-accountability', 'prioritisation']
    """
    concepts = _scheme_concepts(scheme)
    return frozenset(concepts) if concepts is not None else documented_slugs(scheme)


@lru_cache(maxsize=32)
def concept_labels(scheme: str) -> dict[str, dict[str, str]]:
    """The ``skos:prefLabel`` of each concept of ``psc:<scheme>``: slug → language → label.

    >>> concept_labels("instrument-step")["entry-into-force"]["fr"]
    'entrée en vigueur'
    """
    return dict(_scheme_concepts(scheme) or {})


@lru_cache(maxsize=32)
def _scheme_concepts(scheme: str) -> dict[str, dict[str, str]] | None:
    """slug → language → ``skos:prefLabel`` of each concept of ``psc:<scheme>`` in its
    file (None without a file), read with Oxigraph's parser: the registry check and mapper
    ask for 13 schemes on every build, and rdflib's took ~0.4 s for them."""
    import pyoxigraph as ox

    from puentes.rdfio import parse_quads  # under the configured base (PUENTES_BASE)

    path = ontology_dir() / "schemes" / f"{scheme}.ttl"
    if not path.is_file():
        return None
    prefix, in_scheme = f"{PSC}{scheme}/", str(SKOS.inScheme)
    members: set[str] = set()
    labels: dict[str, dict[str, str]] = {}
    for q in parse_quads(path):
        s = q.subject.value if isinstance(q.subject, ox.NamedNode) else None
        if s is None or not s.startswith(prefix):
            continue
        if q.predicate.value == in_scheme and q.object == ox.NamedNode(str(PSC[scheme])):
            members.add(s)
        elif q.predicate.value == str(SKOS.prefLabel) and getattr(q.object, "language", None):
            labels.setdefault(s, {})[q.object.language] = q.object.value
    return {s[len(prefix):]: labels.get(s, {}) for s in members}


def documented_slugs(scheme: str, text: str | None = None) -> frozenset[str]:
    """The slugs ``docs/model.md`` lists for ``psc:<scheme>``, written either as
    ``psc:<scheme>/{a,b,c}`` or as ``concept in `psc:<scheme>` (`a`, `b`, …)``.

    >>> sorted(documented_slugs("sex", "`psc:sex/{total,female,male}`"))
    ['female', 'male', 'total']
    """
    if text is None:
        doc = project_root() / "docs" / "model.md"
        text = doc.read_text(encoding="utf-8") if doc.is_file() else ""
    name = re.escape(scheme)
    slugs: set[str] = set()
    for m in re.finditer(rf"psc:{name}/\{{([^}}]*)\}}", text):
        slugs.update(s.strip() for s in m.group(1).split(","))
    for m in re.finditer(rf"concept in\s+`psc:{name}`\s*\(([^)]*)\)", text):
        slugs.update(re.findall(r"`([a-z0-9-]+)`", m.group(1)))
    return frozenset(slugs)
