"""Quality checks on the model: it parses, OWL RL finds no inconsistency (in the model and in
the example graphs), every own term and concept has labels and definitions in es, en and fr
and no two terms (or two concepts of one scheme) share a label, every note, scope note and
definition of the model's own files (the UN's SDG texts too) is in es, en and fr, every
concept sits in exactly
one existing scheme, reused terms say where they are defined, the Data Cube structure is
complete and SDG 8.7 / 8.7.1 link to the UN IRIs."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from puentes.model import duplicate_labels, language_gaps, load_model_graph, model_files
from puentes.namespaces import (
    PREFIXES,
    PSC,
    PU,
    QB,
    SDMX_ATTR,
    SDMX_DIM,
    SDMX_MEASURE,
    bind_prefixes,
    concept,
)
from puentes.paths import project_root

ROOT = project_root()
ONTOLOGY = URIRef("https://w3id.org/puentes/ontology")
SDG_TARGET = URIRef("http://metadata.un.org/sdg/8.7")
SDG_INDICATOR = URIRef("http://metadata.un.org/sdg/C080701")
DSD = URIRef(PREFIXES["pid"] + "dsd/child-labour-statistics")
LANGS = {"es", "en", "fr"}
VANN = "http://purl.org/vocab/vann/"
DCT = "http://purl.org/dc/terms/"
# Example graphs checked against the model under OWL RL (domains, ranges, disjointness).
EXAMPLE_GRAPHS = sorted(ROOT.glob("tests/fixtures/*.ttl")) + sorted(
    ROOT.glob("tests/sources/*/expected*.ttl"))


def _inconsistencies(g: Graph) -> list[str]:
    """Expand ``g`` in place with the OWL RL closure; return what owlrl found inconsistent.

    owlrl does not raise: it adds an ``err:ErrorMessage`` node per inconsistency (disjoint
    classes sharing a member, owl:Nothing members, …) to the graph.
    """
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(g)
    messages = [str(g.value(m, ERRNS.error)) for m in g.subjects(RDF.type, ERRNS.ErrorMessage)]
    messages += [f"{s} is a member of owl:Nothing" for s in g.subjects(RDF.type, OWL.Nothing)]
    return sorted(messages)


def _model_copy() -> Graph:
    g = Graph()
    g += load_model_graph()  # the loaded model is shared: never expand it in place
    return g


def _langs(g: Graph, node: URIRef, pred: URIRef) -> set[str]:
    return {o.language for o in g.objects(node, pred) if isinstance(o, Literal)}


def _own_terms(g: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k)
                   if isinstance(s, URIRef) and str(s).startswith(str(PU))})


def _concepts(g: Graph) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, SKOS.Concept) if str(s).startswith(str(PSC)))


@pytest.mark.parametrize("path", model_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_model_file_parses(path: Path):
    assert len(Graph().parse(path)) > 0, f"{path} holds no triples"


def test_model_files_cover_every_part():
    names = {p.relative_to(ROOT / "ontology").as_posix() for p in model_files()}
    assert {"puentes.ttl", "statistics.ttl", "schemes/modality.ttl", "imports/org.ttl"} <= names


def test_load_model_graph_is_cached_and_complete():
    g = load_model_graph()
    assert load_model_graph() is g
    assert (PU.Initiative, RDF.type, OWL.Class) in g  # ontology
    assert (PSC["modality"], RDF.type, SKOS.ConceptScheme) in g  # schemes
    assert (DSD, RDF.type, QB.DataStructureDefinition) in g  # statistics
    assert (URIRef(PREFIXES["org"] + "Membership"), RDF.type, OWL.Class) in g  # imports


@pytest.mark.slow  # an OWL-RL closure of the model
def test_owl_rl_closure_of_the_model_is_consistent():
    g = _model_copy()
    assert _inconsistencies(g) == []
    # The closure did run: the transitive region hierarchy and inverses are in effect.
    assert (PU.containsRegion, OWL.inverseOf, PU.withinRegion) in g


@pytest.mark.slow  # an OWL-RL closure of the model
def test_the_consistency_check_catches_an_inconsistency():
    g = _model_copy()
    thing = URIRef(PREFIXES["pid"] + "country/XXX")
    g.add((thing, RDF.type, PU.Country))
    g.add((thing, RDF.type, PU.Region))  # a country used as a region
    assert any("disjoint" in m.lower() for m in _inconsistencies(g))


@pytest.mark.slow  # an OWL-RL closure of the model
def test_owl_rl_infers_the_region_hierarchy_and_inverses():
    g = _model_copy()
    a, b, c = (URIRef(PREFIXES["pid"] + f"region/m49-{n}") for n in ("011", "202", "002"))
    plan, roadmap = (URIRef(PREFIXES["pid"] + f"initiative/{n}") for n in ("plan", "roadmap"))
    g.add((a, PU.withinRegion, b))
    g.add((b, PU.withinRegion, c))
    g.add((plan, PU.implements, roadmap))
    assert _inconsistencies(g) == []
    assert (a, PU.withinRegion, c) in g
    assert (c, PU.containsRegion, a) in g
    assert (roadmap, PU.implementedBy, plan) in g
    assert (plan, PU.contributesTo, roadmap) in g  # implements ⊑ contributesTo
    assert (plan, RDF.type, PU.Initiative) in g


@pytest.mark.slow  # an OWL-RL closure of the model
@pytest.mark.parametrize("path", EXAMPLE_GRAPHS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_example_graphs_are_consistent_with_the_model(path: Path):
    g = _model_copy()
    g.parse(path)
    problems = _inconsistencies(g)
    assert problems == [], (
        f"{path.relative_to(ROOT)}: under OWL RL the data contradicts the model "
        "(check the classes of these nodes and the domains/ranges in ontology/puentes.ttl):\n"
        + "\n".join(problems))


def test_ontology_header():
    g = load_model_graph()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in g
    assert _langs(g, ONTOLOGY, URIRef(DCT + "title")) >= LANGS
    assert "en" in _langs(g, ONTOLOGY, URIRef(DCT + "description"))
    assert (ONTOLOGY, URIRef(DCT + "license"),
            URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    assert g.value(ONTOLOGY, OWL.versionInfo) is not None
    assert str(g.value(ONTOLOGY, URIRef(VANN + "preferredNamespacePrefix"))) == "pu"
    assert str(g.value(ONTOLOGY, URIRef(VANN + "preferredNamespaceUri"))) == str(PU)
    assert str(g.value(ONTOLOGY, URIRef(DCT + "creator"))) == "puentes"


def test_own_terms_have_three_language_labels_and_a_definition():
    g = load_model_graph()
    terms = _own_terms(g)
    assert len(terms) > 60
    missing = [(str(t), sorted(LANGS - _langs(g, t, RDFS.label)))
               for t in terms if not _langs(g, t, RDFS.label) >= LANGS]
    assert missing == [], "own terms without labels in es/en/fr (term, missing languages)"
    undefined = [str(t) for t in terms if not _langs(g, t, SKOS.definition) >= LANGS]
    assert undefined == [], "own terms without a skos:definition in es, en and fr"
    undeclared_home = [str(t) for t in terms if (t, RDFS.isDefinedBy, ONTOLOGY) not in g]
    assert undeclared_home == [], "own terms without rdfs:isDefinedBy the ontology"


def test_own_properties_have_a_domain_or_range():
    g = load_model_graph()
    props = [t for t in _own_terms(g) if (t, RDF.type, OWL.Class) not in g]
    bare = [str(p) for p in props
            if g.value(p, RDFS.domain) is None and g.value(p, RDFS.range) is None]
    assert bare == []


def test_concepts_have_three_language_labels_a_definition_and_one_existing_scheme():
    g = load_model_graph()
    concepts = _concepts(g)
    assert len(concepts) > 100
    problems = []
    for c in concepts:
        if not _langs(g, c, SKOS.prefLabel) >= LANGS:
            problems.append((str(c), "prefLabel in es, en and fr"))
        if not _langs(g, c, SKOS.definition) >= LANGS:
            problems.append((str(c), "skos:definition in es, en and fr"))
        schemes = list(g.objects(c, SKOS.inScheme))
        if len(schemes) != 1 or (schemes[0], RDF.type, SKOS.ConceptScheme) not in g:
            problems.append((str(c), f"exactly one existing scheme, has {schemes}"))
        elif not str(c).startswith(str(schemes[0]) + "/"):
            problems.append((str(c), f"IRI under its scheme {schemes[0]}"))
    assert problems == []


def test_every_scheme_has_labels_and_its_own_file():
    g = load_model_graph()
    schemes = sorted(s for s in g.subjects(RDF.type, SKOS.ConceptScheme)
                     if str(s).startswith(str(PSC)))
    files = {p.stem for p in (ROOT / "ontology" / "schemes").glob("*.ttl")}
    listed = {"modality", "initiative-type", "role", "theme", "financing-model", "status",
              "platform-function", "reporting-cycle", "accountability-form",
              "organization-type", "membership-role", "country-grouping", "region-scheme",
              "scope", "event-type", "exploitation", "sector", "good", "indicator",
              "age-group", "sex", "unit"}  # the list at the end of docs/model.md
    names = {str(s)[len(str(PSC)):] for s in schemes}
    assert listed <= names
    assert names <= files, "every scheme is declared in ontology/schemes/<scheme>.ttl"
    unlabelled = [str(s) for s in schemes if not _langs(g, s, SKOS.prefLabel) >= LANGS]
    assert unlabelled == []


#: what the ontology pages show of a node, beyond its label and definition
READ = (RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.definition, SKOS.scopeNote, SKOS.note,
        SKOS.example, URIRef(DCT + "title"), URIRef(DCT + "description"))


@pytest.mark.parametrize("path", sorted(ROOT.glob("ontology/*.ttl"))
                         + sorted(ROOT.glob("ontology/schemes/*.ttl")), ids=lambda p: p.name)
def test_every_text_of_the_model_files_is_in_spanish_english_and_french(path: Path):
    """Not only the own terms' labels and definitions: every text a reader meets in the
    model's own files (notes, scope notes, the SDG target's and indicator's texts) in the
    three languages. The vendored vocabularies of ontology/imports/ are not ours to translate."""
    g = Graph().parse(path)
    missing = sorted({(str(s), p.n3(g.namespace_manager)) for p in READ
                      for s, o in g.subject_objects(p) if isinstance(o, Literal)
                      and not _langs(g, s, p) >= LANGS})
    assert missing == [], f"{path.name}: add es/en/fr to {missing[:5]}"


def test_ontology_qc_finds_no_language_gap_and_no_duplicate_label():
    g = load_model_graph()
    assert language_gaps(g) == [], "add the missing labels/definitions (es, en, fr)"
    assert duplicate_labels(g) == [], "give each term a label of its own in every language"


def test_ontology_qc_reports_gaps_and_duplicates():
    g = Graph()
    bind_prefixes(g)
    a, b = PU.practice, PU.Practice
    for t in (a, b):
        g.add((t, RDF.type, OWL.ObjectProperty if t == a else OWL.Class))
        g.add((t, RDFS.label, Literal("practice", lang="en")))
        g.add((t, RDFS.label, Literal("práctica", lang="es")))
        g.add((t, SKOS.definition, Literal("…", lang="en")))
    c1, c2 = concept("sex", "a"), concept("sex", "b")
    for c in (c1, c2):
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, PSC["sex"]))
        g.add((c, SKOS.prefLabel, Literal("Total", lang="fr")))
    dups = duplicate_labels(g)
    assert len(dups) == 3  # the en and es labels of the two terms, the fr label in one scheme
    assert any("pu:Practice" in d and "pu:practice" in d and "'practice'" in d for d in dups)
    gaps = language_gaps(g)
    assert f"{PU.practice.n3(g.namespace_manager)}: no label in fr" in gaps
    assert f"{PU.Practice.n3(g.namespace_manager)}: no definition in es, fr" in gaps
    assert sum("no definition in es, en, fr" in x for x in gaps) == 2  # the two concepts


def test_concept_labels_are_unique_within_a_scheme():
    g = load_model_graph()
    seen: dict[tuple, URIRef] = {}
    clashes = []
    for c in _concepts(g):
        scheme = g.value(c, SKOS.inScheme)
        for label in g.objects(c, SKOS.prefLabel):
            key = (scheme, label.language, str(label).lower())
            if key in seen and seen[key] != c:
                clashes.append((str(seen[key]), str(c), str(label)))
            seen[key] = c
    assert clashes == []


def test_modality_role_and_initiative_type_schemes_cover_the_issue():
    g = load_model_graph()

    def slugs(scheme: str) -> set[str]:
        return {str(c).rsplit("/", 1)[1] for c in g.subjects(SKOS.inScheme, PSC[scheme])}

    assert {"regional", "interregional", "south-south", "triangular", "north-south",
            "bilateral", "multilateral"} <= slugs("modality")
    assert {"lead", "implementing", "funding", "facilitating", "beneficiary",
            "peer-provider", "peer-learner"} <= slugs("role")
    assert {"regional-roadmap", "action-plan", "declaration", "programme", "project",
            "platform", "monitoring-mechanism", "fund"} <= slugs("initiative-type")
    assert {"regional-budget", "member-contributions", "donor-grant", "pooled-fund",
            "co-financing", "in-kind"} <= slugs("financing-model")
    assert {"labour-migration", "supply-chains", "data-and-knowledge",
            "institutional-capacity", "education", "social-protection",
            "agriculture"} <= slugs("theme")


def test_roles_cite_iati_organisation_role():
    g = load_model_graph()
    notes = " ".join(str(o) for s in (PSC["role"], PU.role, PU.Participation)
                     for p in (SKOS.note, SKOS.definition, SKOS.scopeNote)
                     for o in g.objects(s, p))
    assert "IATI" in notes and "OrganisationRole" in notes


def test_region_hierarchy_is_transitive():
    g = load_model_graph()
    assert (PU.withinRegion, RDF.type, OWL.TransitiveProperty) in g


def test_reused_terms_are_labelled_and_say_where_they_are_defined():
    g = Graph()
    for path in (ROOT / "ontology" / "imports").glob("*.ttl"):
        g.parse(path)
    terms = {s for s in g.subjects(RDF.type) if isinstance(s, URIRef)}
    assert len(terms) > 150
    problems = [str(t) for t in terms
                if "en" not in _langs(g, t, RDFS.label) or g.value(t, RDFS.isDefinedBy) is None]
    assert problems == []
    own = [str(t) for t in terms if str(t).startswith((str(PU), str(PSC)))]
    assert own == [], "imports/ declares outside terms only"


def test_statistics_structure():
    g = load_model_graph()
    components = {g.value(c, p) for c in g.objects(DSD, QB.component)
                  for p in (QB.dimension, QB.measure, QB.attribute) if g.value(c, p)}
    dims = {SDMX_DIM.refArea, SDMX_DIM.refPeriod, PU.indicator, SDMX_DIM.age, SDMX_DIM.sex,
            PU.sector}
    # the publisher's codes and the SDG link are optional attributes (issue 9)
    optional = {PU.sdgIndicator, PU.seriesCode, PU.sourceKey, PU.footnote}
    assert components == dims | {SDMX_MEASURE.obsValue, SDMX_ATTR.unitMeasure} | optional
    for a in optional:
        assert (a, RDF.type, QB.AttributeProperty) in g, a
    for d in dims:
        assert (d, RDF.type, QB.DimensionProperty) in g, d
    assert (SDMX_MEASURE.obsValue, RDF.type, QB.MeasureProperty) in g
    assert (SDMX_ATTR.unitMeasure, RDF.type, QB.AttributeProperty) in g
    for prop, scheme in ((PU.indicator, "indicator"), (PU.sector, "sector"),
                         (SDMX_DIM.age, "age-group"), (SDMX_DIM.sex, "sex"),
                         (SDMX_ATTR.unitMeasure, "unit")):
        assert (prop, QB.codeList, PSC[scheme]) in g, prop
        assert (PSC[scheme], RDF.type, SKOS.ConceptScheme) in g
    orders = sorted(int(g.value(c, QB.order)) for c in g.objects(DSD, QB.component)
                    if g.value(c, QB.dimension))
    assert orders == list(range(1, len(dims) + 1))


def test_indicators_of_every_statistical_source():
    g = load_model_graph()
    needed = ["working-children", "working-children-by-sector", "school-attendance",
              "combining-work-and-school", "primary-completion-rate",  # U.S. DOL
              "children-in-employment",  # World Bank SL.TLF.0714.ZS
              "sdg-871-economic-activity", "sdg-871-economic-activity-household-chores",
              "child-labour-economic-activity"]  # UNICEF
    missing = [n for n in needed if (concept("indicator", n), RDF.type, SKOS.Concept) not in g]
    assert missing == []
    for n in ("sdg-871-economic-activity", "sdg-871-economic-activity-household-chores"):
        links = set(g.objects(concept("indicator", n), SKOS.closeMatch)) | set(
            g.objects(concept("indicator", n), SKOS.exactMatch))
        assert SDG_INDICATOR in links, n
    notations = " ".join(str(o) for c in g.subjects(SKOS.inScheme, PSC["indicator"])
                         for o in g.objects(c, SKOS.definition))
    for code in ("SL.TLF.0714.ZS", "SDG_A871", "SDG_B871"):
        assert code in notations, code


def test_sdg_target_and_indicator_link_to_un_iris():
    g = load_model_graph()
    assert (SDG_TARGET, RDF.type, PU.GlobalCommitment) in g
    assert (SDG_INDICATOR, RDF.type, PU.Indicator) in g
    for node in (SDG_TARGET, SDG_INDICATOR):
        assert _langs(g, node, RDFS.label) >= LANGS, node
        assert "en" in _langs(g, node, SKOS.definition), node
    assert (SDG_INDICATOR, URIRef(DCT + "isPartOf"), SDG_TARGET) in g


def test_no_blank_node_terms():
    g = load_model_graph()
    typed = {s for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept)
             for s in g.subjects(RDF.type, k)}
    # Blank classes are fine inside axioms (unions); a blank *declared term* is not.
    labelled_blanks = [s for s in typed if isinstance(s, BNode) and g.value(s, RDFS.label)]
    assert labelled_blanks == []
