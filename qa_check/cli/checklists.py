"""The commands about checklists: ``lint``, their JSON ``schema``, a record ``template``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from qa_check.cli.boundary import EXIT_FAILED, EXIT_OK, spoken
from qa_check.cli.command import epilog
from qa_check.cli.options import ChecklistsOption, FormatOption, registry, where
from qa_check.core.errors import Location, Problem, UsageError
from qa_check.core.languages import Lang
from qa_check.reporters import Format

LINT_EPILOG = epilog(
    [
        "qa-check lint",
        "qa-check lint checklists/drop-test.yaml",
        "qa-check lint checklists/ --known checklists.known --add-known",
        "qa-check lint checklists/ --format json > lint.json",
    ],
    [
        ("0", "the checklists are clean"),
        ("1", "problems were found, listed on stdout"),
        ("2", "the command was misused, such as --add-known without --known"),
    ],
)
SCHEMA_EPILOG = epilog(
    ["qa-check schema", "qa-check schema -o schemas/"],
    [
        ("0", "the schema files were written"),
        ("2", "a file could not be written, or the command was misused"),
    ],
)
TEMPLATE_EPILOG = epilog(
    [
        "qa-check template",
        "qa-check template drop-test compression-test -o forms/",
        "qa-check template drop-test@2 -o forms/ --force",
        "qa-check template --format xlsx --lang zh -o forms/",
    ],
    [
        ("0", "the template files were written"),
        ("2", "a file exists (no --force) or cannot be written, or the command was misused"),
    ],
)


class TemplateFormat(StrEnum):
    """What ``template`` writes: the CSV sheet and YAML skeleton, or an Excel workbook."""

    CSV = "csv"
    XLSX = "xlsx"


def lint(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATH", help="Checklist files or folders. Default: ./checklists."),
    ] = None,
    known: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Known checklist versions: a line 'id@version sha256' each, # comments."
            " A listed id@version whose content changed is a problem: it needs a new version."
            " Default: released.sha256 in each folder, when there is one.",
        ),
    ] = None,
    add_known: Annotated[
        bool,
        typer.Option(
            "--add-known",
            help="Add the id@versions under PATH that --known FILE does not list yet"
            " (a listed hash is never rewritten).",
        ),
    ] = False,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Check checklist files: schema, duplicate ids, references, translations.

    Also that no released checklist was edited without a new version: --known FILE (default:
    each folder's released.sha256) lists 'id@version sha256' (the SHA-256 of the checklist's
    content, as certificates record it), one a line; --add-known adds the versions not yet
    listed. A file named id@version.yaml must hold that version; withdrawals.yaml must name
    versions there are.
    """
    from qa_check.cli.output import Stdout
    from qa_check.core.messages import in_lang, msg
    from qa_check.engine.checklists import add_known as add_versions
    from qa_check.engine.checklists import bundled_folders, default_checklist_dirs
    from qa_check.engine.checklists import lint as lint_paths
    from qa_check.reporters import lint_report

    folders = paths or default_checklist_dirs()
    if add_known and known is None:
        raise UsageError([Problem(Location("--add-known"), msg("known_needed"))])
    added = add_versions(known, folders) if add_known and known else []
    problems = lint_paths(folders, known, bundled_folders())
    language = spoken(ctx)
    out = Stdout(language)
    out.write(lint_report(output_format, problems, added))
    for key in added:
        typer.echo(in_lang(msg("known_added", file=str(known), key=key), language), err=True)
    count = len(problems)
    found = msg("lint_problem") if count == 1 else msg("lint_problems", n=count)
    typer.echo(in_lang(found if count else msg("lint_clean"), language), err=True)
    out.exit(EXIT_FAILED if problems else EXIT_OK)


def schema(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option("-o", "--out", metavar="DIR", help="Folder to write the schema files into."),
    ] = Path("schemas"),
) -> None:
    """Write JSON Schema (draft 7) for checklists and records, for editors' YAML support."""
    from qa_check.cli.output import write_listed
    from qa_check.engine.schema import SCHEMA_FILES, schema_text

    files = {out / name: schema_text(model) for name, model in SCHEMA_FILES.items()}
    write_listed(files, spoken(ctx))


def template(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="CHECKLIST",
            help="Checklists as id or id@version. Default: all, newest versions.",
        ),
    ] = None,
    *,
    checklists: ChecklistsOption = None,
    out: Annotated[
        Path,
        typer.Option("-o", "--out", metavar="DIR", help="Folder for the two template files."),
    ] = Path(),
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite existing template files.")
    ] = False,
    template_format: Annotated[
        TemplateFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv: a CSV sheet and a YAML skeleton; xlsx: an Excel workbook"
            " (record-template.xlsx) with drop-down lists, headed in --lang.",
        ),
    ] = TemplateFormat.CSV,
    lang: Annotated[
        Lang | None,
        typer.Option(help="Language of the workbook's headings and of messages."),
    ] = None,  # read through spoken(ctx)
) -> None:
    """Write a blank CSV sheet (record-template.csv) and YAML skeleton (record-template.yaml).

    With --format xlsx, an Excel workbook instead (record-template.xlsx): headings in --lang
    with the units, drop-down lists, number checks, and a sheet of instructions.
    """
    from qa_check.cli.output import write_listed
    from qa_check.core.messages import msg
    from qa_check.engine.checklists import select
    from qa_check.records.template import csv_template, yaml_template

    chosen = select(registry(checklists), names or [])
    targets: dict[Path, str | bytes]
    if template_format is TemplateFormat.XLSX:
        from qa_check.records.workbook_template import xlsx_template

        targets = {out / "record-template.xlsx": xlsx_template(chosen, spoken(ctx))}
    else:
        targets = {
            out / "record-template.csv": csv_template(chosen),
            out / "record-template.yaml": yaml_template(chosen),
        }
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise UsageError([Problem(where(existing), msg("template_exists"))])
    write_listed(targets, spoken(ctx))
