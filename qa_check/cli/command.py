"""How every qa-check command behaves around its body: familiar help, one error boundary.

Help as git, pip or ruff lay it out: usage lines and arguments without Python types (``PATH...``,
``[PATH]...``); text wrapped at spaces only, so that ``qa-check``, a date or a file name is never
broken at a hyphen; the epilog (Examples, Exit codes) printed as written, so that every example
can be copied whole. Help speaks the language asked for (``--lang`` before ``-h``, else
QA_CHECK_LANG, else the locale): Chinese from the catalogue's HELP, keyed by the English text,
so a command's help is translated wherever the command is defined. So do typer's usage errors
(an unknown option, a missing argument), still with exit code 2: their fixed words from the
catalogue, the names and values in them as typed. Errors of a command's body end it in one
place, ``qa_check.cli.boundary``.
"""

from __future__ import annotations

import functools
import inspect
import re
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

from qa_check.cli.boundary import guarded, pick_language
from qa_check.core.catalogue import CATALOGUE, HELP
from qa_check.core.languages import Lang
from qa_check.core.messages import Message, msg

if TYPE_CHECKING:  # typer bundles its own click; its types are named for annotations only
    from typer._click import Command as _ClickCommand
    from typer._click import Context, HelpFormatter, Parameter
else:
    _ClickCommand = object

_HELP_LANG = "qa_check.help_lang"
"""The ``ctx.meta`` key of the language help and usage errors are shown in."""

Wrap = Callable[[str, int], list[str]]


class _Help(_ClickCommand):
    """Help and usage errors in the language asked for: English as typer words them, or Chinese."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """Note the language before parsing: ``-h`` is eager, answered mid-parse, as are errors."""
        ctx.meta[_HELP_LANG] = _asked_language(args)
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            raise _in_language(error, ctx) from None

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Chinese when asked for, else the English help exactly as before."""
        if ctx.meta.get(_HELP_LANG, pick_language(None)) == "zh":
            _chinese_help(self, ctx, formatter)
        else:
            super().format_help(ctx, formatter)


class Group(_Help, TyperGroup):
    """A qa-check group of commands (``typer.Typer(cls=Group)``): the app, keys, register."""

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, _ClickCommand | None, list[str]]:
        """The command named first in ``args``; an unknown one is a usage error, spoken."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            raise _in_language(error, ctx) from None


class Command(_Help, TyperCommand):
    """A qa-check command (``@app.command(cls=Command)``)."""

    def invoke(self, ctx: Context) -> Any:
        """Run the command inside the one error boundary (``qa_check.cli.boundary``)."""
        return guarded(ctx, functools.partial(super().invoke, ctx))

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        """``[OPTIONS] PATH...``: arguments as people write them, without their Python types."""
        options = [self.options_metavar] if self.options_metavar else []
        return options + [_shown(param) for param in self.get_params(ctx) if _is_argument(param)]

    def format_help_text(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The docstring, paragraph by paragraph, broken at spaces only."""
        _write_paragraphs(formatter, _paragraphs(self.help), _wrap)

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Arguments, then options, each with its help beside it."""
        _write_params(self, ctx, formatter, Lang.EN)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The epilog (Examples, Exit codes) exactly as written: nothing in it is rewrapped."""
        if self.epilog:
            formatter.write_paragraph()
            formatter.write(self.epilog.rstrip("\n") + "\n")


class _ChineseUsageError(UsageError):
    """A usage error typer found, shown as typer shows it, in Chinese.

    Typer's fixed words come from the catalogue, whose English is typer's own (a message
    typer words otherwise keeps its English); names, values and the usage line's pieces stay
    as typed. Exit code 2, as any usage error.
    """

    def __init__(self, error: UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)

    def format_message(self) -> str:
        """The message with typer's words in Chinese, when the catalogue knows its shape."""
        said = _typers_words(self.message)
        return said.zh if said is not None else self.message

    def show(self, file: IO[Any] | None = None) -> None:
        """Usage line, where to find help, then the error: the lines typer writes, in Chinese."""
        lines = []
        ctx = self.ctx
        if ctx is not None:
            usage = " ".join(ctx.command.collect_usage_pieces(ctx))
            formatter = ctx.make_formatter()
            formatter.write_usage(ctx.command_path, usage, prefix=_zh("Usage:"))
            lines.append(formatter.getvalue().rstrip("\n"))
            if ctx.command.get_help_option(ctx) is not None:
                asked = f"{ctx.command_path} {ctx.help_option_names[0]}"
                lines += [msg("usage_try", command=asked).zh, ""]
        lines.append(msg("usage_error", message=self.format_message()).zh)
        typer.echo("\n".join(lines), file=file, err=True)


_TYPERS_WORDS = (
    "usage_no_such_option_hinted",
    "usage_no_such_option",
    "usage_no_such_command_hinted",
    "usage_no_such_command",
    "usage_missing_argument",
    "usage_missing_option",
    "usage_not_a_choice",
    "usage_invalid_value",
    "usage_needs_a_value",
    "usage_extra_arguments",
)
"""The catalogue's messages in typer's words, the more particular of two shapes first."""


def _in_language(error: UsageError, ctx: Context) -> UsageError:
    """``error`` in the language of the command (``--lang``, else QA_CHECK_LANG, the locale).

    A group called alone shows its help, already in that language.
    """
    if ctx.meta.get(_HELP_LANG) != "zh" or isinstance(error, NoArgsIsHelpError):
        return error
    return error if isinstance(error, _ChineseUsageError) else _ChineseUsageError(error)


def _typers_words(message: str) -> Message | None:
    """The catalogue's message that words ``message`` as typer did, its values filled in."""
    for key in _TYPERS_WORDS:
        english, _ = CATALOGUE[key]
        shape = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(english))
        found = re.fullmatch(shape, message, re.DOTALL)
        if found is not None:
            return msg(key, **found.groupdict())
    return None


def epilog(examples: Sequence[str], exit_codes: Sequence[tuple[str, str]] = ()) -> str:
    """The Examples section, then the Exit codes section when there is one, as help shows them."""
    sections = ["Examples:\n" + "".join(f"  {example}\n" for example in examples)]
    if exit_codes:
        column = max(len(code) for code, _ in exit_codes) + 2
        lines = "".join(f"  {code.ljust(column)}{meaning}\n" for code, meaning in exit_codes)
        sections.append("Exit codes:\n" + lines)
    return "\n".join(sections)


def _asked_language(args: Sequence[str]) -> Lang:
    """``--lang`` as typed before ``-h``, else QA_CHECK_LANG, else the locale."""
    asked = None
    for number, arg in enumerate(args):
        if arg in ("-h", "--help", "--"):
            break
        if arg == "--lang" and number + 1 < len(args):
            asked = args[number + 1]
        elif arg.startswith("--lang="):
            asked = arg.partition("=")[2]
    return pick_language(asked)


def _chinese_help(command: _ClickCommand, ctx: Context, formatter: HelpFormatter) -> None:
    """The help laid out as the English, every text in it from HELP; examples stay as written."""
    usage = " ".join(command.collect_usage_pieces(ctx))
    formatter.write_usage(ctx.command_path, usage, prefix=_zh("Usage:"))
    _write_paragraphs(formatter, [_zh(text) for text in _paragraphs(command.help)], _wrap_wide)
    _write_params(command, ctx, formatter, Lang.ZH)
    if isinstance(command, TyperGroup):
        listed = [(name, command.get_command(ctx, name)) for name in command.list_commands(ctx)]
        rows = [(name, _zh(_summary(sub))) for name, sub in listed if sub and not sub.hidden]
        if rows:
            _chinese_section(formatter, "Commands", rows)
    if command.epilog:
        formatter.write_paragraph()
        formatter.write(_chinese_epilog(command.epilog.rstrip("\n")) + "\n")


def _zh(text: str) -> str:
    """The Chinese of an English help text; a text HELP lacks stays English."""
    return HELP.get(" ".join(text.split()), text)


def _paragraphs(text: str | None) -> list[str]:
    """A docstring's paragraphs: the first is the summary a group lists its command by."""
    cleaned = inspect.cleandoc(text or "")
    return cleaned.split("\n\n") if cleaned else []


def _summary(command: _ClickCommand) -> str:
    """What a group lists a command by: its first paragraph, whole (the column wraps it)."""
    return command.short_help or next(iter(_paragraphs(command.help)), "")


def _chinese_epilog(text: str) -> str:
    """An epilog of ``epilog()`` in Chinese: headings and exit codes' meanings translated."""
    lines: list[str] = []
    examples = False
    for line in text.split("\n"):
        meaning = re.match(r"\s+\S+\s+", line)
        if line and not line[0].isspace():  # a heading: Examples:, Exit codes:
            examples = line == "Examples:"
            lines.append(_zh(line))
        elif examples or meaning is None:  # a command line, copied whole; a blank line
            lines.append(line)
        else:  # an exit code, aligned as written, and its meaning
            lines.append(meaning.group() + _zh(line[meaning.end() :]))
    return "\n".join(lines)


def _write_paragraphs(formatter: HelpFormatter, paragraphs: Sequence[str], wrap: Wrap) -> None:
    """A command's description, paragraph by paragraph, indented under the usage line."""
    if not paragraphs:
        return
    formatter.write_paragraph()
    with formatter.indentation():
        for number, paragraph in enumerate(paragraphs):
            if number:
                formatter.write("\n")
            width = formatter.width - formatter.current_indent
            for line in wrap(paragraph, width):
                formatter.write(f"{' ' * formatter.current_indent}{line}\n")


def _write_params(
    command: _ClickCommand, ctx: Context, formatter: HelpFormatter, lang: Lang
) -> None:
    """The Arguments section, then the Options section, each help beside its name."""
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        term, text = record
        if lang == "zh":
            text = _chinese_param_help(getattr(param, "help", None) or "", text)
        if _is_argument(param):
            arguments.append((_shown(param), text))
        else:
            options.append((term, text))
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if not rows:
            continue
        if lang == "zh":
            _chinese_section(formatter, title, rows)
        else:
            with formatter.section(title):
                _write_rows(formatter, rows, _wrap)


def _chinese_section(formatter: HelpFormatter, title: str, rows: Sequence[tuple[str, str]]) -> None:
    """A section as ``formatter.section`` writes it, its heading ending in a Chinese colon."""
    formatter.write_paragraph()
    formatter.write(f"{' ' * formatter.current_indent}{_zh(title + ':')}\n")
    with formatter.indentation():
        _write_rows(formatter, rows, _wrap_wide)


def _chinese_param_help(english: str, shown: str) -> str:
    """A parameter's help in Chinese, with what typer adds (``[default: text; required]``)."""
    text = _zh(english) if english else ""
    added = shown[len(english) :].strip()[1:-1]
    if not added:
        return text
    pieces = []
    for piece in added.split("; "):
        name, colon, value = piece.partition(": ")
        pieces.append(f"{_zh(name)}：{value}" if colon else _zh(piece))  # a range stays
    return f"{text}  [{'; '.join(pieces)}]" if text else f"[{'; '.join(pieces)}]"


def _is_argument(param: Parameter) -> bool:
    return param.param_type_name == "argument"


def _shown(argument: Parameter) -> str:
    """``PATH...`` when required, ``[PATH]...`` when not: the argument's name as usage shows it."""
    name = argument.metavar or (argument.name or "").upper()
    shown = name if argument.required else f"[{name}]"
    return shown + ("..." if argument.nargs != 1 else "")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken at spaces only (a long word stays whole)."""
    return textwrap.wrap(
        " ".join(text.split()), max(width, 20), break_on_hyphens=False, break_long_words=False
    )


_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_UNIT = re.compile(rf"\s+|\[[^\]]*\]|[（《(\[]*(?:[^\s{_WIDE}]+|\S)[，。；：、）》！？]*")
"""What Chinese text is broken between: spaces, a note in brackets (``[默认：text]``), a word or
a wide character with the opening marks before it and the closing marks after it (so a line
never starts with ，or ）, nor ends with （)."""


def _wrap_wide(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns of Chinese text (a wide character takes two).

    Broken between Chinese characters or at spaces, never inside an option, a file name or a
    word, nor before a closing mark.
    """
    width = max(width, 20)
    lines: list[str] = []
    line = ""
    space = False
    for unit in _UNIT.findall(text):
        if unit.isspace():
            space = bool(line)
            continue
        joined = f"{line} {unit}" if space else line + unit
        if line and _columns(joined) > width:
            lines.append(line)
            joined = unit
        line, space = joined, False
    return [*lines, line] if line else lines


def _columns(text: str) -> int:
    """The columns ``text`` takes in a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _write_rows(formatter: HelpFormatter, rows: Sequence[tuple[str, str]], wrap: Wrap) -> None:
    """Terms and their help in two columns, the help wrapped within its column."""
    indent = " " * formatter.current_indent
    column = max(len(term) for term, _ in rows) + 2
    width = formatter.width - formatter.current_indent - column
    for term, text in rows:
        first, *rest = wrap(text, width) or [""]
        formatter.write(f"{indent}{term.ljust(column)}{first}".rstrip() + "\n")
        for line in rest:
            formatter.write(f"{indent}{' ' * column}{line}\n")
