"""The saved queries (queries/NNN_slug.ttl): each answers the example graph exactly as its
expected file says, on Oxigraph and on rdflib; their metadata passes shapes/saved-queries.ttl;
parameters are bound as RDF terms (injection attempts bind harmless terms or are refused);
unknown queries and wrong parameters are clear errors. The command line: test_query_cli.py."""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH

from puentes.check.validate import validate_graph
from puentes.errors import StoreError
from puentes.model import load_model_graph
from puentes.namespaces import PREFIXES, with_prefixes
from puentes.paths import project_root, queries_dir
from puentes.query import (
    QueryError,
    SavedQuery,
    bind_parameters,
    find_query,
    inline_values,
    is_ordered,
    labels,
    open_store,
    parse_term,
    push_values,
    run_saved_query,
    run_text,
    saved_queries,
    store_from_files,
    to_csv,
)

# rdflib's own Dataset code warns about itself on every union-graph query.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context:DeprecationWarning")
ROOT = project_root()
FIXTURE = ROOT / "tests" / "fixtures" / "example-graph.ttl"
PARAMS = yaml.safe_load((ROOT / "tests" / "fixtures" / "example-graph.params.yaml").read_text())
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="module")
def store():
    return store_from_files([FIXTURE])


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The same data for rdflib: the model and the example, each in its own named graph, the
    default graph being their union (as on the store)."""
    ds = Dataset(default_union=True)
    ds.graph(URIRef(PREFIXES["pg"] + "ontology")).__iadd__(load_model_graph())
    ds.graph(URIRef(PREFIXES["pg"] + "file-0")).parse(FIXTURE)
    return ds


def _canon(value: str) -> str:
    # Engines write numbers differently ("250000" / "250000.0"): compare numbers as numbers.
    try:
        return str(Decimal(value).normalize()) if value[:1].isdigit() else value
    except InvalidOperation:
        return value


def _rows(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, [tuple(_canon(c) for c in r) for r in rows]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("query", saved_queries(), ids=lambda q: q.name)
def test_saved_query_answers_the_example_graph_as_expected(query, engine, store, dataset):
    """Exactly the rows of NNN_slug.expected.csv — in that order when the query has ORDER BY
    — on Oxigraph (VALUES-bound parameters) and on rdflib (initBindings)."""
    header, expected = _rows(query.path.with_name(f"{query.name}.expected.csv")
                             .read_text(encoding="utf-8"))
    where = {"store": store} if engine == "oxigraph" else {"graph": dataset}
    result = run_saved_query(query, params=PARAMS.get(query.number, {}), **where)
    got_header, got = _rows(to_csv(result))
    assert got_header == header
    if query.ordered:
        assert got == expected
    else:
        assert sorted(got) == sorted(expected)
    assert expected, f"{query.name}: the example graph must give a non-empty answer"


# --- the catalogue ------------------------------------------------------------------------
def test_there_are_twelve_competency_questions_with_metadata():
    # the role is read from each query's metadata (pu:queryRole), not from its number
    numbers = [q.number for q in saved_queries() if q.competency]
    assert numbers == [f"{i:03d}" for i in range(1, 13)]
    for q in saved_queries():
        assert q.role in ("competency-question", "analysis-question", "picture-question"), \
            f"{q.name}: give the query a role (pu:queryRole pq:…; see queries/README.md)"
        assert {"es", "en", "fr"} <= set(q.titles), q.name
        assert {"es", "en", "fr"} <= set(q.questions), q.name
        assert q.keywords, q.name
        assert q.ordered, f"{q.name}: order the rows (ORDER BY), so answers are stable"


def _catalogue_graph() -> Graph:
    g = Graph()
    for path in sorted(queries_dir().glob("*.ttl")):
        g.parse(path)
    return g


def test_the_catalogue_passes_the_saved_query_shapes():
    shapes = Graph().parse(ROOT / "shapes" / "saved-queries.ttl")
    report = validate_graph(_catalogue_graph(), shapes=shapes)
    assert report.accepted, [(str(r.focus_node), r.message) for r in report.results]
    assert len(set(_catalogue_graph().subjects(SH.select, None))) == len(saved_queries())


def test_the_shapes_catch_a_broken_catalogue():
    g = _catalogue_graph()
    q001 = URIRef("https://w3id.org/puentes/query/001")
    g.remove((q001, URIRef("http://schema.org/keywords"), None))
    g.remove((URIRef("https://w3id.org/puentes/query/prefixes"), SH.declare, None))
    report = validate_graph(g, shapes=Graph().parse(ROOT / "shapes" / "saved-queries.ttl"))
    paths = {(str(r.focus_node), r.path_name or "") for r in report.results}
    assert not report.accepted
    assert any(f == str(q001) and "keyword" in p for f, p in paths), paths
    assert any("prefix" in p for _, p in paths), paths


def test_prefixes_ttl_declares_exactly_the_project_prefixes():
    g = Graph().parse(queries_dir() / "prefixes.ttl")
    declared = {str(g.value(d, SH.prefix)): str(g.value(d, SH.namespace))
                for d in g.objects(None, SH.declare)}
    assert declared == PREFIXES


# --- finding queries --------------------------------------------------------------------------
def test_a_query_is_found_by_number_slug_name_or_path(tmp_path: Path, monkeypatch):
    q = find_query("009")
    assert find_query("9") == q and find_query("coverage-gaps") == q
    assert find_query("009_coverage-gaps") == q and find_query(str(q.path)).text == q.text
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT ?s WHERE { ?s a pu:Country }")
    mine = find_query(str(rq))
    assert mine.adhoc and mine.slug == "mine" and not q.adhoc
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT * { ?s ?p ?o }"))
    assert find_query("-").text == "SELECT * { ?s ?p ?o }"


def test_unknown_query_is_a_clear_error_with_suggestions():
    with pytest.raises(QueryError) as err:
        find_query("999")
    assert "puentes query --list" in err.value.hint
    with pytest.raises(QueryError) as err:
        find_query("regional-roadmap")
    assert "regional-roadmaps" in err.value.hint
    with pytest.raises(QueryError, match="no such query file"):
        find_query("nowhere.rq")


# --- parameters -------------------------------------------------------------------------------
def test_parameter_changes_the_answer(store):
    q = find_query("009")
    low = run_saved_query(q, store=store, params={"threshold": "5"})
    high = run_saved_query(q, store=store, params={"threshold": "30"})
    prevalence = lambda r: [x for x in r.rows if x["value"] is not None]  # noqa: E731
    assert len(prevalence(low)) == 1 and prevalence(high) == []
    gaps = find_query("012")
    old = run_saved_query(gaps, store=store, params={"asOf": "2026", "maxAge": "20"})
    new = run_saved_query(gaps, store=store, params={"asOf": "2030", "maxAge": "5"})
    countries = lambda r: {x["subject"].value for x in r.rows if "/country/" in x["subject"].value}  # noqa: E731
    # DDD has no 8.7.1 figure at all; with five years from 2030 every other figure is too old
    assert countries(old) == {"https://w3id.org/puentes/id/country/DDD"}
    assert len(countries(new)) == 5


def test_defaults_fill_in_and_iri_parameters_take_prefixed_names(store):
    q = find_query("001")
    every = run_saved_query(q, store=store)
    one = run_saved_query(q, store=store, params={"body": "pid:organization/example-body-2"})
    assert len(every.rows) == 2 and one.rows == []
    bound = bind_parameters(find_query("009"), {})
    assert bound["threshold"] == ox.Literal("10", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal"))


@pytest.mark.parametrize("value", [
    '2015" } ; DROP ALL ; SELECT * WHERE { "',
    "2015> } } #",
    "2015 ",
])
def test_injection_attempts_on_a_typed_parameter_are_refused(store, value):
    with pytest.raises(QueryError) as err:
        run_saved_query(find_query("012"), store=store, params={"asOf": value})
    assert "not a valid gYear" in str(err.value)
    assert "asOf (gYear, optional)" in err.value.hint  # the parameters are listed


@pytest.mark.parametrize("value", [
    "https://w3id.org/puentes/id/organization/example-body> } #",
    "pid:organization/x> . ?s ?p ?o",
    "not an iri",
])
def test_injection_attempts_on_an_iri_parameter_are_refused(store, value):
    with pytest.raises(QueryError, match="IRI"):
        run_saved_query(find_query("001"), store=store, params={"body": value})


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_string_value_is_one_literal_whatever_it_holds(store, dataset, engine):
    """In an analyst's own query, a quote-laden value stays one literal: no extra pattern,
    no update, the store unchanged."""
    q = SavedQuery(number="", slug="mine", text=(
        "SELECT ?c WHERE { ?c a pu:Country ; rdfs:label ?l FILTER(STR(?l) = ?name) }"))
    where = {"store": store} if engine == "oxigraph" else {"graph": dataset}
    size = len(store.store)
    for evil in ('Aland" || true || "', 'x") } ; DROP ALL ; SELECT * { ?c ?p ?o FILTER("'):
        assert run_saved_query(q, params={"name": evil}, **where).rows == []
    assert len(run_saved_query(q, params={"name": "Aland"}, **where).rows) == 1
    assert len(store.store) == size


def test_unknown_missing_and_malformed_parameters_list_the_query_parameters(store):
    with pytest.raises(QueryError) as err:
        run_saved_query(find_query("001"), store=store, params={"nope": "1"})
    assert "has no parameter nope" in str(err.value) and "body (IRI" in err.value.hint
    with pytest.raises(QueryError) as err:
        run_saved_query(find_query("104"), store=store)
    assert "needs --param country" in str(err.value)
    assert "country (IRI, required)" in err.value.hint and "tolerance" in err.value.hint
    with pytest.raises(QueryError) as err:
        run_saved_query(find_query("009"), store=store, params={"threshold": "ten"})
    assert "not a valid decimal" in str(err.value) and "threshold" in err.value.hint
    with pytest.raises(QueryError) as err:
        run_saved_query(find_query("003"), store=store, params={"x": "1"})
    assert "takes no parameters" in err.value.hint


def test_an_adhoc_query_binds_its_own_variables_as_terms(store):
    q = SavedQuery(number="", slug="stdin", text="SELECT ?c WHERE { ?c pu:inRegion ?r }")
    rows = run_saved_query(q, store=store, params={"r": "pid:region/example-americas"}).rows
    assert {r["c"].value.rsplit("/", 1)[-1] for r in rows} == {"CCC", "DDD"}
    with pytest.raises(QueryError, match="no variable [?]region"):
        bind_parameters(q, {"region": "pid:region/example-americas"})
    assert parse_term("true") == ox.Literal("true", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#boolean"))
    assert parse_term('"2020"^^xsd:gYear').datatype.value.endswith("#gYear")
    assert parse_term("just words") == ox.Literal("just words")


# --- where the VALUES block goes -----------------------------------------------------------
@pytest.mark.parametrize("head,rest", [
    ("SELECT ?s WHERE {", " ?s ?p ?o }"),
    ("SELECT ?s {", " ?s ?p ?o }"),
    ("PREFIX ex: <http://example.org/a#b> # a { in a comment\nSELECT ?s WHERE {", " ?s ?p ?o }"),
    ("SELECT ?s WHERE {", " ?s <http://example.org/a#b> ?o } ORDER BY ?s"),
    ('SELECT (CONCAT("{", ?o) AS ?s) WHERE {', " ?x ?p ?o }"),
    ("SELECT ?s WHERE {", " { SELECT ?s WHERE { ?s ?p ?o } } }"),
])
def test_values_go_at_the_start_of_the_outermost_group(head, rest):
    out = inline_values(head + rest, {"o": ox.Literal("v")})
    assert out == head + '\n  VALUES (?o) { ("v") }\n' + rest


def test_parameters_are_pushed_into_the_sub_selects_that_hand_them_up():
    c = {"c": ox.NamedNode("urn:c")}
    block = "VALUES (?c) { (<urn:c>) }"
    # projected as it is, grouped by: bound inside too (the join keeps only these rows anyway)
    out = push_values("SELECT * { { SELECT ?c (COUNT(*) AS ?n) { ?x ?p ?c } GROUP BY ?c } }", c)
    assert out.count(block) == 1 and out.index(block) > out.index("(COUNT(*) AS ?n) {")
    # nested: only through sub-SELECTs that all hand it up
    assert push_values("SELECT * { { SELECT ?c { { SELECT ?c { ?x ?p ?c } } } } }",
                       c).count(block) == 2
    for text in [
        "SELECT * { { SELECT ?n { ?x ?p ?c } } }",  # not projected: another ?c
        "SELECT * { { SELECT ?c { ?x ?p ?c } LIMIT 1 } }",  # LIMIT would pick other rows
        "SELECT * { { SELECT (?x AS ?c) { ?x ?p ?o } } }",  # computed, not handed up
        "SELECT * { { SELECT ?c { ?x ?p ?o BIND(?o AS ?c) } } }",  # assigned inside
        "SELECT * { ?s ?p ?o MINUS { SELECT ?c { ?s ?p ?c } } }",  # MINUS compares rows
        "SELECT * { ?s ?p ?o FILTER NOT EXISTS { SELECT ?c { ?s ?p ?c } } }",
        "SELECT * { { SELECT ?n { { SELECT ?c { ?x ?p ?c } } } } }",  # its parent hides ?c
        "SELECT * { { SELECT ?c { ?x ?p ?o OPTIONAL { ?o ?q ?c } } } }",  # may leave ?c unbound
        "SELECT * { { SELECT ?c { ?x ?p ?o { ?o ?q ?c } UNION { ?o ?r ?c } } } }",
        "SELECT * { { SELECT ?c ?s { BIND(STR(?c) AS ?s) ?x ?p ?c } } }",  # BIND before it
        "SELECT * { { SELECT ?c { VALUES ?c { UNDEF } ?x ?p ?o } } }",  # inline data
        "SELECT * { { ?s ?p ?o OPTIONAL { SELECT ?c { ?s ?q ?c } } } }",  # left side lacks ?c
    ]:
        assert block not in push_values(text, c), text
    # FILTERs see the value either way; an OPTIONAL of the outermost group is joined on it
    assert block in push_values("SELECT * { { SELECT ?c { ?x ?p ?c FILTER(?c != ?x) } } }", c)
    assert block in push_values("SELECT * { ?s ?p ?o OPTIONAL { SELECT ?c { ?s ?q ?c } } }", c)
    # the outermost query's own LIMIT is not the sub-SELECT's
    assert block in push_values("SELECT * { { SELECT ?c { ?x ?p ?c } } } LIMIT 1", c)


@pytest.mark.parametrize("query", [q for q in saved_queries() if q.parameters],
                         ids=lambda q: q.name)
def test_pushing_parameters_into_sub_selects_changes_no_answer(query, store):
    """Every saved query with parameters answers the same with its parameters bound at the
    outermost level only (as written) and pushed into its sub-SELECTs (as run)."""
    params = PARAMS.get(query.number, {})
    bindings = bind_parameters(query, params)
    text = with_prefixes(query.text)
    outer = store.query(inline_values(text, bindings))
    pushed = store.query(inline_values(push_values(text, bindings), bindings))
    names = [v.value for v in outer.variables]
    rows = [tuple(str(s[n]) for n in names) for s in outer]
    assert rows == [tuple(str(s[n]) for n in names) for s in pushed]


def test_construct_templates_are_not_taken_for_the_group():
    out = inline_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"p": ox.NamedNode("http://x")})
    assert out.startswith("CONSTRUCT { ?s ?p ?o } WHERE {\n  VALUES (?p)")


def test_order_by_is_detected_on_the_outermost_query_only():
    assert is_ordered("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s")
    assert not is_ordered("SELECT * WHERE { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }")
    assert not is_ordered('SELECT * WHERE { ?s ?p "ORDER BY" }')


# --- running and labels ---------------------------------------------------------------------
def test_only_select_queries_run_and_bad_sparql_is_a_clear_error(store, dataset):
    with pytest.raises(QueryError, match="only SELECT"):
        run_text("ASK { ?s ?p ?o }", store=store)
    with pytest.raises(QueryError, match="not valid SPARQL"):
        run_text("SELECT ?s WHERE { ?s ?p }", store=store)
    with pytest.raises(QueryError, match="rdflib"):
        run_text("SELECT ?s WHERE { ?s ?p }", graph=dataset)


def test_a_bare_pyoxigraph_store_is_queried_over_the_union_of_its_graphs(store):
    rows = run_text("SELECT (COUNT(*) AS ?n) WHERE { ?c a pu:Country }", store=store.store).rows
    assert rows[0]["n"].value == "5"


def test_labels_follow_the_language_with_fallbacks(store, dataset):
    result = run_saved_query(find_query("010"), store=store)
    for where in ({"store": store}, {"graph": dataset}):
        es, fr = labels(result, "es", **where), labels(result, "fr", **where)
        body = "https://w3id.org/puentes/id/organization/example-body"
        assert es[body] == "Organismo Regional de Ejemplo"
        assert fr[body] == "Example Regional Body"  # no French name: English
        assert es["https://w3id.org/puentes/id/country/AAA"] == "Alandia"
        assert fr["https://w3id.org/puentes/id/country/AAA"] == "Alandie"
        assert labels(result, "es", **where)["https://w3id.org/puentes/id/instrument/ilo-c138"]


def test_csv_keeps_the_iri_and_adds_a_label_column(store):
    result = run_saved_query(find_query("010"), store=store)
    header, *rows = list(csv.reader(io.StringIO(to_csv(result, labels(result, "en",
                                                                          store=store)))))
    assert header == ["body", "body_label", "country", "country_label", "convention",
                      "convention_label", "gap"]
    assert rows[0][:2] == ["https://w3id.org/puentes/id/organization/example-body",
                           "Example Regional Body"]


def test_no_store_is_a_clear_error(tmp_path: Path):
    with pytest.raises(StoreError, match="no store at") as err:
        open_store(tmp_path / "none")
    assert "puentes build" in err.value.hint


# --- the expected files and the checks -------------------------------------------------------
def test_expected_files_are_what_refresh_would_write(store):
    from refresh_expected import expected_csv

    for q in saved_queries():
        path = q.path.with_name(f"{q.name}.expected.csv")
        assert expected_csv(q, store, PARAMS) == path.read_text(encoding="utf-8"), q.name


def test_violation_checks_return_no_rows_on_the_example_graph_and_the_model(store):
    from puentes.check.checks import run_checks

    assert run_checks(store.store) == []
