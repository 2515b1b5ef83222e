"""Which countries an instrument of a regional body covers (``covers_members_of``), and on
which dates (issue 9 §3, issue 17 §4).

The rule: an instrument of a body covers the **full members** (roles ``member`` and
``founding-member``) from the later of the instrument's start (or adoption) and the
accession, until the earlier of the instrument's end and the withdrawal, and not while the
member is suspended. Associate members, observers and suspended members are covered only
where the initiative says so in ``covers_roles``, each role with the source that says it.

A suspension is either a ``suspensions`` entry of a member line (issue 17) or, the older
form, a member line of its own with ``role: suspended``; both mean the same.

The instrument's period starts at the later of ``start`` and ``adopted`` (a plan for
2021–2030 adopted in March 2023 covers nobody before its adoption) and ends at ``end``; an
instrument with only an adoption date (a declaration) covers those who were members on that
date. Without any date, every full membership counts. Dates are compared as text at the
coarser precision of the two (``2025`` and ``2025-10-26`` are equal at the year).

``pu:coversCountry`` (:func:`covered_countries`) says the instrument covers the country at
some time. It counts a membership only when the sources say that it overlapped the
instrument's period: an accession in the very year (or month) the instrument ends, at the
coarser precision, is not counted (Timor-Leste joined ASEAN on 2025-10-26; the roadmap "by
2025" ends in 2025, on a day no source gives), nor a withdrawal in the year it starts.
:func:`covered_on` answers on one date, as the saved question 209 does on the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from puentes.ingest.registry.records import date_text

#: the membership roles an instrument of the body covers without being told.
FULL_ROLES = frozenset({"member", "founding-member"})


def _cut(a: str, b: str) -> tuple[str, str]:
    n = min(len(a), len(b))
    return a[:n], b[:n]


def _le(a: str, b: str) -> bool:
    """``a <= b`` at the coarser precision of the two ISO dates.

    >>> _le("2025-10-26", "2025"), _le("2025-10-26", "2024-10"), _le("2012", "2012-12-07")
    (True, False, True)
    """
    x, y = _cut(a, b)
    return x <= y


def _lt(a: str, b: str) -> bool:
    """``a < b`` at the coarser precision: certainly before.

    >>> _lt("2025-10-26", "2025"), _lt("2024-12", "2025")
    (False, True)
    """
    x, y = _cut(a, b)
    return x < y


def _later(a: str | None, b: str | None) -> str | None:
    """The later of two dates (the finer one when they are equal at the coarser precision).

    >>> _later("2021", "2023-03-03"), _later("2023", "2023-03-03"), _later(None, "2020")
    ('2023-03-03', '2023-03-03', '2020')
    """
    if a is None or b is None:
        return a if b is None else b
    if _lt(a, b):
        return b
    if _lt(b, a):
        return a
    return a if len(a) >= len(b) else b


def instrument_period(data: Mapping) -> tuple[str | None, str | None]:
    """The period an instrument applies in, as ISO date texts (``None``: open): from the
    later of ``start`` and ``adopted``, to ``end``; only ``adopted``: that day.

    >>> instrument_period({"start": 2021, "end": 2030, "adopted": "2023-03-03"})
    ('2023-03-03', '2030')
    >>> instrument_period({"start": 2021, "end": 2030})
    ('2021', '2030')
    >>> instrument_period({"adopted": "2024-10"})
    ('2024-10', '2024-10')
    >>> instrument_period({"adopted": "2020-10-28", "end": 2025})
    ('2020-10-28', '2025')
    >>> instrument_period({})
    (None, None)
    """
    start, end = date_text(data.get("start")), date_text(data.get("end"))
    adopted = date_text(data.get("adopted"))
    if start is None and end is None and adopted is not None:
        return adopted, adopted
    return _later(start, adopted), end


def overlaps(member_from: str | None, member_to: str | None,
             start: str | None, end: str | None) -> bool:
    """Whether a membership ``member_from``–``member_to`` certainly overlaps
    ``start``–``end``: it began before the end and ended after the start, at the coarser
    precision; a single-day period (a declaration) counts the members of that day.

    >>> overlaps("1975-05-28", "2000-12", "2012", "2015")
    False
    >>> overlaps("2025-10-26", None, "2024-10", "2024-10")
    False
    >>> overlaps("1975-05-28", "2025-01-29", "2021", "2030")
    True
    >>> overlaps("2025-10-26", None, "2020-10-28", "2025")   # joined in the final year
    False
    >>> overlaps("1991-03-26", None, "2012-06-29", "2012-06-29")
    True
    """
    if start is not None and start == end:  # one day: a member on that day
        return ((member_from is None or _le(member_from, start))
                and (member_to is None or _le(start, member_to)))
    if member_to is not None and start is not None and not _lt(start, member_to):
        return False
    return not (member_from is not None and end is not None and not _lt(member_from, end))


def _spans(sus_from: str | None, sus_to: str | None, start: str | None,
           end: str | None) -> bool:
    """Whether a suspension ``sus_from``–``sus_to`` spans all of ``start``–``end``."""
    if start is None or end is None:
        return False
    after_start = sus_from is None or _le(sus_from, start)
    before_end = sus_to is None or _le(end, sus_to)
    return after_start and before_end


def _on(day: str, start: str | None, end: str | None) -> bool:
    """Whether ``day`` falls in ``start``–``end`` (ends included, at the coarser precision)."""
    return (start is None or _le(start, day)) and (end is None or _le(day, end))


def _lines(members: Iterable[Mapping]) -> list[tuple[str, str, str | None, str | None]]:
    return [(m["country"], m.get("role", "member"), date_text(m.get("from")),
             date_text(m.get("to"))) for m in members]


def suspensions(members: Iterable[Mapping]) -> list[tuple[str, str | None, str | None]]:
    """Every suspension as (country, from, to): the ``suspensions`` of each member line and
    the older ``role: suspended`` lines.

    >>> suspensions([{"country": "MLI", "from": "1975", "suspensions": [
    ...     {"from": "2021-05-30", "to": "2024-02"}]},
    ...     {"country": "GIN", "from": "2021-09", "role": "suspended"}])
    [('MLI', '2021-05-30', '2024-02'), ('GIN', '2021-09', None)]
    """
    out: list[tuple[str, str | None, str | None]] = []
    for m in members:
        if m.get("role") == "suspended":
            out.append((m["country"], date_text(m.get("from")), date_text(m.get("to"))))
        for s in m.get("suspensions") or []:
            out.append((m["country"], date_text(s.get("from")), date_text(s.get("to"))))
    return out


def covered_countries(instrument: Mapping, members: Iterable[Mapping],
                      extra_roles: Iterable[str] = ()) -> list[str]:
    """The ISO3 codes an instrument covers at some time through its body's ``members``
    lines, in the order of the lines, each once.

    >>> ecowas = [{"country": "SEN", "from": "1975-05-28", "role": "founding-member"},
    ...           {"country": "MRT", "from": "1975-05-28", "to": "2000-12"},
    ...           {"country": "MRT", "from": "2017-08", "role": "associate-member"}]
    >>> covered_countries({"start": 2012, "end": 2015}, ecowas)
    ['SEN']
    >>> covered_countries({"start": 2021, "end": 2030}, ecowas, ["associate-member"])
    ['SEN', 'MRT']
    >>> covered_countries({"adopted": "2012-06-29"},
    ...     [{"country": "PRY", "from": "1991-03-26"},
    ...      {"country": "PRY", "from": "2012-06-29", "to": "2013-08-15", "role": "suspended"}])
    []
    """
    members = list(members)
    roles = FULL_ROLES | set(extra_roles)
    start, end = instrument_period(instrument)
    suspended = set() if "suspended" in roles else {
        c for c, f, t in suspensions(members) if _spans(f, t, start, end)}
    out: list[str] = []
    for country, role, f, t in _lines(members):
        if (role in roles and role != "suspended" and country not in suspended
                and country not in out and overlaps(f, t, start, end)):
            out.append(country)
    return out


def covered_on(instrument: Mapping, members: Iterable[Mapping], day: str,
               extra_roles: Iterable[str] = ()) -> list[str]:
    """The ISO3 codes the instrument covers on ``day`` (``YYYY-MM-DD``): among those it
    covers at some time, the members on that day with a covered role, not suspended then,
    while the instrument applies (from the later of its start and adoption to its end; a
    declaration with only an adoption date applies from then on).

    >>> west = [{"country": "SEN", "from": "1975"},
    ...         {"country": "BFA", "from": "1975", "to": "2025-01-29"},
    ...         {"country": "MLI", "from": "1975", "suspensions": [{"from": "2021-05-30"}]}]
    >>> plan = {"start": 2021, "end": 2030, "adopted": "2023-03-03"}
    >>> covered_on(plan, west, "2024-06-01"), covered_on(plan, west, "2025-06-01")
    (['SEN', 'BFA'], ['SEN'])
    >>> covered_on(plan, west, "2022-06-01")     # before its adoption
    []
    """
    members = list(members)
    roles = FULL_ROLES | set(extra_roles)
    start, end = date_text(instrument.get("start")), date_text(instrument.get("end"))
    start = _later(start, date_text(instrument.get("adopted")))
    if not _on(day, start, end):
        return []
    suspended = set() if "suspended" in roles else {
        c for c, f, t in suspensions(members) if _on(day, f, t)}
    ever = covered_countries(instrument, members, extra_roles)
    return [c for c in ever if c not in suspended and any(
        country == c and role in roles and role != "suspended" and _on(day, f, t)
        for country, role, f, t in _lines(members))]
