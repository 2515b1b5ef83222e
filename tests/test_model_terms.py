"""Every term the project uses is declared in ontology/ (own terms, concept schemes, or the
declarations of reused vocabularies in ontology/imports/).

A term is "declared" when the model graph types it (``rdf:type``) and labels it
(``rdfs:label`` or ``skos:prefLabel``). Checked are IRIs in the own namespaces (``pu:``, and
``psc:`` concepts and schemes) and in the reused vocabularies, wherever they occur in:
shapes (incl. ``shapes/tests/``), saved queries (their Turtle metadata and the SPARQL text of
``sh:select``/``sh:ask``/``sh:construct``/``sh:update``), ``*.rq`` files, example and expected
graphs under ``tests/``, the ontology files themselves, and the Python code that writes
triples (``PU.x``, ``SCHEMA["x"]``, ``concept("scheme", "slug")``). The files are found at test
time, one test per file, so files others add are checked too.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

import puentes.namespaces as ns_module
from puentes.model import load_model_graph
from puentes.namespaces import PREFIXES, PSC, PU
from puentes.paths import project_root

ROOT = project_root()
REUSED = ("org", "skos", "prov", "dcterms", "dcat", "void", "qb", "schema", "dqv",
          "sdmx-dimension", "sdmx-measure", "sdmx-attribute", "time", "foaf")
CHECKED_NS = [str(PU), str(PSC)] + [PREFIXES[p] for p in REUSED]
# psc:good is filled by a mapper from the sources, so its concepts are data, not model.
GENERATED_NS = str(PSC) + "good/"
# A byte-for-byte copy of the DCAT-AP 3 shapes: its terms are DCAT-AP's, not the project's.
# What the publisher actually writes is checked through the Python code below.
THIRD_PARTY = ("shapes/dcat-ap/",)
SPARQL_TEXT = (SH.select, SH.ask, SH.construct, SH.update)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _files(patterns: list[str]) -> list[Path]:
    found = {p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()}
    return sorted(p for p in found if not _rel(p).startswith(THIRD_PARTY))


TTL_FILES = _files(["shapes/**/*.ttl", "queries/**/*.ttl", "tests/fixtures/**/*.ttl",
                    "tests/sources/**/expected*.ttl", "ontology/**/*.ttl"])
RQ_FILES = _files(["queries/**/*.rq", "shapes/**/*.rq"])
PY_FILES = _files(["pipeline/puentes/**/*.py"])


@lru_cache(maxsize=1)
def _declared() -> frozenset[str]:
    g = load_model_graph()
    labelled = set(g.subjects(RDFS.label)) | set(g.subjects(SKOS.prefLabel))
    return frozenset(str(s) for s in g.subjects(RDF.type) if s in labelled)


def _checked(iri: str) -> bool:
    # A bare namespace IRI (``pu:`` alone) names no term.
    return (iri.startswith(tuple(CHECKED_NS)) and iri not in CHECKED_NS
            and not iri.startswith(GENERATED_NS))


def _undeclared(used: dict[str, int | None], local: frozenset[str] = frozenset()) -> list[str]:
    declared = _declared()
    return sorted(i for i in used if _checked(i) and i not in declared and i not in local)


@cache
def _typed_in(paths: tuple[Path, ...]) -> frozenset[str]:
    g = Graph()
    for path in paths:
        g.parse(path)
    return frozenset(str(s) for s in g.subjects(RDF.type) if isinstance(s, URIRef))


def _local_declarations(path: Path) -> frozenset[str]:
    """Made-up terms a test data file declares itself (typed in it), e.g. a concept without a
    scheme that a shape must reject. The examples of shapes/tests/ count as one group, since
    the manifest names the nodes of the example files."""
    rel = _rel(path)
    if rel.startswith("shapes/tests/"):
        return _typed_in(tuple(sorted(path.parent.glob("*.ttl"))))
    if rel.startswith("tests/"):
        return _typed_in((path,))
    return frozenset()


def _report(path: Path, undeclared: list[str], used: dict[str, int | None]) -> str:
    lines = [f"{_rel(path)} uses {len(undeclared)} term(s) not declared in ontology/:"]
    for iri in undeclared:
        where = f" (line {used[iri]})" if used.get(iri) else ""
        lines.append(f"  {_shorten(iri)}{where}")
    lines.append("Declare own terms in ontology/puentes.ttl or ontology/schemes/, reused ones in "
                 "ontology/imports/ (with rdfs:label and rdfs:isDefinedBy), or fix the name.")
    return "\n".join(lines)


def _shorten(iri: str) -> str:
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(p for p, n in PREFIXES.items() if n == best)
    return f"{prefix}:{iri[len(best):]}"


# --- SPARQL text -----------------------------------------------------------------------------
# One left-to-right scan, so that IRIs, strings and comments are consumed whole and a "#" in
# an IRI or a "pu:x" inside a string literal is not taken for a comment or a term.
_PN_CHAR = r"(?:[\w\-:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_SPARQL_TOKEN = re.compile(
    r"(?P<iri><[^<>\"{}|^`\\\s]*>)"
    r"|(?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''"
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<comment>\#[^\n]*)"
    r"|(?P<decl>\bPREFIX\s+(?P<dprefix>[A-Za-z][\w.\-]*)?:\s*<(?P<diri>[^>\s]*)>)"
    r"|(?<![\w?$.\-:])(?P<prefix>[A-Za-z][\w\-]*(?:\.[\w\-]+)*)?:"
    rf"(?P<local>{_PN_CHAR}(?:(?:{_PN_CHAR}|\.)*{_PN_CHAR})?)?",
    re.IGNORECASE,
)
_UNESCAPE = re.compile(r"\\(.)")


def terms_in_sparql(text: str, prefixes: dict[str, str] | None = None,
                    first_line: int = 1) -> tuple[dict[str, int], set[str]]:
    """The IRIs a SPARQL text mentions (full or prefixed) with the line of first use, and the
    prefixes it uses without knowing them.

    Prefixes declared in the text win over ``prefixes`` (by default the project's).

    >>> terms_in_sparql('SELECT * { ?x pu:agent ?a }')[0]
    {'https://w3id.org/puentes/ontology#agent': 1}
    """
    known = dict(PREFIXES if prefixes is None else prefixes)
    used: dict[str, int] = {}
    unknown: set[str] = set()
    for m in _SPARQL_TOKEN.finditer(text):
        line = first_line + text.count("\n", 0, m.start())
        if m.group("decl"):
            known[m.group("dprefix") or ""] = m.group("diri")
        elif m.group("iri"):
            used.setdefault(m.group("iri")[1:-1], line)
        elif m.group("local") is not None or m.group("prefix"):
            prefix = m.group("prefix") or ""
            if prefix not in known:
                unknown.add(prefix)
                continue
            local = _UNESCAPE.sub(r"\1", m.group("local") or "")
            used.setdefault(known[prefix] + local, line)
    return used, unknown


# --- Turtle files ----------------------------------------------------------------------------
def _line_of(text: str, iri: str, prefixes: dict[str, str]) -> int | None:
    needles = [f"<{iri}>"] + [f"{p}:{iri[len(n):]}" for p, n in prefixes.items()
                              if iri.startswith(n) and iri != n]
    needles += [n.replace("/", "\\/") for n in needles]
    for number, line in enumerate(text.splitlines(), start=1):
        if any(n in line for n in needles):
            return number
    return None


def _terms_in_turtle(path: Path) -> tuple[dict[str, int | None], set[str]]:
    text = path.read_text(encoding="utf-8")
    g = Graph().parse(data=text, format="turtle")
    file_prefixes = {p: str(n) for p, n in g.namespaces()}
    file_prefixes.update(PREFIXES)
    used: dict[str, int | None] = {}
    for triple in g:
        for term in triple:
            if isinstance(term, URIRef) and _checked(str(term)):
                used.setdefault(str(term), None)
    unknown: set[str] = set()
    # SPARQL inside the graph: sh:select etc. of saved queries and SPARQL-based constraints.
    # Their prefixes come from sh:declare (reached through sh:prefixes) or the project's list.
    declared_prefixes = dict(PREFIXES)
    for decl in g.objects(None, SH.declare):
        prefix, namespace = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
        if prefix is not None and namespace is not None:
            declared_prefixes[str(prefix)] = str(namespace)
    for pred in SPARQL_TEXT:
        for query in g.objects(None, pred):
            start = text.find(str(query)[:40].split("\n")[0])
            first_line = text.count("\n", 0, start) + 1 if start >= 0 else 1
            q_used, q_unknown = terms_in_sparql(str(query), declared_prefixes, first_line)
            unknown |= q_unknown
            for iri, line in q_used.items():
                used.setdefault(iri, line)
    for iri, line in used.items():
        if line is None and _checked(iri):
            used[iri] = _line_of(text, iri, file_prefixes)
    return used, unknown


# --- Python code -----------------------------------------------------------------------------
def _python_namespaces() -> dict[str, str]:
    """Name → namespace for the namespace objects puentes code uses (PU, SCHEMA, DCAT, …)."""
    import rdflib.namespace as rdflib_ns

    names: dict[str, str] = {}
    for module in (rdflib_ns, ns_module):
        for name, value in vars(module).items():
            if not name.isupper() or name.startswith("_"):
                continue
            # rdflib's closed vocabularies (DefinedNamespace) keep their IRI in _NS.
            base = value if isinstance(value, str) else getattr(value, "_NS", None)
            if base is not None and str(base).startswith("http"):
                names[name] = str(base)
    return names


_PY_TERM = re.compile(r"\b([A-Z][A-Z_0-9]*)(?:\.([A-Za-z_]\w*)\b(?!\s*\()|\[\"([^\"]+)\"\])")
_PY_CONCEPT = re.compile(r"\bconcept\(\s*\"([a-z0-9-]+)\"\s*,\s*\"([a-z0-9-]+)\"\s*\)")


def terms_in_python(text: str) -> dict[str, int]:
    """Terms named in Python code as ``NS.local``, ``NS["local"]`` or ``concept("s", "c")``."""
    namespaces = _python_namespaces()
    used: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for name, attr, key in _PY_TERM.findall(line):
            if name in namespaces:
                used.setdefault(namespaces[name] + (attr or key), number)
        for scheme, slug in _PY_CONCEPT.findall(line):
            used.setdefault(f"{PSC}{scheme}/{slug}", number)
    return used


# --- the tests -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", TTL_FILES, ids=_rel)
def test_terms_in_turtle_are_declared(path: Path):
    used, unknown = _terms_in_turtle(path)
    assert not unknown, f"{_rel(path)}: SPARQL text uses unknown prefixes {sorted(unknown)}; " \
        "declare them in the query or in puentes.namespaces.PREFIXES"
    undeclared = _undeclared(used, _local_declarations(path))
    assert not undeclared, _report(path, undeclared, used)


@pytest.mark.parametrize("path", RQ_FILES, ids=_rel)
def test_terms_in_sparql_files_are_declared(path: Path):
    used, unknown = terms_in_sparql(path.read_text(encoding="utf-8"))
    assert not unknown, f"{_rel(path)}: unknown prefixes {sorted(unknown)}; declare them " \
        "with PREFIX or use one of puentes.namespaces.PREFIXES"
    undeclared = _undeclared(used)
    assert not undeclared, _report(path, undeclared, used)


@pytest.mark.parametrize("path", PY_FILES, ids=_rel)
def test_terms_in_python_code_are_declared(path: Path):
    used = terms_in_python(path.read_text(encoding="utf-8"))
    undeclared = _undeclared(used)
    assert not undeclared, _report(path, undeclared, used)


def test_files_are_found():
    assert {"shapes", "queries", "ontology", "tests"} <= {_rel(p).split("/")[0] for p in TTL_FILES}
    assert RQ_FILES and PY_FILES


def test_sparql_scan_finds_prefixed_and_full_iris_and_skips_strings_and_comments():
    text = ('PREFIX ex: <http://example.org/>\n'
            'SELECT ?x WHERE { # pu:inAComment\n'
            '  ?x pu:madeUpProperty role:lead ; a org:Nope , <http://schema.org/Thing> .\n'
            '  ?x ex:p psc:role\\/peer-learner . FILTER(?y != "pu:inAString")\n'
            '  ?x <https://w3id.org/puentes/ontology#agent> ?z }')
    used, unknown = terms_in_sparql(text)
    assert unknown == set()
    assert used == {
        str(PU.madeUpProperty): 3, str(PSC) + "role/lead": 3, PREFIXES["org"] + "Nope": 3,
        "http://schema.org/Thing": 3, "http://example.org/p": 4,
        str(PSC) + "role/peer-learner": 4, str(PU.agent): 5}
    assert _undeclared(used) == sorted([str(PU.madeUpProperty), PREFIXES["org"] + "Nope",
                                        "http://schema.org/Thing"])


def test_sparql_scan_reports_unknown_prefixes():
    assert terms_in_sparql("SELECT * { ?s nope:p ?o }")[1] == {"nope"}


def test_turtle_scan_reports_undeclared_terms_with_their_line(tmp_path: Path):
    f = tmp_path / "x.ttl"
    f.write_text("@prefix pu: <https://w3id.org/puentes/ontology#> .\n"
                 "@prefix psc: <https://w3id.org/puentes/scheme/> .\n"
                 "<http://example.org/a> a pu:Initiative ;\n"
                 "  pu:role psc:role\\/not-a-role , psc:good\\/anything .\n")
    used, _ = _terms_in_turtle(f)
    assert _undeclared(used) == [str(PSC) + "role/not-a-role"]
    assert used[str(PSC) + "role/not-a-role"] == 4


def test_python_scan_finds_namespace_terms_and_concepts():
    used = terms_in_python('g.add((s, PU.agent, concept("role", "nobody")))\n'
                           'g.add((s, SCHEMA["startDate"], PU.term("x")))\n')
    assert used == {str(PU.agent): 1, str(PSC) + "role/nobody": 1,
                    "http://schema.org/startDate": 2}
    assert _undeclared(used) == [str(PSC) + "role/nobody"]
