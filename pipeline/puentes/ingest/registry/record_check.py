"""The registry's check of one record at a time (:class:`RecordChecker`): every field's type
(ids, names, dates, country and region codes, concept slugs, URLs, texts without control
characters), the fields a kind allows, references to records that exist, date order within a
record, sources and the origin of every language of a record's name."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from puentes.errors import DataIssue
from puentes.i18n.lazy import Msg
from puentes.ingest.reference import country_codes, m49_regions
from puentes.ingest.registry.records import Record, Registry, date_text, datetime_text
from puentes.ingest.registry.schema import (
    COVER_ROLE_FIELDS,
    EXPECT,
    MEMBER_FIELDS,
    MENTION_FIELDS,
    PARTICIPANT_FIELDS,
    PRACTICE_FIELDS,
    SOURCE_FIELDS,
    STEP_FIELDS,
    SUSPENSION_FIELDS,
    concept_slugs,
)
from puentes.ingest.weburl import EXPECTED as URL_EXPECTED
from puentes.ingest.weburl import is_web_url
from puentes.ingest.yamlfile import CONTROL, LDict, LList

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO3 = re.compile(r"^[A-Z]{3}$")
REGION = re.compile(r"^m49-\d{3}$")
LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
TEXT_EXPECTED = Msg("text without control characters (delete the invisible character)")

#: Issue 17 §5: every language of a record's ``name`` is either read in a source
#: (``name_sources``) or a translation by the project (``translated``). Since every record
#: has its name origins (issue 17, names17) a language with neither is an error that stops
#: the check and the build; set to False to report it as a warning only (``puentes registry
#: check`` shows it and exits 0), e.g. while a folder of older records is being converted.
NAME_ORIGIN_IS_ERROR = True


def _a(noun: str) -> Msg:
    """``a noun`` or ``an noun``: each language its own article (the checker's messages are
    :class:`~puentes.i18n.lazy.Msg`, shown in the reader's language)."""
    return Msg("an {noun}", noun=noun) if noun[:1] in "aeiou" else Msg("a {noun}", noun=noun)


def _either(words: tuple[str, ...]) -> str:
    """``a or b or c`` (``or`` in the reader's language)."""
    return words[0] if len(words) == 1 else Msg("{a} or {b}", a=_either(words[:-1]),
                                                b=words[-1])


def _record(kind: str) -> Msg:
    return _a(Msg("{kind} record", kind=kind))


def _lines(value: object, n: int) -> list[int | None]:
    lines = list(getattr(value, "item_lines", []))
    return lines + [None] * (n - len(lines))


class RecordChecker:
    """Checks records one by one, adding each mistake to ``issues`` (or, for what does not
    stop the check, to the registry's ``warnings``)."""


    def __init__(self, reg: Registry, issues: list[DataIssue]) -> None:
        self.reg = reg
        self.issues = issues
        self.today = dt.date.today()

    def add(self, rec: Record, fld: str | None, value: object, expected: str,
            container: LDict | None = None, line: int | None = None, *,
            warning: bool = False) -> None:
        where = container if container is not None else rec.data
        ln = line or (where.line_of(fld) if fld and isinstance(where, LDict) else where.line)
        if isinstance(value, dt.date):  # shown as written, not as datetime.date(…)
            value = value.isoformat()
        issue = DataIssue(str(rec.file), ln, rec.id or None, fld, value, expected)
        (self.reg.warnings if warning else self.issues).append(issue)

    # -- the value types ---------------------------------------------------------------
    def value(self, rec: Record, fld: str, typ: str, value: object, where: LDict,
              line: int | None = None) -> None:
        if typ.startswith("list:"):
            items = value if isinstance(value, list) else [value]
            for v, ln in zip(items, _lines(value, len(items)), strict=True):
                self.value(rec, fld, typ[5:], v, where, ln)
            return
        ok, expected = True, EXPECT.get(typ, typ)
        if typ == "id":
            ok = isinstance(value, str) and bool(SLUG.match(value))
        elif typ == "names":
            ok = isinstance(value, dict) and bool(value) and all(
                isinstance(k, str) and LANG.match(k) and isinstance(v, str) and v.strip()
                for k, v in value.items())
            if ok and any(CONTROL.search(v) for v in value.values()):
                ok, expected = False, TEXT_EXPECTED
        elif typ == "lang":
            ok = isinstance(value, str) and bool(LANG.match(value))
        elif typ == "text":
            ok = isinstance(value, str) and bool(value.strip())
            if ok and CONTROL.search(value):
                ok, expected = False, TEXT_EXPECTED
        elif typ == "date":
            ok = date_text(value) is not None
        elif typ == "datetime":
            ok = datetime_text(value) is not None
        elif typ in ("fulldate", "searchdate"):
            ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime) \
                and value <= self.today
        elif typ == "year":
            ok = isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999
        elif typ == "decimal":
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        elif typ == "bool":
            ok = isinstance(value, bool)
        elif typ == "url":
            ok, expected = is_web_url(value), URL_EXPECTED
        elif typ == "domain":
            ok = isinstance(value, str) and bool(DOMAIN.match(value))
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
        elif typ == "scope":
            regions = m49_regions()
            # a body or an initiative searched, or an M49 region (001, the World, included:
            # the countries graph has it as the top of every region chain)
            ok = isinstance(value, str) and (
                self._is(value, ("organization", "initiative"))
                or (bool(REGION.match(value))
                    and (value[4:] in regions or value == "m49-001"
                         or not regions)))  # no reference table here: the form only
        elif typ.startswith("concept:"):
            scheme = typ[8:]
            slugs = concept_slugs(scheme)
            if slugs:
                ok = isinstance(value, str) and value in slugs
                expected = Msg("a concept of the {scheme} scheme: {slugs}", scheme=scheme,
                               slugs=", ".join(sorted(slugs)))
            else:  # the scheme lists no concepts (yet): any slug will do
                ok = isinstance(value, str) and bool(SLUG.match(value))
                expected = EXPECT["id"]
        elif typ.startswith("ref:"):
            kinds = tuple(typ[4:].split("|"))
            ok = isinstance(value, str) and self._is(value, kinds)
            expected = Msg("the id of {record} that exists", record=_record(_either(kinds)))
            if isinstance(value, str) and value in self.reg.by_id and not ok:
                expected = Msg("{expected} ({value!r} is {kind})", expected=expected,
                               value=value, kind=_a(self.reg.by_id[value].kind.name))
        if not ok:
            self.add(rec, fld, value, expected, where, line)

    def _is(self, ident: str, kinds: tuple[str, ...]) -> bool:
        target = self.reg.by_id.get(ident)
        return target is not None and target.kind.name in kinds

    # -- records -----------------------------------------------------------------------
    def fields(self, rec: Record, data: LDict, spec: dict[str, str], what: str,
               specific: dict[str, tuple[str, ...]] | None = None, switch: str = "") -> None:
        for key, line, first in getattr(data, "repeated", []):
            self.add(rec, key, data[key], Msg("each field once; {key!r} is also on line "
                     "{first} (YAML keeps only the last one): merge the two", key=key,
                     first=first), data, line)
        for key, value in data.items():
            if key == "id" and data is rec.data:
                continue  # checked once, with duplicates, in check_registry
            if key not in spec:
                close = difflib.get_close_matches(str(key), list(spec), n=1, cutoff=0.6)
                fields = ", ".join(spec)
                self.add(rec, key, value, Msg(
                    "one of the fields of {what}: {fields} (did you mean {close!r}?)",
                    what=what, fields=fields, close=close[0]) if close else Msg(
                    "one of the fields of {what}: {fields}", what=what, fields=fields), data)
                continue
            if specific and key in specific and data.get(switch) not in specific[key]:
                self.add(rec, key, value, Msg("no {key!r} here: it is for records of "
                                              "{switch} {values}", key=key, switch=switch,
                                              values=_either(specific[key])), data)
                continue
            typ = spec[key]
            if value is None:
                self.add(rec, key, None, Msg("a value (or remove the field)"), data)
            elif typ == "sources":
                self.sources(rec, value, data)
            elif typ == "source-refs":
                self.source_refs(rec, key, value, data)
            elif typ == "name-sources":
                if not isinstance(value, LDict) or not value:
                    self.add(rec, key, value, EXPECT[typ], data)
                    continue
                for lang, refs in value.items():
                    self.value(rec, key, "lang", lang, value)
                    self.source_refs(rec, key, refs, value)
            elif typ == "members":
                self.nested(rec, key, value, MEMBER_FIELDS, ("country",), Msg("a member"))
                self.members(rec, value)
            elif typ == "suspensions":
                self.nested(rec, key, value, SUSPENSION_FIELDS, ("from", "sources"),
                            Msg("a suspension"))
                self.suspensions(rec, data, value)
            elif typ == "mentions":
                self.nested(rec, key, value, MENTION_FIELDS, ("name",),
                            Msg("a thing named but not sourced"))
            elif typ == "participants":
                self.nested(rec, key, value, PARTICIPANT_FIELDS, ("agent", "role"),
                            Msg("a participant"))
                self.overlaps(rec, value, ("agent", "role"), Msg("participant"))
            elif typ == "steps":
                self.nested(rec, key, value, STEP_FIELDS, ("step",), Msg("a step"))
                self.steps(rec, value)
            elif typ == "covers-roles":
                self.nested(rec, key, value, COVER_ROLE_FIELDS, ("role", "sources"),
                            Msg("a covered membership role"))
                if "covers_members_of" not in data:
                    self.add(rec, key, value, Msg("covers_members_of: the body whose "
                             "members with these roles the initiative covers"), data)
            elif typ == "practice":
                if isinstance(value, LDict):
                    if "id" not in value:
                        self.add(rec, "id", None, Msg("the field {req!r} ({what} needs it)",
                                                      req="id", what=Msg("a practice")), value)
                    self.fields(rec, value, PRACTICE_FIELDS, Msg("a practice"))
                else:
                    self.add(rec, key, value, Msg("a mapping {id, name, description}"), data)
            else:
                self.value(rec, key, typ, value, data)
        self.period(rec, data)

    def steps(self, rec: Record, value: object) -> None:
        """A step says when (``date``) or at which event (``at``); adoption has its fields."""
        for item in value if isinstance(value, LList) else []:
            if not isinstance(item, LDict):
                continue
            if "date" not in item and "at" not in item:
                self.add(rec, "date", None, Msg("the date of the step, or the event it took "
                                                "place at (at: <event id>)"), item)
            if item.get("step") == "adoption":
                self.add(rec, "step", "adoption", Msg("a step other than adoption: give the "
                         "adoption in the record's adopted: and adopted_at: fields"), item)

    def members(self, rec: Record, value: object) -> None:
        """A country is a member of a body once per period: no line repeats another, and two
        lines of one country do not overlap (a withdrawal closes the line with ``to``; a
        later return is a new line from after it). ``role: suspended`` lines, the older way
        of writing a suspension, overlap their membership by design and are left out."""
        lines: dict[str, list[tuple[LDict, str | None, str | None]]] = {}
        for item in value if isinstance(value, LList) else []:
            if not isinstance(item, LDict) or item.get("role") == "suspended":
                continue
            span = (date_text(item.get("from")), date_text(item.get("to")))
            for earlier, f, t in lines.get(str(item.get("country")), []):
                if (f, t, earlier.get("role")) == (*span, item.get("role")):
                    self.add(rec, "country", item.get("country"), Msg(
                        "each member once; the same line is on line {line}: remove one",
                        line=earlier.line), item)
                elif before(f, span[1]) and before(span[0], t):
                    self.add(rec, "from", item.get("from"), Msg(
                        "membership periods of one country that do not overlap; line {line} "
                        "makes {country} a member from {start} to {end} (close the earlier "
                        "line with to: <the date it ended>, or merge the two)",
                        line=earlier.line, country=item.get("country"),
                        start=f or Msg("the start"), end=t or Msg("today")), item)
            lines.setdefault(str(item.get("country")), []).append((item, *span))

    def suspensions(self, rec: Record, member: LDict, value: object) -> None:
        """A suspension lies within the membership it suspends."""
        start, end = date_text(member.get("from")), date_text(member.get("to"))
        for item in value if isinstance(value, LList) else []:
            if not isinstance(item, LDict):
                continue
            f, t = date_text(item.get("from")), date_text(item.get("to"))
            if f and start and before(f, start):
                self.add(rec, "from", item.get("from"), Msg(
                    "a suspension that starts within the membership, not before its 'from' "
                    "({start})", start=start), item)
            if end and f and before(end, f):
                self.add(rec, "from", item.get("from"), Msg(
                    "a suspension that starts within the membership, not after its 'to' "
                    "({end})", end=end), item)
            # A suspension with no 'to' lasts as long as the membership: a member suspended
            # until it withdrew (Mali, Burkina Faso, Niger in ECOWAS) is written that way.
            if end and t and before(end, t):
                self.add(rec, "to", item.get("to"), Msg(
                    "a suspension that ends no later than the membership's 'to' ({end})",
                    end=end), item)

    def period(self, rec: Record, data: LDict) -> None:
        start_key = next((k for k in ("start", "from", "date") if k in data), "start")
        end_key = "end" if "end" in data else "to"
        s, e = datetime_text(data.get(start_key)), datetime_text(data.get(end_key))
        # compare at the coarser precision: 2021 ends no earlier than 2021-03
        if s and e and e[: len(s)] < s[: len(e)]:
            self.add(rec, end_key, data[end_key],
                     Msg("a date not before {key!r} ({start})", key=start_key, start=s), data)

    def overlaps(self, rec: Record, value: object, keys: tuple[str, ...], what: str) -> None:
        """One country (or participant) in one role listed once per period: a second
        entry with the same role and dates, or whose period overlaps an earlier entry's in
        the same role, is reported at its line. Leaving and joining again is two entries
        whose periods do not overlap; a suspension is an entry of its own role laid over
        the membership (``role: suspended``), which may overlap it."""
        seen: dict[tuple, list[tuple[str | None, str | None, int | None]]] = {}
        items = value if isinstance(value, LList) else []
        for item, line in zip(items, _lines(items, len(items)), strict=True):
            if not isinstance(item, LDict) or not all(isinstance(item.get(k), str)
                                                      for k in keys):
                continue
            start = date_text(item.get("from"))  # None: since always
            end = date_text(item.get("to"))  # None: until now
            who = tuple(item[k] for k in keys)
            named = " ".join(str(w) for w in who)
            if "role" not in keys:  # each role has its own periods (see above)
                who += (str(item.get("role") or ""),)
            for other_start, other_end, other_line in seen.get(who, []):
                if (start, end) == (other_start, other_end):
                    self.add(rec, keys[0], who[0], Msg(
                        "each {what} listed once; {named} is also on line {line} with the "
                        "same dates: remove one entry", what=what, named=named,
                        line=other_line), item, line)
                    break
                if before(start, other_end) and before(other_start, end):
                    self.add(rec, keys[0], who[0], Msg(
                        "one {what} entry per period; {named} from {start} to {end} overlaps "
                        "the entry on line {line} ({other_start} to {other_end}): merge them, "
                        "or end one before the other starts", what=what, named=named,
                        start=start or Msg("the start"), end=end or Msg("now"),
                        line=other_line, other_start=other_start or Msg("the start"),
                        other_end=other_end or Msg("now")), item, line)
                    break
            seen.setdefault(who, []).append((start, end, line or item.line))

    def source_refs(self, rec: Record, key: str, value: object, where: LDict) -> None:
        ids = sorted(str(s.get("id")) for s in rec.data.get("sources") or []
                     if isinstance(s, dict) and s.get("id") is not None)
        refs = value if isinstance(value, list) else [value]
        for ref, line in zip(refs, _lines(value, len(refs)), strict=True):
            if str(ref) not in ids:
                self.add(rec, key, ref, Msg("the id of one of this record's sources: {ids}",
                                            ids=", ".join(ids) if ids else Msg(
                                                "(none has an id yet)")), where, line)

    def nested(self, rec: Record, key: str, value: object, spec: dict[str, str],
               required: tuple[str, ...], what: str) -> None:
        if not isinstance(value, LList):
            self.add(rec, key, value, Msg("a list of entries, each {what}", what=what))
            return
        for item, line in zip(value, _lines(value, len(value)), strict=True):
            if not isinstance(item, LDict):
                self.add(rec, key, item, Msg("{what}: a mapping such as {{{key}: …}}",
                                             what=what, key=required[0]), line=line)
                continue
            for req in required:
                if req not in item:
                    self.add(rec, req, None, Msg("the field {req!r} ({what} needs it)",
                                                 req=req, what=what), item)
            self.fields(rec, item, spec, what)

    def sources(self, rec: Record, value: object, where: LDict) -> None:
        if not isinstance(value, LList) or not value:
            self.add(rec, "sources", value, Msg("a list of sources, each with url (or "
                                                "document) and accessed"), where)
            return
        seen = set()
        for item, line in zip(value, _lines(value, len(value)), strict=True):
            if not isinstance(item, LDict):
                self.add(rec, "sources", item, Msg("a source: {id, url, accessed, title}"),
                         where, line)
                continue
            self.fields(rec, item, SOURCE_FIELDS, Msg("a source"))
            if "url" not in item and "document" not in item:
                self.add(rec, "url", None, Msg("a source needs url (a web address) or "
                                               "document (a printed reference)"), item)
            if "accessed" not in item:
                self.add(rec, "accessed", None,
                         Msg("the date you read the source (YYYY-MM-DD)"), item)
            sid = item.get("id")
            if sid is not None and sid in seen:
                self.add(rec, "id", sid, Msg("source ids unique within the record"), item)
            seen.add(sid)

    def record(self, rec: Record) -> None:
        kind, data = rec.kind, rec.data
        required = kind.required + kind.variants.get(str(data.get(kind.switch)), ())
        for req in required:
            if req not in data:
                self.add(rec, req, None, Msg("the field {req!r} (every {kind} record has it)",
                                             req=req, kind=kind.name))
        if kind.variants and kind.switch in data and data[kind.switch] not in kind.variants:
            self.add(rec, kind.switch, data[kind.switch],
                     Msg("one of {values}", values=", ".join(kind.variants)))
        self.fields(rec, data, kind.fields, _record(kind.name), kind.specific,
                    kind.switch)
        self.name_origins(rec, data)
        if isinstance(data.get("practice"), LDict):
            self.name_origins(rec, data["practice"])

    def name_origins(self, rec: Record, data: LDict) -> None:
        """``name_sources`` and ``translated`` speak of languages the name has, and a name
        is either read in a source or translated by the project, not both."""
        names = data.get("name") if isinstance(data.get("name"), dict) else {}
        official = data.get("name_sources") if isinstance(data.get("name_sources"), dict) else {}
        translated = data.get("translated") or []
        translated = translated if isinstance(translated, list) else [translated]
        for key, langs in (("name_sources", list(official)), ("translated", translated)):
            for lang in langs:
                if isinstance(lang, str) and lang not in names:
                    self.add(rec, key, lang, Msg(
                        "a language the record's name is given in: {langs}",
                        langs=", ".join(names) if names else Msg("(no name)")), data)
        for lang in translated:
            if lang in official:
                self.add(rec, "translated", lang, Msg(
                    "a name either read in a source (name_sources) or translated by the "
                    "project, not both ({lang})", lang=lang), data)
        for lang in names:
            if lang not in official and lang not in translated:
                self.add(rec, "name", lang, Msg(
                    "the origin of the {lang} name: name_sources: {{{lang}: [<the id of the "
                    "source it was read in>]}} (an official name), or {lang} in translated: "
                    "[...] (a project translation)", lang=lang),
                    data, warning=not NAME_ORIGIN_IS_ERROR)


def before(a: str | None, b: str | None) -> bool:
    """``a`` strictly before ``b`` at the coarser precision of the two; ``None`` is an open
    end (``a`` None: since always; ``b`` None: until now), so it is before anything.

    >>> before("2000-12", "2017-08"), before("2021", "2021-03"), before(None, "1975")
    (True, False, True)
    """
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] < b[:n]
