"""Output formats: each module turns results into text and never prints it itself."""

from __future__ import annotations

from typing import Protocol

from qa_check.validate import SkuResult, Summary


class Reporter(Protocol):
    """Streams a report: a head, one piece per result, a tail with the summary."""

    def start(self) -> str:
        """Text before the first result."""
        ...

    def result(self, result: SkuResult) -> str:
        """Text for one result."""
        ...

    def finish(self, summary: Summary) -> str:
        """Text after the last result."""
        ...


def reporter_for(name: str, language: str = "en") -> Reporter:
    """The reporter for a format name; imports only the one that is used."""
    if name == "json":
        from qa_check.reporters.json import JsonReporter

        return JsonReporter()
    from qa_check.reporters.text import TextReporter

    return TextReporter("zh" if language == "zh" else "en")
