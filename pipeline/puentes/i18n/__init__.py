"""The three languages: the one rule for choosing a text among translations, and the
message catalogue of the interface (:mod:`puentes.i18n.messages`).

Every label, title, question, message and name shown to a person goes through :func:`pick`:
the language asked for, else English, else a text without a language tag, else any (the
first in a stable order, so that a page or a report never changes between runs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from puentes.i18n.langs import LANGS


def rank(tag: str | None, lang: str) -> int:
    """How well a text tagged ``tag`` serves a reader of ``lang`` (0 best).

    >>> [rank(t, "fr") for t in ("fr", "en", None, "es")]
    [0, 1, 2, 3]
    """
    tag = (tag or "").lower()
    return 0 if tag == lang else 1 if tag == "en" else 2 if not tag else 3


def pick(texts: Mapping[str | None, str], lang: str = "en") -> str | None:
    """Of some texts by language tag (``None`` or ``""`` for untagged), the best for ``lang``.

    >>> pick({"fr": "pays", "en": "country"}, "es")
    'country'
    >>> pick({}, "es") is None
    True
    """
    best = min(((rank(tag, lang), i, text) for i, (tag, text) in enumerate(texts.items())),
               default=None)
    return best[2] if best else None


def pick_literal(literals: Iterable, lang: str = "en") -> str | None:  # noqa: ANN001
    """:func:`pick` over rdflib or pyoxigraph literals (the first text per tag counts).

    >>> from rdflib import Literal
    >>> pick_literal([Literal("nom", lang="fr"), Literal("name", lang="en")], "es")
    'name'
    """
    texts: dict[str, str] = {}
    for lit in literals:
        tag = getattr(lit, "language", None)
        if tag is None and not hasattr(lit, "datatype"):
            continue  # an IRI or a blank node, not a text
        # rdflib literals are strings; pyoxigraph literals carry their text in .value
        texts.setdefault(tag or "", str(lit) if isinstance(lit, str) else lit.value)
    return pick(texts, lang)


# The message catalogue (gettext .po files read with Babel) for the words of the interface:
# headers, status words, messages. Imported lazily by its functions, so that importing this
# module stays free of Babel.
from puentes.i18n.messages import (  # noqa: E402 - after the text-choosing rules above
    N_,
    current_lang,
    default_lang,
    gettext,
    ngettext,
    set_lang,
)

_ = gettext

__all__ = ["LANGS", "N_", "_", "current_lang", "default_lang", "gettext", "ngettext", "pick",
           "pick_literal", "rank", "set_lang"]
