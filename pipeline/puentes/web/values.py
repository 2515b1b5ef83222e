"""A value of the graph or of a saved question's answer as a person reads it in es, en or fr.

Display only: the data stays as it is (the CSV and JSON downloads, the SPARQL results and
the RDF keep ``true`` and ``"covered"``). What is shown in the reader's language:

- booleans (``xsd:boolean``): "yes" / "no" (« sí », « oui » …);
- the project's own status words, which the saved questions write as plain strings
  (``BIND("covered" AS ?how)`` in 202, ``"not ratified"`` in 010, the gaps of 012, the
  kinds of flow of 205 …): :data:`VALUE_WORDS`, each an English message id of the web
  catalogue. Any other string (a name, a title, a code) is shown as written.

>>> from pyoxigraph import Literal, NamedNode
>>> boolean = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
>>> shown(Literal("true", datatype=boolean), "fr"), shown(Literal("covered"), "es")
('oui', 'abarcado')
>>> shown(Literal("Ghana"), "fr"), shown(Literal("no source"), "fr")
('Ghana', 'aucune source')
"""

from __future__ import annotations

import pyoxigraph as ox

from puentes.web.messages import N_, translator

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: the status words the saved questions answer with (``queries/*.rq``, as plain strings);
#: ``tests/test_web_messages.py`` finds every ``BIND("…" AS ?x)`` of the queries here
VALUE_WORDS = frozenset({
    N_("covered"), N_("participant"),  # 202
    N_("south-south"), N_("peer-learning"), N_("triangular"),  # 205
    N_("migration corridor"), N_("supply chain"),  # 007
    N_("high prevalence, no active regional initiative"),  # 009
    N_("member of several regional bodies"),  # 009
    N_("not ratified"), N_("no ratification on record"),  # 010
    N_("no source"), N_("no evaluation"), N_("no end date"),  # 012
    N_("SDG 8.7.1 figure older than the years given"), N_("no SDG 8.7.1 figure"),  # 012
})
YES, NO = N_("yes"), N_("no")


def shown(term: ox.Term | None, lang: str) -> str:
    """The text of a literal in ``lang`` (see the module's doc); "" for no value. IRIs and
    blank nodes: their own text (the caller labels IRIs)."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        datatype = term.datatype.value
        if datatype == XSD_BOOLEAN and term.value in ("true", "false", "1", "0"):
            return translator(lang)(YES if term.value in ("true", "1") else NO)
        if datatype == XSD_STRING and term.value in VALUE_WORDS:
            return translator(lang)(term.value)
    return term.value
