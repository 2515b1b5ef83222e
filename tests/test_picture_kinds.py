"""Every picture kind, from its one record (``puentes.web.plot.catalogue.KINDS``): its saved
query exists and takes the record's parameters, its drawing loads, the docs name it, and the
picture tells the truth — each drawn mark carries the values it was drawn from, which read
back as rows of the query's answer (every row's subject drawn or listed), and the source
line names the data sets and documents those rows come from, as the graph describes them.

A contributor adding a kind runs this file: it fails until the record, the drawing, the
marks and the docs agree (docs/adding-a-picture-kind.md)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from puentes.paths import project_root
from puentes.query import find_query, run_saved_query, store_from_files
from puentes.web.plot.catalogue import CATALOGUE, KINDS
from puentes.web.plot.kinds import KINDS as LOADED
from puentes.web.plot.kinds import Context, draw

FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
NAMES = [k.name for k in KINDS]


@pytest.fixture(scope="module")
def example():
    return store_from_files([FIXTURE])


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE)


def marks(svg: str) -> list[ET.Element]:
    """Every drawn mark: an element whose class names ``mark``."""
    return [e for e in ET.fromstring(svg).iter() if "mark" in (e.get("class") or "").split()]


def source_line(svg: str) -> str:
    root = ET.fromstring(svg)
    return " ".join(e.text or "" for e in root.iter()
                    if "source" in (e.get("class") or "").split())


def _column(spec: str) -> tuple[str, str]:
    column, _, attr = spec.partition(":")
    return column, attr or column


@pytest.mark.parametrize("name", NAMES)
def test_the_record_is_complete_and_its_query_takes_its_parameters(name):
    kind = CATALOGUE[name]
    query = find_query(kind.query)
    declared = {p.name for p in query.parameters}
    assert set(kind.example_params) <= declared, f"{name}: parameters its query does not take"
    assert kind.about and kind.marks and ":" in kind.drawing
    assert LOADED[name].draw.__doc__, f"{name}: its drawing has no docstring"
    for spec in kind.marks:
        column, _ = _column(spec)
        if query.number not in ("202",):  # the coverage map reads 209 too (its own columns)
            assert f"?{column}" in query.text, f"{name}: {column} is not a column of its query"
    docs = (project_root() / "docs" / "pictures.md").read_text(encoding="utf-8")
    assert f"`{name}`" in docs, f"docs/pictures.md does not describe {name}"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_drawn_values_read_back_as_rows_of_the_answer(example, name, lang):
    kind = CATALOGUE[name]
    pic = draw(name, Context(store=example, lang=lang, built="2026-01-02"),
               kind.example_params)
    rows = run_saved_query(find_query(kind.query), store=example,
                           params=kind.example_params).rows
    assert rows, f"{name}: no answer on the example graph; extend the graph"
    specs = [_column(s) for s in kind.marks]

    def cell(row, column):  # noqa: ANN001, ANN202
        term = row.get(column)
        return None if term is None else term.value

    answer = {tuple(cell(r, c) for c, _ in specs) for r in rows}
    drawn = [tuple(m.get(f"data-{a}") for _, a in specs) for m in marks(pic.svg)]
    assert drawn, f"{name}: no mark carries its values (class=\"mark\", data-* attributes)"
    for values in drawn:
        assert values in answer, f"{name}: a mark drew {values}, which no row answers"
    # every row's subject (the first column) is drawn, or listed under the picture
    assert {a[0] for a in answer} == {d[0] for d in drawn}


@pytest.mark.parametrize("name", NAMES)
def test_the_source_line_names_the_sources_of_the_rows(example, graph, name):
    kind = CATALOGUE[name]
    pic = draw(name, Context(store=example, built="2026-01-02"), kind.example_params)
    rows = run_saved_query(find_query(kind.query), store=example,
                           params=kind.example_params).rows
    named = {r[c].value for r in rows for c in kind.source_columns if r.get(c) is not None}
    # rows without a data set column come from registry records, which cite the example report
    named = named or {"https://w3id.org/puentes/id/source/example-0001"}
    line = source_line(pic.svg)
    for iri in named:
        titles = [str(t) for t in graph.objects(URIRef(iri), DCTERMS.title)]
        assert titles and any(t in line for t in titles), (name, iri, line)
    assert "puentes registry" not in line and f"saved query {kind.query}" in line


def test_countries_a_source_does_not_describe_are_set_apart_from_answers(example):
    """AAA and BBB are described by the example report; CCC, DDD and EEE are not: they are
    "not covered by this source", not "not ratified", in the legend and on the map."""
    pic = draw("ratification-map", Context(store=example),
               {"convention": "pid:instrument/ilo-c138"})
    root = ET.fromstring(pic.svg)
    keys = [" ".join(t.itertext()) for g in root.iter()
            if "key" in (g.get("class") or "").split() for t in g]
    assert any("not covered by this source" in k for k in keys)
    assert any(k.strip() == "not ratified" for k in keys)
    drawn = {m.get("data-country").rsplit("/", 1)[1]: m.get("data-ratified")
             for m in marks(pic.svg)}
    assert drawn == {"AAA": "false", "BBB": "true"}
