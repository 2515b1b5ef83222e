"""``puentes validate``: check RDF files against the shapes."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_INVALID, EXIT_OK
from ..model import load_model_graph
from ..rdfio import parse_file


@click.command("validate")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text",
              show_default=True,
              help="text for people; json or turtle (the SHACL report) for tools.")
@click.option("--lang", type=click.Choice(["es", "en", "fr"]), default="en", show_default=True,
              help="Language of the node labels shown.")
@click.option("--no-model", is_flag=True,
              help="Do not add the ontology and its concept schemes to the data (they let the "
                   "shapes check controlled vocabularies).")
def command(files: tuple[Path, ...], fmt: str, lang: str, no_model: bool) -> None:
    """Validate RDF FILES against the SHACL shapes in shapes/.

    The report is grouped by node: the file, the node and its label, the property, the
    offending value and what to fix. Warnings are shown but do not fail.

    Exit codes: 0 conforms, 1 violations, 2 error (unreadable file, broken syntax: the
    message gives the line and column).

    \b
    Example:
      puentes validate tests/fixtures/example-graph.ttl
      puentes validate my-data.ttl --format json > report.json
    """
    from ..validate import validate_graph

    data, origin = None, {}
    for path in files:
        g = parse_file(path)  # InputError → exit 2 with file, line and column
        for s in g.subjects():
            origin.setdefault(s, str(path))
        data = g if data is None else data + g
    own = set(origin)
    full = data if no_model else data + load_model_graph()
    report = validate_graph(full, files=origin, lang=lang)
    report = report.subset([r for r in report.results if r.focus_node in own])
    if fmt == "json":
        click.echo(report.to_json())
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(report.to_text())
    raise SystemExit(EXIT_OK if report.conforms else EXIT_INVALID)
