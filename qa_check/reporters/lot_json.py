"""Lots as JSON for programs: a sampling plan names its format, as every report does."""

from __future__ import annotations

import json
from typing import Any

from qa_check.engine.aql import LotPlan

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
