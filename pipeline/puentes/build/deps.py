"""What a source's graph and its verdict depend on, read from the code itself.

The incremental build skips a source whose fingerprint is unchanged. Which code goes into that
fingerprint used to be two hand-kept lists that drifted (a mapper helper missing from both left
the store stale). Here it is the *import closure*: every ``puentes`` module that the mapper
imports, directly or through others, lazy imports inside functions included (read with ``ast``,
nothing is executed). Editing a module changes exactly the fingerprints of the sources whose
mappers reach it; a report or web module that no mapper imports changes none.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def module_path(name: str) -> Path | None:
    """The file of a dotted ``puentes`` module (a package's ``__init__.py``), or None."""
    parts = name.split(".")[1:]
    if not parts:
        return PACKAGE / "__init__.py"
    rel = Path(*parts)
    for candidate in (PACKAGE / rel.with_suffix(".py"), PACKAGE / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _resolve(name: str) -> str | None:
    """The longest prefix of ``name`` that is a ``puentes`` module."""
    while name.startswith("puentes"):
        if module_path(name) is not None:
            return name
        if "." not in name:
            return None
        name = name.rsplit(".", 1)[0]
    return None


@cache
def direct_imports(module: str, parents: bool = True) -> frozenset[str]:
    """The ``puentes`` modules ``module`` imports anywhere in its text (lazy imports too).

    ``parents``: importing ``a.b.c`` also runs the ``__init__`` of ``a`` and ``a.b``, so a
    fingerprint must count them; the layering test (tests/test_imports.py) reads the imports
    as written (``parents=False``), or every package ``__init__`` that imports its own
    submodules would look like a circle.
    """
    path = module_path(module)
    if path is None:
        return frozenset()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names] + [target]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            resolved = _resolve(name)
            if resolved and parents:
                parts = resolved.split(".")
                found.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
            elif resolved:
                found.add(resolved)
    found.discard(module)
    return frozenset(m for m in found if module_path(m) is not None)


def modules() -> list[str]:
    """Every ``puentes`` module (a package by its ``__init__``), dotted, sorted."""
    out = []
    for path in PACKAGE.rglob("*.py"):
        parts = ["puentes", *path.relative_to(PACKAGE).with_suffix("").parts]
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(out)


def closure(*modules: str) -> list[Path]:
    """The files of ``modules`` and of every ``puentes`` module they reach, sorted."""
    seen: set[str] = set()
    # importing a.b.c runs the __init__ of a and a.b first
    todo = [".".join(m.split(".")[:i]) for m in modules for i in range(1, m.count(".") + 2)]
    todo = [m for m in todo if module_path(m) is not None]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(direct_imports(module) - seen)
    return sorted(p for m in seen if (p := module_path(m)) is not None)


#: the modules every source's graph passes through besides its mapper: the catalogue entry it
#: is read from and the provenance record added to it.
EVERY_SOURCE = ("puentes.ingest.catalogue", "puentes.build.provenance")

#: the modules that decide whether a mapped graph passes: the shapes reader, the SHACL engine
#: and the validation driver (and whatever they import).
VALIDATION_MODULES = ("puentes.check.validate", "puentes.check.shapes", "puentes.build.changes",
                      "puentes.build.verdict")


def validation_code() -> list[Path]:
    """The code files of the validation context (see :data:`VALIDATION_MODULES`)."""
    return closure(*VALIDATION_MODULES)
