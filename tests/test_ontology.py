"""Quality checks on the model: it parses, OWL RL finds no inconsistency, every own term and
concept has labels in es, en and fr and an English definition, SDG links are present."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from puentes.model import load_model_graph, model_files
from puentes.namespaces import PSC, PU

SDG_TARGET = URIRef("http://metadata.un.org/sdg/8.7")
SDG_INDICATOR = URIRef("http://metadata.un.org/sdg/C080701")


@pytest.mark.parametrize("path", model_files(), ids=lambda p: p.name)
def test_every_model_file_parses(path):
    assert len(Graph().parse(path)) > 0


def test_owl_rl_closure_is_consistent():
    g = Graph()
    g += load_model_graph()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(g)
    # owlrl records inconsistencies as owl:Nothing members or rdfs:comment error messages.
    assert not list(g.subjects(RDF.type, OWL.Nothing))
    errors = [str(o) for o in g.objects(None, RDFS.comment) if "error" in str(o).lower()
              and "inconsisten" in str(o).lower()]
    assert errors == []


def _own_terms(g: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k)
                   if isinstance(s, URIRef) and str(s).startswith(str(PU))})


def _concepts(g: Graph) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, SKOS.Concept) if str(s).startswith(str(PSC)))


def _langs(g: Graph, node: URIRef, pred: URIRef) -> set[str]:
    return {o.language for o in g.objects(node, pred) if isinstance(o, Literal)}


def test_own_terms_have_three_language_labels_and_a_definition():
    g = load_model_graph()
    terms = _own_terms(g)
    assert len(terms) > 60
    missing = [(str(t), sorted({"es", "en", "fr"} - _langs(g, t, RDFS.label)))
               for t in terms if not {"es", "en", "fr"} <= _langs(g, t, RDFS.label)]
    assert missing == []
    undefined = [str(t) for t in terms if "en" not in _langs(g, t, SKOS.definition)]
    assert undefined == []


def test_concepts_have_three_language_labels_a_definition_and_one_existing_scheme():
    g = load_model_graph()
    concepts = _concepts(g)
    assert len(concepts) > 100
    problems = []
    for c in concepts:
        if not {"es", "en", "fr"} <= _langs(g, c, SKOS.prefLabel):
            problems.append((str(c), "labels"))
        if "en" not in _langs(g, c, SKOS.definition):
            problems.append((str(c), "definition"))
        schemes = list(g.objects(c, SKOS.inScheme))
        if len(schemes) != 1 or (schemes[0], RDF.type, SKOS.ConceptScheme) not in g:
            problems.append((str(c), "scheme"))
    assert problems == []


def test_modality_and_role_schemes_cover_the_issue():
    g = load_model_graph()
    modality = {str(c).rsplit("/", 1)[1] for c in g.subjects(SKOS.inScheme, PSC["modality"])}
    assert {"regional", "interregional", "south-south", "triangular", "north-south",
            "bilateral", "multilateral"} <= modality
    roles = {str(c).rsplit("/", 1)[1] for c in g.subjects(SKOS.inScheme, PSC["role"])}
    assert {"lead", "implementing", "funding", "facilitating", "beneficiary",
            "peer-provider", "peer-learner"} <= roles


def test_sdg_target_and_indicator_link_to_un_iris():
    g = load_model_graph()
    assert (SDG_TARGET, RDF.type, PU.GlobalCommitment) in g
    assert (SDG_INDICATOR, RDF.type, PU.Indicator) in g
    assert _langs(g, SDG_TARGET, RDFS.label) >= {"es", "en", "fr"}
