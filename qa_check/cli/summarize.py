"""``qa-check summarize``: the summaries of a batch's shards merged into one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.boundary import spoken
from qa_check.cli.command import epilog
from qa_check.core.languages import Lang

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qa_check.reporters.summary import Shard

EPILOG = epilog(
    [
        "qa-check summarize shard-1/summary.json shard-2/summary.json -o month/",
        "qa-check summarize a/summary.json b/summary.json -o month/ --lang zh",
    ],
    [
        ("0", "the merged summary was written"),
        ("2", "a summary cannot be merged or written, or the command was misused"),
    ],
)


def summarize(
    ctx: typer.Context,
    parts: Annotated[
        list[Path],
        typer.Argument(metavar="SUMMARY.json", help="summary.json files, one per shard."),
    ],
    *,
    out: Annotated[
        Path,
        typer.Option("-o", "--out", metavar="DIR", help="Folder for the merged summary."),
    ],
    lang: Annotated[
        Lang | None,
        typer.Option(
            help="Language of the merged summary's words, which the shards' must be in."
            " Default: the shards' language."
        ),
    ] = None,
) -> None:
    """Merge the summaries of certify runs over shards of one batch into one summary.

    Writes summary.json, summary.csv and summary.pdf into --out, the records in the order the
    files are given.

    A record found in two of the summaries is refused, with both named: each record is counted
    once.
    """
    from qa_check.cli.output import write_listed
    from qa_check.files.fileio import writable_folder
    from qa_check.files.safe_yaml import read_text
    from qa_check.reporters.summary import merge, read_json
    from qa_check.reporters.summary_files import summary_files

    shards = [read_json(read_text(part, "utf-8"), str(part)) for part in parts]
    language = _words_language(shards, lang)
    rows = merge(shards)
    issuers = dict.fromkeys(shard.issuer for shard in shards if shard.issuer)
    issuer = "; ".join(issuers) or None
    writable_folder(out)
    files = summary_files(rows, out, language, issuer=issuer)
    write_listed(files, spoken(ctx))  # summary.pdf in --lang alone


def _words_language(shards: Sequence[Shard], asked: Lang | None) -> Lang:
    """The language of the merged summary: ``--lang``, else the shards', else English.

    A shard whose words are in another language is refused (its problems cannot be said again
    in this one); a summary of 0.5 or earlier has no words and merges in any.
    """
    from qa_check.core.errors import InputError, Location, Problem
    from qa_check.core.messages import msg

    spoken_in = [shard.lang for shard in shards if shard.lang is not None]
    chosen = asked or (Lang(spoken_in[0]) if spoken_in else Lang.EN)
    other = [
        Problem(Location(shard.where), msg("summary_other_lang", found=shard.lang, asked=chosen))
        for shard in shards
        if shard.lang is not None and shard.lang != chosen
    ]
    if other:
        raise InputError(other)
    return chosen
