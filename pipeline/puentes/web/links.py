"""Where a page lives in each language, and the documents a resource has: one rule for the
live app (``puentes serve``) and the static site (``puentes publish``), which write the same
pages at the same paths.

A page's English text is at ``<name>.html`` (a resource IRI's 303 leads there); Spanish and
French at ``<name>.es.html`` and ``<name>.fr.html``. So the language is kept in every link of
a page, works from plain files on any web server, and ``?lang=es`` (the live app's, and the
static pages' small script) leads to the same files.
"""

from __future__ import annotations

import pyoxigraph as ox

from puentes.i18n import LANGS

DEFAULT_LANG = "en"

#: a resource's documents: extension → (media type, name people read, Oxigraph format or
#: None for the HTML page). The app, the static site and the page's links all read this.
FORMATS: dict[str, tuple[str, str, ox.RdfFormat | None]] = {
    ".html": ("text/html", "HTML", None),
    ".ttl": ("text/turtle", "Turtle", ox.RdfFormat.TURTLE),
    ".jsonld": ("application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD),
    ".nt": ("application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES),
}
#: the data documents (not the page)
DATA_FORMATS = {ext: fmt for ext, (_, _, fmt) in FORMATS.items() if fmt is not None}


def localized(path: str, lang: str) -> str:
    """The path of the page ``path`` (its English ``….html`` name) in ``lang``.

    >>> localized("id/country/GHA.html", "es"), localized("index.html", "en")
    ('id/country/GHA.es.html', 'index.html')
    >>> localized("query", "fr")
    'query?lang=fr'
    """
    if lang == DEFAULT_LANG or lang not in LANGS:
        return path
    if path.endswith(".html"):
        return f"{path[:-5]}.{lang}.html"
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def split_lang(name: str) -> tuple[str, str | None]:
    """``"GHA.es"`` → ``("GHA", "es")``; a name without a language suffix → ``(name, None)``.

    >>> split_lang("GHA.fr"), split_lang("GHA")
    (('GHA', 'fr'), ('GHA', None))
    """
    stem, _, suffix = name.rpartition(".")
    if stem and suffix in LANGS:
        return stem, suffix
    return name, None


def alternates(path: str, root: str) -> list[dict[str, str]]:
    """The page ``path`` in every language, for ``hreflang`` links and the language menu."""
    return [{"lang": x, "href": root + localized(path, x)} for x in LANGS]
