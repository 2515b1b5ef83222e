"""`puentes validate` and puentes.check.validate: a report grouped by node (file, node with its kind
and label, property, value, message) in es, en or fr; exit codes 0 conforms, 1 violations,
2 error (unreadable file, broken syntax with line and column)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from puentes.check.validate import validate_graph
from puentes.cli import cli
from puentes.model import load_model_graph
from puentes.paths import project_root

ROOT = project_root()
FIXTURE = ROOT / "tests" / "fixtures" / "example-graph.ttl"
EXAMPLES = ROOT / "shapes" / "tests"
BAD = EXAMPLES / "FinancingShape-bad.ttl"
PID = "https://w3id.org/puentes/id/"


def run(*args: str):
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli, ["validate", *args])


# --- exit codes ---------------------------------------------------------------------------------
def test_conforming_file_exits_0_and_still_shows_its_warnings():
    result = run(str(FIXTURE))
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.output and "Warning: " in result.output


def test_a_good_example_conforms_with_nothing_to_say():
    result = run(str(EXAMPLES / "FinancingShape-good.ttl"))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Conforms: no violations, no warnings."


def test_violations_exit_1_and_name_file_node_label_property_value_and_fix():
    result = run(str(BAD))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{BAD}: Financing «F» <{PID}financing/f>"
    assert lines[1] == ("  Violation: currency, value 'US$' — The currency is one ISO 4217 code "
                        "of three capital letters, e.g. USD.")
    assert lines[-1] == "1 violation(s), 0 warning(s) on 1 node(s)."


def test_warnings_alone_exit_0():
    result = run(str(EXAMPLES / "InitiativeRecommendedShape-bad.ttl"))
    assert result.exit_code == 0, result.output
    assert "Warning: end — The initiative has no end date: add end:" in result.output
    assert "0 violation(s), 4 warning(s) on 1 node(s)." in result.output


def test_broken_turtle_exits_2_with_file_line_and_column(tmp_path: Path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"x .\n")
    result = run(str(broken))
    assert result.exit_code == 2
    assert f"{broken}, line 3, column 11: broken Turtle: Unexpected end of file" in result.output
    assert '    ex:d ex:e "x .\n              ^' in result.output  # the line, and where


@pytest.mark.parametrize("name,text", [
    ("broken.nt", "<http://x/a> <http://x/p> .\n"),
    ("broken.jsonld", '{"@id": "http://x/a", "http://x/p": ['),
])
def test_other_broken_syntaxes_exit_2_with_line_and_column(tmp_path: Path, name, text):
    broken = tmp_path / name
    broken.write_text(text)
    result = run(str(broken))
    assert result.exit_code == 2 and f"{broken}, line 1, column " in result.output


def test_missing_file_and_unknown_type_exit_2(tmp_path: Path):
    result = run(str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2 and "nope.ttl: cannot read the file" in result.output
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n")
    result = run(str(odd))
    assert result.exit_code == 2 and "unknown RDF file type '.csv'" in result.output


# --- what the report says -----------------------------------------------------------------------
def test_the_report_speaks_spanish_and_french():
    es = run(str(BAD), "--lang", "es").output
    assert f"{BAD}: Financiación «F» <{PID}financing/f>" in es
    assert ("  Infracción: moneda, valor 'US$' — La moneda es un código ISO 4217 de tres letras "
            "mayúsculas, p. ej. USD.") in es
    assert "1 infracción(es), 0 advertencia(s) en 1 nodo(s)." in es
    fr = run(str(BAD), "--lang", "fr").output
    assert "  Violation: devise, valeur 'US$' — La devise est un code ISO 4217" in fr


def test_a_sparql_rule_speaks_the_language_asked_for_too():
    """pyshacl drops the language of a SPARQL rule's message; the report recovers it."""
    bad = EXAMPLES / "MemberDuringInitiativeShape-bad.ttl"
    for lang, text in (("en", "BBB takes part in an instrument of body but is not a member"),
                       ("es", "BBB participa en un instrumento de body pero no es miembro"),
                       ("fr", "BBB participe à un instrument de body mais n'est pas membre")):
        out = run(str(bad), "--lang", lang).output
        assert text in out, (lang, out)
    assert "value 'pid:country/BBB' («Bland»)" in run(str(bad)).output


def test_a_wrong_concept_lists_the_allowed_ones():
    out = run(str(EXAMPLES / "PlatformShape-bad.ttl")).output
    assert ("Violation: function, value 'theme:education' («education») — A platform function "
            "(platform_functions) must be a concept of the platform-function scheme") in out
    assert ("Allowed values: coordination, knowledge-exchange, mutual-accountability, "
            "prioritisation.") in out


def test_an_unknown_id_is_called_so(tmp_path: Path):
    data = tmp_path / "membership.ttl"
    data.write_text((EXAMPLES / "MembershipShape-good.ttl").read_text().replace(
        "org:member pid:country\\/AAA", "org:member pid:country\\/XYZ"))
    out = run(str(data)).output
    assert "Violation: member, value 'pid:country/XYZ' — A membership needs exactly one member" \
        in out
    assert "pid:country/XYZ is not defined anywhere in the data checked" in out


def test_several_files_are_validated_together_and_each_node_names_its_file(tmp_path: Path):
    """A participation in one file refers to an initiative in another: the reference
    resolves, and each result names the file its node came from."""
    full = Graph().parse(EXAMPLES / "TriangularPartnersShape-bad.ttl")
    initiative = URIRef(PID + "initiative/i")
    first, second = Graph(), Graph()
    for t in full:
        (first if t[0] == initiative else second).add(t)
    a, b = tmp_path / "initiative.ttl", tmp_path / "participants.nt"
    first.serialize(a, format="turtle")
    second.serialize(b, format="nt")
    result = run(str(a), str(b))
    assert result.exit_code == 1
    assert f"{a}: Initiative «X» <{PID}initiative/i>" in result.output
    assert "triangular partners — This triangular initiative has 1 Southern partner(s)" \
        in result.output
    assert str(b) not in result.output  # the participants themselves are fine


def test_json_report():
    data = json.loads(run(str(BAD), "--format", "json", "--lang", "es").output)
    assert data["conforms"] is False and data["violations"] == 1 and data["lang"] == "es"
    (r,) = data["results"]
    assert r["focus_node"] == PID + "financing/f" and r["focus_label"] == "F"
    assert r["focus_type"] == "financiación" and r["path_name"] == "moneda"
    assert r["path"] == "https://w3id.org/puentes/ontology#currency" and r["value"] == "US$"
    assert r["severity"] == "Violation" and r["message"].startswith("La moneda es un código")
    assert r["file"] == str(BAD) and r["node_shape"].endswith("#FinancingShape")
    assert r["constraint"] == "PatternConstraintComponent"


def test_turtle_report_is_the_shacl_results_graph_of_the_files_nodes_only():
    text = run(str(EXAMPLES / "MemberDuringInitiativeShape-bad.ttl"), "--format",
               "turtle").output
    g = Graph().parse(data=text, format="turtle")
    (report,) = g.subjects(predicate=SH.conforms)
    assert g.value(report, SH.conforms) == Literal(False)
    results = list(g.objects(report, SH.result))
    focus = sorted(str(g.value(r, SH.focusNode)) for r in results)
    assert focus == [PID + "participation/AAA-beneficiary", PID + "participation/BBB-beneficiary"]
    langs = {m.language for r in results for m in g.objects(r, SH.resultMessage)}
    assert langs == {"es", "en", "fr"}


# --- the store as context ---------------------------------------------------------------------
def test_with_store_references_to_countries_and_memberships_resolve(tmp_path: Path):
    from puentes.store import GraphStore

    good = Graph().parse(EXAMPLES / "MemberDuringInitiativeShape-good.ttl")
    reference = Graph()  # what the built store knows: countries, the body, its members
    mine = Graph()
    for s, p, o in good:
        kind = str(s)[len(PID):].split("/", 1)[0]
        (reference if kind in ("country", "organization", "membership", "source") else mine) \
            .add((s, p, o))
    store_path = tmp_path / "store"
    store = GraphStore.open(store_path)
    store.replace_graph("reference", reference)
    store.close()
    mine_file = tmp_path / "mine.ttl"
    mine.serialize(mine_file, format="turtle")
    alone = run(str(mine_file))
    assert alone.exit_code == 1 and "is not defined anywhere in the data checked" in alone.output
    result = run(str(mine_file), "--store", str(store_path))
    assert result.exit_code == 0, result.output


# --- the library ------------------------------------------------------------------------------
def test_validate_graph_takes_data_shapes_and_ontology_apart():
    data = Graph().parse(BAD)
    report = validate_graph(data, ontology=load_model_graph(), lang="fr")
    assert [r.path_name for r in report.results if r.severity == "Violation"] == ["devise"]
    assert all(r.focus_node in set(data.subjects()) for r in report.results)
    assert report.in_lang("es").results[0].path_name in ("moneda", "fin", "nombre en español",
                                                         "nombre en francés",
                                                         "elemento de Wikidata")


def test_sparql_targets_need_the_advanced_mode():
    """The cross-record rules are targeted with SPARQL (pyshacl's advanced features): the
    default finds the bad triangular initiative; advanced=False would not even look."""
    data = Graph().parse(EXAMPLES / "TriangularPartnersShape-bad.ttl")
    model = load_model_graph()
    assert not validate_graph(data, ontology=model).accepted
    assert validate_graph(data, ontology=model, advanced=False).accepted
