"""How every qa-check command behaves around its body: familiar help, one error boundary.

Help as git, pip or ruff lay it out: usage lines and arguments without Python types (``PATH...``,
``[PATH]...``); text wrapped at spaces only, so that ``qa-check``, a date or a file name is never
broken at a hyphen; the epilog (Examples, Exit codes) printed as written, so that every example
can be copied whole. Errors: a QaCheckError or an OS error from any command ends it with one
located line each on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand

from qa_check.core.errors import Location, Problem, QaCheckError
from qa_check.core.messages import in_lang, pick_language
from qa_check.files.fileio import os_reason

if TYPE_CHECKING:  # typer bundles its own click; its types are named for annotations only
    from typer._click import Context, HelpFormatter, Parameter

EXIT_INVALID = 2
EXIT_INTERRUPTED = 130


class Command(TyperCommand):
    """A qa-check command (``@app.command(cls=Command)``)."""

    def invoke(self, ctx: Context) -> Any:
        """Run the command; a QaCheckError or an OS error ends it: located lines, exit 2.

        Ctrl-C (or Ctrl-D) at a question typer asks, such as a key's passphrase, is an
        interruption like any other: exit 130, not typer's "Aborted!" and 1. SIGTERM and SIGHUP
        arrive as an interruption carrying their exit code (143, 129), which the command ends
        with wherever it was, a register's query included.
        """
        try:
            return super().invoke(ctx)
        except typer.Abort:
            typer.echo("", err=True)  # the prompt's line is left open
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except KeyboardInterrupt as exc:
            raise typer.Exit(getattr(exc, "code", EXIT_INTERRUPTED)) from None
        except QaCheckError as exc:
            lines = [problem.show(_language(ctx)) for problem in exc.problems]
        except BrokenPipeError:
            raise  # the reader of stdout left (``| head``): typer ends quietly
        except OSError as exc:
            lines = [_os_error(exc, _language(ctx))]
        for line in lines:
            typer.echo(f"error: {line}", err=True)
        raise typer.Exit(EXIT_INVALID)

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


def _language(ctx: Context) -> str:
    """The language the command speaks: its ``--lang``, else (``run``) QA_CHECK_LANG or locale."""
    chosen = ctx.params.get("lang", "en")
    if chosen is None:
        return pick_language(None)
    return "zh" if chosen == "zh" else "en"


def _os_error(exc: OSError, lang: str) -> str:
    """An OS error no part of qa-check expected, located at its file when it names one."""
    if exc.filename is None:
        return in_lang(os_reason(exc), lang)
    return Problem(Location(str(exc.filename)), os_reason(exc)).show(lang)
