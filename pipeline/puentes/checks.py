"""Cross-record checks: ``queries/checks/*-violation.rq`` — a query that returns the failing
rows; no rows means pass (dbt's "singular tests", ODK's QC queries).

They run once over the whole union with Oxigraph, which is far faster than evaluating
SPARQL-based SHACL constraints per focus node with pyshacl (bench/results/).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PG, with_prefixes
from .paths import queries_dir


@dataclass
class CheckFailure:
    """One failing row of one check, with the sources whose nodes it is about."""

    check: str
    row: dict[str, str]
    source_ids: list[str]

    def __str__(self) -> str:
        cells = ", ".join(f"{k}={v}" for k, v in self.row.items())
        return f"check {self.check} failed: {cells}"


def check_files(folder: Path | None = None) -> list[Path]:
    """Every ``*-violation.rq`` under ``queries/checks/``."""
    return sorted((folder or queries_dir() / "checks").glob("*-violation.rq"))


def run_checks(store: ox.Store, folder: Path | None = None,
               max_rows: int = 50) -> list[CheckFailure]:
    """Run every check over the union of ``store``'s named graphs."""
    failures: list[CheckFailure] = []
    for path in check_files(folder):
        rows = store.query(with_prefixes(path.read_text(encoding="utf-8")),
                           use_default_graph_as_union=True)
        names = [v.value for v in rows.variables]
        for i, sol in enumerate(rows):
            if i >= max_rows:
                break
            row = {n: (sol[n].value if sol[n] is not None else "") for n in names}
            focus = sol[names[0]] if names else None
            failures.append(CheckFailure(path.stem, row, _sources_of(store, focus)))
    return failures


def _sources_of(store: ox.Store, node) -> list[str]:  # noqa: ANN001
    if not isinstance(node, ox.NamedNode | ox.BlankNode):
        return []
    out = set()
    for q in store.quads_for_pattern(node, None, None, None):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g.value.startswith(str(PG)):
            out.add(g.value[len(str(PG)):])
    return sorted(out)
