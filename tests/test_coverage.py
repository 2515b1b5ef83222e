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
    ("plan-2012-2015", {"SEN", "BFA", "PRY", "GIN"}),
    # a declaration covers the members on the day it was adopted: not TLS (joined a year
    # later), not GIN (suspended that day: a suspensions entry of its member line)
    ("declaration-2024-10", {"SEN", "BFA", "PRY"}),
    # BFA left in January 2025, during the plan: covered; TLS joined during it: covered;
    # GIN was suspended for part of it only
    ("plan-2021-2030", {"SEN", "BFA", "PRY", "TLS", "GIN"}),
    # the initiative says (with its source) that associate members are covered too
    ("plan-2021-2030-with-associates", {"SEN", "BFA", "PRY", "TLS", "MRT", "GIN"}),
    # PRY was suspended on the very day (the older form, a line with role suspended): not
    # covered; MRT was out
    ("declaration-2012-06-29", {"SEN", "BFA", "GIN"}),
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
    g = _real()
    covered = _covers(g, "ecowas-rap-2021-2030")
    # of the 15 members during the plan, MLI (suspended since 2021-05-30), BFA (2022-01-28)
    # and GIN (2021-09-08) were suspended for all of it that they were members: no
    # pu:coversCountry; NER, suspended on 2023-12-10 after the adoption, was covered before
    # it; MRT is an associate. The plan still names all of them through its body: coverage
    # periods in which they are not covered, each with its suspension (question 209 lists
    # them, flagged, on a date they were suspended)
    assert len(covered) == 12 and "NER" in covered
    assert not {"MLI", "BFA", "GIN", "MRT"} & covered
    plan = rid("initiative", "ecowas-rap-2021-2030")
    named = {str(g.value(p, PU.coverageOf)).rsplit("/", 1)[1]
             for p in g.subjects(PU.coverageBy, plan)
             if g.value(p, PU.covered) == Literal(False)
             and g.value(p, PU.duringSuspension) is not None}
    assert named == {"MLI", "BFA", "GIN", "NER"}


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


def test_the_eac_child_policy_is_dated_by_its_adoption_not_its_launch():
    """EAC's own announcement says the policy was adopted before its launch in August 2016:
    the registry gives the adoption (2016) and keeps the launch as a step of its own."""
    g = _real()
    node = rid("initiative", "eac-child-policy-2016")
    assert g.value(node, PU.adoptionDate) == Literal("2016", datatype=XSD.gYear)
    assert "launch" in set(_steps(g, node))


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


# -- coverage on a date (issue 17 §4) -------------------------------------------------------

def _members(folder: Path, body: str) -> list:
    return checked_registry(folder).by_id[body].data["members"]


@pytest.mark.parametrize(("initiative", "day", "expected", "suspended"), [
    # before the plan: nothing; MRT is out, TLS not in yet
    ("plan-2021-2030", "2020-06-01", [], []),
    # GIN is suspended (2021-09-08–2024): named, flagged, not counted as covered
    ("plan-2021-2030", "2022-06-01", ["SEN", "BFA", "PRY"], ["GIN"]),
    # BFA left on 2025-01-29; GIN's suspension ended in 2024; TLS joined on 2025-10-26
    ("plan-2021-2030", "2025-06-01", ["SEN", "PRY", "GIN"], []),
    ("plan-2021-2030", "2026-01-01", ["SEN", "PRY", "TLS", "GIN"], []),
    # a declaration with only an adoption date applies from then on, to those it covers; PRY
    # was suspended on the very day (the older form: a line with role suspended), and still is
    ("declaration-2012-06-29", "2013-01-01", ["SEN", "BFA", "GIN"], ["PRY"]),
    ("declaration-2012-06-29", "2012-01-01", [], []),
    # GIN was suspended for the whole of this declaration (no pu:coversCountry), yet it is a
    # member the declaration names through its body: listed, flagged
    ("declaration-2024-10", "2024-10-15", ["SEN", "BFA", "PRY"], ["GIN"]),
])
def test_coverage_on_a_date_follows_accession_withdrawal_and_suspension(initiative, day,
                                                                        expected, suspended):
    from puentes.ingest.registry.coverage import covered_on

    reg = checked_registry(HERE)
    got = covered_on(reg.by_id[initiative].data, _members(HERE, "west-body"), day)
    assert sorted(got) == sorted(expected)
    # the saved question 209 gives the same answer on the mapped graph, and keeps the members
    # suspended on the date, flagged (issue 18: a suspension is shown, never dropped)
    rows = _query_209_rows(str(HERE), initiative, day)
    assert sorted(c for c, s in rows.items() if not s) == sorted(expected)
    assert sorted(c for c, s in rows.items() if s) == sorted(suspended)


def _query_209_rows(folder: str, initiative: str, day: str) -> dict[str, bool]:
    """Question 209's answer: ISO3 → suspended on the date."""
    from puentes.query import find_query, run_saved_query

    rows = run_saved_query(find_query("209"), store=_store(folder),
                           params={"initiative": f"pid:initiative/{initiative}",
                                   "date": day}).rows
    out = {}
    for r in rows:
        code = str(r["country"].value).rsplit("/", 1)[1]
        assert code not in out, f"209 lists {code} twice"
        out[code] = r["suspended"].value == "true"
        # the suspension is shown with the flag
        assert (r["suspension"] is not None) == out[code]
    return out


def _query_209(folder: str, initiative: str, day: str) -> list[str]:
    """The countries question 209 lists on the date, suspended ones included."""
    return list(_query_209_rows(folder, initiative, day))


@lru_cache(maxsize=2)
def _store(folder: str):  # noqa: ANN202 - a pyoxigraph store of the mapped registry
    import tempfile

    from puentes.query import store_from_files

    f = Path(tempfile.mkdtemp()) / "registry.nt"
    _graph(folder).serialize(f, format="nt", encoding="utf-8")
    return store_from_files([f])


def test_ecowas_plan_2021_2030_covers_15_countries_in_2024_and_12_after_the_withdrawals():
    """Issue 17's target on the real registry: BFA, MLI and NER left ECOWAS on 2025-01-29.
    On 2024-06-01 four of the 15 were suspended from ECOWAS (MLI since 2021-05-30, GIN since
    2021-09-08, BFA since 2022-01-28, NER since 2023-12-10): listed, flagged (issue 18)."""
    from puentes.ingest.registry.coverage import covered_on

    folder = str(data_dir() / "registry")
    reg = checked_registry(Path(folder))
    plan, members = reg.by_id["ecowas-rap-2021-2030"].data, _members(Path(folder), "ecowas")
    before, after = (_query_209_rows(folder, "ecowas-rap-2021-2030", d)
                     for d in ("2024-06-01", "2025-06-01"))
    assert len(before) == 15 and len(after) == 12
    assert set(before) - set(after) == {"BFA", "MLI", "NER"}
    assert {c for c, s in before.items() if s} == {"MLI", "BFA", "NER", "GIN"}
    assert {c for c, s in after.items() if s} == {"GIN"}
    assert "MRT" not in before  # an associate member
    assert sorted(covered_on(plan, members, "2024-06-01")) == sorted(
        c for c, s in before.items() if not s)
    assert sorted(covered_on(plan, members, "2025-06-01")) == sorted(
        c for c, s in after.items() if not s)


def test_the_asean_roadmap_by_2025_does_not_cover_timor_leste():
    """Timor-Leste joined on 2025-10-26, in the roadmap's final year, a day its sources do
    not give an end for: no source says the two overlapped (issue 17)."""
    assert "TLS" not in _covers(_real(), "asean-roadmap-wfcl-2025")
    assert len(_covers(_real(), "asean-roadmap-wfcl-2025")) == 10


def test_a_policy_adopted_in_2016_does_not_cover_the_members_that_joined_later():
    """The EAC Child Policy (adopted 2016, no period in the sources) and DR Congo (EAC member
    since 2022) and Somalia (2024): the error of issue 17 ("the EAC child policy of 2016
    covers DR Congo and Somalia") is gone, on any date."""
    folder = str(data_dir() / "registry")
    members = {m["country"] for m in _members(Path(folder), "eac")}
    assert {"COD", "SOM"} <= members
    for day in ("2020-01-01", "2026-01-01"):
        covered = _query_209(folder, "eac-child-policy-2016", day)
        assert "COD" not in covered and "SOM" not in covered
        assert {"KEN", "TZA", "UGA", "BDI", "RWA"} <= set(covered)


def test_query_210_lists_the_members_no_instrument_covers_on_a_date():
    from puentes.query import find_query, run_saved_query

    def uncovered(body: str, day: str) -> dict[str, bool]:
        rows = run_saved_query(find_query("210"), store=_store(str(HERE)),
                               params={"body": f"pid:organization/{body}", "date": day}).rows
        return {str(r["country"].value).rsplit("/", 1)[1]: r["suspended"].value == "true"
                for r in rows}

    # in 2023 GIN is suspended (not covered by the plan); MRT is an associate the plain plan
    # does not cover, but the plan that names associates does; CUB observes
    assert uncovered("west-body", "2023-06-01") == {"GIN": True, "CUB": False}
    # consistent with 209: the plan names GIN that day, flagged suspended
    assert _query_209_rows(str(HERE), "plan-2021-2030", "2023-06-01")["GIN"] is True
    # before any instrument applies, every member is uncovered
    assert set(uncovered("west-body", "2011-01-01")) == {"SEN", "BFA", "PRY", "GIN", "CUB"}


# -- checks that keep each class of error out (issue 17 §3) ---------------------------------

CHECKS = Path(__file__).parent / "fixtures" / "checks"
PID_ = "https://w3id.org/puentes/id/"


def _check_rows(check: str, data: Path | Graph) -> list[dict[str, str]]:
    import pyoxigraph as ox

    from puentes.check.checks import check_files, run_checks

    path = next(p for p in check_files() if p.stem == f"{check}-violation")
    graph = data if isinstance(data, Graph) else Graph().parse(data)
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode("https://w3id.org/puentes/graph/test"))
    return [{k: v.removeprefix(PID_) for k, v in f.row.items()}
            for f in run_checks(store, only=[path])]


@pytest.mark.parametrize(("check", "failing"), [
    # coverage before the accession (LLL) and after the withdrawal (KKK)
    ("coverage-outside-membership", [("initiative/plan-2010", "country/LLL"),
                                     ("initiative/plan-2023", "country/KKK")]),
    # an open line after a recorded withdrawal; a member listed twice; overlapping lines
    ("overlapping-membership", [("membership/b--NNN", "membership/b--NNN--2"),
                                ("membership/b--OOO", "membership/b--OOO--2"),
                                ("membership/b--PPP", "membership/b--PPP--2")]),
    # covered for the whole of a suspension: the new form and the older one
    ("coverage-while-suspended", [("initiative/plan-2012", "country/SSS"),
                                  ("initiative/plan-2022", "country/RRR")]),
])
def test_each_check_fails_on_its_bad_example_and_passes_on_its_good_one(check, failing):
    bad = _check_rows(check, CHECKS / f"{check}-bad.ttl")
    assert sorted(tuple(list(r.values())[:2]) for r in bad) == failing
    assert _check_rows(check, CHECKS / f"{check}-good.ttl") == []


@pytest.mark.parametrize("check", ["coverage-outside-membership", "overlapping-membership",
                                   "coverage-while-suspended"])
def test_the_real_registry_passes_the_coverage_and_membership_checks(check):
    assert _check_rows(check, _real()) == []


def test_the_coverage_map_takes_a_date():
    """The coverage map of the ECOWAS plan colours 15 countries on 2024-06-01 and 12 on
    2025-06-01 (query 209), those suspended that day in their own colour; without a date it
    shows every country covered at some time (not those suspended all the while)."""
    import xml.etree.ElementTree as ET

    from puentes.build.loop import mapped_store
    from puentes.web.plot.kinds import Context, draw

    store = mapped_store(["countries", "registry"])
    svg_ns = "{http://www.w3.org/2000/svg}"

    def filled(**params: str) -> set[str]:
        pic = draw("coverage-map", Context(store=store),
                   {"initiative": "pid:initiative/ecowas-rap-2021-2030", **params})
        return {p.get("data-iso3") for p in ET.fromstring(pic.svg).iter(svg_ns + "path")
                if "filled" in (p.get("class") or "").split()}

    def suspended(**params: str) -> set[str]:
        pic = draw("coverage-map", Context(store=store),
                   {"initiative": "pid:initiative/ecowas-rap-2021-2030", **params})
        root = ET.fromstring(pic.svg)
        keys = " ".join(" ".join(g.itertext()) for g in root.iter(svg_ns + "g")
                        if g.get("class") == "key")
        assert "suspended from the body" in keys
        return {p.get("data-iso3") for p in root.iter(svg_ns + "path")
                if p.get("data-suspended") == "true"}

    before, after = filled(date="2024-06-01"), filled(date="2025-06-01")
    assert len(before) == 15 and before - after == {"BFA", "MLI", "NER"}
    # the members suspended that day in their own colour and legend entry
    assert suspended(date="2024-06-01") == {"MLI", "BFA", "NER", "GIN"}
    assert suspended(date="2025-06-01") == {"GIN"}
    assert filled() >= before - {"MLI", "BFA", "GIN"}


def test_the_member_map_shows_members_suspended_on_its_date():
    """ECOWAS on 2024-06-01: 15 members (and Mauritania, an associate); Mali, Guinea, Burkina
    Faso and Niger suspended that day, hatched, under their own legend entry; on 2021-01-01
    none of them was (issue 17's suspensions as data, drawn)."""
    import xml.etree.ElementTree as ET

    from puentes.build.loop import mapped_store
    from puentes.web.plot.kinds import Context, draw

    store = mapped_store(["countries", "registry"])
    svg_ns = "{http://www.w3.org/2000/svg}"

    def drawn(day: str) -> tuple[set[str], set[str], str]:
        pic = draw("members-map", Context(store=store),
                   {"body": "pid:organization/ecowas", "date": day})
        root = ET.fromstring(pic.svg)
        paths = [p for p in root.iter(svg_ns + "path")
                 if "filled" in (p.get("class") or "").split()]
        keys = " ".join(" ".join(g.itertext()) for g in root.iter(svg_ns + "g")
                        if g.get("class") == "key")
        return ({p.get("data-iso3") for p in paths},
                {p.get("data-iso3") for p in paths if p.get("data-suspended") == "true"}, keys)

    members, suspended, keys = drawn("2024-06-01")
    assert len(members) == 16 and "MRT" in members
    assert suspended == {"MLI", "GIN", "BFA", "NER"} and "suspended from the body" in keys
    members, suspended, keys = drawn("2021-01-01")
    assert suspended == set() and "suspended" not in keys


# -- one rule, decided once: the Python rule and the data agree --------------------------------

def _rules(reg) -> dict:  # noqa: ANN001 - a checked registry → initiative id → its rule
    from puentes.ingest.registry.coverage import CoverageRule

    out = {}
    for rec in reg.records:
        d = rec.data
        if rec.kind.name == "initiative" and (d.get("covers") or d.get("covers_members_of")):
            body = d.get("covers_members_of") or d.get("instrument_of")
            members = (reg.by_id[body].data.get("members") or []) if body else []
            out[rec.id] = (CoverageRule(d, members, bool(d.get("covers_members_of")),
                                        [c["role"] for c in d.get("covers_roles") or []]),
                           body, members)
    return out


def test_question_209_on_the_mapped_periods_agrees_with_the_rule_for_every_pair():
    """Every instrument–country pair of the real registry, on every day where the rule may
    change its answer for that country (the instrument's start, adoption and end, each
    accession and withdrawal, each suspension's start and end) and the day before: the
    saved question 209 reading the mapped coverage periods answers exactly what
    :meth:`CoverageRule.on` decides, the suspension included. One run of 209's own text over
    every (instrument, date) pair at once (a VALUES block of all of them)."""
    import datetime as dt

    import pyoxigraph as ox

    from puentes.ingest.registry.mapper import membership_iris
    from puentes.query import find_query
    from puentes.query.engines import run_text

    folder = str(data_dir() / "registry")
    rules = _rules(checked_registry(Path(folder)))
    want: dict[tuple[str, str], set] = {}
    for ident, (rule, body, members) in rules.items():
        lines = membership_iris(body, members) if body else []
        days = {dt.date(2000, 1, 1), dt.date(2024, 6, 1), dt.date(2025, 6, 1)}
        for country in rule.countries():
            for edge in rule._edges(country):
                days |= {edge, edge - dt.timedelta(days=1)}
        for day in days:
            for country in rule.countries():
                said = rule.on(country, day)
                if said is None:
                    continue
                sus = None
                if said[1] is not None:
                    i, k = said[1]
                    sus = lines[i] if k == 0 else rid(
                        "suspension", f"{lines[i].rsplit('/', 1)[1]}--{k}")
                want.setdefault((ident, day.isoformat()), set()).add(
                    (country, str(sus) if sus else None))
            want.setdefault((ident, day.isoformat()), set())
    # the real registry: some 50 instruments, 1,000 (instrument, date) pairs, 10,000 rows
    assert len(rules) > 40 and len(want) > 1000 and sum(map(len, want.values())) > 5000

    text = find_query("209").text.replace("SELECT ?country", "SELECT ?initiative ?date ?country",
                                          1)
    got: dict[tuple[str, str], set] = {key: set() for key in want}
    pairs = sorted(want)
    for n in range(0, len(pairs), 500):  # 500 pairs a run: the query stays under 200,000 chars
        values = " ".join(f'(<{rid("initiative", i)}> "{d}"^^<{XSD.date}>)'
                          for i, d in pairs[n:n + 500])
        run = text.replace("WHERE {", "WHERE {\n  VALUES (?initiative ?date) { " + values + " }",
                           1)
        for r in run_text(run, store=_store(folder)).rows:
            key = (r["initiative"].value.rsplit("/", 1)[1], r["date"].value)
            sus = r["suspension"]
            assert (r["suspended"].value == "true") == isinstance(sus, ox.NamedNode)
            got[key].add((r["country"].value.rsplit("/", 1)[1], sus.value if sus else None))
    differ = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
    assert not differ, list(differ.items())[:5]


def test_210_and_209_agree_on_an_instrument_of_one_body_covering_the_members_of_another():
    """RIAL is an instrument of the IACML that covers the OAS members; Nicaragua left the OAS
    on 2023-11-19. Question 209 never listed Nicaragua for RIAL after that day, but the old
    210 (which read the body of the instrument, the IACML, with no member lines) counted it
    covered: with one rule, decided once, 210 lists Nicaragua among SICA's members no
    instrument covers, as 209 implies."""
    from puentes.query import find_query, run_saved_query

    folder = str(data_dir() / "registry")
    assert "NIC" in _query_209(folder, "rial", "2023-06-01")
    assert "NIC" not in _query_209(folder, "rial", "2024-06-01")
    rows = run_saved_query(find_query("210"), store=_store(folder),
                           params={"body": "pid:organization/sica", "date": "2024-06-01"}).rows
    assert "NIC" in {str(r["country"].value).rsplit("/", 1)[1] for r in rows}
