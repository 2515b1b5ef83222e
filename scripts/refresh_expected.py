"""Recompute queries/NNN_slug.expected.csv from tests/fixtures/example-graph.ttl.

Run it after changing a query or the example graph, then READ THE DIFF: the expected files
are the specification the tests hold the queries to.

    .venv/bin/python scripts/refresh_expected.py
"""

from __future__ import annotations

from pathlib import Path

import yaml

from puentes.query import run_saved_query, saved_queries, to_csv
from puentes.store import store_from_files

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "example-graph.ttl"
PARAMS = ROOT / "tests" / "fixtures" / "example-graph.params.yaml"


def expected_csv(query, store, params: dict) -> str:  # noqa: ANN001
    """The query's answer on the example graph as CSV: in the query's order when it has an
    ORDER BY (the test then checks the order too), else with the rows sorted."""
    result = run_saved_query(query, store=store, params=params.get(query.number, {}))
    header, *rows = to_csv(result).splitlines()
    return "\n".join([header, *(rows if query.ordered else sorted(rows))]) + "\n"


def main() -> None:
    """Write every expected file."""
    params = yaml.safe_load(PARAMS.read_text()) or {}
    store = store_from_files([FIXTURE])
    for q in saved_queries(ROOT / "queries"):
        out = q.path.with_name(f"{q.name}.expected.csv")
        out.write_text(expected_csv(q, store, params), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
