"""``qa-check validate`` in the language the command line, the environment or the locale asks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT, with_sku, write_record
from qa_check.cli.app import app

runner = CliRunner()


def failing(tmp_path: Path, record: dict[str, Any]) -> Path:
    """A folder of a record failing DT-2 and a record missing its SKU."""
    failed = with_sku(record, "EB-FAIL")
    failed["answers"]["drop-test"]["drop_height_m"] = "1.0"
    write_record(tmp_path / "a.yaml", failed)
    invalid = dict(record)
    del invalid["sku"]
    write_record(tmp_path / "b.yaml", invalid)
    return tmp_path


def test_qa_check_lang_gives_results_problems_and_summary_in_chinese(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = failing(tmp_path, record)
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    result = runner.invoke(app, ["validate", str(folder), "-c", str(CHECKLISTS)])
    assert result.exit_code == 2
    assert "      整改：" in result.stdout  # the corrective action of the failure
    assert f"    ! {folder / 'b.yaml'}:1 [sku]: " in result.stdout
    assert result.stdout.endswith("\n共 2 条记录：0 条合格，1 条不合格，1 条无效\n")
    missing = runner.invoke(app, ["validate", str(tmp_path / "none"), "-c", str(CHECKLISTS)])
    said = f"error: {tmp_path / 'none'}: 文件或文件夹不存在\n"
    assert (missing.exit_code, missing.stderr) == (2, said)


def test_lang_wins_over_qa_check_lang_and_the_locale_over_nothing(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = failing(tmp_path, record)
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    told = runner.invoke(app, ["validate", str(folder), "-c", str(CHECKLISTS), "--lang", "en"])
    assert told.stdout.endswith("\n2 records: 0 passed, 1 failed, 1 invalid\n")
    monkeypatch.delenv("QA_CHECK_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    by_locale = runner.invoke(app, ["validate", str(folder), "-c", str(CHECKLISTS)])
    assert by_locale.stdout.endswith("\n共 2 条记录：0 条合格，1 条不合格，1 条无效\n")


def test_the_examples_in_chinese_as_issue_20_asks() -> None:
    """``QA_CHECK_LANG=zh qa-check validate examples/``, as a user types it."""
    env = {**os.environ, "QA_CHECK_LANG": "zh", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "qa_check", "validate", "examples/"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (2, "")
    assert re.search(r"\n共 \d+ 条记录：\d+ 条合格，\d+ 条不合格，1 条无效\n$", done.stdout)
    assert "(examples/batch.csv 第 2 行)" in done.stdout
