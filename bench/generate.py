"""Seeded synthetic SOURCE FILES for the benchmark suite, so that the whole pipeline runs.

``generate(triples, folder)`` makes ``folder`` a project tree (run puentes there with
``PUENTES_HOME=folder``): ``ontology/``, ``shapes/`` and ``queries/`` link to the project's,
and ``data/`` holds a source catalogue (``data/sources.yaml``) and the files it names, in the
formats puentes ships:

- the ontology and the country reference data: the shipped files, as they are (~7k triples);
- the curated registry: the shipped YAML files, plus synthetic initiatives appended to
  ``initiatives.yaml`` — types, modalities, themes, roles and regional bodies drawn from the
  real records, participants from the real member states (about 2 % of the triples);
- the U.S. DOL findings: the shipped XML, from 100k triples up (~38k triples);
- ILOSTAT SDG 8.7.1: two synthetic SDMX-CSV snapshots (the shipped format) by country, year,
  sex and age — the bulk, as the official statistics with all their breakdowns will be —
  under the shipped source's id (``ilostat-sdg-8.7.1``, read by the SDMX connector's mapper),
  so that the saved queries that read that data set (009, 102, 104–106, 203, 208) answer on
  them.

Every synthetic record says it is synthetic (``bench-`` ids, example.org sources). The same
``seed`` gives the same files. The size is approximate (within ~10 %): the mappers decide
the triples, the generator sizes the inputs from measured triples per record.

    .venv/bin/python bench/generate.py 100000 /tmp/bench-100k
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: measured triples per mapped record (puentes 0.1: an ILOSTAT observation, an initiative
#: with its participants)
TRIPLES_PER_OBSERVATION = 11
TRIPLES_PER_INITIATIVE = 60
BASE_TRIPLES = 7_000  # ontology + countries
DOL_TRIPLES = 38_000
YEARS = list(range(1960, 2026))
SEXES = ["SEX_T", "SEX_F", "SEX_M"]
AGES = ["AGE_CLDVERSION_Y05-17", "AGE_CLDVERSION_Y05-11", "AGE_CLDVERSION_Y12-14",
        "AGE_CLDVERSION_Y15-17"]
ACCESSED = date(2026, 11, 20)  # the date written on the synthetic sources
FLOWS = {"SDG_A871_SEX_AGE_RT": "ILO:DF_SDG_A871_SEX_AGE_RT(1.0)",
         "SDG_B871_SEX_AGE_RT": "ILO:DF_SDG_B871_SEX_AGE_RT(1.0)"}


def _catalogue(with_dol: bool) -> str:
    entries = {
        "ontology": {"title": "The puentes ontology", "kind": "model",
                     "location": "ontology/", "licence": "CC-BY-4.0",
                     "publisher": "puentes"},
        "countries": {"title": "Countries (shipped reference data)", "kind": "reference-data",
                      "location": "data/raw/countries/",
                      "licence": "PDDL-1.0", "publisher": "datasets/country-codes",
                      "url": "https://github.com/datasets/country-codes",
                      "retrieved": "2026-05-15"},
        "registry": {"title": "Registry: shipped records plus synthetic bench- initiatives",
                     "kind": "curated-registry", "location": "data/registry/",
                     "licence": "CC-BY-4.0", "publisher": "puentes bench (synthetic)"},
        "usdol-ilab": {"title": "U.S. DOL findings (shipped XML)", "kind": "open-data-file",
                       "location": "data/raw/usdol-ilab/",
                       "licence": "Public domain (U.S.)", "publisher": "U.S. DOL ILAB",
                       "url": "https://github.com/USDepartmentofLabor/Child-Labor",
                       "retrieved": "2023-12-07", "enabled": with_dol},
        # The id of the shipped ILOSTAT 8.7.1 source, so that the observations belong to the
        # data set the saved queries read (pid:dataset/ilostat-sdg-8.7.1); the SDMX-CSV
        # connector's mapper reads them.
        "ilostat-sdg-8.7.1": {"title": "ILOSTAT SDG 8.7.1 (synthetic SDMX-CSV snapshot)",
                              "kind": "remote-api", "location": "data/raw/ilostat/",
                              "mapper": "ilostat",
                              "licence": "synthetic", "publisher": "puentes bench (synthetic)",
                              "url": "https://sdmx.ilo.org/rest"},
    }
    return yaml.safe_dump({"sources": entries}, sort_keys=False, allow_unicode=True)


def _countries() -> list[str]:
    with open(ROOT / "data/raw/countries/country-codes.csv", encoding="utf-8") as f:
        codes = [row.get("ISO3166-1-Alpha-3", "") for row in csv.DictReader(f)]
    return sorted(c for c in codes if len(c) == 3)


def _initiatives(n: int, rnd: random.Random, organizations: Path) -> list[dict]:
    real = yaml.safe_load((ROOT / "data/registry/initiatives.yaml").read_text("utf-8"))
    orgs = yaml.safe_load(organizations.read_text("utf-8"))
    # Country participants are current members of the initiative's body (a cross-record rule)
    members = {o["id"]: [m for m in o.get("members", []) if not m.get("to")]
               for o in orgs if o.get("type") == "regional-body"}
    bodies = sorted(b for b, ms in members.items() if len(ms) >= 3)
    types = sorted({r["type"] for r in real if r["type"] not in (
        "monitoring-mechanism", "national-action-plan")})
    # (no triangular: it needs a facilitator; no "member" role: it needs a membership)
    modalities = ["regional", "south-south", "interregional"]
    themes = sorted({t for r in real for t in r.get("themes", [])})
    roles = ["signatory", "beneficiary", "partner", "implementing", "peer-learner"]
    out = []
    for i in range(n):
        start = rnd.randint(2012, 2024)
        body = rnd.choice(bodies)
        pool = sorted({m["country"] for m in members[body]
                       if int(str(m.get("from", "1900"))[:4]) < start})
        parts = [{"agent": c, "role": rnd.choice(roles), "sources": ["s1"]}
                 for c in rnd.sample(pool, min(len(pool), rnd.randint(3, 6)))]
        rec = {"id": f"bench-initiative-{i}", "type": rnd.choice(types),
               "name": {"en": f"Synthetic initiative {i} (benchmark)",
                        "es": f"Iniciativa sintética {i} (benchmark)"},
               "translated": ["en", "es"],  # made up here: a project translation in both
               "modality": [rnd.choice(modalities)], "scope": "regional",
               "instrument_of": body, "start": start,
               "themes": rnd.sample(themes, 2), "participants": parts,
               "sources": [{"id": "s1", "url": f"https://example.org/bench/{i}",
                            "accessed": ACCESSED}]}
        if rnd.random() < 0.3:
            rec["end"] = start + rnd.randint(1, 10)
            rec["status"] = "completed"
        out.append(rec)
    return out


def _observations(path: Path, flow: str, n: int, rnd: random.Random,
                  countries: list[str]) -> int:
    keys = [(c, y, s, a) for c in countries for y in YEARS for s in SEXES for a in AGES]
    rnd.shuffle(keys)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["DATAFLOW", "REF_AREA", "FREQ", "MEASURE", "SEX", "AGE", "TIME_PERIOD",
                    "OBS_VALUE", "OBS_STATUS", "UNIT_MEASURE"])
        for c, y, s, a in sorted(keys[:n]):
            w.writerow([flow, c, "A", "SDG_0871_RT", s, a, y, round(rnd.uniform(0.5, 45), 1),
                        "", "PT"])
    return min(n, len(keys))


def generate(triples: int, folder: Path, seed: int = 7) -> dict:
    """Write the catalogue and source files for about ``triples`` triples; return a summary."""
    rnd = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "data/raw/ilostat").mkdir(parents=True)
    for name in ("ontology", "shapes", "queries"):
        (folder / name).symlink_to(ROOT / name)
    for name in ("countries", "usdol-ilab"):
        (folder / "data/raw" / name).symlink_to(ROOT / "data/raw" / name)
    with_dol = triples >= 100_000
    countries = _countries()
    budget = triples - BASE_TRIPLES - (DOL_TRIPLES if with_dol else 0)
    registry = folder / "data/registry"
    shutil.copytree(ROOT / "data/registry", registry)
    n_init = max(10, int(budget * 0.02) // TRIPLES_PER_INITIATIVE)
    if with_dol:  # the shipped registry is part of the graph from 100k up
        budget -= 7_000
    else:  # small sizes: the synthetic initiatives only, on the real bodies
        for p in registry.glob("*.yaml"):
            if p.name not in ("organizations.yaml",):
                p.write_text("[]\n", encoding="utf-8")
        if triples < 10_000:  # the smoke size: three regional bodies with their members
            orgs = yaml.safe_load((registry / "organizations.yaml").read_text("utf-8"))
            keep = [o for o in orgs if o["id"] in ("sica", "eac", "mercosur")]
            (registry / "organizations.yaml").write_text(
                yaml.safe_dump(keep, sort_keys=False, allow_unicode=True), encoding="utf-8")
    synthetic = _initiatives(n_init, rnd, registry / "organizations.yaml")
    text = (registry / "initiatives.yaml").read_text("utf-8")
    head = "" if text.strip() == "[]" else text.rstrip() + "\n\n"
    (registry / "initiatives.yaml").write_text(
        head + "# Synthetic initiatives for the benchmark (bench/generate.py)\n"
        + yaml.safe_dump(synthetic, sort_keys=False, allow_unicode=True), encoding="utf-8")
    budget -= n_init * TRIPLES_PER_INITIATIVE
    n_obs = max(20, budget // TRIPLES_PER_OBSERVATION)
    written = sum(_observations(folder / f"data/raw/ilostat/{name}.csv", flow, n_obs // 2, rnd,
                                countries) for name, flow in FLOWS.items())
    (folder / "data/sources.yaml").write_text(_catalogue(with_dol), encoding="utf-8")
    return {"triples_asked": triples, "initiatives": n_init, "observations": written,
            "dol": with_dol, "seed": seed}


def main() -> None:
    """Command line: ``generate.py TRIPLES FOLDER [--seed N]``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Example: .venv/bin/python bench/generate.py 10000 "
                                        "/tmp/bench-10k   (a project tree of ~10k triples)")
    ap.add_argument("triples", type=int)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    print(generate(a.triples, a.folder, a.seed))


if __name__ == "__main__":
    main()
