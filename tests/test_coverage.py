"""Coverage that respects membership periods and roles (issue 9 §3), and the dated steps in
the life of an instrument (issue 9 §4): on made-up records (tests/sources/registry/coverage/)
and on the real registry in data/registry/."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from puentes.ingest.registry.check import check_registry, checked_registry
from puentes.ingest.registry.mapper import map_registry
from puentes.namespaces import PSC, PU, SCHEMA, rid
from puentes.paths import data_dir

HERE = Path(__file__).parent / "sources" / "registry" / "coverage"


@lru_cache(maxsize=2)
def _graph(folder: str) -> Graph:
    return map_registry(checked_registry(Path(folder)))


def _covers(g: Graph, initiative: str) -> set[str]:
    return {str(o).rsplit("/", 1)[1]
            for o in g.objects(rid("initiative", initiative), PU.coversCountry)}


@pytest.mark.parametrize(("initiative", "expected"), [
    # MRT left in 2000 and is only an associate since 2017; TLS joined in 2025; CUB observes
    ("plan-2012-2015", {"SEN", "BFA", "PRY"}),
    # a declaration covers the members on the day it was adopted: not TLS (joined a year later)
    ("declaration-2024-10", {"SEN", "BFA", "PRY"}),
    # BFA left in January 2025, during the plan: covered; TLS joined during it: covered
    ("plan-2021-2030", {"SEN", "BFA", "PRY", "TLS"}),
    # the initiative says (with its source) that associate members are covered too
    ("plan-2021-2030-with-associates", {"SEN", "BFA", "PRY", "TLS", "MRT"}),
    # PRY was suspended on the very day: not covered; MRT was out
    ("declaration-2012-06-29", {"SEN", "BFA"}),
])
def test_an_instrument_covers_the_full_members_during_its_period(initiative, expected):
    assert _covers(_graph(str(HERE)), initiative) == expected


def test_a_covered_role_beyond_full_membership_is_in_the_graph():
    g = _graph(str(HERE))
    node = rid("initiative", "plan-2021-2030-with-associates")
    assert list(g.objects(node, PU.coversMembershipRole)) == [
        PSC["membership-role/associate-member"]]
    assert list(g.objects(rid("initiative", "plan-2021-2030"), PU.coversMembershipRole)) == []


def test_covers_roles_needs_covers_members_of_and_a_source(tmp_path: Path):
    shutil.copy(HERE / "organizations.yaml", tmp_path)
    (tmp_path / "initiatives.yaml").write_text(
        "- id: p\n  type: action-plan\n  name: {en: P}\n"
        "  covers_roles:\n    - {role: associate-member}\n"
        "  sources:\n    - {id: s1, url: \"https://example.org/p\", accessed: 2026-01-02}\n",
        encoding="utf-8")
    _reg, issues = check_registry(tmp_path)
    shown = [(i.line, i.field, i.expected) for i in issues]
    assert (5, "sources", "the field 'sources' (a covered membership role needs it)") in shown
    assert any(f == "covers_roles" and e.startswith("covers_members_of")
               for _, f, e in shown), shown


# -- the real registry -------------------------------------------------------------------

def _real() -> Graph:
    return _graph(str(data_dir() / "registry"))


def test_ecowas_plan_2012_2015_does_not_cover_mauritania():
    covered = _covers(_real(), "ecowas-rap-2012-2015")
    assert "MRT" not in covered
    assert {"CPV", "BFA", "MLI", "NER", "NGA", "SEN"} <= covered
    assert len(covered) == 15


def test_ecowas_plan_2021_2030_covers_the_members_during_it():
    covered = _covers(_real(), "ecowas-rap-2021-2030")
    # the three that left on 29 January 2025 were members during the plan; MRT is associate
    assert len(covered) == 15 and {"BFA", "MLI", "NER"} <= covered
    assert "MRT" not in covered


def test_asean_declaration_of_october_2024_does_not_cover_timor_leste():
    assert "TLS" not in _covers(_real(), "asean-declaration-prevention-child-labour-2024")
    assert len(_covers(_real(), "asean-declaration-prevention-child-labour-2024")) == 10
    assert "TLS" in _covers(_real(), "asean-roadmap-2026-2035")


def _steps(g: Graph, node) -> dict[str, tuple]:  # noqa: ANN001
    out = {}
    for st in g.objects(node, PU.hasStep):
        kind = str(g.value(st, PU.stepType)).rsplit("/", 1)[1]
        out[kind] = (g.value(st, SCHEMA.startDate), g.value(st, SCHEMA.endDate),
                     g.value(st, SCHEMA.superEvent), g.value(st, SCHEMA.location))
    return out


def test_validation_and_adoption_of_the_ecowas_plan_are_dated_steps_with_their_place():
    g = _real()
    steps = _steps(g, rid("initiative", "ecowas-rap-2021-2030"))
    assert steps["validation"] == (Literal("2021-10-11", datatype=XSD.date),
                                   Literal("2021-10-13", datatype=XSD.date), None,
                                   rid("country", "NGA"))
    assert steps["adoption"][0] == Literal("2023-03-03", datatype=XSD.date)
    assert steps["adoption"][2] == rid("event", "ecowas-labour-ministers-2023")
    assert (steps and all((s, RDF.type, PU.InstrumentStep) in g
                          for s in g.objects(rid("initiative", "ecowas-rap-2021-2030"),
                                             PU.hasStep)))


def test_a_launch_is_not_an_adoption():
    g = _real()
    node = rid("initiative", "eac-child-policy-2016")
    assert g.value(node, PU.adoptionDate) is None
    assert set(_steps(g, node)) == {"launch"}


def test_entry_into_force_of_c182_and_times_of_the_marrakech_session():
    g = _real()
    steps = _steps(g, rid("instrument", "ilo-c182"))
    assert steps["entry-into-force"][0] == Literal("2000-11-19", datatype=XSD.date)
    session = rid("event", "marrakech-2026-session-regional-cooperation")
    assert g.value(session, SCHEMA.startDate) == Literal("2026-02-12T14:30:00",
                                                         datatype=XSD.dateTime)
    assert g.value(session, SCHEMA.endDate) == Literal("2026-02-12T16:15:00",
                                                       datatype=XSD.dateTime)


def test_a_step_needs_a_date_or_an_event_and_adoption_stays_in_adopted(tmp_path: Path):
    (tmp_path / "initiatives.yaml").write_text(
        "- id: p\n  type: action-plan\n  name: {en: P}\n"
        "  steps:\n    - {step: launch}\n    - {step: adoption, date: 2020-01-01T25:00}\n"
        "  sources:\n    - {id: s1, url: \"https://example.org/p\", accessed: 2026-01-02}\n",
        encoding="utf-8")
    _reg, issues = check_registry(tmp_path)
    shown = [(i.line, i.field) for i in issues]
    assert (5, "date") in shown  # no date, no event
    assert (6, "date") in shown  # 25:00 is no time of day
    assert (6, "step") in shown  # adoption belongs in adopted:


def test_query_102_counts_full_members_unless_told_to_include_associates(tmp_path: Path):
    from puentes.query import find_query, run_saved_query, store_from_files

    f = tmp_path / "registry.nt"
    _real().serialize(f, format="nt", encoding="utf-8")
    store = store_from_files([f])

    def members(**params: str) -> dict[str, int]:
        rows = run_saved_query(find_query("102"), store=store, params=params).rows
        return {str(r["body"].value).rsplit("/", 1)[1]: int(r["members"].value) for r in rows}

    full, everyone = members(), members(includeAssociates="true")
    # ECOWAS: 12 full members since 29 January 2025, and Mauritania as associate;
    # CARICOM: 15 members and 5 associate members
    assert (full["ecowas"], everyone["ecowas"]) == (12, 13)
    assert (full["caricom"], everyone["caricom"]) == (15, 20)
