"""Atom feeds people can follow, built from the changelog of every release (``feedgen``).

One feed per country, organisation (regional bodies among them), initiative and saved
question, in each of es, en and fr: ``feeds/<kind>/<slug>.<lang>.atom`` and ``feeds/question/
<NNN>.<lang>.atom``, plus ``feeds/all.<lang>.atom`` (one entry per release). An entry is one
record change that mentions the thing followed (with the answers it changed), or an answer
that changed about the thing for a reason no record of it explains. Each entry says what
changed in plain words and links to the evidence: the record's page in the release, its
sources, and the registry record.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from feedgen.feed import FeedGenerator

from puentes.i18n import LANGS
from puentes.namespaces import BASE
from puentes.web.messages import pgettext, translator
from puentes.web.release.changeset import STATUS, anchor, label, row_text, summary, value_text
from puentes.web.release.diff import ORG, SDO, Changelog

#: the kinds of things followed, by the path of their IRIs (``…/id/<kind>/<slug>``)
KINDS = ("country", "organization", "initiative")


def feed_path(iri_or_number: str, lang: str) -> str | None:
    """The path of a feed under ``feeds/``: of a local resource (a country, organisation or
    initiative IRI) or of a saved question (its number).

    >>> feed_path("https://w3id.org/puentes/id/country/BFA", "fr")
    'country/BFA.fr.atom'
    >>> feed_path("201", "en")
    'question/201.en.atom'
    """
    if iri_or_number.isdigit():
        return f"question/{iri_or_number}.{lang}.atom"
    rest = iri_or_number[len(BASE + "id/"):] if iri_or_number.startswith(BASE + "id/") else ""
    kind, _, slug = rest.partition("/")
    if kind in KINDS and slug and "/" not in slug:
        return f"{kind}/{slug}.{lang}.atom"
    return None


def _when(date: str) -> datetime:
    return datetime.fromisoformat(date).replace(tzinfo=timezone.utc) if date else \
        datetime.now(timezone.utc)


def record_title(log: Changelog, r: dict, lang: str) -> str:
    """A record change in one sentence of ``lang``."""
    _ = translator(lang)
    member = r["links"].get(ORG + "member", [None])[0]
    org = r["links"].get(ORG + "organization", [None])[0]
    if ORG + "Membership" in r["types"] and member and org:
        names = {"member": label(log, member, lang), "org": label(log, org, lang)}
        end = next((f for f in r["fields"] if f["predicate"] == SDO + "endDate"), None)
        if r["status"] == "changed" and end and end["added"]:
            return _("{member} left {org} on {date}").format(date=end["added"][0]["value"], **names)
        if r["status"] == "added":
            return _("{member} joined {org}").format(**names)
        if r["status"] == "removed":
            return _("{member} is no longer in {org}").format(**names)
    if r["status"] != "changed" or not r["fields"]:
        return f"{label(log, r['iri'], lang)}: {_(STATUS[r['status']])}"
    parts = []
    for f in r["fields"][:3]:
        verb = "changed" if f["added"] and f["removed"] else ("added" if f["added"]
                                                               else "removed")
        values = [value_text(log, v, lang) for v in (f["added"] or f["removed"])][:3]
        parts.append(f"{label(log, f['predicate'], lang)} {_(STATUS[verb])}: {', '.join(values)}")
    return f"{label(log, r['iri'], lang)}: " + "; ".join(parts)


def _record_html(log: Changelog, r: dict, lang: str, site: str | None,
                 answers: list[dict], about: set[str]) -> str:
    _ = translator(lang)
    items = []
    for f in r["fields"]:
        bits = []
        if f["removed"]:
            bits.append(f"{_('removed')}: " + "; ".join(
                escape(value_text(log, v, lang)) for v in f["removed"]))
        if f["added"]:
            bits.append(f"{_('added')}: " + "; ".join(
                escape(value_text(log, v, lang)) for v in f["added"]))
        items.append(f"<li>{escape(label(log, f['predicate'], lang))} — {' · '.join(bits)}</li>")
    html = f"<ul>{''.join(items)}</ul>"
    reg = r.get("registry")
    if reg:
        html += (f"<p>{_('registry record')}: <code>{escape(reg['record'])}</code> "
                 f"({escape(reg['file'])}:{reg['line']})</p>")
        if reg.get("edit", "").startswith("---"):
            html += f"<pre>{escape(_edit_lines(reg['edit'], r))}</pre>"
    if r["sources"]:
        html += f"<p>{_('sources')}: " + "; ".join(
            f"<a href=\"{escape(s.get('url') or s['iri'])}\">"
            f"{escape(s.get('title') or s.get('url') or s['iri'])}</a>"
            + (f" ({pgettext('source', 'read on', lang)} {s['accessed']})"
               if s.get("accessed") else "")
            for s in r["sources"]) + "</p>"
    if answers:
        html += f"<p>{_('Answers that changed')}:</p><ul>" + "".join(
            _answer_html(log, c, lang, about=about) for c in answers) + "</ul>"
    if site:
        html += f"<p><a href=\"{escape(_page(site, r['iri']))}\">{_('evidence')}</a></p>"
    return html


def _edit_lines(edit: str, r: dict) -> str:
    """The lines of a record's edit that concern this change: those naming one of the
    things the changed node is about (a member's code in a body's record); all when none
    does."""
    names = {i.rsplit("/", 1)[-1] for i in r["about"] if i != r["iri"]}
    lines = edit.splitlines()
    mine = [x for x in lines[2:] if x[:1] in "+-" and any(
        re.search(rf"\b{re.escape(n)}\b", x) for n in names)]
    return "\n".join(lines[:2] + mine) if mine else edit


def _answer_html(log: Changelog, c: dict, lang: str, about: set[str] | None = None) -> str:
    """An answer change in words; with ``about``, only its rows about one of those IRIs."""
    _ = translator(lang)

    def rows(items: list[dict]) -> list[dict]:
        if about is None:
            return items
        return [x for x in items if any(isinstance(v, dict) and v.get("iri") in about
                                        for v in x.values())]

    bits = []
    for kind in ("gained", "lost"):
        chosen = rows(c[kind])
        if chosen:
            bits.append(f"{_(STATUS[kind])}: " + "; ".join(escape(row_text(log, x, lang))
                                                    for x in chosen))
    changed = [x for x in c["changed"] if about is None or rows([x["before"], x["after"]])]
    if changed:
        bits.append(f"{_('rows with other values')}: " + "; ".join(
            f"{escape(row_text(log, x['before'], lang))} → "
            f"{escape(row_text(log, x['after'], lang))}" for x in changed))
    params = ", ".join(f"{k}={escape(label(log, v, lang))}" for k, v in c["params"].items())
    return (f"<li>{c['query']} {escape(c['title'][lang])}"
            + (f" ({params})" if params else "") + f": {' · '.join(bits)}</li>")


def _page(site: str, iri: str) -> str:
    return f"{site}{iri[len(BASE):]}.html" if iri.startswith(BASE) else iri


def _mentions(c: dict, iri: str) -> bool:
    rows = c["gained"] + c["lost"] + [x["before"] for x in c["changed"]] + \
        [x["after"] for x in c["changed"]]
    return any(isinstance(v, dict) and v.get("iri") == iri for row in rows for v in row.values())


def entries(history: list[tuple[dict, Changelog]], lang: str) -> dict[str, list[dict]]:
    """The entries of every feed, by feed path, newest release first. ``history`` is the
    list of (release, its changelog from the previous release), oldest first."""
    out: dict[str, list[dict]] = {}
    _ = translator(lang)
    for release, log in reversed(history):
        site = log.new.get("site")
        when = _when(release["date"])
        base_id = (site or f"urn:puentes:release:{release['version']}:") + "changes/changes.ttl"
        by_record = {r["iri"]: r for r in log.records}
        for r in log.records:
            answers = [c for c in log.consequences if r["iri"] in c["causes"]]
            # the rows about what this record alone is about (not the body it shares
            # with the other causes)
            shared = {i for c in answers for other in c["causes"] if other != r["iri"]
                      and other in by_record for i in by_record[other]["about"]}
            entry = {"id": f"{base_id}#r-{anchor(r['iri'])}", "updated": when,
                     "title": record_title(log, r, lang),
                     "content": _record_html(log, r, lang, site, answers,
                                             set(r["about"]) - shared),
                     "link": _page(site, r["iri"]) if site else None,
                     "related": [s.get("url") for s in r["sources"] if s.get("url")]}
            for f in r["follow"]:
                path = feed_path(f["iri"], lang)
                if path:
                    out.setdefault(path, []).append(entry)
        for c in log.consequences:
            key = json.dumps([c["query"], c["params"]], sort_keys=True)
            entry = {"id": f"{base_id}#q-{anchor(key)}", "updated": when,
                     "title": f"{c['query']} {c['title'][lang]}: +{c['counts']['gained']} "
                              f"−{c['counts']['lost']} ~{c['counts']['changed']}",
                     "content": f"<ul>{_answer_html(log, c, lang)}</ul>",
                     "link": f"{site}queries/index.html#{c['query']}" if site else None,
                     "related": []}
            out.setdefault(feed_path(c["query"], lang), []).append(entry)
            # an answer that changed about a followed thing, with no record change of it
            explained = {f["iri"] for i in c["causes"] if i in by_record
                         for f in by_record[i]["follow"]}
            for iri in sorted(log.labels):
                path = feed_path(iri, lang)
                if not path or iri in explained or not _mentions(c, iri):
                    continue
                name = label(log, iri, lang)
                out.setdefault(path, []).append({
                    "id": f"{base_id}#q-{anchor(key)}-{anchor(iri)}", "updated": when,
                    "title": _("The answer to {question} changed for {name}",
                               question=f"{c['query']} {c['title'][lang]}", name=name),
                    "content": f"<ul>{_answer_html(log, c, lang, about={iri})}</ul>",
                    "link": f"{site}queries/index.html#{c['query']}" if site else None,
                    "related": []})
        out.setdefault(f"all.{lang}.atom", []).append({
            "id": base_id, "updated": when,
            "title": _("Release {version}").format(version=release["version"]),
            "content": f"<p>{escape(summary(log, lang))}</p>",
            "link": f"{site}changes/NOTES.md" if site else None, "related": []})
    return out


def render(path: str, title: str, items: list[dict], lang: str, self_url: str,
           updated: datetime) -> bytes:
    """One Atom feed (bytes of UTF-8 XML) with ``items``, newest first."""
    fg = FeedGenerator()
    fg.id(self_url)
    fg.title(title)
    fg.language(lang)
    fg.author({"name": "puentes"})
    fg.link(href=self_url, rel="self")
    fg.updated(max([e["updated"] for e in items], default=updated))
    if not items:
        fg.subtitle(translator(lang)("No change yet."))
    for e in reversed(items):  # feedgen prepends: the newest ends first
        fe = fg.add_entry()
        fe.id(e["id"])
        fe.title(e["title"])
        fe.updated(e["updated"])
        fe.content(e["content"], type="html")
        # one link only: feedgen 1.0.0 writes an entry's links without their rel (a link
        # without rel is the alternate one), so the sources are linked in the content
        if e.get("link"):
            fe.link(href=e["link"], rel="alternate")
    return fg.atom_str(pretty=True)


def write_feeds(root: Path, history: list[tuple[dict, Changelog]], followed: dict[str, dict],
                questions: dict[str, dict], base_url: str, updated: datetime) -> int:
    """Bring the feeds under ``root/feeds/`` up to date with the newest release of
    ``history`` (each written beside, then renamed into place); ``followed``: ``{iri: {lang:
    name}}`` of the things to follow, ``questions``: ``{number: {lang: title}}``.

    Every followed thing and saved question has its feed. Only the feeds the newest release
    gives an entry (and the feeds not written yet) are written: the entries of earlier
    releases never change, so a feed without a new entry is already what it would be
    rewritten as (its ``updated`` stays the time of its last entry, or of its first
    release when it has none). Returns the number of feeds written."""
    folder = Path(root) / "feeds"
    n = 0
    for lang in LANGS:
        _ = translator(lang)
        items = entries(history, lang)
        fresh = set(entries(history[-1:], lang)) if history else set()
        wanted = {feed_path(i, lang): _("puentes — changes about {name}",
                                        name=names.get(lang) or i)
                  for i, names in followed.items() if feed_path(i, lang)}
        wanted.update({feed_path(q, lang): _("puentes — changes to the answers of {name}",
                                             name=f"{q} {t.get(lang, '')}")
                       for q, t in questions.items()})
        wanted[f"all.{lang}.atom"] = _('puentes — releases')
        for path in set(items) - set(wanted):  # a thing no longer in the graph keeps its feed
            wanted[path] = _("puentes — changes about {name}",
                             name=path.rsplit("/", 1)[-1].split(".")[0])
        for path, title in sorted(wanted.items()):
            target = folder / path
            if path not in fresh and target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            data = render(path, title, items.get(path, []), lang,
                          f"{base_url.rstrip('/')}/feeds/{path}", updated)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
            n += 1
    return n
