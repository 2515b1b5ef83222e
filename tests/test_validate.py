"""`puentes validate`: a report grouped by node (file, node and label, property, value,
message) and exit codes 0 conforms, 1 violations, 2 error."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from puentes.cli import cli
from puentes.paths import project_root

FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
BAD = project_root() / "shapes" / "tests" / "FinancingShape-bad.ttl"


def run(*args: str):
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli, ["validate", *args])


def test_conforming_file_exits_0_and_shows_warnings():
    result = run(str(FIXTURE))
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.output and "Warning" in result.output


def test_violations_exit_1_and_name_file_node_property_value_and_fix():
    result = run(str(BAD))
    assert result.exit_code == 1
    out = result.output
    assert f"{BAD}: F <https://w3id.org/puentes/id/financing/f>" in out
    assert "Violation: currency: value 'US$'" in out
    assert "ISO 4217 code of three capital letters" in out


def test_json_and_turtle_reports(tmp_path: Path):
    data = json.loads(run(str(BAD), "--format", "json").output)
    assert data["conforms"] is False and data["violations"] == 1
    assert data["results"][0]["path_name"] == "currency"
    ttl = run(str(BAD), "--format", "turtle").output
    assert "sh:ValidationReport" in ttl


def test_broken_turtle_exits_2_with_line_and_column(tmp_path: Path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"x .\n")
    result = run(str(broken))
    assert result.exit_code == 2
    assert "broken.ttl" in result.output and "line 3 column" in result.output


def test_missing_file_exits_2(tmp_path: Path):
    result = run(str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2 and "cannot read" in result.output
