"""The web's domain of the message catalogue (pipeline/puentes/locale/<lang>/LC_MESSAGES/
web.po, read by puentes.i18n.messages with Babel): every string a template or a module of
puentes.web marks for translation, and every outside vocabulary term's label, has a confirmed
translation in es, en and fr with the same placeholders; and a page published in es or fr
holds no UI string of the English catalogue."""

from __future__ import annotations

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


def _ui_strings() -> set[str]:
    """The English catalogue's UI strings that differ in es and fr and are long enough to be
    recognised as English text (a word like "Source" is French too)."""
    es, fr = ({(m.context, m.id): m.string for m in _catalogue(x)} for x in ("es", "fr"))
    out = set()
    for m in _catalogue("en"):
        if m.id and m.context is None and "{" not in m.string and len(m.string) > 6 \
                and es.get((None, m.id)) != m.string and fr.get((None, m.id)) != m.string:
            out.add(m.string)
    return out


def _visible_text(html: str) -> str:
    """The text a person reads, less code, pictures and the saved questions' answers (data
    the queries return, such as "not ratified", is not a UI string)."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<table class="answers">.*?</table>', " ", html, flags=re.S)
    html = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", html)


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_spanish_and_french_pages_hold_no_english_ui_string(site, lang):
    english = _ui_strings()
    pages = sorted(site.rglob(f"*.{lang}.html"))
    assert len(pages) > 50
    for page in pages:
        lines = {x.strip() for x in _visible_text(page.read_text(encoding="utf-8")).split("\n")}
        found = english & lines
        assert not found, (page.relative_to(site), sorted(found))
        assert f'<html lang="{lang}">' in page.read_text(encoding="utf-8")


def test_every_page_links_its_languages_with_hreflang(site):
    page = (site / "id" / "organization" / "example-body.fr.html").read_text(encoding="utf-8")
    for lang, name in (("es", "example-body.es.html"), ("en", "example-body.html"),
                       ("fr", "example-body.fr.html")):
        assert f'<link rel="alternate" hreflang="{lang}" href="../../id/organization/{name}">' \
            in page
    # links keep the language: a member's page in French
    assert 'href="../../id/country/AAA.fr.html"' in page
    assert "id/country/AAA.html" not in re.sub(r'<link rel="alternate".*?>', "", page)
