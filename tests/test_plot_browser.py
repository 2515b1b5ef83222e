"""A real browser (Debian's headless Chromium through Playwright) loads the overview page, a
regional body's page and the query page with its map view, on the real registry and country
table served from 127.0.0.1: the pictures are there, no console error, no request leaves
127.0.0.1. Screenshots go to the test's temporary folder (PUENTES_SCREENSHOTS=DIR keeps them)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from servers import puentes_server

from puentes.store import GraphStore
from puentes.web.app import App

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not shutil.which("chromium"),
                                 reason="Debian's chromium is not installed "
                                        "(scripts/install-system-deps.sh installs it)")]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _store() -> GraphStore:
    from puentes.build.loop import mapped_store

    return mapped_store(["countries", "registry"])


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("PUENTES_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    shots.mkdir(parents=True, exist_ok=True)
    with puentes_server(App(_store())) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors, outside = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
        page.on("request", lambda r: outside.append(r.url)
                if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
        page.base, page.errors, page.outside, page.shots = base, errors, outside, shots
        yield page
        browser.close()


def _clean(page) -> None:  # noqa: ANN001
    assert page.errors == [], page.errors
    assert page.outside == [], page.outside


def test_overview_page_shows_flows_maps_and_timelines(browser_page):
    page = browser_page
    page.goto(page.base + "/overview")
    kinds = page.eval_on_selector_all("figure.picture", "fs => fs.map(f => f.dataset.kind)")
    assert {"flows", "ratification-map", "conferences", "timeline", "chain"} <= set(kinds)
    assert page.locator("svg[data-kind=flows] path.edge").count() > 10
    assert page.locator("svg[data-kind=conferences] text.source").count() == 1
    page.screenshot(path=str(page.shots / "overview.png"), full_page=False)
    _clean(page)


def test_body_page_shows_its_member_map_and_table(browser_page):
    page = browser_page
    page.goto(page.base + "/id/organization/eac")  # 303 → .html
    filled = page.eval_on_selector_all("svg[data-kind=members-map] path.filled",
                                       "ps => ps.map(p => p.dataset.iso3).sort()")
    assert {"KEN", "TZA", "UGA", "RWA", "BDI", "SSD", "COD", "SOM"} == set(filled)
    assert page.locator("table.picture-table >> text=Kenya").count() >= 1
    # a member's shape links to its page and names it on hover
    link = page.locator("svg[data-kind=members-map] a:has(path[data-iso3=KEN])")
    assert link.get_attribute("href") == "../../id/country/KEN.html"  # relative: any mount
    assert "Kenya" in page.locator("path[data-iso3=KEN].filled title").text_content()
    page.locator("figure[data-kind=members-map]").screenshot(path=str(page.shots / "eac.png"))
    # the members on another day: the form reloads the page with ?date=
    page.fill("form.members-on input[type=date]", "2005-01-01")
    page.click("form.members-on button")
    page.wait_for_url("**date=2005-01-01**")
    filled = page.eval_on_selector_all("svg[data-kind=members-map] path.filled",
                                       "ps => ps.map(p => p.dataset.iso3).sort()")
    assert filled == ["KEN", "TZA", "UGA"]
    _clean(page)


def test_query_page_shows_a_map_view_of_a_result(browser_page):
    page = browser_page
    page.goto(page.base + "/query")
    page.select_option("#picker", "201")  # members of a body: a country column
    page.wait_for_url("**q=201**")
    assert page.locator("#answer-table tr").count() == 0  # the body is required: not run
    page.fill("#param-body", "pid:organization/eac")
    page.click("#run")
    page.wait_for_selector("#views svg path.filled", timeout=30000)
    assert page.locator("#views .view-buttons button[data-view=map]").count() == 1
    filled = page.eval_on_selector_all("#views svg path.filled",
                                       "ps => ps.map(p => p.dataset.iso3)")
    assert {"KEN", "TZA", "UGA"} <= set(filled)
    assert page.locator("#views svg text.source").count() == 1
    # the table shows labels in place of IRIs (the IRI stays as the hover text)
    page.wait_for_selector("#answer-table a.labelled", timeout=10000)
    first = page.locator("#answer-table a.labelled").first
    assert first.get_attribute("href").startswith("/id/")
    assert "://" not in first.inner_text() and \
        first.get_attribute("title").startswith("https://w3id.org/puentes/id/")
    page.locator("#views").screenshot(path=str(page.shots / "query-map.png"))
    page.click("#views .view-buttons button[data-view=timeline]")
    page.wait_for_selector("#views svg circle.date, #views svg rect.period")
    page.locator("#views").screenshot(path=str(page.shots / "query-timeline.png"))
    _clean(page)
