"""The registry's schema check: runs before mapping and reports every mistake at once.

Each mistake is a :class:`~puentes.errors.DataIssue` with file, line, record id, field, the
value and what is expected: unknown country codes, dates in the wrong form, end before start,
dangling references, duplicate ids, missing or incomplete sources, unknown fields, unknown
concept slugs.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
from rdflib import Graph
from rdflib.namespace import SKOS

from ..errors import DataIssue
from ..namespaces import PSC
from ..paths import data_dir, ontology_dir
from .loader import LDict, LList, load_file
from .schema import (
    EXPECT,
    KINDS,
    MEMBER_FIELDS,
    PARTICIPANT_FIELDS,
    PRACTICE_FIELDS,
    SOURCE_FIELDS,
    Kind,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
ISO3 = re.compile(r"^[A-Z]{3}$")
REGION = re.compile(r"^m49-\d{3}$")


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes: pycountry's, plus those of the shipped reference table."""
    codes = {c.alpha_3 for c in pycountry.countries}
    table = data_dir() / "raw" / "countries" / "country-codes.csv"
    if table.is_file():
        with table.open(encoding="utf-8-sig", newline="") as fh:
            codes |= {r["ISO3166-1-Alpha-3"].strip() for r in csv.DictReader(fh)
                      if r["ISO3166-1-Alpha-3"].strip()}
    return frozenset(codes)


@lru_cache(maxsize=32)
def concept_slugs(scheme: str) -> frozenset[str]:
    """The concept slugs of ``psc:<scheme>`` from ``ontology/schemes/<scheme>.ttl``."""
    path = ontology_dir() / "schemes" / f"{scheme}.ttl"
    if not path.is_file():
        return frozenset()
    g = Graph().parse(path)
    prefix = f"{PSC}{scheme}/"
    return frozenset(str(c)[len(prefix):] for c in g.subjects(SKOS.inScheme, PSC[scheme])
                     if str(c).startswith(prefix))


def date_text(value: object) -> str | None:
    """A registry date as text (YYYY, YYYY-MM or YYYY-MM-DD), or None when malformed."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return str(value)
    if isinstance(value, str) and DATE.match(value.strip()):
        text = value.strip()
        if len(text) == 10:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                return None
        return text
    return None


@dataclass
class Record:
    """One record of a registry file, with where it is."""

    kind: Kind
    data: LDict
    file: Path

    @property
    def id(self) -> str:
        """The record's id (may be malformed before the check)."""
        return str(self.data.get("id", ""))


@dataclass
class Registry:
    """All records of all files, indexed by id."""

    records: list[Record] = field(default_factory=list)
    by_id: dict[str, Record] = field(default_factory=dict)


def load_registry(folder: Path) -> tuple[Registry, list[DataIssue]]:
    """Load every known registry file in ``folder`` (YAML errors become issues)."""
    from ..errors import DataError

    reg, issues = Registry(), []
    for kind in KINDS.values():
        path = folder / kind.file
        if not path.is_file():
            continue
        try:
            items = load_file(path)
        except DataError as err:
            issues += err.issues
            continue
        for i, item in enumerate(items):
            if not isinstance(item, LDict):
                issues.append(DataIssue(str(path), items.item_lines[i], None, None, item,
                                        "a record: a mapping starting with '- id: …'"))
                continue
            reg.records.append(Record(kind, item, path))
    for extra in sorted(folder.glob("*.y*ml")):
        if extra.name not in {k.file for k in KINDS.values()}:
            issues.append(DataIssue(str(extra), None, None, None, extra.name,
                                    "one of the registry files: " + ", ".join(
                                        k.file for k in KINDS.values())))
    return reg, issues


class _Checker:
    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.issues: list[DataIssue] = []

    def add(self, rec: Record, fld: str | None, value: object, expected: str,
            container: LDict | None = None, line: int | None = None) -> None:
        where = container if container is not None else rec.data
        ln = line or (where.line_of(fld) if fld and isinstance(where, LDict) else where.line)
        self.issues.append(DataIssue(str(rec.file), ln, rec.id or None, fld, value, expected))

    # -- the value types ---------------------------------------------------------------
    def value(self, rec: Record, fld: str, typ: str, value: object, where: LDict,
              line: int | None = None) -> None:
        if typ.startswith("list:"):
            inner = typ[5:]
            items = value if isinstance(value, list) else [value]
            lines = getattr(value, "item_lines", [None] * len(items))
            for v, ln in zip(items, lines, strict=False):
                self.value(rec, fld, inner, v, where, ln)
            return
        ok, expected = True, EXPECT.get(typ, typ)
        if typ == "id":
            ok = isinstance(value, str) and bool(SLUG.match(value))
        elif typ == "names":
            ok = isinstance(value, dict) and bool(value) and all(
                isinstance(k, str) and re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$", k)
                and isinstance(v, str) and v.strip() for k, v in value.items())
        elif typ == "text":
            ok = isinstance(value, str) and bool(value.strip())
        elif typ == "date":
            ok = date_text(value) is not None
        elif typ == "fulldate":
            ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        elif typ == "year":
            ok = isinstance(value, int) and 1000 <= value <= 2999
        elif typ == "decimal":
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        elif typ == "bool":
            ok = isinstance(value, bool)
        elif typ == "url":
            ok = isinstance(value, str) and bool(re.match(r"^https?://\S+$", value))
        elif typ == "currency":
            ok = isinstance(value, str) and bool(ISO3.match(value))
        elif typ == "wikidata":
            ok = isinstance(value, str) and bool(re.match(r"^Q\d+$", value))
        elif typ == "country":
            ok = isinstance(value, str) and value in country_codes()
        elif typ == "agent":
            ok = isinstance(value, str) and (
                value in country_codes() or self._is(value, ("organization",)))
        elif typ == "place":
            ok = isinstance(value, str) and (value in country_codes()
                                             or bool(REGION.match(value)))
        elif typ.startswith("concept:"):
            scheme = typ[8:]
            slugs = concept_slugs(scheme)
            ok = isinstance(value, str) and value in slugs
            expected = f"a concept of the {scheme} scheme: " + ", ".join(sorted(slugs))
        elif typ.startswith("ref:"):
            kinds = tuple(typ[4:].split("|"))
            ok = isinstance(value, str) and self._is(value, kinds)
            expected = f"the id of a record of kind {' or '.join(kinds)} that exists"
        if not ok:
            self.add(rec, fld, value, expected, where, line)

    def _is(self, ident: str, kinds: tuple[str, ...]) -> bool:
        target = self.reg.by_id.get(ident)
        return target is not None and target.kind.name in kinds

    # -- records -----------------------------------------------------------------------
    def fields(self, rec: Record, data: LDict, spec: dict[str, str], what: str) -> None:
        for key, value in data.items():
            if key == "id" and data is rec.data:
                continue  # checked once, with duplicates, in check_registry
            if key not in spec:
                close = [k for k in spec if k[:3] == str(key)[:3]]
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.add(rec, key, value, f"one of the fields of {what}: "
                         + ", ".join(spec) + hint, data)
                continue
            typ = spec[key]
            if value is None:
                self.add(rec, key, None, "a value (or remove the field)", data)
            elif typ == "sources":
                self.sources(rec, value, data)
            elif typ == "source-refs":
                ids = {str(s.get("id")) for s in rec.data.get("sources") or []
                       if isinstance(s, dict)}
                for i, ref in enumerate(value if isinstance(value, list) else [value]):
                    if ref not in ids:
                        lines = getattr(value, "item_lines", [])
                        self.add(rec, key, ref, "the id of one of this record's sources: "
                                 + ", ".join(sorted(ids)), data,
                                 lines[i] if i < len(lines) else None)
            elif typ == "members":
                self.nested(rec, key, value, MEMBER_FIELDS, ("country",), "a member")
            elif typ == "participants":
                self.nested(rec, key, value, PARTICIPANT_FIELDS, ("agent", "role"),
                            "a participant")
            elif typ == "practice":
                if isinstance(value, LDict):
                    self.fields(rec, value, PRACTICE_FIELDS, "a practice")
                else:
                    self.add(rec, key, value, "a mapping {id, name, description}", data)
            else:
                self.value(rec, key, typ, value, data)
        start, end = data.get("start", data.get("from")), data.get("end", data.get("to"))
        s, e = date_text(start), date_text(end)
        if s and e and e < s[: len(e)]:
            fld = "end" if "end" in data else "to"
            self.add(rec, fld, end, f"a date not before the start ({s})", data)

    def nested(self, rec: Record, key: str, value: object, spec: dict[str, str],
               required: tuple[str, ...], what: str) -> None:
        if not isinstance(value, LList):
            self.add(rec, key, value, f"a list of entries, each {what}")
            return
        for item in value:
            if not isinstance(item, LDict):
                self.add(rec, key, item, f"{what}: a mapping such as {{{required[0]}: …}}")
                continue
            for req in required:
                if req not in item:
                    self.add(rec, req, None, f"the field {req!r} ({what} needs it)", item)
            self.fields(rec, item, spec, what)

    def sources(self, rec: Record, value: object, where: LDict) -> None:
        if not isinstance(value, LList) or not value:
            self.add(rec, "sources", value, "a list of sources, each with url (or document) "
                     "and accessed", where)
            return
        seen = set()
        for item in value:
            if not isinstance(item, LDict):
                self.add(rec, "sources", item, "a source: {id, url, accessed, title}", where)
                continue
            self.fields(rec, item, SOURCE_FIELDS, "a source")
            if "url" not in item and "document" not in item:
                self.add(rec, "sources", None, "a source needs url or document", item)
            if "accessed" not in item:
                self.add(rec, "accessed", None, "the date you read the source (YYYY-MM-DD)",
                         item)
            sid = item.get("id")
            if sid in seen:
                self.add(rec, "id", sid, "source ids unique within the record", item)
            seen.add(sid)

    def record(self, rec: Record) -> None:
        kind = rec.kind
        required = kind.required + kind.variants.get(str(rec.data.get("kind")), ())
        for req in required:
            if req not in rec.data:
                self.add(rec, req, None, f"the field {req!r} (every {kind.name} record has it)")
        if kind.variants and "kind" in rec.data and rec.data["kind"] not in kind.variants:
            self.add(rec, "kind", rec.data["kind"], "one of " + ", ".join(kind.variants))
        self.fields(rec, rec.data, kind.fields, f"a {kind.name} record")


def check_registry(folder: Path) -> tuple[Registry, list[DataIssue]]:
    """Load and check every file; return the registry and every issue found."""
    reg, issues = load_registry(folder)
    checker = _Checker(reg)
    checker.issues = issues
    for rec in reg.records:
        ident = rec.data.get("id")
        if not isinstance(ident, str) or not SLUG.match(ident):
            checker.add(rec, "id", ident, EXPECT["id"])
            continue
        if ident in reg.by_id:
            first = reg.by_id[ident]
            checker.add(rec, "id", ident, f"a unique id; already used at "
                        f"{first.file.name}:{first.data.line}")
            continue
        reg.by_id[ident] = rec
    for rec in reg.records:
        checker.record(rec)
    issues = sorted(checker.issues, key=lambda i: (i.file, i.line or 0))
    return reg, issues
