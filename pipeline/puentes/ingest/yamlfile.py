"""Read YAML files that people edit, safely, keeping the line of every value (the registry,
the ILO regions, the source catalogue).

Everything puentes reads as YAML (the registry, the source catalogue) comes through
:func:`read_yaml`, which refuses, with the file and line named, what would otherwise crash or
hang the reader:

- a file over :data:`MAX_BYTES`, or one value over :data:`MAX_SCALAR` characters;
- bytes that are not UTF-8 (UTF-16 and binary files included; a UTF-8 byte-order mark is
  accepted), and control characters YAML does not allow (reported at their own line);
- nesting deeper than :data:`MAX_DEPTH`, an alias that refers to itself, and anchors/aliases
  that would expand to more than :data:`MAX_NODES` values (the "billion laughs");
- a syntax error: reported once, at the line where the faulty construct *opens* (an unclosed
  quote is reported where the quote is, not where the file ends).

PyYAML's composer gives each node its position; we build plain dicts and lists that also
remember the (1-based) line of the mapping, of each key and of each list item. A key given
twice in one mapping, which PyYAML would silently resolve by keeping the last value, is
remembered in ``LDict.repeated`` for the registry check to report.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import yaml

from puentes.errors import DataError, DataIssue

#: Larger than any file a person edits by hand (the whole registry is ~200 KB).
MAX_BYTES = 5_000_000
#: One value (a description, a note) longer than this is a pasting accident.
MAX_SCALAR = 100_000
#: Registry records nest four or five levels; 64 leaves room and keeps the reader safe.
MAX_DEPTH = 64
#: Values after expanding aliases: far above the registry's ~20,000, far below a bomb's.
MAX_NODES = 500_000

#: Characters YAML 1.1 refuses (C0/C1 controls but tab, newline, CR and NEL; DEL; surrogates;
#: the non-characters U+FFFE and U+FFFF).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: The same, once YAML escapes ("\0", "\x07", "\ud800") are decoded: values that would break
#: Turtle, N-Triples, XML or HTML downstream.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


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


def _issue(path: Path, line: int | None, value: object, expected: str) -> DataError:
    return DataError([DataIssue(str(path), line, None, None, value, expected)],
                     f"fix {path.name} at the line named, then run the command again")


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The text of a YAML file people edit: UTF-8 (a byte-order mark is dropped), no larger
    than ``max_bytes``, without the control characters YAML refuses; else a
    :class:`DataError` naming the file, the line and what to do."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            # the line where the limit is passed: the first max_bytes only are read
            with path.open("rb") as fh:
                head = fh.read(max_bytes)
            line = head.count(b"\n") + 1
            raise _issue(path, line, f"{size:,} bytes, past the limit on line {line:,}",
                         f"a file of at most {max_bytes:,} bytes (is it the right file? split "
                         "a large file, or move long texts to a document and cite it)")
        data = path.read_bytes()
    except OSError as err:
        raise _issue(path, None, err.strerror or str(err), "a readable file") from err
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                        codecs.BOM_UTF32_BE)) and not data.startswith(codecs.BOM_UTF8):
        raise _issue(path, 1, "a UTF-16 or UTF-32 byte-order mark",
                     "text encoded as UTF-8 (save the file as UTF-8, without BOM)")
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise _issue(path, line, "a NUL byte (a binary file, or UTF-16 text)",
                     "a YAML text file encoded as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = err.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        line = data[:start].count(b"\n") + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        raise _issue(path, line, f"the byte 0x{data[start]:02x} at column {column}",
                     "text encoded as UTF-8 (re-save the file as UTF-8; it looks like "
                     "Latin-1/Windows-1252 or a binary file)") from None
    bad = _FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise _issue(path, line, f"the control character U+{ord(bad.group()):04X} at column "
                     f"{column}", "printable text (delete the invisible character; a tab or "
                     "a line break is fine)")
    return text


def _mark_line(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None


def _syntax_error(path: Path, err: yaml.YAMLError) -> DataError:
    """One issue for a YAML error, at the line where the faulty construct opens."""
    problem = getattr(err, "problem", None) or str(err)
    context = getattr(err, "context", None)
    problem_mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    line = _mark_line(problem_mark)
    detail = f"valid YAML ({problem}"
    if problem_mark is not None:
        detail += f" at line {problem_mark.line + 1}, column {problem_mark.column + 1}"
    # A scanner error "while scanning a quoted scalar / a simple key / …" began where its
    # context mark is: an unclosed quote is reported where the quote opens, not at the end.
    if isinstance(err, yaml.scanner.ScannerError) and context_mark is not None:
        line = _mark_line(context_mark)
        detail += f"; {context} that starts at line {line}, column {context_mark.column + 1}"
    elif context and context_mark is not None:
        detail += f"; {context} at line {context_mark.line + 1}"
    detail += ")"
    return _issue(path, line, "a YAML syntax error", detail)


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses deep nesting and recursive aliases."""

    def __init__(self, stream: str, path: Path) -> None:
        super().__init__(stream)
        self._path = path
        self._depth = 0
        self._open_anchors: set[str] = set()

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            if event.anchor in self._open_anchors:
                raise _issue(self._path, _mark_line(event.start_mark), f"*{event.anchor}",
                             f"no alias inside the value it refers to (&{event.anchor} "
                             "contains itself: write the value out)")
            return super().compose_node(parent, index)
        event = self.peek_event()
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR:
            raise _issue(self._path, _mark_line(event.start_mark),
                         f"a value of {len(event.value):,} characters",
                         f"a value of at most {MAX_SCALAR:,} characters")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _issue(self._path, _mark_line(event.start_mark), f"nesting deeper than "
                         f"{MAX_DEPTH} levels", "records nested a few levels deep (is an "
                         "indentation or a bracket wrong?)")
        anchor = getattr(event, "anchor", None)
        if anchor:
            self._open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor:
                self._open_anchors.discard(anchor)


class _Converter:
    """Nodes → LDict/LList/scalars, counting values so that aliases cannot explode."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def __call__(self, node: yaml.Node, depth: int = 0):  # noqa: ANN204
        self.count += 1
        if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_SCALAR:
            # The bounded composer stops earlier on this; libyaml's does not look.
            raise _issue(self.path, _mark_line(node.start_mark),
                         f"a value of {len(node.value):,} characters",
                         f"a value of at most {MAX_SCALAR:,} characters")
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _issue(self.path, _mark_line(node.start_mark), "anchors and aliases (*name) "
                         f"that expand to more than {MAX_NODES:,} values or {MAX_DEPTH} levels",
                         "each alias used a few times at most (write the values out)")
        if isinstance(node, yaml.MappingNode):
            out = LDict()
            out.line = node.start_mark.line + 1
            out.key_lines = {}
            out.repeated = []
            for knode, vnode in node.value:
                key = self(knode, depth + 1)
                if isinstance(key, list | dict):
                    key = str(key)  # a list or mapping as key: kept as text, reported unknown
                elif not isinstance(key, str | int | float | bool | None):
                    key = str(key)  # dates and other scalars: hashable text
                if key in out.key_lines:
                    out.repeated.append((key, knode.start_mark.line + 1, out.key_lines[key]))
                out[key] = self(vnode, depth + 1)
                out.key_lines[key] = knode.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            out = LList(self(v, depth + 1) for v in node.value)
            out.line = node.start_mark.line + 1
            out.item_lines = [v.start_mark.line + 1 for v in node.value]
            return out
        # Scalars: let YAML resolve the type (dates, numbers, booleans), as a reader expects;
        # an impossible date such as 2001-02-30 stays text, so the check can report it.
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            return node.value


#: libyaml's composer (C), when PyYAML was built with it: ~10x faster than the pure-Python one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def read_yaml(path: Path, max_bytes: int = MAX_BYTES):  # noqa: ANN201 - any YAML value
    """The single YAML document in ``path`` as LDict/LList/scalars (None when empty), or a
    :class:`DataError` naming the file and line of the first problem."""
    text = read_text(path, max_bytes)
    if _FAST_LOADER is not None:
        # libyaml composes the same nodes, with their positions, ~10x faster. It is safe on
        # hostile input too: it refuses nesting deeper than 1,000 levels itself, and aliases
        # are shared nodes, so a bomb or a self-reference costs nothing until the converter
        # walks it — which counts values, depth and value lengths. Whatever it refuses is
        # read again by the bounded reader below, so that every error is reported exactly
        # as before: at the line where the faulty construct opens, first problem first.
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)
            return None if node is None else _Converter(path)(node)
        except (yaml.YAMLError, DataError):
            pass
    loader = _BoundedLoader(text, path)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as err:
        raise _syntax_error(path, err) from None
    except RecursionError:  # a guard of last resort: MAX_DEPTH should stop it first
        raise _issue(path, None, "nesting too deep",
                     "records nested a few levels deep") from None
    finally:
        loader.dispose()
    return None if node is None else _Converter(path)(node)


def load_file(path: Path) -> LList:
    """Load one file that is a list of records (mappings): a registry file, the ILO regions.
    Errors name the file and line."""
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
