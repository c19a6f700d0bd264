"""``qa-check lot``: lots inspected by AQL sampling; ``lot plan`` says what to inspect."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.boundary import spoken
from qa_check.cli.command import Command, epilog
from qa_check.cli.options import ChecklistsOption, FormatOption, group, registry, sources, where
from qa_check.core.errors import Location, Problem, UsageError
from qa_check.core.languages import Lang
from qa_check.engine.aql import Level, Severity
from qa_check.reporters import Format

if TYPE_CHECKING:
    from qa_check.engine.switching import Switch

commands = group("Lots inspected by AQL sampling (ISO 2859-1): the sampling plan of a lot.")

PLAN_EPILOG = epilog(
    [
        "qa-check lot plan --size 1200",
        "qa-check lot plan --size 1200 --level II --aql major=2.5,minor=4.0",
        "qa-check lot plan --size 5000 --severity tightened --format json",
        "qa-check lot plan --size 1200 --out sheets/",
        "qa-check lot plan --size 1200 --sku LAMP-220 --history lots/",
        "qa-check lot plan --size 1200 --sku LAMP-220 --register out/register.sqlite",
    ],
    [
        ("0", "the plan was printed (and the sheets written)"),
        ("2", "the command was misused, or a sheet could not be written"),
    ],
)


@commands.command(cls=Command, epilog=PLAN_EPILOG)
def plan(
    ctx: typer.Context,
    *,
    size: Annotated[int, typer.Option("--size", metavar="UNITS", help="Units in the lot.", min=1)],
    level: Annotated[
        Level, typer.Option(help="Inspection level: S-1 to S-4, I, II (the usual), III.")
    ] = Level.II,
    aql: Annotated[
        str,
        typer.Option(
            metavar="CLASS=AQL,...",
            help="AQL per defect class, e.g. major=2.5,minor=4.0. Default: critical=0,"
            " major=2.5, minor=4.0; critical 0 accepts no critical defect.",
        ),
    ] = "",
    severity: Annotated[
        Severity, typer.Option(help="Normal inspection, or tightened after rejected lots.")
    ] = Severity.NORMAL,
    output_format: FormatOption = Format.TEXT,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            metavar="DIR",
            help="Also write a blank lot sheet, a row per unit to draw, as lot-sheet.csv and"
            " lot-sheet.xlsx into DIR.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing lot sheets.")] = False,
    sku: Annotated[
        str | None,
        typer.Option(
            metavar="SKU",
            help="The SKU whose earlier lots (--history or --register) decide the severity, by"
            " the switching rules: tightened after 2 of 5 lots rejected, normal again after 5"
            " accepted.",
        ),
    ] = None,
    history: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="PATH",
            help="Lot records of earlier lots, files or folders (repeatable); with --sku.",
        ),
    ] = None,
    register: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="The register (register.sqlite) whose lot certificates of --sku are its earlier"
            " lots: each lot decided by its newest certificate, revoked ones left out.",
        ),
    ] = None,
    checklists: ChecklistsOption = None,
    lang: Annotated[
        Lang | None,
        typer.Option(help="Language of the output. Default: $QA_CHECK_LANG, else the locale."),
    ] = None,  # read through spoken(ctx)
) -> None:
    """Print the sampling plan of a lot: code letter, sample size, Ac/Re per defect class.

    From ISO 2859-1's tables (the same numbers as ANSI/ASQ Z1.4 and MIL-STD-105E): the lot size
    and level give the code letter; each class's AQL gives its acceptance (Ac) and rejection
    (Re) numbers, on its own sample where the table's arrows lead it to another code letter.
    """
    from qa_check.cli.output import Stdout
    from qa_check.core.messages import msg
    from qa_check.engine.aql import parse_aqls, plan_lot
    from qa_check.reporters import lot_plan_report

    language = spoken(ctx)
    switch = None
    if sku is not None or history or register is not None:
        switch, severity = _switched(ctx, sku, history, checklists, severity, register=register)
    found = plan_lot(size, level, severity, parse_aqls(aql))
    sheets: dict[Path, str | bytes] = {}
    if out is not None:
        from qa_check.files.fileio import writable_folder
        from qa_check.records.lot_sheet import SHEET_NAMES, lot_sheet_csv, lot_sheet_xlsx

        csv_name, xlsx_name = SHEET_NAMES
        sheets = {
            out / csv_name: lot_sheet_csv(found, language),
            out / xlsx_name: lot_sheet_xlsx(found, language),
        }
        existing = [path for path in sheets if path.exists()]
        if existing and not force:
            raise UsageError([Problem(where(existing), msg("template_exists"))])
        writable_folder(out)
    stdout = Stdout(language)
    if switch is not None:
        from qa_check.core.messages import in_lang

        typer.echo(in_lang(switch.reason, language), err=True)
    stdout.write(lot_plan_report(output_format, found, language))
    if sheets:
        from qa_check.core.messages import in_lang
        from qa_check.files.fileio import atomic_write

        for path, data in sheets.items():
            atomic_write(path, data)
            typer.echo(in_lang(msg("lot_sheet_written", path=str(path)), language), err=True)
    stdout.exit(0)


def _switched(
    ctx: typer.Context,
    sku: str | None,
    history: list[Path] | None,
    checklists: list[Path] | None,
    severity: Severity,
    *,
    register: Path | None,
) -> tuple[Switch, Severity]:
    """The switching rules over the SKU's earlier lots: the severity they call for.

    The lots are lot records (--history) or the lot certificates in a register (--register).
    Giving --severity as well is a usage error: the history decides it.
    """
    from dataclasses import replace

    from typer._click.core import ParameterSource

    from qa_check.core.messages import msg

    if history and register is not None:
        raise UsageError([Problem(Location("--register"), msg("lots2_history_or_register"))])
    if sku is None or not (history or register):
        named = "--sku" if sku is None else "--history"
        raise UsageError([Problem(Location(named), msg("lot_sku_and_history"))])
    if ctx.get_parameter_source("severity") not in (None, ParameterSource.DEFAULT):
        raise UsageError([Problem(Location("--severity"), msg("lot_severity_from_history"))])
    if register is not None:
        switch, count = _registered_lots(sku, register)
    else:
        switch, count = _recorded_lots(ctx, sku, history or [], checklists)
    if switch.discontinued:
        raise UsageError([Problem(Location(sku), switch.reason)])
    said = msg("lot_history", sku=sku, count=count, reason=switch.reason)
    return replace(switch, reason=said), switch.severity


def _registered_lots(sku: str, register: Path) -> tuple[Switch, int]:
    """The switching rules over the lots of ``sku`` the register holds certificates of."""
    from qa_check.certificates.register import Register
    from qa_check.engine.switching import next_severity

    with Register.open(register, create=False) as book:
        lots = book.lot_history(sku)
    return next_severity(lot.decision == "ACCEPT" for lot in lots), len(lots)


def _recorded_lots(
    ctx: typer.Context, sku: str, history: list[Path], checklists: list[Path] | None
) -> tuple[Switch, int]:
    """The switching rules over the lot records of ``sku`` among ``history``, judged now."""
    from qa_check.certificates.preflight import CHECKS
    from qa_check.cli.progress import choose
    from qa_check.engine.dispatch import judge_all
    from qa_check.engine.switching import severity_for

    judged = registry(checklists)
    found = sources(history, judged, "utf-8", choose("validate", quiet=True, lang=spoken(ctx)))
    return severity_for(sku, judge_all(found, judged, checks=CHECKS))
