"""`puentes diff` asks the saved questions that need values (issue 21): an IRI parameter
with each thing of its kind a changed record mentions, a required value of another kind (a
date) at the example its metadata declares (``pu:example``); and it says, in es, en and fr,
which questions it did not ask and why. On two small graphs: ECOWAS with Burkina Faso as a
member, then with the membership ended on 2025-01-29 (the real change of tests/test_release.py,
without building a registry)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from puentes.namespaces import graph_iri
from puentes.query import Parameter, SavedQuery, find_query
from puentes.store import GraphStore
from puentes.web.release import changeset
from puentes.web.release.answers import _runs, consequences
from puentes.web.release.diff import Changelog

PID = "https://w3id.org/puentes/id/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
MEMBERSHIP = f"{PID}membership/ecowas--BFA"
GRAPH = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <http://schema.org/> .
@prefix pu: <https://w3id.org/puentes/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/puentes/id/country/BFA> a pu:Country .
<https://w3id.org/puentes/id/organization/ecowas> a pu:RegionalBody .
<https://w3id.org/puentes/id/membership/ecowas--BFA> a org:Membership ;
    org:organization <https://w3id.org/puentes/id/organization/ecowas> ;
    org:member <https://w3id.org/puentes/id/country/BFA> ;
    org:role <https://w3id.org/puentes/scheme/membership-role/founding-member> ;
    schema:startDate "1975-05-28"^^xsd:date %s .
"""


def _store(end: str = "") -> GraphStore:
    store = GraphStore.in_memory()
    store.store.load((GRAPH % end).encode(), format=ox.RdfFormat.TURTLE,
                     to_graph=ox.NamedNode(str(graph_iri("release"))))
    return store


def _undeclared() -> SavedQuery:
    """A question whose required date declares no example."""
    return SavedQuery(number="999", slug="no-example", titles={"en": "No example"},
                      text="SELECT ?d WHERE { BIND(?date AS ?d) }",
                      parameters=[Parameter("date", "The date", XSD_DATE, required=True)])


def test_the_metadata_declares_the_example_dates():
    for number in ("209", "210"):
        date = next(p for p in find_query(number).parameters if p.name == "date")
        assert date.required and date.example == "2025-06-30", number
        assert "e.g. 2025-06-30" in date.describe()


def test_a_required_date_is_asked_at_its_example_and_an_iri_at_each_changed_thing():
    touched = [MEMBERSHIP, f"{PID}country/BFA", f"{PID}organization/ecowas"]
    runs, why = _runs(find_query("210"), touched)
    assert runs == [{"date": "2025-06-30", "body": f"{PID}organization/ecowas"}]
    assert why is None
    runs, why = _runs(find_query("209"), touched)  # no changed record names an initiative
    assert runs == []
    assert why == {"query": "209", "reason": "no-value", "params": ["initiative"],
                   "kind": "pid:initiative/…"}
    assert _runs(_undeclared(), touched) == ([], {"query": "999", "reason": "no-example",
                                                  "params": ["date"]})


def test_the_diff_compares_the_answers_at_the_example_date_and_says_what_it_did_not_ask():
    old, new = _store(), _store('; schema:endDate "2025-01-29"^^xsd:date')
    records = [{"iri": MEMBERSHIP, "status": "changed",
                "about": [MEMBERSHIP, f"{PID}country/BFA", f"{PID}organization/ecowas"]}]
    cons, unasked = consequences(old, new, records,
                                 [find_query("209"), find_query("210"), _undeclared()])
    # on 2025-06-30 Burkina Faso was a member no instrument covered; after the withdrawal,
    # no longer a member: the row is lost, caused by the membership's change
    [c] = cons
    assert (c["query"], c["params"]) == ("210", {"body": f"{PID}organization/ecowas",
                                                 "date": "2025-06-30"})
    assert c["example"] == ["date"] and c["causes"] == [MEMBERSHIP]
    assert [r["country"]["iri"] for r in c["lost"]] == [f"{PID}country/BFA"]
    assert not c["gained"] and not c["changed"]
    assert [(u["query"], u["reason"]) for u in unasked] == [("209", "no-value"),
                                                           ("999", "no-example")]
    log = Changelog({"label": "v1", "date": "", "site": None},
                    {"label": "v2", "date": "", "site": None}, [], cons, unasked)
    words = {
        "en": ("Questions not asked again, or not for every value", "example value",
               "209 Countries an instrument covers on a date — not asked: no changed record "
               "mentions a value of ?initiative (pid:initiative/…)",
               "999 No example — not asked: it needs a value for ?date, and its metadata "
               "declares no example value (pu:example)"),
        "es": ("Preguntas que no se volvieron a hacer, o no para todos los valores",
               "valor de ejemplo", "209 Países que abarca un instrumento en una fecha — no se "
               "hizo: ningún registro modificado menciona un valor de ?initiative",
               "no se hizo: necesita un valor para ?date"),
        "fr": ("Questions non reposées, ou pas pour toutes les valeurs", "valeur d'exemple",
               "209 Pays couverts par un instrument à une date — non posée : aucun "
               "enregistrement modifié ne mentionne une valeur de ?initiative",
               "non posée : elle demande une valeur pour ?date"),
    }
    for lang, needles in words.items():
        text = changeset.to_markdown(log, lang)
        for needle in needles:
            assert needle in text, (lang, needle, text)
        assert "date=2025-06-30 (" + needles[1] + ")" in text


@pytest.mark.parametrize("lang", ["es", "en", "fr"])
def test_a_changelog_of_before_the_reason_codes_still_reads(lang):
    log = Changelog({"label": "a", "date": "", "site": None},
                    {"label": "b", "date": "", "site": None},
                    unasked=[{"query": "209", "reason": "needs values for date, initiative"}])
    assert "- 209 — needs values for date, initiative" in changeset.to_markdown(log, lang)
