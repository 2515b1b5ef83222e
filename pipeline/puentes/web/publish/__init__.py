"""Publishing the graph as linked open data: a folder a plain static web server can host.

``publish(store, out_dir)`` writes dumps, the DCAT/VoID description, the ontology and its
documentation, one page per resource (HTML, Turtle, JSON-LD), an index per class, the saved
queries and a sitemap — into a temporary sibling folder first, swapped in only when
everything succeeded, so that a failed run never leaves a half-published site.
"""

from puentes.web.publish.site import PublishResult, publish

__all__ = ["PublishResult", "publish"]
