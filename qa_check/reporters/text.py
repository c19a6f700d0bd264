"""The text report: one line per SKU, reasons indented beneath, a summary line at the end."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from qa_check.core.messages import in_lang, msg, printable, word
from qa_check.engine.judge import SkuResult, Summary
from qa_check.reporters import Reporters
from qa_check.reporters.lot_text import lot_lines, lot_verdict, plan_text

if TYPE_CHECKING:
    from qa_check.certificates.verify import Verification
    from qa_check.core.errors import Problem


def _label(key: str, lang: str) -> str:
    """``required: ``, ``recorded: ``, ``action:   `` line up; the Chinese ones are all 3 wide."""
    text = word(key, lang)
    return text if lang == "zh" else text.ljust(10)


def _who(result: SkuResult) -> str:
    """``SKU  name``, escaped: both come from the file, and may hold anything."""
    name = f"  {printable(result.product_name)}" if result.product_name else ""
    return f"{printable(result.sku or '?')}{name}"


class TextReporter:
    """Plain text for people at a terminal, in English or Chinese."""

    def __init__(self, language: Literal["en", "zh"] = "en") -> None:
        self.language = language
        self._labels = tuple(
            _label(key, language) for key in ("report_required", "report_recorded", "report_action")
        )

    def start(self) -> str:
        """Nothing comes before the first result."""
        return ""

    def result(self, result: SkuResult) -> str:
        """``VERDICT  SKU  name  (where)`` then one block per failure or problem."""
        lang = self.language
        where = result.location.show(lang)
        if result.lot is not None:
            lines = [f"{lot_verdict(result, lang)}{_who(result)}  ({where})"]
            lines += lot_lines(result.lot, lang)
            lines += [f"    ! {problem.show(lang)}" for problem in result.problems]
            return "\n".join(lines) + "\n"
        lines = [f"{result.verdict.value:<8} {_who(result)}  ({where})"]
        required, recorded, action = self._labels
        for failure in result.failures:
            lines += [
                f"    - {failure.rule} {failure.checklist} {failure.item} [{failure.severity}]",
                f"      {required}{printable(in_lang(failure.requirement, lang))}",
                f"      {recorded}{printable(in_lang(failure.recorded, lang))}"
                f"  ({failure.location.show(lang)})",
                f"      {action}{getattr(failure.corrective, lang)}",
            ]
        lines += [f"    ! {problem.show(lang)}" for problem in result.problems]
        return "\n".join(lines) + "\n" + self.warnings(result)

    def warnings(self, result: SkuResult) -> str:
        """A ``*`` line per number outside its usual range: told, the verdict unchanged."""
        lang = self.language
        label = word("unit_warning", lang)
        return "".join(f"    * {label}{problem.show(lang)}\n" for problem in result.warnings)

    def finish(self, summary: Summary) -> str:
        """``N records: P passed, F failed, I invalid``."""
        key = "report_summary_one" if summary.total == 1 else "report_summary"
        counts = msg(
            key,
            total=summary.total,
            passed=summary.passed,
            failed=summary.failed,
            invalid=summary.invalid,
        )
        return f"\n{in_lang(counts, self.language)}\n"


class CertifyReporter(TextReporter):
    """The text report of ``certify``: where each certificate went, or why there is none."""

    def __init__(self, out: Path, language: Literal["en", "zh"] = "en") -> None:
        super().__init__(language)
        self.out = out
        self.certificates = 0
        self.kept = 0

    def issued(self, result: SkuResult, path: Path | None, *, kept: bool = False) -> str:
        """``VERDICT  SKU  name  -> file``, or the INVALID block of ``validate``.

        A certificate kept from an earlier run (the same record) is marked ``(unchanged, kept)``.
        """
        if path is None:
            return self.result(result)
        self.certificates += 1
        self.kept += kept
        unchanged = f" {in_lang(msg('report_kept'), self.language)}" if kept else ""
        head = f"{result.verdict.value:<8} "
        if result.lot is not None:  # a lot's certificate: ACCEPT or REJECT
            head = lot_verdict(result, self.language)
        line = f"{head}{_who(result)}  -> {printable(str(path))}{unchanged}\n"
        return line + self.warnings(result)

    def finish(
        self, summary: Summary, *, unwritten: Sequence[Problem] = (), summarized: bool = True
    ) -> str:
        """The ``validate`` summary, then how many certificates are where; how many were kept.

        The batch's summary files are named when they were written; what could not be written
        (``unwritten``) the command says on stderr, as for any error.
        """
        key = "report_certificates_one" if self.certificates == 1 else "report_certificates"
        lines = [msg(key, count=self.certificates, folder=self.out)]
        if self.kept:
            lines.append(msg("report_kept_count", count=self.kept))
        if summarized:
            lines.append(msg("report_summary_files", folder=self.out))
        shown = "".join(f"{in_lang(line, self.language)}\n" for line in lines)
        return super().finish(summary) + shown


class VerifyReporter:
    """The text report of ``verify``: a line per certificate, its reasons indented beneath."""

    def __init__(self, language: Literal["en", "zh"] = "en") -> None:
        self.language = language

    def start(self) -> str:
        """Nothing comes before the first file."""
        return ""

    def verified(self, found: Verification) -> str:
        """``STATUS  file  id  SKU  verdict`` and a ``!`` line per reason."""
        return "\n".join(found.lines(self.language)) + "\n"

    def unchecked(self, file: str, problems: Sequence[Problem]) -> str:
        """``NOT A CERTIFICATE  file``: the command says why on stderr, as for any error."""
        return f"NOT A CERTIFICATE  {printable(file)}\n"

    def finish(self, *, interrupted: bool = False) -> str:
        """Nothing comes after the last file: an interruption is said on stderr."""
        return ""


def lint_lines(problems: Sequence[Problem]) -> str:
    """A line per problem in the checklists: where, then what."""
    return "".join(f"{problem.show()}\n" for problem in problems)


def _language(language: str) -> Literal["en", "zh"]:
    """Chinese when asked for; English for anything else."""
    return "zh" if language == "zh" else "en"


REPORTERS = Reporters(
    validate=lambda language: TextReporter(_language(language)),
    certify=lambda out, language: CertifyReporter(out, _language(language)),
    verify=lambda language: VerifyReporter(_language(language)),
    lint=lambda problems, added: lint_lines(problems),  # the versions added are said on stderr
    lot_plan=plan_text,
)
