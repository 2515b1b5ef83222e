"""``publish``: the whole static linked-data site, written atomically."""

from __future__ import annotations

import shutil
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..catalogue import load_catalogue
from ..model import load_model_graph
from ..namespaces import BASE, bind_prefixes
from ..paths import ontology_dir
from ..store import GraphStore
from .atomic import atomic_folder
from .dcat import describe as describe_dataset
from .dumps import Dump, write_dumps
from .pages import (
    RDF_TYPE,
    TEXT,
    GraphIndex,
    build_index,
    describe,
    doc_path,
    environment,
    render_html,
    serialize,
)

HTACCESS = """# Apache: content negotiation for the puentes linked-data site
# (see docs/publishing.md).
Options -MultiViews
AddType text/turtle .ttl
AddType application/ld+json .jsonld
RewriteEngine On
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.*)$ $1.ttl [R=303,L]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteCond %{REQUEST_FILENAME}.jsonld -f
RewriteRule ^(.*)$ $1.jsonld [R=303,L]
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.*)$ $1.html [R=303,L]
"""


@dataclass
class PublishResult:
    """What a publish wrote."""

    folder: Path
    resources: int
    dumps: list[Dump]
    seconds: float
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def publish(store: GraphStore, out_dir: Path, *, base_url: str = BASE, lang: str = "en",
            endpoint_url: str | None = None, ontology_docs: bool = True) -> PublishResult:
    """Write the site into ``out_dir`` atomically and return what was written."""
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    if not store.graphs():
        from ..errors import StoreError

        raise StoreError("the store is empty: nothing to publish", "run `puentes build` first")
    with atomic_folder(Path(out_dir)) as work:
        t = time.perf_counter()
        dumps = write_dumps(store, work / "dumps")
        timings["dumps"] = time.perf_counter() - t
        t = time.perf_counter()
        catalog = describe_dataset(store, load_catalogue(), dumps, base_url,
                                   endpoint_url or base_url.rstrip("/") + "/sparql")
        catalog.serialize(work / "catalog.ttl", format="turtle")
        catalog.serialize(work / "catalog.jsonld", format="json-ld")
        wk = work / ".well-known"
        wk.mkdir()
        catalog.serialize(wk / "void", format="turtle")
        timings["catalog"] = time.perf_counter() - t
        t = time.perf_counter()
        idx = build_index(store)
        resources = idx.resources()
        for iri in resources:
            path = work / f"{doc_path(iri)}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.with_name(path.name + ".html").write_text(render_html(idx, iri, lang),
                                                          encoding="utf-8")
            triples = describe(store, iri)
            path.with_name(path.name + ".ttl").write_bytes(
                serialize(triples, ox.RdfFormat.TURTLE))
            path.with_name(path.name + ".jsonld").write_bytes(
                serialize(triples, ox.RdfFormat.JSON_LD))
        timings["pages"] = time.perf_counter() - t
        t = time.perf_counter()
        _class_pages(idx, work, lang)
        _queries_page(store, work, lang)
        _ontology(work, ontology_docs)
        _home(work, lang, dumps, len(resources))
        _sitemap(work, base_url, resources)
        (work / "static").mkdir(exist_ok=True)
        shutil.copy(Path(__file__).parents[1] / "static" / "site" / "site.css",
                    work / "static" / "site.css")
        (work / ".htaccess").write_text(HTACCESS, encoding="utf-8")
        timings["indexes and ontology"] = time.perf_counter() - t
        files = sum(1 for p in work.rglob("*") if p.is_file())
        for d in dumps:  # the folder is renamed: point at where the files will live
            d.path = Path(out_dir).resolve() / d.path.relative_to(work)
    return PublishResult(Path(out_dir), len(resources), dumps, time.perf_counter() - t0,
                         files, timings)


def _render_list(path: Path, root: str, lang: str, title: str, sections: list,
                 intro: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(environment().get_template("list.html").render(
        lang=lang, t=TEXT.get(lang, TEXT["en"]), root=root, title=title, sections=sections,
        intro=intro), encoding="utf-8")


def _class_pages(idx: GraphIndex, work: Path, lang: str) -> None:
    members: dict[str, list[str]] = defaultdict(list)
    for iri in idx.resources():
        for p, o in idx.out[iri]:
            if p == RDF_TYPE and isinstance(o, ox.NamedNode):
                members[o.value].append(iri)
    items = []
    for cls, iris in sorted(members.items(), key=lambda kv: idx.label(kv[0], lang)):
        slug = cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        prefix = cls.split("://", 1)[-1].split("/", 1)[0].replace(".", "-")
        name = f"{prefix}-{slug}"
        items.append({"href": f"{name}.html", "text": idx.label(cls, lang),
                      "note": f"({len(iris)})"})
        _render_list(work / "classes" / f"{name}.html", "../", lang, idx.label(cls, lang), [
            {"links": [{"href": f"../{doc_path(i)}.html", "text": idx.label(i, lang)}
                       for i in sorted(iris, key=lambda i: idx.label(i, lang))]}])
    _render_list(work / "classes" / "index.html", "../", lang, "puentes", [{"links": items}])


def _queries_page(store: GraphStore, work: Path, lang: str) -> None:
    from ..query import labels, run_saved_query, saved_queries

    sections, rdf = [], Graph()
    bind_prefixes(rdf)
    for q in saved_queries():
        rdf.parse(q.path, format="turtle")
        try:
            result = run_saved_query(q, store=store)
        except Exception as err:  # noqa: BLE001 - a required parameter: show the question only
            sections.append({"title": f"{q.number} {q.title(lang)}", "anchor": q.number,
                             "text": f"{q.question(lang)} ({err})", "code": q.text})
            continue
        names = labels(result, lang, store=store)
        rows = []
        for r in result.rows[:100]:
            cells = []
            for v in result.variables:
                term = r[v]
                if isinstance(term, ox.NamedNode):
                    href = (f"../{doc_path(term.value)}.html"
                            if term.value.startswith(BASE) else term.value)
                    cells.append({"text": names.get(term.value, term.value), "href": href})
                else:
                    cells.append({"text": term.value if term is not None else ""})
            rows.append(cells)
        sections.append({"title": f"{q.number} {q.title(lang)}", "anchor": q.number,
                         "text": f"{q.question(lang)} — {len(result.rows)} row(s)",
                         "code": q.text,
                         "table": {"header": result.variables, "rows": rows}})
    _render_list(work / "queries" / "index.html", "../", lang, "Questions", sections)
    rdf.serialize(work / "queries" / "queries.ttl", format="turtle")


def _ontology(work: Path, with_docs: bool) -> None:
    folder = work / "ontology"
    folder.mkdir(parents=True, exist_ok=True)
    model = load_model_graph()
    g = Graph()
    bind_prefixes(g)
    g += model
    g.serialize(folder / "puentes.ttl", format="turtle")
    g.serialize(folder / "puentes.rdf", format="xml")
    g.serialize(folder / "puentes.jsonld", format="json-ld")
    shutil.copytree(ontology_dir() / "schemes", folder / "schemes")
    shapes = folder.parent / "shapes"
    shutil.copytree(Path(ontology_dir()).parent / "shapes", shapes,
                    ignore=shutil.ignore_patterns("tests"))
    _shapes_page(shapes / "index.html")
    if with_docs:
        from pylode import OntPub

        OntPub(ontology=str(ontology_dir() / "puentes.ttl")).make_html(
            destination=folder / "index.html", include_css=True)


def _shapes_page(path: Path) -> None:
    """The SHACL shapes as a page a data steward reads: per shape its target, and per rule
    its name, description, severity and message (in English; the shapes have es and fr too)."""
    from rdflib.namespace import RDFS, SH

    from ..namespaces import curie
    from ..shapes import load_shapes_graph, text

    g = load_shapes_graph()
    sections = []
    targets = (SH.targetClass, SH.targetSubjectsOf)
    shapes = sorted({s for t in (*targets, SH.target) for s in g.subjects(t, None)}, key=str)
    for shape in shapes:
        # a SPARQL-based target says in words what it selects (its rdfs:comment)
        target = ", ".join([curie(str(o)) for t in targets for o in g.objects(shape, t)]
                           + [text(g, o, RDFS.comment) or "(SPARQL target)"
                              for o in g.objects(shape, SH.target)])
        severity = curie(str(g.value(shape, SH.severity) or SH.Violation))
        rows = []
        for rule in list(g.objects(shape, SH.property)) + list(g.objects(shape, SH.sparql)):
            prop = g.value(rule, SH.path)
            rows.append([{"text": text(g, rule, SH.name) or ""},
                         {"text": curie(str(prop)) if isinstance(prop, URIRef)
                          else "(SPARQL rule)" if prop is None else "(path)"},
                         {"text": curie(str(g.value(rule, SH.severity) or severity))},
                         {"text": text(g, rule, SH.description) or ""},
                         {"text": text(g, rule, SH.message) or ""}])
        sections.append({"title": text(g, shape, RDFS.label) or curie(str(shape)),
                         "anchor": str(shape).rsplit("#", 1)[-1],
                         "text": f"Applies to: {target}.",
                         "table": {"header": ["rule", "property", "severity", "what it checks",
                                              "what the steward reads"], "rows": rows}})
    _render_list(path, "../", "en", "SHACL shapes", sections,
                 intro="The rules every graph is checked against before it is loaded or "
                       "published (shapes/*.ttl).")


def _home(work: Path, lang: str, dumps: list[Dump], n: int) -> None:
    sections = [
        {"title": "Data", "links": [{"href": f"dumps/{d.path.name}", "text": d.path.name,
                                     "note": f"{d.byte_size:,} bytes, sha256 {d.sha256[:12]}…"}
                                    for d in dumps]
         + [{"href": "dumps/SHA256SUMS", "text": "SHA256SUMS"},
            {"href": "context.jsonld", "text": "JSON-LD @context"}]},
        {"title": "Description", "links": [
            {"href": "catalog.ttl", "text": "DCAT and VoID (Turtle)"},
            {"href": "catalog.jsonld", "text": "DCAT and VoID (JSON-LD)"}]},
        {"title": "Browse", "links": [{"href": "classes/index.html",
                                       "text": f"{n:,} resources by class"},
                                      {"href": "queries/index.html", "text": "Saved questions"},
                                      {"href": "ontology/index.html", "text": "Ontology"},
                                      {"href": "shapes/index.html", "text": "SHACL shapes"}]},
    ]
    _render_list(work / "index.html", "", lang, "puentes", sections,
                 intro="Linked open data on regional and interregional cooperation against "
                       "child labour.")


def _sitemap(work: Path, base_url: str, resources: list[str]) -> None:
    base_url = base_url.rstrip("/") + "/"
    urls = [f"{base_url}index.html", f"{base_url}classes/index.html",
            f"{base_url}queries/index.html"] + [f"{base_url}{doc_path(i)}.html"
                                                for i in resources]
    body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    (work / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n",
        encoding="utf-8")
