"""Every command's frame: one error boundary (a located line, exit 2, never a traceback)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT
from qa_check import schema as schema_module
from qa_check.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["schema", "template"])
def test_writing_into_a_file_is_one_located_line(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's own example: ``qa-check schema --out README.md`` was a traceback, exit 1."""
    monkeypatch.chdir(ROOT)
    before = (ROOT / "README.md").read_bytes()
    result = runner.invoke(app, [command, "--out", "README.md"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: README.md: cannot write here: a file, not a folder\n"
    assert (ROOT / "README.md").read_bytes() == before


def test_a_folder_under_a_file_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["schema", "--out", str(blocker / "schemas")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {blocker}: cannot write here: a file, not a folder\n"


def _failing(step: str, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``step`` of ``atomic_write`` fail as the system would, with ``code``."""

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(step, fail)


def test_a_read_only_folder_is_one_located_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root may write anywhere, so the refusal a read-only folder gives is made here."""
    _failing("qa_check.fileio.tempfile.mkstemp", errno.EACCES, monkeypatch)
    out = tmp_path / "schemas"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == f"error: {out / 'checklist.schema.json'}: cannot write: Permission denied\n"
    )


def test_a_full_disk_is_one_located_line_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing("qa_check.fileio.os.fsync", errno.ENOSPC, monkeypatch)
    out = tmp_path / "forms"
    result = runner.invoke(app, ["template", "drop-test", "--out", str(out), "-c", str(CHECKLISTS)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {out / 'record-template.csv'}: cannot write: No space left on device\n"
    )
    assert list(out.iterdir()) == []


def test_a_guided_run_that_cannot_save_says_so_in_its_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "given.yaml"
    answers.write_text((ROOT / "examples" / "earbuds-pass.yaml").read_text("utf-8"), "utf-8")
    _failing("qa_check.fileio.os.fsync", errno.ENOSPC, monkeypatch)
    results = tmp_path / "results"
    args = ["run", "-c", str(CHECKLISTS), "--results", str(results), "--answers", str(answers)]
    result = runner.invoke(app, [*args, "--no-input", "--lang", "zh"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {results}{os.sep}TWS-EB-001_")
    assert line.endswith(".yaml: 无法写入：磁盘空间已满")


def test_usage_errors_speak_the_language_asked_for(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "gone"), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'gone'}: 文件或文件夹不存在\n"


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "/x/y.json"),
            "/x/y.json: Permission denied",
        ),
        (OSError(errno.EIO, os.strerror(errno.EIO)), os.strerror(errno.EIO)),
    ],
    ids=["with a file", "without"],
)
def test_an_os_error_nobody_expected_is_still_one_line(
    error: OSError, line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(model: object) -> str:
        raise error

    monkeypatch.setattr(schema_module, "schema_text", fail)
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {line}\n")


def test_a_reader_that_left_is_not_reported_as_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``qa-check schema | head -0``: the reader chose to stop reading; typer ends quietly."""

    def gone(model: object) -> str:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    monkeypatch.setattr(schema_module, "schema_text", gone)
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (1, "")
