"""Extract the command line's messages into the catalogue (``pipeline/puentes/locale/``).

``.venv/bin/python scripts/messages.py`` updates ``<lang>/LC_MESSAGES/cli.po`` for es and fr
with Babel: new messages are added untranslated (``tests/test_cli_messages.py`` then fails
until a person translates them), translations of messages no longer in the code are dropped,
and those kept stay as written. The messages are

- the string literals given to ``_``, ``N_``, ``gettext``, ``ngettext`` (singular and
  plural) and ``Msg`` (a lower layer's message, :mod:`puentes.i18n.lazy`) in :data:`SOURCES`;
- the help of every command, read from the click commands themselves, cut into messages as
  :func:`puentes.commands.localized.localize` cuts it when it shows the help;
- click's own words ("Usage:", "Missing argument", …), read from the installed click.

Example:
    .venv/bin/python scripts/messages.py           # update es and fr
    .venv/bin/python scripts/messages.py --check   # only list what is missing (exit 1 if any)
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipeline" / "puentes"
LOCALE = PACKAGE / "locale"
DOMAIN = "cli"
#: where the command line's words are written, and the lower layers' messages it shows
SOURCES = [PACKAGE / "cli.py", PACKAGE / "errors.py", PACKAGE / "store.py",
           *sorted((PACKAGE / "commands").glob("*.py")),
           *sorted((PACKAGE / "check").glob("*.py")), *sorted((PACKAGE / "query").glob("*.py")),
           *sorted((PACKAGE / "ingest" / "registry").glob("*.py")),
           PACKAGE / "ingest" / "weburl.py"]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "Msg": None}
#: click's modules whose words reach a person (the Windows console and the editor are not used)
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui",
                 "shell_completion", "utils")


def _help(template: Catalog) -> None:
    """The help of every command (see :func:`puentes.commands.localized.help_messages`)."""
    sys.path.insert(0, str(PACKAGE.parent))
    import click

    from puentes.cli import cli
    from puentes.commands.localized import help_messages

    def walk(command: click.Command):
        yield command
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    for command in walk(cli):
        func = inspect.unwrap(command.callback)
        where = (str(Path(inspect.getsourcefile(func)).relative_to(ROOT)),
                 inspect.getsourcelines(func)[1])
        for message in help_messages(command):
            template.add(message, locations=[where], auto_comments=["help"])


def _click(template: Catalog) -> None:
    """click's own words, from its source (Babel reads ``_`` and ``ngettext`` as gettext)."""
    import click

    folder = Path(click.__file__).parent
    for name in CLICK_MODULES:
        for lineno, message, _comments, _context in extract_from_file(
                "python", str(folder / f"{name}.py"), keywords=KEYWORDS):
            template.add(message, locations=[(f"click/{name}.py", lineno)],
                         auto_comments=["click"])


def extract() -> Catalog:
    """Every message of :data:`SOURCES`, of the commands' help and of click, with where it
    is written."""
    template = Catalog(domain=DOMAIN, project="puentes")
    for path in SOURCES:
        for lineno, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS):
            template.add(message, locations=[(str(path.relative_to(ROOT)), lineno)])
    _help(template)
    _click(template)
    return template


def missing(lang: str, template: Catalog) -> list[str]:
    """The messages of ``template`` with no (or a fuzzy) translation in ``lang``."""
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    out = []
    for message in template:
        if not message.id:
            continue
        have = catalog.get(message.id)
        strings = have.string if have else None
        if have is None or have.fuzzy or not (all(strings) if isinstance(strings, tuple)
                                              else strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


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
    left = 0
    for code in ("es", "fr"):
        if "--check" not in sys.argv:
            print(update(code, tpl), file=sys.stderr)
        todo = missing(code, tpl)
        left += len(todo)
        for message in todo:
            print(f"{code}: {message!r}", file=sys.stderr)
    sys.exit(1 if left and "--check" in sys.argv else 0)
