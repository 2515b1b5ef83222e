"""Source ``countries``: ISO 3166-1 countries and areas, UN M49 regions, the
LDC/LLDC/SIDS groupings, names in es/en/fr, Wikidata items and the ILO's regions
(``data/raw/countries/``).

Inputs: ``country-codes.csv`` (one row per country or area), ``UNSD-m49-{en,es,fr}.csv`` (the
M49 hierarchy with region names in three languages) and ``ilo-regions.yaml`` (the five ILO
regions, curated: members only where a source names them all).

Nothing is dropped silently: codes that differ from pycountry's ISO 3166-1, rows without an
ISO alpha-3 code, and rows on which the two tables disagree are reported as warnings, which
the build prints. Mistakes in ``ilo-regions.yaml`` stop the mapping with a
:class:`~puentes.errors.DataError` naming file, line, record and field.

The package: :mod:`.tables` (the CSV tables as rows), :mod:`.differences` (what the tables
disagree on), :mod:`.curated` (the curated YAML files) and :mod:`.mapper` (the RDF).
"""

from puentes.ingest.sources.countries.mapper import MAPPER_VERSION, inputs, map_source

__all__ = ["MAPPER_VERSION", "inputs", "map_source"]
