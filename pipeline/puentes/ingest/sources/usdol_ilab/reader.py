"""Reading the DOL XML files: parsed with the line of every element, values cleaned and
classified ("Unavailable", "N/A", "Unknown" and empty values are *missing*, and counted)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.parsers import expat

from puentes.errors import InputError

#: The words the DOL files use for "no value" (compared case-insensitively, trimmed).
MISSING = {"": "empty", "unavailable": "Unavailable", "n/a": "N/A", "unknown": "Unknown"}


@dataclass
class XmlFile:
    """A parsed XML file whose elements know their line (``line(el)``)."""

    path: Path
    root: ET.Element
    lines: dict[ET.Element, int] = field(default_factory=dict)

    def line(self, el: ET.Element | None) -> int | None:
        """The line where ``el`` starts, or None."""
        return self.lines.get(el) if el is not None else None


def parse_xml(path: Path) -> XmlFile:
    """Parse ``path``; a broken file raises :class:`InputError` naming file, line and column."""
    builder, lines = ET.TreeBuilder(), {}
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict) -> None:
        lines[builder.start(tag, attrs)] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        with path.open("rb") as fh:
            parser.ParseFile(fh)
        root = builder.close()
    except expat.ExpatError as err:
        raise InputError(f"{path}:{err.lineno}:{err.offset}: not well-formed XML "
                         f"({expat.ErrorString(err.code)})",
                         "restore the file from data/raw/usdol-ilab/ (see its README)") from err
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from err
    return XmlFile(path, root, lines)


def text(el: ET.Element | None, path: str | None = None) -> str:
    """The trimmed text of ``el`` (or of its child at ``path``), whitespace runs collapsed.

    >>> text(ET.fromstring("<a> Example  project\\n on child labor </a>"))
    'Example project on child labor'
    """
    if el is not None and path is not None:
        el = el.find(path)
    return " ".join((el.text or "").split()) if el is not None else ""


def missing_word(value: str) -> str | None:
    """The canonical spelling of a "no value" word, or None when ``value`` is a value.

    >>> missing_word(" unavailable "), missing_word("N/A"), missing_word("0.12")
    ('Unavailable', 'N/A', None)
    """
    return MISSING.get(value.strip().lower())


def decimal(value: str) -> Decimal | None:
    """A finite decimal, or None.

    >>> decimal("0.125"), decimal("Unavailable"), decimal("NaN")
    (Decimal('0.125'), None, None)
    """
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def yes_no(value: str) -> bool | None:
    """True for "Yes", False for "No", None for anything else ("N/A", "")."""
    return {"yes": True, "no": False}.get(value.strip().lower())


def clean_link(raw: str) -> str:
    """A project link as the file means it: the line breaks and spaces that split some links
    in the file removed, and ``https://`` added to the links written without a scheme.

    >>> clean_link("https://www.dol.gov/agencies/ilab/alfa-\\naddressing-labor")
    'https://www.dol.gov/agencies/ilab/alfa-addressing-labor'
    >>> clean_link(" www.dol.gov/agencies/ilab/x-3 ")
    'https://www.dol.gov/agencies/ilab/x-3'
    """
    link = re.sub(r"\s+", "", raw or "")
    if link.startswith("www."):
        link = "https://" + link
    return link
