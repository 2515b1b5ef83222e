"""Extract the messages of both domains of the catalogue (``pipeline/puentes/locale/``).

``.venv/bin/python scripts/messages.py`` updates, with Babel, ``<lang>/LC_MESSAGES/cli.po``
(the command line, es and fr) and ``<lang>/LC_MESSAGES/web.po`` (the pages, pictures,
release notes and feeds, es, en and fr): new messages are added untranslated
(``tests/test_cli_messages.py`` and ``tests/test_web_messages.py`` then fail until a person
translates them), translations of messages no longer in the code are dropped, and those
kept stay as written. Then it lists what is left to translate (exit 1 if anything is).

- ``cli``: the string literals given to ``_``, ``N_``, ``gettext``, ``ngettext`` (singular
  and plural) and ``Msg`` (a lower layer's message, :mod:`puentes.i18n.lazy`) in
  :data:`SOURCES`; the help of every command, read from the click commands themselves and
  cut into messages as :func:`puentes.commands.localized.localize` cuts it when it shows the
  help; and click's own words ("Usage:", "Missing argument", …), read from the installed
  click (:data:`CLICK_MODULES`).
- ``web``: those given to ``_``, ``N_``, ``gettext`` and ``pgettext`` in the templates and
  modules of ``puentes.web`` (:data:`WEB`), and the English labels of the outside
  vocabularies' terms (``ontology/imports/``, context ``term``).

Examples:
    .venv/bin/python scripts/messages.py                 # both domains, then list the gaps
    .venv/bin/python scripts/messages.py --domain web    # one domain
    .venv/bin/python scripts/messages.py --check         # only list the gaps (exit 1 if any)
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
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


def update(lang: str, template: Catalog, domain: str = "cli") -> Path:
    """Bring ``<lang>/LC_MESSAGES/<domain>.po`` up to the template. The CLI's file keeps the
    line numbers and the revision date; the web's has neither, so that a moved line does
    not rewrite it."""
    path = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
    if path.is_file():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=domain)
    else:
        catalog = Catalog(locale=lang, domain=domain, project="puentes")
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False  # the header: the translations below are a person's, not guesses
    catalog.last_translator = "the puentes project"
    catalog.language_team = f"{lang} (puentes)"
    cli = domain == DOMAIN
    if cli:
        catalog.revision_date = template.creation_date
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=cli, include_lineno=cli)
    return path


#: where the web's words are written (templates and modules)
WEB = PACKAGE / "web"
WEB_DOMAIN = "web"


def extract_python_ast(fileobj, keywords, comment_tags, options):  # noqa: ANN001, ANN201, ARG001
    """A Babel extraction method for Python that reads the syntax tree: it finds the calls
    inside f-strings too (``f"{_('added')}: …"``), which Babel's token reader misses before
    Python 3.12, and ``translator(lang)("…")``, which it cannot name. Yields what Babel's
    methods yield: line, function name, the positional arguments (None where not a string
    literal) and no comments."""
    import ast

    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Call) and isinstance(func.func, ast.Name) \
                and func.func.id == "translator":
            func = ast.Name("_")  # translator(lang)("…"): a page's ``_`` called at once
        name = func.id if isinstance(func, ast.Name) else \
            func.attr if isinstance(func, ast.Attribute) else None
        if name not in keywords or not node.args:
            continue
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str)
                     else None for a in node.args)
        yield node.lineno, name, args if len(args) > 1 else args[0], []


WEB_METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"),
               ("**.py", extract_python_ast)]
WEB_KEYWORDS = {"_": None, "gettext": None, "N_": None, "t": None, "pgettext": ((1, "c"), 2)}
#: (``t``: a picture's words, ``ctx.t("…")``)
#: each domain's languages (``web`` has an English file: reworded English term labels)
LANGUAGES = {DOMAIN: ("es", "fr"), WEB_DOMAIN: ("es", "en", "fr")}


def extract_web() -> Catalog:
    """Every message the web's code and templates use, and every outside term's label."""
    from rdflib import RDFS, Graph

    sys.path.insert(0, str(ROOT / "pipeline"))
    from puentes.web.messages import CORE_TERMS

    template = Catalog(domain=WEB_DOMAIN, project="puentes")
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(WEB), WEB_METHODS, keywords=WEB_KEYWORDS):
        if isinstance(message, tuple):
            message = message[0]
        if message:
            template.add(message, locations=[(filename, lineno)], context=context)
    g = Graph()
    for f in sorted((ROOT / "ontology" / "imports").glob("*.ttl")):
        g.parse(f)
    for label in sorted({str(o) for o in g.objects(None, RDFS.label)} | set(CORE_TERMS.values())):
        template.add(label, context="term")
    return template


def missing(domain: str, lang: str) -> list[str]:
    """The messages of ``domain`` in ``lang`` with no (or a fuzzy) translation."""
    with (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=domain)
    return [m.id for m in catalog if m.id and (m.fuzzy or not (
        all(m.string) if isinstance(m.string, tuple) else m.string))]  # each plural form


def main(argv: list[str] | None = None) -> int:
    """Update the domains asked for (both by default), then list what is left to translate."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--domain", choices=sorted(LANGUAGES), action="append",
                        help="the domain to update (repeat for both; default: both)")
    parser.add_argument("--check", action="store_true", help="only list what is missing")
    args = parser.parse_args(argv)
    domains = args.domain or sorted(LANGUAGES)
    if not args.check:
        steps = {DOMAIN: extract, WEB_DOMAIN: extract_web}
        for domain in domains:
            tpl = steps[domain]()
            for code in LANGUAGES[domain]:
                print(update(code, tpl, domain), file=sys.stderr)
    gaps = [(domain, lang, i) for domain in domains for lang in LANGUAGES[domain]
            for i in missing(domain, lang)]
    for domain, lang, i in gaps:
        print(f"{lang}/LC_MESSAGES/{domain}.po: no translation of {i!r}")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
