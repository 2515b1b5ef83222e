"""One "latest figure" everywhere (issue 18): ILOSTAT's SDG 8.7.1 (data set
ilostat-sdg-8.7.1, the February 2026 update), ages 5–17, both sexes, the latest year, the
economic-activity series (SDG_A871) in a year with both — with its year and series. On the
real statistics and registry: questions 009, 106 and 208 give each country the figure 203
gives it; 208 lists each member once; 102 gives the years and series of its bodies' figures
(they were empty for all of them while one member without a figure made them unbound)."""

from __future__ import annotations

import pytest

from puentes.query import find_query, run_saved_query

ILOSTAT = "https://w3id.org/puentes/id/dataset/ilostat-sdg-8.7.1"


@pytest.fixture(scope="module")
def real():
    from puentes.build.loop import mapped_store

    return mapped_store(["countries", "registry", "ilostat-sdg-8.7.1", "un-sdg-8.7.1"])


def _rows(store, number: str, **params: str) -> list[dict]:  # noqa: ANN001
    res = run_saved_query(find_query(number), store=store, params=params)
    return [{k: (v.value if v is not None else None) for k, v in r.items()} for r in res.rows]


@pytest.fixture(scope="module")
def latest(real) -> dict[str, tuple[float, str, str]]:  # noqa: ANN001
    """203's figure of each country: (value, year, series)."""
    out = {}
    for r in _rows(real, "203"):
        assert r["country"] not in out and r["dataset"] == ILOSTAT
        out[r["country"]] = (float(r["value"]), r["period"][:4], r["series"])
    assert len(out) > 50  # 65 countries in the February 2026 update
    return out


@pytest.mark.parametrize("body", ["ecowas", "au", "asean", "caricom", "oas"])
def test_208_gives_each_member_once_the_figure_203_gives_it(real, latest, body):
    rows = _rows(real, "208", body=f"pid:organization/{body}")
    countries = [r["country"] for r in rows]
    assert rows and len(countries) == len(set(countries)), "a member listed twice"
    for r in rows:
        if r["value"] is None:
            assert r["country"] not in latest and r["dataset"] is None
            continue
        assert r["dataset"] == ILOSTAT and r["seriesCode"]
        assert (float(r["value"]), r["period"][:4], r["series"]) == latest[r["country"]]


def test_ecowas_members_without_a_figure_are_listed(real):
    rows = _rows(real, "208", body="pid:organization/ecowas")
    assert sum(1 for r in rows if r["value"] is None) >= 1
    assert {r["country"].rsplit("/", 1)[1] for r in rows} >= {"GIN", "SLE", "GHA", "NGA"}


@pytest.mark.parametrize("number", ["009", "106"])
def test_009_and_106_use_the_same_figure(real, latest, number):
    rows = [r for r in _rows(real, number, threshold="5") if r.get("value") is not None]
    assert rows
    for r in rows:
        assert (float(r["value"]), r["year"][:4], r["series"]) == latest[r["country"]]


def test_102_gives_years_and_series_for_every_body_with_a_figure(real, latest):
    rows = _rows(real, "102")
    with_figure = [r for r in rows if int(r["withFigure"]) > 0]
    assert len(with_figure) >= 15
    for r in with_figure:
        assert r["fromYear"] and r["toYear"] and r["fromYear"] <= r["toYear"], r
        assert r["series"] and "SDG_" in r["series"], r
    years = {y for _, y, _ in latest.values()}
    assert all(r["fromYear"] in years and r["toYear"] in years for r in with_figure)
