"""The mapper of source ``my-source``: <one sentence on what the source is>.

Copy this file to ``pipeline/puentes/sources/my_source.py`` (the id with ``-`` as ``_``) and
follow docs/adding-a-source.md. It maps a CSV of ``iso3,year,value`` rows to RDF Data Cube
observations with the shared helpers; ``tests/test_adding_a_source.py`` runs it as it is.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Graph

from puentes.errors import DataError, DataIssue
from puentes.ingest.catalogue import Source
from puentes.ingest.opendata.cube import dataset, is_country, number, observation
from puentes.ingest.reference import country_inputs
from puentes.namespaces import bind_prefixes

FILE = "data.csv"


def inputs(source: Source) -> list[Path]:
    """Every file the mapper reads: the snapshot, and the countries table that tells a
    country from an aggregate (``is_country`` reads it)."""
    return [source.location / FILE] + country_inputs()


def map_source(source: Source) -> Graph:
    """One observation per row; rows that are not about a country are reported."""
    path = inputs(source)[0]
    g = Graph()
    bind_prefixes(g)
    dataset(g, source.id, "<what the figures measure, with unit and ages>")
    issues, others = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            value = number(row.get("value", ""))
            if value is None:
                issues.append(DataIssue(file=str(path), line=line, record=row.get("iso3"),
                                        field="value", value=row.get("value"),
                                        expected="a decimal number such as 12.5"))
                continue
            if not is_country(row["iso3"]):
                others.append(row["iso3"])
                continue
            observation(g, source.id, country=row["iso3"], year=row["year"],
                        indicator="sdg-871-economic-activity", age="5-17", sex="total",
                        value=value)
    if issues:
        raise DataError(issues)
    if others:
        import warnings

        warnings.warn(f"{source.id}: {len(others)} row(s) left out: not countries "
                      f"({', '.join(sorted(set(others)))})", stacklevel=2)
    return g
