"""`puentes publish`: dumps that independent parsers read, a DCAT/VoID description that
passes the DCAT-AP 3 shapes, one page per resource, and an atomic swap of the folder."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyshacl import validate
from rdflib import Dataset, Graph

from puentes.cli import cli
from puentes.paths import project_root
from puentes.store import GraphStore, store_from_files
from puentes.web.publish import publish
from puentes.web.publish.dcat import load_dcat_ap_shapes

ROOT = project_root()
FIXTURE = ROOT / "tests" / "fixtures" / "example-graph.ttl"


pytestmark = pytest.mark.slow  # publishes a whole site (dumps, pages, ontology docs)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = store_from_files([FIXTURE])
    out = tmp_path_factory.mktemp("pub") / "dist"
    result = publish(store, out, ontology_docs=True)
    return store, out, result


def test_dumps_parse_with_rdflib_and_agree_with_the_store(site):
    store, out, result = site
    quads = store.count()
    for d in result.dumps:
        data = gzip.decompress(d.path.read_bytes())
        fmt = {"trig": "trig", "nq": "nquads", "nt": "nt", "ttl": "turtle",
               "jsonld": "json-ld"}[d.name]
        if d.name in ("trig", "nq"):
            ds = Dataset()
            ds.parse(data=data, format=fmt)
            assert len(list(ds.quads((None, None, None, None)))) == quads, d.name
        else:
            g = Graph().parse(data=data, format=fmt)
            assert len(g) == d.triples_or_quads, d.name


@pytest.mark.parametrize("tool,args", [("rapper", ["-i", "ntriples", "-c"]),
                                       ("serdi", ["-i", "ntriples", "-o", "ntriples"])])
def test_dumps_parse_with_an_independent_parser(site, tool, args, tmp_path):
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed (scripts/install-system-deps.sh installs it)")
    _store, out, result = site
    nt = next(d for d in result.dumps if d.name == "nt")
    raw = tmp_path / "puentes.nt"
    raw.write_bytes(gzip.decompress(nt.path.read_bytes()))
    proc = subprocess.run([tool, *args, str(raw)] + (["http://example.org/"] if tool == "rapper"
                                                      else []),
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    if tool == "rapper":
        assert f"returned {nt.triples_or_quads} triples" in proc.stderr
    else:
        assert proc.stdout.count("\n") == nt.triples_or_quads


def test_checksums_and_sizes_match(site):
    _store, out, result = site
    sums = dict(line.split("  ")[::-1] for line in
                (out / "dumps" / "SHA256SUMS").read_text().splitlines())
    for d in result.dumps:
        raw = d.path.read_bytes()
        assert hashlib.sha256(raw).hexdigest() == sums[d.path.name] == d.sha256
        assert len(raw) == d.byte_size


def test_dcat_description_passes_the_dcat_ap_3_shapes(site):
    _store, out, _result = site
    data = Graph().parse(out / "catalog.ttl")
    shapes = load_dcat_ap_shapes(ROOT / "shapes" / "dcat-ap" / "dcat-ap-3.0.1-SHACL.ttl")
    conforms, _graph, text = validate(data, shacl_graph=shapes, inference="none",
                                      allow_warnings=True)
    assert conforms, text
    void = Graph().parse(out / ".well-known" / "void", format="turtle")
    assert len(void) == len(data)


def test_a_page_in_three_forms_for_every_resource(site):
    store, out, result = site
    assert result.resources > 50
    page = out / "id" / "organization" / "example-body"
    html = page.with_suffix(".html").read_text()
    assert "Example Regional Body" in html
    # grouped sections: the members over time and the instruments (each listed once)
    assert '<h2 id="members">Members over time</h2>' in html
    assert '<h2 id="instruments">Instruments</h2>' in html
    text = __import__("re").sub(r"<svg.*?</svg>", "", html, flags=__import__("re").S)
    assert text.count('href="../../id/country/AAA.html"') == 1  # not again under "referred to"
    assert "example-roadmap.html" in html  # an instrument, by its label's page
    for lang, word in (("es", "Miembros a lo largo del tiempo"), ("fr", "Membres au fil du")):
        assert word in page.with_name(f"example-body.{lang}.html").read_text()
    assert "Example Regional Body" in (out / "search-index.json").read_text()
    ttl = Graph().parse(page.with_suffix(".ttl"))
    assert len(ttl) == len(list(store.store.quads_for_pattern(
        __import__("pyoxigraph").NamedNode("https://w3id.org/puentes/id/organization/example-body"),
        None, None, None)))
    assert len(Graph().parse(page.with_suffix(".jsonld"), format="json-ld")) == len(ttl)
    sitemap = (out / "sitemap.xml").read_text()
    assert "id/organization/example-body.html" in sitemap
    assert (out / "classes" / "index.html").is_file()
    assert "Roadmaps and action plans" in (out / "queries" / "index.html").read_text()
    assert "Triangular initiative partners" in (out / "shapes" / "index.html").read_text()
    assert len(Graph().parse(page.with_suffix(".nt"), format="nt")) == len(ttl)
    for name in ("puentes.ttl", "puentes.rdf", "puentes.jsonld", "index.html", "es.html"):
        assert (out / "ontology" / name).stat().st_size > 1000


def test_a_failed_publish_leaves_the_previous_site(site, tmp_path):
    _store, out, _result = site
    target = tmp_path / "dist"
    shutil.copytree(out, target)
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    broken = GraphStore.in_memory()
    # a resource whose page name is longer than any file system allows: a real OSError
    long_iri = "https://w3id.org/puentes/id/initiative/" + "x" * 300
    broken.store.add(__import__("pyoxigraph").Quad(
        __import__("pyoxigraph").NamedNode(long_iri),
        __import__("pyoxigraph").NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        __import__("pyoxigraph").Literal("too long"),
        __import__("pyoxigraph").NamedNode("https://w3id.org/puentes/graph/x")))
    with pytest.raises(OSError):
        publish(broken, target, ontology_docs=False)
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dist.new-")]


def test_cli_publish_needs_a_built_store(tmp_path: Path):
    result = CliRunner().invoke(cli, ["publish", "--store", str(tmp_path / "none"),
                                      "--to", str(tmp_path / "d")])
    assert result.exit_code == 2 and "puentes build" in result.output


def test_ontology_documented_in_each_language_with_every_term(site):
    """One pyLODE page per language (not "paíscountrypays"), documenting every class and
    property of every ontology file, usdol-terms.ttl and statistics.ttl included."""
    import re

    from rdflib.namespace import OWL, RDF, RDFS

    from puentes.web.publish.ontology_docs import ontology_files

    _store, out, _result = site
    terms, labels = set(), {}
    for path in ontology_files():
        g = Graph().parse(path)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property,
                     OWL.AnnotationProperty):
            for term in g.subjects(RDF.type, kind):
                if str(term).startswith("https://w3id.org/puentes/ontology#"):
                    terms.add(str(term).rsplit("#", 1)[1])
        for s, o in g.subject_objects(RDFS.label):
            labels.setdefault(str(s), {})[o.language] = str(o)
    assert "inputProducedIn" in terms  # from usdol-terms.ttl
    country = labels["https://w3id.org/puentes/ontology#Country"]
    for lang in ("en", "es", "fr"):
        html = (out / "ontology" / f"{lang}.html").read_text()
        assert f'<html lang="{lang}">' in html
        # each term's section shows its IRI (pyLODE's anchors come from the labels)
        shown = set(re.findall(r"https://w3id\.org/puentes/ontology#([\w-]+)", html))
        missing = terms - shown
        assert not missing, (lang, sorted(missing))
        text = re.sub(r"<[^>]+>", " ", html)
        assert country[lang] in text
        for other in {"en", "es", "fr"} - {lang}:
            assert country[other] + country[lang] not in text.replace(" ", "")
            assert f">{country[other]}<" not in html, (lang, other)
    assert (out / "ontology" / "index.html").read_text() == \
        (out / "ontology" / "en.html").read_text()


def test_labels_compose_memberships_sources_and_observations():
    from puentes.web.pages import build_index

    store = store_from_files([FIXTURE])
    idx = build_index(store)
    m = "https://w3id.org/puentes/id/membership/example-body--EEE"
    assert idx.label(m, "en") == "Eland in Example Regional Body (member state, 2000–2010)"
    assert idx.label(m, "fr").startswith("Eland dans ")
    assert idx.label("https://w3id.org/puentes/id/source/example-0001", "en") == "Example report"
    obs = [s for s in idx.resources() if "/observation/" in s]
    assert obs, "the fixture has statistical observations"
    text = idx.label(obs[0], "en")
    assert not text.startswith("pid:") and ": " in text and any(c.isdigit() for c in text)
