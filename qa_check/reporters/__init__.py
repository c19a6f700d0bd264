"""Output formats: each module turns results into text and never prints it itself.

``Format`` lists the formats ``--format`` offers, and ``reporters`` is the one place that picks
a format's module: a format added to ``Format`` and not handled there fails mypy, and each
format's module offers every command its reporter (``Reporters``). Importing this package is
cheap: the command line reads ``Format`` before it knows which command runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, assert_never

if TYPE_CHECKING:
    from pathlib import Path

    from qa_check.certificates.verify import Verification
    from qa_check.core.errors import Problem
    from qa_check.engine.aql import LotPlan
    from qa_check.engine.judge import SkuResult, Summary


class Format(StrEnum):
    """The formats ``--format`` offers; each is a module in ``qa_check.reporters``."""

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


@dataclass(frozen=True, slots=True)
class Reporters:
    """What one format offers each command: every format offers them all."""

    validate: Callable[[str], Reporter]
    """The ``validate`` report, in a language (``en`` or ``zh``) where it has words."""
    certify: Callable[[Path, str], CertifyingReporter]
    """The ``certify`` report, certificates going into a folder, in a language."""
    verify: Callable[[str], VerifyingReporter]
    """The ``verify`` report, in a language."""
    lint: Callable[[Sequence[Problem], Sequence[str]], str]
    """The ``lint`` report of its problems and the id@versions added to ``--known``."""
    lot_plan: Callable[[LotPlan, str], str]
    """The ``lot plan`` report of a lot's sampling plan, in a language."""


def reporters(output_format: Format) -> Reporters:
    """The reporters of a format, importing only its module: the one dispatch on formats."""
    match output_format:
        case Format.TEXT:
            from qa_check.reporters import text

            return text.REPORTERS
        case Format.JSON:
            from qa_check.reporters import json

            return json.REPORTERS
        case _:
            assert_never(output_format)


def reporter_for(output_format: Format, language: str = "en") -> Reporter:
    """The ``validate`` reporter for a format."""
    return reporters(output_format).validate(language)


def certify_reporter_for(
    output_format: Format, out: Path, language: str = "en"
) -> CertifyingReporter:
    """The ``certify`` reporter for a format, certificates going into ``out``."""
    return reporters(output_format).certify(out, language)


def verify_reporter_for(output_format: Format, language: str = "en") -> VerifyingReporter:
    """The ``verify`` reporter for a format, in a language."""
    return reporters(output_format).verify(language)


def lint_report(output_format: Format, problems: Sequence[Problem], added: Sequence[str]) -> str:
    """The report of ``lint`` in a format: its problems and the id@versions added to --known."""
    return reporters(output_format).lint(problems, added)


def lot_plan_report(output_format: Format, plan: LotPlan, language: str = "en") -> str:
    """The report of ``lot plan`` in a format: the lot's sampling plan."""
    return reporters(output_format).lot_plan(plan, language)
