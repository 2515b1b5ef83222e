"""The web's words: every heading, button, row name, class badge, picture legend, release
note and feed entry a person reads, in es, en and fr — the ``web`` domain of the one message
catalogue (:func:`puentes.i18n.messages.translations`, gettext ``.po`` files read with Babel
in ``pipeline/puentes/locale/<lang>/LC_MESSAGES/web.po``, the files translators edit with any
PO editor). This module is the web's thin adapter to it: a page's ``_``, a term's name.

Two contexts: UI strings (no context; the English text is the message id) and the names of
the outside vocabularies' terms (context ``term``; the id is the term's English
``rdfs:label`` in ``ontology/imports/``, which carries English only). A test
(``tests/test_web_messages.py``) fails when a string used by a template or a module has no
translation in one of the languages; ``scripts/messages.py`` extracts them.

>>> _ = translator("fr")
>>> _("Sources")
'Sources'
>>> translator("es")("Members over time")
'Miembros a lo largo del tiempo'
>>> term("founding date", "es")
'fecha de fundación'
"""

from __future__ import annotations

from collections.abc import Callable

from puentes.i18n import LANGS
from puentes.i18n.messages import N_, held, translations

__all__ = ["CORE_TERMS", "DOMAIN", "N_", "gettext", "messages_json", "pgettext", "term",
           "translator"]

#: the web's domain of the catalogue
DOMAIN = "web"
#: the catalogue's language when a page asks for none (and the language of the IRIs' pages)
DEFAULT = "en"
#: terms of the core vocabularies that carry no label in the imports: IRI → catalogue id
CORE_TERMS = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2000/01/rdf-schema#comment": "comment",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "see also",
    "http://www.w3.org/2002/07/owl#sameAs": "same as",
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy": "defined by",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#value": "rdf value",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf": "subclass of",
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf": "subproperty of",
    "http://www.w3.org/2000/01/rdf-schema#domain": "domain",
    "http://www.w3.org/2000/01/rdf-schema#range": "range",
    "http://www.w3.org/2002/07/owl#versionInfo": "version",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type",
}


def _lang(lang: str) -> str:
    return lang if lang in LANGS else DEFAULT


def gettext(text: str, lang: str) -> str:
    """``text`` (an English UI string) in ``lang``; the English text itself when missing
    (the test keeps none missing)."""
    return translations(_lang(lang), DOMAIN).gettext(text)


def translator(lang: str) -> Callable[..., str]:
    """The ``_`` of a page in ``lang``: ``_("Members")``; ``_("{n} rows", n=3)`` fills
    the placeholders after translating."""
    look_up = translations(_lang(lang), DOMAIN).gettext

    def _(text: str, **values: object) -> str:
        out = look_up(text)
        return out.format(**values) if values else out

    return _


def pgettext(context: str, text: str, lang: str) -> str:
    """``text`` in ``lang`` as meant in ``context`` (one English word, two translations: a
    source "read on" a day is « consultada » in Spanish, a data set « leído »)."""
    return translations(_lang(lang), DOMAIN).pgettext(context, text)


def term(english: str, lang: str) -> str | None:
    """The name of an outside vocabulary's term in ``lang`` from its English label (or a
    :data:`CORE_TERMS` id); None when the catalogue does not hold it."""
    lang = _lang(lang)
    if ("term", english) not in held(lang, DOMAIN):
        return None
    return translations(lang, DOMAIN).pgettext("term", english)


def messages_json(lang: str, ids: list[str]) -> dict[str, str]:
    """Some UI strings in ``lang`` for a page's script (embedded as JSON)."""
    return {i: gettext(i, lang) for i in ids}
