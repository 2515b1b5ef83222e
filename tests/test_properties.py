"""Property-based tests (hypothesis) of the readers and mappers: arbitrary input never
crashes them — it is read or refused with a clear error — and valid input round-trips into
RDF that every writer and reader accepts."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path
from tempfile import TemporaryDirectory

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from puentes.cli import cli
from puentes.errors import DataError, InputError
from puentes.ingest.registry.check import check_registry
from puentes.ingest.registry.mapper import map_registry
from puentes.ingest.sources.countries.tables import read_table
from puentes.ingest.sources.usdol_ilab.reader import parse_xml
from puentes.ingest.weburl import is_web_url
from puentes.ingest.yamlfile import read_yaml
from puentes.namespaces import rid

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
#: Printable text of any script — what a steward may type — without control characters,
#: surrogates or non-characters.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co")), min_size=1,
               max_size=60).filter(lambda s: s.strip())
SLUG = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
YAMLISH = st.text(st.sampled_from(list(":-[]{}&*!|>'\"#%@` \n\t,?") + list(string.ascii_letters)
                                  + ["é", "\x07", "\x00", "\ufeff", "\u2028"]), max_size=300)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@SETTINGS
@given(st.one_of(st.binary(max_size=400), YAMLISH.map(lambda s: s.encode("utf-8",
                                                                          "surrogatepass"))))
def test_the_registry_reader_never_crashes(data):
    with TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, "organizations.yaml", data)
        _reg, issues = check_registry(folder)  # issues, never an exception
        for issue in issues:
            assert issue.file.endswith("organizations.yaml") and issue.expected
        try:
            read_yaml(folder / "organizations.yaml")
        except DataError as err:
            assert "organizations.yaml" in str(err)


@settings(max_examples=10, deadline=None)
@given(YAMLISH)
def test_registry_check_on_arbitrary_text_never_shows_a_traceback(text):
    with TemporaryDirectory() as tmp:
        _write(Path(tmp), "events.yaml", text.encode("utf-8", "surrogatepass"))
        result = CliRunner().invoke(cli, ["registry", "check", tmp])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


ORGANIZATION = st.fixed_dictionaries({
    "id": SLUG,
    "name": st.dictionaries(st.sampled_from(["en", "es", "fr", "pt"]), TEXT, min_size=1),
    "type": st.sampled_from(["regional-body", "network", "ngo", "un-agency"]),
    "founded": st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)),
    "website": st.from_regex(r"\Ahttps://[a-z]{1,10}\.org(/([A-Za-z0-9._~-]|%[0-9A-F]{2}){0,12})"
                             r"{0,3}\Z"),
    "notes": TEXT,
    "sources": st.just([{"url": "https://example.org/source", "accessed": dt.date(2024, 5, 1),
                         "title": "A page read for the test"}]),
})


@pytest.mark.slow  # hypothesis: many generated registries
@SETTINGS
@given(st.lists(ORGANIZATION, min_size=1, max_size=4, unique_by=lambda r: r["id"]))
def test_valid_records_round_trip_into_rdf(records):
    for rec in records:  # every name says where it comes from: here, made up for the test
        rec["translated"] = sorted(rec["name"])
    with TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, "organizations.yaml",
               yaml.safe_dump(records, allow_unicode=True).encode("utf-8"))
        reg, issues = check_registry(folder)
        assert issues == [], [str(i) for i in issues]
        graph = map_registry(reg)
    for rec in records:
        node = rid("organization", rec["id"])
        for lang, text in rec["name"].items():
            assert (node, RDFS.label, Literal(text.strip(), lang=lang)) in graph
        assert (node, RDFS.seeAlso, URIRef(rec["website"])) in graph
    # labels with quotes, brackets, '<script>' … survive every writer and reader
    for fmt in ("nt", "turtle", "xml"):
        again = Graph().parse(data=graph.serialize(format=fmt), format=fmt)
        assert isomorphic(again, graph), fmt
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == len(graph)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_what_the_check_calls_a_web_address_every_rdf_writer_accepts(text):
    if is_web_url(text):
        g = Graph()
        g.add((URIRef(text), RDFS.label, Literal("x")))
        ox.Store().load(g.serialize(format="nt", encoding="utf-8"),
                        format=ox.RdfFormat.N_TRIPLES)


@SETTINGS
@given(st.binary(max_size=600))
def test_the_countries_table_reader_refuses_or_reads(data):
    with TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "country-codes.csv", data)
        try:
            rows = read_table(path, ("ISO3166-1-Alpha-3",))
        except DataError as err:
            assert "country-codes.csv" in str(err)
        else:
            assert all(isinstance(r, dict) for r in rows)


@SETTINGS
@given(st.one_of(st.binary(max_size=400),
                 st.text(st.sampled_from(list("<>/=\"' &;abc\n")), max_size=200)
                 .map(lambda s: ("<Countries>" + s).encode())))
def test_the_usdol_xml_reader_refuses_or_reads(data):
    with TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "countries.xml", data)
        try:
            parse_xml(path)
        except InputError as err:
            assert "countries.xml" in str(err)
