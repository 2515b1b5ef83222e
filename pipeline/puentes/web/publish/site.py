"""``publish``: the whole static linked-data site, written atomically."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from rdflib import Graph

from puentes.i18n import LANGS
from puentes.ingest.catalogue import load_catalogue
from puentes.model import load_model_graph
from puentes.namespaces import BASE, bind_prefixes, rebase
from puentes.paths import ontology_dir, queries_dir
from puentes.rdfio import parse_file
from puentes.store import GraphStore
from puentes.web import front
from puentes.web.links import DATA_FORMATS, localized
from puentes.web.pages import build_index, describe, doc_path, serialize
from puentes.web.pictures import resource_figures
from puentes.web.plot.kinds import Context as PictureContext
from puentes.web.plot.kinds import built_date
from puentes.web.publish.atomic import atomic_folder
from puentes.web.publish.dcat import describe as describe_dataset
from puentes.web.publish.dcat import schema_org_dataset
from puentes.web.publish.dumps import Dump, write_dumps, write_graph_dumps, write_jsonld
from puentes.web.search import entries, index_json
from puentes.web.sections import render_html

RECIPES = Path(__file__).parents[1] / "recipes"
STATIC_SITE = Path(__file__).parents[1] / "static" / "site"
#: resource documents: extension → Oxigraph format (one list: web.links.FORMATS)
DOC_FORMATS = DATA_FORMATS


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
            contact: str | None = None, quality_dir: Path | None = None,
            digests: dict[str, str] | None = None,
            catalog_hook: Callable[[Graph], object] | None = None,
            dumps_hook: Callable[[Path], object] | None = None) -> PublishResult:
    """Write the site into ``out_dir`` atomically and return what was written.

    ``out_dir`` is replaced only if an earlier publish wrote it (or it is empty, or ``force``);
    ``quality_dir`` holds the build's data-quality report (default: beside the store).
    ``digests``: filled with the SHA-256 of the files written from memory (the dumps and
    every resource's page and documents), by path relative to the site, so that a release's
    ``SHA256SUMS`` need not read them again; ``catalog_hook``: called with the catalogue
    before it is written (a release turns it into its versioned catalogue), after the
    resources' pages; ``dumps_hook``: called with the folder being written once the dumps
    are in it, before the pages (a release starts its diff from the new dump then)."""
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
        sink = _Sink(work, digests)
        for d in [*dumps, *graph_dumps.values()]:
            sink.note(d.path, d.sha256)
        quality = _quality(quality_dir, work / "quality")
        timings["dumps"] = time.perf_counter() - t
        if dumps_hook is not None:
            dumps_hook(work)
        t = time.perf_counter()
        idx = build_index(store)
        resources = idx.resources()
        contexts = {x: PictureContext(store=store, lang=x, built=built_date(store))
                    for x in LANGS}
        for iri in resources:
            path = work / f"{doc_path(iri)}"
            path.parent.mkdir(parents=True, exist_ok=True)
            for x in LANGS:
                contexts[x].root = "../" * doc_path(iri).count("/")
                html = render_html(idx, iri, x, figures=resource_figures(contexts[x], idx, iri))
                sink.write(work / localized(f"{doc_path(iri)}.html", x),
                           html.encode("utf-8"))
            triples = describe(store, iri)
            for ext, fmt in DOC_FORMATS.items():
                sink.write(path.with_name(path.name + ext), serialize(triples, fmt))
        timings["pages"] = time.perf_counter() - t
        # after the pages, which do not need it: a release's catalogue waits for its diff,
        # made meanwhile in another process (dumps_hook)
        t = time.perf_counter()
        catalog = describe_dataset(store, load_catalogue(), dumps, base_url,
                                   endpoint_url or base_url.rstrip("/") + "/sparql",
                                   graph_dumps=graph_dumps, quality=quality, contact=contact)
        if catalog_hook is not None:
            catalog_hook(catalog)
        catalog.serialize(work / "catalog.ttl", format="turtle")
        write_jsonld(catalog, work / "catalog.jsonld")
        wk = work / ".well-known"
        wk.mkdir()
        catalog.serialize(wk / "void", format="turtle")
        timings["catalog"] = time.perf_counter() - t
        t = time.perf_counter()
        rdf = queries_rdf()
        (work / "queries").mkdir(exist_ok=True)
        rdf.serialize(work / "queries" / "queries.ttl", format="turtle")
        _ontology(work, ontology_docs, lang)
        site = front.Site(store, idx, dumps=dumps, quality=quality,
                          jsonld=schema_org_dataset(catalog))
        for rel, page in front.pages(site, lambda x: contexts[x]):
            _write(work / rel, page)
        (work / "search-index.json").write_text(index_json(entries(idx)), encoding="utf-8")
        _sitemap(work, base_url, resources)
        shutil.copytree(STATIC_SITE, work / "static" / "site")
        shutil.copy(RECIPES / "htaccess", work / ".htaccess")
        timings["indexes and ontology"] = time.perf_counter() - t
        files = sum(1 for p in work.rglob("*") if p.is_file())
        for d in dumps:  # the folder is renamed: point at where the files will live
            d.path = Path(out_dir).resolve() / d.path.relative_to(work)
    return PublishResult(Path(out_dir), len(resources), dumps, time.perf_counter() - t0,
                         files, timings)


class _Sink:
    """Writes files of the site, noting each one's SHA-256 when asked to (``digests``)."""

    def __init__(self, work: Path, digests: dict[str, str] | None) -> None:
        self.work, self.digests = work, digests

    def note(self, path: Path, sha256: str) -> None:
        """Note the checksum of a file already written (a dump)."""
        if self.digests is not None:
            self.digests[path.relative_to(self.work).as_posix()] = sha256

    def write(self, path: Path, data: bytes) -> None:
        """Write ``data`` (into an existing folder) and note its checksum."""
        path.write_bytes(data)
        if self.digests is not None:
            self.digests[path.relative_to(self.work).as_posix()] = \
                hashlib.sha256(data).hexdigest()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def queries_rdf() -> Graph:
    """The saved questions as RDF (``queries/queries.ttl``), with the labels of their
    answers' columns in es, en and fr (``queries/columns.ttl``, ``pu:ResultColumn``)."""
    from puentes.query import saved_queries
    from puentes.query.catalogue import COLUMNS_FILE

    rdf = Graph()
    bind_prefixes(rdf)
    for q in saved_queries():
        rdf += parse_file(q.path)  # read under the configured base (PUENTES_BASE)
    if (queries_dir() / COLUMNS_FILE).is_file():
        rdf += parse_file(queries_dir() / COLUMNS_FILE)
    return rdf


def _quality(quality_dir: Path | None, target: Path) -> Path | None:
    """Copy the build's data-quality report (quality.ttl/html/md) into the site (the site's
    framed page of it, ``quality/index.html``, is one of :data:`front.PAGES`)."""
    if quality_dir is None or not (quality_dir / "quality.ttl").is_file():
        return None
    target.mkdir(parents=True, exist_ok=True)
    for name in ("quality.ttl", "quality.md", "quality.html"):
        if (quality_dir / name).is_file():
            shutil.copy(quality_dir / name, target / name)
    return target


def _copy_rebased(src: str, dst: str) -> None:
    """Copy a project file to the site under the configured base (``PUENTES_BASE``)."""
    Path(dst).write_bytes(rebase(Path(src).read_bytes()))


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
    shutil.copytree(ontology_dir() / "schemes", folder / "schemes",
                    copy_function=_copy_rebased)
    shapes = folder.parent / "shapes"
    shutil.copytree(Path(ontology_dir()).parent / "shapes", shapes,
                    ignore=shutil.ignore_patterns("tests"), copy_function=_copy_rebased)
    if with_docs:
        from puentes.web.publish.ontology_docs import write

        write(folder, lang)
    else:  # the header links to ontology/index.html: say where the model is instead
        _write(folder / "index.html", front.render_list("ontology/index.html", lang,
                                                        "puentes ontology", [
            {"links": [{"href": n, "text": n} for n in
                       ("puentes.ttl", "puentes.rdf", "puentes.jsonld")]}]))


def _sitemap(work: Path, base_url: str, resources: list[str]) -> None:
    base_url = base_url.rstrip("/") + "/"
    pages = ["index.html", "overview.html", "classes/index.html", "queries/index.html",
             "search.html", "shapes/index.html", "dumps/index.html"]
    pages += [f"{doc_path(i)}.html" for i in resources]
    urls = [f"{base_url}{localized(x, lang)}" for x in pages for lang in LANGS]
    body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    (work / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n",
        encoding="utf-8")
