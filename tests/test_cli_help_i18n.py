"""`--lang` reaches every word the command line writes (issue 18, item 5): the help of every
command, click's own words and usage errors, and the messages of the layers below (the
registry's schema check, the query engine), in es and fr — run through the real CLI."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from puentes.cli import cli
from puentes.commands.localized import _CODE, help_messages, lang_in
from puentes.i18n.lazy import Msg, render
from puentes.i18n.messages import translations
from puentes.paths import project_root

ROOT = project_root()
FIXTURE = str(ROOT / "tests" / "fixtures" / "example-graph.ttl")
#: click's words that every help shows (their ids are click's)
CLICK_HELP_WORDS = ["Usage:", "Options", "Commands", "Show this message and exit.",
                    "Show the version and exit."]


def _paths(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _paths(cmd, (*prefix, name))


COMMANDS = [((), cli), *_paths(cli)]
#: the English help's messages, each as one line of words
ENGLISH = sorted({" ".join(m.split()) for _p, cmd in COMMANDS for m in help_messages(cmd)}
                 | set(CLICK_HELP_WORDS))


def _run(args: list[str], env: dict | None = None, stdin: str | None = None):
    result = CliRunner(env={"COLUMNS": "100", "PUENTES_LANG": "", "LANGUAGE": "", "LC_ALL": "",
                            "LC_MESSAGES": "", "LANG": "C.UTF-8", **(env or {})}).invoke(
        cli, args, input=stdin, prog_name="puentes")
    return result.exit_code, result.output


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_help_has_messages_to_translate():
    assert len(ENGLISH) > 100
    assert "Language of headers, messages and labels." in ENGLISH


@pytest.mark.parametrize("lang", ["es", "fr"])
@pytest.mark.parametrize("path", [p for p, _c in COMMANDS], ids=lambda p: " ".join(p) or "-")
def test_every_help_is_in_the_language_asked(lang, path):
    """No sentence of the English help (a message of more than three words) is left in the
    es or fr help of any command, whether --lang comes before or after the command (for the
    commands that have one: `serve` speaks each visitor's language)."""
    command = dict(COMMANDS)[path]
    after = any("--lang" in p.opts for p in command.params)
    for args in (["--lang", lang, *path, "--help"],
                 *([[*path, "--help", "--lang", lang]] if after else [])):
        code, out = _run(args)
        assert code == 0, out
        flat = _flat(out)
        left = [m for m in ENGLISH if len(m.split()) > 3 and m in flat
                and translations(lang).gettext(m) != m]
        assert not left, (args, left)
    assert ("Uso:" if lang == "es" else "Usage\u00a0:") in out


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_translated_examples_keep_the_same_command_lines(lang):
    """An example in the es or fr help runs as the English one: the same command lines, in
    the same order (only the comments after # are translated)."""
    def commands(out: str) -> list[str]:
        return [m.group(2) or m.group(6) for line in out.splitlines()
                if line.startswith("    ") and (m := _CODE.match(line))]

    for path, _cmd in COMMANDS:
        _c, english = _run([*path, "--help"])
        _c, other = _run(["--lang", lang, *path, "--help"])
        assert commands(english) == commands(other), path
    assert "# construye el grafo" in _run(["--lang", "es", "--help"])[1] or lang == "fr"


def test_the_environment_sets_the_language_of_the_top_help():
    """`PUENTES_LANG=fr puentes --help` and the locale (LANGUAGE before LANG, as gettext)."""
    assert "Affiche ce message et quitte." in _run(["--help"], {"PUENTES_LANG": "fr"})[1]
    code, out = _run(["--help"], {"LANGUAGE": "de:es", "LANG": "de_DE.UTF-8"})
    assert code == 0 and "Muestra este mensaje y sale." in out and "Comandos:" in out
    assert "Show this message and exit." in _run(["--help"], {"LANG": "de_DE.UTF-8"})[1]
    # --lang wins over the environment
    assert "Muestra este mensaje" in _run(["--lang", "es", "--help"], {"PUENTES_LANG": "fr"})[1]


def test_the_real_command_speaks_french_from_the_environment():
    env = {**os.environ, "PUENTES_LANG": "fr", "COLUMNS": "100"}
    out = subprocess.run([sys.executable, "-m", "puentes.cli", "--help"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("Usage\u00a0: puentes [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "Commandes\u00a0:" in out and "Construit le graphe" in out


def test_english_help_loads_no_catalogue():
    """English needs no catalogue: `puentes --help` imports neither Babel nor an RDF
    library (the start-up budget of issue 11)."""
    code = ("import sys\nfrom puentes.cli import main\nsys.argv = ['puentes', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('babel', 'rdflib', 'pyoxigraph') if m in sys.modules))")
    env = {**os.environ, "PUENTES_LANG": "en"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env).stdout
    assert out.strip().splitlines()[-1] == "[]", out[-500:]


@pytest.mark.parametrize(("lang", "args", "words"), [
    ("es", ["query", "--nope"], ["Error: No existe la opción '--nope'.",
                                 "Pruebe 'puentes query --help' para obtener ayuda."]),
    ("fr", ["query", "--nope"], ["Erreur\u00a0: Option '--nope' inconnue.",
                                 "Essayez «\u00a0puentes query --help\u00a0» pour obtenir de "
                                 "l'aide."]),
    ("es", ["plot", "members-map"], ["Falta la opción '--out' / '-o'.", "Uso: puentes plot"]),
    ("fr", ["plot", "members-map"], ["Option manquante '--out' / '-o'."]),
    ("es", ["query", "--format", "xml"], ["Valor no válido para '--format': 'xml' no es "
                                          "ninguno de estos"]),
    ("fr", ["query", "--timeout", "-1"], ["Erreur\u00a0: Valeur invalide pour '--timeout'\u00a0: "
                                          "-1.0 n'est pas dans l'intervalle x>=0."]),
    ("fr", ["nope"], ["Commande 'nope' inconnue."]),
    ("es", ["validate"], ["Falta el argumento 'FILES...'."]),
])
def test_usage_errors_are_in_the_language_and_exit_2(lang, args, words):
    for order in (["--lang", lang, *args], [*args, "--lang", lang]):
        code, out = _run(order)
        assert code == 2, out
        for w in words:
            assert w in out, (order, out)
        assert "--help" in out, out  # still says what to do next


def _bad_registry(tmp_path):
    folder = tmp_path / "registry"
    folder.mkdir(exist_ok=True)
    (folder / "organizations.yaml").write_text(textwrap.dedent("""\
        - id: tiny-body
          type: regional-body
          name: {en: "Tiny Body"}
          name_sources: {en: [s1]}
          founded: 1990-13-45
          headquaters: BRA
          sources:
            - {id: s1, url: "https://example.org/tiny", accessed: 2026-01-02}
        """), encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize(("lang", "lines"), [
    ("es", ["organizations.yaml:5: registro 'tiny-body' campo 'founded': se encontró "
            "'1990-13-45'; se esperaba una fecha como AAAA-MM-DD, AAAA-MM o AAAA",
            "organizations.yaml:6: registro 'tiny-body' campo 'headquaters': se encontró "
            "'BRA'; se esperaba uno de los campos de un registro de tipo organization: id,",
            "(¿quería decir 'headquarters'?)", "2 problema(s) en "]),
    # file:line: stays as compilers write it (editors jump to it), in every language
    ("fr", ["organizations.yaml:5: enregistrement 'tiny-body' champ 'founded': "
            "trouvé '1990-13-45'\u00a0; attendu\u00a0: une date au format AAAA-MM-JJ, AAAA-MM "
            "ou AAAA",
            "organizations.yaml:6: enregistrement 'tiny-body' champ 'headquaters'",
            "l'un des champs d'un enregistrement de type organization\u00a0: id,",
            "(vouliez-vous dire 'headquarters'\u00a0?)", "2 problème(s) dans "]),
])
def test_a_schema_error_names_file_line_and_field_in_the_language(tmp_path, lang, lines):
    code, out = _run(["registry", "check", _bad_registry(tmp_path), "--lang", lang])
    assert code == 1, out
    for line in lines:
        assert line in out, out
    # the English of the same check, for a program or a log, is unchanged
    code, english = _run(["registry", "check", _bad_registry(tmp_path)])
    assert "field 'founded': got '1990-13-45'; expected a date as YYYY-MM-DD" in english


@pytest.mark.parametrize(("lang", "args", "stdin", "words"), [
    ("fr", ["query", "009", FIXTURE, "--param", "limit=3"], None,
     ["Erreur\u00a0: la requête 009_coverage-gaps n'a pas de paramètre limit",
      "→ les paramètres de 009_coverage-gaps\u00a0: threshold"]),
    ("es", ["query", "-", FIXTURE], "SELECT ?s WHERE { ?s ?p }",
     ["Error: la consulta no es SPARQL válido:", "→ corrija el texto de la consulta "
      "(se indican línea:columna)"]),
    ("es", ["query", "no-such-question", FIXTURE], None,
     ["Error: no hay ninguna consulta guardada 'no-such-question'",
      "→ vea las consultas guardadas con `puentes query --list`"]),
    ("es", ["query", "001", "--store", "no-such-store"], None,
     ["Error: no hay ningún almacén en ", "→ ejecute antes `puentes build`"]),
    ("fr", ["query", "-", FIXTURE], "SELECT * WHERE { " + "{ " * 200 + "}" * 200 + " }",
     ["Erreur\u00a0: la requête imbrique 201 niveaux (au plus 128 sont admis)",
      "→ aplatissez la requête"]),
    ("fr", ["query", "001", FIXTURE, "--param", "body=not an iri"], None,
     ["Erreur\u00a0: 'not an iri' n'est pas un IRI",
      "→ les paramètres de 001_regional-roadmaps\u00a0: body"]),
])
def test_a_query_engine_error_is_in_the_language(lang, args, stdin, words):
    code, out = _run([*args, "--lang", lang], stdin=stdin)
    assert code == 2, out
    for w in words:
        assert w in out, out


def test_a_message_renders_in_each_language_and_stays_english_as_text():
    m = Msg("the field {req!r} ({what} needs it)", req="url", what=Msg("a source"))
    assert m == "the field 'url' (a source needs it)" and isinstance(m, str)
    assert render(m, "es") == "el campo 'url' (una fuente lo necesita)"
    assert render(m, "fr") == "le champ 'url' (une source en a besoin)"
    assert render("plain text", "fr") == "plain text"
    again = pickle.loads(pickle.dumps(m))  # a query worker's error crosses processes
    assert render(again, "es") == render(m, "es") and again == m


def test_lang_is_found_before_click_parses():
    assert lang_in(["query", "--lang", "fr"]) == "fr"
    assert lang_in(["--lang=es", "build"]) == "es"
    assert lang_in(["query", "--", "--lang", "fr"]) is None
    assert lang_in(["--lang", "de"]) is None


def test_french_uses_no_break_spaces_before_double_signs():
    """One rule for French: a no-break space before : ; ? ! and inside « », so that a wrapped
    help line never starts with the sign."""
    from babel.messages.pofile import read_po

    from puentes.i18n.messages import LOCALE_DIR

    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "cli.po").open("rb") as fh:
        catalog = read_po(fh, locale="fr", domain="cli")
    wrong = [s for m in catalog if m.id
             for s in (m.string if isinstance(m.string, tuple) else (m.string,))
             if re.search(r" [:;?!»]|« ", s)]
    assert not wrong, wrong


def test_every_click_module_speaks_through_the_catalogue():
    """click looks its words up with gettext in each module: after a click upgrade, a module
    still bound to the standard gettext (or one the extraction does not read) fails here."""
    import gettext
    import importlib.util

    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts/messages.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    speaking = {name.split(".", 1)[1] for name, module in sys.modules.items()
                if name.startswith("click.") and hasattr(module, "_")}
    left = [name for name, module in sys.modules.items() if name.startswith("click")
            and (getattr(module, "_", None) is gettext.gettext
                 or getattr(module, "ngettext", None) is gettext.ngettext)]
    assert not left, left
    assert speaking - {"_winconsole", "_termui_impl"} <= set(script.CLICK_MODULES), speaking


def test_a_translated_help_starts_without_babel_once_compiled(tmp_path):
    """The first es/fr run compiles the catalogue with Babel into the user's cache; the next
    ones read it with the standard library (no Babel import: ~0.35 s less at start-up), and
    an edited catalogue (other contents) is compiled again, never read stale."""
    code = ("import sys\nfrom puentes.i18n.messages import translations\n"
            "t = translations('fr')\n"
            "print(type(t).__module__, 'babel' in sys.modules, t.gettext('Usage:'))")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def run() -> str:
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, check=True).stdout.strip()

    assert run() == "babel.support True Usage\u00a0:"
    assert run() == "gettext False Usage\u00a0:"
    cached = list((tmp_path / "puentes" / "locale").glob("fr-cli-*.mo"))
    assert len(cached) == 1
    cached[0].rename(cached[0].with_name("fr-cli-0000.mo"))  # as if the .po had changed
    assert run() == "babel.support True Usage\u00a0:"


def test_a_build_shows_a_quarantined_registry_in_the_language(tmp_path):
    """`puentes build --lang fr`: the registry's schema problems under the quarantine table
    are in French too (the build keeps the error, the command line renders it)."""
    from catalogues import registry_catalogue

    catalogue = registry_catalogue(tmp_path, Path(_bad_registry(tmp_path)))
    code, out = _run(["build", "registry", "--store", str(tmp_path / "store"), "--catalogue",
                      str(catalogue), "--no-quality", "--lang", "fr"], {"COLUMNS": "200"})
    assert code == 1, out
    flat = _flat(out.replace(str(tmp_path) + "/registry/", ""))  # (no-break spaces too)
    assert "registry │ en quarantaine" in out, out
    assert _flat("2 problème(s) dans les données\u00a0: organizations.yaml:5: enregistrement "
                 "'tiny-body' champ 'founded': trouvé '1990-13-45'\u00a0; attendu\u00a0: une "
                 "date au format AAAA-MM-JJ") in flat, out
    assert "→ corrigez chaque ligne ci-dessus dans les fichiers du registre" in flat, out
