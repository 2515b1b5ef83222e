"""Every term used in shapes, queries and example data is declared in ontology/ (own terms,
concept schemes, or the declarations of reused vocabularies in ontology/imports/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from puentes.model import load_model_graph
from puentes.namespaces import PREFIXES, PSC, PU
from puentes.paths import project_root

ROOT = project_root()
CHECKED_NS = [str(PU), str(PSC)] + [PREFIXES[p] for p in (
    "org", "skos", "prov", "dcterms", "dcat", "void", "qb", "schema", "dqv", "sdmx-dimension",
    "sdmx-measure", "sdmx-attribute", "time", "foaf")]
FILES = sorted((ROOT / "shapes").glob("*.ttl")) + sorted((ROOT / "queries").glob("*.ttl")) \
    + sorted((ROOT / "tests" / "fixtures").glob("*.ttl")) \
    + sorted((ROOT / "shapes" / "tests").glob("*.ttl"))
RQ_FILES = sorted((ROOT / "queries" / "checks").glob("*.rq"))


def _declared() -> set[str]:
    g = load_model_graph()
    return {str(s) for s in g.subjects() if isinstance(s, URIRef)}


def _checked(iri: str) -> bool:
    return any(iri.startswith(ns) for ns in CHECKED_NS) and not iri.startswith(
        str(PSC) + "good/")


def _terms_in_graph(g: Graph) -> set[str]:
    used = set(map(str, g.predicates()))
    used |= {str(o) for o in g.objects(None, RDF.type)}
    for p in (SH.path, SH["class"], SH.targetClass, SH.targetSubjectsOf, SH.hasValue):
        used |= {str(o) for o in g.objects(None, p) if isinstance(o, URIRef)}
    return used


_PNAME = re.compile(r"(?<![\w<])([a-z][\w-]*):([A-Za-z][\w-]*)")


def _terms_in_sparql(text: str) -> set[str]:
    used = set(re.findall(r"<(https?://[^>\s]+)>", text))
    for prefix, local in _PNAME.findall(text):
        if prefix in PREFIXES and prefix not in ("pid", "pg"):  # resources are data, not terms
            used.add(PREFIXES[prefix] + local)
    return used


@pytest.mark.parametrize("path", FILES + RQ_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_terms_are_declared(path: Path):
    declared = _declared()
    if path.suffix == ".rq":
        used = _terms_in_sparql(path.read_text())
    else:
        g = Graph().parse(path)
        used = _terms_in_graph(g)
        for q in g.objects(None, SH.select):
            used |= _terms_in_sparql(str(q))
        declared |= {str(s) for s in g.subjects() if isinstance(s, URIRef)}
    undeclared = sorted(u for u in used if _checked(u) and u not in declared)
    assert undeclared == [], f"{path.name} uses undeclared terms: {undeclared}"


def test_the_check_catches_an_undeclared_term():
    used = _terms_in_sparql("SELECT ?x WHERE { ?x pu:madeUpProperty role:lead ; a org:Nope }")
    undeclared = sorted(u for u in used if _checked(u) and u not in _declared())
    assert undeclared == sorted([str(PU.madeUpProperty), PREFIXES["org"] + "Nope"])
