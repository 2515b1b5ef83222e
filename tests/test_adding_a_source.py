"""docs/adding-a-source.md followed for real: its template mapper, copied as the guide says,
is registered in a catalogue, built by the real build into a real store, and answers."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from puentes.ingest.sources import Mapper
from puentes.paths import project_root

ROOT = project_root()


pytestmark = pytest.mark.slow  # builds the template source


@pytest.fixture
def template_source(tmp_path, monkeypatch):
    """The template installed as ``puentes.ingest.sources.my_source`` with a catalogue naming it."""
    import puentes.ingest.sources

    package_dir = tmp_path / "pkg"
    package_dir.mkdir()
    shutil.copy(ROOT / "docs/templates/mapper_template.py", package_dir / "my_source.py")
    monkeypatch.setattr(puentes.ingest.sources, "__path__",
                        [*puentes.ingest.sources.__path__, str(package_dir)])
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "data.csv").write_text("iso3,year,value\nGHA,2017,21.8\nWLD,2017,9.6\n"
                                  "BRA,2016,5.0\n", encoding="utf-8")
    catalogue = tmp_path / "sources.yaml"
    catalogue.write_text(textwrap.dedent(f"""\
        sources:
          ontology:
            title: The model
            kind: model
            location: {ROOT / "ontology"}
            licence: https://creativecommons.org/licenses/by/4.0/
            publisher: puentes
          countries:
            title: Countries
            kind: reference-data
            location: {ROOT / "data/raw/countries"}
            licence: https://opendatacommons.org/licenses/pddl/1-0/
            publisher: datasets/country-codes
          my-source:
            title: Made-up figures for the adding-a-source test
            kind: open-data-file
            location: {raw}
            licence: https://creativecommons.org/licenses/by/4.0/
            publisher: the tests
            url: https://example.org/data
            retrieved: "2026-11-26"
        """), encoding="utf-8")
    yield catalogue, raw
    import sys

    sys.modules.pop("puentes.ingest.sources.my_source", None)


def test_the_template_follows_the_contract_and_builds(template_source, tmp_path):
    from puentes.build.loop import build
    from puentes.ingest.catalogue import load_catalogue

    catalogue, raw = template_source
    source = load_catalogue(catalogue)["my-source"]
    assert isinstance(source.mapper(), Mapper)
    events = []
    report = build(store_path=tmp_path / "store", catalogue_path=catalogue,
                   progress=events.append)
    result = report.result("my-source")
    assert result.status == "loaded", result.messages
    # progress comes as typed events: a start with the count, then each source's stages
    # (loading comes after the checks across graphs, once every source is mapped)
    from puentes.build.results import STAGES, BuildEvent

    assert all(isinstance(e, BuildEvent) and e.stage in STAGES for e in events)
    assert (events[0].stage, events[0].total) == ("start", 3)
    stages = [e.stage for e in events if e.source_id == "my-source"]
    assert {"mapping", "validating", "done", "loading"} <= set(stages)
    assert any("WLD" in m for m in result.messages)  # the aggregate is reported, not dropped
    rows = list(report.store.query(
        "SELECT ?v WHERE { ?o <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v }"))
    from decimal import Decimal

    assert sorted(Decimal(r["v"].value) for r in rows) == [Decimal("5"), Decimal("21.8")]


def test_the_template_names_file_line_and_field_for_a_bad_value(template_source, tmp_path):
    from puentes.build.loop import build

    catalogue, raw = template_source
    (raw / "data.csv").write_text("iso3,year,value\nGHA,2017,about 20\n", encoding="utf-8")
    report = build(store_path=tmp_path / "store", catalogue_path=catalogue)
    result = report.result("my-source")
    assert result.status == "quarantined"
    text = "\n".join(result.messages)
    assert "data.csv:2" in text and "value" in text and "decimal" in text
