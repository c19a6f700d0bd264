"""Progress on stderr: a plain line every few seconds in logs, a rich bar on a terminal."""

from __future__ import annotations

import io

import pytest

from qa_check.cli import progress as progress_module
from qa_check.cli.progress import Bar, Lines, Silent, choose
from qa_check.engine.judge import Summary


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def counts(passed: int, failed: int = 0, invalid: int = 0) -> Summary:
    return Summary(passed=passed, failed=failed, invalid=invalid)


def test_lines_come_once_per_interval_with_the_counts_and_the_rate() -> None:
    stream, clock = io.StringIO(), Clock()
    lines = Lines(stream, "certify", interval=5.0, clock=clock)
    lines.expect(lambda: 1000)
    clock.now += 4.9
    lines.advance(counts(49))
    assert stream.getvalue() == ""  # not yet: a log line every 5 s, not every record
    clock.now += 0.1
    lines.advance(counts(45, 4, 1))
    assert stream.getvalue() == (
        "certify: 50 of about 1,000 records done (45 passed, 4 failed, 1 invalid), 10 a second\n"
    )
    clock.now += 1
    lines.advance(counts(60))
    assert stream.getvalue().count("\n") == 1
    clock.now += 5
    lines.advance(counts(2000))  # more than estimated: the estimate grows
    assert stream.getvalue().splitlines()[-1].startswith("certify: 2,000 of about 2,000 records")
    lines.close()
    assert stream.getvalue().count("\n") == 2


def test_lines_without_an_estimate_and_in_chinese() -> None:
    stream, clock = io.StringIO(), Clock()
    lines = Lines(stream, "validate", "zh", interval=1.0, clock=clock)
    clock.now += 2
    lines.advance(counts(3, 1))
    assert stream.getvalue() == "validate：已处理 4 条记录（合格 3，不合格 1，无效 0），每秒 2 条\n"


def test_quiet_shows_nothing_and_a_log_gets_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = choose("validate", quiet=True)
    assert isinstance(quiet, Silent)
    counted: list[int] = []

    def count() -> int:
        counted.append(1)
        return 1

    quiet.expect(count)
    assert counted == []  # quiet never reads the inputs to count them
    monkeypatch.setattr("sys.stderr", io.StringIO())
    chosen = choose("validate", quiet=False)
    assert isinstance(chosen, Lines)
    assert chosen.interval == progress_module.LINE_INTERVAL


def test_a_terminal_gets_a_bar_that_counts_and_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Terminal())
    monkeypatch.setattr("sys.stdout", Terminal())
    bar = choose("certify", quiet=False)
    assert isinstance(bar, Bar)
    bar.expect(lambda: 10)
    bar.advance(counts(4))
    task = bar.progress.tasks[0]
    assert (task.completed, task.total) == (4, 10)
    bar.advance(counts(12))
    assert (task.completed, task.total) == (12, 12)
    bar.close()
    assert not bar.progress.live.is_started
