"""Where things are: the project tree (ontology, shapes, queries, data) and the local store.

The project root is found from ``PUENTES_HOME`` or by walking up from the current directory to
the folder holding ``data/sources.yaml``; the tree shipped with the package is the fallback.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


#: The base the project's own files (ontology, shapes, saved queries, fixtures) are written
#: with; a publisher's ``PUENTES_BASE`` replaces it when they are read
#: (:func:`puentes.namespaces.rebase`).
DEFAULT_BASE = "https://w3id.org/puentes/"


def base_iri() -> str:
    """The base of every minted IRI: ``PUENTES_BASE`` or :data:`DEFAULT_BASE`."""
    return os.environ.get("PUENTES_BASE", DEFAULT_BASE).rstrip("/") + "/"


def project_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``queries/`` and ``data/``."""
    return _project_root(os.environ.get("PUENTES_HOME"), os.getcwd())


@lru_cache(maxsize=16)
def _project_root(env: str | None, cwd: str) -> Path:
    # Cached per (PUENTES_HOME, working folder): mappers ask for paths once per row, and
    # resolving them walks the file system (a quarter of a millisecond each time).
    if env:
        return Path(env).resolve()
    here = Path(cwd).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "sources.yaml").is_file() and (folder / "ontology").is_dir():
            return folder
    return _PACKAGE_ROOT


def ontology_dir() -> Path:
    """``ontology/``: the ontology, its SKOS schemes and the imported outside terms."""
    return project_root() / "ontology"


def shapes_dir() -> Path:
    """``shapes/``: the SHACL shapes, one file per concern."""
    return project_root() / "shapes"


def queries_dir() -> Path:
    """``queries/``: the saved queries (``NNN_slug.ttl``) and ``checks/*-violation.rq``."""
    return project_root() / "queries"


def data_dir() -> Path:
    """``data/``: the source catalogue, the curated registry and raw snapshots."""
    return project_root() / "data"


def default_store_dir() -> Path:
    """The embedded store: ``PUENTES_STORE`` or ``.puentes/store`` under the project root."""
    env = os.environ.get("PUENTES_STORE")
    return Path(env).resolve() if env else project_root() / ".puentes" / "store"
