"""``qa-check summarize``: the summaries of a batch's shards merged into one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qa_check.cli.boundary import spoken
from qa_check.cli.command import epilog
from qa_check.core.languages import Lang

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
    from qa_check.reporters.summary_files import summary_files

    rows = merge(read_json(read_text(part, "utf-8"), str(part)) for part in parts)
    writable_folder(out)
    write_listed(summary_files(rows, out, lang), spoken(ctx))  # summary.pdf in --lang alone

