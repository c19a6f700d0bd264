"""Lots as JSON for programs: a sampling plan (its own document), and a judged lot."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qa_check.engine.aql import LotPlan
from qa_check.engine.judge import Verdict

if TYPE_CHECKING:
    from qa_check.core.errors import Location, Problem
    from qa_check.engine.judge import Failure, SkuResult
    from qa_check.engine.lots import LotOutcome

PLAN_FORMAT_ID = "qa-check/lot-plan@1"


def plan_dict(plan: LotPlan) -> dict[str, Any]:
    """The plan as plain data; an AQL is text (``"2.5"``), as the tables print it."""
    return {
        "lot_size": plan.lot_size,
        "level": plan.level.value,
        "severity": plan.severity.value,
        "code_letter": plan.letter,
        "sample_size": plan.sample,
        "units": plan.units,
        "classes": [
            {
                "class": found.defect_class,
                "aql": str(found.aql),
                "code_letter": found.letter,
                "sample_size": found.sample,
                "accept": found.accept,
                "reject": found.reject,
            }
            for found in plan.classes
        ],
        "sources": list(plan.sources),
    }


def plan_document(plan: LotPlan, lang: str) -> str:
    """The ``lot plan`` report: the same in every language."""
    return json.dumps({"format": PLAN_FORMAT_ID, **plan_dict(plan)}, ensure_ascii=False) + "\n"


def lot_result_dict(
    result: SkuResult,
    lot: LotOutcome,
    location: Callable[[Location], dict[str, Any]],
    failure: Callable[[Failure], dict[str, Any]],
    problem: Callable[[Problem], dict[str, Any]],
) -> dict[str, Any]:
    """A judged lot as an element of the validate report: ACCEPT, REJECT or INVALID, and why."""
    verdict = {Verdict.PASS: "ACCEPT", Verdict.FAIL: "REJECT"}.get(result.verdict, "INVALID")
    plan = plan_dict(lot.plan)
    classes = []
    for count, shown in zip(lot.classes, plan.pop("classes"), strict=True):
        classes.append(
            {
                **shown,
                "defects_found": count.found,
                "decision": "ACCEPT" if count.accepted else "REJECT",
                "defects": [
                    {
                        "unit": defect.unit,
                        "count": defect.count,
                        "checklist": defect.checklist,
                        "item": defect.item,
                        "rule": defect.rule,
                        "location": location(defect.location),
                    }
                    for defect in count.defects
                ],
            }
        )
    tests = None
    if lot.tests is not None:
        tests = {
            "verdict": lot.tests.verdict.value,
            "failures": [failure(found) for found in lot.tests.failures],
        }
    return {
        "kind": "lot",
        "verdict": verdict,
        "sku": result.sku,
        "product_name": result.product_name,
        "location": location(result.location),
        "checklists": list(result.checklists),
        "lot": {"id": lot.lot, "inspected": lot.inspected, **plan, "classes": classes},
        "tests": tests,
        "problems": [problem(found) for found in result.problems],
    }
