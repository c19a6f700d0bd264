"""How every qa-check command behaves around its body: familiar help, one error boundary.

Help as git, pip or ruff lay it out: usage lines and arguments without Python types (``PATH...``,
``[PATH]...``); text wrapped at spaces only, so that ``qa-check``, a date or a file name is never
broken at a hyphen; the epilog (Examples, Exit codes) printed as written, so that every example
can be copied whole. Errors end every command in one place, ``qa_check.cli.boundary``.
"""

from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from typer.core import TyperCommand

from qa_check.cli.boundary import guarded

if TYPE_CHECKING:  # typer bundles its own click; its types are named for annotations only
    from typer._click import Context, HelpFormatter, Parameter


class Command(TyperCommand):
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
        text = inspect.cleandoc(self.help or "")
        if not text:
            return
        formatter.write_paragraph()
        with formatter.indentation():
            for number, paragraph in enumerate(text.split("\n\n")):
                if number:
                    formatter.write("\n")
                width = formatter.width - formatter.current_indent
                for line in _wrap(paragraph, width):
                    formatter.write(f"{' ' * formatter.current_indent}{line}\n")

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Arguments, then options, each with its help beside it."""
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if _is_argument(param):
                arguments.append((_shown(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    _write_rows(formatter, rows)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The epilog (Examples, Exit codes) exactly as written: nothing in it is rewrapped."""
        if self.epilog:
            formatter.write_paragraph()
            formatter.write(self.epilog.rstrip("\n") + "\n")


def epilog(examples: Sequence[str], exit_codes: Sequence[tuple[str, str]] = ()) -> str:
    """The Examples section, then the Exit codes section when there is one, as help shows them."""
    sections = ["Examples:\n" + "".join(f"  {example}\n" for example in examples)]
    if exit_codes:
        column = max(len(code) for code, _ in exit_codes) + 2
        lines = "".join(f"  {code.ljust(column)}{meaning}\n" for code, meaning in exit_codes)
        sections.append("Exit codes:\n" + lines)
    return "\n".join(sections)


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


def _write_rows(formatter: HelpFormatter, rows: Sequence[tuple[str, str]]) -> None:
    """Terms and their help in two columns, the help wrapped within its column."""
    indent = " " * formatter.current_indent
    column = max(len(term) for term, _ in rows) + 2
    width = formatter.width - formatter.current_indent - column
    for term, text in rows:
        first, *rest = _wrap(text, width) or [""]
        formatter.write(f"{indent}{term.ljust(column)}{first}".rstrip() + "\n")
        for line in rest:
            formatter.write(f"{indent}{' ' * column}{line}\n")
