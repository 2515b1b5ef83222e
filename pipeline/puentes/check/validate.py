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

import json
import re
import warnings
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from puentes.check.shapes import load_shapes_graph
from puentes.i18n import LANGS
from puentes.i18n import pick_literal as _pick
from puentes.namespaces import PREFIXES, bind_prefixes, curie

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

#: the report's own words, per language
WORDS = {
    "en": {"Violation": "Violation", "Warning": "Warning", "Info": "Info", "value": "value",
           "node": "(record)", "allowed": "Allowed values:",
           "unknown": "{value} is not defined anywhere in the data checked: a typo in an id "
                      "or code? (If another source defines it, add --with-store.)",
           "conforms": "Conforms: no violations, no warnings.",
           "summary": "{v} violation(s), {w} warning(s) on {n} node(s)."},
    "es": {"Violation": "Infracción", "Warning": "Advertencia", "Info": "Información",
           "value": "valor", "node": "(registro)", "allowed": "Valores admitidos:",
           "unknown": "{value} no está definido en los datos comprobados: ¿un error en un id "
                      "o código? (Si otra fuente lo define, añada --with-store.)",
           "conforms": "Conforme: ninguna infracción, ninguna advertencia.",
           "summary": "{v} infracción(es), {w} advertencia(s) en {n} nodo(s)."},
    "fr": {"Violation": "Violation", "Warning": "Avertissement", "Info": "Information",
           "value": "valeur", "node": "(enregistrement)", "allowed": "Valeurs admises :",
           "unknown": "{value} n'est défini nulle part dans les données vérifiées : une faute "
                      "de frappe dans un identifiant ou un code ? (Si une autre source le définit, "
                      "ajoutez --with-store.)",
           "conforms": "Conforme : aucune violation, aucun avertissement.",
           "summary": "{v} violation(s), {w} avertissement(s) sur {n} nœud(s)."},
}


@dataclass
class ValidationResult:
    """One SHACL result, with what a person needs to find and fix it.

    The text fields (``message``, ``path_name``, labels) are in one language; ``texts`` holds
    them in each of es, en and fr, and :meth:`in_lang` switches. ``node_shape`` is the
    NodeShape the rule belongs to (a property shape is a blank node inside it) and
    ``constraint`` the SHACL constraint component (``MinCountConstraintComponent`` …).
    """

    focus_node: URIRef | BNode
    focus_label: str | None
    path: str | None
    path_name: str | None
    value: str | None
    severity: str
    message: str
    source_shape: str
    shape_name: str | None
    file: str | None = None
    focus_type: str | None = None
    value_label: str | None = None
    constraint: str | None = None
    node_shape: str | None = None
    texts: dict[str, dict[str, str | None]] = field(default_factory=dict, repr=False)
    result_node: URIRef | BNode | None = field(default=None, repr=False, compare=False)

    def in_lang(self, lang: str) -> ValidationResult:
        """The same result with its texts in ``lang`` (es, en or fr)."""
        return replace(self, **self.texts[lang]) if lang in self.texts else self

    def as_dict(self) -> dict:
        """JSON-ready view (without the per-language texts and the results-graph node)."""
        d = asdict(self)
        d.pop("texts")
        d.pop("result_node")
        d["focus_node"] = str(self.focus_node)
        return d


@dataclass
class ValidationReport:
    """All results of a validation. ``conforms`` is SHACL's: no result at all, whatever its
    severity; ``accepted`` is puentes' policy on top of it: no Violation (Warnings and Infos
    are reported, only Violations quarantine a source or fail ``puentes validate``)."""

    results: list[ValidationResult]
    results_graph: Graph = field(default_factory=Graph)
    lang: str = "en"

    @property
    def conforms(self) -> bool:
        """SHACL's conformance: True when there is no result at all (sh:conforms)."""
        return not self.results

    @property
    def accepted(self) -> bool:
        """puentes' policy: True when no result is a Violation (Warnings and Infos do not
        stop a source)."""
        return not any(r.severity == "Violation" for r in self.results)

    @property
    def violation_count(self) -> int:
        """Number of Violations."""
        return sum(r.severity == "Violation" for r in self.results)

    @property
    def warning_count(self) -> int:
        """Number of Warnings and Infos."""
        return sum(r.severity != "Violation" for r in self.results)

    def subset(self, results: list[ValidationResult]) -> ValidationReport:
        """A report with only some of the results; its results graph keeps only theirs."""
        return ValidationReport(list(results), _subgraph(self.results_graph, results),
                                self.lang)

    def in_lang(self, lang: str) -> ValidationReport:
        """The same report with messages, names and labels in ``lang`` (es, en or fr)."""
        return ValidationReport([r.in_lang(lang) for r in self.results], self.results_graph,
                                lang)

    def by_focus_node(self) -> dict[tuple[str | None, str], list[ValidationResult]]:
        """Results grouped by (file, focus node), in a stable order."""
        groups: dict[tuple[str | None, str], list[ValidationResult]] = defaultdict(list)
        for r in self.results:
            groups[(r.file, str(r.focus_node))].append(r)
        return dict(sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))

    def to_text(self, lang: str | None = None) -> str:
        """The report for a person, grouped by file and node, in ``lang`` (es, en or fr).

        Each node is a line — ``file: kind «label» <IRI>`` — followed by one line per result:
        severity, property, offending value and what to do.
        """
        lang = lang or self.lang
        words = WORDS.get(lang, WORDS["en"])
        report = self.in_lang(lang)
        if not report.results:
            return words["conforms"]
        lines = []
        for (file, node), results in report.by_focus_node().items():
            first = results[0]
            kind = first.focus_type and first.focus_type[:1].upper() + first.focus_type[1:]
            who = " ".join(x for x in (kind,
                                       first.focus_label and f"«{first.focus_label}»") if x)
            lines.append((f"{file}: " if file else "") + (f"{who} " if who else "") + f"<{node}>")
            for r in sorted(results, key=lambda r: (r.severity != "Violation", r.path or "")):
                prop = r.path_name or (curie(r.path) if r.path else words["node"])
                val = ""
                if r.value is not None and r.value != str(r.focus_node):
                    shown = curie(r.value)
                    val = f", {words['value']} {shown!r}" + (
                        f" («{r.value_label}»)" if r.value_label else "")
                lines.append(f"  {words.get(r.severity, r.severity)}: {prop}{val} — {r.message}")
        lines.append(words["summary"].format(v=self.violation_count, w=self.warning_count,
                                             n=len(report.by_focus_node())))
        return "\n".join(lines)

    def to_json(self, lang: str | None = None) -> str:
        """The report as JSON: {conforms, violations, warnings, results: [...]}."""
        report = self.in_lang(lang or self.lang)
        return json.dumps({"conforms": self.conforms, "accepted": self.accepted,
                           "violations": self.violation_count,
                           "warnings": self.warning_count, "lang": report.lang,
                           "results": [r.as_dict() for r in report.results]},
                          indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        """The SHACL validation report graph as Turtle (sh:ValidationReport, sh:result …)."""
        g = Graph()
        bind_prefixes(g)
        g += self.results_graph
        return g.serialize(format="turtle")


ENGINES = ("oxigraph", "pyshacl")


def validate_graph(data: Graph, *, shapes: Graph | None = None,
                   ontology: Graph | list[Graph] | None = None,
                   advanced: bool = True, files: dict | None = None,
                   lang: str = "en", engine: str = "oxigraph",
                   data_nt: bytes | None = None, fallback: bool = True) -> ValidationReport:
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
    N-Triples, when the caller has it already (the build does): the Oxigraph engine loads it
    as it is rather than converting each rdflib term (a third of the time at a million
    triples); ignored when it has blank nodes, whose labels a load would not keep.
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
        results.append(_result(res, results_graph, full, shapes, files or {}, memo))
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
              advanced: bool, data_nt: bytes | None = None, fallback: bool = True) -> Graph:
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
        if data_nt is not None and b"_:" not in data_nt:
            # the same triples, read by Oxigraph's parser (no blank node: a load renames
            # them, and the results must name the data's own)
            store.bulk_load(data_nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(own))
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


# --- building one result ----------------------------------------------------------------------
def _result(res, rg: Graph, data: Graph, shapes: Graph, files: dict,  # noqa: ANN001
            memo: dict) -> ValidationResult:
    focus = rg.value(res, SH.focusNode)
    path = rg.value(res, SH.resultPath)
    value = rg.value(res, SH.value)
    source_shape = rg.value(res, SH.sourceShape)
    constraint = rg.value(res, SH.sourceConstraint)
    component = rg.value(res, SH.sourceConstraintComponent)
    severity = SEVERITIES.get(rg.value(res, SH.resultSeverity), "Violation")
    messages = _tag_messages(rg, res, constraint)
    # the rule's name: the property shape's, or the SPARQL constraint's
    named = source_shape if (source_shape, SH.name, None) in shapes else constraint
    def once(fn, g, *args):  # noqa: ANN001, ANN002, ANN202 - g: the data or the shapes
        key = (fn, *args)
        if key not in memo:
            memo[key] = fn(g, *args)
        return memo[key]

    hint = once(lambda _g, *a: _hint(shapes, data, *a), None, source_shape, component, value)
    texts = {}
    for lang in LANGS:
        message = _pick(messages, lang) or "does not conform"
        if hint.get(lang):
            message = f"{message} {hint[lang]}"
        texts[lang] = {
            "message": message,
            "path_name": once(_name, shapes, named, lang),
            "shape_name": once(_shape_label, shapes, source_shape, lang),
            "focus_label": once(_label, data, focus, lang),
            "focus_type": _kind(data, focus, lang, once),
            "value_label": once(_label, data, value, lang) if isinstance(value, URIRef)
            else None,
        }
    en = texts["en"]
    return ValidationResult(
        focus_node=focus, focus_label=en["focus_label"],
        path=str(path) if isinstance(path, URIRef) else _path_text(rg, path),
        path_name=en["path_name"], value=str(value) if value is not None else None,
        severity=severity, message=en["message"], source_shape=str(source_shape),
        shape_name=en["shape_name"], file=files.get(focus), focus_type=en["focus_type"],
        value_label=en["value_label"],
        constraint=str(component).rsplit("#", 1)[-1] if component is not None else None,
        node_shape=_node_shape(shapes, source_shape), texts=texts, result_node=res)


def _node_shape(shapes: Graph, shape) -> str | None:  # noqa: ANN001
    """The named NodeShape a rule belongs to (a property shape is a blank node inside it)."""
    parent = shapes.value(None, SH.property, shape)
    node = parent if parent is not None else shape
    return str(node) if isinstance(node, URIRef) else None


def _tag_messages(rg: Graph, res, constraint) -> list[Literal]:  # noqa: ANN001
    """The result's messages with their language tags.

    pyshacl drops the language tag of a SPARQL constraint's message when it fills in the
    ``{?var}`` placeholders; the tag is recovered by matching each message against the
    constraint's templates, and put back in the results graph too.
    """
    messages = list(rg.objects(res, SH.resultMessage))
    if constraint is None:
        return messages
    templates = [t for t in rg.objects(constraint, SH.message)
                 if isinstance(t, Literal) and t.language]
    out = []
    for m in messages:
        lang = None
        if isinstance(m, Literal) and not m.language:
            lang = next((t.language for t in templates
                         if re.fullmatch(_pattern(str(t)), str(m), re.S)), None)
        if lang:
            tagged = Literal(str(m), lang=lang)
            rg.remove((res, SH.resultMessage, m))
            rg.add((res, SH.resultMessage, tagged))
            out.append(tagged)
        else:
            out.append(m)
    return out


def _pattern(template: str) -> str:
    """A template such as "has {?n} partners" as a regular expression: "has (.*?) partners"."""
    parts = re.split(r"\{[?$]\w+\}", template)
    return "(.*?)".join(re.escape(p) for p in parts)


def _path_text(rg: Graph, path) -> str | None:  # noqa: ANN001
    # an inverse path ([ sh:inversePath org:organization ]) as "^" and the property's IRI;
    # any other path as a SPARQL property path (the same whichever engine wrote the graph)
    from puentes.check.shacl import Unsupported
    from puentes.check.shacl.model import path_sparql

    if path is None:
        return None
    inverse = rg.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return f"^{inverse}"
    try:
        return path_sparql(rg, path)
    except Unsupported:
        return None


def _label(g: Graph, node, lang: str) -> str | None:  # noqa: ANN001
    if node is None:
        return None
    return _pick(list(g.objects(node, RDFS.label)) + list(g.objects(node, SKOS.prefLabel)),
                 lang)


def _name(shapes: Graph, named, lang: str) -> str | None:  # noqa: ANN001
    return _pick(shapes.objects(named, SH.name), lang) if named is not None else None


def _kind(g: Graph, node, lang: str, once=None) -> str | None:  # noqa: ANN001
    """The label of the node's most specific class ("plataforma" rather than "iniciativa");
    ``once`` memoises by the set of types (many nodes share theirs)."""
    types = tuple(sorted(t for t in g.objects(node, RDF.type) if isinstance(t, URIRef)))
    if once is not None:
        return once(_kind_of, g, types, lang)
    return _kind_of(g, types, lang)


def _kind_of(g: Graph, types: tuple, lang: str) -> str | None:
    specific = [t for t in types if not any(
        o != t and t in g.transitive_objects(o, RDFS.subClassOf) for o in types)]
    for t in sorted(specific, key=lambda t: not str(t).startswith(PREFIXES["pu"])):
        label = _pick(g.objects(t, RDFS.label), lang)
        if label:
            return label
    return None


def _shape_label(shapes: Graph, shape, lang: str) -> str | None:  # noqa: ANN001
    parent = shapes.value(None, SH.property, shape) or shapes.value(None, SH.sparql, shape)
    node = parent if parent is not None else shape
    return _pick(shapes.objects(node, RDFS.label), lang)


def _hint(shapes: Graph, data: Graph, shape, component, value) -> dict[str, str]:  # noqa: ANN001
    """What to write instead: the allowed concepts of a vocabulary, or that an id is unknown."""
    if value is None or not isinstance(value, URIRef):
        return {}
    if component == SH.NodeConstraintComponent:
        schemes = [s for n in shapes.objects(shape, SH.node) for p in shapes.objects(n, SH.property)
                   for s in shapes.objects(p, SH.hasValue)]
        if schemes:
            slugs = sorted(str(c).rsplit("/", 1)[-1] for s in schemes
                           for c in data.subjects(SKOS.inScheme, s))
            if slugs:
                shown = ", ".join(slugs[:30]) + (", …" if len(slugs) > 30 else ".")
                return {lang: f"{WORDS[lang]['allowed']} {shown}" for lang in LANGS}
    if component in (SH.ClassConstraintComponent, SH.OrConstraintComponent,
                     SH.NodeConstraintComponent) and (value, None, None) not in data:
        return {lang: WORDS[lang]["unknown"].format(value=curie(str(value))) for lang in LANGS}
    return {}


def _subgraph(rg: Graph, results: list[ValidationResult]) -> Graph:
    """The results graph with only ``results`` (and sh:conforms recomputed)."""
    out = Graph()
    report = next(rg.subjects(RDF.type, SH.ValidationReport), None)
    keep = [r.result_node for r in results if r.result_node is not None]
    if report is None:
        return out
    out.add((report, RDF.type, SH.ValidationReport))
    out.add((report, SH.conforms, Literal(not results)))  # SHACL: no result at all
    seen: set = set()  # shapes and paths are shared by many results: copied once
    for node in keep:
        out.add((report, SH.result, node))
        todo = [node]
        while todo:  # the result and the blank nodes it points to (paths, copied shapes)
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            for s, p, o in rg.triples((n, None, None)):
                out.add((s, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
    return out
