"""The text report: one line per SKU, reasons indented beneath, a summary line at the end."""

from __future__ import annotations

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
