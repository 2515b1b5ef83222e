"""How to cite a release: ``CITATION.cff`` (Citation File Format 1.2.0, checked by
``cffconvert --validate``) and DataCite metadata (the kernel-4 properties, as the JSON the
DataCite REST API takes), ready for a DOI: add the ``doi`` (or your ``prefix``) and send."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from puentes.i18n import LANGS
from puentes.web.messages import N_, translator

#: the title (an English id of the web catalogue, in es and fr for DataCite's titles)
TITLE = N_("puentes: a knowledge graph of regional and interregional cooperation against "
           "child labour")
ABSTRACT = ("Regional bodies, initiatives, participations, commitments, financing, knowledge "
            "exchanges and statistics on child labour, as linked open data, with the source "
            "of every statement.")
KEYWORDS = ["child labour", "regional cooperation", "interregional cooperation",
            "linked open data", "knowledge graph"]
AUTHOR = "puentes data stewards"
LICENCE = ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/",
           "Creative Commons Attribution 4.0 International")


def cite_line(version: str, date: str, url: str) -> str:
    """The one line a reader copies: ``puentes data stewards (2026). puentes … (version
    2026-12-07) [Data set]. URL``."""
    return f"{AUTHOR} ({date[:4]}). {TITLE} (version {version}) [Data set]. {url}"


def citation_cff(version: str, date: str, url: str, previous_url: str | None = None) -> str:
    """The ``CITATION.cff`` of a release."""
    data = {
        "cff-version": "1.2.0",
        "message": "If you use this version of the puentes knowledge graph, please cite it "
                   "as below; every statement in it also names its own source.",
        "type": "dataset",
        "title": TITLE,
        "version": version,
        "date-released": date,
        "authors": [{"name": AUTHOR}],
        "abstract": ABSTRACT,
        "keywords": KEYWORDS,
        "license": LICENCE[0],
        "url": url,
        "identifiers": [{"type": "url", "value": url,
                         "description": "This release (immutable)"}],
    }
    if previous_url:
        data["identifiers"].append({"type": "url", "value": previous_url,
                                    "description": "The previous release"})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def datacite(version: str, date: str, url: str, dumps: list, previous_url: str | None = None,
             doi: str | None = None) -> dict:
    """DataCite metadata (kernel 4) of a release as the REST API's JSON: creators, titles
    (es, en, fr), publisher, publication year, resource type, plus version, dates, rights,
    descriptions, subjects, formats, sizes and the link to the previous version."""
    attrs = {
        "creators": [{"name": AUTHOR, "nameType": "Organizational"}],
        "titles": [{"title": translator(lang)(TITLE), "lang": lang} for lang in LANGS],
        "publisher": {"name": "puentes"},
        "publicationYear": int(date[:4]),
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Knowledge graph"},
        "url": url,
        "version": version,
        "dates": [{"date": date, "dateType": "Issued"}],
        "language": "en",
        "rightsList": [{"rights": LICENCE[2], "rightsUri": LICENCE[1],
                        "rightsIdentifier": LICENCE[0].lower(),
                        "rightsIdentifierScheme": "SPDX"}],
        "descriptions": [{"description": ABSTRACT, "descriptionType": "Abstract",
                          "lang": "en"}],
        "subjects": [{"subject": k} for k in KEYWORDS],
        "formats": sorted({d.media_type for d in dumps}),
        "sizes": [f"{d.byte_size} bytes ({d.path.name})" for d in dumps],
        "alternateIdentifiers": [{"alternateIdentifier": url,
                                  "alternateIdentifierType": "URL"}],
        "relatedIdentifiers": [],
        "schemaVersion": "http://datacite.org/schema/kernel-4",
    }
    if previous_url:
        attrs["relatedIdentifiers"].append({"relatedIdentifier": previous_url,
                                            "relatedIdentifierType": "URL",
                                            "relationType": "IsNewVersionOf"})
    if doi:
        attrs["doi"] = doi
    return {"data": {"type": "dois", "attributes": attrs}}


def write(folder: Path, version: str, date: str, url: str, dumps: list,
          previous_url: str | None = None) -> tuple[Path, Path]:
    """Write ``CITATION.cff`` and ``datacite.json`` into a release folder."""
    cff = folder / "CITATION.cff"
    cff.write_text(citation_cff(version, date, url, previous_url), encoding="utf-8")
    dc = folder / "datacite.json"
    dc.write_text(json.dumps(datacite(version, date, url, dumps, previous_url),
                             ensure_ascii=False, indent=1), encoding="utf-8")
    return cff, dc
