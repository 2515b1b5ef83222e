"""Read YAML files keeping the line of every record and field (the registry, the ILO regions).

PyYAML's composer gives each node its position; we build plain dicts and lists that also
remember the (1-based) line of the mapping, of each key and of each list item, so that every
error can say ``organizations.yaml:42``. A key given twice in one mapping, which PyYAML would
silently resolve by keeping the last value, is remembered in ``LDict.repeated`` for the check
to report.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import DataError, DataIssue


class LDict(dict):
    """A dict from YAML that knows its line and the line of each key."""

    line: int = 0
    key_lines: dict
    #: (key, line of the repeat, line of the first) for each key given more than once
    repeated: list

    def line_of(self, key: str) -> int:
        """The line of ``key`` (or of the mapping itself when the key is absent)."""
        return self.key_lines.get(key, self.line)


class LList(list):
    """A list from YAML that knows its line and the line of each item."""

    line: int = 0
    item_lines: list


def _convert(node: yaml.Node):  # noqa: ANN202
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        out.repeated = []
        for knode, vnode in node.value:
            key = _convert(knode)
            if isinstance(key, list | dict):
                key = str(key)  # a list or mapping as key: kept as text, reported as unknown
            if key in out.key_lines:
                out.repeated.append((key, knode.start_mark.line + 1, out.key_lines[key]))
            out[key] = _convert(vnode)
            out.key_lines[key] = knode.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LList(_convert(v) for v in node.value)
        out.line = node.start_mark.line + 1
        out.item_lines = [v.start_mark.line + 1 for v in node.value]
        return out
    # Scalars: let YAML resolve the type (dates, numbers, booleans), as a reader expects; an
    # impossible date such as 2001-02-30 stays text, so the check can report it.
    try:
        return yaml.SafeLoader.construct_object(_CONSTRUCTOR, node, deep=True)
    except ValueError:
        return node.value


_CONSTRUCTOR = yaml.SafeLoader("")


def load_file(path: Path) -> LList:
    """Load one registry file: a list of records (mappings). YAML errors name line and column."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        raise DataError([DataIssue(str(path), line, None, None, getattr(err, "problem", str(err)),
                                   f"valid YAML{col}")]) from err
    if node is None:
        empty = LList()
        empty.item_lines = []
        return empty
    data = _convert(node)
    if not isinstance(data, list):
        raise DataError([DataIssue(str(path), 1, None, None, type(data).__name__,
                                   "a list of records, each starting with '- id: …'")])
    return data
