"""puentes.rdfio: every RDF file type a steward may hand in reads into the same graph; a
broken file names its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from puentes.errors import InputError
from puentes.paths import project_root
from puentes.rdfio import parse_file

EXAMPLE = project_root() / "shapes" / "tests" / "TriangularPartnersShape-good.ttl"


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".nt", "nt"), (".rdf", "xml"),
                                        (".jsonld", "json-ld"), (".trig", "trig"),
                                        (".nq", "nquads")])
def test_every_format_reads_into_the_same_graph(tmp_path: Path, suffix, fmt):
    graph = Graph().parse(EXAMPLE)
    path = tmp_path / f"data{suffix}"
    if fmt in ("trig", "nquads"):  # quads: the named graphs are merged
        ds = Dataset()
        named = ds.graph(URIRef("https://w3id.org/puentes/graph/test"))
        for t in graph:
            named.add(t)
        ds.serialize(path, format=fmt)
    else:
        graph.serialize(path, format=fmt, encoding="utf-8")
    assert isomorphic(parse_file(path), graph)


def test_a_broken_file_gives_file_line_column_and_a_hint(tmp_path: Path):
    path = tmp_path / "x.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n")
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert err.value.message.startswith(f"{path}, line 4, column ")
    assert "broken Turtle" in err.value.message and "line and column" in err.value.hint


def test_an_unreadable_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read the file"):
        parse_file(tmp_path / "missing.ttl")
