"""``qa-check run --drafts`` and ``--discard SKU``: the saved runs of a results folder.

A worker who scanned the wrong SKU, or a lead clearing the end of a shift, sees every open
draft (SKU, when it was started, how many answers, in which language) and removes one, after
confirming, without opening the hidden folder by hand.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from qa_check.cli.boundary import EXIT_OK, pick_language
from qa_check.core.errors import Location, Problem, UsageError
from qa_check.core.languages import Lang
from qa_check.core.messages import in_lang, msg


def drafts_command(
    results: Path, discard: str | None, lang: Lang | None, *, yes: bool, no_input: bool
) -> int:
    """List the drafts, or discard the one of ``discard``; the exit code."""
    language = pick_language(lang)
    if discard is None:
        typer.echo(drafts_listing(results, language), nl=False)
        return EXIT_OK
    typer.echo(discard_draft(results, discard, language, yes=yes, no_input=no_input))
    return EXIT_OK


def drafts_listing(results: Path, lang: str) -> str:
    """The open drafts, a line each under a header; one line saying so when there are none."""
    from qa_check.guided import drafts

    found = drafts.saved_drafts(results)
    folder = str(results / drafts.DRAFT_FOLDER)
    if not found:
        return in_lang(msg("resume_no_drafts", folder=folder), lang) + "\n"
    header = tuple(
        in_lang(msg(f"resume_drafts_{name}"), lang)
        for name in ("sku", "started", "answered", "language")
    )
    rows: list[tuple[str, ...]] = [header]
    damaged: list[str] = []
    for path in found:
        try:
            draft = drafts.load(path)
        except UsageError as exc:
            damaged.append(exc.problems[0].show(lang))
            continue
        started = str(draft.record.get("inspected_at", "-"))
        rows.append((draft.sku, started, str(draft.answered), draft.lang))
    widths = [max(_width(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(
            cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    lines.append(in_lang(msg("resume_drafts_count", n=len(rows) - 1, folder=folder), lang))
    lines += [in_lang(msg("resume_draft_damaged", problem=problem), lang) for problem in damaged]
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Columns a text takes in a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def discard_draft(results: Path, sku: str, lang: str, *, yes: bool, no_input: bool) -> str:
    """Remove the draft of ``sku`` once confirmed (``--yes``: at once); what to say then.

    With no terminal to ask on and no ``--yes``, nothing is removed: UsageError saying so.
    A run holding the SKU keeps it (the draft's lock refuses, naming that run).
    """
    from qa_check.cli.keys import terminal
    from qa_check.guided import drafts

    path = drafts.draft_path(results, sku)
    where = Location("--discard")
    if not path.is_file():
        folder = str(results / drafts.DRAFT_FOLDER)
        raise UsageError([Problem(where, msg("no_draft", sku=sku, folder=folder))])
    lock = drafts.DraftLock(results, sku, datetime.now().astimezone())
    try:
        try:
            draft = drafts.load(path)
            described = msg(
                "resume_discard_ask",
                sku=sku,
                started=str(draft.record.get("inspected_at", "-")),
                n=draft.answered,
            )
        except drafts.DamagedDraft:
            described = msg("resume_discard_ask_damaged", sku=sku)
        if not yes:
            if no_input or not terminal():
                raise UsageError([Problem(where, msg("resume_discard_needs_yes", sku=sku))])
            try:
                typed = input(in_lang(described, lang) + " ")
            except EOFError:  # Ctrl-D: no answer is no
                typed = ""
            if typed.strip().lower() not in ("y", "yes", "是", "1"):
                return in_lang(msg("resume_discard_kept", sku=sku), lang)
        drafts.discard(path)
    finally:
        lock.release()
    return in_lang(msg("resume_discarded", sku=sku), lang)
