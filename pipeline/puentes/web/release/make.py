"""``puentes release``: one dated, immutable version of the published graph.

``<root>/<version>/`` holds the whole site as ``publish`` writes it (dumps, pages, the
saved questions), plus: the answer to every saved question (``queries/answers/``), the
registry's record index, the changelog from the previous release (``changes/``: Markdown,
JSON, RDF, and the release notes), the catalogue with DCAT 3 versioning, ``CITATION.cff``,
DataCite metadata, and ``SHA256SUMS`` of every file. The folder is written beside its
final place and renamed into it; an existing release is never written again. The record
index and the changes from the previous release are worked out in a worker process while
the pages are written (from the new dump, as ``puentes diff`` does), so that a release takes
about the time of a publish where a second core is free. Then
``releases.json``, the ``latest`` link, the catalogue at the root and the Atom feeds are
updated for the new release.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

from markupsafe import Markup, escape
from rdflib import Graph

from puentes.i18n import LANGS
from puentes.namespaces import BASE
from puentes.paths import base_iri
from puentes.store import GraphStore
from puentes.web.messages import translator
from puentes.web.release import changeset, citation
from puentes.web.release.catalogue import version_catalogue
from puentes.web.release.diff import Changelog, _labels
from puentes.web.release.feeds import feed_path, write_feeds
from puentes.web.release.records import registry_folder, write_index
from puentes.web.release.versions import (
    LATEST,
    Release,
    ReleaseError,
    check_version,
    point_latest,
    releases,
    write_list,
    write_sums,
)


def default_base_url() -> str:
    """Where the releases folder is hosted by default: ``<base IRI>releases/``."""
    return base_iri().rstrip("/") + "/releases/"


@dataclass
class ReleaseContext:
    """What the page templates of a release read (``release`` in ``base.html``: the
    page head's feeds and the footer's citation line): the citation line and the feeds of a page."""

    version: str
    date: str
    url: str
    followed: set[str]
    questions: dict[str, dict[str, str]]
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    _feeds: dict[tuple, list[dict]] = field(default_factory=dict, repr=False)
    _html: dict[tuple, Markup] = field(default_factory=dict, repr=False)

    @cached_property
    def cite(self) -> str:
        """The citation line of the release."""
        return citation.cite_line(self.version, self.date, self.url)

    def feeds(self, iri: str | None, sections: list | None, lang: str) -> list[dict]:
        """The feeds a page links to (paths relative to the release site's root): the
        thing's own, in each language (the page's first); on the saved-questions page, each
        question's; elsewhere, the releases feed. (A page asks twice, in its head and its
        citation line: the answers without sections are kept.)"""
        key = None if sections else (iri if iri in self.followed else None, lang)
        if key is not None and key in self._feeds:
            return self._feeds[key]
        out = self._find_feeds(iri, sections, lang)
        if key is not None:
            self._feeds[key] = out
        return out

    def head_html(self, iri: str | None, sections: list | None, lang: str,
                  root: str) -> Markup:
        """The ``<link rel="alternate">`` of a page's feeds (``base.html``'s head): made
        once per thing, language and depth, as ~51,000 pages ask."""
        key = None if sections else ("head", iri if iri in self.followed else None, lang,
                                     root)
        if key is None or key not in self._html:
            html = Markup("".join(
                f'<link rel="alternate" type="application/atom+xml" hreflang="{escape(f["lang"])}'
                f'" title="{escape(f["title"])}" href="{escape(root)}{escape(f["href"])}">\n'
                for f in self.feeds(iri, sections, lang)))
            if key is None:
                return html
            self._html[key] = html
        return self._html[key]

    def cite_html(self, iri: str | None, lang: str, root: str) -> Markup:
        """The "cite this" line of a page (``base.html``'s footer), with its own feed's link."""
        key = ("cite", iri if iri in self.followed else None, lang, root)
        if key not in self._html:
            _, r = translator(lang), escape(root)
            follow = "".join(f' · <a href="{r}{escape(f["href"])}">'
                             f'{escape(_("Follow the changes (Atom)"))}</a>'
                             for f in self.feeds(iri, None, lang) if f["lang"] == lang)
            self._html[key] = Markup(
                f'<p class="cite">{escape(_("Cite this version"))}: {escape(self.cite)} · '
                f'<a href="{r}CITATION.cff">CITATION.cff</a> · '
                f'<a href="{r}datacite.json">DataCite</a>'
                f"{follow}</p>")
        return self._html[key]

    def _find_feeds(self, iri: str | None, sections: list | None, lang: str) -> list[dict]:
        order = [lang] + [x for x in LANGS if x != lang]
        if iri is not None and iri in self.followed:
            name = self.names.get(iri, {})
            return [{"lang": x, "href": f"../feeds/{feed_path(iri, x)}",
                     "title": translator(x)("puentes — changes about {name}",
                                            name=name.get(x, iri))}
                    for x in order]
        numbers = [s.get("anchor") for s in sections or [] if isinstance(s, dict)]
        numbers = [n for n in numbers if n in self.questions]
        if numbers:
            return [{"lang": lang, "href": f"../feeds/{feed_path(n, lang)}",
                     "title": translator(lang)(
                         "puentes — changes to the answers of {name}",
                         name=f"{n} {self.questions[n].get(lang, '')}")} for n in numbers]
        return [{"lang": x, "href": f"../feeds/all.{x}.atom",
                 "title": translator(x)("puentes — releases")} for x in order]


class ChangesWork:
    """The registry's record index and the diff from the previous release, made in a worker
    process (:mod:`puentes.web.release.worker`) from the new release's dump while this
    process writes the pages: a release then takes about the time of a publish, not of a
    publish plus a diff, where a second core is free."""

    def __init__(self, registry: Path | None, old_site: Path | None, sides: dict) -> None:
        self.registry, self.old_site, self.sides = registry, old_site, sides
        self._proc: subprocess.Popen | None = None
        self._tmp: Path | None = None
        self._result: tuple[dict, Changelog] | None = None

    def start(self, work: Path) -> None:
        """Start the worker (``publish`` calls this once the dumps are in ``work``)."""
        self._tmp = Path(tempfile.mkdtemp(prefix="puentes-release-work-"))
        job = {"registry": str(self.registry) if self.registry else None,
               "old_site": str(self.old_site) if self.old_site else None,
               "sides": self.sides, "new_site": str(Path(work).resolve())}
        (self._tmp / "job.json").write_text(json.dumps(job), encoding="utf-8")
        # the package's folder first on the path: the worker runs this very puentes
        package_root = str(Path(__file__).resolve().parents[3])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [package_root, *filter(None, [os.environ.get("PYTHONPATH")])])}
        with (self._tmp / "stderr.txt").open("wb") as err:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "puentes.web.release.worker",
                 str(self._tmp / "job.json"), str(self._tmp / "result.pickle")],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env)

    def result(self) -> tuple[dict, Changelog]:
        """The record index and the changelog (waits for the worker the first time)."""
        if self._result is None:
            if self._proc is None or self._tmp is None:
                raise RuntimeError("the release's changes were asked for before the dumps")
            code = self._proc.wait()
            out = self._tmp / "result.pickle"
            if code != 0 or not out.is_file():
                tail = (self._tmp / "stderr.txt").read_text(encoding="utf-8",
                                                            errors="replace")[-2000:]
                raise ReleaseError(
                    "the worker process indexing the records and comparing the release with "
                    f"the previous one failed (exit code {code}):\n{tail.strip()}",
                    "run `puentes diff` on the two versions to see the same error, fix "
                    "what it names, then make the release again")
            status, got = pickle.loads(out.read_bytes())
            if status == "error":
                raise got
            log = (Changelog.from_json(got["changes"]) if got["changes"] is not None else
                   Changelog({"label": "", "date": "", "site": None}, self.sides["new"]))
            self._result = (got["index"], log)
        return self._result

    def close(self) -> None:
        """Stop the worker if it still runs (a failed release) and remove its files."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            self._proc.wait()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


@dataclass
class ReleaseResult:
    """What ``puentes release`` made."""

    version: str
    folder: Path
    seconds: float
    changes: dict[str, int]
    feeds: int
    timings: dict[str, float] = field(default_factory=dict)


def followed_things(store: GraphStore) -> set[str]:
    """The countries, organisations and initiatives of the graph (the things with feeds)."""
    rows = store.query("SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(isIRI(?s) && ("
                       + " || ".join(f'STRSTARTS(STR(?s), "{BASE}id/{k}/")'
                                     for k in ("country", "organization", "initiative"))
                       + ")) }")
    return {r["s"].value for r in rows if feed_path(r["s"].value, "en")}


def saved_answers(store: GraphStore) -> dict:
    """The answer to every saved question that needs no value, by number (asked once: the
    release writes them as its permalinks, and the diff compares them with the previous
    release's)."""
    from puentes.query import run_saved_query, saved_queries

    return {q.number: run_saved_query(q, store=store) for q in saved_queries()
            if not any(p.required and p.default is None for p in q.parameters)}


def write_answers(answers: dict, store: GraphStore, folder: Path) -> list[str]:
    """The answers of :func:`saved_answers` as SPARQL JSON and CSV (``NNN.json``,
    ``NNN.csv``): the permalinks of the release's answers."""
    from puentes.query import labels, to_csv, to_json

    folder.mkdir(parents=True, exist_ok=True)
    for number, result in answers.items():
        (folder / f"{number}.json").write_text(to_json(result), encoding="utf-8")
        (folder / f"{number}.csv").write_text(to_csv(result, labels(result, "en",
                                                                    store=store)),
                                              encoding="utf-8")
    return list(answers)


def make_release(store: GraphStore, root: Path, *, version: str | None = None,
                 date: str | None = None, base_url: str | None = None, lang: str = "en",
                 catalogue_path: Path | None = None, ontology_docs: bool = True,
                 contact: str | None = None) -> ReleaseResult:
    """Make the release ``version`` (default: the date) of the graph in ``store`` under
    ``root``; refuse (:class:`ReleaseError`, exit 2) if that release exists."""
    from puentes.query import saved_queries
    from puentes.web.pages import environment
    from puentes.web.publish import publish

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    date = date or Date.today().isoformat()
    try:
        Date.fromisoformat(date)
    except ValueError:
        raise ReleaseError(f"--date {date!r}: not a date", "give YYYY-MM-DD") from None
    version = check_version(version or date)
    items = releases(root)
    target = root / version
    if target.exists() or any(r.version == version for r in items):
        raise ReleaseError(f"release {version} exists already in {root}: a release is "
                           "never changed once made",
                           "choose another --version (e.g. "
                           f"{version}.1), or `puentes diff {version} store` to see what "
                           "changed since")
    base_url = (base_url or default_base_url()).rstrip("/") + "/"
    site_url = f"{base_url}{version}/"
    previous = items[-1] if items else None

    t = time.perf_counter()
    folder = registry_folder(catalogue_path)
    followed = followed_things(store)
    questions = {q.number: {x: q.title(x) for x in LANGS} for q in saved_queries()}
    names = _labels([store], followed)
    context = ReleaseContext(version, date, site_url, followed, questions, names)
    timings["feeds followed and their names"] = time.perf_counter() - t

    # the answers first (written as the release's permalinks); the changes from the
    # previous release are worked out in another process from the new dump while the pages
    # are written, and awaited by the catalogue (its version notes), after the pages
    t = time.perf_counter()
    answers = saved_answers(store)
    timings["answers"] = time.perf_counter() - t
    sides = {"new": {"label": version, "date": date, "site": site_url}}
    if previous is not None:
        sides["old"] = {"label": previous.version, "date": previous.date,
                        "site": f"{base_url}{previous.version}/"}
    work = ChangesWork(folder, root / previous.version if previous else None, sides)
    notes: dict[str, str] = {}

    def versioned(catalog: Graph) -> None:
        t = time.perf_counter()
        _, log = work.result()
        timings["waiting for the diff"] = time.perf_counter() - t
        notes.update({x: changeset.summary(log, x) if previous else
                      translator(x)("First release.") for x in LANGS})
        version_catalogue(catalog, version, notes,
                          [(r.version, root / r.version / "catalog.ttl") for r in items])

    staging = root / f".{version}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    env = environment()
    env.globals["release"] = context
    digests: dict[str, str] = {}
    try:
        t = time.perf_counter()
        published = publish(store, staging, base_url=site_url, lang=lang,
                            ontology_docs=ontology_docs, contact=contact, force=True,
                            digests=digests, catalog_hook=versioned, dumps_hook=work.start)
        timings["publish"] = time.perf_counter() - t
        t = time.perf_counter()
        index, log = work.result()
        write_answers(answers, store, staging / "queries" / "answers")
        write_index(index, staging / "registry-index.json")
        changeset.write(log, staging / "changes", f"{site_url}changes/")
        release_notes = changeset.release_notes(log, version, date)
        (staging / "changes" / "NOTES.md").write_text(release_notes, encoding="utf-8")
        citation.write(staging, version, date, site_url, published.dumps,
                       f"{base_url}{previous.version}/" if previous else None)
        write_sums(staging, digests)
        timings["answers, changes, citation and sums"] = time.perf_counter() - t
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        work.close()
        env.globals.pop("release", None)
    if target.exists():  # another release of the same name finished first
        shutil.rmtree(staging, ignore_errors=True)
        raise ReleaseError(f"release {version} was made by another process meanwhile",
                           "choose another --version")
    os.rename(staging, target)

    t = time.perf_counter()
    summary = log.summary()
    items.append(Release(version, date, previous.version if previous else None,
                         store.count(), notes, summary))
    write_list(root, items)
    point_latest(root, version)
    shutil.copy(target / "catalog.ttl", root / "catalog.ttl")
    shutil.copy(target / "catalog.jsonld", root / "catalog.jsonld")
    history = _history(root, items)
    n = write_feeds(root, history, names, questions, base_url,
                    datetime.fromisoformat(date).replace(tzinfo=timezone.utc))
    _index_page(root, items, lang)
    timings["feeds"] = time.perf_counter() - t
    return ReleaseResult(version, target, time.perf_counter() - t0, summary, n, timings)


def _history(root: Path, items: list[Release]) -> list[tuple[dict, Changelog]]:
    """Every release with its changelog from the one before, oldest first."""
    out = []
    for r in items:
        path = root / r.version / "changes" / "changes.json"
        if r.previous is None or not path.is_file():
            log = Changelog({"label": "", "date": "", "site": None},
                            {"label": r.version, "date": r.date, "site": None})
        else:
            log = Changelog.from_json(json.loads(path.read_text(encoding="utf-8")))
        out.append(({"version": r.version, "date": r.date}, log))
    return out


def _index_page(root: Path, items: list[Release], lang: str) -> None:
    """``<root>/index.html``: every release, newest first, with its notes and feeds, in
    ``lang``."""
    from puentes.web.front import render_list

    _ = translator(lang)
    sections = []
    for r in reversed(items):
        sections.append({"title": f"{r.version} ({r.date})", "anchor": r.version,
                         "text": r.notes.get(lang) or r.notes.get("en", ""),
                         "links": [{"href": f"{r.version}/index.html", "text": _("site")},
                                   {"href": f"{r.version}/changes/NOTES.md",
                                    "text": _("release notes")},
                                   {"href": f"{r.version}/catalog.ttl", "text": "DCAT"},
                                   {"href": f"{r.version}/CITATION.cff",
                                    "text": "CITATION.cff"},
                                   {"href": f"{r.version}/SHA256SUMS", "text": "SHA256SUMS"}]})
    sections.append({"title": _("Feeds"), "links": [
        {"href": f"feeds/all.{x}.atom", "text": _("all releases ({lang})", lang=x)}
        for x in LANGS]})
    html = render_list(f"{LATEST}/", lang, _("puentes releases"), sections,
                       intro=_("Dated, immutable versions of the graph; the latest is "
                               "{version}.", version=items[-1].version))
    tmp = root / ".index.html.tmp"
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(root / "index.html")
