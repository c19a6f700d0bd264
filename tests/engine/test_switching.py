"""ISO 2859-1's switching rules, replayed over a SKU's lot decisions (A accepted, R rejected)."""

from __future__ import annotations

import pytest

from qa_check.engine.aql import Severity
from qa_check.engine.switching import next_severity

N, T = Severity.NORMAL, Severity.TIGHTENED


@pytest.mark.parametrize(
    ("history", "severity", "discontinued"),
    [
        ("", N, False),
        ("AAAAA", N, False),
        ("R", N, False),
        ("RAAAAR", N, False),  # the two rejections are 6 lots apart
        ("RAAAR", T, False),  # 2 of 5 consecutive
        ("RR", T, False),
        ("ARAR", T, False),
        ("RRAAAA", T, False),  # 4 accepted under tightened: not yet
        ("RRAAAAA", N, False),  # 5 accepted under tightened: back to normal
        ("RRAAAARAAAA", T, False),  # the run restarts after a rejection
        ("RRAAAARAAAAA", N, False),
        ("RRAAAAAR", N, False),  # back to normal, one rejection
        ("RRAAAAARAR", T, False),
        ("RRRRRR", T, False),  # 4 rejected under tightened
        ("RRRRRRR", T, True),  # 5 rejected under tightened
        ("RRRRARRR", T, True),  # cumulative, not consecutive
    ],
)
def test_switching(history: str, severity: Severity, discontinued: bool) -> None:
    switch = next_severity(decision == "A" for decision in history)
    assert (switch.severity, switch.discontinued) == (severity, discontinued)


def test_the_reason_says_how_far_tightened_inspection_has_come() -> None:
    assert next_severity([False, False, True, True]).reason == (
        "tightened inspection: 2 lots accepted in a row since, 5 bring back normal"
    )
    assert next_severity([True]).reason == (
        "normal inspection: fewer than 2 of the last 5 lots were rejected"
    )
    assert next_severity([False] * 7).reason.zh.startswith("停止检验")
