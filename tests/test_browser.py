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
         "/queries/index.html", "/ontology/index.html", "/ontology/es.html"]


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
        # memberships by their country, body, role and period, not "AAA in example-body"
        incoming = page.locator("table.incoming").inner_text()
        assert "Aland in Example Regional Body (founding member, since 2000)" in incoming
        assert "Eland in Example Regional Body (member state, 2000–2010)" in incoming
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
        page.select_option("#picker", "010")
        page.wait_for_selector(".yasr table tbody tr", timeout=30000)
        page.wait_for_selector(".yasr table a.labelled", timeout=10000)  # labels for IRIs
        text = page.locator(".yasr table tbody").inner_text()
        assert page.locator(".yasr table tbody tr").count() == 2
        assert "Example Regional Body" in text and "not ratified" in text
        link = page.locator(".yasr table a.labelled", has_text="Example Regional Body").first
        assert link.get_attribute("href").endswith("/id/organization/example-body")
        assert page.errors == []
    finally:
        page.close()
