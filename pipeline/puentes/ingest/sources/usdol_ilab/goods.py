"""The goods of source ``usdol-ilab`` (``goods.xml``) as RDF: the SKOS scheme of goods with
their es/fr names from ``good-names.csv``, production findings (good, sector, producing country,
kind of exploitation), and where the DOL's files disagree."""

from __future__ import annotations

import csv
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from puentes.errors import DataError, DataIssue
from puentes.ingest.sources.usdol_ilab.names import iso3
from puentes.ingest.sources.usdol_ilab.reader import (
    XmlFile,
    text,
    yes_no,
)
from puentes.ingest.sources.usdol_ilab.state import MappingState
from puentes.ingest.sources.usdol_ilab.vocabulary import (
    CITED,
    DERIVED,
    EXPLOITATION,
    GOOD_NAMES,
    SECTORS,
)
from puentes.ingest.translation import project_translation
from puentes.namespaces import PSC, PU, concept, rid, slugify


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


class GoodFindings(MappingState):
    """The production findings of ``goods.xml``: the goods as a SKOS scheme (with the project's
    es/fr names), a finding per good, country and kind of exploitation, and the comparison
    with what ``countries.xml`` and ``goods_by_good.xml`` say."""

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
