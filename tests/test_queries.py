"""The saved queries: each answers the example graph exactly as its expected file says;
parameters are bound as terms; errors are clear; the CLI formats and label languages."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root
from puentes.query import (
    QueryError,
    find_query,
    run_saved_query,
    saved_queries,
    store_from_files,
    to_csv,
)

ROOT = project_root()
FIXTURE = ROOT / "tests" / "fixtures" / "example-graph.ttl"
PARAMS = yaml.safe_load((ROOT / "tests" / "fixtures" / "example-graph.params.yaml").read_text())
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="module")
def store():
    return store_from_files([FIXTURE])


def _rows(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, sorted(map(tuple, rows))


@pytest.mark.parametrize("query", saved_queries(), ids=lambda q: q.name)
def test_saved_query_answers_the_example_graph_as_expected(query, store):
    expected_path = query.path.with_name(f"{query.name}.expected.csv")
    expected = _rows(expected_path.read_text(encoding="utf-8"))
    result = run_saved_query(query, store=store, params=PARAMS.get(query.number, {}))
    assert _rows(to_csv(result)) == expected
    assert expected[1], f"{query.name}: the example graph must give a non-empty answer"


def test_there_are_twelve_competency_questions_with_metadata():
    numbers = [q.number for q in saved_queries() if q.number < "100"]
    assert numbers == [f"{i:03d}" for i in range(1, 13)]
    for q in saved_queries():
        assert {"es", "en", "fr"} <= set(q.titles), q.name
        assert {"es", "en", "fr"} <= set(q.questions), q.name
        assert q.keywords, q.name


def test_parameter_changes_the_answer(store):
    q = find_query("009")
    low = run_saved_query(q, store=store, params={"threshold": "5"})
    high = run_saved_query(q, store=store, params={"threshold": "30"})
    prevalence = lambda r: [x for x in r.rows if x["value"] is not None]  # noqa: E731
    assert len(prevalence(low)) == 1 and prevalence(high) == []


@pytest.mark.parametrize("value", [
    '2015" } ; DROP ALL ; SELECT * WHERE { "',
    "2015> } } #",
])
def test_injection_attempts_are_rejected_as_invalid_values(store, value):
    with pytest.raises(QueryError) as err:
        run_saved_query(find_query("012"), store=store, params={"since": value})
    assert "not a valid gYear" in str(err.value)


def test_iri_parameter_is_bound_as_a_term_not_text(store):
    q = find_query("001")
    tricky = "https://w3id.org/puentes/id/organization/example-body> } #"
    # The value becomes one (odd) IRI: it matches nothing and changes nothing.
    with pytest.raises((QueryError, ValueError)):
        run_saved_query(q, store=store, params={"body": tricky})
    ok = run_saved_query(q, store=store, params={"body": "pid:organization/example-body"})
    assert len(ok.rows) == 1


def test_unknown_query_and_unknown_parameter_are_clear_errors(store):
    with pytest.raises(QueryError) as err:
        find_query("999")
    assert "puentes query --list" in err.value.hint
    with pytest.raises(QueryError) as err:
        run_saved_query(find_query("001"), store=store, params={"nope": "1"})
    assert "has no parameter nope" in str(err.value) and "body" in err.value.hint


def test_cli_list_and_formats():
    runner = CliRunner()
    listed = runner.invoke(cli, ["query", "--list"])
    assert listed.exit_code == 0 and "regional-roadmaps" in listed.output
    out = runner.invoke(cli, ["query", "010", str(FIXTURE), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["head"]["vars"] == ["body", "country", "convention", "gap"]
    assert len(data["results"]["bindings"]) == 2
    table = CliRunner(env={"COLUMNS": "250"}).invoke(cli, ["query", "001", str(FIXTURE)])
    assert "Example Regional Body" in table.output and "1 row(s)" in table.output


def test_cli_lang_chooses_the_labels():
    runner = CliRunner()
    es = runner.invoke(cli, ["query", "001", str(FIXTURE), "--format", "csv", "--lang", "es"])
    en = runner.invoke(cli, ["query", "001", str(FIXTURE), "--format", "csv", "--lang", "en"])
    assert "Organismo Regional de Ejemplo" in es.output and "hoja de ruta regional" in es.output
    assert "Example Regional Body" in en.output and "regional roadmap" in en.output


def test_cli_reads_a_query_from_stdin_and_rq_files(tmp_path: Path):
    runner = CliRunner()
    text = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a pu:Country }"
    out = runner.invoke(cli, ["query", "-", str(FIXTURE), "--format", "csv"], input=text)
    assert out.output.splitlines() == ["n", "5"]
    rq = tmp_path / "mine.rq"
    rq.write_text(text)
    out = runner.invoke(cli, ["query", str(rq), str(FIXTURE), "--format", "csv"])
    assert out.output.splitlines() == ["n", "5"]


def test_cli_without_store_says_to_build(tmp_path: Path):
    out = CliRunner().invoke(cli, ["query", "001", "--store", str(tmp_path / "none")])
    assert out.exit_code == 2
    assert "puentes build" in out.output


def test_expected_files_are_what_refresh_would_write(store):
    from refresh_expected import expected_csv

    for q in saved_queries():
        path = q.path.with_name(f"{q.name}.expected.csv")
        assert expected_csv(q, store, PARAMS) == path.read_text(encoding="utf-8"), q.name


def test_violation_checks_return_no_rows_on_the_example_graph_and_the_model(store):
    from puentes.checks import run_checks

    assert run_checks(store.store) == []
