"""How every qa-check command behaves around its body: one error boundary.

A QaCheckError or an OS error from any command ends it with one located line each on stderr
and exit code 2, never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand

from qa_check.errors import Location, Problem, QaCheckError
from qa_check.fileio import os_reason
from qa_check.i18n import in_lang, pick_language

if TYPE_CHECKING:  # typer bundles its own click; its types are named for annotations only
    from typer._click import Context

EXIT_INVALID = 2


class Command(TyperCommand):
    """A qa-check command (``@app.command(cls=Command)``)."""

    def invoke(self, ctx: Context) -> Any:
        """Run the command; a QaCheckError or an OS error ends it: located lines, exit 2."""
        try:
            return super().invoke(ctx)
        except QaCheckError as exc:
            lines = [problem.show(_language(ctx)) for problem in exc.problems]
        except BrokenPipeError:
            raise  # the reader of stdout left (``| head``): typer ends quietly
        except OSError as exc:
            lines = [_os_error(exc, _language(ctx))]
        for line in lines:
            typer.echo(f"error: {line}", err=True)
        raise typer.Exit(EXIT_INVALID)


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
