"""The JSON reports, one document per command: ``{"format": ..., "results": [...], ...}``.

Each document names its format and version (``qa-check/validate-report@2``), so that a program
reading it can tell a report it knows from one it does not. The reports of ``validate``,
``certify`` and ``verify`` are streamed a result at a time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_check.core.errors import Location, Problem
from qa_check.engine.judge import Failure, SkuResult, Summary
from qa_check.reporters import Reporters
from qa_check.reporters.lot_json import lot_result_dict, plan_document

if TYPE_CHECKING:
    from qa_check.certificates.verify import Verification

FORMAT_ID = "qa-check/validate-report@2"
"""@2: each result has a ``kind``, ``sku`` or ``lot``; a lot adds ``lot`` (ACCEPT or REJECT)."""
CERTIFY_FORMAT_ID = "qa-check/certify-report@1"
VERIFY_FORMAT_ID = "qa-check/verify-report@2"
"""@2: the statuses signatures and the register add, and NOT A CERTIFICATE for UNCHECKED."""
LINT_FORMAT_ID = "qa-check/lint-report@1"
NOT_A_CERTIFICATE = "NOT A CERTIFICATE"
"""The status of a file ``verify`` could not check: no certificate, unreadable, another version."""


def location(where: Location) -> dict[str, Any]:
    """A location as a JSON object, leaving out the parts it does not have."""
    found = {
        "file": where.file,
        "line": where.line,
        "sheet": where.sheet,
        "row": where.row,
        "cell": where.cell,
        "field": where.field,
    }
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
    """One result as plain JSON data: a SKU's (``warnings`` only when some), or a lot's."""
    if result.lot is not None:
        return lot_result_dict(result, result.lot, location, _failure, _problem)
    found: dict[str, Any] = {
        "kind": "sku",
        "verdict": result.verdict.value,
        "sku": result.sku,
        "product_name": result.product_name,
        "location": location(result.location),
        "checklists": list(result.checklists),
        "failures": [_failure(f) for f in result.failures],
        "problems": [_problem(p) for p in result.problems],
    }
    if result.warnings:
        found["warnings"] = [_problem(p) for p in result.warnings]
    return found


class _Streamed:
    """A document written piece by piece, so that memory stays flat: head, results, summary."""

    format_id: str

    def __init__(self) -> None:
        self._first = True

    def start(self) -> str:
        """The document's head."""
        return '{"format": ' + json.dumps(self.format_id) + ', "results": ['

    def _element(self, data: dict[str, Any]) -> str:
        separator = "\n" if self._first else ",\n"
        self._first = False
        return separator + json.dumps(data, ensure_ascii=False)

    @staticmethod
    def _end(summary: dict[str, object]) -> str:
        return '\n], "summary": ' + json.dumps(summary, ensure_ascii=False) + "}\n"


class JsonReporter(_Streamed):
    """The JSON report of ``validate``."""

    format_id = FORMAT_ID

    def result(self, result: SkuResult) -> str:
        """One element of ``results``."""
        return self._element(result_dict(result))

    def finish(self, summary: Summary) -> str:
        """The summary and the document's tail."""
        return self._tail(summary)

    def _tail(self, summary: Summary, **more: object) -> str:
        """The counts of ``summary``, then ``more``, then whether the batch was interrupted."""
        counts: dict[str, object] = {
            "total": summary.total,
            "passed": summary.passed,
            "failed": summary.failed,
            "invalid": summary.invalid,
            **more,
        }
        if summary.interrupted:
            counts["interrupted"] = True
        return self._end(counts)


class CertifyJsonReporter(JsonReporter):
    """The JSON report of ``certify``: each result with its certificate, or null when INVALID."""

    format_id = CERTIFY_FORMAT_ID

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out = out
        self.certificates = 0
        self.kept = 0

    def issued(self, result: SkuResult, path: Path | None, *, kept: bool = False) -> str:
        """One element of ``results``: the result, its certificate and whether it was kept.

        ``kept``: the certificate was there from an earlier run, for the same record.
        """
        if path is not None:
            self.certificates += 1
            self.kept += kept
        certificate = str(path) if path is not None else None
        return self._element(result_dict(result) | {"certificate": certificate, "kept": kept})

    def finish(
        self, summary: Summary, *, unwritten: Sequence[Problem] = (), summarized: bool = True
    ) -> str:
        """The ``validate`` counts, then the certificates in ``out`` and how many were kept.

        What could not be written at the batch's end is ``errors``, there only when there is
        some. ``summarized`` is in the errors already: the summary files they name.
        """
        more: dict[str, object] = {}
        if unwritten:
            more["errors"] = [_problem(problem) for problem in unwritten]
        return self._tail(
            summary, certificates=self.certificates, kept=self.kept, folder=str(self.out), **more
        )


class VerifyJsonReporter(_Streamed):
    """The JSON report of ``verify``: every file given, a file it could not check too."""

    format_id = VERIFY_FORMAT_ID

    def __init__(self) -> None:
        # Not at the top: certificates.verify loads the PDF renderer, which validate never needs.
        from qa_check.certificates.verify import Status  # noqa: PLC0415

        super().__init__()
        self.counts = {_counted(status): 0 for status in (*Status, NOT_A_CERTIFICATE)}

    def verified(self, found: Verification) -> str:
        """One element of ``results``: the status, what the certificate says, the reasons."""
        self.counts[_counted(found.status)] += 1
        return self._element(
            {
                "file": found.file,
                "status": found.status.value,
                "certificate_id": found.certificate_id or None,
                "sku": found.sku or None,
                "verdict": found.verdict or None,
                "signer": found.signer or None,
                "fingerprint": found.fingerprint or None,
                "reasons": list(found.reasons),
                "notes": list(found.notes),
                "problems": [],
            }
        )

    def unchecked(self, file: str, problems: Sequence[Problem]) -> str:
        """One element of ``results`` for a file that is no certificate verify can check."""
        self.counts[_counted(NOT_A_CERTIFICATE)] += 1
        return self._element(
            {
                "file": file,
                "status": NOT_A_CERTIFICATE,
                "certificate_id": None,
                "sku": None,
                "verdict": None,
                "signer": None,
                "fingerprint": None,
                "reasons": [],
                "notes": [],
                "problems": [_problem(p) for p in problems],
            }
        )

    def finish(self, *, interrupted: bool = False) -> str:
        """How many files there were, of each status; whether Ctrl-C stopped the command."""
        summary: dict[str, object] = {"total": sum(self.counts.values()), **self.counts}
        if interrupted:
            summary["interrupted"] = True
        return self._end(summary)


def _counted(status: str) -> str:
    """A status as a key of the counts: ``not_a_certificate``."""
    return status.lower().replace(" ", "_")


def lint_document(problems: Sequence[Problem], added: Sequence[str]) -> str:
    """The report of ``lint``: its problems, and the id@versions it added to ``--known``."""
    document = {
        "format": LINT_FORMAT_ID,
        "problems": [_problem(p) for p in problems],
        "added": list(added),
    }
    return json.dumps(document, ensure_ascii=False) + "\n"


REPORTERS = Reporters(
    validate=lambda language: JsonReporter(),
    certify=lambda out, language: CertifyJsonReporter(out),
    verify=lambda language: VerifyJsonReporter(),
    lint=lint_document,
    lot_plan=plan_document,
)
"""JSON is the same in every language: programs read it."""
