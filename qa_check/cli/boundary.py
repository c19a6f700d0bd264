"""The one error boundary and exit policy of every command.

Exit codes: 0 all records pass, 1 some fail, 2 some are invalid or the command was misused,
130 interrupted (143 SIGTERM, 129 SIGHUP). A QaCheckError or an OS error from any command ends
it here with one located line each on stderr, in the command's language, and exit code 2, never
a traceback. The language is picked here too, once: ``--lang``, else QA_CHECK_LANG, else the
locale.
"""

from __future__ import annotations

import locale
import os
import signal
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

import typer

from qa_check.core.errors import Location, Problem, QaCheckError
from qa_check.core.languages import Lang
from qa_check.core.messages import in_lang
from qa_check.files.fileio import os_reason

if TYPE_CHECKING:  # typer bundles its own click; its types are named for annotations only
    from typer._click import Context

    from qa_check.engine.judge import Summary

T = TypeVar("T")

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 130
STOPPING_SIGNALS = (("SIGTERM", 143), ("SIGHUP", 129))
"""Signals that stop a command as Ctrl-C does, and the exit code each ends it with."""

RECORD_EXIT_CODES = (
    ("0", "every record passed"),
    ("1", "some record failed, none was invalid"),
    ("2", "some record was invalid, or the command was misused"),
    ("130", "interrupted by Ctrl-C (143 by SIGTERM, 129 the terminal closed)"),
)
"""Exit codes of the commands that judge records (the README's Exit codes section says more)."""


def guarded(ctx: Context, invoke: Callable[[], T]) -> T:
    """Run a command's body; a QaCheckError or an OS error ends it: located lines, exit 2.

    Ctrl-C (or Ctrl-D) at a question typer asks, such as a key's passphrase, is an
    interruption like any other: exit 130, not typer's "Aborted!" and 1. SIGTERM and SIGHUP
    arrive as an interruption carrying their exit code (143, 129), which the command ends
    with wherever it was, a register's query included.
    """
    try:
        return invoke()
    except typer.Abort:
        typer.echo("", err=True)  # the prompt's line is left open
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except KeyboardInterrupt as exc:
        raise typer.Exit(interrupt_code(exc)) from None
    except QaCheckError as exc:
        lines = [problem.show(spoken(ctx)) for problem in exc.problems]
    except BrokenPipeError:
        raise  # the reader of stdout left (``| head``): typer ends quietly
    except OSError as exc:
        lines = [_os_error(exc, spoken(ctx))]
    for line in lines:
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(EXIT_INVALID)


def spoken(ctx: Context) -> Lang:
    """The language a command speaks: its ``--lang``, else QA_CHECK_LANG, else the locale.

    A ``--lang`` left at its default says nothing: certify's and summarize's default is the
    language of the files they write (a certificate, summary.pdf), which the environment never
    changes, not the language they speak in. ``en+zh`` speaks English.
    """
    from typer._click.core import ParameterSource

    chosen = ctx.params.get("lang")
    if ctx.get_parameter_source("lang") in (None, ParameterSource.DEFAULT):
        chosen = None
    return pick_language(str(chosen) if chosen else None)


def records_code(summary: Summary, *, unwritten: bool = False) -> int:
    """0 when every record passed, 1 when some failed, 2 when some was invalid.

    ``unwritten``: a file the batch owes (the register, a summary file) could not be written,
    which is 2 whatever the verdicts.
    """
    code = EXIT_INVALID if summary.invalid else EXIT_FAILED if summary.failed else EXIT_OK
    return max(code, EXIT_INVALID) if unwritten else code


class Signalled(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stop as for Ctrl-C (finish the report, keep every file whole)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def interrupt_code(exc: BaseException) -> int:
    """The exit code of an interruption: 130 for Ctrl-C, the signal's own for SIGTERM, SIGHUP."""
    return exc.code if isinstance(exc, Signalled) else EXIT_INTERRUPTED


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP unwind like Ctrl-C, so files are closed whole and drafts saved."""
    for name, code in STOPPING_SIGNALS:
        signal.signal(getattr(signal, name), _stop_with(code))


def _stop_with(code: int) -> Callable[[int, object], None]:
    def stop(signum: int, frame: object) -> None:
        raise Signalled(code)

    return stop


def _os_error(exc: OSError, lang: str) -> str:
    """An OS error no part of qa-check expected, located at its file when it names one."""
    if exc.filename is None:
        return in_lang(os_reason(exc), lang)
    return Problem(Location(str(exc.filename)), os_reason(exc)).show(lang)


def pick_language(option: str | None, environ: Mapping[str, str] | None = None) -> Lang:
    """``--lang``, else ``QA_CHECK_LANG``, else the locale (``LANG=zh_CN.UTF-8`` is Chinese)."""
    env = os.environ if environ is None else environ
    for candidate in (option, env.get("QA_CHECK_LANG")):
        if candidate:
            return Lang.ZH if candidate.lower().startswith("zh") else Lang.EN
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return Lang.ZH if value.lower().startswith("zh") else Lang.EN
    if environ is None:
        found = locale.getlocale()[0] or ""
        return Lang.ZH if found.lower().startswith("zh") else Lang.EN
    return Lang.EN
