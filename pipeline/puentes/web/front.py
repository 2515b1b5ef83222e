"""The site's pages besides the resources' own: home, overview, classes, saved questions,
search, shapes, dumps and the quality report's frame — one set of pages for both doors.

``puentes serve`` answers each at its path (``/index.es.html``, ``/search.html?q=…``);
``puentes publish`` writes the same pages to files (:func:`pages`), in every language, so
the live and the published site cannot drift. Paths are relative (``root``), so a page
works wherever the site is mounted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from puentes.i18n import LANGS
from puentes.store import GraphStore
from puentes.web import search as searching
from puentes.web.links import alternates, localized
from puentes.web.messages import translator
from puentes.web.pages import PU, RDF_TYPE, GraphIndex, doc_path, environment, href
from puentes.web.values import shown


@dataclass
class Site:
    """What the pages are made from: the store, its index, and what one door has (``live``:
    the app, with a query page and an endpoint; ``dumps``: the written dumps; ``quality``:
    the folder of the build's quality report)."""

    store: GraphStore
    index: GraphIndex
    live: bool = False
    dumps: list = field(default_factory=list)
    quality: Path | None = None
    jsonld: str | None = None
    _search: list[dict] | None = None

    def search_index(self) -> list[dict]:
        """The search index (made once)."""
        if self._search is None:
            self._search = searching.entries(self.index)
        return self._search


def _root(path: str) -> str:
    return "../" * path.count("/")


def render_list(path: str, lang: str, title: str, sections: list, intro: str = "",
                jsonld: str | None = None, live: bool = False, **extra: object) -> str:
    """A page of sections (links, tables, code) in the site's frame, at ``path`` (its
    English name: the root and the language links follow from it)."""
    root = _root(path)
    extra.setdefault("alternates", alternates(path, root))
    return environment().get_template(extra.pop("template", "list.html")).render(
        lang=lang, _=translator(lang), root=root, title=title, sections=sections,
        intro=intro, jsonld=jsonld, live=live, **extra)


def home(site: Site, lang: str) -> str:
    """The front door: what puentes is, where to start (the regional bodies), how to
    explore and where the data is."""
    _ = translator(lang)
    idx = site.index
    to = lambda p: localized(p, lang)  # noqa: E731
    bodies = sorted((i for i in idx.resources()
                     if any(p == RDF_TYPE and o.value == PU + "RegionalBody"
                            for p, o in idx.out[i])), key=lambda i: idx.label(i, lang))
    explore = [{"href": to("overview.html"), "text": _("Overview: maps, flows, timelines")},
               {"href": to("classes/index.html"), "text": _("Everything, by class")},
               {"href": to("queries/index.html"), "text": _("Saved questions and answers")}]
    if site.live:
        explore.append({"href": to("query"), "text": _("Ask your own question (query page)")})
    explore += [{"href": "ontology/index.html" if lang == "en" else f"ontology/{lang}.html",
                 "text": _("The ontology")},
                {"href": to("shapes/index.html"), "text": _("The rules the data is checked "
                                                            "against (SHACL shapes)")}]
    data = [{"href": to("dumps/index.html"), "text": _("Downloads of the whole graph")},
            {"href": ".well-known/void", "text": _("DCAT and VoID description (Turtle)")}]
    if site.live:
        data.append({"href": "sparql", "text": _("SPARQL endpoint (service description)")})
    if site.quality is not None:
        data.append({"href": to("quality/index.html"), "text": _("Data-quality report")})
    sections = [{"title": _("Regional bodies"), "anchor": "bodies",
                 "links": [{"href": href(b, "", lang), "text": idx.label(b, lang)}
                           for b in bodies]},
                {"title": _("Explore"), "anchor": "explore", "links": explore},
                {"title": _("Data"), "anchor": "data", "links": data}]
    return render_list("index.html", lang, "puentes", sections, live=site.live,
                       intro=_("Linked open data on regional and interregional cooperation "
                               "against child labour. Search for a country, a body or an "
                               "initiative, or start from a regional body."),
                       jsonld=site.jsonld)


def class_pages(site: Site, lang: str) -> dict[str, str]:
    """The index of classes and one page per class listing its members, by path
    (``classes/index.html``, ``classes/<name>.html``)."""
    _ = translator(lang)
    idx = site.index
    members: dict[str, list[str]] = defaultdict(list)
    for iri in idx.resources():
        for p, o in idx.out[iri]:
            if p == RDF_TYPE and isinstance(o, ox.NamedNode):
                members[o.value].append(iri)
    items, pages = [], {}
    for cls, iris in sorted(members.items(), key=lambda kv: idx.label(kv[0], lang)):
        name = class_page_name(cls)
        items.append({"href": localized(f"{name}.html", lang), "text": idx.label(cls, lang),
                      "note": f"({len(iris)})"})
        path = f"classes/{name}.html"
        pages[path] = render_list(path, lang, idx.label(cls, lang), [
            {"links": [{"href": href(i, "../", lang), "text": idx.label(i, lang)}
                       for i in sorted(iris, key=lambda i: idx.label(i, lang))]}],
            live=site.live)
    pages["classes/index.html"] = render_list("classes/index.html", lang, _("Browse"),
                                              [{"links": items}], live=site.live)
    return pages


def class_page_name(cls: str) -> str:
    """``org:Membership`` → ``www-w3-org-Membership`` (host and local name)."""
    slug = cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    prefix = cls.split("://", 1)[-1].split("/", 1)[0].replace(".", "-")
    return f"{prefix}-{slug}"


def search_page(site: Site, lang: str, query: str = "") -> str:
    """The search page: results for ``query`` when the app answers it; on the static site
    the page's script fills them from ``search-index.json``."""
    _ = translator(lang)
    hits = searching.search(site.search_index(), query, lang) if query and site.live else []
    results = [{"href": localized(h["path"], lang), "text": h["label"][lang],
                "kind": h["kind"][lang]} for h in hits]
    return render_list("search.html", lang, _("Search"), [], live=site.live,
                       template="search.html", query=query, results=results,
                       messages={"none": _("Nothing found for “{q}”."),
                                 "found": _("{n} found for “{q}”."),
                                 "more": _("Showing the first {n}.")})


def questions_page(site: Site, lang: str) -> str:
    """The saved questions with their answers (at most 100 rows each)."""
    from puentes.query import labels, run_saved_query, saved_queries

    _ = translator(lang)
    sections = []
    for q in saved_queries():
        try:
            result = run_saved_query(q, store=site.store)
        except Exception:  # noqa: BLE001 - a required parameter: show the question only
            sections.append({"title": f"{q.number} {q.title(lang)}", "anchor": q.number,
                             "text": q.question(lang) + " " + _(
                                 "(it needs a value for each of its parameters: ask it on "
                                 "the query page)"), "code": q.text})
            continue
        names = labels(result, lang, store=site.store)
        rows = []
        for r in result.rows[:100]:
            cells = []
            for v in result.variables:
                t = r[v]
                if isinstance(t, ox.NamedNode):
                    cells.append({"text": names.get(t.value, t.value),
                                  "href": href(t.value, "../", lang)})
                else:  # a value in the reader's words (yes/no, status words): display only
                    cells.append({"text": shown(t, lang)})
            rows.append(cells)
        sections.append({"title": f"{q.number} {q.title(lang)}", "anchor": q.number,
                         "text": q.question(lang) + " " + _("({n} rows)", n=len(result.rows)),
                         "code": q.text,
                         # headings in the reader's language, each over its variable's name
                         # (the name the CSV and JSON downloads write)
                         "table": {"header": q.headings(result.variables, lang),
                                   "variables": result.variables, "rows": rows}})
    return render_list("queries/index.html", lang, _("Saved questions"), sections,
                       live=site.live)


def shapes_page(site: Site, lang: str) -> str:
    """The SHACL shapes as a data steward reads them: per shape its target, and per rule
    its name, description, severity and message, in ``lang``."""
    from rdflib.namespace import RDFS, SH
    from rdflib.term import URIRef

    from puentes.check.shapes import load_shapes_graph
    from puentes.i18n import pick_literal
    from puentes.namespaces import curie

    _ = translator(lang)
    g = load_shapes_graph()
    text = lambda node, pred: pick_literal(g.objects(node, pred), lang)  # noqa: E731
    severities = {SH.Violation: _("violation"), SH.Warning: _("warning"), SH.Info: _("note")}
    sections = []
    targets = (SH.targetClass, SH.targetSubjectsOf)
    shapes = sorted({s for t in (*targets, SH.target) for s in g.subjects(t, None)}, key=str)
    for shape in shapes:
        target = ", ".join([site.index.label(str(o), lang) for t in targets
                            for o in g.objects(shape, t)]
                           + [text(o, RDFS.comment) or _("(a SPARQL target)")
                              for o in g.objects(shape, SH.target)])
        severity = g.value(shape, SH.severity) or SH.Violation
        rows = []
        for rule in list(g.objects(shape, SH.property)) + list(g.objects(shape, SH.sparql)):
            prop = g.value(rule, SH.path)
            rows.append([{"text": text(rule, SH.name) or ""},
                         {"text": site.index.label(str(prop), lang) if isinstance(prop, URIRef)
                          else _("(a SPARQL rule)") if prop is None else _("(a path)")},
                         {"text": severities.get(g.value(rule, SH.severity) or severity, "")},
                         {"text": text(rule, SH.description) or ""},
                         {"text": text(rule, SH.message) or ""}])
        sections.append({"title": text(shape, RDFS.label) or curie(str(shape)),
                         "anchor": str(shape).rsplit("#", 1)[-1],
                         "text": _("Applies to: {target}.", target=target),
                         "table": {"header": [_("Rule"), _("Property"), _("Severity"),
                                              _("What it checks"), _("What the steward reads")],
                                   "rows": rows}})
    return render_list("shapes/index.html", lang, _("SHACL shapes"), sections, live=site.live,
                       intro=_("The rules every graph is checked against before it is loaded "
                               "or published (shapes/*.ttl)."))


def dumps_page(site: Site, lang: str) -> str:
    """The downloads: each dump with its size and SHA-256, the checksums and the context."""
    _ = translator(lang)
    links = [{"href": d.path.name, "text": d.path.name,
              "note": _("{size} bytes, SHA-256 {sha}…", size=format(d.byte_size, ","),
                        sha=d.sha256[:12])} for d in site.dumps]
    links += [{"href": "SHA256SUMS", "text": "SHA256SUMS"},
              {"href": "../context.jsonld", "text": _("JSON-LD @context")}]
    return render_list("dumps/index.html", lang, _("Downloads"), [{"links": links}],
                       live=site.live, intro=_("The whole graph in several formats, "
                                               "compressed (gzip)."))


def quality_page(site: Site, lang: str) -> str | None:
    """The build's data-quality report in the site's frame (None when there is none)."""
    if site.quality is None or not (site.quality / "quality.html").is_file():
        return None
    import re

    _ = translator(lang)
    report = (site.quality / "quality.html").read_text(encoding="utf-8")
    body = re.search(r"<body[^>]*>(.*)</body>", report, re.S)
    style = "".join(re.findall(r"<style>.*?</style>", report, re.S))
    return render_list("quality/index.html", lang, _("Data-quality report"), [],
                       live=site.live, template="framed.html",
                       body=body.group(1) if body else report, style=style,
                       links=[{"href": "quality.ttl", "text": _("measurements (DQV, Turtle)")},
                              {"href": "quality.md", "text": _("the report as Markdown")}])


def overview_page(site: Site, lang: str, pictures: Callable[[str], object]) -> str:
    """The overview page (``pictures(lang)``: the pictures' context in that language)."""
    from puentes.web.pictures import overview_html

    ctx = pictures(lang)
    ctx.root = ""
    return overview_html(ctx, live=site.live)


#: the pages every door has, by their English path (besides resources and classes)
PAGES: dict[str, Callable[[Site, str], str | None]] = {
    "index.html": home,
    "search.html": search_page,
    "queries/index.html": questions_page,
    "shapes/index.html": shapes_page,
    "dumps/index.html": dumps_page,
    "quality/index.html": quality_page,
}


def pages(site: Site, pictures: Callable[[str], object]) -> Iterator[tuple[str, str]]:
    """Every site page in every language as ``(path, html)``, for ``publish``."""
    for lang in LANGS:
        for path, make in PAGES.items():
            html = make(site, lang)
            if html is not None:
                yield localized(path, lang), html
        yield localized("overview.html", lang), overview_page(site, lang, pictures)
        for path, html in class_pages(site, lang).items():
            yield localized(path, lang), html


__all__ = ["PAGES", "Site", "class_page_name", "doc_path", "pages"]
