"""One writer per folder: ``certify`` holds a folder's lock while it writes certificates there.

The lock is a POSIX record lock (``lockf``) on a hidden file in the folder. The system releases
it when its holder ends, however it ends, so the file a killed run leaves is taken over, never
waited for; and it belongs to the process that took it, not to the worker processes it starts
(an ``flock`` would be shared with them and outlive a killed holder). The file names the
holder's process id, for the message of a run that finds the folder taken, and is removed
when the lock is released. A link or a special file in its place is refused, never written
through: a ``.qa-check.lock`` linked to a file outside the folder leaves that file untouched.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from types import TracebackType

from qa_check.core.errors import Location, Problem, UsageError
from qa_check.core.messages import msg
from qa_check.files.fileio import NotRegularFile, open_regular, os_reason

LOCK_NAME = ".qa-check.lock"


def _in_the_way(exc: OSError) -> bool:
    """True when the lock's own path is the trouble (a link, a FIFO, a folder), not the folder."""
    return isinstance(exc, (NotRegularFile, IsADirectoryError)) or exc.errno == errno.ELOOP


class FolderLock:
    """The lock of one folder, taken when made; ``with`` releases it."""

    def __init__(self, folder: Path, name: str = LOCK_NAME) -> None:
        """Take the lock of ``folder``; UsageError naming the holder when another has it."""
        self.path = folder / name
        self.previous = ""
        """What a holder that ended without releasing left in the file (empty: none)."""
        self.handle = self._take(folder)

    def _take(self, folder: Path) -> int:
        while True:
            try:
                handle = open_regular(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                where = self.path if _in_the_way(exc) else folder
                reason = msg("cannot_write_here", reason=os_reason(exc))
                raise UsageError([Problem(Location(str(where)), reason)]) from None
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                holder = os.read(handle, 512).decode("utf-8", "replace").strip() or "?"
                os.close(handle)
                raise UsageError([self._refusal(folder, holder)]) from None
            if self._still_there(handle):
                break
            os.close(handle)  # its holder removed it meanwhile: lock the file there now
        self.previous = os.pread(handle, 512, 0).decode("utf-8", "replace").strip()
        os.ftruncate(handle, 0)
        os.write(handle, self._stamp())
        return handle

    def _stamp(self) -> bytes:
        """What the file says of its holder: its process id."""
        return f"{os.getpid()}\n".encode("ascii")

    def _refusal(self, folder: Path, holder: str) -> Problem:
        """The problem of a run that finds the lock held; ``holder`` is what the file says."""
        return Problem(Location(str(folder)), msg("out_locked", pid=holder))

    def _still_there(self, handle: int) -> bool:
        """True when the locked file is still the one at ``path`` (not removed by its holder)."""
        try:
            found = self.path.stat()
        except FileNotFoundError:
            return False
        held = os.fstat(handle)
        return (found.st_dev, found.st_ino) == (held.st_dev, held.st_ino)

    def release(self) -> None:
        """Remove the file, then let go: a run that opened it meanwhile sees it gone."""
        self.path.unlink(missing_ok=True)
        os.close(self.handle)

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
