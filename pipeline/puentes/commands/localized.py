"""Help and click's own words in the reader's language (es, en, fr).

The English help stays where a click app keeps it — the commands' docstrings and the
options' ``help=`` — and is the message id: :class:`LocalizedCommand` and
:class:`LocalizedGroup` pass each piece through the ``cli`` catalogue when they format the
help, so ``puentes --lang fr build --help`` reads French. A paragraph that click rewraps is
one message (its line breaks do not matter); in a ``\\b`` block (kept line by line), each
line is one, except command lines (``puentes …``, ``curl …``), which stay as they are, so
that a translated example runs the same — only its ``# comment`` is translated — and in a
``term   description`` line only the description is.

click writes its own words ("Usage:", "Missing argument …", "Try … for help.") with
``gettext.gettext``, bound as ``_`` (and ``ngettext``) in each of its modules when they are
imported; :func:`speak_click` points those names at the same catalogue, which holds click's
message ids (``scripts/messages.py`` extracts them from click's source). Usage errors stay
click's: exit 2 and "Try '… --help' for help."

The language is known before click parses anything: :meth:`LocalizedCommand.parse_args`
looks for ``--lang`` among the arguments first (so an unknown option is already reported in
it), else the run's default (``PUENTES_LANG``, else the locale), which is all that
``puentes --help`` has. English needs no catalogue: nothing of Babel is imported for it.
"""

from __future__ import annotations

import copy
import gettext as stdlib_gettext
import inspect
import re
import sys
from collections.abc import Callable, Iterator

import click

from puentes.i18n import LANGS, current_lang, set_lang

#: where a ``--lang`` given anywhere on the command line is kept for the commands below
LANG_KEY = "puentes.lang"
#: the help option's text (click's own message id; the option is made once and cached, so
#: its text is set back to the id each time and translated when shown)
HELP_TEXT = "Show this message and exit."
#: a line of an example that is a command: kept, only its trailing ``# comment`` translated
_PROGRAM = r"(?:puentes|curl|echo|eval)(?=\s+[^\s—]|$)"
_CODE = re.compile(rf"^(\s*)({_PROGRAM}.*?)(\s{{2,}}#\s*)(.*)$|^(\s*)({_PROGRAM}.*)$")
#: a ``term   description`` line of a list (the kinds of picture …): the description only
_TERM = re.compile(r"^(\s+\S+\s{2,})(\S.*)$")


def tr(message: str) -> str:
    """``message`` from the ``cli`` catalogue in the run's language (no fields filled)."""
    lang = current_lang()
    if lang == "en" or not message:
        return message  # English is the id itself: no catalogue, no Babel import
    from puentes.i18n.messages import translations

    return translations(lang).gettext(message)


def _tr_plural(singular: str, plural: str, n: int) -> str:
    lang = current_lang()
    if lang == "en":
        return singular if n == 1 else plural
    from puentes.i18n.messages import translations

    return translations(lang).ngettext(singular, plural, n)


def speak_click() -> None:
    """Point click's ``_`` and ``ngettext`` at the ``cli`` catalogue, in every click module
    loaded (the ones imported lazily are imported first)."""
    import click.shell_completion  # noqa: F401 - loaded by click only when completing

    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is stdlib_gettext.gettext:
            module._ = tr
        if getattr(module, "ngettext", None) is stdlib_gettext.ngettext:
            module.ngettext = _tr_plural


def localize(text: str | None, translate: Callable[[str], str] = tr) -> str:
    """A help text with each of its messages passed through ``translate`` (see the module's
    doc for what a message is). The extraction passes a function that collects them."""
    if not text:
        return text or ""
    out = []
    for para in re.split(r"\n\s*\n", inspect.cleandoc(text).partition("\f")[0]):
        if not para.startswith("\b"):
            out.append(translate(" ".join(para.split())))
            continue
        lines, cont = [], False
        for line in para.split("\n"):
            code, term = _CODE.match(line), _TERM.match(line)
            if line == "\b" or not line.strip() or cont:
                lines.append(line)
            elif code and code.group(2):
                lines.append(code.group(1) + code.group(2) + code.group(3)
                             + translate(code.group(4)))
            elif code:
                lines.append(line)
            elif term:
                lines.append(term.group(1) + translate(term.group(2)))
            else:
                indent = line[:len(line) - len(line.lstrip())]
                lines.append(indent + translate(line.strip()))
            cont = line.rstrip().endswith("\\")
        out.append("\n".join(lines))
    return "\n\n".join(out)


def short_help(text: str, limit: int = 45) -> str:
    """The first sentence of ``text``'s first paragraph, cut with ``...`` past ``limit``
    characters (the one line a group lists per command, in the same language as the help).

    >>> short_help("Build the graph. Then more."), short_help("one two three four", 12)
    ('Build the graph.', 'one two...')
    """
    out: list[str] = []
    for word in text.partition("\n\n")[0].split():
        if out and len(" ".join([*out, word])) > limit - 3:
            return " ".join(out) + "..."
        out.append(word)
        if word.endswith("."):
            break
    return " ".join(out)


def help_messages(command: click.Command) -> Iterator[str]:
    """Every message of ``command``'s own help (not its subcommands'), for the catalogue."""
    found: list[str] = ["{heading}:"]

    def collect(message: str) -> str:
        found.append(message)
        return message

    localize(command.help, collect)
    if command.short_help:
        found.append(command.short_help)
    if command.options_metavar:
        found.append(command.options_metavar)
    if isinstance(command, click.Group) and command.subcommand_metavar:
        found.append(command.subcommand_metavar)
    for param in command.params:
        localize(getattr(param, "help", None), collect)
        if isinstance(getattr(param, "show_default", None), str):
            found.append(param.show_default)
    yield from found


def lang_in(args: list[str]) -> str | None:
    """The value of a ``--lang`` among ``args`` (before ``--``), if one of es, en, fr.

    >>> lang_in(["query", "--lang", "fr", "001"]), lang_in(["--lang=es"]), lang_in(["x"])
    ('fr', 'es', None)
    """
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else (
            arg[7:] if arg.startswith("--lang=") else None)
        if value in LANGS:
            return value
    return None


class LocalizedFormatter(click.HelpFormatter):
    """click's help formatter with the colon of a heading as the language writes it
    ("Options:", « Options : »)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{tr('{heading}:').format(heading=heading)}\n")


class LocalizedContext(click.Context):
    """A click context that formats help with :class:`LocalizedFormatter`."""

    formatter_class = LocalizedFormatter


class LocalizedCommand(click.Command):
    """A click command whose help is shown in the run's language."""

    context_class = LocalizedContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Take ``--lang`` before parsing, so that usage errors are in it already."""
        lang = lang_in(args) or ctx.meta.get(LANG_KEY)
        if lang or ctx.parent is None:
            ctx.meta[LANG_KEY] = set_lang(lang)  # the top command: each run starts afresh
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT  # made in the language of the first run that asked
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.options_metavar and pieces[:1] == [self.options_metavar]:
            pieces[0] = tr(self.options_metavar)
        if isinstance(self, click.Group) and pieces[-1:] == [self.subcommand_metavar]:
            pieces[-1] = tr(self.subcommand_metavar)
        return pieces

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = localize(self.help)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return tr(self.short_help)
        return short_help(localize(self.help), limit) if self.help else ""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for param in self.get_params(ctx)
                if not isinstance(param, click.Argument)
                and (row := _help_record(param, ctx)) is not None]
        if rows:
            with formatter.section(tr("Options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """The option's line of the help, with its text and shown default translated."""
    shown = copy.copy(param)  # the option itself is shared by every run: not changed
    shown.help = localize(param.help) if getattr(param, "help", None) else None
    if isinstance(getattr(param, "show_default", None), str):
        shown.show_default = tr(param.show_default)
    return shown.get_help_record(ctx)


class LocalizedGroup(LocalizedCommand, click.Group):
    """A click group whose help (and its commands' one-line summaries) is translated; the
    commands it makes with ``@group.command`` are :class:`LocalizedCommand`."""

    command_class = LocalizedCommand


speak_click()
