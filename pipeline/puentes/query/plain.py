"""Each saved query as plain SPARQL: ``queries/NNN_slug.rq`` beside its ``.ttl``, so that any
SPARQL tool (YASGUI, Jena's ``arq``, ``curl`` to an endpoint) runs it as it is. The ``.rq``
files are generated from the ``.ttl`` (``python -m puentes.query.plain``) and a test checks
that they are current, as SIB's sparql-examples do.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from puentes.namespaces import with_prefixes
from puentes.query.catalogue import SavedQuery, saved_queries
from puentes.query.terms import bind_parameters
from puentes.query.text import inline_values


def plain_text(query: SavedQuery) -> str:
    """The query with the PREFIX lines it uses and its parameters' defaults bound as a
    ``VALUES`` block a person can edit (a required parameter stays a free variable)."""
    # Required parameters have no default: they stay free variables for the analyst to bind.
    optional = replace(query, parameters=[replace(p, required=False) for p in query.parameters])
    return with_prefixes(inline_values(query.text, bind_parameters(optional, {})),
                         only_used=True)


def rq_text(query: SavedQuery, lang: str = "en") -> str:
    """The content of ``NNN_slug.rq``: title, question and parameters as comments, then
    :func:`plain_text`."""
    lines = [f"# {query.number} — {query.title(lang)}"]
    lines += [f"# {line}" for line in query.question(lang).splitlines() if line.strip()]
    for p in query.parameters:
        lines.append(f"# parameter ?{p.describe()}")
    lines.append(f"# Generated from {query.name}.ttl by `python -m puentes.query.plain`; "
                 "edit the .ttl, not this file.")
    return "\n".join(lines) + "\n" + plain_text(query).rstrip() + "\n"


def write_rq_files(folder: Path | None = None) -> list[Path]:
    """Write (or rewrite) the ``.rq`` of every saved query; return the files written."""
    written = []
    for q in saved_queries(folder):
        assert q.path is not None
        target = q.path.with_suffix(".rq")
        text = rq_text(q)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_rq_files():
        print(path)
