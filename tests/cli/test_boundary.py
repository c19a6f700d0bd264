"""The one exit policy: exit codes by verdicts, interruptions, and the language errors are in."""

from __future__ import annotations

import pytest

from qa_check.cli.boundary import Signalled, interrupt_code, records_code
from qa_check.core.errors import Location
from qa_check.engine.judge import SkuResult, Summary, Verdict


@pytest.mark.parametrize(
    ("verdicts", "exit_code"),
    [
        ([], 0),
        ([Verdict.PASS], 0),
        ([Verdict.PASS, Verdict.PASS], 0),
        ([Verdict.PASS, Verdict.FAIL], 1),
        ([Verdict.FAIL], 1),
        ([Verdict.PASS, Verdict.FAIL, Verdict.INVALID], 2),
        ([Verdict.INVALID], 2),
        ([Verdict.PASS, Verdict.INVALID], 2),
    ],
)
def test_summary_counts_and_exit_code(verdicts: list[Verdict], exit_code: int) -> None:
    summary = Summary()
    for verdict in verdicts:
        summary.add(SkuResult(verdict, Location("f.yaml")))
    assert summary.passed == verdicts.count(Verdict.PASS)
    assert summary.failed == verdicts.count(Verdict.FAIL)
    assert summary.invalid == verdicts.count(Verdict.INVALID)
    assert summary.total == len(verdicts)
    assert records_code(summary) == exit_code
    assert records_code(summary, unwritten=True) == 2  # a file the batch owes is missing


def test_an_interruption_exits_with_its_signals_code() -> None:
    assert interrupt_code(KeyboardInterrupt()) == 130
    assert interrupt_code(Signalled(143)) == 143
    assert interrupt_code(Signalled(129)) == 129
