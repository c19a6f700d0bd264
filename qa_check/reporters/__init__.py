"""Output formats: each module turns results into text and never prints it itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from qa_check.engine.judge import SkuResult, Summary

if TYPE_CHECKING:
    from pathlib import Path

    from qa_check.certificates.verify import Verification
    from qa_check.core.errors import Problem


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


class CertifyingReporter(Reporter, Protocol):
    """The report of ``certify``: each result with the certificate it got, if any."""

    def issued(self, result: SkuResult, path: Path | None, *, kept: bool = False) -> str:
        """Text for one result and its certificate (None when INVALID); ``kept`` from before."""
        ...

    def finish(
        self, summary: Summary, *, unwritten: Sequence[Problem] = (), summarized: bool = True
    ) -> str:
        """Text after the last result: the counts, the certificates, the batch's summary files.

        ``unwritten``: what could not be written at the batch's end (the register, a summary
        file); ``summarized``: the summary files were all written.
        """
        ...


class VerifyingReporter(Protocol):
    """The report of ``verify``: a piece per file, whether or not it could be checked."""

    def start(self) -> str:
        """Text before the first file."""
        ...

    def verified(self, found: Verification) -> str:
        """Text for a certificate that was checked."""
        ...

    def unchecked(self, file: str, problems: Sequence[Problem]) -> str:
        """Text for a file that is no certificate ``verify`` can check, and why."""
        ...

    def finish(self, *, interrupted: bool = False) -> str:
        """Text after the last file, or after the last one checked when interrupted."""
        ...


def reporter_for(name: str, language: str = "en") -> Reporter:
    """The reporter for a format name; imports only the one that is used."""
    if name == "json":
        from qa_check.reporters.json import JsonReporter

        return JsonReporter()
    from qa_check.reporters.text import TextReporter

    return TextReporter("zh" if language == "zh" else "en")


def certify_reporter_for(name: str, out: Path, language: str = "en") -> CertifyingReporter:
    """The ``certify`` reporter for a format name, certificates going into ``out``."""
    if name == "json":
        from qa_check.reporters.json import CertifyJsonReporter

        return CertifyJsonReporter(out)
    from qa_check.reporters.text import CertifyReporter

    return CertifyReporter(out, "zh" if language == "zh" else "en")


def verify_reporter_for(name: str, language: str = "en") -> VerifyingReporter:
    """The ``verify`` reporter for a format name."""
    if name == "json":
        from qa_check.reporters.json import VerifyJsonReporter

        return VerifyJsonReporter()
    from qa_check.reporters.text import VerifyReporter

    return VerifyReporter("zh" if language == "zh" else "en")


def lint_report(name: str, problems: Sequence[Problem], added: Sequence[str]) -> str:
    """The report of ``lint`` in a format: its problems and the id@versions added to --known."""
    if name == "json":
        from qa_check.reporters.json import lint_document

        return lint_document(problems, added)
    from qa_check.reporters.text import lint_lines

    return lint_lines(problems)  # the versions added are said on stderr
