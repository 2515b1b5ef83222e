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
    assert page.locator("svg[data-kind=conferences] text.source").count() >= 1  # it wraps
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
    assert page.locator("#views svg text.source").count() >= 1  # it wraps
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


# -- every picture kind, measured in the browser (issue 18) -----------------------------------

#: the rendered box of every text of the picture — its own box (getBBox) carried to the page
#: by its transform (getScreenCTM), so that a rotated label is a rotated quadrilateral, not
#: the larger upright box around it — the picture's own box, the texts that leave it, and
#: the pairs that overlap (separating-axis test; more than half a pixel: edges may touch)
MEASURE = """svg => {
  const frame = svg.getBoundingClientRect();
  const quad = t => { const b = t.getBBox(), m = t.getScreenCTM();
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
            [b.x, b.y + b.height]].map(([x, y]) => [m.a * x + m.c * y + m.e,
                                                    m.b * x + m.d * y + m.f]); };
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => ({text: t.textContent.trim().slice(0, 60), q: quad(t)}));
  const apart = (p, q) => {
    for (const poly of [p, q]) for (let i = 0; i < 4; i++) {
      const [x0, y0] = poly[i], [x1, y1] = poly[(i + 1) % 4];
      const nx = y0 - y1, ny = x1 - x0, len = Math.hypot(nx, ny) || 1;
      const proj = r => r.map(([x, y]) => (x * nx + y * ny) / len);
      const a = proj(p), b = proj(q);
      if (Math.min(...a) > Math.max(...b) - 0.5 || Math.min(...b) > Math.max(...a) - 0.5)
        return true;
    }
    return false; };
  const outside = texts.filter(({q}) => q.some(([x, y]) => x < frame.left - 0.5
      || y < frame.top - 0.5 || x > frame.right + 0.5 || y > frame.bottom + 0.5));
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++)
    if (!apart(texts[i].q, texts[j].q)) overlaps.push([texts[i].text, texts[j].text]);
  return {count: texts.length, outside: outside.map(b => b.text), overlaps: overlaps};
}"""


def _pictures(store, params_of, langs=("es", "en", "fr")):  # noqa: ANN001, ANN202
    from puentes.web.plot.catalogue import KINDS
    from puentes.web.plot.kinds import Context, draw

    for kind in KINDS:
        params = params_of(kind)
        if params is None:
            continue
        for lang in langs:
            yield kind.name, lang, draw(kind.name, Context(store=store, lang=lang,
                                                          built="2026-12-07"), params)


@pytest.fixture(scope="module")
def chromium_page(browser_page):
    """A second page of the same browser (one Playwright per process)."""
    context = browser_page.context.browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def _measure(page, svg: str, width: int) -> dict:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 900})
    page.set_content('<!doctype html><html><head><meta charset="utf-8"><style>'
                     "body{margin:8px;font-family:system-ui,sans-serif}"
                     "svg{max-width:100%;height:auto;display:block}</style></head><body>"
                     + svg + "</body></html>")
    return page.eval_on_selector("svg.puentes-picture", MEASURE)


@pytest.mark.parametrize("width", [1280, 390])
def test_no_text_of_any_picture_overlaps_another_or_leaves_it(chromium_page, width):
    """Every picture kind on the example graph (each draws there) and on the real registry
    and country table, in es, en and fr, at 1280 and 390 px: measured from the rendered
    boxes, no text box overlaps another and none leaves the picture."""
    from puentes.build.loop import mapped_store
    from puentes.query import store_from_files
    from puentes.web.plot.catalogue import CATALOGUE

    example = store_from_files([Path(__file__).parent / "fixtures" / "example-graph.ttl"])
    # the real registry, countries, statistics and findings (Ghana's 8.7.1: ~80 figures in
    # a dozen sexes and age groups; the ratification map: the U.S. DOL findings)
    full = mapped_store(["countries", "registry", "ilostat-sdg-8.7.1", "un-sdg-8.7.1",
                         "unicef-sowc-2023", "usdol-ilab"])
    real = {"members-map": {"body": "pid:organization/eac", "date": "2025-01-01"},
            "coverage-map": {"initiative": "pid:initiative/ecowas-rap-2021-2030",
                             "date": "2024-06-01"},
            "timeline": {"body": "pid:organization/asean"},
            "ratification-map": {}, "conferences": {}, "chain": {}, "flows": {},
            "sdg871-map": {}, "sdg871-chart": {"country": "pid:country/GHA"},
            "members-chart": {"body": "pid:organization/ecowas"}}
    problems, measured = [], 0
    for store, params_of in ((example, lambda k: k.example_params),
                             (full, lambda k: real.get(k.name))):
        for name, lang, pic in _pictures(store, params_of):
            box = _measure(chromium_page, pic.svg, width)
            measured += 1
            assert box["count"] >= 3, f"{name} {lang}: a title, a legend and a source line"
            problems += [f"{name} [{lang}, {width}px] outside: {t}" for t in box["outside"]]
            problems += [f"{name} [{lang}, {width}px] overlap: {a!r} / {b!r}"
                         for a, b in box["overlaps"]]
    assert measured >= 3 * (len(CATALOGUE) + len(real))
    assert problems == [], "\n".join(problems[:40])
