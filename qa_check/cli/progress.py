"""Progress of a long batch on stderr: a bar on a terminal, plain lines in logs, or nothing.

The report itself goes to stdout; progress never mixes into it. On a terminal a rich bar shows
records done of about how many, the rate and the time left, and disappears when the batch ends;
report lines printed meanwhile scroll above it. When stderr is a file or a pipe (CI, logs), a
plain line every few seconds says how far the batch is. ``--quiet`` shows none.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Protocol

from qa_check.core.messages import in_lang, msg

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import ProgressColumn, Task, TaskID
    from rich.text import Text

    from qa_check.engine.judge import Summary

LINE_INTERVAL = 5.0
"""Seconds between two progress lines in a log: often enough to see a batch move, not noisy."""


class Progress(Protocol):
    """What a batch tells about its progress; the CLI picks how it is shown."""

    def expect(self, count: Callable[[], int]) -> None:
        """About how many records the batch holds, counted by ``count`` if this shows it."""

    def advance(self, summary: Summary) -> None:
        """One more record is done; ``summary`` holds the counts so far."""

    def close(self) -> None:
        """The batch ended (or was interrupted): take the progress off the screen."""


class Silent:
    """No progress at all: ``--quiet``."""

    def expect(self, count: Callable[[], int]) -> None:
        """Nothing to show: the inputs are not read twice for it."""

    def advance(self, summary: Summary) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to take away."""


class Lines:
    """A plain line every ``interval`` seconds, for logs where a bar would be noise."""

    def __init__(
        self,
        stream: IO[str],
        command: str,
        lang: str = "en",
        interval: float = LINE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.command = command
        self.lang = lang
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.last = self.started
        self.total: int | None = None

    def expect(self, count: Callable[[], int]) -> None:
        """Remember the estimate, to say "of about N"."""
        self.total = count()

    def advance(self, summary: Summary) -> None:
        """Write a line when ``interval`` seconds have passed since the last one."""
        now = self.clock()
        if now - self.last < self.interval:
            return
        self.last = now
        rate = summary.total / max(now - self.started, 1e-9)
        total = max(self.total or 0, summary.total)
        about = msg("progress_of_about", total=f"{total:,}") if self.total else ""
        counts = msg(
            "progress_line",
            command=self.command,
            done=f"{summary.total:,}",
            about=about,
            passed=f"{summary.passed:,}",
            failed=f"{summary.failed:,}",
            invalid=f"{summary.invalid:,}",
            rate=f"{rate:,.0f}",
        )
        line = in_lang(counts, self.lang)
        self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """The summary that follows says the rest."""


class Bar:
    """A rich progress bar on the terminal stderr is: done / about how many, rate, time left.

    When stdout is the same terminal, report lines are printed above the bar; when stdout goes
    to a file, only the bar is on the screen.
    """

    def __init__(self, command: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self.progress: RichProgress = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _rate_column(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True, soft_wrap=True),  # report lines keep their length
            transient=True,
            redirect_stdout=sys.stdout.isatty(),
            redirect_stderr=False,
        )
        self.task: TaskID = self.progress.add_task(command, total=None)
        self.progress.start()

    def expect(self, count: Callable[[], int]) -> None:
        """Show the bar's length: about this many records."""
        self.progress.update(self.task, total=count())

    def advance(self, summary: Summary) -> None:
        """Move the bar; an estimate that was short grows with the count."""
        task = self.progress.tasks[0]
        if task.total is not None and summary.total > task.total:
            self.progress.update(self.task, total=summary.total)
        self.progress.update(self.task, completed=summary.total)

    def close(self) -> None:
        """Stop drawing and take the bar off the screen."""
        self.progress.stop()


def _rate_column() -> ProgressColumn:
    """A column with records per second (rich's own speed column counts bytes)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:,.0f}/s")

    return Rate()


def choose(command: str, *, quiet: bool, lang: str = "en") -> Progress:
    """Progress for a batch: none when quiet, a bar on a terminal, else lines in the log."""
    if quiet:
        return Silent()
    if sys.stderr.isatty():
        return Bar(command)
    return Lines(sys.stderr, command, lang, LINE_INTERVAL)
