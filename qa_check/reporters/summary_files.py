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
    rows: Sequence[Row],
    out: Path,
    lang: str,
    *,
    interrupted: bool = False,
    issuer: str | None = None,
) -> dict[Path, bytes]:
    """summary.json, summary.csv and summary.pdf of ``rows``, by their paths in ``out``.

    ``lang``: the language of the rows' words, and of the PDF. ``interrupted``: the run stopped
    before its last record; the JSON and the PDF say so. ``issuer``: who issued the
    certificates (the site configuration's issuer), None when not configured.
    """
    json_text = to_json(rows, interrupted=interrupted, lang=lang, issuer=issuer)
    return {
        out / "summary.json": json_text.encode("utf-8"),
        out / "summary.csv": to_csv(rows).encode("utf-8-sig"),  # Excel reads UTF-8 with its mark
        out / "summary.pdf": render(rows, GENERATOR, lang, interrupted=interrupted, issuer=issuer),
    }


class SummaryFiles:
    """The summary of a certify batch, a row per record as it comes (``certify_batch``'s)."""

    def __init__(self, out: Path, lang: Lang, issuer: str | None = None) -> None:
        self.out = out
        self.lang = lang
        """The language of the rows' words and summary.pdf: certify's --lang, never the
        environment's."""
        self.issuer = issuer
        self.rows: list[Row] = []

    def add(self, issued: Issued) -> None:
        """The record's row, naming its certificate and digest when it got one."""
        self.rows.append(row_for(issued.result, issued.path, issued.digest, self.lang))

    def files(self, *, interrupted: bool) -> dict[Path, bytes]:
        """The three files of the rows so far."""
        return summary_files(
            self.rows, self.out, self.lang, interrupted=interrupted, issuer=self.issuer
        )
