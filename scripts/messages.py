"""Extract the command line's messages into the catalogue (``pipeline/puentes/locale/``).

``.venv/bin/python scripts/messages.py`` updates ``<lang>/LC_MESSAGES/cli.po`` for es and fr
with Babel: new messages are added untranslated (``tests/test_messages.py`` then fails until
a person translates them), translations of messages no longer in the code are dropped, and
those kept stay as written. The messages are the string literals given to ``_``, ``N_``,
``gettext`` and ``ngettext`` (singular and plural) in :data:`SOURCES`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipeline" / "puentes"
LOCALE = PACKAGE / "locale"
DOMAIN = "cli"
#: where the command line's words are written
SOURCES = [PACKAGE / "cli.py", PACKAGE / "errors.py", *sorted((PACKAGE / "commands").glob("*.py")),
           PACKAGE / "check" / "hints.py", PACKAGE / "check" / "checks.py"]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every message of :data:`SOURCES`, with where it is written."""
    template = Catalog(domain=DOMAIN, project="puentes")
    for path in SOURCES:
        for lineno, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS):
            template.add(message, locations=[(str(path.relative_to(ROOT)), lineno)])
    return template


def update(lang: str, template: Catalog) -> Path:
    """Bring ``<lang>/LC_MESSAGES/cli.po`` up to the template."""
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.is_file():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="puentes")
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False  # the header: the translations below are a person's, not guesses
    catalog.last_translator = "the puentes project"
    catalog.language_team = f"{lang} (puentes)"
    catalog.revision_date = template.creation_date
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True)
    return path


if __name__ == "__main__":
    tpl = extract()
    for code in ("es", "fr"):
        print(update(code, tpl), file=sys.stderr)
