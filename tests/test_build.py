"""`puentes build`: fetch → map → validate → load into the embedded store, incrementally;
invalid data is quarantined and the last good graph stays; failures exit 2."""

from __future__ import annotations

import pytest
from catalogues import registry_catalogue, registry_home
from click.testing import CliRunner

from puentes.build.loop import build
from puentes.cli import cli
from puentes.query import find_query, run_saved_query
from puentes.store import GraphStore

pytestmark = pytest.mark.slow  # real builds of the model, countries and registry


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("build")
    registry, catalogue = registry_home(tmp)
    store_path = tmp / "store"
    first = build(store_path=store_path, catalogue_path=catalogue)
    return tmp, registry, catalogue, store_path, first


def test_first_build_loads_every_source(built):
    _tmp, _reg, _cat, _store, report = built
    assert report.exit_code == 0, [(r.source_id, r.messages) for r in report.results]
    assert {r.source_id: r.status for r in report.results} == {
        "ontology": "loaded", "countries": "loaded", "registry": "loaded"}
    assert report.result("registry").triples > 3000


def test_second_build_does_almost_no_work(built):
    _tmp, _reg, catalogue, store_path, _first = built
    events = []
    again = build(store_path=store_path, catalogue_path=catalogue, progress=events.append)
    # unchanged = nothing remapped, revalidated or reloaded (speed is measured in bench/)
    assert {r.status for r in again.results} == {"unchanged"}
    # the fast path ran: no source was fetched, mapped, validated or loaded, and no
    # cross-record check was run — each source went from its fingerprint to done
    stages = [(e.source_id, e.stage) for e in events]
    assert stages[0] == ("*", "start") and sorted(stages[1:]) == [
        (sid, "done") for sid in ("countries", "ontology", "registry")], stages
    assert again.checks_run == []


def test_broken_date_quarantines_the_registry_and_keeps_the_last_good_graph(built):
    _tmp, registry, catalogue, store_path, _first = built
    store = GraphStore.open(store_path, read_only=True)
    before_count = store.graphs()["registry"]
    before_rows = run_saved_query(find_query("001"), store=store).rows
    path = registry / "initiatives.yaml"
    good_text = path.read_text(encoding="utf-8")
    lines = good_text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip() == "start: 2021")
    lines[n] = "  start: 21/03/2021"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        result = CliRunner().invoke(cli, ["build", "--store", str(store_path), "--catalogue",
                                          str(catalogue), "--no-quality"])
    finally:
        path.write_text(good_text, encoding="utf-8")
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert f"initiatives.yaml:{n + 1}: record" in flat and "field 'start'" in flat
    assert "expected a date as YYYY-MM-DD" in flat and "Quarantined: registry" in flat
    store = GraphStore.open(store_path, read_only=True)
    assert store.graphs()["registry"] == before_count
    assert run_saved_query(find_query("001"), store=store).rows == before_rows


def test_a_broken_file_is_a_failure_exit_2_and_other_sources_still_load(built, tmp_path):
    _tmp, registry, _cat, _store, _first = built
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b \"open .\n")
    catalogue = registry_catalogue(tmp_path, registry, {"extra": {
        "title": "extra", "kind": "curated-registry", "location": str(broken),
        "licence": "CC0", "publisher": "me", "mapper": "rdf-files"}})
    report = build(["ontology", "extra"], store_path=tmp_path / "store",
                   catalogue_path=catalogue)
    assert report.exit_code == 2
    assert report.result("ontology").status == "loaded"
    extra = report.result("extra")
    assert extra.status == "failed" and "line 2" in extra.messages[0]


def test_unknown_source_is_a_clear_error(built):
    _tmp, _reg, catalogue, store_path, _first = built
    result = CliRunner().invoke(cli, ["build", "nope", "--store", str(store_path),
                                      "--catalogue", str(catalogue)])
    assert result.exit_code == 2 and "unknown source id(s): nope" in result.output


def test_a_build_with_no_change_keeps_the_quality_report(built):
    _tmp, _reg, catalogue, store_path, _first = built
    runner = CliRunner()
    args = ["build", "--store", str(store_path), "--catalogue", str(catalogue)]
    runner.invoke(cli, args)  # makes sure a report exists
    again = runner.invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert "Data-quality report (unchanged)" in " ".join(again.output.split())
