"""Stopping signals held over a block that must not be cut in two, then taken at its end.

A KeyboardInterrupt (or the SystemExit that SIGTERM and SIGHUP unwind with) can be raised at any
bytecode: in the middle of a write to a full pipe, or inside ``with lock:`` between taking the
lock and entering the block, which leaves the lock taken for ever. ``held`` lets such a block run
whole; the signal then reaches its own handler, as it would have, right after.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

HELD_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
"""The signals that stop a command."""


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Ctrl-C, SIGTERM or SIGHUP coming in the block is taken at its end, each once.

    Only the main thread handles signals; elsewhere nothing is held.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: object) -> None:
        caught.append(signum)

    kept = [getattr(signal, name) for name in HELD_SIGNALS if hasattr(signal, name)]
    previous = [(signum, signal.signal(signum, hold)) for signum in kept]
    try:
        yield
    finally:
        for signum, handler in previous:
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(caught):  # each once, now to its own handler
            signal.raise_signal(signum)
