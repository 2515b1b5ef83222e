"""Declared dependencies instead of hand-kept lists (issue 19).

- A source's fingerprint covers exactly the code its graph and verdict depend on, read from
  the imports: editing any module of the package (each in turn, in a copy of the package)
  changes the fingerprints of exactly the sources whose mappers reach it, or of every source
  when it is validation code — and of none when it is a report, web or command module.
  (``tests/test_source_contract.py`` proves the other half: every module a mapper really
  runs is inside that closure.)
- Sources declare the sources they need (``needs:`` in ``data/sources.yaml``): ``puentes build
  registry`` into an empty store builds the countries first and quarantines nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from catalogues import registry_catalogue

from puentes.build import deps
from puentes.build.loop import build, fingerprint
from puentes.errors import ConfigError, NoSnapshotError
from puentes.ingest.catalogue import load_catalogue, needed
from puentes.paths import project_root

pytestmark = pytest.mark.slow  # edits every module in a copy of the package and rebuilds

ROOT = project_root()
CATALOGUE = load_catalogue()
GOOD_REGISTRY = ROOT / "tests" / "sources" / "registry" / "good"


@pytest.fixture(scope="module")
def sources_with_inputs():
    """The catalogue entries whose inputs can be listed offline (a shipped snapshot)."""
    out = {}
    for sid, source in CATALOGUE.items():
        try:
            out[sid] = (source, source.mapper(), source.mapper().inputs(source))
        except NoSnapshotError:  # a remote source with no snapshot yet: no inputs
            continue
    assert {"registry", "countries", "usdol-ilab"} <= set(out)
    return out


def test_editing_any_module_rebuilds_exactly_the_sources_that_use_it(
        sources_with_inputs, tmp_path, monkeypatch):
    copy = tmp_path / "puentes"
    shutil.copytree(deps.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(deps, "PACKAGE", copy)
    deps.direct_imports.cache_clear()
    before = {sid: fingerprint(s, m, i) for sid, (s, m, i) in sources_with_inputs.items()}
    validation = {p.relative_to(copy) for p in deps.validation_code()}
    reach = {sid: {p.relative_to(copy) for p in deps.closure(m.__name__, *deps.EVERY_SOURCE)}
             for sid, (_s, m, _i) in sources_with_inputs.items()}
    untouched = []
    for name in deps.modules():  # the copy's: deps.PACKAGE points at it
        path = deps.module_path(name)
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        try:
            changed = {sid for sid, (s, m, i) in sources_with_inputs.items()
                       if fingerprint(s, m, i) != before[sid]}
        finally:
            path.write_bytes(original)
        rel = path.relative_to(copy)
        expected = (set(sources_with_inputs) if rel in validation
                    else {sid for sid, files in reach.items() if rel in files})
        assert changed == expected, f"editing {name}: rebuilt {sorted(changed)}, " \
                                    f"expected {sorted(expected)}"
        if not changed:
            untouched.append(name)
    # the stale graph of issue 19: a mapper helper rebuilds the registry …
    assert "puentes.ingest.translation" not in untouched
    # … and a report or web module rebuilds nothing
    for name in ("puentes.build.report.vintages", "puentes.build.report.quality",
                 "puentes.web.app", "puentes.commands.query"):
        assert name in untouched, name


def test_the_registry_s_fingerprint_covers_its_helpers():
    registry = CATALOGUE["registry"].mapper()
    files = {p.relative_to(deps.PACKAGE).as_posix()
             for p in deps.closure(registry.__name__, *deps.EVERY_SOURCE)}
    for helper in ("ingest/translation.py", "ingest/reference.py", "ingest/yamlfile.py",
                   "ingest/catalogue.py", "ingest/weburl.py", "ingest/registry/mapper.py"):
        assert helper in files, helper
    assert "build/report/vintages.py" not in files


def test_sources_declare_what_they_need_and_build_it_first():
    assert CATALOGUE["registry"].needs == ("countries",)
    assert needed(CATALOGUE, ["wikidata"]) == ["countries", "registry", "wikidata"]
    assert needed(CATALOGUE, ["ontology"]) == ["ontology"]


def _catalogue(tmp_path: Path, entries: dict) -> Path:
    base = {"title": "t", "kind": "reference-data", "location": "data/", "licence": "PDDL",
            "publisher": "p"}
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": {k: {**base, **v} for k, v in entries.items()}}))
    return path


def test_a_circle_of_needs_or_an_unknown_need_is_named(tmp_path):
    with pytest.raises(ConfigError, match="circle: a → b → a"):
        load_catalogue(_catalogue(tmp_path, {"a": {"needs": ["b"]}, "b": {"needs": ["a"]}}))
    with pytest.raises(ConfigError, match="needs unknown source"):
        load_catalogue(_catalogue(tmp_path, {"a": {"needs": ["nowhere"]}}))
    with pytest.raises(ConfigError, match="needs: expected a list"):
        load_catalogue(_catalogue(tmp_path, {"a": {"needs": "countries"}}))


def test_build_registry_into_an_empty_store_builds_its_countries_first(tmp_path):
    registry = tmp_path / "registry"
    shutil.copytree(GOOD_REGISTRY, registry)
    cat = registry_catalogue(tmp_path, registry)
    doc = yaml.safe_load(cat.read_text())
    doc["sources"]["registry"]["needs"] = ["countries"]
    cat.write_text(yaml.safe_dump(doc))
    report = build(["registry"], store_path=tmp_path / "store", catalogue_path=cat)
    assert [(r.source_id, r.status) for r in report.results] == [
        ("countries", "loaded"), ("registry", "loaded")]
    assert report.exit_code == 0
