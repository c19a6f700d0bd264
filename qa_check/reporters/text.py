"""The text report: one line per SKU, reasons indented beneath, a summary line at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from qa_check.validate import SkuResult, Summary


class TextReporter:
    """Plain text for people at a terminal; corrective actions in English or Chinese."""

    def __init__(self, language: Literal["en", "zh"] = "en") -> None:
        self.language = language

    def start(self) -> str:
        """Nothing comes before the first result."""
        return ""

    def result(self, result: SkuResult) -> str:
        """``VERDICT  SKU  name  (where)`` then one block per failure or problem."""
        name = f"  {result.product_name}" if result.product_name else ""
        lines = [f"{result.verdict.value:<8} {result.sku or '?'}{name}  ({result.location})"]
        for failure in result.failures:
            action = getattr(failure.corrective, self.language)
            lines += [
                f"    - {failure.rule} {failure.checklist} {failure.item} [{failure.severity}]",
                f"      required: {failure.requirement}",
                f"      recorded: {failure.recorded}  ({failure.location})",
                f"      action:   {action}",
            ]
        lines += [f"    ! {problem}" for problem in result.problems]
        return "\n".join(lines) + "\n"

    def finish(self, summary: Summary) -> str:
        """``N records: P passed, F failed, I invalid``."""
        word = "record" if summary.total == 1 else "records"
        return (
            f"\n{summary.total} {word}: {summary.passed} passed, {summary.failed} failed,"
            f" {summary.invalid} invalid\n"
        )


class CertifyReporter(TextReporter):
    """The text report of ``certify``: where each certificate went, or why there is none."""

    def __init__(self, out: Path, language: Literal["en", "zh"] = "en") -> None:
        super().__init__(language)
        self.out = out
        self.written = 0

    def issued(self, result: SkuResult, path: Path | None) -> str:
        """``VERDICT  SKU  name  -> file``, or the INVALID block of ``validate``."""
        if path is None:
            return self.result(result)
        self.written += 1
        name = f"  {result.product_name}" if result.product_name else ""
        return f"{result.verdict.value:<8} {result.sku}{name}  -> {path}\n"

    def finish(self, summary: Summary) -> str:
        """The ``validate`` summary, then how many certificates were written where."""
        word = "certificate" if self.written == 1 else "certificates"
        return super().finish(summary) + f"{self.written} {word} in {self.out}/\n"
