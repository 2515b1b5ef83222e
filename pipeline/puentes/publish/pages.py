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

from ..i18n import pick
from ..namespaces import BASE, PREFIXES, curie
from ..store import GraphStore

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel")
DESCRIPTIONS = ("http://purl.org/dc/terms/description",
                "http://www.w3.org/2004/02/skos/core#definition",
                "http://www.w3.org/2000/01/rdf-schema#comment")
SOURCE = "http://purl.org/dc/terms/source"
TEXT = {
    "en": {"browse": "Browse", "questions": "Questions", "ontology": "Ontology",
           "incoming": "Referred to by", "sources": "Sources", "accessed": "read on",
           "more": "more", "footer": "puentes — linked open data on cooperation against "
           "child labour. Every statement cites its source."},
    "es": {"browse": "Explorar", "questions": "Preguntas", "ontology": "Ontología",
           "incoming": "Mencionado por", "sources": "Fuentes", "accessed": "consultada el",
           "more": "más", "footer": "puentes — datos abiertos enlazados sobre la cooperación "
           "contra el trabajo infantil. Cada afirmación cita su fuente."},
    "fr": {"browse": "Parcourir", "questions": "Questions", "ontology": "Ontologie",
           "incoming": "Cité par", "sources": "Sources", "accessed": "consultée le",
           "more": "de plus", "footer": "puentes — données ouvertes liées sur la coopération "
           "contre le travail des enfants. Chaque énoncé cite sa source."},
}
MAX_INCOMING = 200


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment over the package's templates (HTML escaped)."""
    return Environment(loader=PackageLoader("puentes", "templates"),
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
        """The best label of ``iri`` in ``lang`` (then en, then any, then a short IRI)."""
        return pick(self.labels.get(iri, {}), lang) or curie(iri)

    def resources(self) -> list[str]:
        """Every local subject, sorted."""
        return sorted(s for s in self.out if is_local(s))


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


def _href(iri: str, root: str) -> str:
    return f"{root}{doc_path(iri)}.html" if is_local(iri) else iri


def render_html(idx: GraphIndex, iri: str, lang: str = "en", root: str | None = None,
                languages: bool = False) -> str:
    """The HTML page of one resource (root: relative path to the site root); with
    ``languages``, links to the same page in es, en and fr (``?lang=``, for ``serve``)."""
    depth = doc_path(iri).count("/")
    root = root if root is not None else "../" * depth
    rows, types, description, sources = defaultdict(list), [], None, []
    for p, o in idx.out.get(iri, []):
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            types.append({"label": idx.label(o.value, lang), "href": _href(o.value, root)})
            continue
        if p in DESCRIPTIONS and isinstance(o, ox.Literal) and (o.language in (lang, None, "")
                                                                 or description is None):
            description = o.value if (o.language == lang or description is None) else description
        if p == SOURCE and isinstance(o, ox.NamedNode):
            src = dict(idx.out.get(o.value, []))
            url = src.get("http://schema.org/url")
            sources.append({"text": idx.label(o.value, lang) if o.value in idx.labels
                            else (url.value if url else curie(o.value)),
                            "url": url.value if url else _href(o.value, root),
                            "accessed": src.get(
                                "https://w3id.org/puentes/ontology#accessedOn").value
                            if "https://w3id.org/puentes/ontology#accessedOn" in src else None})
        if isinstance(o, ox.NamedNode):
            rows[p].append({"text": idx.label(o.value, lang), "href": _href(o.value, root)})
        else:
            rows[p].append({"text": o.value, "lang": getattr(o, "language", None)})
    incoming = defaultdict(list)
    for p, s in idx.inc.get(iri, []):
        incoming[p].append(s)
    t = TEXT.get(lang, TEXT["en"])
    return environment().get_template("resource.html").render(
        lang=lang, t=t, root=root, iri=iri, doc=doc_path(iri).rsplit("/", 1)[-1],
        title=idx.label(iri, lang), types=types, description=description,
        rows=[{"iri": p, "label": idx.label(p, lang), "vals": v}
              for p, v in sorted(rows.items(), key=lambda kv: idx.label(kv[0], lang))],
        incoming=[{"iri": p, "label": idx.label(p, lang), "more": max(0, len(s) - MAX_INCOMING),
                   "vals": [{"text": idx.label(x, lang), "href": _href(x, root)}
                              for x in sorted(s)[:MAX_INCOMING]]}
                  for p, s in sorted(incoming.items())],
        sources=sources, languages=[x for x in ("es", "en", "fr") if x != lang]
        if languages else [])


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
    kwargs = {"prefixes": PREFIXES} if fmt == ox.RdfFormat.TURTLE else {}
    return ox.serialize(triples, format=fmt, **kwargs) or b""

