"""A small source catalogue for build tests: the shipped model and countries, and a registry
folder the test may edit (tests/test_build.py, tests/test_incremental.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from puentes.paths import data_dir, project_root


def registry_catalogue(tmp: Path, registry: Path, extra: dict | None = None) -> Path:
    """Write ``tmp/sources.yaml`` with ontology, countries, the registry at ``registry`` and
    the ``extra`` sources; return its path."""
    root = project_root()
    sources = {
        "ontology": {"title": "model", "kind": "model", "location": str(root / "ontology"),
                     "licence": "CC-BY-4.0", "publisher": "puentes"},
        "countries": {"title": "countries", "kind": "reference-data",
                      "location": str(data_dir() / "raw" / "countries"),
                      "licence": "PDDL", "publisher": "datasets"},
        "registry": {"title": "registry", "kind": "curated-registry",
                     "location": str(registry), "licence": "CC-BY-4.0",
                     "publisher": "stewards"},
        **(extra or {}),
    }
    path = tmp / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": sources}))
    return path
