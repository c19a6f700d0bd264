"""The options several commands share, their choices, and what the shared ones name.

Typer reads these annotations when it builds the commands: everything here is cheap to import,
and what an option names (checklists, records) is loaded only when a command runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.command import Group
from qa_check.core.errors import Location, Problem, UsageError
from qa_check.reporters import Format

if TYPE_CHECKING:
    from collections.abc import Iterator

    from qa_check.cli.progress import Progress
    from qa_check.engine.checklists import Registry
    from qa_check.engine.judge import RawRecord


def group(about: str) -> typer.Typer:
    """A group of commands (``keys``, ``register``), with the same conventions as the app."""
    return typer.Typer(
        cls=Group,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        no_args_is_help=True,
        help=about,
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
RecordsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH", help="Record files (.yaml .yml .json .jsonl .csv .xlsx .xls) or folders."
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Text encoding of the record files, e.g. gbk. Default: UTF-8, and for a CSV that"
        " is not, GB18030 when it reads as Chinese (a note says so).",
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Report format: text for people, json for programs."),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="No progress on stderr (the report and the summary still print)."
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Site configuration: issuer, logo, approver, validity."
        " Default: ./qa-check.toml when there is one.",
    ),
]
KeysOption = Annotated[
    Path | None,
    typer.Option(
        "--keys",
        envvar="QA_CHECK_KEYS",
        metavar="DIR",
        help="Folder of the signing key. Default: keys in qa-check's configuration folder.",
    ),
]
SignOption = Annotated[
    bool | None,
    typer.Option(
        "--sign/--no-sign",
        help="Sign each certificate with the site's key (keys init). Default: sign when"
        " the key folder has a key.",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Draw every certificate again, replacing what --out holds under the same"
        " name. Without it, a certificate already there for the same record is kept and"
        " one of another record is left alone (that record is INVALID).",
    ),
]


def register_path(path: Path | None) -> Path:
    """``--register``, else the one certify keeps in its default ``--out``.

    ``reports/register.sqlite``: every command that reads or writes a register defaults to it.
    """
    from qa_check.certificates.register_file import REGISTER_NAME

    return path if path is not None else Path("reports") / REGISTER_NAME


def registry(paths: list[Path] | None, *, fill_in: bool = True) -> Registry:
    """The checklists in ``paths``: by default ./checklists, else the bundled ones.

    With ``fill_in``, a released version they lack is taken from the bundled ones, for a
    record that names it (verify compares only what is installed).
    """
    from qa_check.engine.checklists import bundled_folders, default_checklist_dirs, load_registry

    return load_registry(paths or default_checklist_dirs(), bundled_folders() if fill_in else [])


def sources(
    paths: list[Path],
    checklists: Registry,
    encoding: str | None,
    progress: Progress,
    *,
    config: Path | None = None,
    note: Callable[[Problem], None] = lambda problem: None,
) -> Iterator[RawRecord | Problem]:
    """The records under ``paths``, streamed; a usage mistake ends the command here.

    ``progress`` learns about how many records there are before the first is read. A
    workbook's date and time cells are read in the zone of the site configuration ``config``
    (else ./qa-check.toml), loaded only when there is a workbook. ``note`` hears what was
    read in a way worth saying (a CSV found in GB18030, a hidden sheet).
    """
    from qa_check.records.read import (
        RECORD_SUFFIXES,
        expected_count,
        read_records,
        record_files,
        text_encoding,
    )
    from qa_check.records.workbook import WORKBOOK_SUFFIXES

    files = record_files(paths)
    codec = None if encoding is None else text_encoding(encoding)
    if not files:
        suffixes = " ".join(RECORD_SUFFIXES)
        raise UsageError([Problem(where(paths), f"no record files ({suffixes}) found")])
    zone = None
    if any(isinstance(file, Path) and file.suffix.lower() in WORKBOOK_SUFFIXES for file in files):
        from qa_check.certificates.site import load_site

        zone = load_site(config).timezone
    progress.expect(lambda: expected_count(files))
    return read_records(files, checklists, codec, timezone=zone, note=note)


def where(paths: Sequence[Path]) -> Location:
    """The location of a problem with several files: their names."""
    return Location(", ".join(str(p) for p in paths))
