"""What each cross-record check (``queries/checks/*-violation.rq``) asks of the data, for the
steward who must fix a failure: the field of the failing record to look at, and what is
expected there, in es, en and fr (the texts are message ids of the catalogue,
:mod:`puentes.i18n.messages`; ``tests/test_messages.py`` checks every check has one).
"""

from __future__ import annotations

from dataclasses import dataclass

from puentes.i18n import N_


@dataclass(frozen=True)
class CheckHelp:
    """The fields of the failing item to name (the first the item has; none: the record as
    a whole) and what is expected — a message id, translated when shown."""

    fields: tuple[str, ...]
    expected: str


_QB = N_("the W3C RDF Data Cube integrity constraint {ic} to hold: the mapper of this source "
         "writes its statistics wrongly — report it with the source's id (a bug, not the "
         "steward's data)")

HELP: dict[str, CheckHelp] = {
    "member-during-initiative-violation": CheckHelp(("agent",), N_(
        "a country taking part in a body's instrument to be a member of that body during it: "
        "add or correct its membership (members: of the body in organizations.yaml, with "
        "from/to), correct this participant's from/to, or say why it takes part anyway in "
        "membership_exception")),
    "overlapping-membership-violation": CheckHelp(("to", "from"), N_(
        "one membership line per country and period: two lines of this country in this body "
        "overlap — delete the repeated line, or close the earlier one with 'to' before the "
        "later one's 'from'")),
    "coverage-outside-membership-violation": CheckHelp(("covers", "covers_members_of"), N_(
        "an instrument to cover a member only while it is one: correct the instrument's "
        "start/adopted/end, the member's from/to in organizations.yaml, or remove the country "
        "from covers")),
    "coverage-while-suspended-violation": CheckHelp(("covers", "covers_members_of"), N_(
        "no coverage of a member while it is suspended: remove the country from covers, "
        "correct the suspension's from/to, or add covers_roles: [{{role: suspended, sources: "
        "[…]}}] when a source says the instrument covers suspended members")),
    "date-order-violation": CheckHelp(("end", "to"), N_(
        "an end date that is not before its start date: correct the start or the end (from/to "
        "of a list item)")),
    "fact-without-source-violation": CheckHelp(("sources",), N_(
        "every fact to cite a source: add sources: [{{url or document, accessed, …}}] to the "
        "record, or name one of its sources in the item's sources: [id]")),
    "triangular-partners-violation": CheckHelp(("participants",), N_(
        "a triangular initiative with two or more Southern partner countries (beneficiary, "
        "implementing, peer provider or peer learner) and a facilitating partner: add the "
        "missing participants, or correct the initiative's modality")),
}


def check_help(stem: str) -> CheckHelp:
    """The help of the check named ``stem`` (the RDF Data Cube checks share one text)."""
    if stem in HELP:
        return HELP[stem]
    if stem.startswith("qb-ic-"):
        return CheckHelp((), _QB)
    return CheckHelp((), N_("the rule written at the top of queries/checks/{check}.rq to "
                              "hold: correct the record named"))
