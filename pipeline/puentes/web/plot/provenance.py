"""Where a picture's rows come from, read from the graph: the data sets' PROV/DCAT records
(``dcterms:title``, ``dcterms:publisher``, ``dcterms:issued`` or ``pu:accessedOn``) and the
documents records cite (``dcterms:source``), never a string written in the code.

A picture names its sources from these records, so a map whose rows come from the U.S. DOL
findings says so, and says that countries the findings do not describe are not covered by
this source (not "not ratified").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from puentes.query import run_text

#: which records a row's IRIs come from: the data set of an observation, the source a record
#: cites, and the data set whose build produced the named graph holding the record
_FIND = """SELECT DISTINCT ?src WHERE {
  VALUES ?s { %s }
  { ?s qb:dataSet ?src } UNION { ?s dcterms:source ?src }
  UNION { GRAPH ?g { ?s ?p ?o } ?g prov:wasGeneratedBy ?run . ?run prov:used ?src .
          ?src dcterms:publisher ?anyPublisher }
}"""
_DESCRIBE = """SELECT ?src ?title ?label ?publisher ?issued ?accessed ?dataset WHERE {
  VALUES ?src { %s }
  OPTIONAL { ?src dcterms:title ?title }
  OPTIONAL { ?src rdfs:label ?label }
  OPTIONAL { ?src dcterms:publisher ?publisher }
  OPTIONAL { ?src dcterms:issued ?issued }
  OPTIONAL { ?src pu:accessedOn ?accessed }
  # a data set (the build's PROV record types it prov:Entity), not a document a record cites
  BIND(EXISTS { { ?src a qb:DataSet } UNION { ?src a dcat:Dataset } UNION { ?src a prov:Entity } }
       && NOT EXISTS { ?src a pu:SourceDocument } AS ?dataset)
}"""


@dataclass(frozen=True)
class Source:
    """A data set or a document a picture's rows come from, as the graph describes it."""

    iri: str
    title: str
    publisher: str = ""
    issued: str = ""
    accessed: str = ""
    dataset: bool = False

    def text(self, _: Callable[..., str]) -> str:
        """``title (publisher, issued D | read on D)`` in the words of a language (``_``:
        its translator, :func:`puentes.web.messages.translator`)."""
        extra = [x for x in (self.publisher,
                             f"{_('issued')} {self.issued}" if self.issued else "",
                             f"{_('read on')} {self.accessed}"
                             if self.accessed and not self.issued else "") if x]
        return self.title + (f" ({', '.join(extra)})" if extra else "")


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in sorted(set(iris)) if i and ">" not in i)


def describe(iris: Iterable[str], lang: str, *, store: object | None = None,
             endpoint: str | None = None) -> list[Source]:
    """The records of the given data sets or documents: title in ``lang`` (else English,
    else any, else the label, else the IRI), publisher and dates. Data sets first."""
    values = _values(iris)
    if not values:
        return []
    res = run_text(_DESCRIBE % values, store=store, endpoint=endpoint)  # type: ignore[arg-type]
    found: dict[str, dict] = {}
    for r in res.rows:
        iri = r["src"].value
        d = found.setdefault(iri, {"titles": {}, "label": "", "publisher": "", "issued": "",
                                   "accessed": "", "dataset": False})
        for key in ("title", "label"):
            term = r.get(key)
            if term is not None:
                tag = getattr(term, "language", None) or ""
                if key == "title":
                    d["titles"].setdefault(tag, term.value)
                elif not d["label"] or tag == lang:
                    d["label"] = term.value
        for key in ("publisher", "issued", "accessed"):
            if r.get(key) is not None and not d[key]:
                d[key] = r[key].value
        d["dataset"] = d["dataset"] or (r.get("dataset") is not None
                                        and r["dataset"].value == "true")
    out = []
    for iri, d in found.items():
        titles = d["titles"]
        title = (titles.get(lang) or titles.get("en") or next(iter(titles.values()), "")
                 or d["label"] or iri.rsplit("/", 1)[-1])
        out.append(Source(iri, title, d["publisher"], d["issued"][:10], d["accessed"][:10],
                          d["dataset"]))
    return sorted(out, key=lambda s: (not s.dataset, s.title, s.iri))


def sources_of(subjects: Iterable[str], lang: str, *, store: object | None = None,
               endpoint: str | None = None) -> list[Source]:
    """The data sets and documents the records ``subjects`` come from (see module doc)."""
    values = _values(subjects)
    if not values:
        return []
    res = run_text(_FIND % values, store=store, endpoint=endpoint)  # type: ignore[arg-type]
    return describe([r["src"].value for r in res.rows if r["src"] is not None], lang,
                    store=store, endpoint=endpoint)


def source_text(sources: list[Source], _: Callable[..., str], most: int = 3) -> str:
    """The sources as one phrase: the data sets named in full, then the documents (the first
    few by title, the rest counted); ``_`` translates the words."""
    sets = [s.text(_) for s in sources if s.dataset]
    docs = [s for s in sources if not s.dataset]
    parts = list(sets)
    if docs and not sets:
        parts += [s.text(_) for s in docs[:most]]
        if len(docs) > most:
            parts.append(_("and {n} more documents", n=len(docs) - most))
    elif docs:
        parts.append(_("1 document cited") if len(docs) == 1
                     else _("{n} documents cited", n=len(docs)))
    return "; ".join(parts)
