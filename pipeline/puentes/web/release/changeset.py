"""A changelog written out: Markdown for people, JSON for programs, RDF for the graph (one
``cs:ChangeSet`` per record, with its additions and removals as statements, the registry
record as its reason and PROV links to the sources and the versions), and release notes
in es, en and fr."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from puentes.i18n import LANGS
from puentes.namespaces import BASE, bind_prefixes, curie, rid
from puentes.web.messages import N_, pgettext, translator
from puentes.web.release.diff import Changelog

CS = Namespace("http://purl.org/vocab/changeset/schema#")
PQ = BASE + "query/"
#: a record's change and an answer's kinds of change (the changelog's ``status``,
#: ``gained`` and ``lost``), in words
STATUS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed"),
          "gained": N_("new rows"), "lost": N_("rows no longer in the answer")}


def label(log: Changelog, iri: str, lang: str = "en") -> str:
    """The label of ``iri`` in ``lang`` as the changelog recorded it (else a short IRI)."""
    return log.labels.get(iri, {}).get(lang) or curie(iri)


def value_text(log: Changelog, value: dict | None, lang: str = "en") -> str:
    """A value of a field or a cell of an answer, in words."""
    if value is None:
        return "—"
    if "iri" in value:
        return label(log, value["iri"], lang)
    return value.get("value", value.get("blank", ""))


def row_text(log: Changelog, row: dict, lang: str = "en") -> str:
    """A row of an answer in words: its non-empty cells, separated by commas."""
    return ", ".join(value_text(log, v, lang) for v in row.values() if v is not None)


def anchor(iri: str) -> str:
    """A short stable fragment for a record or an answer change."""
    return hashlib.sha1(iri.encode()).hexdigest()[:12]


def summary(log: Changelog, lang: str = "en") -> str:
    """One sentence: how many records changed and how many questions' answers."""
    s = log.summary()
    if not (s["added"] or s["removed"] or s["changed"]):
        return translator(lang)("No record changed.")
    return translator(lang)("{changed} record(s) changed, {added} added, {removed} removed; "
                            "the answers to {questions} saved question(s) changed.", **s)


def to_markdown(log: Changelog, lang: str = "en") -> str:
    """The changelog as Markdown, in ``lang``."""
    _ = translator(lang)
    read_on = pgettext("source", "read on", lang)  # a source document, read on a day
    out = [f"# {_('Changes from {old} to {new}', old=log.old['label'], new=log.new['label'])}",
           "",
           summary(log, lang), ""]
    if log.records:
        out += [f"## {_('Records')}", ""]
    for r in log.records:
        out.append(f"### {label(log, r['iri'], lang)} (`{curie(r['iri'])}`) — "
                   f"{_(STATUS[r['status']])}")
        out.append(f"<a id=\"r-{anchor(r['iri'])}\"></a>")
        out.append("")
        for f in r["fields"]:
            parts = []
            if f["removed"]:
                parts.append(f"{_('removed')}: "
                             + "; ".join(value_text(log, v, lang) for v in f["removed"]))
            if f["added"]:
                parts.append(f"{_('added')}: "
                             + "; ".join(value_text(log, v, lang) for v in f["added"]))
            out.append(f"- **{label(log, f['predicate'], lang)}** — " + " · ".join(parts))
        reg = r.get("registry")
        if reg:
            out.append(f"- {_('registry record')}: `{reg['record']}` ({reg['file']}:{reg['line']})")
            if reg.get("edit") and reg["edit"].startswith("---"):
                out += ["", "```diff", reg["edit"].rstrip("\n"), "```"]
            elif reg.get("edit"):
                out.append(f"  ({reg['edit']})")
        if r["sources"]:
            out.append(f"- {_('sources')}: " + "; ".join(
                f"[{s.get('title') or s.get('url') or curie(s['iri'])}]"
                f"({s.get('url') or s['iri']})"
                + (f" ({read_on} {s['accessed']})" if s.get("accessed") else "")
                for s in r["sources"]))
        out.append("")
    if log.consequences:
        out += [f"## {_('What the changes do to the answers')}", ""]
    example = _("example value")
    for c in log.consequences:
        params = ", ".join(f"{k}={curie(v)}" + (f" ({example})" if k in c.get("example", [])
                                                 else "") for k, v in c["params"].items())
        out.append(f"### {c['query']} {c['title'][lang]}" + (f" ({params})" if params else ""))
        out.append("")
        for kind, word in (("gained", _(STATUS["gained"])), ("lost", _(STATUS["lost"]))):
            if c[kind]:
                out.append(f"- {word} ({c['counts'][kind]}):")
                out += [f"  - {row_text(log, row, lang)}" for row in c[kind]]
        if c["changed"]:
            out.append(f"- {_('rows with other values')} ({c['counts']['changed']}):")
            out += [f"  - {row_text(log, x['before'], lang)} → "
                    f"{row_text(log, x['after'], lang)}" for x in c["changed"]]
        causes = ", ".join(f"[{label(log, i, lang)}](#r-{anchor(i)})" for i in c["causes"])
        out.append(f"- {_('because of')}: {causes or _('not traced to a record')}")
        out.append("")
    if log.unasked:
        heading = _("Questions not asked again, or not for every value")
        out += [f"## {heading}", ""]
        out += [f"- {u['query']} {u.get('title', {}).get(lang, '')}".rstrip()
                + f" — {unasked_text(u, lang)}" for u in log.unasked]
        out.append("")
    n = log.provenance.get("added", 0) + log.provenance.get("removed", 0)
    if n:
        files = ", ".join(f"`{i.rsplit('/id/dataset/', 1)[-1]}`"
                          for i in log.provenance.get("inputs", []))
        out += [_("Build provenance: {n} triple(s) of mapping-run records replaced (not listed).",
                  n=n) + (f" ({files})" if files else ""), ""]
    return "\n".join(out)


def unasked_text(u: dict, lang: str = "en") -> str:
    """Why a saved question was not asked again (or not for every value), in ``lang``."""
    _ = translator(lang)
    params = ", ".join(f"?{p}" for p in u.get("params", []))
    if u.get("reason") == "no-example":
        return _("not asked: it needs a value for {params}, and its metadata declares no "
                 "example value (pu:example) to ask it with", params=params)
    if u.get("reason") == "no-value":
        return _("not asked: no changed record mentions a value of {params} ({kind})",
                 params=params, kind=u.get("kind", "IRI"))
    if u.get("reason") == "capped":
        return _("asked for the first {asked} of the {total} values of {params} that the "
                 "changed records mention", params=params, asked=u["asked"],
                 total=u["total"])
    return str(u.get("reason", ""))  # a changelog written before the reasons had codes


def release_notes(log: Changelog, version: str, date: str) -> str:
    """The release notes: a summary in es, en and fr, then the changelog in English."""
    head = [f"# puentes {version} ({date})", ""]
    for lang in LANGS:
        head.append(f"- **{lang}** — {summary(log, lang)}")
    return "\n".join(head) + "\n\n" + to_markdown(log, "en")


def to_rdf(log: Changelog, base: str) -> Graph:
    """The changelog as RDF: a ``prov:Bundle`` of one ``cs:ChangeSet`` per record
    (``cs:addition``/``cs:removal`` statements, ``cs:changeReason`` the registry record,
    ``prov:wasDerivedFrom`` its sources) and one entity per changed answer, derived from the
    change sets that caused it. ``base``: the IRI of the changelog document."""
    g = Graph()
    bind_prefixes(g)
    g.bind("cs", CS)
    bundle = URIRef(base)
    g.add((bundle, RDF.type, PROV.Bundle))
    g.add((bundle, RDFS.label, Literal(
        f"Changes from {log.old['label']} to {log.new['label']}", lang="en")))
    for side, prop in ((log.old, PROV.used), (log.new, PROV.used)):
        g.add((bundle, prop, rid("dataset", f"puentes/release/{side['label']}")
               if side["label"] != "store" else rid("dataset", "puentes")))
    if log.new.get("date"):
        g.add((bundle, PROV.generatedAtTime,
               Literal(f"{log.new['date']}T00:00:00Z", datatype=XSD.dateTime)))
    sets = {}
    for r in log.records:
        node = URIRef(f"{base}#r-{anchor(r['iri'])}")
        sets[r["iri"]] = node
        g.add((node, RDF.type, CS.ChangeSet))
        g.add((node, RDF.type, PROV.Entity))
        g.add((bundle, DCTERMS.hasPart, node))
        g.add((node, CS.subjectOfChange, URIRef(r["iri"])))
        g.add((node, DCTERMS.type, Literal(r["status"])))
        for f in r["fields"]:
            for kind, prop in (("added", CS.addition), ("removed", CS.removal)):
                for v in f[kind]:
                    st = BNode()
                    g.add((node, prop, st))
                    g.add((st, RDF.type, RDF.Statement))
                    g.add((st, RDF.subject, URIRef(r["iri"])))
                    g.add((st, RDF.predicate, URIRef(f["predicate"])))
                    g.add((st, RDF.object, _object(v)))
        reg = r.get("registry")
        if reg:
            g.add((node, CS.changeReason, Literal(
                f"registry record {reg['record']} ({reg['file']}:{reg['line']})"
                + (f"\n{reg['edit']}" if reg.get("edit") else ""))))
        for s in r["sources"]:
            g.add((node, PROV.wasDerivedFrom, URIRef(s["iri"])))
    for c in log.consequences:
        key = json.dumps([c["query"], c["params"]], sort_keys=True)
        node = URIRef(f"{base}#q-{anchor(key)}")
        g.add((node, RDF.type, PROV.Entity))
        g.add((bundle, DCTERMS.hasPart, node))
        g.add((node, DCTERMS.subject, URIRef(PQ + c["query"])))
        g.add((node, RDFS.comment, Literal(
            f"{c['query']} {c['title']['en']}: {c['counts']['gained']} row(s) gained, "
            f"{c['counts']['lost']} lost, {c['counts']['changed']} changed", lang="en")))
        for name, value in c["params"].items():
            if "://" in value:  # an IRI parameter (a date given as its example is not)
                g.add((node, DCTERMS.references, URIRef(value)))
            g.add((node, RDFS.seeAlso, Literal(f"{name}={value}")))
        for cause in c["causes"]:
            if cause in sets:
                g.add((node, PROV.wasDerivedFrom, sets[cause]))
    return g


def _object(v: dict):  # noqa: ANN202 - an rdflib term
    if "iri" in v:
        return URIRef(v["iri"])
    if "lang" in v:
        return Literal(v["value"], lang=v["lang"])
    if "datatype" in v:
        from puentes.query import expand

        return Literal(v["value"], datatype=URIRef(expand(v["datatype"])))
    return Literal(v.get("value", v.get("blank", "")))


def write(log: Changelog, folder: Path, base: str) -> dict[str, Path]:
    """Write ``changes.md`` (en), ``changes.es.md``, ``changes.fr.md``, ``changes.json``
    and ``changes.ttl`` into ``folder``; ``base`` is the URL of the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {"json": folder / "changes.json", "ttl": folder / "changes.ttl",
           "md": folder / "changes.md"}
    out["json"].write_text(json.dumps(log.to_json(), ensure_ascii=False, indent=1),
                           encoding="utf-8")
    out["md"].write_text(to_markdown(log, "en"), encoding="utf-8")
    for lang in ("es", "fr"):
        (folder / f"changes.{lang}.md").write_text(to_markdown(log, lang), encoding="utf-8")
    to_rdf(log, base.rstrip("/") + "/changes.ttl").serialize(out["ttl"], format="turtle")
    return out
