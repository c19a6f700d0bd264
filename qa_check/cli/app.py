"""The command line: the app, its commands in the order help lists them, and ``main``.

Each command is a module of its own (``validate``, ``certify``, ``verify``, ``run``,
``checklists``, ``summarize``, ``register``, ``keys``) that imports what it needs when it runs,
so that ``--help`` and ``validate`` start fast. Errors and exit codes: ``boundary``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from qa_check import __version__
from qa_check.cli import (
    certify,
    checklists,
    config,
    keys,
    lot,
    publish,
    register,
    run,
    summarize,
    validate,
    verify,
)
from qa_check.cli.boundary import stop_on_signals
from qa_check.cli.command import Command, Group

app = typer.Typer(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Check packaging & QA results of e-commerce SKUs against YAML checklists.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qa-check {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "-V", "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Check packaging & QA results of e-commerce SKUs against YAML checklists."""
    if ctx.invoked_subcommand is None:  # `qa-check` alone: the help, as asked for
        typer.echo(ctx.get_help())


for command, shown in (
    (validate.validate, validate.EPILOG),
    (certify.certify, certify.EPILOG),
    (verify.verify, verify.EPILOG),
    (run.run, run.EPILOG),
    (checklists.lint, checklists.LINT_EPILOG),
    (summarize.summarize, summarize.EPILOG),
    (checklists.schema, checklists.SCHEMA_EPILOG),
    (checklists.template, checklists.TEMPLATE_EPILOG),
    (publish.publish, publish.EPILOG),
):
    app.command(cls=Command, epilog=shown)(command)
app.add_typer(register.commands, name="register")
app.add_typer(keys.commands, name="keys")
app.add_typer(lot.commands, name="lot")
app.add_typer(config.commands, name="config")


def main() -> None:
    """Console-script entry point (through ``qa_check.__main__``, which guards the imports)."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal in a GBK or ASCII locale gets a replacement mark, not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    stop_on_signals()
    app(prog_name="qa-check")  # also under `python -m qa_check`: usage lines, completion
