"""The curated registry: the schema check reports every mistake at once with file, line,
record, field, value and expectation; valid files map to the expected graph; the stewards'
guide documents every field and its examples pass the check; the real registry in
data/registry/ is valid and every record cites a source."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from puentes.check.shapes import load_shapes_graph
from puentes.check.validate import validate_graph
from puentes.cli import cli
from puentes.errors import DataError
from puentes.ingest.catalogue import load_catalogue
from puentes.ingest.registry import schema
from puentes.ingest.registry.check import check_registry, checked_registry
from puentes.ingest.registry.mapper import map_registry
from puentes.ingest.sources import registry as registry_source
from puentes.model import load_model_graph
from puentes.namespaces import PID, PU
from puentes.paths import data_dir

HERE = Path(__file__).parent / "sources" / "registry"
GUIDE = data_dir() / "registry" / "README.md"


def _mapped(folder: Path) -> Graph:
    reg, issues = check_registry(folder)
    assert issues == [], "\n".join(map(str, issues))
    return map_registry(reg)


def test_good_files_map_to_the_expected_graph():
    got = _mapped(HERE / "good")
    expected = Graph().parse(HERE / "good" / "expected.ttl")
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        raise AssertionError(f"only in mapped:\n{only_got.serialize(format='nt')}\n"
                             f"only in expected:\n{only_expected.serialize(format='nt')}")


def test_good_files_use_every_field_of_the_format():
    used: set[tuple[str, str]] = set()
    reg, _ = check_registry(HERE / "good")
    for rec in reg.records:
        used |= {(rec.kind.name, k) for k in rec.data} | {("common", k) for k in rec.data}
        for key, nested in (("members", "member"), ("participants", "participant"),
                            ("sources", "source")):
            used |= {(nested, k) for item in rec.data.get(key) or [] for k in item}
        used |= {("practice", k) for k in rec.data.get("practice") or {}}
        used |= {("suspension", k) for m in rec.data.get("members") or []
                 for s in m.get("suspensions") or [] for k in s}
        used |= {("mention", k) for m in rec.data.get("named_not_sourced") or [] for k in m}
    declared = {(k.name, f) for k in schema.KINDS.values() for f in k.fields
                if f not in schema.COMMON} | {("common", f) for f in schema.COMMON}
    for name in ("member", "participant", "source", "practice", "suspension", "mention"):
        declared |= {(name, f) for f in getattr(schema, f"{name.upper()}_FIELDS")}
    assert declared - used == set()


def test_the_mapped_good_files_raise_no_shacl_violation():
    graph = _mapped(HERE / "good")
    data = Graph()
    data += graph
    data += load_model_graph()
    for o in set(graph.objects()):  # countries and regions come from the countries source
        if str(o).startswith(str(PID["country/"])):
            data.add((o, RDF.type, PU.Country))
        elif str(o).startswith(str(PID["region/"])):
            data.add((o, RDF.type, PU.Region))
    report = validate_graph(data, shapes=load_shapes_graph(per_record=True))
    own = set(graph.subjects())
    violations = [r for r in report.results if r.severity == "Violation" and r.focus_node in own]
    assert violations == [], report.subset(violations).to_text()


def _shown(issue) -> str:  # noqa: ANN001
    return str(dataclasses.replace(issue, file=Path(issue.file).name))


def _matches(pattern: str, line: str) -> bool:
    return re.fullmatch(".*".join(map(re.escape, pattern.split("…"))), line) is not None


def test_bad_files_report_exactly_the_expected_issues_at_once():
    _reg, issues = check_registry(HERE / "bad")
    got = [_shown(i) for i in issues]
    expected = (HERE / "bad" / "expected-issues.txt").read_text(encoding="utf-8").splitlines()
    assert len(got) == len(expected), "\n".join(got)
    for want, line in zip(expected, got, strict=True):
        assert _matches(want, line), f"\nexpected {want}\n     got {line}"


def test_the_mapper_refuses_a_registry_with_mistakes_and_lists_them_all():
    with pytest.raises(DataError) as err:
        checked_registry(HERE / "bad")
    assert len(err.value.issues) == len(
        (HERE / "bad" / "expected-issues.txt").read_text(encoding="utf-8").splitlines())
    source = dataclasses.replace(load_catalogue()["registry"], location=HERE / "bad")
    with pytest.raises(DataError):
        registry_source.map_source(source)
    assert "registry check" in str(err.value)


def test_broken_yaml_names_line_and_column(tmp_path: Path):
    (tmp_path / "events.yaml").write_text("- id: x\n  name: {en: [unclosed\n")
    _reg, issues = check_registry(tmp_path)
    assert len(issues) == 1 and issues[0].line == 3 and "YAML" in issues[0].expected


def test_concept_slugs_fall_back_to_the_lists_in_docs_model(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    schema.concept_slugs.cache_clear()
    monkeypatch.setattr(schema, "ontology_dir", lambda: tmp_path)
    try:
        assert schema.concept_slugs("modality") == {
            "regional", "interregional", "south-south", "triangular", "north-south",
            "bilateral", "multilateral", "national", "global"}
        assert "peer-learner" in schema.concept_slugs("role")
        assert schema.concept_slugs("no-such-scheme") == frozenset()
    finally:
        schema.concept_slugs.cache_clear()


def test_every_slug_docs_model_lists_is_in_its_scheme():
    for path in sorted((schema.ontology_dir() / "schemes").glob("*.ttl")):
        documented = schema.documented_slugs(path.stem)
        assert documented <= schema.concept_slugs(path.stem), path.stem


def test_cli_check_prints_file_line_record_field_and_exit_codes():
    runner = CliRunner()
    bad = runner.invoke(cli, ["registry", "check", str(HERE / "bad")])
    assert bad.exit_code == 1
    assert re.search(r"organizations\.yaml:6: record 'example-body' field 'country': "
                     r"got 'XXX'; expected an ISO 3166-1 alpha-3", bad.output)
    good = runner.invoke(cli, ["registry", "check", str(HERE / "good")])
    assert good.exit_code == 0 and "27 records, all valid" in good.output
    helptext = runner.invoke(cli, ["registry", "check", "--help"]).output
    assert "Example:" in helptext and "file:line: record 'id' field 'x'" in helptext


def test_the_guide_documents_every_field():
    guide = GUIDE.read_text(encoding="utf-8")
    for kind in schema.KINDS.values():
        section = guide.split(f"### `{kind.file}`", 1)
        assert len(section) == 2, f"the guide has no section ### `{kind.file}`"
        body = section[1].split("\n### ", 1)[0]
        missing = [f for f in kind.fields if f"`{f}`" not in body
                   and f not in schema.COMMON]
        assert missing == [], f"{kind.file}: fields not documented: {missing}"
    for nested in ("MEMBER_FIELDS", "PARTICIPANT_FIELDS", "SOURCE_FIELDS", "PRACTICE_FIELDS",
                   "SUSPENSION_FIELDS", "MENTION_FIELDS"):
        missing = [f for f in getattr(schema, nested) if f"`{f}`" not in guide]
        assert missing == [], f"{nested}: not documented: {missing}"


def test_the_guide_examples_pass_the_check(tmp_path: Path):
    guide = GUIDE.read_text(encoding="utf-8")
    block = guide.split("## An example of each kind", 1)[1].split("```yaml\n", 1)[1]
    block = block.split("\n```", 1)[0]
    files = re.split(r"^# (\S+\.yaml)\n", block, flags=re.M)[1:]
    assert {name for name in files[::2]} == {k.file for k in schema.KINDS.values()}
    for name, text in zip(files[::2], files[1::2], strict=True):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert _mapped(tmp_path)


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


# -- issue 17: suspensions, the ledger, name origins, member lines ------------------------

BODY = """- id: body
  type: regional-body
  name: {en: Body}
  name_sources: {en: [s1]}
  members:
    - {country: NIC, from: 1948, to: 2023-11-19, sources: [s1]}
    - {country: NIC, from: 1948}
    - {country: SEN, from: 1975, sources: [s1]}
    - {country: SEN, from: 1975, sources: [s1]}
    - {country: MLI, from: 1975, to: 2025-01-29, suspensions: [{from: 2021-05-30, to: 2026, sources: [s1]}, {from: 1970, sources: [s1]}, {to: 2022}]}
    - {country: MRT, from: 1975, to: 2000-12}
    - {country: MRT, from: 2017-08, role: associate-member, suspensions: [{from: 2019, sources: [s1], notes: "made up"}]}
  sources:
    - {id: s1, url: "https://example.org/body", accessed: 2026-01-02}
"""  # noqa: E501 - one member per line, as stewards write them

LEDGER = """- id: ledger-body
  scope: body
  searched: 2026-01-03
  found: [body]
  named_not_sourced:
    - {name: "A plan named in a speech", named_in: [s1]}
    - {name: "Another", named_in: [s9]}
    - {named_in: [s1]}
  sources:
    - {id: s1, url: "https://example.org/search", accessed: 2026-01-03}
- id: ledger-middle-africa
  scope: m49-017
  searched: 2026-01-03
  found: []
  sources:
    - {id: s1, url: "https://example.org/search-2", accessed: 2026-01-03}
- id: ledger-nowhere
  scope: m49-999
  searched: 2999-01-01
  found: [no-such-record]
  sources:
    - {id: s1, url: "https://example.org/search-3", accessed: 2026-01-03}
"""


def test_member_lines_suspensions_and_the_ledger_are_checked_line_by_line(tmp_path: Path):
    (tmp_path / "organizations.yaml").write_text(BODY, encoding="utf-8")
    (tmp_path / "ledger.yaml").write_text(LEDGER, encoding="utf-8")
    _reg, issues = check_registry(tmp_path)
    got = [(Path(i.file).name, i.line, i.field, i.expected.split(";")[0].split(":")[0])
           for i in issues]
    assert got == [
        ("ledger.yaml", 7, "named_in", "the id of one of this record's sources"),
        ("ledger.yaml", 8, "name", "the field 'name' (a thing named but not sourced needs it)"),
        ("ledger.yaml", 18, "scope", "the id of an organization or initiative record that "
                                     "exists, or an M49 region as m49-NNN (e.g. m49-017 Middle "
                                     "Africa, m49-001 the World)"),
        ("ledger.yaml", 19, "searched", "the full date the search was made, as YYYY-MM-DD, "
                                        "not after today"),
        ("ledger.yaml", 20, "found", "the id of an organization or initiative or commitment or "
                                     "financing or exchange or corridor or supply-chain or event "
                                     "record that exists"),
        # an open line after the recorded withdrawal of the same country
        ("organizations.yaml", 7, "from", "membership periods of one country that do not "
                                          "overlap"),
        ("organizations.yaml", 9, "country", "each member once"),  # the same line twice
        # of MLI's suspensions: one without from or sources, one beyond the membership's
        # end, one before its start (an open one lasts until the membership ends: no mistake)
        ("organizations.yaml", 10, "from", "the field 'from' (a suspension needs it)"),
        ("organizations.yaml", 10, "sources", "the field 'sources' (a suspension needs it)"),
        ("organizations.yaml", 10, "to", "a suspension that ends no later than the "
                                         "membership's 'to' (2025-01-29)"),
        ("organizations.yaml", 10, "from", "a suspension that starts within the membership, "
                                           "not before its 'from' (1975)"),
    ]
    # MRT left and came back later as an associate (suspended since 2019): no mistake
    assert not any(i.line in (11, 12) for i in issues)


def test_a_name_without_origin_is_a_warning_until_the_constant_makes_it_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from puentes.ingest.registry import record_check

    (tmp_path / "events.yaml").write_text(
        "- id: e\n  name: {en: E, fr: É, es: E}\n  name_sources: {en: [s1]}\n"
        "  translated: [es]\n  sources:\n"
        "    - {id: s1, url: \"https://example.org/e\", accessed: 2026-01-02}\n",
        encoding="utf-8")
    monkeypatch.setattr(record_check, "NAME_ORIGIN_IS_ERROR", False)
    reg, issues = check_registry(tmp_path)
    assert issues == [] and [(w.line, w.field, w.value) for w in reg.warnings] == [
        (2, "name", "fr")]
    assert "name_sources: {fr: [" in reg.warnings[0].expected
    result = CliRunner().invoke(cli, ["registry", "check", str(tmp_path)])
    assert result.exit_code == 0 and "warning: " in result.output
    assert re.search(r"1 records, all valid \(1 event\); \d+ cross-record rules pass; "
                     r"1 warning\(s\) above\.", result.output), result.output
    monkeypatch.setattr(record_check, "NAME_ORIGIN_IS_ERROR", True)
    reg, issues = check_registry(tmp_path)
    assert [(i.line, i.field, i.value) for i in issues] == [(2, "name", "fr")]
    assert reg.warnings == []
    assert CliRunner().invoke(cli, ["registry", "check", str(tmp_path)]).exit_code == 1


def test_the_real_registry_names_every_name_s_origin_once_the_rule_is_an_error():
    """Issue 17 §5: with NAME_ORIGIN_IS_ERROR the real registry must be free of names without
    origin; while it is a warning, the warnings are what remains to be done."""
    from puentes.ingest.registry import record_check

    reg, issues = check_registry(data_dir() / "registry")
    assert issues == []
    if record_check.NAME_ORIGIN_IS_ERROR:
        assert reg.warnings == []
    else:
        assert all(w.field == "name" for w in reg.warnings)


def _non_member_registry(tmp_path: Path) -> tuple[Path, int]:
    """The good registry with a participant (PER) of example-body's plan that is no member of
    example-body: the schema check passes, the cross-record rule fails. Returns the folder and
    the participant's line."""
    folder = tmp_path / "registry"
    shutil.copytree(HERE / "good", folder)
    path = folder / "initiatives.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "{agent: BRA, role: lead" in line) + 1
    lines.insert(at, "    - {agent: PER, role: beneficiary, sources: [s1]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, at + 1


@pytest.mark.slow  # the cross-record rules on a real build
def test_registry_check_runs_the_cross_record_rules_and_names_the_line(tmp_path: Path):
    """Issue 18: "all valid" means the build accepts the registry; a rule's failure names
    the file, line, record and field, what was found and what to do, in --lang."""
    import json

    folder, line = _non_member_registry(tmp_path)
    assert check_registry(folder)[1] == []  # the schema alone finds nothing
    result = CliRunner().invoke(cli, ["registry", "check", str(folder)])
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert (f"initiatives.yaml:{line}: record 'example-plan' field 'participants.agent': got "
            "'country=pid:country/PER, body=pid:organization/example-body, "
            "initiative=pid:initiative/example-plan'; expected a country taking part") in flat
    assert "membership_exception (check member-during-initiative)" in flat
    assert "1 problem(s) in" in flat
    es = CliRunner().invoke(cli, ["registry", "check", str(folder), "--lang", "es"])
    assert f"initiatives.yaml:{line}: registro 'example-plan' campo 'participants.agent': " \
           "se encontró" in " ".join(es.output.split())
    data = json.loads(CliRunner().invoke(cli, ["registry", "check", str(folder), "--json"])
                      .output)
    assert data["valid"] is False and data["records"] == 27 and data["checks_run"] >= 20
    [problem] = data["problems"]
    assert problem["file"].endswith("initiatives.yaml") and problem["line"] == line
    assert (problem["record"], problem["field"], problem["check"]) == (
        "example-plan", "participants.agent", "member-during-initiative")
    assert "pid:country/PER" in problem["found"] and "membership_exception" in \
        problem["expected"]


@pytest.mark.slow  # the cross-record rules on a real build
def test_the_build_names_the_line_of_a_cross_record_failure(tmp_path: Path):
    """The same failure in a build: the quarantine message names the line, and the
    violations counted are the problems shown (never "violations 0" beside them)."""
    import json

    from catalogues import registry_catalogue

    from puentes.commands.summaries import SUMMARIES

    folder, line = _non_member_registry(tmp_path)
    catalogue = registry_catalogue(tmp_path, folder)
    result = CliRunner().invoke(cli, ["build", "--store", str(tmp_path / "store"),
                                      "--catalogue", str(catalogue), "--no-quality", "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert set(data) == set(SUMMARIES["build"])
    registry = next(s for s in data["sources"] if s["id"] == "registry")
    assert registry["status"] == "quarantined" and registry["violations"] == 1
    assert any(f"initiatives.yaml:{line}: record 'example-plan' field 'participants.agent'"
               in m for m in registry["messages"]), registry["messages"]
    [failure] = data["check_failures"]
    assert (failure["check"], failure["line"], failure["record"]) == (
        "member-during-initiative", line, "example-plan")
    # a schema mistake: as many violations as problems
    (folder / "events.yaml").write_text("- id: Bad Id\n", encoding="utf-8")
    again = CliRunner().invoke(cli, ["build", "registry", "--store", str(tmp_path / "store"),
                                     "--catalogue", str(catalogue), "--no-quality", "--json"])
    data = json.loads(again.output[again.output.index("{"):])
    registry = next(s for s in data["sources"] if s["id"] == "registry")
    problems = int(re.search(r"(\d+) problem\(s\)", registry["messages"][0])[1])
    assert registry["status"] == "quarantined" and registry["violations"] == problems >= 1


@pytest.mark.parametrize("lang, words", [("en", ("Searched for this", "nothing found")),
                                         ("es", ("Búsquedas realizadas", "no se encontró nada")),
                                         ("fr", ("Recherches effectuées", "rien trouvé"))])
def test_a_region_and_a_body_show_their_coverage_searches(lang, words):
    """The coverage ledger on the page of what was searched (issue 17 §1): the date, what was
    found, what was named but not sourced — and "nothing found" said, not left silent."""
    from puentes.store import GraphStore
    from puentes.web.pages import build_index
    from puentes.web.sections import render_html

    reg = checked_registry(HERE / "good")
    store = GraphStore.in_memory()
    store.replace_graph("registry", map_registry(reg))
    idx = build_index(store)
    region = render_html(idx, str(PID) + "region/m49-017", lang)
    assert words[0] in region and "2026-01-07" in region and words[1] in region
    body = render_html(idx, str(PID) + "organization/example-body", lang)
    assert words[0] in body and "2026-01-06" in body
    assert "Example Body plan against child trafficking" in body


def test_a_search_of_the_world_is_labelled_by_its_name_not_its_code(tmp_path: Path):
    (tmp_path / "ledger.yaml").write_text(
        "- id: ledger-world\n  scope: m49-001\n  searched: 2026-01-07\n  found: []\n"
        "  sources:\n    - {id: s1, url: \"https://example.org/w\", accessed: 2026-01-07}\n",
        encoding="utf-8")
    from rdflib.namespace import RDFS

    graph = map_registry(checked_registry(tmp_path))
    labels = {str(o) for s, o in graph.subject_objects(RDFS.label)
              if str(s).endswith("/ledger-world")}
    assert labels == {"Coverage search: M49 001 (World)", "Búsqueda de cobertura: M49 001 (Mundo)",
                      "Recherche de couverture : M49 001 (Monde)"}, labels


def test_generated_labels_name_m49_regions_in_the_reader_s_language(tmp_path: Path):
    """A label the registry composes names an M49 region by the UN's own name in each
    language (the UNSD tables the countries source maps), not the English one in es and fr:
    "Búsqueda de cobertura: M49 017 (África central)", never "… (Middle Africa)"."""
    from rdflib.namespace import RDFS

    from puentes.ingest.reference import m49_names, region_inputs

    (tmp_path / "ledger.yaml").write_text(
        "- id: ledger-africa\n  scope: m49-017\n  searched: 2026-01-07\n  found: []\n"
        "  sources:\n    - {id: s1, url: \"https://example.org/w\", accessed: 2026-01-07}\n"
        "- id: corridor-search\n  scope: m49-419\n  searched: 2026-01-07\n  found: []\n"
        "  sources:\n    - {id: s1, url: \"https://example.org/w\", accessed: 2026-01-07}\n",
        encoding="utf-8")
    graph = map_registry(checked_registry(tmp_path))
    labels = {(str(s).rsplit("/", 1)[-1], o.language): str(o)
              for s, o in graph.subject_objects(RDFS.label) if "/ledger/" in str(s)}
    assert labels[("ledger-africa", "en")] == "Coverage search: M49 017 (Middle Africa)"
    assert labels[("ledger-africa", "es")] == "Búsqueda de cobertura: M49 017 (África central)"
    assert labels[("ledger-africa", "fr")].endswith(": M49 017 (Afrique centrale)")
    assert labels[("corridor-search", "es")].endswith("(América Latina y el Caribe)")
    assert labels[("corridor-search", "fr")].endswith("(Amérique latine et Caraïbes)")
    # the names are the UNSD tables' (their provenance: data/raw/countries/README.md), which
    # the registry source lists among its inputs, so an edited name relabels
    assert m49_names()["017"] == {"en": "Middle Africa", "es": "África central",
                                  "fr": "Afrique centrale"}
    assert {p.name for p in region_inputs()} >= {"UNSD-m49-es.csv", "UNSD-m49-fr.csv"}
