"""Bring the web pages' message catalogues up to date with the code (Babel).

Finds every ``_("…")`` in the templates and the modules of ``puentes.web`` (plus the outside
vocabularies' term labels of ``ontology/imports/``, context ``term``), adds the new ones to
``pipeline/puentes/web/locale/{es,en,fr}.po`` with an empty translation, marks those the
code no longer uses as obsolete, and lists what is left to translate. Edit the .po files
with any PO editor (or by hand); ``tests/test_messages.py`` fails while one is empty.

Example:
    .venv/bin/python scripts/update_messages.py          # update, then list what is missing
    .venv/bin/python scripts/update_messages.py --check  # only list (exit 1 if any)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from rdflib import RDFS, Graph

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "pipeline" / "puentes" / "web"
LOCALE = WEB / "locale"
METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]


def template() -> Catalog:
    """Every message the code and the templates use, and every outside term's label."""
    sys.path.insert(0, str(ROOT / "pipeline"))
    from puentes.web.messages import CORE_TERMS

    cat = Catalog(project="puentes")
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(WEB), METHODS, keywords={"_": None, "gettext": None, "N_": None}):
        if isinstance(message, tuple):
            message = message[0]
        if message:
            cat.add(message, locations=[(filename, lineno)], context=context)
    g = Graph()
    for f in sorted((ROOT / "ontology" / "imports").glob("*.ttl")):
        g.parse(f)
    for label in sorted({str(o) for o in g.objects(None, RDFS.label)} | set(CORE_TERMS.values())):
        cat.add(label, context="term")
    return cat


def missing(lang: str) -> list[str]:
    """The messages of ``lang``'s catalogue with no (or a fuzzy) translation."""
    with (LOCALE / f"{lang}.po").open("rb") as f:
        cat = read_po(f, locale=lang)
    return [m.id for m in cat if m.id and (not m.string or m.fuzzy)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--check", action="store_true", help="only list what is missing")
    args = parser.parse_args(argv)
    if not args.check:
        pot = template()
        LOCALE.mkdir(exist_ok=True)
        for lang in ("es", "en", "fr"):
            path = LOCALE / f"{lang}.po"
            if path.is_file():
                with path.open("rb") as f:
                    cat = read_po(f, locale=lang)
            else:
                cat = Catalog(locale=lang, project="puentes")
            cat.update(pot, no_fuzzy_matching=True)
            with path.open("wb") as f:
                write_po(f, cat, width=100, omit_header=False, ignore_obsolete=True,
                         include_lineno=False)
    gaps = {lang: missing(lang) for lang in ("es", "en", "fr")}
    for lang, ids in gaps.items():
        for i in ids:
            print(f"{lang}.po: no translation of {i!r}")
    return 1 if any(gaps.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
