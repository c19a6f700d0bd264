"""The end of a FAIL at the terminal, and the re-test after it: ``--sheet`` and ``--retest``.

A FAIL run offers its corrective-action sheet (a PDF for the packing line, in the run's
language, beside the record); ``--sheet`` writes it without asking. ``--retest RECORD`` starts
a new inspection from an earlier FAIL record, asking again only what the re-test needs.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from qa_check.core.errors import Location, Problem, UsageError
from qa_check.core.messages import Message, msg

if TYPE_CHECKING:
    from qa_check.engine.checklists import Registry
    from qa_check.engine.judge import Locate
    from qa_check.guided.prompter import Prompter
    from qa_check.guided.retest import Retest
    from qa_check.guided.session import Finished, Session

SHEET_SUFFIX = "_corrective.pdf"


def sheet_path(record: Path) -> Path:
    """Where a record's corrective-action sheet goes: beside it, named after it."""
    return record.with_name(record.stem + SHEET_SUFFIX)


def offer_sheet(
    outcome: Finished, session: Session, prompter: Prompter, *, wanted: bool, ask: bool
) -> Path | None:
    """A FAIL's corrective-action sheet, written when ``wanted``, else when asked and accepted.

    Returns where it was written (None: not written). The record is already saved: a sheet
    that cannot be written is one error, the record stays.
    """
    from qa_check.certificates.payload import GENERATOR
    from qa_check.cli.run_start import program
    from qa_check.engine.judge import Verdict
    from qa_check.files.fileio import atomic_write
    from qa_check.guided.prompter import Notice, Tone
    from qa_check.reporters.corrective_sheet import render

    if outcome.result.verdict is not Verdict.FAIL:
        return None
    if not wanted:
        if not ask:
            return None
        options = (msg("resume_sheet_yes"), msg("resume_sheet_no"))
        text, help_text = msg("resume_sheet_offer"), msg("resume_sheet_help")
        if not session.one_or_two("sheet", text, options, help_text, prompter):
            return None
    path = sheet_path(outcome.path)
    command = f"{program()} run --retest {shlex.quote(str(outcome.path))}"
    atomic_write(path, render(outcome.result, str(outcome.path), command, session.lang, GENERATOR))
    prompter.tell(Notice(Tone.INFO, msg("resume_sheet_written", path=str(path))))
    return path


Given = tuple[dict[str, object], list[Problem], "Locate"]
"""Answers given beforehand, their problems, and where each is (as ``--answers`` reads them)."""


def retested(
    path: Path | None,
    checklists: Registry,
    only: list[str],
    resume: str | None,
    given: Given | None,
) -> tuple[Given | None, list[str], list[str]]:
    """A re-test's start as a run takes it: answers given, checklists to ask, what to tell.

    Without ``--retest`` (``path`` None), the run's own: ``given`` (``--answers``), ``only``.
    """
    if path is None:
        return given, only, []
    if resume or given is not None:
        raise UsageError([Problem(Location("--retest"), msg("resume_retest_with"))])
    planned, locate = retest_start(path, checklists)
    chosen = only or [compiled.checklist.id for compiled in planned.checklists]
    return (planned.given, [], locate), chosen, [planned.told()]


def retest_start(path: Path, checklists: Registry) -> tuple[Retest, Locate]:
    """The re-test of the record in ``path``: judged first; UsageError when it is not a FAIL."""
    from qa_check.certificates.preflight import CHECKS
    from qa_check.engine.judge import Verdict, judge
    from qa_check.guided.retest import retest
    from qa_check.records.read import read_records, record_files

    where = Location("--retest")
    files = record_files([path])
    if len(files) != 1:
        raise UsageError([Problem(where, msg("resume_retest_one_file", path=str(path)))])
    for found in read_records(files, checklists):
        if isinstance(found, Problem):
            raise UsageError([found])
        result = judge(found, checklists, checks=CHECKS)
        if result.verdict is Verdict.INVALID or not isinstance(found.data, dict):
            raise UsageError(list(result.problems) or [Problem(found.origin, msg("not_a_record"))])
        planned = retest(found.data, result, checklists)
        if isinstance(planned, Message):
            raise UsageError([Problem(where, planned)])
        return planned, found.locate
    raise UsageError([Problem(Location(str(path)), msg("not_a_record"))])
