"""What the registry mapper writes for every kind of record: IRIs of record ids, country codes
and M49 regions; names with their origin (read in a source, or the project's translation);
labels made from templates in es, en and fr; sources, steps, periods, notes, concepts and
references; and where each node comes from in the registry files (:class:`GraphWriter`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from puentes.errors import NodeOrigin
from puentes.i18n import LANGS
from puentes.ingest.reference import m49_names, m49_regions
from puentes.ingest.registry.fields import STEP, Field
from puentes.ingest.registry.records import Record, Registry, date_text, datetime_text
from puentes.ingest.registry.schema import concept_labels
from puentes.ingest.translation import name_origin, project_translation
from puentes.ingest.weburl import web_iri
from puentes.model import load_model_graph
from puentes.namespaces import PU, SCHEMA, SDG, WD, concept, rid
from puentes.rdfio import mapping_graph

ISO3_LEN = 3

#: ``sdg-8-7`` → ``http://metadata.un.org/sdg/8.7`` (the UN's IRI for SDG target 8.7)
SDG_TARGET = re.compile(r"^sdg-(\d{1,2})-([0-9a-z])$")

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
    "coverage": {"es": "{b} abarcado por {a}: {period}", "en": "{b} covered by {a}: {period}",
                 "fr": "{b} couvert par {a}\u202f: {period}"},
    "coverage-suspended": {"es": "{b}, suspendido, nombrado por {a}: {period}",
                           "en": "{b}, suspended, named by {a}: {period}",
                           "fr": "{b}, suspendu, nommé par {a}\u202f: {period}"},
}

#: how a coverage period's bounds read in each language: an open end is "since" a day, an
#: open start "until" one — not "… – …", which a reader cannot tell from a gap in the data
PERIOD_WORDS = {
    "both": {"es": "del {a} al {b}", "en": "{a} to {b}", "fr": "du {a} au {b}"},
    "from": {"es": "desde el {a}", "en": "since {a}", "fr": "depuis le {a}"},
    "until": {"es": "hasta el {b}", "en": "until {b}", "fr": "jusqu'au {b}"},
    "none": {"es": "sin fechas", "en": "no dates", "fr": "sans dates"},
}


def period_words(start: object, end: object) -> dict[str, str]:
    """The bounds of a period as words in es, en and fr.

    >>> period_words("2010-01-01", None)["fr"], period_words(None, None)["en"]
    ('depuis le 2010-01-01', 'no dates')
    """
    kind = ("both" if start and end else "from" if start else "until" if end else "none")
    return {lang: text.format(a=start, b=end) for lang, text in PERIOD_WORDS[kind].items()}


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


class GraphWriter:
    """The graph being made from a checked :class:`Registry`, and the writing every kind of
    record shares (the kinds themselves:
    :class:`~puentes.ingest.registry.mapper.RegistryMapper`)."""

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
        """A short name of a country code (the code), an M49 region (its code and official
        name in ``lang``, from the UNSD tables: "M49 017 (África central)") or a record (its
        acronym in ``lang``, else in any language, else its name in ``lang``, English or
        any language, else its id) for generated labels: a label never shows a record's id when the
        record has a name."""
        if ident.startswith("m49-"):
            code = ident[4:]
            region = m49_regions().get(code)
            # the World tops every region chain but is no row's region: named from its own row
            name = region.name_in(lang) if region else m49_names().get(code, {}).get(
                lang) or m49_names().get(code, {}).get("en")
            if name:
                return f"M49 {code} ({name})"
        rec = self.reg.by_id.get(ident)
        acronyms = (rec.data.get("acronym") or {}) if rec else {}
        names = (rec.data.get("name") or {}) if rec else {}
        return (acronyms.get(lang) or next(iter(acronyms.values()), None)
                or (names.get(lang) or names.get("en")
                    or next(iter(names.values()), "") or "").strip() or ident)

    def made_label(self, node: URIRef, template: str, a, b=None,  # noqa: ANN001
                   role: URIRef | None = None, period: str | dict[str, str] = "") -> None:
        """A label in es, en and fr made from :data:`TEMPLATES` and the short names of
        ``a`` and ``b`` (ids, country codes, a list of them, or a name per language)."""
        if self._model is None:  # looked up once per run, not once per label (500 stats)
            self._model = load_model_graph()
        model = self._model
        for lang in LANGS:
            def name(x, lang=lang):  # noqa: ANN001, ANN202
                if isinstance(x, dict):  # a name per language
                    return x.get(lang) or x.get("en") or next(iter(x.values()))
                items = x if isinstance(x, list) else [x]
                return ", ".join(self.short(i, lang) for i in items)
            role_label = next((str(o) for o in model.objects(role, SKOS.prefLabel)
                               if o.language == lang), "") if role is not None else ""
            text = TEMPLATES[template][lang].format(a=name(a), b=name(b) if b else "",
                                                    role=role_label,
                                                    period=period.get(lang, "") if isinstance(
                                                        period, dict) else period)
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
            self.fields(sid, st, STEP)
            # a label in each language of the scheme, the step then the instrument's name:
            # "Entry into force: Worst Forms of Child Labour Convention, 1999 (No. 182)"
            names = concept_labels("instrument-step").get(st["step"], {})
            for lang, word in sorted({"en": st["step"].replace("-", " "), **names}.items()):
                colon = "\u202f: " if lang == "fr" else ": "
                text = f"{word[:1].upper()}{word[1:]}{colon}{self.short(rec.id, lang)}"
                self.add(sid, RDFS.label, Literal(text, lang=lang))
            self.note(sid, st)
            self.sources(sid, rec, st.get("sources"))

    def fields(self, node: URIRef, data: dict, table: Iterable[Field]) -> None:
        """Write the fields of ``table`` (:mod:`~puentes.ingest.registry.fields`) that
        ``data`` gives (or whose default stands for them): a missing, empty or ``None``
        value writes nothing; ``False`` and ``0`` are values."""
        for f in table:
            value = data.get(f.key, f.default)
            if value is None or (isinstance(value, str | list | dict) and not value):
                continue
            for v in value if isinstance(value, list) else [value]:
                obj = self.term(f.how, v)
                self.add(node, f.pred, obj)
                if f.inverse is not None:
                    self.add(obj, f.inverse, node)

    def term(self, how: str, value: object) -> Node:
        """One value of a field as an RDF term, written ``how`` (see
        :class:`~puentes.ingest.registry.fields.Field`)."""
        if how.startswith("concept:"):
            return concept(how.removeprefix("concept:"), str(value))
        writers: dict[str, Callable[[object], Node]] = {
            "ref": lambda v: self.iri(str(v)),
            "date": date_literal,
            "year": lambda v: Literal(str(v), datatype=XSD.gYear),
            "decimal": lambda v: Literal(Decimal(str(v)), datatype=XSD.decimal),
            "bool": lambda v: Literal(bool(v)),
            "text": lambda v: Literal(v),
            "en": lambda v: Literal(v, lang="en"),
            "wikidata": lambda v: WD[str(v)],
        }
        return writers[how](value)

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


    # -- kinds -------------------------------------------------------------------------
