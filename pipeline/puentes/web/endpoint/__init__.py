"""The public SPARQL endpoint of ``puentes serve``: the HTTP protocol (``protocol``), query
worker processes over an immutable snapshot of the store (``pool``, ``worker``,
``snapshot``) and the results writers (``results``). See docs/serving.md for the design."""
