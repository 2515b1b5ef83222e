"""The keys of the ``--json`` summaries, one place for the code, the reference
(docs/commands.md, written from here by ``scripts/command_reference.py``) and the test that
checks every summary has exactly these keys (tests/test_cli.py). Keys are only ever added."""

from __future__ import annotations

#: a problem located in a data file (``registry check``, ``build``'s check failures)
PROBLEM = {
    "file": "the file to fix (relative to the current folder when under it), or null",
    "line": "its line (1-based), or null",
    "record": "the record's id, or null",
    "field": "the field (``participants.agent``: the field of a list item), or null",
    "found": "what was found: the value, or the failing row of a cross-record check",
    "expected": "what is expected, and what to do (in --lang)",
    "check": "the cross-record check that failed (``member-during-initiative``), or null for "
             "a schema mistake",
}

SUMMARIES: dict[str, dict[str, str]] = {
    "build": {
        "exit_code": "0 all loaded, 1 something quarantined, 2 a failure",
        "seconds": "the build's duration",
        "store": "the store folder, or null",
        "sources": "per source: id, status (loaded, unchanged, quarantined, skipped, failed, "
                   "disabled), triples, warnings, violations (every problem shown counts), "
                   "seconds, messages, and `work`: how often its new graph was parsed "
                   "(`parsed`) and compared with the store (`diffed`) — once each for a "
                   "source mapped again, 0 for one unchanged",
        "quarantined": "the ids of the sources quarantined",
        "failed": "the ids of the sources that failed",
        "checks_run": "the cross-record checks run (the others passed and read nothing the "
                      "build changed)",
        "check_failures": "per failing row: check, sources, and file, line, record, field, "
                          "found, expected as in a problem of `registry check`",
        "check_graphs": "the graphs of the store put beside the new ones for the checks (only "
                        "those the checks run read)",
        "check_copied": "how many triples of the store's graphs the checks needed (the "
                        "`check_graphs`)",
        "quality_report": "the data-quality report written, or null (--no-quality)",
    },
    "registry check": {
        "folder": "the registry folder checked",
        "valid": "true when the build will accept it (schema and cross-record rules)",
        "records": "how many records",
        "kinds": "records per kind",
        "checks_run": "how many cross-record checks ran (0 when the schema check failed, "
                      "or with --no-rules)",
        "problems": "every problem: " + ", ".join(PROBLEM),
        "warnings": "what does not stop the build, with the same keys",
    },
    "validate": {
        "conforms": "true when SHACL finds no result at all (as the SHACL spec says: a "
                    "warning or info result makes it false)",
        "accepted": "true when no violation (warnings and infos allowed): puentes' policy, "
                    "what the exit code follows",
        "violations": "how many violations",
        "warnings": "how many warnings",
        "lang": "the language of the messages",
        "results": "per result: file, focus_node, focus_label, focus_type, path, path_name, "
                   "value, value_label, severity, message, constraint, node_shape, shape_name, "
                   "source_shape",
    },
    "plot": {
        "out": "the file written",
        "kind": "the picture's kind",
        "format": "svg, html or png",
        "lang": "the language of its texts",
        "title": "its title",
        "query": "the saved query it draws",
        "rows": "how many rows of the query it draws",
    },
}
