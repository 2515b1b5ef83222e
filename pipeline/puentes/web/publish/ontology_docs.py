"""The ontology documentation (pyLODE), one readable page per language.

pyLODE prints every label and definition a term has, so a trilingual ontology came out as
"paíscountrypays". Each page is rendered from a copy of the ontology that keeps, for every
term and property, only the texts in that language (English where a text is missing in it).
Every file of ``ontology/*.ttl`` is documented — the terms of ``usdol-terms.ttl`` and
``statistics.ttl`` belong to the one ontology ``https://w3id.org/puentes/ontology``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from puentes.i18n import LANGS
from puentes.namespaces import bind_prefixes
from puentes.paths import ontology_dir
from puentes.rdfio import parse_file

LANGUAGES = LANGS


def language_name(code: str) -> str:
    """A language's name in itself, from the CLDR data Babel ships: "Español", "Français".

    >>> [language_name(x) for x in ("es", "en", "fr")]
    ['Español', 'English', 'Français']
    """
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def ontology_files() -> list[Path]:
    """The ontology's own files (not the schemes, not the imported vocabularies)."""
    return sorted(ontology_dir().glob("*.ttl"))


def ontology_graph() -> Graph:
    """Every own ontology file in one graph, with one ontology header."""
    g = Graph()
    bind_prefixes(g)
    for path in ontology_files():
        g += parse_file(path)  # read under the configured base (PUENTES_BASE)
    headers = sorted(g.subjects(RDF.type, OWL.Ontology), key=str)
    if not headers:
        raise ValueError(f"no owl:Ontology header in {', '.join(map(str, ontology_files()))}")
    return g


def in_language(g: Graph, lang: str) -> Graph:
    """A copy of ``g`` where each (subject, property) keeps only its texts in ``lang`` — or,
    when it has none in ``lang``, its English ones, or else all of them."""
    by_key: dict[tuple, list] = defaultdict(list)
    # only the prefixes in use: pyLODE walks the namespace table once per term
    out = Graph(bind_namespaces="none")
    used = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    for prefix, ns in g.namespaces():
        if any(u.startswith(str(ns)) for u in used):
            out.bind(prefix, ns, override=True)
    for s, p, o in g:
        if isinstance(o, Literal) and o.language:
            by_key[(s, p)].append(o)
        else:
            out.add((s, p, o))
    for (s, p), texts in by_key.items():
        chosen = ([t for t in texts if t.language == lang]
                  or [t for t in texts if t.language == "en"] or texts)
        for t in chosen:
            out.add((s, p, t))
    return out


def render(lang: str) -> str:
    """The pyLODE page of the ontology in ``lang``, with links to the other languages
    (rendered once per process while the ontology files are unchanged)."""
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in ontology_files())
    return _render(lang, stamp)


@lru_cache(maxsize=6)
def _render(lang: str, stamp: tuple) -> str:
    from pylode import OntPub

    # pyLODE switches the root logger to DEBUG when imported; keep our output quiet
    logging.getLogger().setLevel(logging.WARNING)
    html = OntPub(ontology=in_language(ontology_graph(), lang)).make_html(include_css=True)
    switch = " · ".join(
        f'<a href="{code}.html" hreflang="{code}" lang="{code}">{language_name(code)}</a>'
        if code != lang else f"<strong>{language_name(code)}</strong>" for code in LANGUAGES)
    nav = (f'<nav class="languages" style="padding:.5rem 1rem;background:#0b4f6c;color:#fff">'
           f'<a href="../index.html" style="color:#fff">puentes</a> · {switch}</nav>')
    nav = nav.replace('<a href="', '<a style="color:#fff" href="')
    html = html.replace("<html>", f'<html lang="{lang}">', 1).replace(
        "<head>", '<head>\n<link rel="icon" href="data:,">', 1)
    return html.replace("<body>", "<body>\n" + nav, 1)


def write(folder: Path, site_lang: str = "en") -> list[Path]:
    """Write ``en.html``, ``es.html``, ``fr.html`` and ``index.html`` (the site's language)
    into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for lang in LANGUAGES:
        html = render(lang)
        path = folder / f"{lang}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
        if lang == site_lang:
            (folder / "index.html").write_text(html, encoding="utf-8")
            paths.append(folder / "index.html")
    return paths
