"""``qa-check validate``: judge records and report PASS, FAIL or INVALID, streamed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.boundary import RECORD_EXIT_CODES, spoken
from qa_check.cli.command import epilog
from qa_check.cli.options import (
    ChecklistsOption,
    EncodingOption,
    FormatOption,
    QuietOption,
    RecordsArgument,
    registry,
    sources,
)
from qa_check.core.languages import Lang
from qa_check.reporters import Format

if TYPE_CHECKING:
    from collections.abc import Generator

    from qa_check.core.errors import Problem
    from qa_check.engine.judge import SkuResult

EPILOG = epilog(
    [
        "qa-check validate examples/",
        "qa-check validate march.csv --encoding gbk --lang zh",
        "qa-check validate results/ --format json > report.json",
    ],
    RECORD_EXIT_CODES,
)


def validate(
    ctx: typer.Context,
    paths: RecordsArgument,
    *,
    checklists: ChecklistsOption = None,
    output_format: FormatOption = Format.TEXT,
    encoding: EncodingOption = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="Site configuration, for [site] timezone: the zone of a workbook's date and"
            " time cells. Default: ./qa-check.toml when there is one.",
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            help="Language of everything validate says: the report, its corrective actions,"
            " progress and errors. Default: QA_CHECK_LANG, else the locale."
        ),
    ] = None,  # read through spoken(ctx)
    quiet: QuietOption = False,
) -> None:
    """Judge each SKU's recorded results: PASS, FAIL (and why) or INVALID (and where).

    Every record in the input is reported, in the order read; a bad record never stops the rest.
    """
    from qa_check.certificates.preflight import CHECKS
    from qa_check.cli.output import Records, Stdout, stream
    from qa_check.cli.progress import choose
    from qa_check.engine.dispatch import judge_all
    from qa_check.reporters import reporter_for

    language = spoken(ctx)
    reporter = reporter_for(output_format, language)
    tally = Records(choose("validate", quiet=quiet, lang=language))
    notes: list[Problem] = []

    def results() -> Generator[tuple[SkuResult, str], None, None]:
        judged = registry(checklists)
        found = sources(paths, judged, encoding, tally.progress, config=config, note=notes.append)
        for result in judge_all(found, judged, checks=CHECKS):
            yield result, reporter.result(result)

    def finish() -> str:
        return reporter.finish(tally.summary)

    def said() -> list[str]:
        return [f"note: {note.show(language)}" for note in notes]

    stream(Stdout(language), reporter.start(), results(), tally, finish, errors=said)
