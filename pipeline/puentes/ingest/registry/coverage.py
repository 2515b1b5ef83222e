"""Which countries an instrument of a regional body covers (``covers_members_of``).

The rule (issue 9 §3): an instrument of a body covers the **full members** (roles ``member``
and ``founding-member``) whose membership overlaps the instrument's period. Associate
members, observers and suspended members are covered only where the initiative says so in
``covers_roles``, each role with the source that says it. A country whose suspension spans
the whole period of the instrument is not covered (unless ``suspended`` is a covered role).

The instrument's period is ``start``–``end``; without ``start``, it starts at ``adopted``;
an instrument with only an adoption date (a declaration) covers those who were members on
that date. Without any date, every full membership counts. Dates are compared at the
coarser precision of the two (``2025`` overlaps ``2025-10-26``), as the SHACL shape
``MemberDuringInitiativeShape`` compares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from puentes.ingest.registry.check import date_text

#: the membership roles an instrument of the body covers without being told.
FULL_ROLES = frozenset({"member", "founding-member"})


def _le(a: str, b: str) -> bool:
    """``a <= b`` at the coarser precision of the two ISO dates.

    >>> _le("2025-10-26", "2025"), _le("2025-10-26", "2024-10"), _le("2012", "2012-12-07")
    (True, False, True)
    """
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def instrument_period(data: Mapping) -> tuple[str | None, str | None]:
    """The period an instrument applies in, as ISO date texts (``None``: open).

    >>> instrument_period({"start": 2021, "end": 2030, "adopted": "2023-03-03"})
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
    return (start if start is not None else adopted), end


def overlaps(member_from: str | None, member_to: str | None,
             start: str | None, end: str | None) -> bool:
    """Whether a membership ``member_from``–``member_to`` overlaps ``start``–``end``.

    >>> overlaps("1975-05-28", "2000-12", "2012", "2015")
    False
    >>> overlaps("2025-10-26", None, "2024-10", "2024-10")
    False
    >>> overlaps("1975-05-28", "2025-01-29", "2021", "2030")
    True
    """
    if member_to is not None and start is not None and not _le(start, member_to):
        return False
    return not (member_from is not None and end is not None and not _le(member_from, end))


def _spans(sus_from: str | None, sus_to: str | None, start: str | None,
           end: str | None) -> bool:
    """Whether a suspension ``sus_from``–``sus_to`` spans all of ``start``–``end``."""
    if start is None or end is None:
        return False
    after_start = sus_from is None or _le(sus_from, start)
    before_end = sus_to is None or _le(end, sus_to)
    return after_start and before_end


def covered_countries(instrument: Mapping, members: Iterable[Mapping],
                      extra_roles: Iterable[str] = ()) -> list[str]:
    """The ISO3 codes an instrument covers through its body's ``members`` lines, in the
    order of the lines, each once.

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
    roles = FULL_ROLES | set(extra_roles)
    start, end = instrument_period(instrument)
    lines = [(m["country"], m.get("role", "member"), date_text(m.get("from")),
              date_text(m.get("to"))) for m in members]
    suspended = {c for c, role, f, t in lines
                 if role == "suspended" and "suspended" not in roles
                 and _spans(f, t, start, end)}
    out: list[str] = []
    for country, role, f, t in lines:
        if (role in roles and country not in suspended and country not in out
                and overlaps(f, t, start, end)):
            out.append(country)
    return out
