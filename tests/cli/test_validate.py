"""``qa-check validate``: verdicts, exit codes, usage errors, Ctrl-C, and its language."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT, ctrl_c_when_judging, with_sku, write_record
from qa_check.cli.app import app
from qa_check.engine import checklists as checklists_module

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






def invoke(*args: str | Path) -> Any:
    return runner.invoke(app, ["validate", *map(str, args), "-c", str(CHECKLISTS)])


def test_pass_exits_0_with_a_summary(tmp_path: Path, record: dict[str, Any]) -> None:
    result = invoke(write_record(tmp_path / "a.yaml", record))
    assert result.exit_code == 0
    assert result.stdout.startswith("PASS     TWS-EB-001  无线蓝牙耳机 Wireless Earbuds")
    assert result.stdout.endswith("1 record: 1 passed, 0 failed, 0 invalid\n")
    assert result.stderr == ""


def test_fail_exits_1_and_says_why(tmp_path: Path, record: dict[str, Any]) -> None:
    record["answers"]["drop-test"]["drop_height_m"] = "1.0"
    result = invoke(write_record(tmp_path / "a.yaml", record))
    assert result.exit_code == 1
    assert "FAIL     TWS-EB-001" in result.stdout
    assert "- DT-2 drop-test@2 drop_height_m [critical]" in result.stdout
    assert "required: at least 1.2 m" in result.stdout
    assert "recorded: 1 m" in result.stdout
    assert "action:   Repeat the drops from at least the required height." in result.stdout


def test_lang_zh_gives_chinese_actions(tmp_path: Path, record: dict[str, Any]) -> None:
    record["answers"]["drop-test"]["drop_height_m"] = "1.0"
    result = runner.invoke(
        app, ["validate", str(write_record(tmp_path / "a.yaml", record)), "--lang", "zh"]
    )
    assert "整改：以不低于规定的高度重新跌落。" in result.stdout


def test_invalid_exits_2_with_location(tmp_path: Path, record: dict[str, Any]) -> None:
    record["answers"]["drop-test"]["drop_height_m"] = "1.2 m"
    path = write_record(tmp_path / "a.yaml", record)
    result = invoke(path)
    assert result.exit_code == 2
    assert "INVALID  TWS-EB-001" in result.stdout
    line = next(
        n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if "1.2 m" in text
    )
    assert (
        f"! {path}:{line} [answers.drop-test.drop_height_m]: '1.2 m' has a unit typed in"
        in result.stdout
    )


def test_a_batch_reports_every_record(tmp_path: Path, record: dict[str, Any]) -> None:
    write_record(tmp_path / "good.yaml", record)
    (tmp_path / "broken.yaml").write_text("sku: [unclosed\n", encoding="utf-8")
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    result = invoke(tmp_path, "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["summary"] == {"total": 3, "passed": 1, "failed": 0, "invalid": 2}
    verdicts = {Path(r["location"]["file"]).name: r["verdict"] for r in report["results"]}
    assert verdicts == {"good.yaml": "PASS", "broken.yaml": "INVALID", "empty.json": "INVALID"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "missing.yaml"], "error: missing.yaml: no such file or folder\n"),
        (["validate", "pyproject.toml"], "error: pyproject.toml: not a record file"),
        (["validate", "examples", "--encoding", "klingon"], "unknown encoding 'klingon'"),
        (["validate", "examples", "-c", "nowhere"], "error: nowhere: no such file or folder"),
        (["template", "no-such-list"], "error: no-such-list: unknown checklist"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_bad_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate", "examples", "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'json'" in result.stderr


def test_broken_checklists_stop_validation(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: x\nversion: 1\nitems: nope\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "examples", "-c", str(tmp_path)])
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'bad.yaml'}:3 [items]:" in result.stderr


def test_ctrl_c_closes_the_report_and_exits_130(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b", "c"):
        write_record(tmp_path / f"{name}.yaml", with_sku(record, name))
    ctrl_c_when_judging(monkeypatch, "b")
    result = invoke(tmp_path, "--format", "json")
    assert result.exit_code == 130
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "total": 1,
        "passed": 1,
        "failed": 0,
        "invalid": 0,
        "interrupted": True,
    }
    assert "interrupted after 1 records: 1 passed, 0 failed, 0 invalid" in result.stderr
    chinese = invoke(tmp_path, "--format", "json", "--lang", "zh")
    assert chinese.exit_code == 130
    assert "已处理 1 条记录后中断：1 条合格，0 条不合格，0 条无效" in chinese.stderr


def test_ctrl_c_while_checklists_load_still_gives_the_json_it_promised(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_record(tmp_path / "a.yaml", record)

    def interrupted(*args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(checklists_module, "load_registry", interrupted)
    result = invoke(tmp_path, "--format", "json")
    assert result.exit_code == 130
    assert json.loads(result.stdout)["summary"] == {
        "total": 0,
        "passed": 0,
        "failed": 0,
        "invalid": 0,
        "interrupted": True,
    }
    assert "interrupted after 0 records" in result.stderr


def test_a_folder_without_records_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(tmp_path, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no record files (.yaml .yml .json .jsonl .csv .xlsx .xls) found" in result.stderr
