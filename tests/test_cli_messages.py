"""The command line speaks es, en and fr (issue 18): every message marked in the code, of
the commands' help and of click is in the catalogue and translated into es and fr, the
catalogue's placeholders agree with the English, and ``--lang`` (or ``PUENTES_LANG``)
changes every header, status word and message a command prints."""

from __future__ import annotations

import importlib.util
import re
import string

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from puentes.check.checks import check_files
from puentes.check.hints import HELP, check_help
from puentes.cli import cli
from puentes.i18n import default_lang, gettext
from puentes.i18n.messages import LOCALE_DIR
from puentes.paths import project_root

ROOT = project_root()
FIXTURE = str(ROOT / "tests" / "fixtures" / "example-graph.ttl")


def _script():
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts/messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalog(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "cli.po").open("rb") as fh:
        return read_po(fh, locale=lang, domain="cli")


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


#: every message of the command line: marked in the code (``_``, ``Msg`` …), of the commands'
#: help, and click's own; a plural's key is its singular
MARKED = sorted({m.id if isinstance(m.id, str) else m.id[0]
                 for m in _script().extract() if m.id})


def test_the_code_marks_the_messages():
    assert len(MARKED) > 300
    assert "{n} row(s)." in MARKED and "quarantined" in MARKED
    assert "Usage:" in MARKED  # click's
    assert "Language of headers, messages and labels." in MARKED  # an option's help
    assert "a date as YYYY-MM-DD, YYYY-MM or YYYY" in MARKED  # the registry check's Msg
    assert "the query is not valid SPARQL: {message}" in MARKED  # the query engine's Msg


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_every_cli_string_is_translated(lang):
    """Every message has a translation (each plural form too): an empty msgstr fails."""
    catalog = _catalog(lang)
    missing = [m for m in MARKED if m not in catalog or not all(_strings(catalog[m]))
               or catalog[m].fuzzy]
    assert not missing, (f"translate these into {lang} in pipeline/puentes/locale/{lang}/"
                         f"LC_MESSAGES/cli.po (run scripts/messages.py first): {missing}")


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_translations_keep_the_placeholders(lang):
    """A translation uses the placeholders of its message (a plural form those of the
    singular or of the plural), so that filling them in never fails."""
    wrong = []
    for m in _catalog(lang):
        if not m.id or not all(_strings(m)):
            continue
        ids = (m.id,) if isinstance(m.id, str) else m.id
        allowed = set().union(*(_fields(i) for i in ids))
        for text in _strings(m):
            if (_fields(text) != _fields(ids[0]) if len(ids) == 1
                    else not _fields(text) <= allowed):
                wrong.append((m.id, text))
    assert not wrong, wrong


def test_every_cross_record_check_has_help_in_three_languages():
    for path in check_files():
        helper = check_help(path.stem)
        texts = {lang: gettext(helper.expected, lang, check=path.stem, ic="IC-1")
                 for lang in ("es", "en", "fr")}
        assert len(set(texts.values())) == 3, (path.stem, texts)
    assert set(HELP) <= {p.stem for p in check_files()}


def test_the_default_language_comes_from_the_environment():
    assert default_lang({"PUENTES_LANG": "fr", "LANG": "es_ES.UTF-8"}) == "fr"
    assert default_lang({"LC_ALL": "es_MX.UTF-8"}) == "es"
    assert default_lang({}) == "en"


def _out(args, env=None):
    result = CliRunner(env={"COLUMNS": "200", **(env or {})}).invoke(cli, args)
    return result.exit_code, result.output


def test_query_headers_and_counts_follow_lang():
    code, fr = _out(["query", "009", FIXTURE, "--lang", "fr"])
    assert code == 0, fr
    assert "2 ligne(s)." in fr and "paramètres\u00a0: threshold=10" in fr
    code, es = _out(["query", "--list"], env={"PUENTES_LANG": "es"})
    assert code == 0 and "Consultas guardadas" in es and "parámetros" in es
    assert "Saved queries" not in es and "required" not in es


def test_registry_check_speaks_the_language(tmp_path):
    code, out = _out(["registry", "check", str(ROOT / "tests/sources/registry/good"),
                      "--lang", "fr"])
    assert code == 0, out
    assert re.search(r"27 enregistrements, tous valides .*; les \d+ règles entre "
                     r"enregistrements sont respectées\.", out), out



def test_an_error_from_a_worker_process_keeps_its_hint_and_its_problems():
    # a release indexes the records and diffs in a worker process: its errors cross the
    # process boundary pickled, and must arrive as the command would have shown them
    import pickle

    from puentes.errors import DataError, DataIssue, QueryError

    data = DataError([DataIssue("organizations.yaml", 12, "ecowas", "members", "XXX",
                                "an ISO 3166-1 alpha-3 code")])
    again = pickle.loads(pickle.dumps(data))
    assert type(again) is DataError and again.issues == data.issues
    assert again.shown("fr") == data.shown("fr") and "organizations.yaml" in again.shown("en")
    query = pickle.loads(pickle.dumps(QueryError("no saved question 999", "puentes query --list")))
    assert (query.message, query.hint, query.exit_code) == ("no saved question 999",
                                                            "puentes query --list", 2)
