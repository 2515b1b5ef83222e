"""The model: the ontology, its concept schemes, the Data Cube structure and reused terms."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from puentes.i18n import LANGS
from puentes.namespaces import PSC, PU
from puentes.paths import ontology_dir
from puentes.rdfio import load_turtle_files


def model_files() -> list[Path]:
    """Every Turtle file of ``ontology/`` (own terms, schemes, statistics, imports)."""
    root = ontology_dir()
    return sorted(root.glob("*.ttl")) + sorted(root.glob("schemes/*.ttl")) + sorted(
        root.glob("imports/*.ttl"))


def load_model_graph() -> Graph:
    """The whole model as one rdflib Graph (cached while the files are unchanged).

    Treat the result as read-only: it is shared between callers.
    """
    return load_turtle_files(model_files())


#: The languages every own term and concept is labelled and defined in.
MODEL_LANGS = LANGS


def own_terms(g: Graph) -> list[URIRef]:
    """The classes and properties of the ``pu:`` namespace declared in ``g``."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k)
                   if isinstance(s, URIRef) and str(s).startswith(str(PU))})


def own_concepts(g: Graph) -> list[URIRef]:
    """The concepts and concept schemes of the ``psc:`` namespace declared in ``g``."""
    kinds = (SKOS.Concept, SKOS.ConceptScheme)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k)
                   if isinstance(s, URIRef) and str(s).startswith(str(PSC))})


def _langs(g: Graph, node: URIRef, pred: URIRef) -> set[str]:
    return {o.language for o in g.objects(node, pred)
            if isinstance(o, Literal) and o.language and str(o).strip()}


def language_gaps(g: Graph) -> list[str]:
    """Own terms (``rdfs:label``) and concepts (``skos:prefLabel``) that lack a label or a
    ``skos:definition`` in one of :data:`MODEL_LANGS`, one line each."""
    out = []
    for node, pred in ([(t, RDFS.label) for t in own_terms(g)]
                       + [(c, SKOS.prefLabel) for c in own_concepts(g)]):
        name = node.n3(g.namespace_manager)
        for what, p in (("label", pred), ("definition", SKOS.definition)):
            missing = [lang for lang in MODEL_LANGS if lang not in _langs(g, node, p)]
            if missing:
                out.append(f"{name}: no {what} in {', '.join(missing)}")
    return out


def duplicate_labels(g: Graph) -> list[str]:
    """Labels shared by two different own terms, or by two concepts of one scheme, in the
    same language (case-insensitive): a reader of the documentation or of a form could not
    tell them apart (``pu:practice`` and ``pu:Practice`` were both "practice")."""
    seen: dict[tuple, set[URIRef]] = {}
    for t in own_terms(g):
        for label in g.objects(t, RDFS.label):
            if isinstance(label, Literal):
                seen.setdefault(("pu:", label.language, str(label).lower()), set()).add(t)
    for c in own_concepts(g):
        scheme = g.value(c, SKOS.inScheme) or c
        for label in g.objects(c, SKOS.prefLabel):
            if isinstance(label, Literal):
                seen.setdefault((str(scheme), label.language, str(label).lower()),
                                set()).add(c)
    return [f"{', '.join(sorted(n.n3(g.namespace_manager) for n in nodes))} share the "
            f"{lang} label {text!r}"
            for (_, lang, text), nodes in sorted(seen.items(), key=lambda kv: kv[0][1:])
            if len(nodes) > 1]
