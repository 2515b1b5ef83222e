"""The mapper of source ``usdol-ilab``: the U.S. Department of Labor's (ILAB) findings on
the worst forms of child labour, reporting year 2022 (``data/raw/usdol-ilab/``).

Per country: statistics as RDF Data Cube observations, ratification flags as ratifications,
goods produced with child or forced labour as production findings, ILAB-funded projects as
initiatives, legal standards and the advancement level as assessments. Country names are
matched to ISO 3166 with pycountry and a justified alias table; names that do not match are
reported as warnings (the build shows them), never dropped silently.
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..catalogue import Source
from ..namespaces import PSC, PU, bind_prefixes, concept, rid, slugify
from ..opendata.cube import dataset, observation

MAPPER_VERSION = "1"
REPORT_YEAR = "2022"

#: DOL names pycountry does not resolve, each with the reason for the code chosen.
ALIASES = {
    "Burma": "MMR",  # the ISO 3166 name is Myanmar
    "Congo, Democratic Republic of the": "COD",
    "Congo, Republic of the": "COG",
    "Falkland Islands (Islas Malvinas)": "FLK",
    "Russia": "RUS",  # ISO: Russian Federation
    "Saint Helena, Ascension, and Tristan da Cunha": "SHN",
    "São Tomé and Príncipe": "STP",
    "The Gambia": "GMB",
    "Turkey (Türkiye)": "TUR",
    "West Bank and the Gaza Strip": "PSE",  # ISO 3166 'Palestine, State of' covers both
}
CONVENTIONS = {
    "C_138_Ratified": "ilo-c138",
    "C_182_Ratified": "ilo-c182",
    "Convention_on_the_Rights_of_the_Child_Ratified": "crc",
    "CRC_Armed_Conflict_Ratified": "crc-opac",
    "CRC_Commercial_Sexual_Exploitation_of_Children_Ratified": "crc-opsc",
    "Palermo_Ratified": "palermo-protocol",
}
INSTRUMENT_NAMES = {
    "crc": "Convention on the Rights of the Child",
    "crc-opac": "Optional Protocol to the CRC on the involvement of children in armed conflict",
    "crc-opsc": "Optional Protocol to the CRC on the sale of children, child prostitution "
                "and child pornography",
    "palermo-protocol": "Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
                        "Especially Women and Children (Palermo Protocol)",
}
STANDARDS = {
    "Minimum_Work": "minimum-work", "Minimum_Hazardous_Work": "minimum-hazardous-work",
    "Compulsory_Education": "compulsory-education",
    "Free_Public_Education": "free-public-education",
    "Prohibition_Forced_Labor": "prohibition-forced-labour",
    "Prohibition_Child_Trafficking": "prohibition-child-trafficking",
    "Prohibition_CSEC": "prohibition-csec",
    "Prohibition_Illicit_Activities": "prohibition-illicit-activities",
    "Minimum_Compulsory_Military": "minimum-compulsory-military",
    "Minumum_Voluntary_Military": "minimum-voluntary-military",
    "Minumum_Non_State_Military": "minimum-non-state-military",
}
#: DOL good sectors → the three ILO sectors of psc:sector (manufacturing and mining are
#: industry); "Other" stays without a sector.
SECTORS = {"Agriculture": "agriculture", "Manufacturing": "industry", "Mining": "industry"}
EXPLOITATION = {"Child_Labor": "child-labour", "Forced_Labor": "forced-labour",
                "Forced_Child_Labor": "forced-child-labour"}


def inputs(source: Source) -> list[Path]:
    """The two XML files the mapper reads."""
    return [source.location / "countries.xml", source.location / "goods.xml"]


def iso3(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a DOL country name, or None."""
    if name in ALIASES:
        return ALIASES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def _number(text: str | None) -> Decimal | None:
    try:
        return Decimal(text.strip()) if text else None
    except InvalidOperation:
        return None  # "Unavailable", "N/A", "Unknown"


def _yes(text: str | None) -> bool | None:
    return {"yes": True, "no": False}.get((text or "").strip().lower())


class _Mapper:
    def __init__(self, source: Source) -> None:
        self.g = Graph()
        bind_prefixes(self.g)
        self.dataset = rid("dataset", source.id)
        self.unmatched: set[str] = set()
        self.skipped: dict[str, int] = {}

    def add(self, s, p, o) -> None:  # noqa: ANN001
        self.g.add((s, p, o))

    def country(self, name: str) -> URIRef | None:
        code = iso3(name)
        if code is None:
            self.unmatched.add(name)
            return None
        return rid("country", code)

    def observation(self, code: str, country: URIRef, indicator: str, age: str,
                    sector: str, value: Decimal) -> None:
        if age not in _ages():
            self.skipped[f"age group {age!r}"] = self.skipped.get(f"age group {age!r}", 0) + 1
            return
        # fractions in the file, percent in the graph; Decimal keeps the value exact
        observation(self.g, "usdol-ilab", country=code, year=REPORT_YEAR, indicator=indicator,
                    age=age, sex="total", sector=sector, value=value * 100)

    def statistics(self, c: ET.Element, code: str, country: URIRef) -> None:
        stats = c.find("Country_Statistics")
        if stats is None:
            self.skipped["no statistics"] = self.skipped.get("no statistics", 0) + 1
            return
        work = stats.find("Children_Work_Statistics")
        if work is not None:
            age = (work.findtext("Age_Range") or "").strip()
            total = _number(work.findtext("Total_Percentage_of_Working_Children"))
            if total is not None:
                self.observation(code, country, "working-children", age, "total", total)
            for tag, sector in (("Agriculture", "agriculture"), ("Industry", "industry"),
                                ("Services", "services")):
                share = _number(work.findtext(tag))
                if share is not None:
                    self.observation(code, country, "working-children-by-sector", age,
                                     sector, share)
        for tag, indicator, value_tag in (
                ("Education_Statistics_Attendance_Statistics", "school-attendance",
                 "Percentage"),
                ("Children_Working_and_Studying_7-14_yrs_old", "combining-work-and-school",
                 "Total")):
            el = stats.find(tag)
            value = _number(el.findtext(value_tag)) if el is not None else None
            if value is not None:
                self.observation(code, country, indicator,
                                 (el.findtext("Age_Range") or "").strip(), "total", value)
        rate = _number(stats.findtext("UNESCO_Primary_Completion_Rate/Rate"))
        if rate is not None:
            self.observation(code, country, "primary-completion-rate", "primary", "total",
                             rate)

    def ratifications(self, c: ET.Element, code: str, country: URIRef) -> None:
        for tag, instrument in CONVENTIONS.items():
            flag = _yes(c.findtext(f"Conventions/{tag}"))
            if flag is None:
                continue
            node = rid("commitment", f"usdol-ilab-{code.lower()}-{instrument}")
            inst = rid("instrument", instrument)
            self.add(node, RDF.type, PU.Commitment)
            self.add(node, RDF.type, PU.Ratification)
            self.add(node, PU.committedBy, country)
            self.add(node, PU.commitsTo, inst)
            self.add(node, PU.ratified, Literal(flag))
            self.add(node, RDFS.label, Literal(
                f"{code} {'has ratified' if flag else 'has not ratified'} {instrument}",
                lang="en"))
            self.add(node, DCTERMS.source, self.dataset)
            if instrument in INSTRUMENT_NAMES:
                self.add(inst, RDF.type, PU.LegalInstrument)
                self.add(inst, RDF.type, PU.GlobalCommitment)
                self.add(inst, RDFS.label, Literal(INSTRUMENT_NAMES[instrument], lang="en"))
                self.add(inst, DCTERMS.source, self.dataset)

    def standards(self, c: ET.Element, code: str, country: URIRef) -> None:
        for tag, slug in STANDARDS.items():
            el = c.find(f"Legal_Standards/{tag}")
            if el is None:
                continue
            node = rid("assessment", f"usdol-ilab/{code.lower()}-{REPORT_YEAR}-{slug}")
            self.add(node, RDF.type, PU.LegalStandardAssessment)
            self.add(node, PU.assessedCountry, country)
            self.add(node, PU.standardType, concept("legal-standard", slug))
            self.add(node, PU.referenceYear, Literal(REPORT_YEAR, datatype=XSD.gYear))
            self.add(node, RDFS.label, Literal(f"{code}: {slug} ({REPORT_YEAR})", lang="en"))
            exists = _yes(el.findtext("Standard"))
            if exists is not None:
                self.add(node, PU.standardExists, Literal(exists))
            age = (el.findtext("Age") or "").strip()
            if age.isdigit():
                self.add(node, PU.minimumAge, Literal(int(age)))
            meets = _yes(el.findtext("Conforms_To_Intl_Standard"))
            if meets is not None:
                self.add(node, PU.meetsInternationalStandard, Literal(meets))
            self.add(node, DCTERMS.source, self.dataset)

    def advancement(self, c: ET.Element, code: str, country: URIRef, page: str) -> None:
        text = (c.findtext("Advancement_Level") or "").strip()
        if not text:
            return
        level = slugify(text.split("–")[0])
        node = rid("assessment", f"usdol-ilab/{code.lower()}-{REPORT_YEAR}-advancement")
        self.add(node, RDF.type, PU.AdvancementAssessment)
        self.add(node, PU.assessedCountry, country)
        self.add(node, PU.advancementLevel, concept("advancement-level", level))
        self.add(node, PU.referenceYear, Literal(REPORT_YEAR, datatype=XSD.gYear))
        self.add(node, RDFS.label, Literal(f"{code}: {text} ({REPORT_YEAR})", lang="en"))
        self.add(node, RDFS.comment, Literal(text, lang="en"))
        if page.startswith("http"):
            self.add(node, RDFS.seeAlso, URIRef(page))  # the country's findings page
        self.add(node, DCTERMS.source, self.dataset)

    def projects(self, c: ET.Element, country: URIRef) -> None:
        usdol = rid("organization", "usdol")
        for p in c.findall("ILAB_Projects/Project"):
            title = " ".join((p.findtext("Title") or "").split())
            # some links in the file are broken over two lines: rejoin them
            link = re.sub(r"[\r\n\t]+", "", p.findtext("Link") or "").strip()
            if not title:
                continue
            slug = slugify(link.rstrip("/").rsplit("/", 1)[-1].removesuffix(".pdf")
                           if link else title)[:80]
            node = rid("initiative", f"ilab-{slug}")
            self.add(node, RDF.type, PU.Initiative)
            self.add(node, RDFS.label, Literal(title, lang="en"))
            self.add(node, PU.initiativeType, concept("initiative-type", "project"))
            self.add(node, PU.modality, concept("modality", "north-south"))
            if link.startswith("http") and not re.search(r'[<>"{}|\\^`]', link):
                self.add(node, RDFS.seeAlso, URIRef(link.replace(" ", "%20")))
            self.add(node, DCTERMS.source, self.dataset)
            self.add(node, PU.coversCountry, country)
            for agent, role in ((usdol, "funding"), (country, "beneficiary")):
                part = rid("participation",
                           f"ilab-{slug}--{str(agent).rsplit('/', 1)[-1].lower()}--{role}")
                self.add(part, RDF.type, PU.Participation)
                self.add(part, PU.initiative, node)
                self.add(part, PU.agent, agent)
                self.add(part, PU.role, concept("role", role))
                self.add(part, DCTERMS.source, self.dataset)

    def goods(self, root: ET.Element) -> None:
        for good in root.findall("Good"):
            name = (good.findtext("Good_Name") or "").strip()
            slug = slugify(name)
            g = concept("good", slug)
            self.add(g, RDF.type, SKOS.Concept)
            self.add(g, SKOS.inScheme, PSC["good"])
            self.add(g, SKOS.prefLabel, Literal(name, lang="en"))
            self.add(g, SKOS.notation, Literal(slug))
            sector = SECTORS.get((good.findtext("Good_Sector") or "").strip())
            if sector:
                self.add(g, PU.sector, concept("sector", sector))
            for c in good.findall("Countries/Country"):
                country = self.country((c.findtext("Country_Name") or "").strip())
                if country is None:
                    continue
                code = str(country).rsplit("/", 1)[-1]
                for tag, kind in EXPLOITATION.items():
                    if _yes(c.findtext(tag)):
                        f = rid("finding", f"usdol-ilab/{code.lower()}-{slug}-{kind}")
                        self.add(f, RDF.type, PU.ProductionFinding)
                        self.add(f, PU.commodity, g)
                        self.add(f, PU.producingCountry, country)
                        self.add(f, PU.exploitationType, concept("exploitation", kind))
                        if sector:
                            self.add(f, PU.sector, concept("sector", sector))
                        self.add(f, RDFS.label, Literal(f"{name} — {code} — {kind}",
                                                        lang="en"))
                        self.add(f, DCTERMS.source, self.dataset)

    def run(self, countries: Path, goods: Path) -> Graph:
        root = ET.parse(countries).getroot()
        for c in root.findall("Country"):
            name = (c.findtext("Name") or "").strip()
            country = self.country(name)
            if country is None:
                continue
            code = str(country).rsplit("/", 1)[-1]
            self.statistics(c, code, country)
            self.ratifications(c, code, country)
            self.standards(c, code, country)
            self.advancement(c, code, country, (c.findtext("Webpage") or "").strip())
            self.projects(c, country)
        self.goods(ET.parse(goods).getroot())
        dataset(self.g, "usdol-ilab", "Observations carry the ILAB reporting year (2022) as "
                "their reference period; the survey year of each statistic is not in the "
                "source file.")
        return self.g


def _ages() -> set[str]:
    from ..registry.check import concept_slugs

    return set(concept_slugs("age-group"))


def map_source(source: Source) -> Graph:
    """Map the findings; unmatched country names and skipped values become warnings."""
    m = _Mapper(source)
    countries, goods = inputs(source)
    g = m.run(countries, goods)
    if m.unmatched:
        warnings.warn("country names with no ISO 3166-1 code, not mapped: "
                      + ", ".join(sorted(m.unmatched)), stacklevel=2)
    for what, n in sorted(m.skipped.items()):
        warnings.warn(f"{n} statistic(s) skipped: {what}", stacklevel=2)
    return g
