"""What the DOL files' tags and values mean in the model of source ``usdol-ilab``: the
conventions, legal standards, sectors, kinds of exploitation and statistics the mapper reads,
the reporting year, and the English labels of the project's schemes."""

from __future__ import annotations

from rdflib.namespace import SKOS

from puentes.namespaces import PSC

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


def scheme_labels(scheme: str) -> dict[str, str]:
    """English labels of a scheme's concepts, by slug (for readable node labels)."""
    from puentes.model import load_model_graph

    g, prefix = load_model_graph(), f"{PSC}{scheme}/"
    return {str(c)[len(prefix):]: str(label)
            for c in g.subjects(SKOS.inScheme, PSC[scheme]) if str(c).startswith(prefix)
            for label in g.objects(c, SKOS.prefLabel) if getattr(label, "language", "") == "en"}
