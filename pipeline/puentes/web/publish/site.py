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

from puentes.ingest.catalogue import load_catalogue
from puentes.model import load_model_graph
from puentes.namespaces import BASE, bind_prefixes
from puentes.paths import ontology_dir
from puentes.store import GraphStore
from puentes.web.plot.kinds import Context as PictureContext
from puentes.web.plot.kinds import built_date
from puentes.web.publish.atomic import atomic_folder
from puentes.web.publish.dcat import describe as describe_dataset
from puentes.web.publish.dcat import schema_org_dataset
from puentes.web.publish.dumps import Dump, write_dumps, write_graph_dumps, write_jsonld
from puentes.web.publish.pages import (
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
from puentes.web.publish.pictures import overview_html, resource_pictures

RECIPES = Path(__file__).parents[1] / "recipes"
STATIC_SITE = Path(__file__).parents[1] / "static" / "site"
#: resource documents: extension → Oxigraph format
DOC_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD,
               ".nt": ox.RdfFormat.N_TRIPLES}


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
            endpoint_url: str | None = None, ontology_docs: bool = True, force: bool = False,
            contact: str | None = None, quality_dir: Path | None = None) -> PublishResult:
    """Write the site into ``out_dir`` atomically and return what was written.

    ``out_dir`` is replaced only if an earlier publish wrote it (or it is empty, or ``force``);
    ``quality_dir`` holds the build's data-quality report (default: beside the store)."""
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    if not store.source_ids():
        from puentes.errors import StoreError

        raise StoreError("the store is empty: nothing to publish", "run `puentes build` first")
    if quality_dir is None and store.path is not None:
        quality_dir = store.path.parent / "quality"
    with atomic_folder(Path(out_dir), force=force) as work:
        t = time.perf_counter()
        dumps = write_dumps(store, work / "dumps")
        graph_dumps = write_graph_dumps(store, work / "dumps" / "graphs")
        quality = _quality(quality_dir, work / "quality")
        timings["dumps"] = time.perf_counter() - t
        t = time.perf_counter()
        catalog = describe_dataset(store, load_catalogue(), dumps, base_url,
                                   endpoint_url or base_url.rstrip("/") + "/sparql",
                                   graph_dumps=graph_dumps, quality=quality, contact=contact)
        catalog.serialize(work / "catalog.ttl", format="turtle")
        write_jsonld(catalog, work / "catalog.jsonld")
        wk = work / ".well-known"
        wk.mkdir()
        catalog.serialize(wk / "void", format="turtle")
        timings["catalog"] = time.perf_counter() - t
        t = time.perf_counter()
        idx = build_index(store)
        resources = idx.resources()
        pictures = PictureContext(store=store, lang=lang, built=built_date(store))
        for iri in resources:
            path = work / f"{doc_path(iri)}"
            path.parent.mkdir(parents=True, exist_ok=True)
            pictures.root = "../" * doc_path(iri).count("/")
            path.with_name(path.name + ".html").write_text(
                render_html(idx, iri, lang, pictures=resource_pictures(pictures, idx, iri)),
                encoding="utf-8")
            triples = describe(store, iri)
            for ext, fmt in DOC_FORMATS.items():
                path.with_name(path.name + ext).write_bytes(serialize(triples, fmt))
        timings["pages"] = time.perf_counter() - t
        t = time.perf_counter()
        for rel, html in class_pages(idx, lang, "../").items():
            _write(work / rel, html)
        html, rdf = queries_page(store, lang, "../")
        _write(work / "queries" / "index.html", html)
        rdf.serialize(work / "queries" / "queries.ttl", format="turtle")
        pictures.root = ""
        _write(work / "overview.html",
               overview_html(pictures, static_root="static/site/", home="index.html"))
        _ontology(work, ontology_docs, lang)
        _home(work, lang, dumps, len(resources), catalog, quality)
        _sitemap(work, base_url, resources)
        shutil.copytree(STATIC_SITE, work / "static" / "site")
        shutil.copy(RECIPES / "htaccess", work / ".htaccess")
        timings["indexes and ontology"] = time.perf_counter() - t
        files = sum(1 for p in work.rglob("*") if p.is_file())
        for d in dumps:  # the folder is renamed: point at where the files will live
            d.path = Path(out_dir).resolve() / d.path.relative_to(work)
    return PublishResult(Path(out_dir), len(resources), dumps, time.perf_counter() - t0,
                         files, timings)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def render_list(root: str, lang: str, title: str, sections: list, intro: str = "",
                jsonld: str | None = None) -> str:
    """A page of sections (links, tables, code) in the site's frame."""
    return environment().get_template("list.html").render(
        lang=lang, t=TEXT.get(lang, TEXT["en"]), root=root, title=title, sections=sections,
        intro=intro, jsonld=jsonld)


def class_pages(idx: GraphIndex, lang: str, root: str) -> dict[str, str]:
    """The index of classes and one page per class listing its members, by path
    (``classes/index.html``, ``classes/<name>.html``); ``root`` leads to the site root."""
    members: dict[str, list[str]] = defaultdict(list)
    for iri in idx.resources():
        for p, o in idx.out[iri]:
            if p == RDF_TYPE and isinstance(o, ox.NamedNode):
                members[o.value].append(iri)
    items, pages = [], {}
    for cls, iris in sorted(members.items(), key=lambda kv: idx.label(kv[0], lang)):
        name = class_page_name(cls)
        items.append({"href": f"{name}.html", "text": idx.label(cls, lang),
                      "note": f"({len(iris)})"})
        pages[f"classes/{name}.html"] = render_list(root, lang, idx.label(cls, lang), [
            {"links": [{"href": f"{root}{doc_path(i)}.html", "text": idx.label(i, lang)}
                       for i in sorted(iris, key=lambda i: idx.label(i, lang))]}])
    pages["classes/index.html"] = render_list(root, lang, TEXT.get(lang, TEXT["en"])["browse"],
                                              [{"links": items}])
    return pages


def class_page_name(cls: str) -> str:
    """``org:Membership`` → ``www-w3-org-Membership`` (host and local name)."""
    slug = cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    prefix = cls.split("://", 1)[-1].split("/", 1)[0].replace(".", "-")
    return f"{prefix}-{slug}"


def queries_page(store: GraphStore, lang: str, root: str) -> tuple[str, Graph]:
    """The saved questions with their answers (HTML), and the questions as RDF."""
    from puentes.query import labels, run_saved_query, saved_queries

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
                    href = (f"{root}{doc_path(term.value)}.html"
                            if term.value.startswith(BASE) else term.value)
                    cells.append({"text": names.get(term.value, term.value), "href": href})
                else:
                    cells.append({"text": term.value if term is not None else ""})
            rows.append(cells)
        sections.append({"title": f"{q.number} {q.title(lang)}", "anchor": q.number,
                         "text": f"{q.question(lang)} — {len(result.rows)} row(s)",
                         "code": q.text,
                         "table": {"header": result.variables, "rows": rows}})
    title = TEXT.get(lang, TEXT["en"])["questions"]
    return render_list(root, lang, title, sections), rdf


def _quality(quality_dir: Path | None, target: Path) -> Path | None:
    """Copy the build's data-quality report (quality.ttl/html/md) into the site."""
    if quality_dir is None or not (quality_dir / "quality.ttl").is_file():
        return None
    target.mkdir(parents=True, exist_ok=True)
    for name in ("quality.ttl", "quality.md"):
        if (quality_dir / name).is_file():
            shutil.copy(quality_dir / name, target / name)
    if (quality_dir / "quality.html").is_file():  # in the site's frame: its header, no favicon
        html = (quality_dir / "quality.html").read_text(encoding="utf-8")
        html = html.replace("<head>", '<head><link rel="icon" href="data:,">'
                            '<link rel="stylesheet" href="../static/site/site.css">', 1)
        html = html.replace("<body>", '<body><header><a href="../index.html">puentes</a> · '
                            '<a href="quality.ttl">DQV (Turtle)</a></header>', 1)
        (target / "quality.html").write_text(html, encoding="utf-8")
    return target


def _ontology(work: Path, with_docs: bool, lang: str) -> None:
    folder = work / "ontology"
    folder.mkdir(parents=True, exist_ok=True)
    model = load_model_graph()
    g = Graph()
    bind_prefixes(g)
    g += model
    g.serialize(folder / "puentes.ttl", format="turtle")
    g.serialize(folder / "puentes.rdf", format="xml")
    write_jsonld(g, folder / "puentes.jsonld")
    shutil.copytree(ontology_dir() / "schemes", folder / "schemes")
    shapes = folder.parent / "shapes"
    shutil.copytree(Path(ontology_dir()).parent / "shapes", shapes,
                    ignore=shutil.ignore_patterns("tests"))
    _shapes_page(shapes / "index.html")
    if with_docs:
        from puentes.web.publish.ontology_docs import write

        write(folder, lang)
    else:  # the header links to ontology/index.html: say where the model is instead
        _write(folder / "index.html", render_list("../", lang, "puentes ontology", [
            {"links": [{"href": n, "text": n} for n in
                       ("puentes.ttl", "puentes.rdf", "puentes.jsonld")]}]))


def _shapes_page(path: Path) -> None:
    """The SHACL shapes as a page a data steward reads: per shape its target, and per rule
    its name, description, severity and message (in English; the shapes have es and fr too)."""
    from rdflib.namespace import RDFS, SH

    from puentes.check.shapes import load_shapes_graph, text
    from puentes.namespaces import curie

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
    _write(path, render_list("../", "en", "SHACL shapes", sections,
                             intro="The rules every graph is checked against before it is "
                                   "loaded or published (shapes/*.ttl)."))


def _home(work: Path, lang: str, dumps: list[Dump], n: int, catalog: Graph,
          quality: Path | None) -> None:
    sections = [
        {"title": "Data", "links": [{"href": f"dumps/{d.path.name}", "text": d.path.name,
                                     "note": f"{d.byte_size:,} bytes, sha256 {d.sha256[:12]}…"}
                                    for d in dumps]
         + [{"href": "dumps/SHA256SUMS", "text": "SHA256SUMS"},
            {"href": "context.jsonld", "text": "JSON-LD @context"}]},
        {"title": "Description", "links": [
            {"href": "catalog.ttl", "text": "DCAT and VoID (Turtle)"},
            {"href": "catalog.jsonld", "text": "DCAT and VoID (JSON-LD)"}]
         + ([{"href": "quality/quality.html", "text": "Data-quality report"},
             {"href": "quality/quality.ttl", "text": "Data-quality measurements (DQV)"}]
            if quality else [])},
        {"title": "Browse", "links": [{"href": "overview.html",
                                       "text": "Overview: maps, flows, timelines"},
                                      {"href": "classes/index.html",
                                       "text": f"{n:,} resources by class"},
                                      {"href": "queries/index.html", "text": "Saved questions"},
                                      {"href": "ontology/index.html", "text": "Ontology"},
                                      {"href": "shapes/index.html", "text": "SHACL shapes"}]},
    ]
    _write(work / "index.html", render_list(
        "", lang, "puentes", sections,
        intro="Linked open data on regional and interregional cooperation against child "
              "labour.", jsonld=schema_org_dataset(catalog)))


def _sitemap(work: Path, base_url: str, resources: list[str]) -> None:
    base_url = base_url.rstrip("/") + "/"
    urls = [f"{base_url}index.html", f"{base_url}overview.html",
            f"{base_url}classes/index.html",
            f"{base_url}queries/index.html"] + [f"{base_url}{doc_path(i)}.html"
                                                for i in resources]
    body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    (work / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n",
        encoding="utf-8")
