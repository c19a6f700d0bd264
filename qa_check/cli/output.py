"""Standard output and the one stream loop of validate, certify and verify.

A report is written a piece at a time as results come, with progress on stderr; an interrupt
finishes it all the same (JSON still parses) and ends the command with the exit code the
boundary gives it. A closed pipe or a full disk stops the writing, never the batch.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn, Protocol, TypeVar

import typer

from qa_check.cli.boundary import EXIT_INVALID, EXIT_OK, interrupt_code, records_code
from qa_check.core.messages import Message, in_lang, msg
from qa_check.core.signals import held

if TYPE_CHECKING:
    from pathlib import Path

    from qa_check.cli.progress import Progress
    from qa_check.engine.judge import SkuResult, Summary

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


class Stdout:
    """Standard output that neither a closed pipe (``| head -1``) nor a full disk can stop.

    After the first failed write nothing more is written, and the batch goes on: every
    certificate is still issued and the exit code still tells the verdicts. A pipe closed by its
    reader was that reader's choice; any other failure makes the report incomplete, which
    ``exit`` says on stderr in ``lang``, with exit code 2.
    """

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.failure: OSError | None = None
        self.closed = False

    def write(self, text: str) -> None:
        """Write, unless standard output has failed before; whole, whatever signal comes."""
        if not self.closed:
            try:
                with held():
                    sys.stdout.write(text)
            except OSError as exc:
                self._lost(exc)

    def flush(self) -> None:
        """Flush what is buffered (a full disk shows here when output goes to a file)."""
        if not self.closed:
            try:
                with held():
                    sys.stdout.flush()
            except OSError as exc:
                self._lost(exc)

    def _lost(self, exc: OSError) -> None:
        import contextlib
        import errno
        import os

        self.closed = True
        if exc.errno != errno.EPIPE:
            self.failure = exc
        # Python flushes stdout again at exit: let that go nowhere instead of raising there.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def exit(self, code: int) -> NoReturn:
        """End the command with ``code``, or 2 when the report could not be written whole."""
        self.flush()
        if self.failure is not None:
            failed = msg("stdout_failed", reason=self.failure.strerror or str(self.failure))
            typer.echo(f"error: {in_lang(failed, self.lang)}", err=True)
            code = max(code, EXIT_INVALID)
        raise typer.Exit(code)


class Tally(Protocol[T_contra]):
    """What the stream loop counts its outcomes with, and what it says when stopped."""

    def add(self, outcome: T_contra) -> None:
        """Count one more outcome (its report is written at the same time, or neither is)."""

    def advance(self) -> None:
        """The outcome's report is out: move the progress on."""

    def close(self) -> None:
        """The stream ended, or was stopped: take the progress off the screen."""

    def stopped(self) -> Message:
        """The stream was stopped: mark the counts so, and say how far it got."""
        ...

    def exit_code(self) -> int:
        """The exit code of the stream that ran to its end."""
        ...


class Records:
    """The tally of records judged (validate, certify), with progress on stderr."""

    def __init__(
        self, progress: Progress, *, unwritten: Callable[[], Sequence[object]] = tuple
    ) -> None:
        from qa_check.engine.judge import Summary

        self.summary: Summary = Summary()
        self.progress = progress
        self.unwritten = unwritten
        """What a batch owes and could not write (certify's register, a summary file)."""

    def add(self, outcome: SkuResult) -> None:
        """Count the record's verdict."""
        self.summary.add(outcome)

    def advance(self) -> None:
        """Show the counts so far."""
        self.progress.advance(self.summary)

    def close(self) -> None:
        """Take the bar off the screen."""
        self.progress.close()

    def stopped(self) -> Message:
        """``interrupted after N records: …``, the summary marked as interrupted."""
        summary = self.summary
        summary.interrupted = True
        return msg(
            "interrupted_records",
            total=summary.total,
            passed=summary.passed,
            failed=summary.failed,
            invalid=summary.invalid,
        )

    def exit_code(self) -> int:
        """0, 1 or 2 by the verdicts; 2 when the batch owes a file it could not write."""
        return records_code(self.summary, unwritten=bool(self.unwritten()))


class Certificates:
    """The tally of certificates verified: each file's exit code, the worst one kept."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.done = 0
        self.code = EXIT_OK
        self.interrupted = False

    def add(self, outcome: int) -> None:
        """Count a file checked (or passed over), with the exit code it asks for."""
        self.done += 1
        self.code = max(self.code, outcome)

    def advance(self) -> None:
        """No progress is shown."""

    def close(self) -> None:
        """No progress to take away."""

    def stopped(self) -> Message:
        """``interrupted after N of M certificates``."""
        self.interrupted = True
        return msg("interrupted_certificates", done=self.done, count=self.count)

    def exit_code(self) -> int:
        """The worst file's code."""
        return self.code


def stream(
    out: Stdout,
    head: str,
    reports: Generator[tuple[T, str], None, None],
    tally: Tally[T],
    finish: Callable[[], str],
    *,
    errors: Callable[[], Sequence[str]] = list,
) -> NoReturn:
    """Write each outcome's report as it comes, then the tail; end the command.

    ``reports`` may still be loading checklists when Ctrl-C (or SIGTERM) comes: the report is
    finished all the same (JSON still parses and says it was interrupted), the counts so far go
    to stderr and the command exits 130 (143 for SIGTERM); files already written are whole
    (writes are atomic) and no temporary file is left. ``reports`` is closed before the report
    is, so that what it does at its end (certify's summary) is done and can be in the report.
    ``errors``: the lines that end then says on stderr, once the report is finished. The
    progress bar is off the screen before the tail is written.
    """
    started = False

    def closing() -> None:
        """The tail, after the head when no outcome wrote it (JSON is whole either way)."""
        out.write((head if not started else "") + finish())
        for line in errors():
            typer.echo(line, err=True)

    try:
        for outcome, text in reports:
            with held():  # counted and written, or neither
                if not started:
                    out.write(head)  # not before: a usage error leaves stdout empty
                    started = True
                tally.add(outcome)
                out.write(text)
            tally.advance()
    except KeyboardInterrupt as exc:
        reports.close()  # stopped here rather than in it: its end is done before the report's
        tally.close()
        said = tally.stopped()
        closing()
        typer.echo(f"\n{in_lang(said, out.lang)}", err=True)
        out.exit(interrupt_code(exc))
    tally.close()
    closing()
    out.exit(tally.exit_code())


def write_listed(files: Mapping[Path, str | bytes], lang: str = "en") -> NoReturn:
    """Write each file whole and list it on stdout; end the command.

    A closed or full stdout does not stop the next file from being written.
    """
    from qa_check.files.fileio import atomic_write

    stdout = Stdout(lang)
    for path, data in files.items():
        atomic_write(path, data)
        stdout.write(f"{path}\n")
    stdout.exit(EXIT_OK)
