"""The web's domain of the message catalogue (pipeline/puentes/locale/<lang>/LC_MESSAGES/
web.po, read by puentes.i18n.messages with Babel): every string a template or a module of
puentes.web marks for translation, and every outside vocabulary term's label, has a confirmed
translation in es, en and fr with the same placeholders; and a page published in es or fr
holds no UI string of the English catalogue, nor (the shapes page, published and live) any
English text of the shapes."""

from __future__ import annotations

import html as htmllib
import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from puentes.i18n.messages import po_path
from puentes.paths import project_root
from puentes.web.messages import term, translator

ROOT = project_root()
FIXTURE = ROOT / "tests" / "fixtures" / "example-graph.ttl"


def _script():  # noqa: ANN202 - the one extract script of both domains
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts/messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalogue(lang: str):  # noqa: ANN202
    with po_path(lang, "web").open("rb") as f:
        return read_po(f, locale=lang, domain="web")


@pytest.fixture(scope="module")
def used() -> set[tuple[str | None, str]]:
    return {(m.context, m.id) for m in _script().extract_web() if m.id}


@pytest.mark.parametrize("lang", ["es", "en", "fr"])
def test_every_used_string_has_a_translation(used, lang):
    cat = {(m.context, m.id): m for m in _catalogue(lang) if m.id}
    missing = sorted(i for c, i in used if (c, i) not in cat or not cat[(c, i)].string
                     or cat[(c, i)].fuzzy)
    assert missing == [], f"{lang}/LC_MESSAGES/web.po has no translation of {missing[:10]} " \
                          "(run scripts/messages.py, then translate)"


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_translations_keep_the_placeholders(lang):
    for m in _catalogue(lang):
        if m.id and m.string:
            assert set(re.findall(r"{\w+}", m.id)) == set(re.findall(r"{\w+}", m.string)), \
                (lang, m.id, m.string)


def test_a_missing_message_is_found_by_the_check(tmp_path, monkeypatch):
    """The check reads what the code marks: a new _("…") in a template is reported."""
    script = _script()
    web = tmp_path / "web"
    shutil.copytree(script.WEB, web)
    (web / "templates" / "extra.html").write_text('<p>{{ _("A sentence nobody translated") }}</p>')
    monkeypatch.setattr(script, "WEB", web)
    ids = {m.id for m in script.extract_web()}
    assert "A sentence nobody translated" in ids
    assert "A sentence nobody translated" not in {m.id for m in _catalogue("es")}


def test_row_names_badges_and_composed_labels_are_translated():
    assert term("founding date", "es") == "fecha de fundación"
    assert term("alt label", "fr") == "autres noms"
    assert term("same as", "es") == "igual a"
    assert translator("fr")("{member} in {body}", member="A", body="B") == "A dans B"
    from puentes.store import store_from_files
    from puentes.web.pages import build_index

    idx = build_index(store_from_files([FIXTURE]))
    assert idx.label("http://www.w3.org/2002/07/owl#sameAs", "es") == "igual a"
    assert idx.label("http://schema.org/foundingDate", "fr") == "date de fondation"
    assert idx.label("http://www.w3.org/ns/org#Membership", "es") == "Membresía"
    membership = idx.label("https://w3id.org/puentes/id/membership/example-body--AAA", "fr")
    assert " dans " in membership and "depuis 2000" in membership, membership


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from puentes.store import store_from_files
    from puentes.web.publish import publish

    out = tmp_path_factory.mktemp("site") / "site"
    publish(store_from_files([FIXTURE]), out, ontology_docs=False)
    return out


#: Translations the catalogue gives exactly as the English, each on purpose (anything else
#: equal to the English is an untranslated copy, which the test below refuses):
SAME = {
    # SPARQL's query forms, keywords of the language itself; "no" is Spanish too; and the
    # Spanish "triangular" (cooperation) is spelled as the English
    "es": {"ask", "construct", "select", "no", "triangular"},
    # French words spelled as the English ones (and English ids reworded into a word that
    # is French too: "Catalog" → "Catalogue", "in XSD date" → "date")
    "fr": {"ask", "construct", "select", "Agent", "Catalog", "Concept", "Dimension",
           "Distribution", "Document", "Initiative", "Initiatives", "Instant", "Instrument",
           "Instruments", "Observation", "Organization", "Questions", "Site", "Source",
           "Sources", "catalog", "classes", "date", "description", "dimension",
           "distribution", "documents", "format", "in XSD date", "license", "notation",
           "note", "observation", "organisations", "organization", "page", "participant",
           "relation", "service", "site", "source", "sources", "structure", "type", "version",
           "violation"},
}


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_a_translation_equal_to_the_english_is_one_on_purpose(lang):
    """A copy of the English passes the "translated" test: only the words of :data:`SAME`
    (the same in both languages, or code) may be written as in English."""
    english = {(m.context, m.id): m.string for m in _catalogue("en") if m.id}
    copies = {m.id for m in _catalogue(lang) if m.id and "{" not in m.id
              and m.string == english.get((m.context, m.id))}
    assert copies - SAME[lang] == set(), f"translate into {lang}: {sorted(copies - SAME[lang])}"
    assert SAME[lang] - copies == set(), f"no longer the same: {SAME[lang] - copies}"


def _english_strings(lang: str) -> set[str]:
    """Every string of the English catalogue (UI strings and term names, short ones too:
    "member", "year", "type") that ``lang`` writes differently: seen on a page in ``lang``,
    it is English left untranslated. Strings with placeholders are filled in, never whole."""
    other = {(m.context, m.id): m.string for m in _catalogue(lang) if m.id}
    return {m.string for m in _catalogue("en") if m.id and "{" not in m.string
            and other.get((m.context, m.id)) not in (None, "", m.string)}


def _visible_text(html: str) -> str:
    """The text a person reads or hears (titles, labels, placeholders and alt texts too),
    pictures and the saved questions' answers included; less scripts, styles and code
    (SPARQL text, IRIs, codes such as skos:notation "member", and the answers' column names,
    which are the query's variables as the downloads write them)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", " ", html, flags=re.S)
    # what assistive technology and hover read: titles, labels, placeholders, alt texts
    read = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', html)
    return "\n".join([re.sub(r"<[^>]+>", "\n", html), *read])


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_spanish_and_french_pages_hold_no_english_ui_string(site, lang):
    english = _english_strings(lang)
    assert {"member", "year", "covered", "yes", "no data"} <= english  # short ones too
    pages = sorted(site.rglob(f"*.{lang}.html"))
    assert len(pages) > 50
    kinds = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lines = {x.strip() for x in _visible_text(html).split("\n")}
        found = english & lines
        assert not found, (page.relative_to(site), sorted(found))
        assert f'<html lang="{lang}">' in html
        kinds |= {"picture"} if "<svg" in html else set()
        kinds |= {"answers"} if '<table class="answers">' in html else set()
    assert kinds == {"picture", "answers"}  # the pictures and the answers were read too


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_live_only_pages_hold_no_english_ui_string(lang):
    """The pages only ``serve`` has (the query page with and without a saved question, one
    that needs a parameter, the embedded chart, the search page's answers) in es and fr."""
    from puentes.store import store_from_files
    from puentes.web.front import Site, search_page
    from puentes.web.pages import build_index
    from puentes.web.query_page import embed_page, query_page

    store = store_from_files([FIXTURE])
    site = Site(store, build_index(store), live=True)
    pages = {"query": query_page(site, lang, {}),
             "query 010": query_page(site, lang, {"q": "010"}),
             "query 202 (needs a parameter)": query_page(site, lang, {"q": "202"}),
             "embed 010": embed_page(site, lang, {"q": "010", "view": "table"}),
             "search": search_page(site, lang, "Aland")}
    english = _english_strings(lang)
    for name, html in pages.items():
        lines = {x.strip() for x in _visible_text(html).split("\n")}
        assert not english & lines, (name, sorted(english & lines))
        assert f'lang="{lang}"' in html, name


def _english_shape_texts(lang: str) -> set[str]:
    """The English texts the shapes page shows — the shapes' labels, target comments, rule
    names, descriptions and messages (shapes/*.ttl), and the model's labels of the properties
    the rules check (ontology/) — that ``lang`` writes differently, told apart by the language
    tags of the literals: seen on the page in ``lang``, each is English left untranslated."""
    from rdflib import Literal
    from rdflib.namespace import RDFS, SH

    from puentes.check.shapes import load_shapes_graph
    from puentes.model import load_model_graph

    shapes, model = load_shapes_graph(), load_model_graph()
    read = (SH.name, SH.description, SH.message, RDFS.comment, RDFS.label)
    literals = [o for p in read for o in shapes.objects(None, p)]
    for path in set(shapes.objects(None, SH.path)):
        labels = list(model.objects(path, RDFS.label))
        # an outside term labelled in English only (ontology/imports/) is named through the
        # catalogue, whose English the UI string check above already looks for
        if any(getattr(o, "language", None) == lang for o in labels):
            literals += labels
    texts = {tag: {str(o) for o in literals if isinstance(o, Literal) and o.language == tag}
             for tag in ("en", lang)}
    return texts["en"] - texts[lang]


def _shown_english(page: str, english: set[str]) -> set[str]:
    """The texts of ``english`` that ``page`` shows: as a whole line (a cell, a title), or,
    for a sentence long enough not to be part of another one by chance, inside a line
    ("Applies to: {target}.")."""
    text = htmllib.unescape(_visible_text(page))
    lines = {x.strip() for x in text.split("\n")}
    return {e for e in english if e in lines or (len(e) >= 30 and e in text)}


@pytest.mark.parametrize("lang, translated", [
    ("es", "El código ISO 3166-1 alfa-3, que es también la última parte del IRI del país."),
    ("fr", "Le code ISO 3166-1 alpha-3, qui est aussi la dernière partie de l'IRI du pays.")])
def test_the_shapes_page_holds_no_english_text_of_the_shapes(site, lang, translated):
    """The rules as a steward reads them, published and live: no label, description, message
    or target comment of a shape in English on the page in Spanish or French."""
    from puentes.store import store_from_files
    from puentes.web.front import Site, shapes_page
    from puentes.web.pages import build_index

    english = _english_shape_texts(lang)
    assert len(english) > 300  # descriptions, messages and names, not only a few labels
    store = store_from_files([FIXTURE])
    pages = {"published": (site / "shapes" / f"index.{lang}.html").read_text(encoding="utf-8"),
             "live": shapes_page(Site(store, build_index(store), live=True), lang)}
    for name, page in pages.items():
        assert _shown_english(page, english) == set(), (name, sorted(_shown_english(
            page, english))[:5])
        assert translated in htmllib.unescape(page), name  # the descriptions are on the page
    # and the English page shows those texts: the check reads what the page writes
    english_page = (site / "shapes" / "index.html").read_text(encoding="utf-8")
    assert len(_shown_english(english_page, english)) > 300


@pytest.mark.parametrize("lang, words", [("es", ("no ratificado", "sí")),
                                         ("fr", ("non ratifiée", "oui"))])
def test_answer_values_that_are_project_words_are_shown_translated(site, lang, words):
    """Display only: the answers' status words and booleans in the reader's language (the
    data, the downloads and the endpoint keep "not ratified" and true)."""
    page = (site / "queries" / f"index.{lang}.html").read_text(encoding="utf-8")
    cells = set(re.findall(r"<td>([^<]*)</td>", page))
    assert set(words) <= cells and not {"true", "false", "not ratified"} & cells


def test_every_status_word_a_saved_question_writes_is_in_the_catalogue():
    """The plain strings the queries answer with (``BIND("…" AS ?x)``, ``IF(…, "…", "…")``)
    are :data:`~puentes.web.values.VALUE_WORDS`: a new one is shown translated or fails here."""
    from puentes.web.values import VALUE_WORDS

    written = set()
    for rq in (ROOT / "queries").glob("*.rq"):
        text = "\n".join(x for x in rq.read_text(encoding="utf-8").splitlines()
                         if not x.lstrip().startswith("#"))
        for expr in re.findall(r"BIND\s*\((.*?)\s+AS\s+\?\w+\)", text, flags=re.S):
            # (words only: 102's "~" is a sort key the answer never shows)
            written |= {w for w in re.findall(r'"([^"]+)"(?!\^\^)', expr)
                        if re.search("[a-z]", w)}
    assert written and written <= VALUE_WORDS, sorted(written - VALUE_WORDS)


def test_no_module_of_the_web_keeps_its_own_table_of_words():
    """Every word of the web, the checks' reports, the commands, the build and the query
    engine is a msgid of the one catalogue: no dict literal keyed by the languages
    (``{"es": …, "en": …, "fr": …}``) in a module of those packages (the floor's i18n holds
    the only language list). The registry mapping's label templates (ingest) are left out:
    they write language-tagged literals into the graph, data rather than interface words."""
    import ast

    found = []
    package = ROOT / "pipeline" / "puentes"
    for path in sorted(p for wing in ("web", "check", "commands", "build", "query")
                       for p in (package / wing).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if len(keys & {"es", "en", "fr"}) >= 2:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], found


def test_the_one_reader_serves_both_domains():
    """The CLI's and the web's words come from one reader, by domain; the web's English file
    rewords the outside terms, the CLI has none (its ids are its English)."""
    from puentes.i18n.messages import held, translations

    assert translations("fr", "web").gettext("Members over time") != "Members over time"
    assert translations("fr", "cli").gettext("triples") == "triplets"
    assert translations("en", "web").pgettext("term", "alt label") == "other names"
    assert ("term", "alt label") in held("en", "web") and not held("en", "cli")


def test_every_page_links_its_languages_with_hreflang(site):
    page = (site / "id" / "organization" / "example-body.fr.html").read_text(encoding="utf-8")
    for lang, name in (("es", "example-body.es.html"), ("en", "example-body.html"),
                       ("fr", "example-body.fr.html")):
        assert f'<link rel="alternate" hreflang="{lang}" href="../../id/organization/{name}">' \
            in page
    # links keep the language: a member's page in French
    assert 'href="../../id/country/AAA.fr.html"' in page
    assert "id/country/AAA.html" not in re.sub(r'<link rel="alternate".*?>', "", page)
