"""Turn checked registry records into RDF, following docs/model.md."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from puentes.errors import NodeOrigin
from puentes.i18n import LANGS
from puentes.ingest.reference import m49_regions
from puentes.ingest.registry.check import Record, Registry, date_text, datetime_text
from puentes.ingest.registry.coverage import covered_countries
from puentes.ingest.registry.schema import concept_labels
from puentes.ingest.translation import name_origin, project_translation
from puentes.ingest.weburl import web_iri
from puentes.model import load_model_graph
from puentes.namespaces import ORG, PSC, PU, SCHEMA, SDG, WD, concept, rid
from puentes.rdfio import mapping_graph

ISO3_LEN = 3

#: ``sdg-8-7`` → ``http://metadata.un.org/sdg/8.7`` (the UN's IRI for SDG target 8.7)
SDG_TARGET = re.compile(r"^sdg-(\d{1,2})-([0-9a-z])$")

#: The languages generated labels are written in.
LABEL_LANGS = LANGS
#: Labels made from a record's fields, per language ({a}, {b}: short names of the things).
TEMPLATES = {
    "membership": {"es": "{a} — {role} — {b}", "en": "{a} — {role} — {b}",
                   "fr": "{a} — {role} — {b}"},
    "participation": {"es": "{a} — {role} — {b}", "en": "{a} — {role} — {b}",
                      "fr": "{a} — {role} — {b}"},
    "evaluation": {"es": "Evaluación de {a}", "en": "Evaluation of {a}",
                   "fr": "Évaluation de {a}"},
    "ratification": {"es": "Ratificación de {b} por {a}", "en": "{a} ratification of {b}",
                     "fr": "Ratification de {b} par {a}"},
    "pledge": {"es": "Compromiso de {a} con {b}", "en": "Commitment of {a} to {b}",
               "fr": "Engagement de {a} envers {b}"},
    "financing": {"es": "Financiación de {a} por {b}", "en": "Financing of {a} by {b}",
                  "fr": "Financement de {a} par {b}"},
    "knowledge-exchange": {"es": "Intercambio de conocimientos de {a} con {b}",
                           "en": "Knowledge exchange from {a} to {b}",
                           "fr": "Échange de connaissances de {a} avec {b}"},
    "accountability": {"es": "{a} rinde cuentas a {b}", "en": "{a} accountable to {b}",
                       "fr": "{a} redevable envers {b}"},
    # a body whose member States answer to one another (peer review), not "X accountable to X"
    # (no article before an acronym: "de la CEDEAO" but "de la UA" … the colon avoids it)
    "accountability-mutual": {"es": "Rendición de cuentas mutua entre Estados miembros: {a}",
                              "en": "Mutual accountability among member States: {a}",
                              "fr": "Redevabilité mutuelle entre États membres\u202f: {a}"},
    "corridor": {"es": "Corredor migratorio de {a} a {b}",
                 "en": "Migration corridor {a} to {b}",
                 "fr": "Corridor migratoire de {a} vers {b}"},
    "supply-chain": {"es": "Cadena de suministro: {a}", "en": "Supply chain of {a}",
                     "fr": "Chaîne d'approvisionnement : {a}"},
    "ledger": {"es": "Búsqueda de cobertura: {a}", "en": "Coverage search: {a}",
               "fr": "Recherche de couverture : {a}"},
    "mention": {"es": "Mencionado, sin fuente: {a}", "en": "Named, not sourced: {a}",
                "fr": "Mentionné, sans source : {a}"},
}

INITIATIVE_CLASS = {"platform": PU.Platform, "monitoring-mechanism": PU.MonitoringMechanism,
                    "fund": PU.Fund}


def date_literal(value: object) -> Literal:
    """A registry date as a typed literal at the precision given (a date with a time of
    day as ``xsd:dateTime``)."""
    text = datetime_text(value)
    assert text is not None  # checked before mapping
    if len(text) > 10:
        return Literal(text, datatype=XSD.dateTime)
    dtype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return Literal(text, datatype=dtype)


def source_iri(src: dict) -> URIRef:
    """``pid:source/<hash12>``: one node per document read on one date."""
    key = f"{src.get('url') or src.get('document')}|{date_text(src.get('accessed'))}"
    return rid("source", hashlib.sha1(key.encode()).hexdigest()[:12])


class RegistryMapper:
    """Maps every record of a checked :class:`Registry` into one graph."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.g = mapping_graph()  # a store that adds a triple in half the time
        self._model: Graph | None = None
        #: IRI → where in the registry files the node comes from: a failing cross-record
        #: check names the file, line, record and field a steward must fix (issue 18)
        self.origins: dict[str, NodeOrigin] = {}

    def at(self, node: URIRef, rec: Record, item: dict | None = None,
           fld: str | None = None) -> None:
        """Remember that ``node`` comes from ``rec`` (from the list ``item`` of field
        ``fld``, when given: a member, a participant …). The first origin of a node stays."""
        where = item if item is not None and hasattr(item, "key_lines") else rec.data
        self.origins.setdefault(str(node), NodeOrigin(
            str(rec.file), getattr(where, "line", None) or None, rec.id,
            fld if where is item else None,
            tuple(sorted(getattr(where, "key_lines", {}).items()))))

    # -- identifiers -------------------------------------------------------------------
    def iri(self, ident: str) -> URIRef:
        """The IRI of a record id or an ISO3 country code or an M49 region."""
        if len(ident) == ISO3_LEN and ident.isupper():
            return rid("country", ident)
        if ident.startswith("m49-"):
            return rid("region", ident)
        rec = self.reg.by_id[ident]
        kind, data = rec.kind.name, rec.data
        if kind == "commitment":
            if data.get("iri"):
                return web_iri(data["iri"])
            sdg = SDG_TARGET.match(ident)
            if sdg and data.get("kind") == "target":
                return SDG[f"{sdg[1]}.{sdg[2]}"]
            if data.get("kind") in ("convention", "protocol", "target"):
                return rid("instrument", ident)
            if data.get("kind") == "outcome-document":
                return rid("initiative", ident)
            return rid("commitment", ident)
        if kind == "exchange":
            return rid({"knowledge-exchange": "exchange", "accountability": "accountability",
                        "evaluation": "evaluation"}[data["kind"]], ident)
        return rid(kind, ident)

    # -- helpers -----------------------------------------------------------------------
    def add(self, s, p, o) -> None:  # noqa: ANN001
        self.g.add((s, p, o))

    def names(self, node: URIRef, names: dict | None, pred=RDFS.label) -> None:  # noqa: ANN001
        for lang, text in (names or {}).items():
            self.add(node, pred, Literal(text.strip(), lang=lang))

    def name_origins(self, node: URIRef, rec: Record, data: dict, key: str) -> None:
        """Where each name comes from: ``name_sources`` (read in that source: an official
        name) and ``translated`` (a translation by the project, attributed to it in PROV,
        never passed off as official). ``key`` makes the IRIs ``pid:name/<key>--<lang>``."""
        names = data.get("name") or {}
        for lang, refs in (data.get("name_sources") or {}).items():
            origin = name_origin(self.g, node, key, Literal(names[lang].strip(), lang=lang))
            self.sources(origin, rec, refs)
        for lang in data.get("translated") or []:
            project_translation(self.g, node, key, Literal(names[lang].strip(), lang=lang))

    def short(self, ident: str, lang: str) -> str:
        """A short name of a country code (the code) or a record (its acronym in ``lang``,
        else in any language, else its name in ``lang`` or English, else its id) for
        generated labels: a label never shows a record's id when the record has a name."""
        if ident.startswith("m49-") and ident[4:] in m49_regions():
            return f"M49 {ident[4:]} ({m49_regions()[ident[4:]].name})"
        rec = self.reg.by_id.get(ident)
        acronyms = (rec.data.get("acronym") or {}) if rec else {}
        names = (rec.data.get("name") or {}) if rec else {}
        return (acronyms.get(lang) or next(iter(acronyms.values()), None)
                or (names.get(lang) or names.get("en") or "").strip() or ident)

    def made_label(self, node: URIRef, template: str, a, b=None,  # noqa: ANN001
                   role: URIRef | None = None) -> None:
        """A label in es, en and fr made from :data:`TEMPLATES` and the short names of
        ``a`` and ``b`` (ids, country codes, a list of them, or a name per language)."""
        if self._model is None:  # looked up once per run, not once per label (500 stats)
            self._model = load_model_graph()
        model = self._model
        for lang in LABEL_LANGS:
            def name(x, lang=lang):  # noqa: ANN001, ANN202
                if isinstance(x, dict):  # a name per language
                    return x.get(lang) or x.get("en") or next(iter(x.values()))
                items = x if isinstance(x, list) else [x]
                return ", ".join(self.short(i, lang) for i in items)
            role_label = next((str(o) for o in model.objects(role, SKOS.prefLabel)
                               if o.language == lang), "") if role is not None else ""
            text = TEMPLATES[template][lang].format(a=name(a), b=name(b) if b else "",
                                                    role=role_label)
            self.add(node, RDFS.label, Literal(text, lang=lang))

    def sources(self, node: URIRef, rec: Record, refs: list | None = None) -> None:
        """Attach the record's sources (or those ``refs`` names) to ``node``."""
        for src in rec.data.get("sources") or []:
            if refs and src.get("id") not in refs:
                continue
            s = source_iri(src)
            self.add(node, DCTERMS.source, s)
            self.add(s, RDF.type, PU.SourceDocument)
            if src.get("url"):
                self.add(s, SCHEMA.url, Literal(src["url"], datatype=XSD.anyURI))
            if src.get("document"):
                self.add(s, DCTERMS.bibliographicCitation, Literal(src["document"]))
            self.add(s, PU.accessedOn, date_literal(src["accessed"]))
            if src.get("title"):
                self.add(s, DCTERMS.title, Literal(src["title"]))
                self.add(s, RDFS.label, Literal(src["title"]))
            if src.get("publisher"):
                self.add(s, DCTERMS.publisher, Literal(src["publisher"]))
            if src.get("via"):
                self.add(s, RDFS.comment, Literal(f"read via {src['via']}", lang="en"))
            self.note(s, src)

    def steps(self, node: URIRef, rec: Record) -> None:
        """The dated steps in the life of an instrument, the adoption (``adopted``,
        ``adopted_at``) among them: ``pid:step/<id>--<step>`` (``--2`` for a repeat)."""
        d = rec.data
        steps = list(d.get("steps") or [])
        if d.get("adopted") is not None or d.get("adopted_at"):
            steps.insert(0, {"step": "adoption", "date": d.get("adopted"),
                             "at": d.get("adopted_at")})
        counts: dict[str, int] = {}
        for st in steps:
            n = counts[st["step"]] = counts.get(st["step"], 0) + 1
            sid = rid("step", f"{rec.id}--{st['step']}" + (f"--{n}" if n > 1 else ""))
            self.at(sid, rec, st, "steps")
            self.add(sid, RDF.type, PU.InstrumentStep)
            self.add(sid, PU.stepOf, node)
            self.add(node, PU.hasStep, sid)
            self.add(sid, PU.stepType, concept("instrument-step", st["step"]))
            self.period(sid, st, "date", "end")
            if st.get("at"):
                self.add(sid, SCHEMA.superEvent, self.iri(st["at"]))
            if st.get("city"):
                self.add(sid, PU.city, Literal(st["city"]))
            if st.get("country"):
                self.add(sid, SCHEMA.location, self.iri(st["country"]))
            # a label in each language of the scheme, the step then the instrument's name:
            # "Entry into force: Worst Forms of Child Labour Convention, 1999 (No. 182)"
            names = concept_labels("instrument-step").get(st["step"], {})
            for lang, word in sorted({"en": st["step"].replace("-", " "), **names}.items()):
                colon = "\u202f: " if lang == "fr" else ": "
                text = f"{word[:1].upper()}{word[1:]}{colon}{self.short(rec.id, lang)}"
                self.add(sid, RDFS.label, Literal(text, lang=lang))
            self.note(sid, st)
            self.sources(sid, rec, st.get("sources"))

    def period(self, node: URIRef, data: dict, start: str = "start", end: str = "end") -> None:
        if data.get(start) is not None:
            self.add(node, SCHEMA.startDate, date_literal(data[start]))
        if data.get(end) is not None:
            self.add(node, SCHEMA.endDate, date_literal(data[end]))

    def common(self, node: URIRef, rec: Record) -> None:
        d = rec.data
        self.at(node, rec)
        self.names(node, d.get("name"))
        self.name_origins(node, rec, d, rec.id)
        self.names(node, d.get("acronym"), SKOS.altLabel)
        self.names(node, d.get("description"), DCTERMS.description)
        self.note(node, d)
        if d.get("website"):
            self.add(node, RDFS.seeAlso, web_iri(d["website"]))
        self.add(node, DCTERMS.identifier, Literal(rec.id))
        self.sources(node, rec)

    def note(self, node: URIRef, data: dict) -> None:
        """The steward's ``notes`` (what is missing or uncertain) as an editorial note."""
        if data.get("notes"):
            self.add(node, SKOS.editorialNote, Literal(data["notes"], lang="en"))

    def label(self, node: URIRef, rec: Record, template: str, a, b=None) -> None:  # noqa: ANN001
        """For a record without a name: a label in es, en and fr made from its fields."""
        if not rec.data.get("name"):
            self.made_label(node, template, a, b)

    def concepts(self, node: URIRef, pred: URIRef, scheme: str, values) -> None:  # noqa: ANN001
        for v in values if isinstance(values, list) else [values]:
            self.add(node, pred, concept(scheme, v))

    def refs(self, node: URIRef, pred: URIRef, values) -> None:  # noqa: ANN001
        for v in values if isinstance(values, list) else [values]:
            self.add(node, pred, self.iri(v))

    # -- kinds -------------------------------------------------------------------------
    def organization(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, ORG.Organization)
        if d["type"] == "regional-body":
            self.add(node, RDF.type, PU.RegionalBody)
            self.add(node, RDF.type, ORG.FormalOrganization)
        self.add(node, PU.organizationType, concept("organization-type", d["type"]))
        self.common(node, rec)
        if d.get("founded") is not None:
            self.add(node, SCHEMA.foundingDate, date_literal(d["founded"]))
        if d.get("headquarters"):
            self.add(node, SCHEMA.location, self.iri(d["headquarters"]))
        if d.get("wikidata"):
            self.add(node, OWL.sameAs, WD[d["wikidata"]])
        if d.get("parent"):
            self.add(node, ORG.subOrganizationOf, self.iri(d["parent"]))
            self.add(self.iri(d["parent"]), ORG.hasSubOrganization, node)
        if d.get("secretariat"):
            self.add(node, PU.secretariat, self.iri(d["secretariat"]))
        for domain in d.get("official_domains") or []:
            self.add(node, PU.officialDomain, Literal(domain))
        counts: dict[str, int] = {}
        for m in d.get("members") or []:
            n = counts[m["country"]] = counts.get(m["country"], 0) + 1
            mid = rid("membership", f"{rec.id}--{m['country']}" + (f"--{n}" if n > 1 else ""))
            self.at(mid, rec, m, "members")
            self.add(mid, RDF.type, ORG.Membership)
            self.add(mid, ORG.member, self.iri(m["country"]))
            self.add(mid, ORG.organization, node)
            self.add(mid, ORG.role, concept("membership-role", m.get("role", "member")))
            self.period(mid, m, "from", "to")
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
        self.period(node, sus, "from", "to")
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
        simple = {"modality": (PU.modality, "modality"), "scope": (PU.scope, "scope"),
                  "status": (PU.status, "status"), "themes": (PU.theme, "theme"),
                  "platform_functions": (PU.platformFunction, "platform-function"),
                  "reporting_cycle": (PU.reportingCycle, "reporting-cycle")}
        for key, (pred, scheme) in simple.items():
            if d.get(key):
                self.concepts(node, pred, scheme, d[key])
        refs = {"instrument_of": PU.instrumentOf, "adopted_at": PU.adoptedAt,
                "replaces": DCTERMS.replaces, "implements": PU.implements,
                "contributes_to": PU.contributesTo, "aligned_with": PU.alignedWith,
                "monitors": PU.monitors, "presented_at": PU.presentedAt,
                "corridors": PU.addressesCorridor, "supply_chains": PU.addressesSupplyChain,
                "covers": PU.coversCountry}
        for key, pred in refs.items():
            if d.get(key):
                self.refs(node, pred, d[key])
        self.period(node, d)
        if d.get("adopted") is not None:
            self.add(node, PU.adoptionDate, date_literal(d["adopted"]))
        if d.get("peer_review") is not None:
            self.add(node, PU.hasPeerReview, Literal(bool(d["peer_review"])))
        if d.get("covers_members_of"):
            body = self.reg.by_id[d["covers_members_of"]]
            extra = [c["role"] for c in d.get("covers_roles") or []]
            for code in covered_countries(d, body.data.get("members") or [], extra):
                self.add(node, PU.coversCountry, self.iri(code))
            for role in extra:
                self.add(node, PU.coversMembershipRole, concept("membership-role", role))
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
            self.add(pid_, PU.agent, self.iri(p["agent"]))
            self.add(pid_, PU.role, concept("role", p["role"]))
            self.period(pid_, p, "from", "to")
            if p.get("membership_exception"):
                self.add(pid_, PU.membershipException, Literal(p["membership_exception"]))
            self.note(pid_, p)
            self.made_label(pid_, "participation", p["agent"], rec.id,
                            role=concept("role", p["role"]))
            self.sources(pid_, rec, p.get("sources"))

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
            if d.get("adopted") is not None:
                self.add(node, PU.adoptionDate, date_literal(d["adopted"]))
            if d.get("adopted_at"):
                self.add(node, PU.adoptedAt, self.iri(d["adopted_at"]))
            self.steps(node, rec)
            return
        self.add(node, RDF.type, PU.Commitment)
        self.common(node, rec)
        if kind == "ratification":
            self.add(node, RDF.type, PU.Ratification)
            self.add(node, PU.committedBy, self.iri(d["country"]))
            self.add(node, PU.commitsTo, self.iri(d["instrument"]))
            self.add(node, PU.ratified, Literal(bool(d.get("ratified", True))))
            if d.get("date") is not None:
                self.add(node, PU.ratificationDate, date_literal(d["date"]))
            self.label(node, rec, "ratification", d["country"], d["instrument"])
            return
        self.add(node, PU.committedBy, self.iri(d["committed_by"]))
        self.add(node, PU.commitsTo, self.iri(d["commits_to"]))
        for key, pred in (("made_at", PU.madeAt), ("made_in", PU.madeIn)):
            if d.get(key):
                self.add(node, pred, self.iri(d[key]))
        if d.get("target_date") is not None:
            self.add(node, PU.targetDate, date_literal(d["target_date"]))
        if d.get("status"):
            self.add(node, PU.status, concept("status", d["status"]))
        self.label(node, rec, "pledge", d["committed_by"], d["commits_to"])

    def financing(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, PU.Financing)
        self.common(node, rec)
        self.label(node, rec, "financing", d["finances"], d["funder"])
        self.add(node, SCHEMA.funder, self.iri(d["funder"]))
        self.add(node, PU.finances, self.iri(d["finances"]))
        self.concepts(node, PU.financingModel, "financing-model", d["model"])
        if d.get("amount") is not None:
            self.add(node, PU.amount, Literal(Decimal(str(d["amount"])), datatype=XSD.decimal))
        if d.get("currency"):
            self.add(node, PU.currency, Literal(d["currency"]))
        if d.get("year") is not None:
            self.add(node, PU.amountYear, Literal(str(d["year"]), datatype=XSD.gYear))
        self.period(node, d)

    def exchange(self, rec: Record) -> None:
        d, node, kind = rec.data, self.iri(rec.id), rec.data["kind"]
        if kind == "knowledge-exchange":
            self.add(node, RDF.type, PU.KnowledgeExchange)
            learners = d["learner"] if isinstance(d["learner"], list) else [d["learner"]]
            self.label(node, rec, "knowledge-exchange", d["provider"], learners)
            self.add(node, PU.provider, self.iri(d["provider"]))
            self.refs(node, PU.learner, d["learner"])
            if d.get("practice"):
                pr = rid("practice", d["practice"]["id"])
                self.at(pr, rec, d["practice"], "practice")
                self.add(pr, RDF.type, PU.Practice)
                self.names(pr, d["practice"].get("name"))
                self.name_origins(pr, rec, d["practice"], f"practice-{d['practice']['id']}")
                self.names(pr, d["practice"].get("description"), DCTERMS.description)
                self.add(node, PU.practice, pr)
            if d.get("adaptation"):
                self.add(node, PU.adaptation, Literal(d["adaptation"], lang="en"))
            if d.get("part_of"):
                self.add(node, PU.partOf, self.iri(d["part_of"]))
            if d.get("modality"):
                self.concepts(node, PU.modality, "modality", d["modality"])
            if d.get("themes"):
                self.concepts(node, PU.theme, "theme", d["themes"])
            self.period(node, d)
        elif kind == "accountability":
            self.add(node, RDF.type, PU.AccountabilityRelation)
            if d["accountable"] == d["to"]:
                self.label(node, rec, "accountability-mutual", d["accountable"])
            else:
                self.label(node, rec, "accountability", d["accountable"], d["to"])
            self.add(node, PU.accountableParty, self.iri(d["accountable"]))
            self.add(node, PU.accountableTo, self.iri(d["to"]))
            if d.get("via"):
                self.add(node, PU.viaMechanism, self.iri(d["via"]))
            self.add(node, PU.accountabilityForm, concept("accountability-form", d["form"]))
        else:
            self.add(node, RDF.type, PU.Evaluation)
            self.label(node, rec, "evaluation", d["evaluates"])
            self.add(node, PU.evaluates, self.iri(d["evaluates"]))
            if d.get("date") is not None:
                self.add(node, SCHEMA.endDate, date_literal(d["date"]))
        self.common(node, rec)

    def corridor(self, rec: Record) -> None:
        d, node = rec.data, self.iri(rec.id)
        self.add(node, RDF.type, PU.MigrationCorridor)
        self.label(node, rec, "corridor", d["origin"], d["destination"])
        self.common(node, rec)
        self.add(node, PU.origin, self.iri(d["origin"]))
        self.add(node, PU.destination, self.iri(d["destination"]))

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
        for key, pred in (("producing", PU.producingCountry), ("buying", PU.buyingCountry),
                          ("producing_regions", PU.producingRegion),
                          ("buying_regions", PU.buyingRegion)):
            if d.get(key):
                self.refs(node, pred, d[key])

    def ledger(self, rec: Record) -> None:
        """A coverage-ledger record (issue 17): which scope was searched, on which date,
        where (its sources), what was found and entered, and what was named somewhere but
        could not be sourced (``pid:mention/<id>--<n>``, citing where it was named)."""
        d, node = rec.data, rid("ledger", rec.id)
        self.add(node, RDF.type, PU.CoverageSearch)
        self.label(node, rec, "ledger", d["scope"])
        self.common(node, rec)
        self.add(node, PU.searchScope, self.iri(d["scope"]))
        self.add(node, PU.searchedOn, date_literal(d["searched"]))
        if d.get("found"):
            self.refs(node, PU.found, d["found"])
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
        if d.get("type"):
            self.add(node, PU.eventType, concept("event-type", d["type"]))
        self.period(node, d)
        if d.get("city"):
            self.add(node, PU.city, Literal(d["city"]))
        if d.get("country"):
            self.add(node, SCHEMA.location, self.iri(d["country"]))
        if d.get("part_of"):
            self.add(node, SCHEMA.superEvent, self.iri(d["part_of"]))
        if d.get("themes"):
            self.concepts(node, PU.theme, "theme", d["themes"])

    def run(self) -> Graph:
        """Map every record."""
        for rec in self.reg.records:
            getattr(self, rec.kind.name.replace("-", "_"))(rec)
        return self.g


def map_registry(reg: Registry) -> Graph:
    """The RDF graph of a checked registry."""
    return RegistryMapper(reg).run()


def map_registry_with_origins(reg: Registry) -> tuple[Graph, dict[str, NodeOrigin]]:
    """The RDF graph of a checked registry, and where each of its nodes comes from (IRI →
    :class:`~puentes.errors.NodeOrigin`)."""
    mapper = RegistryMapper(reg)
    return mapper.run(), mapper.origins
