"""Output formats: each module turns results into text and never prints it itself."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Protocol

from qa_check.validate import SkuResult, Summary

Language = Literal["en", "zh"]


class Format(StrEnum):
    """The formats ``validate --format`` offers."""

    TEXT = "text"
    JSON = "json"


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


def reporter_for(name: Format, language: Language = "en") -> Reporter:
    """The reporter for a format; imports only the one that is used."""
    if name is Format.JSON:
        from qa_check.reporters.json import JsonReporter

        return JsonReporter()
    from qa_check.reporters.text import TextReporter

    return TextReporter(language)
