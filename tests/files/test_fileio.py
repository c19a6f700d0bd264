"""Atomic writes: the file appears whole or not at all."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from qa_check.core.errors import UsageError, WriteError
from qa_check.core.messages import msg
from qa_check.files import fileio
from qa_check.files.fileio import (
    NotRegularFile,
    atomic_write,
    files_under,
    open_regular,
    read_regular,
    remove_stale_temps,
    safe_stem,
    umask,
    writable_folder,
)


def test_writes_text_and_bytes_creating_folders(tmp_path: Path) -> None:
    atomic_write(tmp_path / "a" / "b.txt", "台灯\n")
    atomic_write(tmp_path / "c.bin", b"\x00\x01")
    assert (tmp_path / "a" / "b.txt").read_text("utf-8") == "台灯\n"
    assert (tmp_path / "c.bin").read_bytes() == b"\x00\x01"


def test_failure_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")

    def boom(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("qa_check.files.fileio.os.fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_files_under_walks_folders_and_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.yaml", "1.YML", "notes.txt", ".hidden/3.yaml", "b/.4.yaml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = files_under([tmp_path], (".yaml", ".yml"), msg("kind_checklist_file"))
    assert found == [tmp_path / "1.YML", tmp_path / "b" / "2.yaml"]
    with pytest.raises(UsageError, match=r"not a checklist file \(\.yaml, \.yml\)"):
        files_under([tmp_path / "notes.txt"], (".yaml", ".yml"), msg("kind_checklist_file"))
    with pytest.raises(UsageError, match="no such file or folder"):
        files_under([tmp_path / "gone"], (".yaml",), msg("kind_checklist_file"))


def test_a_folder_walk_says_what_it_skipped_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links are not followed; each skipped entry is a Problem in its sorted place."""
    top = tmp_path / "in"
    (top / "sub").mkdir(parents=True)
    (top / "locked").mkdir()
    (top / "a.yaml").write_text("x", encoding="utf-8")
    (top / "sub" / "b.yaml").write_text("x", encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text("x", encoding="utf-8")
    (top / "c.yaml").symlink_to(outside)
    (top / "d-folder").symlink_to(top / "sub")
    (top / "e.yaml").symlink_to(tmp_path / "gone.yaml")
    (top / "f.txt").symlink_to(outside)  # not a record file by name, and no folder: ignored
    os.mkfifo(top / "g.yaml")
    (top / "locked" / "h.yaml").write_text("x", encoding="utf-8")
    scandir = os.scandir

    def locked_out(path: Path) -> object:  # as chmod 0 would, also for root (CI)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked_out)
    found = files_under([top], (".yaml",), msg("kind_record_file"))
    shown = [
        entry.relative_to(top).as_posix()
        if isinstance(entry, Path)
        else f"{Path(entry.location.file).relative_to(top).as_posix()}: {entry.message}"
        for entry in found
    ]
    link = "not read: a symbolic link, which a folder walk does not follow;"
    expected = [
        "a.yaml",
        f"c.yaml: {link} name its target on the command line to include it",
        f"d-folder: {link} name its target on the command line to include it",
        "e.yaml: not read: a symbolic link to nothing (its target is gone)",
        "g.yaml: not read: not a regular file (a pipe, device or socket)",
        "locked: folder not read: Permission denied; the records in it are not counted",
        "sub/b.yaml",
    ]
    assert shown == expected


def test_a_named_link_is_followed_and_a_named_pipe_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("x", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(target)
    os.mkfifo(tmp_path / "pipe.yaml")
    assert files_under([tmp_path / "link.yaml"], (".yaml",), msg("kind_record_file")) == [
        tmp_path / "link.yaml"
    ]
    with pytest.raises(UsageError, match="not a regular file"):
        files_under([tmp_path / "pipe.yaml"], (".yaml",), msg("kind_record_file"))


def test_a_writable_folder_is_made_and_a_file_in_its_place_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    writable_folder(folder)
    assert folder.is_dir()
    writable_folder(folder)  # already there: fine
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for wanted in (blocker, blocker / "sub" / "folder"):
        with pytest.raises(WriteError) as caught:
            writable_folder(wanted)
        assert [str(p) for p in caught.value.problems] == [
            f"{blocker}: cannot write here: a file, not a folder"
        ]


def test_a_folder_that_cannot_be_made_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(WriteError) as caught:
        writable_folder(tmp_path / "out")
    [problem] = caught.value.problems
    assert str(problem) == f"{tmp_path / 'out'}: cannot write here: Read-only file system"
    assert problem.show("zh") == f"{tmp_path / 'out'}: 无法写入这里：只读文件系统"


@pytest.mark.parametrize(
    ("step", "error", "reason"),
    [
        ("qa_check.files.fileio.os.fsync", errno.ENOSPC, "No space left on device"),
        ("qa_check.files.fileio.os.open", errno.EACCES, "Permission denied"),
        ("qa_check.files.fileio.os.fsync", errno.EIO, os.strerror(errno.EIO)),
    ],
    ids=["full disk", "read-only folder", "other"],
)
def test_a_failed_write_is_located_at_its_file_and_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, error: int, reason: str
) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(step, fail)
    with pytest.raises(WriteError) as caught:
        atomic_write(target, "new")
    assert [str(p) for p in caught.value.problems] == [f"{target}: cannot write: {reason}"]
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_ctrl_c_as_the_temporary_file_is_made_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its name is known before it exists: an interrupt the moment it is made still removes it.

    (With mkstemp, the name came back after the file was made: a Ctrl-C in between left an
    empty temporary file in a stopped batch's folder.)
    """
    real = os.open

    def made_then_interrupted(path: str, flags: int, mode: int = 0o777) -> int:
        os.close(real(path, flags, mode))
        raise KeyboardInterrupt

    monkeypatch.setattr("qa_check.files.fileio.os.open", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "a.pdf", b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)], ids=["022", "077", "002"]
)
def test_files_are_written_as_the_umask_allows(tmp_path: Path, mask: int, mode: int) -> None:
    before = os.umask(mask)
    try:
        atomic_write(tmp_path / "new" / "a.pdf", b"x")
        (tmp_path / "old.pdf").write_bytes(b"")
        (tmp_path / "old.pdf").chmod(0o600)
        atomic_write(tmp_path / "old.pdf", b"x")  # replacing a file: the umask decides too
    finally:
        os.umask(before)
    assert (tmp_path / "new" / "a.pdf").stat().st_mode & 0o777 == mode
    assert (tmp_path / "old.pdf").stat().st_mode & 0o777 == mode
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o777 & ~mask


def test_a_private_file_is_never_readable_by_others_not_even_while_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def look(fd: int) -> None:  # the moment before the rename: the temporary file's mode
        seen.append(os.fstat(fd).st_mode & 0o777)

    monkeypatch.setattr(os, "fsync", look)
    before = os.umask(0o000)
    try:
        atomic_write(tmp_path / "key.pem", b"secret", mode=0o600)
    finally:
        os.umask(before)
    assert seen == [0o600]
    assert (tmp_path / "key.pem").stat().st_mode & 0o777 == 0o600


def test_the_umask_is_read_without_changing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    before = os.umask(0o027)
    try:
        assert umask() == 0o027
        assert os.umask(0o027) == 0o027  # unchanged
        monkeypatch.setattr(fileio, "_STATUS", Path("/nonexistent/status"))  # not Linux
        fileio._umask_by_setting_it.cache_clear()
        assert umask() == 0o027
        assert os.umask(0o027) == 0o027
    finally:
        fileio._umask_by_setting_it.cache_clear()
        os.umask(before)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("KT-17", "KT-17"),
        ("a/b", "a_b-c14cddc0"),
        ("a_b-c14cddc0", "a_b-c14cddc0-" + hashlib.sha256(b"a_b-c14cddc0").hexdigest()[:8]),
        ("CON", "CON-" + hashlib.sha256(b"CON").hexdigest()[:8]),
        ("../../etc", "etc-" + hashlib.sha256(b"../../etc").hexdigest()[:8]),
        ("", "sku-" + hashlib.sha256(b"").hexdigest()[:8]),
    ],
)
def test_a_safe_stem_is_a_plain_name_of_its_own(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


def test_no_two_names_share_a_stem() -> None:
    names = ["a/b", "a_b", "a_b-c14cddc0", safe_stem("a_b-c14cddc0"), "a:b", "a\\b", "CON", "con"]
    stems = [safe_stem(name) for name in names]
    assert len(set(stems)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", stem) for stem in stems)


def test_a_killed_writers_temporary_files_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    child = subprocess.Popen(["true"])
    child.wait()
    old = time.time() - 3600
    names = {
        f".a.pdf.{child.pid}.x1y2.tmp": old,  # writer gone, old: stale
        f".b.pdf.{child.pid}.x1y2.tmp": time.time(),  # writer gone, but written just now
        f".c.pdf.{os.getpid()}.x1y2.tmp": old,  # this process is writing it
        ".d.pdf.x1y2.tmp": old,  # not a name atomic_write makes
        "e.pdf": old,
    }
    for name, moment in names.items():
        (tmp_path / name).write_bytes(b"%PDF-")
        os.utime(tmp_path / name, (moment, moment))
    assert remove_stale_temps(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(list(names)[1:])


def test_atomic_write_names_its_temporary_file_after_its_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    replace = Path.replace

    def spy(self: Path, target: Path) -> Path:
        seen.append(self.name)
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", spy)
    atomic_write(tmp_path / "a.pdf", b"x")
    [name] = seen
    assert re.fullmatch(rf"\.a\.pdf\.{os.getpid()}\.\w+\.tmp", name)


# --- links and special files: never written or read through ------------------------------


def _outside(tmp_path: Path) -> Path:
    """A file outside the folder written into, which a link there leads to."""
    target = tmp_path / "outside.txt"
    target.write_text("keep me\n", encoding="utf-8")
    return target


@pytest.mark.parametrize("flags", [os.O_RDONLY, os.O_RDWR | os.O_CREAT])
def test_open_regular_refuses_a_link_a_fifo_and_a_folder(tmp_path: Path, flags: int) -> None:
    outside = _outside(tmp_path)
    (tmp_path / "link").symlink_to(outside)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(OSError) as link:
        open_regular(tmp_path / "link", flags)
    assert link.value.errno == errno.ELOOP
    with pytest.raises(NotRegularFile):
        open_regular(tmp_path / "fifo", flags)  # at once: nothing waits for a writer
    with pytest.raises(IsADirectoryError):
        open_regular(tmp_path, os.O_RDONLY)
    assert outside.read_text("utf-8") == "keep me\n"
    os.close(open_regular(outside, flags))


def test_a_fifo_opened_for_writing_without_a_reader_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(NotRegularFile):
        open_regular(tmp_path / "fifo", os.O_WRONLY)


def test_read_regular_reads_one_byte_past_its_limit_at_most(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 100)
    assert read_regular(tmp_path / "big", 10) == b"x" * 11
    assert read_regular(tmp_path / "big", 1000) == b"x" * 100


def test_what_stops_a_read_says_so_in_plain_words(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(_outside(tmp_path))
    os.mkfifo(tmp_path / "fifo")
    reasons = []
    for name in ("link", "fifo"):
        with pytest.raises(OSError) as caught:
            read_regular(tmp_path / name, 10)
        reasons.append(str(fileio.os_reason(caught.value)))
    assert reasons == [
        "a symbolic link: qa-check does not follow links here",
        "not a regular file (a pipe, a device or a socket)",
    ]


def test_atomic_write_refuses_a_link_or_a_fifo_in_its_place(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "summary.csv").symlink_to(outside)
    os.mkfifo(folder / "summary.json")
    for name, reason in (
        ("summary.csv", "a symbolic link: qa-check does not follow links here"),
        ("summary.json", "not a regular file (a pipe, a device or a socket)"),
    ):
        with pytest.raises(WriteError) as refused:
            atomic_write(folder / name, "new")
        assert [str(p) for p in refused.value.problems] == [
            f"{folder / name}: cannot write: {reason}"
        ]
    assert outside.read_text("utf-8") == "keep me\n"
    assert (folder / "summary.csv").is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["summary.csv", "summary.json"]
