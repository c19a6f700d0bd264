"""``qa-check summarize``, and the summary files a certify batch writes beside its certificates.

summary.json, summary.csv and summary.pdf: a row per record, whether it got a certificate.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.boundary import spoken
from qa_check.cli.command import epilog
from qa_check.core.languages import Lang

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qa_check.certificates.pipeline import Issued
    from qa_check.reporters.summary import Row

EPILOG = epilog(["qa-check summarize shard-1/summary.json shard-2/summary.json -o month/"])


def summarize(
    ctx: typer.Context,
    parts: Annotated[
        list[Path],
        typer.Argument(metavar="SUMMARY.json...", help="summary.json files, one per shard."),
    ],
    *,
    out: Annotated[
        Path,
        typer.Option("-o", "--out", metavar="DIR", help="Folder for the merged summary."),
    ],
    lang: Annotated[Lang, typer.Option(help="Language of summary.pdf.")] = Lang.EN,
) -> None:
    """Merge the summaries of certify runs over shards of one batch into one summary.

    Writes summary.json, summary.csv and summary.pdf into --out, the records in the order the
    files are given.
    """
    from qa_check.cli.output import write_listed
    from qa_check.files.fileio import writable_folder
    from qa_check.files.safe_yaml import read_text
    from qa_check.reporters.summary import merge, read_json

    rows = merge(read_json(read_text(part, "utf-8"), str(part)) for part in parts)
    writable_folder(out)
    write_listed(summary_files(rows, out, lang), spoken(ctx))  # summary.pdf in --lang alone


def summary_files(
    rows: Sequence[Row], out: Path, lang: str, *, interrupted: bool = False
) -> dict[Path, bytes]:
    """summary.json, summary.csv and summary.pdf of ``rows``, by their paths in ``out``.

    ``interrupted``: the run stopped before its last record; the JSON and the PDF say so.
    """
    from qa_check.certificates.payload import GENERATOR
    from qa_check.reporters.summary import to_csv, to_json
    from qa_check.reporters.summary_pdf import render

    return {
        out / "summary.json": to_json(rows, interrupted=interrupted).encode("utf-8"),
        out / "summary.csv": to_csv(rows).encode("utf-8-sig"),  # Excel reads UTF-8 with its mark
        out / "summary.pdf": render(rows, GENERATOR, lang, interrupted=interrupted),
    }


class SummaryFiles:
    """The summary of a certify batch, a row per record as it comes (``certify_batch``'s)."""

    def __init__(self, out: Path, lang: Lang) -> None:
        from qa_check.reporters.summary import row_for

        self.out = out
        self.lang = lang
        """summary.pdf's language: certify's --lang, never the environment's."""
        self.rows: list[Row] = []
        self.row_for = row_for

    def add(self, issued: Issued) -> None:
        """The record's row, naming its certificate and digest when it got one."""
        self.rows.append(self.row_for(issued.result, issued.path, issued.digest))

    def files(self, *, interrupted: bool) -> dict[Path, bytes]:
        """The three files of the rows so far."""
        return summary_files(self.rows, self.out, self.lang, interrupted=interrupted)
