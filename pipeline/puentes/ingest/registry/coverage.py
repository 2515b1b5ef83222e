"""Which countries an instrument of a regional body covers (``covers_members_of``), and on
which dates (issue 9 §3, issue 17 §4): the one home of the coverage rule. The mapper writes
what it decides as data (``pu:CoveragePeriod``, :func:`coverage_periods`); the saved
questions 209 and 210 only read those periods with a date filter.

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
:class:`CoverageRule` decides, for one country and one day, whether the instrument covers it
(:meth:`CoverageRule.on`); :meth:`CoverageRule.periods` cuts the days into the stretches in
which that answer stays the same: the covered periods, and the periods in which the
instrument names a member suspended from its body without covering it. A date known to the
year (or month) counts from its first day and until its last: at day precision the rule
compares as the text comparison at the coarser precision does.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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


def first_day(text: str) -> dt.date:
    """The first day a date at its precision stands for.

    >>> first_day("2021"), first_day("2024-02"), first_day("2023-03-03")
    (datetime.date(2021, 1, 1), datetime.date(2024, 2, 1), datetime.date(2023, 3, 3))
    """
    parts = [int(x) for x in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def last_day(text: str) -> dt.date:
    """The last day a date at its precision stands for.

    >>> last_day("2030"), last_day("2024-02"), last_day("2025-01-29")
    (datetime.date(2030, 12, 31), datetime.date(2024, 2, 29), datetime.date(2025, 1, 29))
    """
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:  # noqa: PLR2004 - a year and a month
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts)


def _days(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    return (first_day(start) if start else None, last_day(end) if end else None)


def _within(day: dt.date, span: tuple[dt.date | None, dt.date | None]) -> bool:
    return (span[0] is None or span[0] <= day) and (span[1] is None or day <= span[1])


#: a suspension, by the index of its member line and its number in the line's
#: ``suspensions`` (0: the line itself, the older form with ``role: suspended``)
SuspensionKey = tuple[int, int]


@dataclass(frozen=True)
class Period:
    """A stretch of days in which an instrument says the same of one country: from ``start``
    to ``end``, both included (``None``: open); ``covered`` false while the country is a
    member suspended from the body that the instrument names without covering it;
    ``suspension`` the suspension holding all the while (when there is one); ``lines`` the
    body's member lines of the country the period rests on (indexes in ``members``)."""

    country: str
    start: dt.date | None
    end: dt.date | None
    covered: bool
    suspension: SuspensionKey | None
    lines: tuple[int, ...]


class CoverageRule:
    """The coverage rule for one instrument (a registry ``initiative`` record's data).

    ``members`` are the member lines of the instrument's body (the one whose members it
    covers, ``covers_members_of``, else the one whose instrument it is, ``instrument_of``);
    ``names_members`` says the instrument covers that body's members (``covers_members_of``);
    ``extra_roles`` the roles beyond full membership it covers (``covers_roles``).
    """

    def __init__(self, instrument: Mapping, members: Iterable[Mapping],
                 names_members: bool = True, extra_roles: Iterable[str] = ()) -> None:
        self.members = list(members)
        self.roles = FULL_ROLES | set(extra_roles)
        self.names_members = names_members
        explicit = list(instrument.get("covers") or [])
        found = covered_countries(instrument, self.members, extra_roles) if names_members else []
        #: the countries it covers at some time (``pu:coversCountry``), each once
        self.ever = list(dict.fromkeys(explicit + found))
        # it applies from the later of its start and adoption to its end: each date on its own
        # (a declaration with only an adoption date applies from then on)
        starts = [first_day(t) for t in (date_text(instrument.get("start")),
                                         date_text(instrument.get("adopted"))) if t]
        end = date_text(instrument.get("end"))
        self.window = (max(starts) if starts else None, last_day(end) if end else None)
        self._lines = [(m["country"], m.get("role", "member"),
                        _days(date_text(m.get("from")), date_text(m.get("to"))))
                       for m in self.members]
        self._suspensions: list[tuple[str, SuspensionKey, tuple]] = []
        for i, m in enumerate(self.members):
            if m.get("role") == "suspended":
                self._suspensions.append((m["country"], (i, 0), self._lines[i][2]))
            for k, sus in enumerate(m.get("suspensions") or [], 1):
                self._suspensions.append((m["country"], (i, k), _days(
                    date_text(sus.get("from")), date_text(sus.get("to")))))

    def countries(self) -> list[str]:
        """Every country the rule can say something of: those it covers at some time, then
        the other members of the body it names (covered never, named while suspended)."""
        named = [c for c, _, _ in self._lines] if self.names_members else []
        return list(dict.fromkeys(self.ever + named))

    def on(self, country: str, day: dt.date) -> tuple[bool, SuspensionKey | None] | None:
        """What the instrument says of ``country`` on ``day``: ``None`` (nothing: it does not
        apply, or the country is not a member then with a role it covers), else (covered,
        the suspension holding that day). A member suspended from the body that day is not
        covered (unless the instrument covers the role ``suspended``) but stays named."""
        if not _within(day, self.window):
            return None
        lines = [(role, span) for c, role, span in self._lines if c == country]
        if lines and not any(role in self.roles and role != "suspended" and _within(day, span)
                             for role, span in lines):
            return None
        suspension = next((key for c, key, span in self._suspensions
                           if c == country and _within(day, span)), None)
        if country not in self.ever and suspension is None:
            return None
        return suspension is None or "suspended" in self.roles, suspension

    def _edges(self, country: str) -> list[dt.date]:
        """The days on which the answer of :meth:`on` may change for ``country``."""
        spans = [self.window] + [span for c, _, span in self._lines if c == country] + [
            span for c, _, span in self._suspensions if c == country]
        out = set()
        for start, end in spans:
            if start is not None:
                out.add(start)
            if end is not None and end < dt.date.max:
                out.add(end + dt.timedelta(days=1))
        return sorted(out)

    def periods(self) -> list[Period]:
        """The periods of every country, in the order of :meth:`countries`, each country's in
        time order: the days between two edges share one answer of :meth:`on`, and
        neighbours with the same answer are one period."""
        out: list[Period] = []
        for country in self.countries():
            edges = self._edges(country)
            # each stretch: (first day or None, last day or None, a day inside it)
            if not edges:
                stretches = [(None, None, dt.date(2000, 1, 1))]
            else:
                one = dt.timedelta(days=1)
                stretches = [(None, edges[0] - one, edges[0] - one)] + [
                    (a, b - one, a) for a, b in zip(edges, edges[1:], strict=False)] + [
                    (edges[-1], None, edges[-1])]
            merged: list[list] = []
            for start, end, probe in stretches:
                answer = self.on(country, probe)
                if merged and merged[-1][2] == answer:  # the stretches follow one another
                    merged[-1][1] = end
                else:
                    merged.append([start, end, answer])
            for start, end, answer in merged:
                if answer is not None:
                    out.append(Period(country, start, end, answer[0], answer[1],
                                      self._resting(country, start, end)))
        return out

    def _resting(self, country: str, start: dt.date | None,
                 end: dt.date | None) -> tuple[int, ...]:
        """The member lines of ``country`` with a covered role that overlap the period."""
        return tuple(i for i, (c, role, (f, t)) in enumerate(self._lines)
                     if c == country and role in self.roles and role != "suspended"
                     and (f is None or end is None or f <= end)
                     and (t is None or start is None or start <= t))

    def covered_on(self, day: str | dt.date) -> list[str]:
        """The countries it covers on ``day``, in the order of :meth:`countries`."""
        when = first_day(day) if isinstance(day, str) else day
        return [c for c in self.countries() if (self.on(c, when) or (False,))[0]]


def coverage_periods(instrument: Mapping, members: Iterable[Mapping],
                     names_members: bool = True, extra_roles: Iterable[str] = ()
                     ) -> list[Period]:
    """The periods :class:`CoverageRule` decides for an instrument (what the mapper writes).

    >>> west = [{"country": "SEN", "from": "1975"},
    ...         {"country": "MLI", "from": "1975", "to": "2025-01-29",
    ...          "suspensions": [{"from": "2021-05-30"}]}]
    >>> for p in coverage_periods({"start": 2021, "end": 2030, "adopted": "2023-03-03"}, west):
    ...     print(p.country, p.start, p.end, p.covered, p.suspension)
    SEN 2023-03-03 2030-12-31 True None
    MLI 2023-03-03 2025-01-29 False (1, 1)
    """
    return CoverageRule(instrument, members, names_members, extra_roles).periods()


def covered_on(instrument: Mapping, members: Sequence[Mapping], day: str,
               extra_roles: Iterable[str] = ()) -> list[str]:
    """The ISO3 codes the instrument covers on ``day`` (``YYYY-MM-DD``) through the body whose
    ``members`` it covers (and its ``covers``): the members on that day with a covered role,
    not suspended then, while the instrument applies (from the later of its start and
    adoption to its end; a declaration with only an adoption date applies from then on).

    >>> west = [{"country": "SEN", "from": "1975"},
    ...         {"country": "BFA", "from": "1975", "to": "2025-01-29"},
    ...         {"country": "MLI", "from": "1975", "suspensions": [{"from": "2021-05-30"}]}]
    >>> plan = {"start": 2021, "end": 2030, "adopted": "2023-03-03"}
    >>> covered_on(plan, west, "2024-06-01"), covered_on(plan, west, "2025-06-01")
    (['SEN', 'BFA'], ['SEN'])
    >>> covered_on(plan, west, "2022-06-01")     # before its adoption
    []
    """
    return CoverageRule(instrument, members, True, extra_roles).covered_on(day)
