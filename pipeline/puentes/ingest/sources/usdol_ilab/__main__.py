"""``python -m puentes.ingest.sources.usdol_ilab``: print the mapping report of the shipped files
(``data/raw/usdol-ilab/mapping-report.md`` is this output; a test keeps it current)."""

from puentes.ingest.catalogue import load_catalogue
from puentes.ingest.sources.usdol_ilab.mapper import mapping_report

print(mapping_report(load_catalogue()["usdol-ilab"]).to_markdown(), end="")
