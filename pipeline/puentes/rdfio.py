"""Reading RDF files with errors a person can act on (file, line and column).

Parsing goes through Oxigraph's parsers — fast, and precise about where a file is broken —
and the triples are handed to rdflib for the tools that need it (pyshacl).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from puentes.errors import InputError

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension (a missing file is said to be missing)."""
    if not path.exists():
        raise InputError(f"{path}: cannot read the file: no such file", "check the path")
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"{path}: unknown RDF file type {path.suffix!r}",
            "use one of " + ", ".join(sorted(FORMATS)),
        ) from None


def to_rdflib(term):  # noqa: ANN001, ANN201 - pyoxigraph term → rdflib term
    """Convert a pyoxigraph term to the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # a plain literal, as rdflib's own parsers give it
        return Literal(term.value)
    # the lexical form as written: rdflib would otherwise rewrite it ("01"^^xsd:integer as
    # "1", and the ill-typed "none"^^xsd:boolean as a well-typed-looking "false")
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term):  # noqa: ANN001, ANN201 - rdflib term → pyoxigraph term
    """Convert an rdflib term to the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def graph_quads(graph: Graph, to_graph: ox.NamedNode | None = None,
                ill_typed: set | None = None) -> list[ox.Quad]:
    """``graph``'s triples as pyoxigraph quads in the default graph, or in ``to_graph``
    (each distinct term converted once: a graph repeats its predicates, classes and
    nodes). ``ill_typed``, if given, receives the literals rdflib knows to be ill-typed: its
    parser may have rewritten their lexical form into a valid one (``"none"^^xsd:boolean``
    read as ``"false"``), which Oxigraph would then take as well-typed."""
    cache: dict = {}

    def conv(t):  # noqa: ANN001, ANN202
        o = cache.get(t)
        if o is None:
            o = cache[t] = to_oxigraph(t)
            if ill_typed is not None and getattr(t, "ill_typed", False):
                ill_typed.add(t)
        return o

    if to_graph is not None:
        return [ox.Quad(conv(s), conv(p), conv(o), to_graph) for s, p, o in graph]
    return [ox.Quad(conv(s), conv(p), conv(o)) for s, p, o in graph]


def parse_quads(path: Path) -> list[ox.Quad]:
    """Parse a file into pyoxigraph quads; a syntax error names file, line and column.

    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "bad.ttl"
    >>> _ = bad.write_text('<http://x/a> <http://x/b> "open .\\n')
    >>> try:
    ...     parse_quads(bad)
    ... except InputError as err:
    ...     print(err.message.splitlines()[0].split("/")[-1])
    bad.ttl, line 1, column 27: broken Turtle: Unexpected end of file
    """
    path = Path(path)
    fmt = rdf_format(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the file: {err.strerror}",
                         "check the path and permissions") from err
    data = _rebased(data)
    try:
        return list(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as err:
        raise InputError(_syntax_message(path, fmt, data, err),
                         "fix the syntax at the line and column given, then run again") from err


def _rebased(data: bytes) -> bytes:
    """A file's bytes under the configured base (:func:`puentes.namespaces.rebase`)."""
    from puentes.namespaces import rebase

    return rebase(data)


def _syntax_message(path: Path, fmt: ox.RdfFormat, data: bytes, err: SyntaxError) -> str:
    # Oxigraph sets lineno/offset (1-based) and says "Parser error at/between …: reason".
    reason = str(err.msg).split(": ", 1)[-1] if str(err.msg).startswith("Parser error") \
        else str(err.msg)
    name = getattr(fmt, "name", str(fmt))
    if not err.lineno:
        return f"{path}: broken {name}: {reason}"
    where = f"{path}, line {err.lineno}" + (f", column {err.offset}" if err.offset else "")
    lines = data.decode("utf-8", "replace").splitlines()
    text = lines[err.lineno - 1] if 0 < err.lineno <= len(lines) else ""
    shown = ""
    if text.strip() and len(text) <= 200:
        shown = f"\n    {text}" + (f"\n    {' ' * (err.offset - 1)}^" if err.offset else "")
    return f"{where}: broken {name}: {reason}{shown}"


def mapping_graph() -> Graph:
    """An empty graph for a mapper to fill, with the project prefixes bound.

    Backed by rdflib's ``SimpleMemory`` store: a mapper's graph is one graph (no contexts),
    and that store adds a triple in less than half the time of the default one — which
    matters for the statistics sources at a million triples (bench/README.md).
    """
    from puentes.namespaces import bind_prefixes

    g = Graph(store="SimpleMemory")
    bind_prefixes(g)
    return g


def parse_file(path: Path) -> Graph:
    """Parse an RDF file into an rdflib Graph (named graphs of quad formats are merged)."""
    g = Graph()
    for q in parse_quads(path):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


@lru_cache(maxsize=8)
def _load_turtle(files: tuple[Path, ...], stamps: tuple[float, ...]) -> Graph:
    g = Graph()
    for path in files:
        g.parse(data=_rebased(path.read_bytes()), format="turtle",
                publicID=path.resolve().as_uri())
    return g


def load_turtle_files(files: list[Path]) -> Graph:
    """Turtle files as one rdflib Graph, cached while their modification times are the same.

    Treat the result as read-only: it is shared between callers.
    """
    key = tuple(files)
    return _load_turtle(key, tuple(p.stat().st_mtime for p in key))
