"""Search over the names of what the site describes, in es, en and fr: one index made from
the pages' graph index, answered by the live app (``/search.html?q=``) and written as
``search-index.json`` for the static site's page (``static/site/search.js`` reads it; no
server needed). Both match the same way: every word of the query, without case or accents,
in any of a resource's names (labels in the three languages, other names, codes).
"""

from __future__ import annotations

import json
import unicodedata

import pyoxigraph as ox

from puentes.i18n import LANGS
from puentes.web.pages import PU, QB_OBSERVATION, RDF_TYPE, GraphIndex, doc_path

SKOS = "http://www.w3.org/2004/02/skos/core#"
#: names that find a resource besides its labels (acronyms, codes)
NAMES = (SKOS + "altLabel", SKOS + "notation", PU + "iso3", PU + "iso2")
#: resources that are parts of others (a figure, a name's origin, a source document): found
#: through the page of what they belong to, not listed on their own
PARTS = {QB_OBSERVATION, PU + "NameOrigin", PU + "ProjectTranslation", PU + "SourceDocument",
         PU + "InstrumentStep"}
#: at most this many results on a page
LIMIT = 100


def fold(text: str) -> str:
    """Lower case without accents: what a query and a name are compared as.

    >>> fold("Côte d'Ivoire — CEDEAO")
    "cote d'ivoire — cedeao"
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(c))


def entries(idx: GraphIndex) -> list[dict]:
    """One entry per findable resource: its page path (English name), its label and class
    in each language, and every name it is found by (folded)."""
    out = []
    for iri in idx.resources():
        types = [o.value for p, o in idx.out[iri] if p == RDF_TYPE and isinstance(o, ox.NamedNode)]
        if not types or PARTS & set(types):
            continue
        names = {idx.label(iri, lang) for lang in LANGS}
        names |= set(idx.labels.get(iri, {}).values())
        names |= {o.value for p, o in idx.out[iri] if p in NAMES and isinstance(o, ox.Literal)}
        kind = next((t for t in types if t.startswith(PU)), types[0])
        out.append({"path": f"{doc_path(iri)}.html",
                    "label": {lang: idx.label(iri, lang) for lang in LANGS},
                    "kind": {lang: idx.label(kind, lang) for lang in LANGS},
                    "names": " | ".join(sorted(fold(n) for n in names))})
    return out


def search(index: list[dict], query: str, lang: str, limit: int = LIMIT) -> list[dict]:
    """The entries whose names hold every word of ``query``: those whose label in ``lang``
    starts with the query first, then by label."""
    words = fold(query).split()
    if not words:
        return []
    hits = [e for e in index if all(w in e["names"] for w in words)]
    q = fold(query.strip())
    hits.sort(key=lambda e: (not fold(e["label"][lang]).startswith(q), fold(e["label"][lang])))
    return hits[:limit]


def index_json(index: list[dict]) -> str:
    """The index as the static site's ``search-index.json`` (compact)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
