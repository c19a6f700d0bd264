"""Tasks in worker processes: results in input order, bounded in flight, a crash costs one task."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from qa_check.certificates.pool import WINDOW_PER_JOB, Failed, default_jobs, in_order

STARTS = 0
"""How many times ``start`` ran in this process."""


def start() -> None:
    global STARTS  # noqa: PLW0603 - what the test counts, per process
    STARTS += 1


def work(task: str) -> str:
    """``slow`` finishes after the tasks behind it; ``raise`` raises; ``die`` kills its process."""
    if task == "slow":
        time.sleep(0.3)
    if task == "raise":
        raise ValueError("task says no")
    if task == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return task.upper()


def worker_state(task: str) -> tuple[int, int, bool]:
    """This process, how often ``start`` ran in it and whether it ignores Ctrl-C."""
    return os.getpid(), STARTS, signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def outcomes(tasks: Iterable[str | None], jobs: int) -> list[tuple[int, str | None]]:
    """Each item's outcome, a Failed shown as ``!`` and its error's type (``!died`` for a death)."""
    shown: list[tuple[int, str | None]] = []
    for key, done in in_order(work, enumerate(tasks), jobs):
        if isinstance(done, Failed):
            shown.append((key, "!died" if done.died else f"!{type(done.error).__name__}"))
        else:
            shown.append((key, done))
    return shown


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        (["a", None, "b"], ["A", None, "B"]),
        (["slow", "a", None, "b", "c"], ["SLOW", "A", None, "B", "C"]),
        (["a", "raise", "b"], ["A", "!ValueError", "B"]),
        ([None, None], [None, None]),
        ([], []),
    ],
    ids=["plain", "slow first", "raises", "no tasks", "nothing"],
)
def test_outcomes_come_back_in_input_order(
    jobs: int, tasks: list[str | None], expected: list[str | None]
) -> None:
    assert outcomes(tasks, jobs) == list(enumerate(expected))


@pytest.mark.parametrize(
    "tasks",
    [
        ["die"],
        ["a", "die", "b"],
        ["slow", "a", "die", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
        ["a", "die", "b", "die", "c"],
    ],
    ids=["alone", "between", "behind a slow one, others in flight", "twice"],
)
def test_a_worker_that_dies_costs_its_own_task_only(tasks: list[str | None]) -> None:
    expected = ["!died" if task == "die" else str(task).upper() for task in tasks]
    assert outcomes(tasks, 2) == list(enumerate(expected))


def test_a_task_sent_once_a_worker_died_is_run_all_the_same() -> None:
    def tasks() -> Iterator[str]:
        yield "die"
        time.sleep(1)  # the pool is broken by now, and refuses new tasks at once
        yield from ("a", "b")

    assert outcomes(tasks(), 2) == [(0, "!died"), (1, "A"), (2, "B")]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_items_are_taken_as_they_are_needed(jobs: int) -> None:
    taken: list[int] = []

    def items() -> Iterator[tuple[int, str]]:
        for n in range(100):
            taken.append(n)
            yield n, "a"

    results = in_order(work, items(), jobs)
    next(results)
    ahead = 1 if jobs == 1 else WINDOW_PER_JOB * jobs
    assert len(taken) == ahead
    assert [key for key, _ in results] == list(range(1, 100))
    results.close()


@pytest.fixture
def ctrl_c_stops() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt here, as in a command at a terminal (a shell running the
    tests in the background may have it ignored).
    """
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.mark.usefixtures("ctrl_c_stops")
def test_each_worker_starts_once_and_leaves_ctrl_c_to_the_parent() -> None:
    tasks = [(n, "a") for n in range(12)]
    seen = [state for _, state in in_order(worker_state, tasks, 2, start)]
    assert all(isinstance(state, tuple) for state in seen)
    pids = {state[0] for state in seen if isinstance(state, tuple)}
    assert os.getpid() not in pids
    assert {state[1:] for state in seen if isinstance(state, tuple)} == {(1, True)}
    assert STARTS == 0  # not in this process


def parent(task: str) -> int:
    """The process that started this worker."""
    return os.getppid()


@pytest.fixture
def another_thread() -> Iterator[None]:
    """A thread running beside this one, as a progress bar's does."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


@pytest.mark.usefixtures("ctrl_c_stops")
@pytest.mark.parametrize("threads", ["one", "another_thread"])
def test_workers_are_forked_only_from_a_process_of_one_thread(
    request: pytest.FixtureRequest, threads: str
) -> None:
    if threads != "one":
        request.getfixturevalue(threads)
    tasks = [(n, "a") for n in range(6)]
    forked_here = {found == os.getpid() for _, found in in_order(parent, tasks, 2)}
    assert forked_here == {threads == "one"}
    seen = [done for _, done in in_order(worker_state, tasks, 2, start)]
    assert all(isinstance(done, tuple) for done in seen)
    started = {done[1:] for done in seen if isinstance(done, tuple)}
    assert started == {(1, True)}  # either way: started once each, Ctrl-C left to the parent


@pytest.mark.parametrize("threads", ["one", "another_thread"])
def test_every_worker_starts_with_the_pool_before_anything_is_printed(
    request: pytest.FixtureRequest, threads: str
) -> None:
    if threads != "one":
        request.getfixturevalue(threads)
    before = set(children(os.getpid()))  # a forkserver, say, started by an earlier test
    results = in_order(parent, [(0, "a")], 3)
    _, started_by = next(results)
    assert isinstance(started_by, int)
    workers = [pid for pid in children(started_by) if pid not in before and running(pid)]
    assert len(workers) == 3
    results.close()


@pytest.mark.usefixtures("ctrl_c_stops")
def test_one_job_runs_here_and_starts_before_the_first_task_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(f"{__name__}.STARTS", 0)
    assert [done for _, done in in_order(worker_state, [(0, None)], 1, start)] == [None]
    assert STARTS == 0
    seen = [done for _, done in in_order(worker_state, [(0, "a"), (1, "b")], 1, start)]
    assert seen == [(os.getpid(), 1, False)] * 2


def test_the_default_is_the_cores_this_process_may_use() -> None:
    assert default_jobs() == len(os.sched_getaffinity(0)) >= 1


ORPHANED = """
import os, sys, time
from qa_check.certificates.pool import in_order

def work(task):
    if task == "nap":
        time.sleep(120)
    return task

results = in_order(work, enumerate(["a", "nap", "nap"]), 2)
print(next(results), flush=True)
list(results)
"""


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def test_workers_end_when_their_parent_is_killed_outright() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", ORPHANED], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        assert parent.stdout.readline() == "(0, 'a')\n"
        workers = children(parent.pid)
        assert len(workers) == 2
        parent.kill()
    deadline = time.monotonic() + 30
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(running, workers))


@pytest.mark.usefixtures("ctrl_c_stops")
def test_a_ctrl_c_inside_a_call_to_the_executor_is_taken_when_the_call_is_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside the executor a Ctrl-C could leave one of its locks taken and closing hang: it is
    held until the call returns, then stops the batch, and the pool closes."""
    real = ProcessPoolExecutor.submit
    said: list[str] = []

    def submit(self: ProcessPoolExecutor, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        if fn is not work:  # the pool's own start
            return real(self, fn, *args, **kwargs)
        if not said:
            said.append("Ctrl-C")
            signal.raise_signal(signal.SIGINT)
        future = real(self, fn, *args, **kwargs)
        said.append("submitted")
        return future

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        list(in_order(work, enumerate(["a", "b", "c"]), 2))
    assert said[:2] == ["Ctrl-C", "submitted"]
    assert time.monotonic() - started < 30
