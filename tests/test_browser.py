"""A real browser (Debian's headless Chromium, driven by Playwright) opens a resource page
and the query page, runs a saved question and sees the answer rows."""

from __future__ import annotations

import shutil

import pytest
from servers import puentes_server

from puentes.paths import project_root
from puentes.serve import App
from puentes.store import store_from_files

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not shutil.which("chromium"),
                                 reason="Debian's chromium is not installed "
                                        "(scripts/install-system-deps.sh installs it)")]
FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with puentes_server(App(store_from_files([FIXTURE]))) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page()
        pg.base = base
        yield pg
        browser.close()


def test_resource_page_shows_labels_links_and_sources(page):
    page.goto(page.base + "/id/organization/example-body")  # 303 → .html
    assert page.url.endswith("/id/organization/example-body.html")
    assert page.locator("h1").inner_text() == "Example Regional Body"
    assert page.locator("text=Example Regional Roadmap 2020–2030").count() >= 1
    assert page.locator("ul.sources a").first.get_attribute("href") == \
        "https://example.org/report"


def test_query_page_runs_a_saved_question_and_shows_rows(page):
    page.goto(page.base + "/query")
    page.select_option("#picker", "010")
    page.wait_for_selector(".yasr table tbody tr", timeout=30000)
    text = page.locator(".yasr table tbody").inner_text()
    assert page.locator(".yasr table tbody tr").count() == 2
    assert "example-body" in text and "not ratified" in text
