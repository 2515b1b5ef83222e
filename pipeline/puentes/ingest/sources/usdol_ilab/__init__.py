"""Source ``usdol-ilab``: the U.S. Department of Labor's (ILAB) findings on the worst forms of
child labour, reporting year 2022 (``data/raw/usdol-ilab/``).

The package owns every helper of this source: :mod:`.reader` (the XML with line numbers),
:mod:`.names` (DOL country names to ISO 3166-1), :mod:`.report` (the mapping report: what was
mapped, left out and why), :mod:`.vocabulary` (what the files' tags mean in the model),
:mod:`.state` (what the parts of the mapping share), :mod:`.country_findings` and :mod:`.goods`
(the RDF of ``countries.xml`` and ``goods.xml``) and :mod:`.mapper` (the whole mapping).
``python -m puentes.ingest.sources.usdol_ilab`` prints the mapping report of the shipped files.
"""

from puentes.ingest.sources.usdol_ilab.mapper import (
    MAPPER_VERSION,
    inputs,
    map_source,
    mapping_report,
)

__all__ = ["MAPPER_VERSION", "inputs", "map_source", "mapping_report"]
