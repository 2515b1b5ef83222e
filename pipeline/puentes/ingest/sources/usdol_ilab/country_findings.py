"""The per-country findings of source ``usdol-ilab`` (``countries.xml``) as RDF: statistics,
ratifications, legal standards and the advancement level as assessments, ILAB-funded projects
as north–south initiatives."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from puentes.ingest.opendata.cube import canonical_decimal, observation
from puentes.ingest.sources.usdol_ilab.reader import (
    XmlFile,
    decimal,
    missing_word,
    text,
    yes_no,
)
from puentes.ingest.sources.usdol_ilab.state import MappingState
from puentes.ingest.sources.usdol_ilab.vocabulary import (
    CITED,
    CONVENTIONS,
    INSTRUMENTS,
    REPORT_YEAR,
    SHARES,
    STANDARDS,
    STATISTICS,
)
from puentes.namespaces import PU, concept, rid, slugify


class CountryFindings(MappingState):
    """The findings of ``countries.xml``, one country at a time: statistics as Data Cube
    observations, ratifications, legal standards, the advancement level, and the ILAB
    projects listed under the countries (one initiative per project)."""

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
