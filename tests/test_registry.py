"""The curated registry: the schema check reports every mistake at once with file, line,
record, field, value and expectation; valid files map to the expected graph; the real
registry in data/registry/ is valid and every record cites a source."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from puentes.cli import cli
from puentes.paths import data_dir
from puentes.registry.check import check_registry
from puentes.registry.mapper import map_registry

HERE = Path(__file__).parent / "sources" / "registry"


def test_good_files_map_to_the_expected_graph():
    reg, issues = check_registry(HERE / "good")
    assert issues == []
    got = map_registry(reg)
    expected = Graph().parse(HERE / "good" / "expected.ttl")
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        raise AssertionError(f"only in mapped:\n{only_got.serialize(format='nt')}\n"
                             f"only in expected:\n{only_expected.serialize(format='nt')}")


def test_bad_files_report_every_mistake_at_once_with_file_line_field():
    _reg, issues = check_registry(HERE / "bad")
    found = {(Path(i.file).name, i.line, i.record, i.field) for i in issues}
    assert found == {
        ("initiatives.yaml", 1, "bad-plan", "sources"),          # missing source
        ("initiatives.yaml", 4, "bad-plan", "instrument_of"),    # dangling reference
        ("initiatives.yaml", 5, "bad-plan", "modality"),         # unknown concept slug
        ("initiatives.yaml", 7, "bad-plan", "end"),              # end before start
        ("initiatives.yaml", 8, "bad-plan", "sponsor"),          # unknown field
        ("initiatives.yaml", 9, "Bad_Id", "id"),                 # malformed id
        ("initiatives.yaml", 13, "Bad_Id", "accessed"),          # date in the wrong form
        ("organizations.yaml", 5, "example-body", "country"),    # unknown country code
        ("organizations.yaml", 6, "example-body", "from"),       # impossible date
        ("organizations.yaml", 9, "example-body", "id"),         # duplicate id
        ("organizations.yaml", 13, "example-body", "accessed"),  # source without date
    }
    by_field = {i.field: i for i in issues}
    assert by_field["country"].value == "XXX" and "ISO 3166-1 alpha-3" in by_field[
        "country"].expected
    assert "regional" in by_field["modality"].expected


def test_broken_yaml_names_line_and_column(tmp_path: Path):
    (tmp_path / "events.yaml").write_text("- id: x\n  name: {en: [unclosed\n")
    _reg, issues = check_registry(tmp_path)
    assert len(issues) == 1 and issues[0].line == 3 and "YAML" in issues[0].expected


def test_cli_check_exit_codes(tmp_path: Path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["registry", "check", str(HERE / "bad")])
    assert bad.exit_code == 1
    assert "organizations.yaml:5: record 'example-body' field 'country'" in bad.output
    good = runner.invoke(cli, ["registry", "check", str(HERE / "good")])
    assert good.exit_code == 0 and "3 records, all valid" in good.output


def test_the_real_registry_is_valid_and_sourced():
    reg, issues = check_registry(data_dir() / "registry")
    assert issues == [], "\n".join(map(str, issues))
    assert len(reg.records) > 100
    for rec in reg.records:
        for src in rec.data["sources"]:
            assert src.get("url") or src.get("document"), rec.id
            assert src.get("accessed"), rec.id
    bodies = {r.id for r in reg.records if r.data.get("type") == "regional-body"}
    assert {"au", "ecowas", "sadc", "eac", "asean", "saarc", "mercosur", "cplp", "sica",
            "caricom", "las", "eu"} <= bodies


def test_a_broken_date_is_reported_with_its_line(tmp_path: Path):
    folder = tmp_path / "registry"
    shutil.copytree(data_dir() / "registry", folder)
    path = folder / "initiatives.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip() == "start: 2020")
    lines[n] = "  start: 2020-31-12"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _reg, issues = check_registry(folder)
    assert [(Path(i.file).name, i.line, i.field) for i in issues] == [
        ("initiatives.yaml", n + 1, "start")]
