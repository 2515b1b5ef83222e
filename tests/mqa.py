"""A scorer for data.europa.eu's Metadata Quality Assessment (MQA), to hold the published
DCAT catalogue to it.

The rules and weights are those of the MQA methodology (https://data.europa.eu/mqa/methodology,
described in the data provider manual,
https://dataeuropa.gitlab.io/data-provider-manual/metadata-quality-dashboard/): five
dimensions derived from FAIR, 405 points in all — findability 100, accessibility 100,
interoperability 110, reusability 75, contextuality 20 — rated excellent from 351, good from
221, sufficient from 121, bad below. Dataset-level indicators score when the property is
there; distribution-level ones score in proportion to the distributions that pass. The
catalogue's score is the mean of its datasets' scores.

Two indicators depend on lists data.europa.eu keeps (machine-readable formats, non-proprietary
formats); the formats puentes publishes are looked up in the subsets below, taken from the EU
file-type authority table entries those lists hold. Accessibility is measured for real: each
access and download URL is fetched (from a real web server serving the published folder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

EU_FILE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LICENCE = "http://publications.europa.eu/resource/authority/licence/"
EU_ACCESS = "http://publications.europa.eu/resource/authority/access-right/"
IANA = ("http://www.iana.org/assignments/media-types/",
        "https://www.iana.org/assignments/media-types/")
MACHINE_READABLE = {"RDF_TURTLE", "RDF_N_TRIPLES", "RDF_N_QUADS", "RDF_TRIG", "JSON_LD",
                    "RDF_XML", "CSV", "JSON", "XML", "TSV"}
NON_PROPRIETARY = MACHINE_READABLE | {"HTML", "TXT"}
WEIGHTS = {
    "findability": {"keyword": 30, "theme": 30, "spatial": 20, "temporal": 20},
    "accessibility": {"access_url_ok": 50, "download_url": 20, "download_url_ok": 30},
    "interoperability": {"format": 20, "media_type": 10, "format_vocabulary": 10,
                         "non_proprietary": 20, "machine_readable": 20, "dcat_ap": 30},
    "reusability": {"licence": 20, "licence_vocabulary": 10, "access_rights": 10,
                    "access_rights_vocabulary": 5, "contact_point": 20, "publisher": 10},
    "contextuality": {"rights": 5, "byte_size": 5, "issued": 5, "modified": 5},
}
MAXIMUM = sum(sum(d.values()) for d in WEIGHTS.values())  # 405


def rating(points: float) -> str:
    """The MQA rating of a score."""
    if points >= 351:
        return "excellent"
    if points >= 221:
        return "good"
    if points >= 121:
        return "sufficient"
    return "bad"


@dataclass
class Score:
    """A dataset's (or the catalogue's mean) score, per dimension and indicator."""

    indicators: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(sum(d.values()) for d in self.indicators.values())

    @property
    def rating(self) -> str:
        return rating(self.total)


def score_dataset(g: Graph, ds: URIRef, status: Callable[[str], int],
                  dcat_ap_ok: bool) -> Score:
    """Score one dataset; ``status(url)`` gives the HTTP status of a GET on ``url``."""
    has = lambda s, p: (s, p, None) in g  # noqa: E731
    dists = list(g.objects(ds, DCAT.distribution))

    def share(test: Callable[[URIRef], bool]) -> float:
        return sum(1 for d in dists if test(d)) / len(dists) if dists else 0.0

    def ok(url) -> bool:  # noqa: ANN001
        return url is not None and 200 <= status(str(url)) < 300

    def file_type(d: URIRef) -> str:
        fmt = g.value(d, DCTERMS["format"])
        return str(fmt)[len(EU_FILE):] if fmt is not None and str(fmt).startswith(EU_FILE) \
            else ""

    licences = lambda d: list(g.objects(d, DCTERMS.license))  # noqa: E731
    rights = list(g.objects(ds, DCTERMS.accessRights))
    found = {
        "findability": {"keyword": has(ds, DCAT.keyword), "theme": has(ds, DCAT.theme),
                        "spatial": has(ds, DCTERMS.spatial),
                        "temporal": has(ds, DCTERMS.temporal)},
        "accessibility": {
            "access_url_ok": share(lambda d: all(ok(u) for u in g.objects(d, DCAT.accessURL))
                                   and has(d, DCAT.accessURL)),
            "download_url": share(lambda d: has(d, DCAT.downloadURL)),
            "download_url_ok": share(lambda d: has(d, DCAT.downloadURL) and all(
                ok(u) for u in g.objects(d, DCAT.downloadURL)))},
        "interoperability": {
            "format": share(lambda d: has(d, DCTERMS["format"])),
            "media_type": share(lambda d: has(d, DCAT.mediaType)),
            "format_vocabulary": share(lambda d: bool(file_type(d)) and all(
                str(m).startswith(IANA) for m in g.objects(d, DCAT.mediaType))),
            "non_proprietary": share(lambda d: file_type(d) in NON_PROPRIETARY),
            "machine_readable": share(lambda d: file_type(d) in MACHINE_READABLE),
            "dcat_ap": dcat_ap_ok},
        "reusability": {
            "licence": share(lambda d: bool(licences(d))),
            "licence_vocabulary": share(lambda d: bool(licences(d)) and all(
                str(u).startswith(EU_LICENCE) for u in licences(d))),
            "access_rights": bool(rights),
            "access_rights_vocabulary": bool(rights) and all(
                str(r).startswith(EU_ACCESS) for r in rights),
            "contact_point": has(ds, DCAT.contactPoint),
            "publisher": has(ds, DCTERMS.publisher)},
        "contextuality": {
            "rights": share(lambda d: has(d, DCTERMS.rights)),
            "byte_size": share(lambda d: has(d, DCAT.byteSize)),
            "issued": has(ds, DCTERMS.issued) or share(lambda d: has(d, DCTERMS.issued)) > 0,
            "modified": has(ds, DCTERMS.modified) or share(
                lambda d: has(d, DCTERMS.modified)) > 0},
    }
    return Score({dim: {k: WEIGHTS[dim][k] * float(v) for k, v in inds.items()}
                  for dim, inds in found.items()})


def score_catalogue(g: Graph, status: Callable[[str], int],
                    non_conforming: set[URIRef] = frozenset()) -> tuple[Score, dict]:
    """The catalogue's mean score and each dataset's; ``non_conforming``: the datasets whose
    description (or distributions') fail the DCAT-AP shapes."""
    per = {}
    for ds in sorted(set(g.subjects(RDF.type, DCAT.Dataset)), key=str):
        dists = set(g.objects(ds, DCAT.distribution))
        per[ds] = score_dataset(g, ds, status, not ({ds} | dists) & non_conforming)
    mean = Score({dim: {k: sum(s.indicators[dim][k] for s in per.values()) / len(per)
                        for k in WEIGHTS[dim]} for dim in WEIGHTS}) if per else Score(
        {dim: dict.fromkeys(WEIGHTS[dim], 0.0) for dim in WEIGHTS})
    return mean, per
