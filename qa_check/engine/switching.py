"""ISO 2859-1's switching rules (clause 9): the severity the next lot of a SKU is inspected at.

Inspection starts normal. Normal goes to tightened when 2 of 5 or fewer consecutive lots are
rejected; tightened goes back to normal after 5 consecutive lots accepted; 5 lots rejected in
a row of tightened lots (cumulative) discontinue inspection until the supplier has acted.
Reduced inspection is not offered: its table (2-C) is not shipped yet. The history is replayed
from the first lot, in inspection order, so that the answer depends on the decisions alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import takewhile

from qa_check.core.messages import Message, msg
from qa_check.engine.aql import Severity
from qa_check.engine.judge import SkuResult, Verdict

TIGHTEN_AFTER = (2, 5)
"""Rejected lots, out of that many consecutive lots or fewer, that tighten normal inspection."""
RELAX_AFTER = 5
"""Consecutive lots accepted under tightened inspection that bring back normal inspection."""
DISCONTINUE_AFTER = 5
"""Lots rejected (cumulative) under tightened inspection that discontinue inspection."""


@dataclass(frozen=True, slots=True)
class Switch:
    """The severity for the next lot, why, and whether inspection is discontinued."""

    severity: Severity
    reason: Message
    discontinued: bool = False


def next_severity(accepted: Iterable[bool]) -> Switch:
    """The severity for the next lot after lots accepted (True) or rejected, oldest first."""
    severity = Severity.NORMAL
    recent: list[bool] = []
    """Under normal: the latest lots' decisions, at most 5. Under tightened: since it began."""
    rejected, window = TIGHTEN_AFTER
    for decision in accepted:
        recent.append(decision)
        if severity is Severity.NORMAL:
            recent = recent[-window:]
            if recent.count(False) >= rejected:
                severity, recent = Severity.TIGHTENED, []
        elif recent.count(False) >= DISCONTINUE_AFTER:
            reason = msg("switch_discontinue", rejected=DISCONTINUE_AFTER)
            return Switch(severity, reason, discontinued=True)
        elif recent[-RELAX_AFTER:] == [True] * RELAX_AFTER:
            severity, recent = Severity.NORMAL, []
    if severity is Severity.NORMAL:
        return Switch(severity, msg("switch_normal", rejected=rejected, window=window))
    in_a_row = len(list(takewhile(bool, reversed(recent))))
    reason = msg("switch_tightened", accepted=in_a_row, needed=RELAX_AFTER)
    return Switch(severity, reason)


def severity_for(sku: str, results: Iterable[SkuResult]) -> tuple[Switch, int]:
    """The switching rules over the judged lots of ``sku`` among ``results``, and how many.

    Lots are taken in the order they were inspected; an INVALID lot decided nothing.
    """
    lots = sorted(
        (result.lot.inspected_at, result.verdict is Verdict.PASS)
        for result in results
        if result.lot is not None
        and result.lot.inspected_at is not None
        and result.sku == sku
        and result.verdict is not Verdict.INVALID
    )
    return next_severity(accepted for _, accepted in lots), len(lots)
