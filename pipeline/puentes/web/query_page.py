"""The query page (``/query``) and the embeddable chart (``/query/embed``).

A saved question is chosen from a list; its declared parameters (``queries/NNN_slug.ttl``,
``pu:parameter``) become a form whose required fields must be filled before it runs. The
page's address is its permalink: ``/query?q=207&country=pid:country/GHA&view=chart&lang=es``
restores the question, its parameters and the view. The query runs in the editor (YASGUI,
shipped in the package) against this server's ``/sparql``; ``static/site/query.js`` shows the
answer as a table of labels and plain values under the columns' headings in the page's
language (``queries/columns.ttl``), paged, with CSV and JSON downloads of the whole
answer and of each chart's data, and the views of ``static/plot/views.js``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from puentes.errors import QueryError
from puentes.i18n import LANGS, pick_literal
from puentes.namespaces import BASE, PREFIXES, with_prefixes
from puentes.query import bind_parameters, inline_values, saved_queries
from puentes.query.catalogue import SavedQuery
from puentes.web.front import Site, render_list
from puentes.web.messages import N_, messages_json, translator
from puentes.web.values import VALUE_WORDS

XSD = "http://www.w3.org/2001/XMLSchema#"
#: a parameter's value type → the form field that takes it
INPUTS = {XSD + "date": "date", XSD + "integer": "number", XSD + "decimal": "number",
          XSD + "gYear": "number", XSD + "boolean": "checkbox"}
#: the strings query.js and views.js show (translated through the catalogue)
SCRIPT_MESSAGES = [
    N_("Map"), N_("Chart"), N_("Network"), N_("Timeline"),
    N_("No picture fits these columns: the table shows them."), N_("Source"),
    N_("query page of the puentes SPARQL endpoint"), N_("no data"), N_("Download CSV"),
    N_("Download JSON"), N_("Download this chart's data (CSV)"), N_("Previous"), N_("Next"),
    N_("Rows {from}–{to} of {n}"), N_("The query failed:"), N_("Running…"), N_("No rows."),
    N_("Fill in the required fields, then run."),
]


@lru_cache(maxsize=256)
def _comments(path: Path, stamp: float) -> dict[str, dict[str, str]]:
    """A saved question's parameter comments in every language: name → lang → text."""
    from rdflib import RDFS

    from puentes.namespaces import PU as pu
    from puentes.rdfio import parse_file

    g = parse_file(path)  # read under the configured base (PUENTES_BASE)
    out = {}
    for param in g.objects(None, pu.parameter):
        name = str(g.value(param, pu.name))
        out[name] = {lang: pick_literal(g.objects(param, RDFS.comment), lang)
                     for lang in LANGS}
    return out


def fields(q: SavedQuery, lang: str, given: dict[str, str]) -> list[dict]:
    """The form fields of a saved question's parameters, filled from ``given``."""
    comments = _comments(q.path, q.path.stat().st_mtime) if q.path else {}
    out = []
    for p in q.parameters:
        kind = INPUTS.get(p.value_type, "text")
        out.append({"name": p.name, "required": p.required, "default": p.default or "",
                    # what the empty field shows: its default, else its declared example
                    "placeholder": p.default or p.example or "",
                    "value": given.get(p.name, ""), "input": kind,
                    "step": "any" if p.value_type == XSD + "decimal" else "1",
                    "iri": p.value_type == "iri",
                    "label": (comments.get(p.name, {}).get(lang) or p.comment)})
    return out


def columns(q: SavedQuery | None, lang: str) -> dict[str, str]:
    """The headings of a saved question's answer in ``lang`` (variable → label), which the
    page's table and pictures show over each column; none for a query of one's own, whose
    columns keep their variable names."""
    if q is None:
        return {}
    try:
        names = q.variables
    except Exception:  # noqa: BLE001 - rdflib cannot parse it: the table shows the names
        return {}
    return {v: q.column_label(v, lang) for v in names}


def _choices(site: Site, lang: str) -> list[dict]:
    """What an IRI field offers as you type: the findable resources, by label."""
    return sorted(({"value": "pid:" + e["path"][3:-5] if e["path"].startswith("id/")
                    else e["path"][:-5], "label": f"{e['label'][lang]} ({e['kind'][lang]})"}
                   for e in site.search_index()), key=lambda c: c["label"])


def _state(params: dict[str, str]) -> tuple[SavedQuery | None, dict[str, str], str]:
    """The question, its given parameters and the view a permalink names."""
    number = params.get("q", "")
    q = next((x for x in saved_queries() if x.number == number), None)
    given = {k: v.strip() for k, v in params.items()
             if q and k in {p.name for p in q.parameters} and v.strip()}
    return q, given, params.get("view", "")


def bound_text(q: SavedQuery, given: dict[str, str]) -> str:
    """The question's text with its parameters bound (a ``VALUES`` block) and prefixes."""
    return with_prefixes(inline_values(q.text, bind_parameters(q, given)), only_used=True)


def query_page(site: Site, lang: str, params: dict[str, str]) -> str:
    """The query page in ``lang`` for the permalink's ``params``."""
    _ = translator(lang)
    q, given, view = _state(params)
    config = {"endpoint": "sparql", "query": "", "run": False, "view": view, "lang": lang,
              "base": BASE,  # the scripts link the graph's IRIs to its pages
              "number": q.number if q else "", "params": given,
              "prefixes": PREFIXES, "messages": messages_json(lang, SCRIPT_MESSAGES),
              "values": messages_json(lang, sorted(VALUE_WORDS)),
              "terms": _terms(site)}
    error = None
    form = fields(q, lang, given) if q else []
    config["columns"] = columns(q, lang)
    if q is not None:
        missing = [f["name"] for f in form if f["required"] and not f["value"]]
        try:
            config["query"] = bound_text(q, {k: v for k, v in given.items()})
            config["run"] = not missing
        except QueryError as err:
            error = _("A parameter's value does not fit: {message}", message=str(err))
            config["query"] = q.text
        if missing:
            config["query"] = with_prefixes(q.text, only_used=True)
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    keep = {k: v for k, v in params.items() if k != "lang"}
    languages = [{"lang": x, "href": "query?" + urlencode({**keep, "lang": x})}
                 for x in LANGS]
    return render_list("query", lang, _("Ask the graph"), [], live=True,
                       template="query.html", questions=[
                           {"number": x.number, "title": x.title(lang)}
                           for x in saved_queries()],
                       chosen=q, question=q.question(lang) if q else "", form=form,
                       error=error, config=data, alternates=languages,
                       choices=_choices(site, lang) if any(f["iri"] for f in form) else [],
                       view=view, params=given)


def embed_page(site: Site, lang: str, params: dict[str, str]) -> str:
    """A saved question's picture alone (``/query/embed?q=…&view=chart``), for an iframe."""
    _ = translator(lang)
    q, given, view = _state(params)
    config = {"endpoint": "../sparql", "lang": lang, "view": view or "chart", "base": BASE,
              "messages": messages_json(lang, SCRIPT_MESSAGES), "query": "", "run": False,
              "values": messages_json(lang, sorted(VALUE_WORDS)), "columns": columns(q, lang)}
    if q is not None:
        try:
            config["query"] = bound_text(q, given)
            config["run"] = True
        except QueryError:
            pass
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    permalink = "../query?" + urlencode(params)
    return render_list("query/embed", lang, q.title(lang) if q else _("Ask the graph"), [],
                       live=True, template="embed.html", config=data, permalink=permalink)


_TERMS: dict[int, dict[str, list[str]]] = {}


def _terms(site: Site) -> dict[str, list[str]]:
    """The properties and classes the graph uses: the editor's completions (offline; made
    once per snapshot's index)."""
    from puentes.web.pages import RDF_TYPE

    key = id(site.index)
    if key not in _TERMS:
        props, classes = set(), set()
        for edges in site.index.out.values():
            for p, o in edges:
                props.add(p)
                if p == RDF_TYPE:
                    classes.add(o.value)
        _TERMS.clear()  # one snapshot at a time
        _TERMS[key] = {"property": sorted(props), "class": sorted(classes)}
    return _TERMS[key]
