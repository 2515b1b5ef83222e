"""A real browser (Debian's headless Chromium, driven by Playwright) on both ways of serving
puentes: the static site written by `puentes publish` and served by the real nginx with the
shipped recipe, and `puentes serve`. On every page: the stylesheet is applied (a computed
style), every header link answers 200, no console error, no request leaves 127.0.0.1. And on
`serve`, the query page runs a saved question."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import requests
from servers import puentes_server
from webservers import MissingServer, nginx

from puentes.paths import project_root
from puentes.store import store_from_files
from puentes.web.app import App
from puentes.web.publish import publish

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not shutil.which("chromium"),
                                 reason="Debian's chromium is not installed "
                                        "(scripts/install-system-deps.sh installs it)")]
FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
        "--no-default-browser-check"]
#: the header colour of static/site/site.css (#0b4f6c): proof that the stylesheet applies
HEADER_BACKGROUND = "rgb(11, 79, 108)"
PAGES = ["/index.html", "/id/organization/example-body.html",
         "/id/membership/example-body--AAA.html", "/classes/index.html",
         "/queries/index.html", "/ontology/index.html", "/ontology/es.html",
         "/index.es.html", "/id/country/AAA.fr.html", "/overview.html", "/search.html?q=land",
         "/shapes/index.html", "/dumps/index.fr.html"]
#: a page of every kind, by its English path (the es and fr pages are at ….es.html, ….fr.html)
KINDS = ["index.html", "id/organization/example-body.html", "id/country/AAA.html",
         "id/initiative/example-roadmap.html", "id/membership/example-body--AAA.html",
         "id/coverage/example-action-plan--BBB--2011-01-01.html",
         "scheme/membership-role/founding-member.html", "overview.html", "search.html?q=ej",
         "classes/index.html", "queries/index.html", "shapes/index.html", "dumps/index.html"]
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def static_site():
    """The published fixture graph, served by nginx with the shipped recipe."""
    parent = Path(tempfile.mkdtemp(prefix="puentes-browser-"))
    os.chmod(parent, 0o755)  # the nginx workers (www-data) must reach the folder
    out = parent / "site"
    publish(store_from_files([FIXTURE]), out, ontology_docs=True)
    try:
        with nginx(out) as base:
            yield base
    except MissingServer as err:
        pytest.skip(str(err))
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="module")
def served():
    with puentes_server(App(store_from_files([FIXTURE]))) as base:
        yield base


@pytest.fixture(params=["static", "serve"])
def base(request):
    return request.getfixturevalue("static_site" if request.param == "static" else "served")


def _open(browser, url: str):  # noqa: ANN001, ANN202
    """Open ``url`` in a fresh page; record console errors and every request made."""
    page = browser.new_page()
    page.errors, page.requests = [], []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("path", PAGES)
def test_page_is_styled_its_header_links_answer_and_nothing_leaves_the_machine(
        browser, base, path):
    page = _open(browser, base + path)
    try:
        assert page.title(), path
        background = page.evaluate(
            "getComputedStyle(document.querySelector('header, nav')).backgroundColor")
        assert background == HEADER_BACKGROUND, (path, background)
        links = page.eval_on_selector_all("header a, nav a", "els => els.map(e => e.href)")
        assert links, path
        for href in links:
            r = requests.get(urljoin(page.url, href), timeout=60)
            assert r.status_code == 200, (path, href, r.status_code)
        assert page.errors == [], (path, page.errors)
        outside = [u for u in page.requests
                   if urlparse(u).scheme in ("http", "https", "ws", "wss")
                   and urlparse(u).hostname != "127.0.0.1"]
        assert outside == [], (path, outside)
    finally:
        page.close()


def test_resource_page_shows_labels_in_its_language(browser, base):
    page = _open(browser, base + "/id/organization/example-body")  # 303 → .html
    try:
        assert page.url.endswith("/id/organization/example-body.html")
        assert page.locator("h1").inner_text() == "Example Regional Body"
        # the members over time, as a table with roles and periods (not under "referred to")
        members = page.locator("#table-members").inner_text()
        assert "Aland\tfounding member\t2000" in members
        assert "Eland\tmember state\t2000\t2010" in members
        assert page.locator("table.incoming").count() == 0 or "Aland" not in \
            page.locator("table.incoming").inner_text()
        assert page.locator("ul.sources a").first.get_attribute("href") == \
            "https://example.org/report"
        assert page.locator("ul.sources a").first.inner_text() == "Example report"
    finally:
        page.close()


def test_serve_shows_a_page_in_spanish(browser, served):
    page = _open(browser, served + "/id/membership/example-body--AAA.html?lang=es")
    try:
        assert page.locator("h1").inner_text() == \
            "Alandia en Organismo Regional de Ejemplo (miembro fundador, desde 2000)"
        assert page.locator("header").inner_text().count("Explorar") == 1
    finally:
        page.close()


def test_query_page_runs_a_saved_question_and_shows_rows(browser, served):
    page = _open(browser, served + "/query")
    try:
        page.select_option("#picker", "010")  # the page reloads at its permalink and runs
        page.wait_for_selector("#answer-table a.labelled", timeout=30000)  # labels for IRIs
        assert "q=010" in page.url
        text = page.locator("#answer-table tbody").inner_text()
        assert page.locator("#answer-table tbody tr").count() == 4  # 010's expected answer
        assert "Example Regional Body" in text and "not ratified" in text
        link = page.locator("#answer-table a.labelled", has_text="Example Regional Body").first
        assert link.get_attribute("href").endswith("/id/organization/example-body.html")
        assert page.locator("#answer-downloads a[download]").count() == 2  # CSV and JSON
        assert page.errors == []
    finally:
        page.close()


def _axe(browser, url: str, width: int) -> tuple[list, int, int]:  # noqa: ANN001
    """axe-core's serious and critical violations on ``url`` at ``width`` px, and the page's
    scroll and client widths (a horizontal scrollbar when the first is larger)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        widths = page.evaluate("[document.documentElement.scrollWidth, "
                               "document.documentElement.clientWidth]")
        return bad, widths[0], widths[1]
    finally:
        context.close()


def _in(path: str, lang: str) -> str:
    if lang == "en":
        return path
    stem, _, query = path.partition("?")
    return stem[:-5] + f".{lang}.html" + (f"?{query}" if query else "")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["es", "en", "fr"])
def test_every_page_kind_is_accessible_and_fits_the_screen(browser, base, lang, width):
    """axe-core: no serious or critical violation; no horizontal scrollbar."""
    problems = []
    for path in KINDS:
        bad, scroll, client = _axe(browser, f"{base}/{_in(path, lang)}", width)
        if bad:
            problems.append((path, bad))
        if scroll > client + 1:
            problems.append((path, f"{scroll}px wide in a {client}px window"))
    assert problems == [], problems


@pytest.mark.parametrize("lang", ["es", "en", "fr"])
def test_query_page_is_accessible_and_fits_the_screen(browser, served, lang):
    for width in (1280, 390):
        for q in ("", "q=207", "q=010"):
            bad, scroll, client = _axe(browser, f"{served}/query?lang={lang}&{q}", width)
            assert bad == [], (q, width, bad)
            assert scroll <= client + 1, (q, width, scroll, client)


def test_search_finds_names_in_every_language_on_both_doors(browser, base):
    page = _open(browser, base + "/index.fr.html")
    try:
        page.fill("#site-search", "alandia")  # the Spanish name, from the French page
        page.press("#site-search", "Enter")
        page.wait_for_selector(".results-list a", timeout=15000)
        link = page.locator(".results-list a").first
        assert link.inner_text() == "Aland" or "Aland" in link.inner_text()
        assert link.get_attribute("href").endswith("AAA.fr.html")  # the language is kept
        assert page.errors == []
    finally:
        page.close()


def test_lang_parameter_leads_to_the_page_in_that_language(browser, base):
    page = _open(browser, base + "/id/organization/example-body.html?lang=es")
    try:
        page.wait_for_function("document.documentElement.lang === 'es'", timeout=10000)
        assert page.locator("h1").inner_text() == "Organismo Regional de Ejemplo"
        assert page.locator("#members").inner_text() == "Miembros a lo largo del tiempo"
    finally:
        page.close()


def test_query_page_form_permalink_and_embed(browser, served):
    """A required parameter must be filled before the question runs; the address restores
    question, parameters and view; the embed path has its own frame policy."""
    page = _open(browser, served + "/query?q=207&lang=es")
    try:
        field = page.locator("#param-country")
        assert field.get_attribute("required") is not None
        assert page.locator("#answer-table tr").count() == 0  # not run without a country
        page.locator("#run").click()  # the browser refuses: the field is required
        assert "country=" not in page.url
        field.fill("pid:country/AAA")
        page.locator("#run").click()
        page.wait_for_selector("#answer-table tbody tr", timeout=30000)
        assert "q=207" in page.url and "country=pid%3Acountry%2FAAA" in page.url
        assert "^^" not in page.locator("#answer-table").inner_text()  # values, not literals
        page.wait_for_selector("#views-body .view-buttons a.chart-data", timeout=30000)
        page.locator("#views-body button[data-view=chart]").first.click()
        assert "view=chart" in page.url  # the permalink keeps the view
        permalink = page.url
        assert page.errors == [], page.errors
    finally:
        page.close()
    again = _open(browser, permalink)
    try:
        assert again.locator("#param-country").input_value() == "pid:country/AAA"
        again.wait_for_selector("#views-body .view[data-view=chart]", timeout=30000)
    finally:
        again.close()
    r = requests.get(served + "/query/embed?q=207&country=pid:country/AAA&view=chart",
                     timeout=30)
    assert "frame-ancestors *" in r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in requests.get(served + "/query", timeout=30).headers[
        "Content-Security-Policy"]
    embed = _open(browser, served + "/query/embed?q=207&country=pid:country/AAA&view=chart")
    try:
        embed.wait_for_selector("#views-body svg", timeout=30000)
        assert embed.errors == []
    finally:
        embed.close()


def test_query_editor_completes_from_this_server_under_its_csp(browser, served):
    page = _open(browser, served + "/query")
    try:
        page.locator(".CodeMirror").first.click()
        page.keyboard.press("Control+End")
        page.keyboard.type("\nSELECT * WHERE { ?s a org:Mem")
        page.keyboard.press("Control+Space")
        page.wait_for_selector(".CodeMirror-hints li", timeout=10000)
        hints = page.locator(".CodeMirror-hints").inner_text()
        assert "Membership" in hints
        assert page.errors == [], page.errors  # no request refused by the page's CSP
    finally:
        page.close()


def test_query_page_shows_status_words_in_the_page_s_language(browser, served):
    """Display only: 010's "not ratified" reads « no ratificado » on the Spanish page; the
    CSV download keeps the data's own words."""
    page = _open(browser, served + "/query?lang=es&q=010")
    try:
        page.wait_for_selector("#answer-table a.labelled", timeout=30000)
        text = page.locator("#answer-table tbody").inner_text()
        assert "no ratificado" in text and "not ratified" not in text
        assert page.errors == []
    finally:
        page.close()
