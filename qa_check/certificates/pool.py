"""Work spread over processes, its results back in input order, a crash costing one task only.

reportlab keeps its fonts per process and drawing a page holds the GIL, so certificates are
drawn in worker processes, not threads. At most ``window`` items are in flight at once, so
memory does not grow with the batch; results come back in the order the items came, so what a
batch prints and writes is the same for any number of jobs. A task that raises, or whose worker
process dies, comes back as ``Failed`` and the batch goes on.

Ctrl-C stops a batch in the parent, and must never land inside the executor: its queues and
futures take locks, and an interrupt between taking one and entering its block leaves it taken,
so that closing the pool waits for ever. Every call into the executor runs with the stopping
signals held (``signals.held``); waiting for a result is done in short held slices, so that a
Ctrl-C still stops the batch within one of them.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from typing import Generic, TypeVar

from qa_check.core.signals import held

Key = TypeVar("Key")
Task = TypeVar("Task")
Done = TypeVar("Done")

WINDOW_PER_JOB = 4
"""Items in flight per job: enough that a slow task does not leave the other workers idle."""
ORPHAN_CHECK_SECONDS = 0.5
"""How often a worker checks that the process that started it is still there."""


def default_jobs() -> int:
    """The cores this process may run on (``taskset``, a container's CPU set), at least 1."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class WorkerDied(Exception):
    """The process running a task stopped abruptly (killed, out of memory, crashed)."""


@dataclass(frozen=True, slots=True)
class Failed:
    """A task that raised, or whose worker died when it ran again alone."""

    error: Exception

    @property
    def died(self) -> bool:
        """True when the worker process died, rather than the task raising."""
        return isinstance(self.error, WorkerDied)


def in_order(
    work: Callable[[Task], Done],
    items: Iterable[tuple[Key, Task | None]],
    jobs: int,
    start: Callable[[], object] | None = None,
) -> Generator[tuple[Key, Done | Failed | None], None, None]:
    """``(key, work(task))`` for each item, in order; ``(key, None)`` for an item without a task.

    With ``jobs`` above 1, tasks run in that many worker processes, each of which calls
    ``start`` once first; ``work``, ``start`` and each task and result must pickle. With 1, all
    runs here, ``start`` before the first task. Items are taken from ``items`` as they are
    needed, never more than ``WINDOW_PER_JOB * jobs`` ahead of the one yielded. Tasks must not
    write files: a worker whose parent is killed ends wherever it is. Closing the generator
    stops the workers.
    """
    if jobs == 1:
        yield from _here(work, items, start)
        return
    pool = _Pool(work, jobs, start)
    try:
        yield from pool.run(items, WINDOW_PER_JOB * jobs)
    finally:
        pool.close()


def _here(
    work: Callable[[Task], Done],
    items: Iterable[tuple[Key, Task | None]],
    start: Callable[[], object] | None,
) -> Iterator[tuple[Key, Done | Failed | None]]:
    """Every task in this process, one after the other."""
    started = False
    for key, task in items:
        if task is None:
            yield key, None
            continue
        if start is not None and not started:
            start()
            started = True
        try:
            done: Done | Failed = work(task)
        except Exception as exc:  # as a worker's exception comes back: a value, not a stop
            done = Failed(exc)
        yield key, done


@dataclass(slots=True)
class _Entry(Generic[Key, Task, Done]):
    key: Key
    task: Task | None
    future: Future[Done] | None = None


class _Pool(Generic[Task, Done]):
    """Worker processes, replaced when one dies."""

    def __init__(self, work: Callable[[Task], Done], jobs: int, start: Callable[[], object] | None):
        self.work = work
        self.jobs = jobs
        self.start = start
        self.executor = self._started()

    def _started(self) -> ProcessPoolExecutor:
        """A new pool, all its workers started now rather than as tasks come.

        Starting a process flushes standard output: done before anything is printed, that
        cannot fail halfway through a report (a reader gone, ``| head``). A fork starts them
        all at the first task; a forkserver one a task while none is idle, which none is yet.
        """
        with held():
            executor = ProcessPoolExecutor(
                self.jobs,
                mp_context=self._context(),
                initializer=_worker_start,
                initargs=(self.start,),
            )
            for _ in range(self.jobs):
                executor.submit(os.getpid)
        return executor

    def _context(self) -> BaseContext | None:
        """How workers start: the platform's way, unless another thread runs here.

        Forking (Linux's way before Python 3.14, and the fastest) copies this process with the
        locks its other threads hold at that moment, such as a progress bar's drawing on
        stderr; a worker that then flushes stderr would wait forever. With threads about,
        workers are forked from a forkserver instead, a process of one thread that has
        imported ``work``'s module once for all of them. A new interpreter, it imports
        ``qa_check.core.quiet`` first, so that other libraries' warnings stay off the screen there
        too, as the command line keeps them.
        """
        if threading.active_count() == 1 or "forkserver" not in get_all_start_methods():
            return None
        context = get_context("forkserver")
        module = getattr(self.work, "__module__", None)
        context.set_forkserver_preload(
            ["qa_check.core.quiet", *([module] if isinstance(module, str) else [])]
        )
        return context

    def close(self) -> None:
        """Stop the workers: tasks not started are dropped, running ones end first."""
        with held():
            self.executor.shutdown(wait=True, cancel_futures=True)

    def run(
        self, items: Iterable[tuple[Key, Task | None]], window: int
    ) -> Iterator[tuple[Key, Done | Failed | None]]:
        """Submit items as they come, at most ``window`` ahead; yield their outcomes in order."""
        pending: deque[_Entry[Key, Task, Done]] = deque()
        for key, task in items:
            entry: _Entry[Key, Task, Done] = _Entry(key, task)
            if task is not None:
                entry.future = self._submit(task)
            pending.append(entry)
            if len(pending) >= window:
                yield self._outcome(pending)
        while pending:
            yield self._outcome(pending)

    def _submit(self, task: Task) -> Future[Done]:
        """The task sent to the workers; if a worker died already, a future lost with the pool.

        ``submit`` refuses a broken pool at once: the task is then recovered with the others
        the dead worker took down, when its turn comes.
        """
        try:
            with held():
                return self.executor.submit(self.work, task)
        except BrokenProcessPool as exc:
            lost: Future[Done] = Future()
            lost.set_exception(exc)
            return lost

    def _outcome(self, pending: deque[_Entry[Key, Task, Done]]) -> tuple[Key, Done | Failed | None]:
        """The first pending entry and its outcome, once it has one."""
        entry = pending.popleft()
        if entry.future is None:
            return entry.key, None
        _settled(entry.future)
        with held():
            lost = _lost(entry.future)
        if lost:
            self._recover([entry, *pending])
        try:
            with held():
                return entry.key, entry.future.result()
        except Exception as exc:  # raised by the task, or it could not be sent or returned
            return entry.key, Failed(exc)

    def _recover(self, suspects: list[_Entry[Key, Task, Done]]) -> None:
        """After a worker died: run each task it may have taken down again, alone.

        The pool is lost with every task in it, and which task killed it is unknown; run alone
        in a new pool, each either finishes or kills its worker again, and is then the one
        that fails (``WorkerDied``). The tasks run after them go back to all workers.
        """
        with held():  # after which every future of the lost pool is settled
            self.executor.shutdown(wait=True)
        self.executor = self._started()
        for entry in suspects:
            if entry.future is not None and _lost(entry.future):
                assert entry.task is not None
                entry.future = self._alone(entry.task)

    def _alone(self, task: Task) -> Future[Done]:
        """Run one task with nothing else in the pool; WorkerDied when it kills its worker."""
        with held():
            future = self.executor.submit(self.work, task)
        _settled(future)
        with held():
            lost = _lost(future)
        if not lost:
            return future
        with held():
            self.executor.shutdown(wait=True)
        self.executor = self._started()
        died: Future[Done] = Future()
        died.set_exception(WorkerDied())
        return died


SLICE_SECONDS = 0.1
"""How long one held wait for a result lasts: a Ctrl-C is taken at most this late."""


def _settled(future: Future[Done]) -> None:
    """Wait until ``future`` has its outcome, the stopping signals held a slice at a time."""
    done = False
    while not done:
        with held():
            done = bool(wait([future], timeout=SLICE_SECONDS).done)


def _lost(future: Future[Done]) -> bool:
    """True for a task that went down with its pool: it did not run to an outcome of its own."""
    return future.cancelled() or isinstance(future.exception(), BrokenProcessPool)


def _worker_start(start: Callable[[], object] | None) -> None:
    """In each worker, first: stopping is the parent's business, then the task's own set-up.

    Ctrl-C reaches every process of the terminal's group: the parent stops the batch, and
    workers finish the task in hand instead of printing a traceback each. SIGTERM and SIGHUP
    end a worker as for any process (a fork inherits the parent's handlers, which unwind), and
    so does its parent's end.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    if start is not None:
        start()


def _end_with(parent: int) -> None:
    """End this worker when its parent is gone (killed outright, SIGKILL): nobody waits for it.

    A worker waits for tasks on a pipe that its sibling workers also hold open, so it would
    never see the parent go: it looks for the process it now belongs to instead. It writes
    nothing, so ending it at any point loses nothing.
    """
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)
