"""``qa-check register merge``: the registers of several sites or shards united in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qa_check.cli.boundary import EXIT_INVALID, EXIT_OK, spoken
from qa_check.cli.command import epilog
from qa_check.cli.register import RegisterLangOption

EPILOG = epilog(
    [
        "qa-check register merge shenzhen.sqlite dongguan.sqlite -o all.sqlite",
        "qa-check register merge reports/register.sqlite -o all.sqlite",
        "qa-check register merge shard-1.sqlite shard-2.sqlite -o all.sqlite --strict",
    ],
    [
        ("0", "merged, with no conflict"),
        ("2", "a conflict, a register that cannot be read, or the command was misused"),
        ("130", "interrupted by Ctrl-C: ALL is as it was (143 by SIGTERM)"),
    ],
)
LARGE = 10_000
"""An input with this many certificate files or more is announced on stderr as it is merged."""


def merge(
    ctx: typer.Context,
    registers: Annotated[
        list[Path],
        typer.Argument(metavar="REGISTER", help="Registers to merge; only read, never changed."),
    ],
    *,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="ALL",
            help="The register to write: a new file, or a register whose rows are kept.",
        ),
    ],
    strict: Annotated[
        bool,
        typer.Option("--strict", help="On any conflict, write nothing: ALL stays as it was."),
    ] = False,
    lang: RegisterLangOption = None,  # read through spoken(ctx)
) -> None:
    """Unite the registers of several sites or shards into one, ALL, every row once.

    Certificates, revocations, revoked signing keys, report numbers and lots are each kept
    once; which certificate of a SKU is the newest is worked out again. ALL is written whole or
    not at all; an ALL that exists keeps its rows, and the registers' rows join them.

    A conflict is one certificate id and language with another file in two registers: both
    registers are named, the first one's file is kept (ALL's own first, then in the order
    given), every other row is written, and the exit code is 2. Two revocations of one
    certificate keep the earlier, with a note when their reasons differ.
    """
    from qa_check.certificates.register_merge import merge as merge_registers
    from qa_check.cli.output import Stdout
    from qa_check.core.messages import in_lang, msg, printable

    language = spoken(ctx)

    def told(number: int, total: int, source: Path, files: int) -> None:
        if files >= LARGE:
            said = msg(
                "merge_progress",
                number=number,
                total=total,
                file=printable(str(source)),
                files=f"{files:,}",
            )
            typer.echo(in_lang(said, language), err=True)

    done = merge_registers(registers, output, strict=strict, step=told)
    for note in done.notes:
        typer.echo(f"note: {note.show(language)}", err=True)
    for conflict in done.conflicts:
        typer.echo(f"error: {conflict.show(language)}", err=True)
    where = printable(str(output))
    out = Stdout(language)
    if done.written:
        said = msg(
            "merge_done",
            file=where,
            files=f"{done.files:,}",
            added=f"{done.added:,}",
            revocations=f"{done.revocations:,}",
            inputs=done.inputs,
        )
        out.write(in_lang(said, language) + "\n")
        out.flush()  # before the summary of conflicts on stderr, as a terminal shows them
    if done.conflicts:
        key = "merge_conflicts_kept_out" if done.written else "merge_strict_refused"
        summary = msg(key, count=len(done.conflicts), file=where)
        typer.echo(in_lang(summary, language), err=True)
    out.exit(EXIT_INVALID if done.conflicts else EXIT_OK)
