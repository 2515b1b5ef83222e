"""The source catalogue (``data/sources.yaml``): what to ingest, declared as data.

One id per source is used everywhere: the catalogue key, the mapper module
(``puentes.ingest.sources.<id with - as _>``), the raw folder (``data/raw/<id>/``), the named graph
(``…/graph/<id>``) and the test folder (``tests/sources/<id>/``).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from puentes.errors import ConfigError, DataError
from puentes.ingest.yamlfile import read_yaml
from puentes.paths import data_dir, project_root

KINDS = ("model", "curated-registry", "reference-data", "open-data-file", "remote-api")
REQUIRED = ("title", "kind", "location", "licence", "publisher")
SOURCE_ID = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")  # ilostat-sdg-8.7.1: dots too


@dataclass(frozen=True)
class Source:
    """One entry of the catalogue."""

    id: str
    title: str
    kind: str
    location: Path
    licence: str
    publisher: str
    enabled: bool = True
    url: str | None = None
    description: str = ""
    homepage: str | None = None
    retrieved: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    mapper_name: str | None = None
    #: Where the shipped files were copied from when that is not the publisher's own site:
    #: ``repository`` (URL), ``commit`` or ``commits`` (file → commit), ``publisher``.
    mirror: dict[str, Any] = field(default_factory=dict)
    #: The sources whose graphs this one needs in the store to be validated and queried (the
    #: registry's records point at the countries graph's countries and regions): ``puentes
    #: build X`` builds them first.
    needs: tuple[str, ...] = ()

    @property
    def module_name(self) -> str:
        """The mapper module's import path: ``mapper:`` from the catalogue, else the id."""
        return "puentes.ingest.sources." + (self.mapper_name or self.id).replace("-", "_")

    def mapper(self) -> ModuleType:
        """Import the mapper module (``map_source`` and ``inputs`` live there)."""
        try:
            return importlib.import_module(self.module_name)
        except ModuleNotFoundError as err:
            raise ConfigError(
                f"source {self.id!r}: no mapper module {self.module_name}",
                f"add pipeline/puentes/ingest/sources/{self.module_name.rsplit('.', 1)[1]}.py "
                "or set 'enabled: false' for this source in data/sources.yaml",
            ) from err

    @property
    def raw_dir(self) -> Path:
        """The folder of this source's snapshot: the catalogue's ``location`` (by convention
        ``data/raw/<id>/``), where fetching writes and mapping reads."""
        return self.location


def load_catalogue(path: Path | None = None) -> dict[str, Source]:
    """Read ``data/sources.yaml`` into ``{id: Source}``, checking every entry at once."""
    path = path or data_dir() / "sources.yaml"
    if not path.is_file():
        raise ConfigError(f"{path}: the source catalogue is missing",
                          "run puentes from the project folder or set PUENTES_HOME")
    try:
        doc = read_yaml(path) or {}
    except DataError as err:
        raise ConfigError(f"the source catalogue cannot be read: {err.issues[0]}",
                          f"fix {path.name} at the line named") from None
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, dict):
        raise ConfigError(f"{path}: expected a mapping 'sources:' of id → entry",
                          "see data/sources.yaml for the form of each entry")
    problems: list[str] = []
    out: dict[str, Source] = {}
    known = {"title", "kind", "location", "licence", "publisher", "enabled", "url",
             "description", "homepage", "retrieved", "options", "mapper", "mirror", "needs"}
    for sid, entry in entries.items():
        where = f"{path.name}:{entries.line_of(sid)}: " if hasattr(entries, "line_of") else ""
        if not isinstance(sid, str) or not SOURCE_ID.match(sid):
            problems.append(f"{where}source id {sid!r}: expected lower-case letters, digits, dots "
                            "and hyphens")
            continue
        if not isinstance(entry, dict):
            problems.append(f"{where}{sid}: expected a mapping of fields")
            continue
        missing = [k for k in REQUIRED if not entry.get(k)]
        if missing:
            problems.append(f"{where}{sid}: missing {', '.join(missing)}")
            continue
        wrong = [k for k in (*REQUIRED, "url", "description", "homepage", "mapper")
                 if entry.get(k) is not None and not isinstance(entry[k], str)]
        wrong += [k for k, typ in (("enabled", bool), ("options", dict))
                  if entry.get(k) is not None and not isinstance(entry[k], typ)]
        if wrong:
            problems.append(f"{where}{sid}: field(s) {', '.join(wrong)} of the wrong type "
                            "(text; enabled: true/false; options: a mapping)")
            continue
        if entry["kind"] not in KINDS:
            problems.append(f"{where}{sid}: kind {entry['kind']!r}; expected one of "
                            f"{', '.join(KINDS)}")
            continue
        unknown = sorted(str(k) for k in set(entry) - known)
        if unknown:
            problems.append(f"{where}{sid}: unknown field(s) {', '.join(unknown)}; expected "
                            f"only {', '.join(sorted(known))}")
            continue
        mirror = entry.get("mirror")
        if mirror is not None and not (isinstance(mirror, dict) and mirror.get("repository")
                                       and (mirror.get("commit") or mirror.get("commits"))):
            problems.append(f"{sid}: mirror needs a repository and a commit (or commits: "
                            "file → commit)")
            continue
        needs = entry.get("needs") or []
        if not (isinstance(needs, list) and all(isinstance(n, str) for n in needs)):
            problems.append(f"{where}{sid}: needs: expected a list of source ids")
            continue
        out[sid] = Source(
            id=sid,
            title=entry["title"],
            kind=entry["kind"],
            location=(project_root() / entry["location"]).resolve(),
            licence=entry["licence"],
            publisher=entry["publisher"],
            enabled=bool(entry.get("enabled", True)),
            url=entry.get("url"),
            description=entry.get("description", ""),
            homepage=entry.get("homepage"),
            retrieved=str(entry["retrieved"]) if entry.get("retrieved") else None,
            options=entry.get("options") or {},
            mapper_name=entry.get("mapper"),
            mirror=entry.get("mirror") or {},
            needs=tuple(needs),
        )
    for sid, source in out.items():
        unknown_needs = [n for n in source.needs if n not in out and n not in entries]
        if unknown_needs:
            problems.append(f"{sid}: needs unknown source(s) {', '.join(unknown_needs)}")
    if not problems:
        try:
            build_order(out)
        except ConfigError as err:
            problems.append(err.args[0])
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems),
                          "fix the entries named; each source needs title, kind, location, "
                          "licence and publisher")
    return out


def needed(catalogue: dict[str, Source], ids: list[str]) -> list[str]:
    """``ids`` and every source they need, directly or through others, in build order."""
    want: set[str] = set()
    todo = list(ids)
    while todo:
        sid = todo.pop()
        if sid in want or sid not in catalogue:
            continue
        want.add(sid)
        todo.extend(catalogue[sid].needs)
    return [sid for sid in build_order(catalogue) if sid in want]


def build_order(catalogue: dict[str, Source]) -> list[str]:
    """The source ids with each after the sources it needs (catalogue order otherwise);
    a circle of needs is a configuration error naming it."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(sid: str, path: list[str]) -> None:
        if state.get(sid) == 2 or sid not in catalogue:
            return
        if state.get(sid) == 1:
            circle = " → ".join([*path[path.index(sid):], sid])
            raise ConfigError(f"sources need each other in a circle: {circle}",
                              "remove one of the needs: in data/sources.yaml")
        state[sid] = 1
        for need in catalogue[sid].needs:
            visit(need, [*path, sid])
        state[sid] = 2
        order.append(sid)

    for sid in catalogue:
        visit(sid, [])
    return order
