"""Files: finding the ones a user named, and writing so that Ctrl-C never leaves half a file."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

from qa_check.errors import Location, Problem, UsageError


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(payload)
            temp.flush()
            os.fsync(temp.fileno())
        Path(temp_name).replace(path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def writable_folder(path: Path) -> None:
    """Create ``path`` as a folder if needed; UsageError when it is a file or cannot be made."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "a file, not a folder" if path.exists() else exc.strerror
        raise UsageError([Problem(Location(str(path)), f"cannot write here: {reason}")]) from None


def files_under(paths: Sequence[Path], suffixes: tuple[str, ...], kind: str) -> list[Path]:
    """The files with these suffixes in the given files and folders, sorted, hidden ones skipped.

    A missing path, or a file named outright with another suffix, is a UsageError: it was asked
    for, so passing over it silently would lose it.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    found
                    for found in path.rglob("*")
                    if found.suffix.lower() in suffixes
                    and found.is_file()
                    and not any(part.startswith(".") for part in found.relative_to(path).parts)
                )
            )
        elif path.is_file():
            if path.suffix.lower() not in suffixes:
                expected = ", ".join(suffixes)
                raise UsageError([Problem(Location(str(path)), f"not a {kind} ({expected})")])
            files.append(path)
        else:
            raise UsageError([Problem(Location(str(path)), "no such file or folder")])
    return files


def escapes_folder(name: str) -> bool:
    """True for an absolute path or one that climbs out with ``..``, in either OS's syntax."""
    for path in (PurePosixPath(name), PureWindowsPath(name)):
        if path.is_absolute() or path.drive or ".." in path.parts:
            return True
    return False


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str) -> str:
    """A plain file-name stem for any text (a SKU): it can never name another folder.

    Characters other than letters, digits, ``.``, ``-`` and ``_`` become ``_``; a name that had
    any gets a short hash of itself, so that ``a/b`` and ``a_b`` never share a file.
    """
    safe = _UNSAFE_NAME.sub("_", name).strip("._")[:80] or "sku"
    if safe != name:
        safe += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return safe
