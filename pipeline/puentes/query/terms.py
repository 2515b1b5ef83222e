"""Parameters and terms: values given by a person (``--param NAME=VALUE``, a form field)
turned into RDF terms, checked by type — never pasted into query text as given.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from puentes.errors import QueryError
from puentes.i18n.lazy import Msg
from puentes.namespaces import PREFIXES
from puentes.query.catalogue import SavedQuery


def expand(value: str) -> str:
    """Expand ``prefix:local`` with the project prefixes; full IRIs pass through.

    >>> expand("pid:country/BRA")
    'https://w3id.org/puentes/id/country/BRA'
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if value.startswith(("http://", "https://", "urn:")):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    raise QueryError(Msg("{value!r} is not an IRI", value=value),
                     Msg("give a full IRI (https://…) or a prefixed name such as {example}",
                         example="pid:organization/ecowas"))


def iri(value: str, what: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(expand(value))
    except ValueError as err:  # Oxigraph checks the IRI's syntax
        raise QueryError(Msg("{what}: {value!r} is not a valid IRI ({err})", what=what,
                             value=value, err=err),
                         Msg("give a full IRI (https://…) or a prefixed name such as {example}",
                             example="pid:country/BRA")) from None


Term = ox.NamedNode | ox.Literal
# rdflib does not check every datatype's lexical form: these must match exactly.
_LEXICAL = {
    str(XSD.gYear): re.compile(r"^-?\d{4}$"),
    str(XSD.decimal): re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    str(XSD.integer): re.compile(r"^[+-]?\d+$"),
    str(XSD.date): re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    str(XSD.boolean): re.compile(r"^(true|false|1|0)$"),
}


def typed_literal(raw: str, datatype: str, what: str = "value") -> ox.Literal:
    """A literal of an XSD ``datatype``, its lexical form checked first.

    >>> str(typed_literal("2015", "http://www.w3.org/2001/XMLSchema#gYear"))
    '"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    >>> typed_literal("2015 or later", "http://www.w3.org/2001/XMLSchema#gYear")
    Traceback (most recent call last):
    puentes.errors.QueryError: value: '2015 or later' is not a valid gYear
    """
    if datatype == str(XSD.string):
        return ox.Literal(raw)
    pattern = _LEXICAL.get(datatype)
    # The pattern first: rdflib logs a traceback when it cannot convert a lexical form.
    if (pattern and not pattern.match(raw)) or Literal(raw, datatype=URIRef(datatype)).ill_typed:
        raise QueryError(Msg("{what}: {raw!r} is not a valid {datatype}", what=what, raw=raw,
                             datatype=datatype.rsplit("#", 1)[-1]))
    return ox.Literal(raw, datatype=ox.NamedNode(datatype))


_LANG_LITERAL = re.compile(r'^"(.*)"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)$', re.S)
_TYPED_LITERAL = re.compile(r'^"(.*)"\^\^(\S+)$', re.S)


def parse_term(value: str, what: str = "value") -> Term:
    """Read a value given on the command line as a SPARQL term (for an analyst's own query):
    an IRI (``<…>``, ``https://…`` or ``prefix:local``), ``"…"@lang``, ``"…"^^datatype``,
    ``true``/``false``, an integer or decimal number, or else a plain string.

    >>> str(parse_term("pid:country/BRA"))
    '<https://w3id.org/puentes/id/country/BRA>'
    >>> str(parse_term("12.5"))
    '"12.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> str(parse_term('"niño"@es'))
    '"niño"@es'
    """
    v = value.strip()
    if v.startswith("<") and v.endswith(">") or v.startswith(("http://", "https://", "urn:")):
        return iri(v, what)
    if m := _LANG_LITERAL.match(v):
        return ox.Literal(m.group(1), language=m.group(2))
    if m := _TYPED_LITERAL.match(v):
        return typed_literal(m.group(1), iri(m.group(2), what).value, what)
    prefix, sep, _ = v.partition(":")
    if sep and prefix in PREFIXES:
        return iri(v, what)
    if v in ("true", "false"):
        return ox.Literal(v, datatype=ox.NamedNode(str(XSD.boolean)))
    if _LEXICAL[str(XSD.integer)].match(v):
        return ox.Literal(v, datatype=ox.NamedNode(str(XSD.integer)))
    if _LEXICAL[str(XSD.decimal)].match(v):
        return ox.Literal(v, datatype=ox.NamedNode(str(XSD.decimal)))
    return ox.Literal(v)


def listing(query: SavedQuery) -> str:
    if not query.parameters:
        return Msg("query {name} takes no parameters", name=query.name)
    return Msg("the parameters of {name}: {params}", name=query.name,
               params=_joined([p.describe() for p in query.parameters]))


def _joined(items: list[str]) -> str:
    """``a; b; c``, each item shown in the reader's language."""
    return items[0] if len(items) == 1 else Msg("{first}; {rest}", first=items[0],
                                                rest=_joined(items[1:]))


def bind_parameters(query: SavedQuery, given: dict[str, str]) -> dict[str, Term]:
    """Turn ``NAME=VALUE`` strings into RDF terms for the query's declared parameters (the
    defaults fill in the others). An unknown parameter, a missing required one or a value of
    the wrong type is a :class:`QueryError` that lists the query's parameters.

    An analyst's own query (:attr:`SavedQuery.adhoc`) declares none: any of its variables may
    be bound, the value read with :func:`parse_term`.
    """
    if query.adhoc:
        out: dict[str, Term] = {}
        for name, raw in given.items():
            if not re.fullmatch(r"[A-Za-z_][\w]*", name) or not re.search(
                    rf"[?$]{re.escape(name)}\b", query.text):
                raise QueryError(Msg("the query has no variable ?{name}", name=name),
                                 Msg("--param NAME=VALUE binds the query variable ?NAME"))
            out[name] = parse_term(raw, Msg("parameter {name}", name=name))
        return out
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise QueryError(Msg("query {name} has no parameter {unknown}", name=query.name,
                             unknown=", ".join(unknown)), listing(query))
    out = {}
    for p in query.parameters:
        raw = given.get(p.name, p.default)
        if raw is None:
            if p.required:
                raise QueryError(Msg("query {name} needs --param {param}=…", name=query.name,
                                     param=p.name), listing(query))
            continue
        what = Msg("parameter {name}", name=p.name)
        try:
            out[p.name] = (iri(raw, what) if p.value_type == "iri"
                           else typed_literal(raw, p.value_type, what))
        except QueryError as err:
            raise QueryError(err.message, listing(query)) from None
    return out
