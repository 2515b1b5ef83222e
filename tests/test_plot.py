"""Pictures reflect their data: a body's map colours exactly its member states' shapes at a
date, the flow diagram has one edge per flow its query returns, the chart one point per
observation; every picture has a title, a legend and a source line; the CLI writes SVG, HTML
and PNG; the static site carries the pictures and the overview page."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root
from puentes.query import find_query, run_saved_query, store_from_files
from puentes.web.plot.kinds import KINDS, Context, draw
from puentes.web.plot.world import atlas

SVG = "{http://www.w3.org/2000/svg}"
FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
PARAMS = {"members-map": {"body": "pid:organization/example-body", "date": "2012-06-01"},
          "coverage-map": {"initiative": "pid:initiative/example-triangular"},
          "timeline": {"body": "pid:organization/example-body"},
          "sdg871-chart": {"country": "pid:country/AAA"},
          "members-chart": {"body": "pid:organization/example-body"}}


@pytest.fixture(scope="module")
def example():
    return store_from_files([FIXTURE])


@pytest.fixture(scope="module")
def registry_store():
    """The real registry and country table (no statistics): what the member maps draw."""
    from puentes.build.loop import mapped_store

    return mapped_store(["countries", "registry"])


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(SVG + tag) if cls in (e.get("class") or "").split()]


def members_on(date: str, body: str = "eac") -> set[str]:
    """The members of a body on a date, read straight from the registry YAML."""
    data = yaml.safe_load((project_root() / "data/registry/organizations.yaml").read_text())
    org = next(o for o in data if o["id"] == body)
    day = dt.date.fromisoformat(date)

    def as_date(v, end=False):  # noqa: ANN001, ANN202
        if isinstance(v, dt.date):
            return v
        text = str(v)
        if len(text) == 4:
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
        return dt.date.fromisoformat(text)

    return {m["country"] for m in org["members"]
            if ("from" not in m or as_date(m["from"]) <= day)
            and ("to" not in m or as_date(m["to"], True) >= day)}


@pytest.mark.parametrize("zoom", [False, True])
@pytest.mark.parametrize("date", ["2005-01-01", "2008-01-01", "2023-01-01", "2025-01-01"])
def test_member_map_colours_exactly_the_member_states_at_the_date(registry_store, date, zoom):
    ctx = Context(store=registry_store, zoom=zoom)
    pic = draw("members-map", ctx, {"body": "pid:organization/eac", "date": date})
    filled = {p.get("data-iso3") for p in by_class(parse(pic.svg), "path", "filled")}
    expected = members_on(date)
    assert filled == expected & set(atlas()["countries"])
    assert filled == expected  # every EAC member has a shape at this scale
    grey = {p.get("data-iso3") for p in by_class(parse(pic.svg), "path", "country")} - filled
    assert not grey & expected and len(grey) > (10 if zoom else 150)


def test_member_map_dates_change_the_picture(registry_store):
    ctx = Context(store=registry_store)
    early = draw("members-map", ctx, {"body": "pid:organization/eac", "date": "2005-01-01"})
    late = draw("members-map", ctx, {"body": "pid:organization/eac", "date": "2025-01-01"})
    first = {p.get("data-iso3") for p in by_class(parse(early.svg), "path", "filled")}
    last = {p.get("data-iso3") for p in by_class(parse(late.svg), "path", "filled")}
    assert first == {"KEN", "TZA", "UGA"} and first < last and "SOM" in last


def test_flow_diagram_has_one_edge_per_flow(example):
    ctx = Context(store=example)
    pic = draw("flows", ctx)
    rows = run_saved_query(find_query("205"), store=example).rows
    edges = by_class(parse(pic.svg), "path", "edge")
    assert len(edges) == len(rows) == pic.rows == 4
    assert sorted((e.get("data-link"), e.get("data-source"), e.get("data-target"),
                   e.get("data-kind")) for e in edges) == sorted(
        (r["link"].value, r["source"].value, r["target"].value, r["kind"].value) for r in rows)


def test_chart_has_one_point_per_observation_and_tells_vintages_apart(example):
    ctx = Context(store=example)
    pic = draw("sdg871-chart", ctx, {"country": "pid:country/AAA"})
    root = parse(pic.svg)
    points = [e for e in root.iter() if "point" in (e.get("class") or "").split()]
    rows = run_saved_query(find_query("207"), store=example,
                           params={"country": "pid:country/AAA"}).rows
    assert sorted(p.get("data-iri") for p in points) == sorted(r["obs"].value for r in rows)
    assert len(points) == 4  # ILOSTAT 2015, 2020 (two series) and the UN's 2022 figure
    # the two vintages (ILOSTAT 2026, UN SDG 2023): circles for one, squares for the other
    assert {p.tag for p in points} == {SVG + "circle", SVG + "rect"}
    keys = " ".join("".join(t.itertext()) for g in by_class(root, "g", "legend")
                    for t in g.iter(SVG + "text"))
    assert "Example ILOSTAT SDG 8.7.1" in keys and "Example UN SDG 8.7.1" in keys


def test_sdg871_map_marks_uncovered_and_names_countries_without_a_shape(example):
    pic = draw("sdg871-map", Context(store=example))
    root = parse(pic.svg)
    note = " ".join("".join(t.itertext()) for t in by_class(root, "text", "note"))
    assert "Aland" in note and "Eland" in note  # made-up countries: no shape
    legend = by_class(root, "g", "legend")[0]
    assert any(r.get("fill") == "url(#hatch)" for r in legend.iter(SVG + "rect"))
    assert pic.rows == 4  # ILOSTAT 5–17: Aland, Bland, Cland and Eland (none covers Eland)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("lang,source", [("en", "Source:"), ("es", "Fuente:"),
                                         ("fr", "Source :")])
def test_every_picture_has_a_title_a_legend_and_a_source_line(example, kind, lang, source):
    ctx = Context(store=example, lang=lang, built="2026-01-02")
    pic = draw(kind, ctx, PARAMS.get(kind, {}))
    root = parse(pic.svg)
    assert root.get("data-query") == KINDS[kind].query and root.get("lang") == lang
    assert root.find(SVG + "title").text == pic.title
    legend = by_class(root, "g", "legend")
    assert legend and (list(legend[0]) or pic.rows == 0)
    # the source line wraps: its lines read as one
    line = " ".join(t.text for t in by_class(root, "text", "source"))
    assert line.startswith(source.replace(" :", ":")) and "2026-01-02" in line


def test_ratification_map_colours_by_answer(example):
    pic = draw("ratification-map", Context(store=example),
               {"convention": "pid:instrument/ilo-c138"})
    assert pic.rows == 2  # AAA not ratified, BBB ratified (made-up countries: no shapes)
    assert "Aland" in " ".join("".join(t.itertext())
                               for t in by_class(parse(pic.svg), "text", "note"))


def test_cli_writes_svg_html_and_refuses_an_unknown_format(tmp_path):
    runner = CliRunner()
    out = tmp_path / "flows.svg"
    res = runner.invoke(cli, ["plot", "flows", str(FIXTURE), "--out", str(out), "--lang", "fr"])
    assert res.exit_code == 0, res.output
    assert len(by_class(parse(out.read_text()), "path", "edge")) == 4
    html = tmp_path / "chain.html"
    res = runner.invoke(cli, ["plot", "chain", str(FIXTURE), "--out", str(html)])
    assert res.exit_code == 0 and "<svg" in html.read_text() and "008" in res.output
    bad = tmp_path / "x.gif"
    res = runner.invoke(cli, ["plot", "chain", str(FIXTURE), "--out", str(bad)])
    assert res.exit_code == 2 and ".svg, .html or .png" in res.output and not bad.exists()
    res = runner.invoke(cli, ["plot", "members-map", str(FIXTURE), "--out", str(out)])
    assert res.exit_code != 0 and "--param body" in res.output


def test_cli_help_names_every_kind():
    res = CliRunner().invoke(cli, ["plot", "--help"])
    assert res.exit_code == 0 and "Example:" in res.output
    assert all(k in res.output for k in KINDS)


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
def test_cli_writes_png(tmp_path):
    out = tmp_path / "chain.png"
    res = CliRunner().invoke(cli, ["plot", "chain", str(FIXTURE), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000


def test_site_pages_carry_pictures_and_the_overview(example, tmp_path):
    from puentes.web.publish.site import publish

    publish(example, tmp_path / "site", ontology_docs=False)
    site = tmp_path / "site"
    body = (site / "id/organization/example-body.html").read_text()
    assert 'data-kind="members-map"' in body and "picture-table" in body
    assert "Aland" in body  # the members table: labels, not codes
    country = (site / "id/country/AAA.html").read_text()
    assert 'data-kind="sdg871-chart"' in country and "Example Regional Roadmap" in country
    initiative = (site / "id/initiative/example-triangular.html").read_text()
    assert 'data-kind="coverage-map"' in initiative
    overview = (site / "overview.html").read_text()
    for kind in ("flows", "conferences", "chain", "timeline"):
        assert f'data-kind="{kind}"' in overview
    assert 'href="overview.html"' in (site / "index.html").read_text()


@pytest.mark.parametrize("lang, words", [("es", ("Trinidad y Tabago", "no miembro")),
                                         ("fr", ("Trinité-et-Tobago", "non membre"))])
def test_a_map_speaks_the_reader_s_language_even_where_it_draws_no_answer(registry_store,
                                                                         lang, words):
    """The legend's words come from the web catalogue, and a country the answer leaves out
    is named as the graph names it in ``lang`` (the UN's name), not by the atlas's English."""
    pic = draw("members-map", Context(store=registry_store, lang=lang),
               {"body": "pid:organization/ecowas"})
    root = parse(pic.svg)
    tto = next(e for e in root.iter(SVG + "path") if e.get("data-iso3") == "TTO")
    assert tto.find(SVG + "title").text == words[0]
    legend = " ".join("".join(t.itertext()) for t in root.iter(SVG + "text"))
    assert words[1] in legend and "not a member" not in legend
