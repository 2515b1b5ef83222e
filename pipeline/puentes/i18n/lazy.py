"""Messages that lower layers write in English and the edge shows in the reader's language.

A checker or an engine does not know who will read its message, nor in which language; it
should not import the command line to find out. It writes a :class:`Msg`: a ``str`` whose
text is the English sentence (so logs, JSON, comparisons and ``+`` keep working as before)
and which also carries its message id and parameters. The edge that shows it to a person
(the command line, a page) calls :func:`render`, which looks the id up in the catalogue of
the run's language and fills in the parameters, each rendered the same way — gettext's
"mark now, translate when shown", without a lazy proxy object.

``scripts/messages.py`` extracts every ``Msg("…")`` literal into the catalogue, like
``_("…")``; ``tests/test_cli_messages.py`` fails while one has no es or fr translation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


class Msg(str):
    """An English message that can be shown in another language.

    >>> m = Msg("a date not before {key!r} ({start})", key="start", start=2030)
    >>> m, m.msgid
    ("a date not before 'start' (2030)", 'a date not before {key!r} ({start})')
    >>> render(m, "es")
    "una fecha no anterior a 'start' (2030)"
    """

    msgid: str
    params: Mapping[str, object]

    def __new__(cls, msgid: str, /, **params: object) -> Msg:
        self = super().__new__(cls, msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params
        return self

    def __reduce__(self):  # noqa: ANN204 - pickling (a query worker's error crosses processes)
        return (_rebuild, (self.msgid, dict(self.params)))


def _rebuild(msgid: str, params: dict) -> Msg:
    return Msg(msgid, **params)


class Later(str):
    """A text made in English now and in another language when shown, by ``shown(lang)``
    (a build keeps an error's text for its report: ``Later(str(err), err.shown)``).

    >>> from puentes.errors import QueryError
    >>> err = QueryError(Msg("nothing to query"))
    >>> t = Later(str(err), err.shown)
    >>> t, render(t, "es")
    ('nothing to query', 'nada que consultar')
    """

    shown: Callable[[str | None], str]

    def __new__(cls, english: str, shown: Callable[[str | None], str]) -> Later:
        self = super().__new__(cls, english)
        self.shown = shown
        return self

    def __reduce__(self):  # noqa: ANN204 - across processes: the English text only
        return (str, (str(self),))


class Texts(str):
    """A text the data gives in several languages (a saved query's parameter comment, say):
    the English one (else the best there is) as the string, each language's when rendered.

    >>> t = Texts({"en": "The threshold", "fr": "Le seuil"})
    >>> t, render(t, "fr"), render(t, "es")
    ('The threshold', 'Le seuil', 'The threshold')
    """

    texts: Mapping[str, str]

    def __new__(cls, texts: Mapping[str, str]) -> Texts:
        from puentes.i18n import pick

        self = super().__new__(cls, pick(texts, "en") or "")
        self.texts = dict(texts)
        return self

    def __reduce__(self):  # noqa: ANN204
        return (Texts, (dict(self.texts),))


def render(text: object, lang: str | None = None) -> str:
    """``text`` for a reader of ``lang`` (default: the run's language): a :class:`Msg` in
    that language with its parameters rendered likewise, a :class:`Texts` in its language
    (else English); anything else as ``str(text)``.

    >>> render(Msg("the field {req!r} ({what} needs it)", req="url",
    ...            what=Msg("a source")), "es")
    "el campo 'url' (una fuente lo necesita)"
    """
    if isinstance(text, Later):
        return text.shown(lang)
    if not isinstance(text, Msg | Texts):
        return str(text)
    from puentes.i18n import pick
    from puentes.i18n.messages import current_lang, translations

    lang = lang or current_lang()
    if isinstance(text, Texts):
        return pick(text.texts, lang) or ""
    if lang == "en":
        return str(text)
    template = translations(lang).gettext(text.msgid)
    if not text.params:
        return template
    return template.format(**{k: render(v, lang) if isinstance(v, Msg | Texts) else v
                              for k, v in text.params.items()})
