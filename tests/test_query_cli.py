"""``puentes query`` on the command line: listing, the three formats, label languages,
parameters, queries of one's own (a .rq file, standard input), the store and its absence."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root
from puentes.query import find_query, saved_queries

FIXTURE = str(project_root() / "tests" / "fixtures" / "example-graph.ttl")


def run(*args: str, stdin: str | None = None, env: dict | None = None):
    runner = CliRunner(env={"COLUMNS": "250", **(env or {})})
    return runner.invoke(cli, ["query", *args], input=stdin)


def test_help_has_an_example():
    out = run("--help")
    assert out.exit_code == 0 and "Example:" in out.output
    assert "puentes query 001" in out.output and "--param" in out.output


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_list_shows_every_saved_query(fmt):
    out = run("--list", "--format", fmt)
    assert out.exit_code == 0, out.output
    for q in saved_queries():
        assert q.slug in out.output
    if fmt == "json":
        listed = {q["number"]: q for q in json.loads(out.output)}
        assert listed["009"]["parameters"][0] == {
            "name": "threshold", "type": "http://www.w3.org/2001/XMLSchema#decimal",
            "default": "10", "required": False, "comment": "The prevalence threshold, in percent"}
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.output)))
        assert len(rows) == len(saved_queries()) and rows[0]["number"] == "001"


def test_list_in_spanish():
    out = run("--list", "--lang", "es")
    assert "Para cada organismo regional" in out.output


def test_json_is_sparql_results_json():
    out = run("010", FIXTURE, "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["head"]["vars"] == ["body", "country", "convention", "gap"]
    first = data["results"]["bindings"][0]
    assert first["body"] == {"type": "uri",
                             "value": "https://w3id.org/puentes/id/organization/example-body"}
    assert first["gap"] == {"type": "literal", "value": "not ratified"}
    assert len(data["results"]["bindings"]) == 4  # queries/010_*.expected.csv


def test_csv_has_iris_and_labels():
    out = run("006", FIXTURE, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert rows[0]["funder"] == "https://w3id.org/puentes/id/country/AAA"
    assert rows[0]["funder_label"] == "Aland" and rows[0]["currency"] == "USD"
    assert rows[1]["funderRegion"] == "" and rows[1]["funderRegion_label"] == ""


def test_table_shows_title_question_parameters_labels_and_count():
    out = run("009", FIXTURE)
    assert out.exit_code == 0, out.output
    assert "009 Coverage: high-prevalence countries" in out.output
    assert "latest SDG 8.7.1 figure" in out.output  # the question in words
    assert "threshold=10" in out.output
    assert "Eland" in out.output and "https://w3id.org/puentes/id/country/EEE" not in out.output
    assert "2 row(s)." in out.output
    limited = run("012", FIXTURE, "--limit", "2")
    assert "8 row(s) (showing 2)." in limited.output


def test_lang_chooses_the_labels_and_falls_back_to_english():
    es = run("001", FIXTURE, "--format", "csv", "--lang", "es").output
    fr = run("001", FIXTURE, "--format", "csv", "--lang", "fr").output
    en = run("001", FIXTURE, "--format", "csv").output
    assert "Organismo Regional de Ejemplo" in es and "hoja de ruta regional" in es
    assert "Feuille de route d'exemple" in fr and "feuille de route régionale" in fr
    assert "Example Regional Body" in en and "regional roadmap" in en
    funders = run("006", FIXTURE, "--format", "csv", "--lang", "es").output
    assert "Alandia" in funders and "Example Cooperation Agency" in funders  # no es label
    table = run("001", FIXTURE, "--lang", "fr").output
    assert "Feuilles de route et plans d'action" in table


def test_params_are_bound_and_errors_list_the_parameters():
    ok = run("001", FIXTURE, "--param", "body=pid:organization/example-body", "--format", "csv")
    assert ok.exit_code == 0 and ok.output.count("example-body") == 2
    unknown = run("001", FIXTURE, "--param", "bodies=x")
    assert unknown.exit_code == 2
    assert "has no parameter bodies" in unknown.output and "body (IRI, optional)" in unknown.output
    missing = run("104", FIXTURE)
    assert missing.exit_code == 2 and "needs --param country" in missing.output
    bad = run("012", FIXTURE, "-p", 'asOf=2015" } DROP ALL')
    assert bad.exit_code == 2 and "not a valid gYear" in bad.output
    shape = run("012", FIXTURE, "--param", "asOf")
    assert shape.exit_code == 2 and "expected NAME=VALUE" in shape.output
    assert "Traceback" not in unknown.output + missing.output + bad.output + shape.output


def test_unknown_query_is_a_clear_error():
    out = run("regional-roadmap", FIXTURE)
    assert out.exit_code == 2
    assert "no saved query" in out.output and "regional-roadmaps" in out.output


def test_queries_of_ones_own_from_stdin_and_rq_files(tmp_path: Path):
    text = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a pu:Country ; pu:inRegion ?r }"
    out = run("-", FIXTURE, "--format", "csv", stdin=text)
    assert out.output.splitlines() == ["n", "5"]
    rq = tmp_path / "mine.rq"
    rq.write_text(text)
    out = run(str(rq), FIXTURE, "--format", "csv", "--param", "r=pid:region/example-americas")
    assert out.output.splitlines() == ["n", "2"]
    wrong = run(str(rq), FIXTURE, "--param", "region=x")
    assert wrong.exit_code == 2 and "no variable ?region" in wrong.output
    broken = run("-", FIXTURE, stdin="SELECT ?s WHERE { ?s ?p }")
    assert broken.exit_code == 2 and "not valid SPARQL" in broken.output


def test_a_saved_querys_ttl_file_runs_by_path():
    path = str(saved_queries()[9].path)
    out = run(path, FIXTURE, "--format", "csv")
    assert out.exit_code == 0 and "not ratified" in out.output


def test_without_a_store_it_says_to_build(tmp_path: Path):
    out = run("001", "--store", str(tmp_path / "none"))
    assert out.exit_code == 2 and "puentes build" in out.output
    default = run("001", env={"PUENTES_STORE": str(tmp_path / "nothing-here")})
    assert default.exit_code == 2 and "puentes build" in default.output
    assert str(tmp_path / "nothing-here") in default.output


def test_the_embedded_store_answers(tmp_path: Path):
    from rdflib import Graph

    from puentes.store import GraphStore

    gs = GraphStore.open(tmp_path / "store")
    gs.replace_graph("example", Graph().parse(FIXTURE))
    gs.close()
    by_option = run("010", "--store", str(tmp_path / "store"), "--format", "csv")
    assert by_option.exit_code == 0, by_option.output
    assert by_option.output.count("not ratified") == 2
    by_env = run("010", "--format", "csv", env={"PUENTES_STORE": str(tmp_path / "store")})
    assert by_env.output == by_option.output


def test_sources_cannot_be_mixed():
    out = run("001", FIXTURE, "--endpoint", "http://127.0.0.1:9/sparql")
    assert out.exit_code == 2 and "cannot be combined" in out.output
    out = run("001", FIXTURE, "--store", "somewhere")
    assert out.exit_code == 2 and "cannot be combined" in out.output


def test_an_unreachable_endpoint_is_a_clear_error():
    out = run("001", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "2")
    assert out.exit_code == 2 and "the endpoint http://127.0.0.1:9/sparql failed" in out.output


def test_a_narrow_piped_table_never_splits_a_word():
    """Issue 18: piped into a narrow COLUMNS, a cell wraps at spaces and a word too long for
    its column is cut with "…" — never split across lines ("Commun ity")."""
    import re

    words = set()
    for row in json.loads(run("001", FIXTURE, "--format", "json").output)["results"][
            "bindings"]:
        for term in row.values():
            words |= set(term["value"].split())
    labels = run("001", FIXTURE, "--format", "csv").output
    words |= set(re.split(r"[\s,]+", labels))
    # and the columns' headings (queries/columns.ttl)
    query = find_query("001")
    words |= {w for v in query.variables for w in query.column_label(v).split()}
    for columns in ("40", "60", "90"):
        out = run("001", FIXTURE, env={"COLUMNS": columns}).output
        body = out[out.index("┏"):out.rindex("┘")]
        assert max(len(line) for line in body.splitlines()) <= int(columns)
        for line in body.splitlines():
            for cell in re.split(r"[│┃]", line):
                for word in cell.split():
                    if word.endswith("…") or not word[0].isalnum():
                        continue
                    # a whole word of the answer, never a piece of one
                    assert any(word == w or word == w.rstrip(",.;:") for w in words), (
                        columns, word, line)


@pytest.mark.parametrize("fmt", ["tsv", "markdown"])
def test_tsv_and_markdown(fmt):
    out = run("006", FIXTURE, "--format", fmt).output
    if fmt == "tsv":
        rows = [line.split("\t") for line in out.splitlines()]
        assert rows[0][:2] == ["initiative", "initiative_label"]
        assert {len(r) for r in rows} == {len(rows[0])} and len(rows) == 3
        assert rows[1][5] == "Aland"
    else:
        # a document for people: the columns under their labels (queries/columns.ttl)
        assert "| Initiative | Financing model | Funder |" in out and "| --- |" in out
        assert "| Example Regional Roadmap 2020–2030 | member contributions | Aland |" in out
        assert "2 row(s)." in out
