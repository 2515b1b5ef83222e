"""The columns of the saved questions' answers in the reader's words (queries/columns.ttl and a
query's own pu:column): every projected variable of every saved query is labelled in es, en and
fr, with words rather than its camelCase name; the labels head the answer tables of the pages,
the query page and ``puentes query``'s table in the reader's language, while the downloads
(CSV, JSON) keep the variable names; the published queries.ttl carries them."""

from __future__ import annotations

import csv
import html as htmllib
import io
import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql import prepareQuery

from puentes.cli import cli
from puentes.namespaces import PU, with_prefixes
from puentes.paths import project_root
from puentes.query import SavedQuery, column_labels, find_query, saved_queries

FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
LANGS = ("es", "en", "fr")
#: labels written as the variable's name on purpose: the same word in that language
SAME_WORD = {"es": set(),
             "fr": {"adaptation", "convention", "initiative", "instrument", "source",
                    "suspension"}}


def _projection(q: SavedQuery) -> list[str]:
    """The SELECT's projection as rdflib's SPARQL parser reads it (not a regex)."""
    return [str(v) for v in prepareQuery(with_prefixes(q.text)).algebra["PV"]]


@pytest.mark.parametrize("query", saved_queries(), ids=lambda q: q.name)
def test_every_column_of_every_saved_query_is_labelled_in_es_en_fr(query):
    variables = _projection(query)
    assert variables and query.variables == variables
    shared = column_labels()
    for v in variables:
        declared = {**shared.get(v, {}), **query.columns.get(v, {})}
        missing = [lang for lang in LANGS if not declared.get(lang, "").strip()]
        assert not missing, (f"{query.name}: label the column ?{v} in {missing} in "
                             "queries/columns.ttl (or with pu:column in the query's .ttl)")


def test_labels_are_words_not_variable_names():
    """No label is the camelCase variable name (nor any camelCase identifier); in es and fr
    a label written as the name is the same word in that language, on purpose."""
    described = [(n, labels) for n, labels in column_labels().items()]
    described += [(n, labels) for q in saved_queries() for n, labels in q.columns.items()]
    for name, labels in described:
        assert set(labels) == set(LANGS), (name, labels)
        for lang, text in labels.items():
            assert text == text.strip() and text[0].isupper(), (name, lang, text)
            assert not re.search(r"[a-z][A-Z]", text), (name, lang, text)  # camelCase
            if lang != "en" and text.casefold() == name.casefold():
                assert name in SAME_WORD[lang], (f"translate the column {name} into {lang}: "
                                                 f"{text!r}")
    assert column_labels()["countriesCovered"]["es"] == "Países abarcados"


def test_every_described_column_is_a_column_of_a_saved_query():
    """No stale description: each name of columns.ttl, and each query's own pu:column, is a
    variable a saved query projects (its own, for an override)."""
    projected = {v for q in saved_queries() for v in q.variables}
    assert set(column_labels()) - projected == set()
    for q in saved_queries():
        assert set(q.columns) <= set(q.variables), q.name


def test_a_query_may_override_a_label_and_an_own_query_keeps_its_names():
    flows, ratification = find_query("205"), find_query("204")
    assert flows.column_label("source", "es") == "Origen del flujo"
    assert ratification.column_label("source", "es") == "Fuente"
    assert ratification.column_label("date", "fr") == "Date de ratification"
    assert ratification.column_label("notAColumn", "fr") == "notAColumn"  # none declared
    own = SavedQuery(number="", slug="stdin", text="SELECT ?country WHERE { ?country ?p ?o }")
    assert own.column_label("country", "es") == "country"


# --- the command line -----------------------------------------------------------------------
def _run(*args: str):
    return CliRunner(env={"COLUMNS": "250"}).invoke(cli, ["query", *args])


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_cli_table_is_headed_in_the_runs_language(lang):
    q = find_query("001")
    out = _run("001", str(FIXTURE), "--lang", lang)
    assert out.exit_code == 0, out.output
    header = out.output[out.output.index("┃"):out.output.index("┡")]
    for v in q.variables:
        assert q.column_label(v, lang) in header, (v, header)
    assert "countriesCovered" not in header and "instrument" not in header.replace(
        "Instrument", "")
    if lang == "es":
        assert "Países abarcados" in header and "Organismo regional" in header
    md = _run("001", str(FIXTURE), "--lang", lang, "--format", "markdown").output
    assert "| " + q.column_label("body", lang) + " |" in md


def test_the_cli_downloads_keep_the_variable_names():
    rows = list(csv.reader(io.StringIO(_run("001", str(FIXTURE), "--lang", "es",
                                            "--format", "csv").output)))
    assert rows[0][:2] == ["body", "body_label"] and "countriesCovered" in rows[0]
    data = json.loads(_run("001", str(FIXTURE), "--lang", "es", "--format", "json").output)
    assert data["head"]["vars"] == find_query("001").variables


# --- the web ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site():
    from puentes.store import store_from_files
    from puentes.web.front import Site
    from puentes.web.pages import build_index

    store = store_from_files([FIXTURE])
    return Site(store, build_index(store), live=True)


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_answers_page_heads_each_column_in_the_pages_language(site, lang):
    from puentes.web.front import questions_page

    html = questions_page(site, lang)
    heads = [htmllib.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', html,
                                                     flags=re.S)]
    q = find_query("001")
    first = [f"{q.column_label(v, lang)}<br><code>{v}</code>" for v in q.variables]
    assert heads[:len(first)] == first  # the label, over the name the downloads write
    words = {re.sub(r"<br><code>.*", "", h) for h in heads}
    english = {labels["en"] for labels in column_labels().values()
               if labels["en"] != labels[lang]}
    assert words & english == set(), sorted(words & english)
    expected = {"es": "Países abarcados", "fr": "Pays couverts"}[lang]
    assert f"{expected}<br><code>countriesCovered</code>" in heads


def test_the_query_page_gives_its_script_the_headings(site):
    from puentes.web.query_page import embed_page, query_page

    for page in (query_page(site, "fr", {"q": "010"}),
                 embed_page(site, "fr", {"q": "010", "view": "chart"})):
        config = json.loads(re.search(r'<script id="query-config" type="application/json">'
                                      r"(.*?)</script>", page, flags=re.S).group(1))
        assert config["columns"] == {"body": "Organisme régional", "country": "Pays",
                                     "convention": "Convention", "gap": "Lacune"}
    own = query_page(site, "es", {})
    assert '"columns": {}' in own  # a query of one's own keeps its variable names


def test_the_published_queries_carry_the_column_labels():
    from puentes.namespaces import BASE
    from puentes.web.publish.site import queries_rdf

    g = queries_rdf()
    column = URIRef(BASE + "query/column/countriesCovered")
    assert (column, RDF.type, PU.ResultColumn) in g
    assert (column, RDFS.label, Literal("Pays couverts", lang="fr")) in g
    flows = URIRef(BASE + "query/205")
    own = g.value(flows, PU.column)
    assert g.value(own, PU.name) == Literal("source")
