"""Read registry YAML files keeping the line of every record and field.

The reading itself (encodings, size, depth and alias limits, syntax errors at the line where
they open) is :mod:`puentes.yamlfile`'s; this module adds what a registry file is: a list of
records.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, DataIssue
from ..yamlfile import LDict, LList, read_yaml

__all__ = ["LDict", "LList", "load_file"]


def load_file(path: Path) -> LList:
    """Load one registry file: a list of records (mappings). Errors name file and line."""
    data = read_yaml(path)
    if data is None:
        empty = LList()
        empty.item_lines = []
        return empty
    if not isinstance(data, list):
        raise DataError([DataIssue(str(path), getattr(data, "line", 1) or 1, None, None,
                                   "a mapping" if isinstance(data, dict) else data,
                                   "a list of records, each starting with '- id: …'")])
    return data
