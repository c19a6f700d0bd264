"""A re-test: a new inspection pre-filled from an earlier record, asking only what it needs.

After a FAIL is fixed, the worker re-tests: the product and every answer that still holds
come from the earlier record; asked again are the items that failed or were not done, every
item a failed checklist says a re-test repeats (``retest_repeats``: the drop test repeats all
nine drops, DT-3), and any item whose wording or threshold changed since (a newer checklist
version). Inspector and site are asked as in any run, and the times are the re-test's own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from qa_check.core.messages import Message, msg
from qa_check.engine.checklists import CompiledChecklist, Registry
from qa_check.engine.judge import SkuResult, Verdict
from qa_check.guided.drafts import fingerprint

FRESH = ("inspector", "site", "inspected_at", "finished_at", "not_done", "checklists")
"""What a re-test never takes from the earlier record: who, where, when, what was not done."""


@dataclass(frozen=True, slots=True)
class Retest:
    """What a re-test starts from: the answers given beforehand, and what it asks again."""

    given: dict[str, Any]
    """The earlier record's data without the answers to ask again: read as ``--answers``."""
    checklists: list[CompiledChecklist]
    """The newest version of each checklist the earlier record was judged against."""
    asked_again: dict[str, list[str]]
    """Checklist id -> the items asked again, in checklist order."""

    def told(self) -> Message:
        """What the run says at its start: how much was kept, what is asked again."""
        kept = sum(
            len(answers)
            for answers in self.given.get("answers", {}).values()
            if isinstance(answers, dict)
        )
        again = "; ".join(f"{name}: {', '.join(items)}" for name, items in self.asked_again.items())
        return msg(
            "resume_retest_start", sku=str(self.given.get("sku", "")), kept=kept, again=again or "-"
        )


def retest(data: dict[str, Any], result: SkuResult, registry: Registry) -> Retest | Message:
    """The re-test of an earlier record judged ``result``; why not, when it cannot be re-tested.

    Only a FAIL is re-tested: a PASS has nothing to fix, and an INVALID record is corrected
    and validated first.
    """
    if result.verdict is not Verdict.FAIL or result.record is None:
        return msg("resume_retest_not_fail", verdict=result.verdict.value)
    failed: dict[str, set[str]] = {}
    for failure in result.failures:
        failed.setdefault(failure.checklist.partition("@")[0], set()).add(failure.item)
    given = {key: copy.deepcopy(value) for key, value in data.items() if key not in FRESH}
    answers: dict[str, Any] = given.setdefault("answers", {})
    checklists: list[CompiledChecklist] = []
    asked_again: dict[str, list[str]] = {}
    for checklist_id, version in result.record.checklists.items():
        then, now = registry.get(checklist_id, version), registry.latest(checklist_id)
        if then is None or now is None:
            continue
        checklists.append(now)
        again = set(failed.get(checklist_id, set()))
        if again:
            again |= set(now.checklist.retest_repeats)
        before, after = fingerprint(then)["items"], fingerprint(now)["items"]
        again |= {item_id for item_id in after if before.get(item_id) != after[item_id]}
        kept = answers.get(checklist_id)
        if isinstance(kept, dict):
            for item_id in again:
                kept.pop(item_id, None)
        order = [item.item_id for item in now.items]
        listed = sorted((item_id for item_id in again if item_id in order), key=order.index)
        if listed:
            asked_again[now.checklist.key] = listed
    return Retest(given, sorted(checklists, key=lambda c: c.checklist.order), asked_again)
