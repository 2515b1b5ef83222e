"""Small source catalogues and project folders for build tests: the shipped model and
countries, and a registry folder the test may edit (tests/test_build.py,
tests/test_incremental.py, tests/test_edit_walk.py, tests/test_base_iri.py,
tests/test_examples.py)."""

from __future__ import annotations

import shutil
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


def registry_home(tmp: Path, extra: dict | None = None) -> tuple[Path, Path]:
    """A copy of the shipped registry in ``tmp/registry`` (the test may edit it) and the
    catalogue of :func:`registry_catalogue` over it: ``(registry folder, catalogue path)``."""
    registry = tmp / "registry"
    shutil.copytree(data_dir() / "registry", registry)
    return registry, registry_catalogue(tmp, registry, extra)


def small_project(tmp: Path, links: tuple[str, ...] = ("ontology", "shapes", "queries")
                  ) -> Path:
    """A small project folder ``tmp``: the shipped ``links`` (model, shapes, queries …) and
    countries linked, the small registry of tests/sources/registry/good copied, and a
    catalogue of these three sources."""
    root = project_root()
    tmp.mkdir()
    for name in links:
        (tmp / name).symlink_to(root / name)
    (tmp / "data" / "raw").mkdir(parents=True)
    (tmp / "data" / "raw" / "countries").symlink_to(data_dir() / "raw" / "countries")
    shutil.copytree(root / "tests" / "sources" / "registry" / "good", tmp / "data" / "registry")
    (tmp / "data" / "registry" / "expected.ttl").unlink()  # the expected graph, not data
    catalogue = yaml.safe_load((data_dir() / "sources.yaml").read_text(encoding="utf-8"))
    keep = {k: v for k, v in catalogue["sources"].items()
            if k in ("ontology", "countries", "registry")}
    (tmp / "data" / "sources.yaml").write_text(yaml.safe_dump({"sources": keep}),
                                               encoding="utf-8")
    return tmp
