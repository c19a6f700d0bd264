"""The command line: parse options, call the core, pick a reporter, set the exit code.

Exit codes: 0 all records pass, 1 some fail, 2 some are invalid or the command was misused,
130 interrupted.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from qa_check import __version__
from qa_check.errors import Location, Problem, QaCheckError, UsageError

if TYPE_CHECKING:
    from qa_check.checklists import Registry


class Format(StrEnum):
    """The formats ``validate --format`` offers; each is a module in ``qa_check.reporters``."""

    TEXT = "text"
    JSON = "json"


class Lang(StrEnum):
    """Languages of the texts people read in reports."""

    EN = "en"
    ZH = "zh"


EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 130
PROGRESS_EVERY = 500

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Check packaging & QA results of e-commerce SKUs against YAML checklists.",
)

ChecklistsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--checklists",
        "-c",
        envvar="QA_CHECK_CHECKLISTS",
        metavar="PATH",
        help="Checklist file or folder (repeatable). Default: ./checklists, else the built-in set.",
    ),
]


def _fatal(problems: Sequence[Problem], code: int = EXIT_INVALID) -> NoReturn:
    """The one exit path for expected errors: a located line each on stderr, no traceback."""
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qa-check {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Check packaging & QA results of e-commerce SKUs against YAML checklists."""


def _registry(paths: list[Path] | None) -> Registry:
    from qa_check.checklists import default_checklist_dirs, load_registry

    try:
        return load_registry(paths or default_checklist_dirs())
    except QaCheckError as exc:
        _fatal(exc.problems)


@app.command()
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH", help="Record files (.yaml .yml .json .jsonl .csv) or folders."
        ),
    ],
    checklists: ChecklistsOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Report format.")
    ] = Format.TEXT,
    encoding: Annotated[
        str,
        typer.Option(
            metavar="NAME", help="Text encoding of the record files, e.g. gbk for Excel CSV."
        ),
    ] = "utf-8",
    lang: Annotated[Lang, typer.Option(help="Language of corrective actions.")] = Lang.EN,
) -> None:
    """Judge each SKU's recorded results: PASS, FAIL (and why) or INVALID (and where).

    Example: qa-check validate examples/ --format json
    """
    from qa_check.records import read_records, record_files
    from qa_check.reporters import reporter_for
    from qa_check.validate import Summary, judge_all

    registry = _registry(checklists)
    try:
        files = record_files(paths)
        codec = _encoding(encoding)
    except QaCheckError as exc:
        _fatal(exc.problems)
    if not files:
        _fatal([Problem(_where(paths), "no record files (.yaml .yml .json .jsonl .csv) found")])
    reporter = reporter_for(output_format, lang.value)
    summary = Summary()
    out = sys.stdout
    progress = sys.stderr.isatty()
    out.write(reporter.start())
    try:
        for result in judge_all(read_records(files, registry, codec), registry):
            summary.add(result)
            out.write(reporter.result(result))
            if progress and summary.total % PROGRESS_EVERY == 0:
                sys.stderr.write(f"\r{summary.total:,} records…")
                sys.stderr.flush()
    except KeyboardInterrupt:
        out.write(reporter.finish(summary))  # a partial report that still parses
        out.flush()
        typer.echo(
            f"\ninterrupted after {summary.total:,} records: {summary.passed} passed,"
            f" {summary.failed} failed, {summary.invalid} invalid",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if progress and summary.total >= PROGRESS_EVERY:
        sys.stderr.write("\r" + " " * 30 + "\r")
    out.write(reporter.finish(summary))
    raise typer.Exit(summary.exit_code)


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...", help="Checklist files or folders. Default: ./checklists."
        ),
    ] = None,
) -> None:
    """Check checklist files: schema, duplicate ids, references, translations.

    Exit 0 when clean, 1 when problems are found, 2 on a usage error.
    Example: qa-check lint checklists/
    """
    from qa_check.checklists import default_checklist_dirs
    from qa_check.checklists import lint as lint_paths

    try:
        problems = lint_paths(paths or default_checklist_dirs())
    except QaCheckError as exc:
        _fatal(exc.problems)
    for problem in problems:
        typer.echo(str(problem))
    count = len(problems)
    typer.echo(
        f"{count} problem{'s' if count != 1 else ''} found" if count else "checklists OK", err=True
    )
    raise typer.Exit(EXIT_FAILED if problems else EXIT_OK)


@app.command()
def schema(
    out: Annotated[
        Path, typer.Option(metavar="DIR", help="Folder to write the schema files into.")
    ] = Path("schemas"),
) -> None:
    """Write JSON Schema (draft 7) for checklists and records, for editors' YAML support.

    Example: qa-check schema --out schemas/
    """
    from qa_check.fileio import atomic_write
    from qa_check.schema import SCHEMA_FILES, schema_text

    for name, model in SCHEMA_FILES.items():
        atomic_write(out / name, schema_text(model))
        typer.echo(str(out / name))


@app.command()
def template(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CHECKLIST]...",
            help="Checklists as id or id@version. Default: all, newest versions.",
        ),
    ] = None,
    checklists: ChecklistsOption = None,
    out: Annotated[Path, typer.Option(help="Folder for the two template files.")] = Path(),
    force: Annotated[bool, typer.Option(help="Overwrite existing template files.")] = False,
) -> None:
    """Write a blank CSV header (record-template.csv) and YAML skeleton (record-template.yaml).

    Example: qa-check template drop-test compression-test --out forms/
    """
    from qa_check.checklists import select
    from qa_check.fileio import atomic_write
    from qa_check.template import csv_template, yaml_template

    registry = _registry(checklists)
    try:
        chosen = select(registry, names or [])
    except QaCheckError as exc:
        _fatal(exc.problems)
    targets = {
        out / "record-template.csv": csv_template(chosen),
        out / "record-template.yaml": yaml_template(chosen),
    }
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        _fatal([Problem(_where(existing), "already exists; use --force to overwrite")])
    for path, text in targets.items():
        atomic_write(path, text)
        typer.echo(str(path))


def _encoding(name: str) -> str:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise UsageError([Problem(Location("--encoding"), f"unknown encoding {name!r}")]) from None
    return "utf-8-sig" if codec == "utf-8" else codec


def _where(paths: Sequence[Path]) -> Location:
    return Location(", ".join(str(p) for p in paths))


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal in a GBK or ASCII locale gets a replacement mark, not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    app()
