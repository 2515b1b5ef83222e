"""The interface's words in es, en and fr: a gettext message catalogue read with Babel.

The English text is the message id (gettext's convention): code says ``_("triples")`` and
the reader of ``--lang fr`` sees « triplets ». The translations are ``.po`` files under
``pipeline/puentes/locale/<lang>/LC_MESSAGES/<domain>.po``, one domain per audience: ``cli``
for the command line, ``web`` for the pages, pictures, release notes and feeds (read through
``puentes.web.messages``, a thin adapter). A domain may have an English file too (``web``
does: the outside vocabularies' English term labels read better reworded, "alt label" →
"other names"); without one, English is the ids themselves. :func:`translations` gives the
catalogue of one domain and language (Jinja2's ``install_gettext_translations`` accepts it).
``scripts/messages.py`` extracts both domains; ``tests/test_cli_messages.py`` and
``tests/test_web_messages.py`` fail when a marked string has no es or fr translation.

The language of a run is set once (:func:`set_lang`, by the ``--lang`` option); the default
is ``PUENTES_LANG``, else the locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``),
else English.
"""

from __future__ import annotations

import io
import os
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from puentes.i18n.langs import LANGS

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from babel.support import Translations

#: where the .po files are: ``<lang>/LC_MESSAGES/<domain>.po``
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
#: the catalogue of the command line
DOMAIN = "cli"
#: every domain of the catalogue: the command line's and the web's
DOMAINS = ("cli", "web")
_LANGS = LANGS  # the one list, in puentes.i18n
_LANG: ContextVar[str | None] = ContextVar("puentes_lang", default=None)


def default_lang(environ: dict | None = None) -> str:
    """The language when ``--lang`` is not given: ``PUENTES_LANG``, else the first of
    es, en, fr in ``LANGUAGE`` (gettext's list of preferences, unless the locale is ``C``),
    else the locale's language (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else ``en``.

    >>> default_lang({"LANG": "fr_FR.UTF-8"}), default_lang({"PUENTES_LANG": "es"})
    ('fr', 'es')
    >>> default_lang({"LANG": "C.UTF-8"}), default_lang({"LC_ALL": "de_DE", "LANG": "es_ES"})
    ('en', 'en')
    >>> default_lang({"LANGUAGE": "de:fr", "LANG": "de_DE.UTF-8"})
    'fr'
    """
    env = os.environ if environ is None else environ
    given = (env.get("PUENTES_LANG") or "").strip().lower()[:2]
    if given in _LANGS:
        return given
    locale = next((env[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(v)), "")
    if locale.split(".")[0] not in ("C", "POSIX"):  # GNU gettext ignores LANGUAGE under C
        for wish in (env.get("LANGUAGE") or "").split(":"):  # a list in order of preference
            lang = wish.split(".")[0].split("_")[0].lower()
            if lang in _LANGS:
                return lang
    if locale:  # the first one set decides, as in POSIX
        lang = locale.split(".")[0].split("_")[0].lower()
        return lang if lang in _LANGS else "en"
    return "en"


def set_lang(lang: str | None) -> str:
    """Make ``lang`` (or :func:`default_lang` when None) the language of this run."""
    chosen = lang if lang in _LANGS else default_lang()
    _LANG.set(chosen)
    return chosen


def current_lang() -> str:
    """The language of this run."""
    return _LANG.get() or default_lang()


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    """Where the catalogue of ``domain`` in ``lang`` is written."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=16)
def _catalog(lang: str, domain: str) -> Catalog | None:
    from babel.messages.pofile import read_po

    path = po_path(lang, domain)
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=domain)


@lru_cache(maxsize=16)
def translations(lang: str, domain: str = DOMAIN) -> Translations:
    """The catalogue of ``domain`` in ``lang`` (English without a file of its own: the ids
    themselves). Messages with a context (``pgettext``) are kept with it. Compiled once
    into the user's cache and read from there with the standard library (:func:`_compiled`):
    no Babel import at start-up once a language has been used."""
    path = po_path(lang, domain)
    if not path.is_file():
        import gettext

        return gettext.NullTranslations()
    if (cached := _compiled(path)) is not None:
        return cached
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    buf = io.BytesIO()
    write_mo(buf, _catalog(lang, domain))  # fuzzy entries are left out, as msgfmt does
    _compiled(path, buf.getvalue())
    buf.seek(0)
    return Translations(buf, domain=domain)


def _compiled(po: Path, mo: bytes | None = None):  # noqa: ANN202 - a gettext translations
    """The ``.po``'s compiled catalogue from the user's cache, read with the standard
    library (Babel's import and the ``.po``'s parsing cost ~0.35 s, the start-up of a
    translated ``--help``); with ``mo``, put it there. The cache is keyed by the ``.po``'s
    contents, so an edited catalogue is compiled again; no cache (a read-only home): None.
    """
    import gettext
    import hashlib

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "puentes"
    key = hashlib.sha256(po.read_bytes()).hexdigest()[:32]
    file = root / "locale" / f"{po.parent.parent.name}-{po.stem}-{key}.mo"
    try:
        if mo is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
            tmp = file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(mo)
            tmp.replace(file)  # atomic: a parallel run reads the old file or the new one
            return None
        if file.is_file():
            with file.open("rb") as fh:
                return gettext.GNUTranslations(fh)
    except OSError:
        pass
    return None


@lru_cache(maxsize=16)
def held(lang: str, domain: str = DOMAIN) -> frozenset[tuple[str | None, str]]:
    """The ``(context, id)`` of every message ``domain`` translates into ``lang`` (fuzzy and
    empty ones left out): what a caller asks before using a translation it may lack.

    >>> (None, "triples") in held("fr"), ("term", "alt label") in held("es", "web")
    (True, True)
    """
    catalog = _catalog(lang, domain)
    return frozenset((m.context, m.id) for m in catalog or ()
                     if m.id and isinstance(m.id, str) and m.string and not m.fuzzy)


def gettext(message: str, lang: str | None = None, /, **values: object) -> str:
    """``message`` in ``lang`` (default: the run's), with ``{name}`` fields filled from
    ``values``.

    >>> gettext("triples", "fr"), gettext("{n} row(s).", "es", n=3)
    ('triplets', '3 fila(s).')
    """
    text = translations(lang or current_lang()).gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, lang: str | None = None,
             /, **values: object) -> str:
    """The singular or plural form for ``n``, in ``lang``, with ``{n}`` and ``values``."""
    text = translations(lang or current_lang()).ngettext(singular, plural, n)
    return text.format(n=n, **values)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark ``message`` for the catalogue without translating it now (a constant)."""
    return message
