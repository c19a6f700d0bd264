"""Atomic writes: the file appears whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_check.errors import UsageError
from qa_check.fileio import atomic_write, files_under, writable_folder


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

    monkeypatch.setattr("qa_check.fileio.os.fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_files_under_walks_folders_and_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.yaml", "1.YML", "notes.txt", ".hidden/3.yaml", "b/.4.yaml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = files_under([tmp_path], (".yaml", ".yml"), "checklist file")
    assert found == [tmp_path / "1.YML", tmp_path / "b" / "2.yaml"]
    with pytest.raises(UsageError, match=r"not a checklist file \(\.yaml, \.yml\)"):
        files_under([tmp_path / "notes.txt"], (".yaml", ".yml"), "checklist file")
    with pytest.raises(UsageError, match="no such file or folder"):
        files_under([tmp_path / "gone"], (".yaml",), "checklist file")


def test_a_writable_folder_is_made_and_a_file_in_its_place_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    writable_folder(folder)
    assert folder.is_dir()
    writable_folder(folder)  # already there: fine
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot write here: a file, not a folder"):
        writable_folder(blocker)
