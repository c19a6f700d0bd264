"""One writer per folder: taken, refused with the holder named, taken over from a dead holder."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from conftest import held_in_another_process
from qa_check.core.errors import UsageError
from qa_check.files.lock import LOCK_NAME, FolderLock

HOLD = """
import sys
from pathlib import Path
from qa_check.files.lock import FolderLock
with FolderLock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def held_elsewhere(folder: Path) -> AbstractContextManager[int]:
    """Another process holding the folder's lock until the block ends; its process id."""
    return held_in_another_process(HOLD, str(folder))


def test_the_lock_names_its_holder_and_goes_with_it(tmp_path: Path) -> None:
    with FolderLock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text("ascii") == f"{os.getpid()}\n"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_locked_by_another_process_is_refused_naming_it(tmp_path: Path) -> None:
    with held_elsewhere(tmp_path) as holder, pytest.raises(UsageError) as refused:
        FolderLock(tmp_path)
    assert [str(p) for p in refused.value.problems] == [
        f"{tmp_path}: another qa-check certify (process {holder}) is writing into this folder:"
        " wait until it ends, or certify into another --out"
    ]
    with FolderLock(tmp_path):  # free again once the other process let go
        pass


@pytest.mark.parametrize("left", ["999999999\n", "", "not a pid"], ids=["dead", "empty", "junk"])
def test_a_lock_file_nobody_holds_is_taken_over(tmp_path: Path, left: str) -> None:
    (tmp_path / LOCK_NAME).write_text(left, "ascii")
    with FolderLock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text("ascii") == f"{os.getpid()}\n"
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_holder_killed_outright_leaves_a_lock_that_is_taken_over(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"held\n"
        holder.kill()
    assert (tmp_path / LOCK_NAME).exists()
    with FolderLock(tmp_path):
        pass


def test_a_folder_that_cannot_be_written_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused as a read-only folder refuses (root writes anywhere, so the refusal is made)."""
    real_open = os.open

    def refused_here(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path).parent == tmp_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refused_here)
    with pytest.raises(UsageError) as refused:
        FolderLock(tmp_path)
    assert str(refused.value.problems[0]) == f"{tmp_path}: cannot write here: Permission denied"


def test_a_file_removed_while_being_locked_is_not_the_one_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last holder removed the file between our open and our lock: lock the file there now."""
    real_lockf = fcntl.lockf
    calls: list[int] = []

    def holder_lets_go_meanwhile(handle: int, operation: int) -> None:
        if not calls:
            (tmp_path / LOCK_NAME).unlink()
        calls.append(handle)
        real_lockf(handle, operation)

    monkeypatch.setattr(fcntl, "lockf", holder_lets_go_meanwhile)
    with FolderLock(tmp_path) as lock:
        assert len(calls) == 2
        assert os.fstat(lock.handle).st_ino == (tmp_path / LOCK_NAME).stat().st_ino


def test_a_link_in_the_locks_place_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n", encoding="ascii")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / LOCK_NAME).symlink_to(outside)
    with pytest.raises(UsageError) as refused:
        FolderLock(folder)
    assert [str(p) for p in refused.value.problems] == [
        f"{folder / LOCK_NAME}: cannot write here:"
        " a symbolic link: qa-check does not follow links here"
    ]
    assert outside.read_text("ascii") == "keep me\n"
    assert (folder / LOCK_NAME).is_symlink()


def test_a_fifo_in_the_locks_place_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / LOCK_NAME)
    with pytest.raises(UsageError) as refused:
        FolderLock(tmp_path)
    assert [str(p) for p in refused.value.problems] == [
        f"{tmp_path / LOCK_NAME}: cannot write here:"
        " not a regular file (a pipe, a device or a socket)"
    ]
