"""Saved queries (``queries/NNN_slug.ttl``) and running SPARQL safely, in four parts:

- :mod:`.catalogue` — the saved queries and their metadata (titles, questions, parameters,
  the labels of their answers' columns);
- :mod:`.terms` — parameters given as text turned into typed RDF terms;
- :mod:`.text` — the shape of the query text, and parameters bound as a ``VALUES`` block;
- :mod:`.engines` — running on the embedded store, an rdflib graph or a remote endpoint;
- :mod:`.output` — labels, CSV and SPARQL JSON.

Parameters are bound as RDF terms, never pasted into the query text as given: on Oxigraph
and on remote endpoints as a ``VALUES`` block at the start of the outermost group (terms
written and escaped by Oxigraph), and of each sub-SELECT that hands the parameter up
(:func:`push_values`: the same answer, without the sub-SELECT's work for every other value);
on an rdflib graph with ``initBindings``.

>>> q = SavedQuery(number="", slug="demo", text="SELECT ?s WHERE { ?s a ?type }")
>>> print(inline_values(q.text, bind_parameters(q, {"type": "pu:Country"})))
SELECT ?s WHERE {
  VALUES (?type) { (<https://w3id.org/puentes/ontology#Country>) }
 ?s a ?type }
"""

from puentes.errors import QueryError
from puentes.query.catalogue import (
    PQ,
    Parameter,
    SavedQuery,
    column_labels,
    find_query,
    saved_queries,
)
from puentes.query.engines import QueryResult, run_saved_query, run_text
from puentes.query.output import cell, json_term, labels, to_csv, to_json
from puentes.query.terms import Term, bind_parameters, expand, parse_term, typed_literal
from puentes.query.text import inline_values, is_ordered, push_values
from puentes.store import open_store, store_from_files

__all__ = [
    "PQ", "Parameter", "QueryError", "QueryResult", "SavedQuery", "Term", "bind_parameters",
    "cell", "column_labels", "expand", "find_query", "inline_values", "is_ordered", "json_term",
    "labels", "open_store", "parse_term", "push_values", "run_saved_query", "run_text",
    "saved_queries", "store_from_files", "to_csv", "to_json", "typed_literal",
]
