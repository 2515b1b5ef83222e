"""``puentes validate``: check RDF files against the shapes."""

from __future__ import annotations

from pathlib import Path

import click

from puentes.commands.localized import LocalizedCommand
from puentes.commands.options import json_option, lang_option
from puentes.errors import EXIT_INVALID, EXIT_OK


@click.command("validate", cls=LocalizedCommand)
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text",
              show_default=True,
              help="text for people; json, or turtle (the SHACL validation report), for tools.")
@json_option
@lang_option
@click.option("--with-store", is_flag=True,
              help="Also read what the files refer to from the built store (countries, "
                   "regional bodies and their memberships …), so that references to them "
                   "resolve. Results are still only about the files' own nodes.")
@click.option("--store", "store_path", type=click.Path(path_type=Path, file_okay=False),
              help="The store for --with-store (default: .puentes/store, or $PUENTES_STORE).")
@click.option("--engine", type=click.Choice(["oxigraph", "pyshacl"]), default="oxigraph",
              show_default=True,
              help="oxigraph: each rule as one SPARQL query on Oxigraph (fast); pyshacl: the "
                   "reference validator, slower, same results.")
@click.option("--no-model", is_flag=True,
              help="Do not add the ontology and its concept schemes to the data (they let the "
                   "shapes check class hierarchies and controlled vocabularies).")
def command(files: tuple[Path, ...], fmt: str, as_json: bool, lang: str, with_store: bool,
            store_path: Path | None, engine: str, no_model: bool) -> None:
    """Validate RDF FILES (.ttl, .nt, .nq, .trig, .jsonld, .rdf) against the SHACL shapes
    in shapes/.

    The report is grouped by node: the file, the node with its kind and label, then per
    problem the property, the offending value and what to fix. Warnings (recommended
    fields) are shown but do not fail.

    Exit codes: 0 conforms (warnings allowed), 1 violations, 2 error (unreadable file,
    broken syntax: the message gives the line and column).

    \b
    Example:
      puentes validate tests/fixtures/example-graph.ttl
      puentes validate shapes/tests/FinancingShape-bad.ttl --lang es
      puentes validate tests/fixtures/example-graph.ttl --with-store --json > report.json
      puentes validate shapes/tests/FinancingShape-bad.ttl --engine pyshacl
    """
    from puentes.check.validate import validate_files

    report = validate_files(list(files), lang=lang, model=not no_model, engine=engine,
                            store=(store_path or True) if (with_store or store_path) else None)
    if as_json or fmt == "json":  # --json: the same keys, documented in docs/commands.md
        click.echo(report.to_json(lang))
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(report.to_text(lang))
    raise SystemExit(EXIT_OK if report.accepted else EXIT_INVALID)
