"""SHACL validation (on Oxigraph, or with pyshacl), and a report a data steward can act on.

One entry function, :func:`validate_graph`, takes the data, the shapes and the ontology as
separate inputs (as pyshacl does) and returns a :class:`ValidationReport`. The report is
grouped by focus node: the file (when known), the node with its kind and label, the property
(the rule's ``sh:name``), the offending value, the severity and the message — in Spanish,
English or French, since the shapes carry their names and messages in the three languages.
It is also available as JSON and as the SHACL results graph (Turtle) for machines.

>>> from rdflib import Graph
>>> data = Graph().parse(format="turtle", data='''
...     @prefix pu: <https://w3id.org/puentes/ontology#> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     <https://w3id.org/puentes/id/country/XX> a pu:Country ; pu:iso3 "xx" ; rdfs:label "X"@en .
... ''')
>>> report = validate_graph(data)
>>> report.conforms, report.violation_count
(False, 1)
>>> print(report.in_lang("es").results[0].message)
Un país necesita exactamente un código ISO 3166-1 alfa-3 de tres letras mayúsculas, p. ej. BRA.
"""

from __future__ import annotations

import warnings

from rdflib import Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import OWL, RDF, RDFS, SH

from puentes.check.explain import read_result
from puentes.check.report import ValidationReport
from puentes.check.shapes import load_shapes_graph
from puentes.namespaces import PREFIXES

ENGINES = ("oxigraph", "pyshacl")


def validate_graph(data: Graph, *, shapes: Graph | None = None,
                   ontology: Graph | list[Graph] | None = None,
                   advanced: bool = True, files: dict | None = None,
                   lang: str = "en", engine: str = "oxigraph",
                   data_nt: bytes | list | None = None,
                   fallback: bool = True) -> ValidationReport:
    """Validate ``data`` against the project's shapes (or ``shapes``).

    ``ontology``: the model (ontology and concept schemes, e.g. ``load_model_graph()``), or a
    list of graphs (the model and the types of referenced nodes, say), added
    to the data for the validation, so that class hierarchies and controlled vocabularies can
    be checked; results about the ontology's own nodes are then left out. Without it, the
    data must already hold what the shapes look up (concepts, the types of referenced nodes).
    ``advanced`` switches on SPARQL-based targets (the cross-record rules are restricted to
    the nodes they are about with them; without, those rules are skipped). ``files`` maps
    focus nodes to the file they came from, for the report; ``lang`` is its language.
    Validation uses no inference: the shapes test what is asserted (plus the ontology's
    rdfs:subClassOf hierarchy, as SHACL does for sh:class and sh:targetClass).
    ``engine``: "oxigraph" (:mod:`puentes.check.shacl`, set-based SPARQL on Oxigraph) or
    "pyshacl" (the reference); both give the same results graph. ``data_nt``: ``data`` as
    N-Triples, or as the pyoxigraph triples the caller has already parsed (the build does):
    the Oxigraph engine loads them as they are rather than converting each rdflib term (a
    third of the time at a million triples); ignored when they have blank nodes, whose
    labels a load would not keep.
    ``fallback``: shapes the Oxigraph engine does not implement go to pyshacl (the default);
    False raises :class:`~puentes.check.shacl.Unsupported` instead (docs/shacl.md).
    """
    shapes = shapes if shapes is not None else load_shapes_graph()
    if isinstance(ontology, Graph):
        ontology = [ontology]
    if engine == "pyshacl":
        full = _merged(data, ontology)
        results_graph = _pyshacl(full, shapes, advanced)
    elif engine == "oxigraph":
        # the data and the ontology go to Oxigraph apart (no merged rdflib copy); the
        # report's labels read both through a read-only view
        full = data if not ontology else ReadOnlyGraphAggregate([data, *ontology])
        results_graph = _oxigraph(data, ontology, shapes, advanced, data_nt, fallback)
    else:
        raise ValueError(f"unknown validation engine {engine!r}: use one of {ENGINES}")
    own = set(data.subjects()) if ontology else None
    results = []
    memo: dict = {}  # labels, kinds and hints repeat from result to result
    total = 0
    for res in results_graph.subjects(SH.resultSeverity, None):
        total += 1
        focus = results_graph.value(res, SH.focusNode)
        if own is not None and focus not in own:
            continue
        results.append(read_result(res, results_graph, full, shapes, files or {}, memo))
    results.sort(key=lambda r: (r.file or "", str(r.focus_node), r.severity, r.path or "",
                                r.value or ""))
    report = ValidationReport(results, results_graph, lang)
    if own is not None and len(results) < total:  # some were about the ontology's nodes
        report = report.subset(results)
    return report.in_lang(lang)


def _pyshacl(data: Graph, shapes: Graph, advanced: bool) -> Graph:
    """pyshacl's results graph (no inference, warnings allowed)."""
    from pyshacl import validate as shacl_validate

    _conforms, results_graph, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=advanced, allow_warnings=True)
    return results_graph


def _merged(data: Graph, ontology: list[Graph] | None) -> Graph:
    """The data with the ontology graphs added (a new graph; ``data`` itself without)."""
    if not ontology:
        return data
    full = Graph()
    full += data
    for g in ontology:
        full += g
    return full


#: the model as pyoxigraph quads: ``load_model_graph()`` is one cached, read-only graph
#: that every validation of the build adds
_MODEL_QUADS: dict[int, tuple[Graph, list]] = {}


def _ontology_quads(ontology: Graph) -> list:
    from puentes.model import load_model_graph
    from puentes.rdfio import graph_quads

    if ontology is not load_model_graph():
        return graph_quads(ontology)
    hit = _MODEL_QUADS.get(id(ontology))
    if hit is None or hit[0] is not ontology:
        _MODEL_QUADS.clear()
        hit = _MODEL_QUADS[id(ontology)] = (ontology, graph_quads(ontology))
    return hit[1]


def _oxigraph(data: Graph, ontology: list[Graph] | None, shapes: Graph,
              advanced: bool, data_nt: bytes | list | None = None,
              fallback: bool = True) -> Graph:
    """The results graph of :mod:`puentes.check.shacl` on ``data`` (and ``ontology``).

    The fallback rule: a shape that uses a feature the engine does not implement (a SHACL
    parameter no component of :data:`puentes.check.shacl.components.REGISTRY` reads, or a
    form its component refuses) is declared when the shapes are compiled, never skipped:
    with ``fallback`` it is validated by pyshacl alone (with a warning naming it and the
    feature) and its results added; without, :class:`~puentes.check.shacl.Unsupported` is
    raised."""
    import pyoxigraph as ox

    from puentes.check.shacl import Engine, Unsupported
    from puentes.rdfio import graph_quads

    store = ox.Store()
    own = None
    ill_typed: set = set()  # literals rdflib read as ill-typed (their written form may be lost)
    if ontology:
        # the data in a graph of its own: only its subjects are focus nodes (the report
        # leaves the ontology's nodes out), the ontology in the default graph
        own = "urn:puentes:validate:data"
        if isinstance(data_nt, bytes) and b"_:" not in data_nt:
            # the same triples, read by Oxigraph's parser (no blank node: a load renames
            # them, and the results must name the data's own)
            store.bulk_load(data_nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(own))
        elif isinstance(data_nt, list) and not any(
                isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
                for t in data_nt):
            # parsed already (the build's one parse): no text is read again
            graph = ox.NamedNode(own)
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph)
                              for t in data_nt)
        else:
            store.bulk_extend(graph_quads(data, ox.NamedNode(own), ill_typed))
        for g in ontology:
            store.bulk_extend(_ontology_quads(g))
    else:
        store.bulk_extend(graph_quads(data, ill_typed=ill_typed))
    engine = Engine(store, shapes, advanced=advanced, focus_graph=own,
                    written=[data, *(ontology or [])], ill_typed=ill_typed)
    if engine.unsupported and not fallback:
        raise Unsupported.many(engine.unsupported)
    rg = engine.results_graph()
    if engine.unsupported:
        warnings.warn("validated with pyshacl, as the Oxigraph engine cannot express them: "
                      + "; ".join(engine.unsupported.values()), stacklevel=3)
        rest = _pyshacl(_merged(data, ontology), _only(shapes, set(engine.unsupported)),
                        advanced)
        report = next(rg.subjects(RDF.type, SH.ValidationReport))
        theirs = next(rest.subjects(RDF.type, SH.ValidationReport))
        for res in rest.objects(theirs, SH.result):
            rg.add((report, SH.result, res))
        if (theirs, SH.conforms, Literal(False)) in rest:
            rg.set((report, SH.conforms, Literal(False)))  # SHACL: any result at all
        for t in rest:
            if t[0] != theirs:
                rg.add(t)
    return rg


def _only(shapes: Graph, keep: set) -> Graph:
    """The shapes graph with the targets of every shape but ``keep`` taken away."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
               SH.target)
    out = Graph()
    for s, p, o in shapes:
        if p in targets and s not in keep:
            continue
        if p == RDF.type and o in (RDFS.Class, OWL.Class) and s not in keep:
            continue  # an implicit class target
        out.add((s, p, o))
    for prefix, ns in shapes.namespace_manager.namespaces():
        out.namespace_manager.bind(prefix, ns)
    return out


def validate_files(paths: list, *, lang: str = "en", model: bool = True,
                   store=None, shapes: Graph | None = None,
                   engine: str = "oxigraph") -> ValidationReport:  # noqa: ANN001
    """Validate RDF files together; the report names the file each node came from.

    ``model`` adds the ontology and concept schemes; ``store`` (a store folder, or True for
    the default one) adds, from a built store, what the files refer to but do not describe
    (see :func:`store_context`). Raises :class:`~puentes.errors.InputError` for a file that
    cannot be read or parsed (the message gives the line and column).
    """
    from puentes.model import load_model_graph
    from puentes.rdfio import parse_file

    data, origin = Graph(), {}
    for path in paths:
        g = parse_file(path)
        for s in g.subjects():
            origin.setdefault(s, str(path))
        data += g
    context = Graph()
    if model:
        context += load_model_graph()
    if store:
        context += store_context(data, None if store is True else store)
    return validate_graph(data, shapes=shapes, ontology=context if len(context) else None,
                          files=origin, lang=lang, engine=engine)


_CONTEXT = """
CONSTRUCT { ?o ?p ?x . ?m ?mp ?mx . }
WHERE {
  VALUES ?o { %s }
  { ?o ?p ?x .
    FILTER(?p IN (rdf:type, rdfs:label, skos:prefLabel, skos:inScheme, pu:iso3,
                  dcterms:identifier, pu:accessedOn)) }
  UNION
  { ?m org:member ?o ; ?mp ?mx . }
}"""


def store_context(data: Graph, store_path=None) -> Graph:  # noqa: ANN001
    """From the built store: the types, labels, codes (and access dates of sources) of the
    nodes ``data`` refers to without describing them, and the memberships of those nodes —
    enough for sh:class and the cross-record rules to see them, without validating the
    store itself."""
    from puentes.namespaces import sparql_prefixes
    from puentes.rdfio import to_rdflib
    from puentes.store import GraphStore

    described = set(data.subjects())
    refs = sorted({o for o in data.objects() if isinstance(o, URIRef)
                   and str(o).startswith(PREFIXES["pid"]) and o not in described})
    out = Graph()
    if not refs:
        return out
    store = GraphStore.open(store_path, read_only=True)
    query = sparql_prefixes() + _CONTEXT % " ".join(f"<{o}>" for o in refs)
    for t in store.query(query):
        out.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return out
