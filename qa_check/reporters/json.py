"""The JSON report: ``{"results": [...], "summary": {...}}``, streamed one result at a time."""

from __future__ import annotations

import json
from typing import Any

from qa_check.errors import Location, Problem
from qa_check.validate import Failure, SkuResult, Summary

FORMAT_ID = "qa-check/validate-report@1"


def location(where: Location) -> dict[str, Any]:
    """A location as a JSON object, leaving out the parts it does not have."""
    found = {"file": where.file, "line": where.line, "row": where.row, "field": where.field}
    return {key: value for key, value in found.items() if value is not None}


def _failure(failure: Failure) -> dict[str, Any]:
    return {
        "checklist": failure.checklist,
        "item": failure.item,
        "rule": failure.rule,
        "severity": failure.severity,
        "required": failure.requirement,
        "recorded": failure.recorded,
        "corrective": {"en": failure.corrective.en, "zh": failure.corrective.zh},
        "location": location(failure.location),
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {"message": problem.message, "location": location(problem.location)}


def result_dict(result: SkuResult) -> dict[str, Any]:
    """One result as plain JSON data."""
    return {
        "verdict": result.verdict.value,
        "sku": result.sku,
        "product_name": result.product_name,
        "location": location(result.location),
        "checklists": list(result.checklists),
        "failures": [_failure(f) for f in result.failures],
        "problems": [_problem(p) for p in result.problems],
    }


class JsonReporter:
    """One JSON document, written piece by piece so that memory stays flat."""

    def __init__(self) -> None:
        self._first = True

    def start(self) -> str:
        """The document's head."""
        return '{"format": ' + json.dumps(FORMAT_ID) + ', "results": ['

    def result(self, result: SkuResult) -> str:
        """One element of ``results``."""
        separator = "\n" if self._first else ",\n"
        self._first = False
        return separator + json.dumps(result_dict(result), ensure_ascii=False)

    def finish(self, summary: Summary) -> str:
        """The summary and the document's tail."""
        counts: dict[str, int | bool] = {
            "total": summary.total,
            "passed": summary.passed,
            "failed": summary.failed,
            "invalid": summary.invalid,
        }
        if summary.interrupted:
            counts["interrupted"] = True
        return '\n], "summary": ' + json.dumps(counts) + "}\n"
