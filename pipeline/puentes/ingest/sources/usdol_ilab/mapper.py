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

import csv
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from puentes.errors import DataError, DataIssue
from puentes.ingest.catalogue import Source
from puentes.ingest.opendata.cube import canonical_decimal, dataset, observation
from puentes.ingest.reference import country_inputs
from puentes.ingest.sources.usdol_ilab.names import ALIASES, iso3, territory_status
from puentes.ingest.sources.usdol_ilab.reader import (
    XmlFile,
    clean_link,
    decimal,
    missing_word,
    parse_xml,
    text,
    yes_no,
)
from puentes.ingest.sources.usdol_ilab.report import MappingReport
from puentes.ingest.translation import project_translation
from puentes.namespaces import PSC, PU, bind_prefixes, concept, rid, slugify

MAPPER_VERSION = "2"
#: The findings are those of reporting year 2022 ("In 2022, …"); the file gives no survey
#: year for its statistics, so observations and assessments carry this year.
REPORT_YEAR = "2022"
CITED = "U.S. DOL, 2022"

CONVENTIONS = {
    "C_138_Ratified": "ilo-c138",
    "C_182_Ratified": "ilo-c182",
    "Convention_on_the_Rights_of_the_Child_Ratified": "crc",
    "CRC_Armed_Conflict_Ratified": "crc-opac",
    "CRC_Commercial_Sexual_Exploitation_of_Children_Ratified": "crc-opsc",
    "Palermo_Ratified": "palermo-protocol",
}
#: Short names for labels; the registry declares C138 and C182, this mapper the others.
INSTRUMENTS = {
    "ilo-c138": ("ILO C138", None),
    "ilo-c182": ("ILO C182", None),
    "crc": ("the CRC", "Convention on the Rights of the Child"),
    "crc-opac": ("the CRC-OPAC", "Optional Protocol to the Convention on the Rights of the "
                 "Child on the involvement of children in armed conflict"),
    "crc-opsc": ("the CRC-OPSC", "Optional Protocol to the Convention on the Rights of the "
                 "Child on the sale of children, child prostitution and child pornography"),
    "palermo-protocol": ("the Palermo Protocol", "Protocol to Prevent, Suppress and Punish "
                         "Trafficking in Persons, Especially Women and Children (Palermo "
                         "Protocol)"),
}
STANDARDS = {
    "Minimum_Work": "minimum-work",
    "Minimum_Hazardous_Work": "minimum-hazardous-work",
    "Types_Hazardous_Work": "types-hazardous-work",
    "Compulsory_Education": "compulsory-education",
    "Free_Public_Education": "free-public-education",
    "Prohibition_Forced_Labor": "prohibition-forced-labour",
    "Prohibition_Child_Trafficking": "prohibition-child-trafficking",
    "Prohibition_CSEC": "prohibition-csec",
    "Prohibition_Illicit_Activities": "prohibition-illicit-activities",
    "Minimum_Compulsory_Military": "minimum-compulsory-military",
    "Minumum_Voluntary_Military": "minimum-voluntary-military",  # sic, the file's spelling
    "Minumum_Non_State_Military": "minimum-non-state-military",
}
#: DOL good sectors → the sectors of psc:sector (manufacturing and mining are industry, as in
#: the ILO's three broad sectors); "Other" (one good) gets no sector.
SECTORS = {"Agriculture": "agriculture", "Manufacturing": "industry", "Mining": "industry",
           "Other": None}
EXPLOITATION = {"Child_Labor": "child-labour", "Forced_Labor": "forced-labour",
                "Forced_Child_Labor": "forced-child-labour"}
#: DOL's "derived labor exploitation": a good made with inputs produced with child or
#: forced labour (Derived_Country names where the inputs come from).
DERIVED = "produced-with-exploited-inputs"
#: (section of Country_Statistics, value element, indicator, sector, unit)
STATISTICS = [
    ("Children_Work_Statistics", "Total_Percentage_of_Working_Children", "working-children",
     "total", "percent"),
    ("Children_Work_Statistics", "Total_Working_Population", "working-children-count",
     "total", "number"),
    ("Children_Work_Statistics", "Agriculture", "working-children-by-sector", "agriculture",
     "percent"),
    ("Children_Work_Statistics", "Industry", "working-children-by-sector", "industry",
     "percent"),
    ("Children_Work_Statistics", "Services", "working-children-by-sector", "services",
     "percent"),
    ("Education_Statistics_Attendance_Statistics", "Percentage", "school-attendance", "total",
     "percent"),
    ("Children_Working_and_Studying_7-14_yrs_old", "Total", "combining-work-and-school",
     "total", "percent"),
    ("UNESCO_Primary_Completion_Rate", "Rate", "primary-completion-rate", "total", "percent"),
]
#: Shares of children cannot exceed 100 %; a completion rate can (a gross ratio).
SHARES = {"working-children", "working-children-by-sector", "school-attendance",
          "combining-work-and-school"}


#: The project's es/fr names of the goods (no multilingual vocabulary of goods is in reach
#: offline: see data/raw/usdol-ilab/README.md); mapped as pu:ProjectTranslation.
GOOD_NAMES = "good-names.csv"


def inputs(source: Source) -> list[Path]:
    """The three XML files, the goods' es/fr names when present, and the reference table of
    countries (territory status)."""
    names = [source.location / GOOD_NAMES] if (source.location / GOOD_NAMES).is_file() else []
    return [source.location / name for name in ("countries.xml", "goods.xml",
                                                "goods_by_good.xml")] + names + country_inputs()


def read_good_names(path: Path) -> dict[str, dict[str, str]]:
    """``good-names.csv`` (columns good, es, fr): the DOL's English name (NFC) → its es and
    fr names. A missing column or an empty cell is a DataError naming file, line and field."""
    issues: list[DataIssue] = []
    out: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh)
        if rows.fieldnames != ["good", "es", "fr"]:
            raise DataError([DataIssue(str(path), 1, None, None, rows.fieldnames,
                                       "the header good,es,fr")])
        for line, row in enumerate(rows, start=2):
            good = unicodedata.normalize("NFC", (row["good"] or "").strip())
            for lang in ("good", "es", "fr"):
                if not (row[lang] or "").strip():
                    issues.append(DataIssue(str(path), line, good or None, lang, row[lang],
                                            "a name (every good in es and fr)"))
            if good in out:
                issues.append(DataIssue(str(path), line, good, "good", good,
                                        "each good once"))
            out[good] = {lang: (row[lang] or "").strip() for lang in ("es", "fr")}
    if issues:
        raise DataError(issues)
    return out


def _labels(scheme: str) -> dict[str, str]:
    """English labels of a scheme's concepts, by slug (for readable node labels)."""
    from puentes.model import load_model_graph

    g, prefix = load_model_graph(), f"{PSC}{scheme}/"
    return {str(c)[len(prefix):]: str(label)
            for c in g.subjects(SKOS.inScheme, PSC[scheme]) if str(c).startswith(prefix)
            for label in g.objects(c, SKOS.prefLabel) if getattr(label, "language", "") == "en"}


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


class _Mapper:
    def __init__(self, source: Source) -> None:
        self.g = Graph()
        bind_prefixes(self.g)
        self.dataset = rid("dataset", source.id)
        self.report = MappingReport()
        self.ages = set(_labels("age-group"))
        self.levels = _labels("advancement-level")
        self.standard_labels = _labels("legal-standard")
        self.exploitation_labels = _labels("exploitation")
        self.good_names: dict[str, dict[str, str]] | None = None
        self.named_goods: set[str] = set()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def good_translations(self, good: URIRef, slug: str, name: str, where: str) -> None:
        """The project's es/fr names of a good, marked as its translations (none when the
        folder has no good-names.csv; a good missing from it is reported)."""
        if self.good_names is None:
            return
        names = self.good_names.get(unicodedata.normalize("NFC", name))
        if names is None:
            self.report.left_out.append(f"{where}: {name}: no es/fr name in {GOOD_NAMES} "
                                        "(labelled in English only)")
            return
        self.named_goods.add(unicodedata.normalize("NFC", name))
        for lang, text_ in names.items():
            label = Literal(text_, lang=lang)
            self.add(good, SKOS.prefLabel, label)
            project_translation(self.g, good, f"good-{slug}", label)

    def country(self, name: str, where: str) -> str | None:
        """The ISO code of a DOL name; None (and reported) when there is none."""
        code = iso3(name)
        if code is None:
            self.report.unmatched_name(name, where)
            return None
        if name in ALIASES:
            self.report.aliases[name] = ALIASES[name]
        status = territory_status(code)
        if status:
            self.report.territories[code] = (name, status)
        return code

    # statistics ---------------------------------------------------------------------------
    def statistics(self, f: XmlFile, c: ET.Element, code: str, name: str) -> None:
        stats = c.find("Country_Statistics")
        for section_tag, tag, indicator, sector, unit in STATISTICS:
            section = stats.find(section_tag)
            if section is None:
                self.report.missing[(f"{section_tag} (the whole section)", "absent")] += 1
                continue
            field = f"{indicator}" + (f" ({sector})" if sector != "total" else "") + f" [{tag}]"
            ages = [text(a) for a in section.findall("Age_Range")]
            values: dict[str, set[str]] = defaultdict(set)
            for i, el in enumerate(section.findall(tag)):
                raw = text(el)
                word = missing_word(raw)
                if word:
                    self.report.missing[(field, word)] += 1
                    continue
                if indicator == "primary-completion-rate":
                    age = "primary"
                else:  # one Age_Range for the section, or one per value (pairs)
                    age = ages[i] if len(ages) > i else (ages[0] if len(ages) == 1 else "")
                values[age].add(raw)
            for age, raws in sorted(values.items()):
                where = f"countries.xml:{f.line(section)}: {name} {field}"
                if len(raws) > 1:
                    self.report.left_out.append(
                        f"{where}: {len(raws)} values ({', '.join(sorted(raws))}) for one age "
                        f"group {age!r}, the file does not say which territory each is for")
                    continue
                self.value(where, code, indicator, age, sector, unit, raws.pop())

    def value(self, where: str, code: str, indicator: str, age: str, sector: str, unit: str,
              raw: str) -> None:
        number = decimal(raw)
        if number is None:
            self.report.left_out.append(f"{where}: {raw!r} is not a number")
            return
        if age not in self.ages:
            self.report.left_out.append(f"{where}: {raw} has " + (
                f"an age group ({age!r}) not in psc:age-group" if age else "no Age_Range"))
            return
        if unit == "percent":
            if indicator in SHARES and not 0 <= number <= 1:
                self.report.left_out.append(
                    f"{where}: {raw} is not a share between 0 and 1 (would be "
                    f"{canonical_decimal(number * 100)} %)")
                return
            number *= 100  # Decimal: 0.125 → 12.5 exactly
        elif number != number.to_integral_value():
            self.report.left_out.append(f"{where}: {raw} is not a whole number of children")
            return
        # a gross rate (the primary completion rate) may pass 100 %: only shares are bounded
        observation(self.g, "usdol-ilab", country=code, year=REPORT_YEAR,
                    indicator=indicator, age=age, sex="total", sector=sector,
                    value=Decimal(number), unit=unit, share=indicator in SHARES)
        self.report.mapped[f"qb:Observation ({unit})"] += 1

    # ratifications ------------------------------------------------------------------------
    def ratifications(self, f: XmlFile, c: ET.Element, code: str, name: str) -> None:
        country = rid("country", code)
        for tag, instrument in CONVENTIONS.items():
            given = {text(el) for el in c.findall(f"Conventions/{tag}")}
            if not given:
                self.report.missing[(f"ratification of {instrument} [{tag}]", "absent")] += 1
                continue
            flags = {yes_no(v) for v in given}
            if None in flags:
                for v in given:
                    self.report.missing[(f"ratification of {instrument} [{tag}]",
                                         missing_word(v) or v)] += 1
                continue
            if len(flags) > 1:  # repeated with different answers (identical repeats are one)
                self.report.left_out.append(
                    f"countries.xml:{f.line(c.find('Conventions'))}: {name} {tag}: "
                    "both Yes and No")
                continue
            flag = flags.pop()
            node = rid("commitment", f"usdol-ilab-{code.lower()}-{instrument}")
            inst = rid("instrument", instrument)
            short, full = INSTRUMENTS[instrument]
            self.add(node, RDF.type, PU.Commitment)
            self.add(node, RDF.type, PU.Ratification)
            self.add(node, PU.committedBy, country)
            self.add(node, PU.commitsTo, inst)
            self.add(node, PU.ratified, Literal(flag))
            self.add(node, RDFS.label, Literal(
                f"{name}: {short} {'ratified' if flag else 'not ratified'} ({CITED})",
                lang="en"))
            self.add(node, DCTERMS.source, self.dataset)
            self.report.mapped["pu:Ratification"] += 1
            if full:
                self.add(inst, RDF.type, PU.LegalInstrument)
                self.add(inst, RDF.type, PU.GlobalCommitment)
                self.add(inst, RDFS.label, Literal(full, lang="en"))
                self.add(inst, DCTERMS.source, self.dataset)

    # legal standards and advancement ------------------------------------------------------
    def standards(self, f: XmlFile, c: ET.Element, code: str, name: str) -> None:
        for tag, slug in STANDARDS.items():
            el = c.find(f"Legal_Standards/{tag}")
            if el is None:
                self.report.missing[(f"legal standard {slug} [{tag}]", "absent")] += 1
                continue
            record: ET.Element | None = el
            territories = el.findall("Territory")
            if territories:  # Multiple_Territories: keep the value for the whole country
                record = None
                for t in territories:
                    if text(t, "Territory_Name").lower() == "all territories":
                        record = t
                    else:
                        self.report.left_out.append(
                            f"countries.xml:{f.line(t)}: {name} {tag} for the territory "
                            f"{text(t, 'Territory_Name')!r} (only country-wide values are "
                            "mapped)")
                if record is None:
                    continue
            self.standard(f, record, code, name, tag, slug)

    def standard(self, f: XmlFile, el: ET.Element, code: str, name: str, tag: str,
                 slug: str) -> None:
        node = rid("assessment", f"usdol-ilab/{code.lower()}-{REPORT_YEAR}-{slug}")
        self.add(node, RDF.type, PU.LegalStandardAssessment)
        self.add(node, PU.assessedCountry, rid("country", code))
        self.add(node, PU.standardType, concept("legal-standard", slug))
        self.add(node, PU.referenceYear, Literal(REPORT_YEAR, datatype=XSD.gYear))
        self.add(node, RDFS.label, Literal(
            f"{name}: {self.standard_labels.get(slug, slug)} ({CITED})", lang="en"))
        self.add(node, DCTERMS.source, self.dataset)
        self.report.mapped["pu:LegalStandardAssessment"] += 1
        for field, prop in (("Standard", PU.standardExists),
                            ("Conforms_To_Intl_Standard", PU.meetsInternationalStandard)):
            value = text(el, field)
            flag = yes_no(value)
            if flag is None:
                self.report.missing[(f"legal standard: {field}", missing_word(value) or value)] += 1
            else:
                self.add(node, prop, Literal(flag))
        age = text(el, "Age")
        if age.isdigit():
            self.add(node, PU.minimumAge, Literal(int(age)))
        elif missing_word(age):
            self.report.missing[("legal standard: Age", missing_word(age))] += 1
        else:  # "17.5", "12/13": not one whole number of years; kept as a comment
            self.add(node, RDFS.comment, Literal(f"Age as the source gives it: {age}", lang="en"))
            self.report.left_out.append(
                f"countries.xml:{f.line(el)}: {name} {tag} age {age!r} is not one whole "
                "number of years (pu:minimumAge): kept as a comment on the assessment")
        if yes_no(text(el, "Calculated_Age")):
            self.report.left_out.append(
                f"countries.xml:{f.line(el)}: {name} {tag}: Calculated_Age Yes (not mapped)")

    def advancement(self, f: XmlFile, c: ET.Element, code: str, name: str) -> None:
        level_text = text(c, "Advancement_Level")
        if not level_text:
            self.report.missing[("Advancement_Level", "empty")] += 1
            return
        level = slugify(level_text.split("–")[0])  # "Minimal Advancement – Efforts Made …"
        if level not in self.levels:
            self.report.left_out.append(f"countries.xml:{f.line(c)}: {name} advancement "
                                        f"level {level_text!r} is not in psc:advancement-level")
            return
        node = rid("assessment", f"usdol-ilab/{code.lower()}-{REPORT_YEAR}-advancement")
        self.add(node, RDF.type, PU.AdvancementAssessment)
        self.add(node, PU.assessedCountry, rid("country", code))
        self.add(node, PU.advancementLevel, concept("advancement-level", level))
        self.add(node, PU.referenceYear, Literal(REPORT_YEAR, datatype=XSD.gYear))
        self.add(node, RDFS.label, Literal(f"{name}: {level_text} ({CITED})", lang="en"))
        self.add(node, RDFS.comment, Literal(level_text, lang="en"))
        description = text(c, "Description")
        if description:
            self.add(node, DCTERMS.description, Literal(description, lang="en"))
        page = text(c, "Webpage")
        if page.startswith("http"):
            self.add(node, RDFS.seeAlso, URIRef(page))  # the country's findings page
        self.add(node, DCTERMS.source, self.dataset)
        self.report.mapped["pu:AdvancementAssessment"] += 1

    # ILAB projects ------------------------------------------------------------------------
    def projects(self, found: list[tuple[str, str, str]]) -> None:
        """``found``: (title, link, ISO code) for every project listed under a country."""
        titles_per_link: dict[str, set[str]] = defaultdict(set)
        for title, link, _ in found:
            if link:
                titles_per_link[link].add(title)
        projects: dict[tuple[str, str], tuple[str, list[str]]] = {}
        for title, link, code in found:
            # one project per link; a link shared by differently titled projects (a closed
            # programme's PDF) is one project per title
            key = (link, title if not link or len(titles_per_link[link]) > 1 else "")
            codes = projects.setdefault(key, (title, []))[1]
            if code not in codes:
                codes.append(code)
        usdol = rid("organization", "usdol")
        used: set[str] = set()
        for (link, own_title), (title, codes) in sorted(projects.items()):
            if link:
                base = slugify(link.rstrip("/").rsplit("/", 1)[-1].removesuffix(".pdf"))
                if own_title:
                    base = f"{base}-{slugify(own_title)}"
            else:
                base = slugify(title)
            slug = candidate = base[:80].strip("-")
            n = 2
            while candidate in used:  # never two projects on one IRI
                candidate, n = f"{slug}-{n}", n + 1
            slug = candidate
            used.add(slug)
            node = rid("initiative", f"ilab-{slug}")
            self.add(node, RDF.type, PU.Initiative)
            self.add(node, RDFS.label, Literal(title, lang="en"))
            self.add(node, PU.initiativeType, concept("initiative-type", "project"))
            # the U.S. funds, the country benefits: north–south cooperation
            self.add(node, PU.modality, concept("modality", "north-south"))
            if link.startswith("http") and not any(ch in link for ch in '<>"{}|\\^`'):
                self.add(node, RDFS.seeAlso, URIRef(link))
            self.add(node, DCTERMS.source, self.dataset)
            self.report.mapped["pu:Initiative (ILAB projects)"] += 1
            for agent, role in [(usdol, "funding")] + [
                    (rid("country", code), "beneficiary") for code in codes]:
                if role == "beneficiary":
                    self.add(node, PU.coversCountry, agent)
                part = rid("participation",
                           f"ilab-{slug}--{str(agent).rsplit('/', 1)[-1].lower()}--{role}")
                self.add(part, RDF.type, PU.Participation)
                self.add(part, PU.initiative, node)
                self.add(part, PU.agent, agent)
                self.add(part, PU.role, concept("role", role))
                self.add(part, DCTERMS.source, self.dataset)
                self.report.mapped["pu:Participation"] += 1

    # goods --------------------------------------------------------------------------------
    def goods(self, f: XmlFile) -> set[tuple[str, str, tuple[str, ...]]]:
        """Map goods.xml; return what it says (good, country, flags) for the comparison."""
        said = set()
        for good in f.root.findall("Good"):
            name = text(good, "Good_Name")
            slug = slugify(name)
            g = concept("good", slug)
            dol_sector = text(good, "Good_Sector")
            sector = SECTORS.get(dol_sector)
            self.add(g, RDF.type, SKOS.Concept)
            self.add(g, SKOS.inScheme, PSC["good"])
            self.add(g, SKOS.prefLabel, Literal(name, lang="en"))
            self.good_translations(g, slug, name, f"goods.xml:{f.line(good)}")
            self.add(g, SKOS.notation, Literal(slug))
            self.add(g, SKOS.scopeNote, Literal(f"Sector in the U.S. DOL list: {dol_sector}",
                                                lang="en"))
            self.add(g, DCTERMS.source, self.dataset)
            if sector:
                self.add(g, PU.sector, concept("sector", sector))
            self.report.mapped["psc:good concepts"] += 1
            for c in good.findall("Countries/Country"):
                country_name = text(c, "Country_Name")
                flags = tuple(text(c, t) for t in (*EXPLOITATION, "Derived_Labor_Exploitation",
                                                  "Derived_Country"))
                said.add((name, country_name, flags))
                code = self.country(country_name, f"goods.xml:{f.line(c)}: {name} "
                                                  f"(production findings)")
                if code is None:
                    continue
                kinds = [k for t, k in EXPLOITATION.items() if yes_no(text(c, t))]
                if yes_no(text(c, "Derived_Labor_Exploitation")):
                    kinds.append(DERIVED)
                for kind in kinds:
                    self.finding(f, c, name, slug, country_name, sector, code, kind)
        return said

    def finding(self, f: XmlFile, c: ET.Element, name: str, slug: str, country_name: str,
                sector: str | None, code: str, kind: str) -> None:
        node = rid("finding", f"usdol-ilab/{code.lower()}-{slug}-{kind}")
        self.add(node, RDF.type, PU.ProductionFinding)
        self.add(node, PU.commodity, concept("good", slug))
        self.add(node, PU.producingCountry, rid("country", code))
        self.add(node, PU.exploitationType, concept("exploitation", kind))
        if sector:
            self.add(node, PU.sector, concept("sector", sector))
        self.add(node, RDFS.label, Literal(
            f"{name} — {country_name} — {self.exploitation_labels.get(kind, kind)} ({CITED})",
            lang="en"))
        self.add(node, DCTERMS.source, self.dataset)
        self.report.mapped["pu:ProductionFinding"] += 1
        if kind == DERIVED:
            origin = text(c, "Derived_Country")
            if yes_no(origin) is not None or not origin:
                self.report.left_out.append(f"goods.xml:{f.line(c)}: {name} made in "
                                            f"{country_name}: no country of the inputs given")
                return
            origin_code = self.country(
                origin, f"goods.xml:{f.line(c)}: input country of {name} made in "
                        f"{country_name}")
            if origin_code:
                self.add(node, PU.inputProducedIn, rid("country", origin_code))

    def compare_goods(self, said: set, countries: XmlFile) -> None:
        """Report where countries.xml's goods differ from goods.xml's."""
        listed = set()
        for c in countries.root.findall("Country"):
            for good in c.findall("Goods/Good"):
                listed.add((text(good, "Good_Name"), text(c, "Name"),
                            tuple(text(good, t) for t in (*EXPLOITATION,
                                                          "Derived_Labor_Exploitation",
                                                          "Derived_Country"))))
        for good, country, flags in sorted(said ^ listed):
            only = "goods.xml" if (good, country, flags) in said else "countries.xml"
            self.report.left_out.append(
                f"only in {only}: {good} / {country} (child, forced, forced child labour, "
                f"derived, derived country: {', '.join(flags)}; goods.xml is what is mapped)")

    def compare_codes(self, old: XmlFile) -> None:
        for c in old.root.iter("Country"):
            name, given = text(c, "Country_Name"), text(c, "Country_ISO3")
            code = iso3(name)
            if given and code != given:
                self.report.code_differences.add((name, given, code or "— (no code)"))

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
