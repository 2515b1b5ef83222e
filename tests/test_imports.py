"""The house's one direction of imports (issue 13): no import circle between modules, and no
module importing from a layer above its own — read from the source with ``ast`` (imports
inside functions included), so that a lazy import cannot hide a circle."""

from __future__ import annotations

from pathlib import Path

import puentes
from puentes.build.deps import direct_imports, modules

PACKAGE = Path(puentes.__file__).parent

#: lowest first; a module may import from its own layer and the ones before it. The floor
#: (errors, paths, i18n, namespaces, rdfio, model, store, the saved questions) under four
#: wings: ``ingest`` (reading sources into RDF) and ``check`` (shapes, the SHACL engine,
#: cross-record rules) stand side by side on the floor, ``build`` uses both, ``web`` (one app
#: for serve and publish, with the endpoint and the pictures) reads what a build made.
FLOOR = {"puentes", "errors", "paths", "i18n", "namespaces", "rdfio", "model", "store", "query"}
WINGS = ("ingest", "check", "build", "web")
LAYERS = [
    FLOOR,
    {"ingest"},
    {"check"},
    {"build"},
    {"web"},
    {"commands"},
    {"cli"},
]


def _imports() -> dict[str, set[str]]:
    # the one import reader (the build's fingerprints use it too), imports as written: no
    # parent packages added, or a package __init__ importing its submodules were a circle
    return {name: set(direct_imports(name, parents=False)) for name in modules()}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_every_unit_has_a_layer():
    units = {_unit(m) for m in _imports()}
    placed = set().union(*LAYERS)
    assert units <= placed, f"give these a layer in LAYERS: {sorted(units - placed)}"


def test_no_import_runs_back_up():
    layer = {u: i for i, units in enumerate(LAYERS) for u in units}
    upward = sorted(f"{m} imports {t}" for m, ts in _imports().items() for t in ts
                    if layer.get(_unit(t), 0) > layer.get(_unit(m), 0))
    assert not upward, upward


def test_top_level_holds_the_floor_the_wings_and_the_cli():
    top = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
           if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    top.discard("__init__")
    assert top == (FLOOR - {"puentes"}) | set(WINGS) | {"commands", "cli"}, sorted(top)


def test_ingest_and_check_do_not_lean_on_each_other():
    crossing = sorted(f"{m} imports {t}" for m, ts in _imports().items() for t in ts
                      if {_unit(m), _unit(t)} == {"ingest", "check"})
    assert not crossing, crossing


def test_no_import_circle():
    graph = _imports()
    # Tarjan's strongly connected components: any with more than one module is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not circles, circles


#: The longest a module of the package may be (issue 19: "no module over 450 lines"): past it,
#: split the module into smaller ones named after what they do.
MAX_LINES = 450


def test_no_module_is_over_the_line_limit():
    long = sorted(f"{p.relative_to(PACKAGE.parent)}: {n} lines"
                  for p in PACKAGE.rglob("*.py")
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES)
    assert not long, f"split these (at most {MAX_LINES} lines each): {long}"
