"""One mapper per source id (``usdol-ilab`` → ``puentes.ingest.sources.usdol_ilab``): a module, or a
package when the source needs more than one module (``sources/usdol_ilab/``). Shared
statistical readers live in :mod:`puentes.ingest.opendata`. See docs/adding-a-source.md.

Every mapper follows :class:`Mapper`; ``tests/test_source_contract.py`` holds every entry of
the catalogue to it (inputs, fingerprint, PROV, a graph that passes its shapes).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from rdflib import Graph

    from puentes.ingest.catalogue import Source


@runtime_checkable
class Mapper(Protocol):
    """What the build asks of a mapper module.

    - ``inputs(source)``: **every** file the mapper reads (the build hashes them to decide
      whether the source changed; a file read but not listed leaves a stale graph). Raise
      :class:`~puentes.errors.NoSnapshotError` when a remote source has no snapshot yet.
    - ``map_source(source)``: the source's RDF graph; bad input raises
      :class:`~puentes.errors.DataError` naming file, line or record, field and what is
      expected; what could not be mapped is reported with :func:`warnings.warn`.
    - optional ``fetch(source, *, base_url=None, policy=None)``: a remote source's live
      snapshot (``puentes build --refresh ID``), written all-or-nothing.
    - optional ``MAPPER_VERSION``: a string to bump when the mapping changes in a way its code
      bytes do not show (a rule read from elsewhere).
    """

    def inputs(self, source: Source) -> list[Path]: ...

    def map_source(self, source: Source) -> Graph: ...
