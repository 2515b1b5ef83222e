"""Releases: dated, immutable versions of the published graph, what changed between two of
them, and feeds that follow a country, a body, an initiative or a saved question.

- :mod:`.versions` — where releases live, which exist, which is current; checksums;
- :mod:`.records` — which registry record (file, line, id) made each node of the graph;
- :mod:`.graphs` — a release's graph loaded from its N-Triples dump into memory;
- :mod:`.diff` — the changelog at two levels: records, and the saved questions' answers;
- :mod:`.changeset` — the changelog as Markdown, JSON and RDF (PROV), and the release notes;
- :mod:`.feeds` — Atom feeds per country, body, initiative and question (es, en, fr);
- :mod:`.citation` — CITATION.cff and DataCite metadata of a release;
- :mod:`.catalogue` — DCAT 3 versioning of the release's catalogue;
- :mod:`.make` — ``puentes release``: all of the above, in one immutable folder.
"""
