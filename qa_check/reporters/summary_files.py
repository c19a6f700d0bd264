"""The three summary files of a batch, written beside its certificates or merged from shards.

summary.json and summary.csv for programs and spreadsheets, summary.pdf for people; a row per
record, whether it got a certificate.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qa_check.certificates.payload import GENERATOR
from qa_check.core.languages import Lang
from qa_check.reporters.summary import Row, row_for, to_csv, to_json
from qa_check.reporters.summary_pdf import render

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qa_check.certificates.pipeline import Issued


def summary_files(
    rows: Sequence[Row], out: Path, lang: str, *, interrupted: bool = False
) -> dict[Path, bytes]:
    """summary.json, summary.csv and summary.pdf of ``rows``, by their paths in ``out``.

    ``interrupted``: the run stopped before its last record; the JSON and the PDF say so.
    """
    return {
        out / "summary.json": to_json(rows, interrupted=interrupted).encode("utf-8"),
        out / "summary.csv": to_csv(rows).encode("utf-8-sig"),  # Excel reads UTF-8 with its mark
        out / "summary.pdf": render(rows, GENERATOR, lang, interrupted=interrupted),
    }


class SummaryFiles:
    """The summary of a certify batch, a row per record as it comes (``certify_batch``'s)."""

    def __init__(self, out: Path, lang: Lang) -> None:
        self.out = out
        self.lang = lang
        """summary.pdf's language: certify's --lang, never the environment's."""
        self.rows: list[Row] = []

    def add(self, issued: Issued) -> None:
        """The record's row, naming its certificate and digest when it got one."""
        self.rows.append(row_for(issued.result, issued.path, issued.digest))

    def files(self, *, interrupted: bool) -> dict[Path, bytes]:
        """The three files of the rows so far."""
        return summary_files(self.rows, self.out, self.lang, interrupted=interrupted)
