"""Files: finding the ones a user named, and writing so that Ctrl-C never leaves half a file."""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

from qa_check.core.errors import Location, Problem, UsageError, WriteError
from qa_check.core.messages import Message, msg


def atomic_write(path: Path, data: str | bytes, *, mode: int | None = None) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    The temporary name carries the writer's process id, so that a later run can tell the
    leftovers of a killed writer (``remove_stale_temps``) from the file another run is writing.
    The file gets the mode ``open`` would give it, 0o666 less the umask, not mkstemp's private
    0o600: other accounts on a shared machine read what is written as the user's umask allows.
    ``mode`` (0o600 for a private key) is given instead: the file never has another.
    A failure (a file where the folder should be, no permission, a full disk) is a WriteError
    located at ``path``, and whatever was there before is left as it was.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    writable_folder(path.parent)
    _replaceable(path)
    temp_path = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    try:
        try:
            # Named before it exists, so that a Ctrl-C at any point between creating it and
            # writing it finds a name to remove: mkstemp's name would arrive after the file.
            handle = os.open(temp_path, _NEW_FILE, 0o600)
            with os.fdopen(handle, "wb") as temp:
                temp_path.chmod(0o666 & ~umask() if mode is None else mode)
                temp.write(payload)
                temp.flush()
                os.fsync(temp.fileno())
            temp_path.replace(path)
        except OSError as exc:
            raise cannot_write(path, exc) from exc
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
"""A file created here and now, never one that was there, nor through a link."""


def _replaceable(path: Path) -> None:
    """WriteError when a link or a special file stands at ``path``: it is never replaced.

    The rename would replace the link itself, never its target; but a link where qa-check
    writes is someone's trap or mistake, and is named rather than silently removed.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise cannot_write(path, exc) from exc
    if stat.S_ISLNK(mode):
        raise cannot_write(path, OSError(errno.ELOOP, os.strerror(errno.ELOOP)))
    if stat.S_ISDIR(mode):
        raise cannot_write(path, OSError(errno.EISDIR, os.strerror(errno.EISDIR)))
    if not stat.S_ISREG(mode):
        raise cannot_write(path, NotRegularFile(str(path)))


def cannot_write(path: Path, exc: OSError) -> WriteError:
    """The located error of a file that could not be written, in plain words."""
    return WriteError([Problem(Location(str(path)), msg("cannot_write", reason=os_reason(exc)))])


class NotRegularFile(OSError):
    """A FIFO, a device or a socket where a regular file was wanted."""


_REGULAR_ONLY = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NO_LINK = getattr(os, "O_NOFOLLOW", 0)


def open_regular(
    path: Path, flags: int = os.O_RDONLY, mode: int = 0o666, *, follow_links: bool = False
) -> int:
    """A descriptor of the regular file at ``path``, never of what a link or special file is.

    ``O_NOFOLLOW``: a symbolic link in the file's place (a trap leading out of the folder) is
    refused, ELOOP, not followed, unless ``follow_links`` (a record or checklist a person
    named). ``O_NONBLOCK``: a FIFO is refused at once instead of waited on for ever. The type
    is checked on the opened descriptor, so nothing can be swapped in between: a folder is
    IsADirectoryError, anything else but a regular file NotRegularFile. ``flags`` may add
    ``O_CREAT`` (made with ``mode`` less the umask) and ``O_RDWR``.
    """
    try:
        opened = flags | _REGULAR_ONLY | (0 if follow_links else _NO_LINK)
        handle = os.open(path, opened, mode)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO opened for writing with no reader
            raise NotRegularFile(str(path)) from None
        raise
    try:
        found = os.fstat(handle).st_mode
        if stat.S_ISDIR(found):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(found):
            raise NotRegularFile(str(path))
    except BaseException:
        os.close(handle)
        raise
    return handle


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` + 1 bytes of the regular file at ``path``; OSError as ``open_regular``.

    The one byte more tells a file that is too large without reading the rest of it.
    """
    with os.fdopen(open_regular(path), "rb") as file:
        return file.read(limit + 1)


_STATUS = Path("/proc/self/status")
_UMASK_LINE = re.compile(rb"^Umask:\s*([0-7]+)\s*$", re.MULTILINE)


def umask() -> int:
    """The process's umask, read without changing it where the system shows it (Linux).

    ``os.umask`` reads the mask only by setting it, and the mask belongs to the whole process:
    a thread that creates a file between setting and restoring it would get the wrong mode.
    Linux (4.7 and later) shows the mask in /proc/self/status, read here on every call, so a
    change the program makes later is seen; elsewhere it is read the racy way once, the first
    time it is needed, and remembered.
    """
    try:
        found = _UMASK_LINE.search(_STATUS.read_bytes())
    except OSError:
        found = None
    return int(found.group(1), 8) if found else _umask_by_setting_it()


@functools.cache
def _umask_by_setting_it() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_OS_REASONS = {
    errno.ENOENT: "os_no_such_file",
    errno.EISDIR: "os_is_a_folder",
    errno.ENOSPC: "os_no_space",
    errno.EACCES: "os_permission_denied",
    errno.EPERM: "os_permission_denied",
    errno.EROFS: "os_read_only",
    errno.ELOOP: "os_a_link",
}


def os_reason(exc: OSError) -> Message:
    """What the system said went wrong, in plain words in both languages where they are known."""
    if isinstance(exc, NotRegularFile):
        return msg("os_not_a_file")
    key = _OS_REASONS.get(exc.errno or 0)
    return msg(key) if key else msg("os_other", reason=exc.strerror or str(exc))


_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
STALE_AFTER_SECONDS = 60


def remove_stale_temps(folder: Path) -> int:
    """Delete the temporary files a killed ``atomic_write`` left in ``folder``; how many.

    SIGKILL or a power cut leaves ``.NAME.PID.XXXX.tmp`` behind. One is stale when its writer
    is no longer running here and it has not changed for a minute (a writer on another machine
    sharing the folder keeps its file fresh while it writes).
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        found = _TEMP_NAME.match(entry.name)
        if found is None or _running(int(found.group(1))):
            continue
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_SECONDS:
                continue
            Path(entry.path).unlink()
        except OSError:
            continue
        removed += 1
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # another user's process
    except (ProcessLookupError, OverflowError):
        return False
    return pid > 0


def writable_folder(path: Path) -> None:
    """Create ``path`` as a folder if needed; WriteError when it cannot be made.

    When a file stands where the folder or one of its parents should be, the error names that
    file: ``--out README.md/x`` is ``README.md: cannot write here: a file, not a folder``.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where, reason = path, os_reason(exc)
        blocking = _file_in_the_way(path)
        if blocking is not None:
            where, reason = blocking, msg("os_a_file")
        problem = Problem(Location(str(where)), msg("cannot_write_here", reason=reason))
        raise WriteError([problem]) from exc


def _file_in_the_way(folder: Path) -> Path | None:
    """The file that stands where ``folder`` or one of its parents should be, if one does."""
    for place in (folder, *folder.parents):
        with contextlib.suppress(OSError):
            if place.exists():
                return None if place.is_dir() else place
    return None


def files_under(
    paths: Sequence[Path], suffixes: tuple[str, ...], kind: Message
) -> list[Path | Problem]:
    """The files with these suffixes in the given files and folders, and what the walk skipped.

    A folder is walked without following symbolic links (a link may lead out of the folder or
    round in a loop): a link that names a folder, a file of this kind or nothing is not read but
    listed as a Problem, in its place in the sorted order, as is a subfolder that cannot be read
    and a FIFO or device named like a file of this kind. Hidden files and folders (``.name``,
    like the guided run's ``.drafts``) are passed over silently. A path named outright is taken
    as given, links included; a missing one, or one with another suffix, is a UsageError.
    """
    found: list[Path | Problem] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path, suffixes))
        elif path.is_file():
            if path.suffix.lower() not in suffixes:
                expected = ", ".join(suffixes)
                raise UsageError(
                    [Problem(Location(str(path)), msg("not_a_kind", kind=kind, suffixes=expected))]
                )
            found.append(path)
        elif path.exists():
            raise UsageError([Problem(Location(str(path)), msg("walk_not_a_file"))])
        else:
            raise UsageError([Problem(Location(str(path)), msg("no_such_path"))])
    return found


def _walk(top: Path, suffixes: tuple[str, ...]) -> list[Path | Problem]:
    """Every file of a kind under ``top``, sorted, with a Problem for each thing skipped."""
    found: list[tuple[Path, Path | Problem]] = []
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            reason = msg("walk_unreadable_folder", reason=exc.strerror or str(exc))
            found.append((folder, Problem(Location(str(folder)), reason)))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            skipped = _skipped(entry, path.suffix.lower() in suffixes)
            if skipped is not None:
                found.append((path, Problem(Location(str(path)), skipped)))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif path.suffix.lower() in suffixes:
                found.append((path, path))
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def _skipped(entry: os.DirEntry[str], wanted: bool) -> Message | None:
    """Why a folder entry is not read, when it is one the user would expect to be."""
    try:
        if entry.is_symlink():
            target = Path(entry.path)
            if not target.exists():
                return msg("walk_dangling_link")
            if target.is_dir() or wanted:
                return msg("walk_link")
            return None
        if (
            wanted
            and not entry.is_file(follow_symlinks=False)
            and not entry.is_dir(follow_symlinks=False)
        ):
            return msg("walk_not_a_file")
    except OSError as exc:
        return msg("walk_unreadable", reason=exc.strerror or str(exc))
    return None


def escapes_folder(name: str) -> bool:
    """True for an absolute path or one that climbs out with ``..``, in either OS's syntax."""
    for path in (PurePosixPath(name), PureWindowsPath(name)):
        if path.is_absolute() or path.drive or ".." in path.parts:
            return True
    return False


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_LOOKS_HASHED = re.compile(r"-[0-9a-f]{8}$")
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)]
)


def safe_stem(name: str) -> str:
    """A plain file-name stem for any text (a SKU), different for every text.

    Characters other than letters, digits, ``.``, ``-`` and ``_`` become ``_`` and the stem
    gets a short hash of the name, so ``a/b`` becomes ``a_b-c14cddc0``. A name that already
    ends like a hash (the SKU ``a_b-c14cddc0`` itself) or is a Windows device name gets one
    too, so that no two SKUs ever share a certificate or a draft, in one run or across runs.
    """
    safe = _UNSAFE_NAME.sub("_", name).strip("._")[:80] or "sku"
    if safe != name or _LOOKS_HASHED.search(name) or name.upper() in _WINDOWS_DEVICES:
        safe += "-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return safe
