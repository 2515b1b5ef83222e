"""The mapper of source ``usdol-ilab``: the U.S. Department of Labor's (ILAB) findings on
the worst forms of child labour, reporting year 2022 (``data/raw/usdol-ilab/``).

Per country (``countries.xml``): the statistics as RDF Data Cube observations (fractions in
the file, percent in the graph), the ratification flags as ratifications, the legal
standards and the advancement level as assessments, the ILAB-funded projects as initiatives
(north–south: the U.S. Department of Labor funds, the country benefits). Per good
(``goods.xml``): production findings — good, sector, producing country, kind of exploitation —
and a SKOS scheme of goods. ``goods_by_good.xml`` (older, with ISO codes) is only compared
with the codes matched here.

Country names are matched to ISO 3166-1 with pycountry and a justified alias table
(:mod:`.names`); names that do not match, values given as "Unavailable",
"N/A" or "Unknown", and values that are ambiguous or do not fit the model are counted in the
mapping report (:mod:`.report`), shown by the build, never dropped silently.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

from rdflib import Graph

from puentes.errors import DataError, DataIssue
from puentes.ingest.catalogue import Source
from puentes.ingest.opendata.cube import dataset
from puentes.ingest.reference import country_inputs
from puentes.ingest.sources.usdol_ilab.country_findings import CountryFindings
from puentes.ingest.sources.usdol_ilab.goods import GoodFindings, read_good_names
from puentes.ingest.sources.usdol_ilab.reader import (
    XmlFile,
    clean_link,
    parse_xml,
    text,
    yes_no,
)
from puentes.ingest.sources.usdol_ilab.report import MappingReport
from puentes.ingest.sources.usdol_ilab.vocabulary import EXPLOITATION, GOOD_NAMES, SECTORS

MAPPER_VERSION = "2"
def inputs(source: Source) -> list[Path]:
    """The three XML files, the goods' es/fr names when present, and the reference table of
    countries (territory status)."""
    names = [source.location / GOOD_NAMES] if (source.location / GOOD_NAMES).is_file() else []
    return [source.location / name for name in ("countries.xml", "goods.xml",
                                                "goods_by_good.xml")] + names + country_inputs()


def check_structure(countries: XmlFile, goods: XmlFile) -> None:
    """Every structural problem of the two files at once, as a :class:`DataError`."""
    issues: list[DataIssue] = []

    def issue(f: XmlFile, el: ET.Element | None, record: str | None, field: str | None,
              value: object, expected: str) -> None:
        issues.append(DataIssue(f.path.name, f.line(el), record, field, value, expected))

    if countries.root.tag != "Countries":
        issue(countries, countries.root, None, None, countries.root.tag, "root <Countries>")
    for c in countries.root:
        if c.tag != "Country":
            issue(countries, c, None, None, c.tag, "only <Country> elements in <Countries>")
        elif not text(c, "Name"):
            issue(countries, c, None, "Name", "", "the country's name")
    if goods.root.tag != "Goods":
        issue(goods, goods.root, None, None, goods.root.tag, "root <Goods>")
    for good in goods.root:
        name = text(good, "Good_Name")
        if good.tag != "Good" or not name:
            issue(goods, good, None, "Good_Name", name, "a <Good> with its <Good_Name>")
            continue
        sector = text(good, "Good_Sector")
        if sector not in SECTORS:
            issue(goods, good, name, "Good_Sector", sector, " | ".join(SECTORS))
        for c in good.findall("Countries/Country"):
            if not text(c, "Country_Name"):
                issue(goods, c, name, "Country_Name", "", "the producing country's name")
            for tag in (*EXPLOITATION, "Derived_Labor_Exploitation"):
                if c.find(tag) is not None and yes_no(text(c, tag)) is None:
                    issue(goods, c.find(tag), name, tag, text(c, tag), "Yes | No")
    if issues:
        raise DataError(issues, "the DOL files changed shape: fix the mapper or restore the "
                                "files from data/raw/usdol-ilab/ (see its README)")


class _Mapper(CountryFindings, GoodFindings):
    """The whole mapping: the country findings, then the goods, then the comparisons."""

    def run(self, countries: XmlFile, goods: XmlFile, old: XmlFile | None) -> Graph:
        check_structure(countries, goods)
        found: list[tuple[str, str, str]] = []
        for c in countries.root.findall("Country"):
            name = text(c, "Name")
            n_projects = len(c.findall("ILAB_Projects/Project"))
            code = self.country(name, f"countries.xml:{countries.line(c)}: the country record "
                                      f"(statistics, ratifications, legal standards, "
                                      f"advancement level, {n_projects} ILAB project(s))")
            if code is None:
                continue
            self.report.mapped["countries and areas matched (countries.xml)"] += 1
            for section, method in (("Country_Statistics", self.statistics),
                                    ("Conventions", self.ratifications),
                                    ("Legal_Standards", self.standards)):
                if c.find(section) is None:
                    self.report.missing[(f"{section} (the whole section)", "absent")] += 1
                else:
                    method(countries, c, code, name)
            self.advancement(countries, c, code, name)
            for p in c.findall("ILAB_Projects/Project"):
                title = text(p, "Title")
                if not title:
                    self.report.left_out.append(
                        f"countries.xml:{countries.line(p)}: {name}: a project with no title")
                    continue
                found.append((title, clean_link(p.findtext("Link") or ""), code))
        self.projects(found)
        self.compare_goods(self.goods(goods), countries)
        if old is not None:
            self.compare_codes(old)
        dataset(self.g, "usdol-ilab", "Observations and assessments carry the ILAB reporting "
                "year (2022) as their reference period: the source file does not give the "
                "survey year of each statistic.")
        return self.g


def _map(source: Source) -> _Mapper:
    countries, goods, old = inputs(source)[:3]
    m = _Mapper(source)
    names = source.location / GOOD_NAMES
    m.good_names = read_good_names(names) if names.is_file() else None
    m.run(parse_xml(countries), parse_xml(goods), parse_xml(old) if old.is_file() else None)
    for unused in sorted(set(m.good_names or {}) - m.named_goods):
        m.report.left_out.append(f"{GOOD_NAMES}: {unused!r} is not a good of goods.xml "
                                 "(its names are not used)")
    return m


def mapping_report(source: Source) -> MappingReport:
    """The mapping report of the source's files (what was left out, and why)."""
    return _map(source).report


def map_source(source: Source) -> Graph:
    """Map the findings; what could not be mapped is reported as warnings."""
    m = _map(source)
    for line in m.report.warnings():
        warnings.warn(line, stacklevel=2)
    return m.g
