"""One page per resource: HTML for people, Turtle and JSON-LD for machines.

Everything is rendered from one in-memory index of the graph (one query), so that tens of
thousands of pages take seconds, not one query per page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape

from puentes.i18n import pick
from puentes.namespaces import BASE, PREFIXES, curie
from puentes.namespaces import PU as PU_NS
from puentes.store import GraphStore
from puentes.web.links import localized
from puentes.web.messages import CORE_TERMS, term, translator

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel")
DESCRIPTIONS = ("http://purl.org/dc/terms/description",
                "http://www.w3.org/2004/02/skos/core#definition",
                "http://www.w3.org/2000/01/rdf-schema#comment")
SOURCE = "http://purl.org/dc/terms/source"
ORG = "http://www.w3.org/ns/org#"
QB_OBSERVATION = "http://purl.org/linked-data/cube#Observation"
DCT = "http://purl.org/dc/terms/"
SDO = "http://schema.org/"
PU = str(PU_NS)
SDMX = "http://purl.org/linked-data/sdmx/2009/"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment over the package's templates (HTML escaped)."""
    return Environment(loader=PackageLoader("puentes", "web/templates"),
                       autoescape=select_autoescape(["html"]))


def is_local(iri: str) -> bool:
    """True for resources the site publishes (under the base's id/ and scheme/)."""
    return iri.startswith((BASE + "id/", BASE + "scheme/"))


def doc_path(iri: str) -> str:
    """The site path (without extension) of a local resource: ``id/country/BRA``."""
    return iri[len(BASE):]


@dataclass
class GraphIndex:
    """The graph as dictionaries: outgoing and incoming edges, labels, types."""

    out: dict[str, list[tuple[str, ox.Term]]] = field(default_factory=lambda: defaultdict(list))
    inc: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def label(self, iri: str, lang: str) -> str:
        """The best label of ``iri`` in ``lang``: for a membership, a source and a statistical
        observation a label composed from their parts (the mapped labels are machine-like);
        else the label in ``lang``, then en, then any, then a short IRI."""
        composed = self._composed(iri, lang)
        if composed:
            return composed
        return self._stored(iri, lang) or self._fallback(iri, lang)

    def _stored(self, iri: str, lang: str) -> str | None:
        texts = self.labels.get(iri, {})
        # an outside vocabulary's term: the catalogue names it (its labels are English only)
        if not iri.startswith(BASE) and (lang not in texts or lang == "en"):
            named = term(texts.get("en") or CORE_TERMS.get(iri, ""), lang)
            if named:
                return named
        return pick(texts, lang)

    def _fallback(self, iri: str, lang: str) -> str:
        """A resource without a label: its class and its last path segment ("Participation
        aclawa--ecowas--partner"), never a raw IRI; an outside IRI as a short name."""
        if not is_local(iri):
            return curie(iri)
        types = [o.value for p, o in self.out.get(iri, []) if p == RDF_TYPE]
        slug = iri.rstrip("/").rsplit("/", 1)[-1]
        return f"{self.label(types[0], lang)} {slug}" if types else slug

    def _values(self, iri: str) -> dict[str, ox.Term]:
        return {p: o for p, o in self.out.get(iri, [])}

    def _composed(self, iri: str, lang: str) -> str | None:
        edges = self.out.get(iri)
        if not edges:
            return None
        types = {o.value for p, o in edges if p == RDF_TYPE and isinstance(o, ox.NamedNode)}
        v = self._values(iri)
        _ = translator(lang)
        name = lambda p: self.label(v[p].value, lang) if isinstance(  # noqa: E731
            v.get(p), ox.NamedNode) else (v[p].value if p in v else None)
        if ORG + "Membership" in types and ORG + "member" in v and ORG + "organization" in v:
            text = _("{member} in {body}", member=name(ORG + "member"),
                     body=name(ORG + "organization"))
            extra = [name(ORG + "role")] if ORG + "role" in v else []
            extra.append(_period(v.get(SDO + "startDate"), v.get(SDO + "endDate"), _))
            extra = [e for e in extra if e]
            return text + (f" ({', '.join(extra)})" if extra else "")
        if PU + "Participation" in types and PU + "agent" in v and PU + "initiative" in v:
            role = name(PU + "role") if PU + "role" in v else None
            return (_("{agent} ({role}) in {initiative}", agent=name(PU + "agent"), role=role,
                      initiative=name(PU + "initiative")) if role else
                    _("{agent} in {initiative}", agent=name(PU + "agent"),
                      initiative=name(PU + "initiative")))
        if QB_OBSERVATION in types and PU + "indicator" in v:
            area = name(SDMX + "dimension#refArea")
            period = name(SDMX + "dimension#refPeriod")
            value = v.get(SDMX + "measure#obsValue")
            unit_iri = v.get(SDMX + "attribute#unitMeasure")
            # a count needs no unit in words; a percentage or a rate does
            unit = None if unit_iri is None or unit_iri.value.endswith("/number") else name(
                SDMX + "attribute#unitMeasure")
            head = ", ".join(x for x in (name(PU + "indicator"), area, period) if x)
            return head + (f": {_number(value.value, lang)}" if value is not None else "") + (
                f" ({unit})" if unit and value is not None else "")
        if PU + "SourceDocument" in types:
            title = self._stored(iri, lang) or (v[DCT + "title"].value if DCT + "title" in v
                                                else None)
            if title is None and SDO + "url" in v:  # no title: the address, without scheme
                return v[SDO + "url"].value.split("://", 1)[-1]
            pub = name(DCT + "publisher")
            return f"{title} — {pub}" if title and pub and pub not in title else title
        return None

    def resources(self) -> list[str]:
        """Every local subject, sorted."""
        return sorted(s for s in self.out if is_local(s))


def _period(start: ox.Term | None, end: ox.Term | None, _) -> str | None:  # noqa: ANN001
    """A period in words: "1975–2010", "since 1975-05-28", "until 2010"."""
    if start is not None and end is not None:
        return f"{start.value}–{end.value}"
    if start is not None:
        return _("since {date}", date=start.value)
    if end is not None:
        return _("until {date}", date=end.value)
    return None


def _number(text: str, lang: str) -> str:
    """A decimal as people of ``lang`` write it (1,891,233 · 1.891.233 · 1 891 233)."""
    try:
        number = float(text)
    except ValueError:
        return text
    out = f"{number:,.0f}" if number == int(number) else f"{number:,.2f}".rstrip("0")
    if lang == "es":
        return out.replace(",", "_").replace(".", ",").replace("_", ".")
    if lang == "fr":
        return out.replace(",", "\u202f").replace(".", ",")
    return out


def build_index(store: GraphStore) -> GraphIndex:
    """Read the whole graph once into a :class:`GraphIndex`."""
    idx = GraphIndex()
    for row in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
        s, p, o = row["s"], row["p"].value, row["o"]
        if not isinstance(s, ox.NamedNode):
            continue
        idx.out[s.value].append((p, o))
        if isinstance(o, ox.NamedNode):
            idx.inc[o.value].append((p, s.value))
        elif p in LABELS and isinstance(o, ox.Literal):
            idx.labels[s.value].setdefault(o.language or "", o.value)
    for s in idx.out:
        idx.out[s] = sorted(set(idx.out[s]), key=lambda po: (po[0], str(po[1])))
    return idx


def href(iri: str, root: str, lang: str = "en") -> str:
    """The link to a resource's page in ``lang`` (relative to ``root``); outside IRIs as
    they are."""
    return root + localized(f"{doc_path(iri)}.html", lang) if is_local(iri) else iri


_href = href  # the pictures module's name for it


def describe(store: GraphStore, iri: str) -> list[ox.Triple]:
    """The concise bounded description of ``iri``: its triples, and those of the blank
    nodes it points to, recursively."""
    seen, todo, out = set(), [ox.NamedNode(iri)], []
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in store.store.quads_for_pattern(node, None, None, None):
            if isinstance(q.graph_name, ox.NamedNode) and "/_" in q.graph_name.value:
                continue  # staging and build-state graphs are not data
            out.append(ox.Triple(q.subject, q.predicate, q.object))
            if isinstance(q.object, ox.BlankNode):
                todo.append(q.object)
    return sorted(set(out), key=str)


def serialize(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Triples as Turtle (with the project prefixes), JSON-LD or N-Triples."""
    if fmt == ox.RdfFormat.JSON_LD:  # compact, with the published @context
        from puentes.web.publish.dumps import jsonld_bytes

        return jsonld_bytes(triples)
    kwargs = {"prefixes": PREFIXES} if fmt == ox.RdfFormat.TURTLE else {}
    return ox.serialize(triples, format=fmt, **kwargs) or b""

