"""``qa-check verify`` speaks the language QA_CHECK_LANG or the locale asks (it has no --lang)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Certified
from qa_check.cli.app import app

runner = CliRunner()


def test_qa_check_lang_gives_the_reasons_and_errors_in_chinese(
    tmp_path: Path, unsigned: Certified, monkeypatch: pytest.MonkeyPatch
) -> None:
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(unsigned.passed.read_bytes() + b"x")
    foreign = tmp_path / "note.pdf"
    foreign.write_bytes(b"%PDF-1.4\n")
    files = [str(unsigned.failed), str(tampered), str(foreign)]
    english = runner.invoke(app, ["verify", *files])
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    chinese = runner.invoke(app, ["verify", *files])
    assert english.exit_code == chinese.exit_code == 2
    assert chinese.stdout.splitlines()[0] == english.stdout.splitlines()[0]  # UNSIGNED, its id
    assert "    ! 页面与内嵌记录生成的结果不一致：签发后被修改过\n" in chinese.stdout
    assert f"NOT A CERTIFICATE  {foreign}\n" in chinese.stdout
    assert chinese.stderr.startswith(f"error: {foreign}: ")
    assert chinese.stderr != english.stderr
