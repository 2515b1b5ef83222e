"""Pictures drawn from the graph: maps, flows, timelines, indicator charts and the
commitment chain.

Each picture answers a saved query (``queries/NNN_slug.ttl``), so anyone can reproduce it,
and is drawn server-side as SVG that reads without JavaScript: shapes carry ``<title>``
(hover names) and links to resource pages; a legend and a source line ("Source: …, built on
DATE") sit on every picture. Country shapes come from Natural Earth, vendored in
``static/maps/`` (no tiles or shapes fetched at run time).

- :mod:`.svg` — the SVG document, colour scales (viridis, Okabe–Ito), legend, source line;
- :mod:`.world` — the world choropleth (Equal Earth, shapes keyed by ISO 3166-1 alpha-3);
- :mod:`.charts`, :mod:`.flows`, :mod:`.timeline`, :mod:`.chain` — the other drawings;
- :mod:`.kinds` — each picture kind: its saved query, its parameters, its drawing;
- :mod:`.output` — writing SVG, standalone HTML or PNG files.

The pages that show them (resource pages, the overview) are rendered by
:mod:`puentes.web.pictures`.
"""
