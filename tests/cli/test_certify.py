"""``qa-check certify`` speaks the user's language; its certificates follow --lang alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import CHECKLISTS, certificates_in, write_record
from qa_check.cli.app import app

runner = CliRunner()
ISSUED_AT = "2026-11-23T09:00:00+08:00"


def certify(records: Path, out: Path, *args: str) -> Result:
    command = ["certify", str(records), "-o", str(out), "-c", str(CHECKLISTS), "-j", "1", "-q"]
    return runner.invoke(app, [*command, "--issued-at", ISSUED_AT, *args])


def test_qa_check_lang_changes_the_report_never_the_certificate(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    write_record(records / "a.yaml", record)
    english = certify(records, tmp_path / "en")
    assert english.exit_code == 0
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    spoken = certify(records, tmp_path / "zh")
    assert (spoken.exit_code, spoken.stderr) == (0, "")
    assert spoken.stdout.endswith(
        "\n共 1 条记录：1 条合格，0 条不合格，0 条无效\n"
        f"1 份证书已保存到 {tmp_path / 'zh'}/\n"
        f"批次汇总：{tmp_path / 'zh'}/summary.pdf、summary.csv、summary.json\n"
    )
    [wrote_en] = certificates_in(tmp_path / "en")
    [wrote_zh] = certificates_in(tmp_path / "zh")
    assert wrote_zh.name == wrote_en.name == "TWS-EB-001_PASS_2026-11-20.pdf"
    assert wrote_zh.read_bytes() == wrote_en.read_bytes()  # its language, name and id
    for summary in ("summary.pdf", "summary.csv"):
        assert (tmp_path / "zh" / summary).read_bytes() == (tmp_path / "en" / summary).read_bytes()
    both = certify(records, tmp_path / "both", "--lang", "en+zh")
    assert both.stdout.endswith("summary.json\n")
    assert "\n1 record: 1 passed" in both.stdout  # --lang names no one language: English
    assert [path.name for path in certificates_in(tmp_path / "both")] == [
        "TWS-EB-001_PASS_2026-11-20_en+zh.pdf"
    ]


def test_certify_errors_follow_qa_check_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    missing = certify(tmp_path / "none", tmp_path / "out")
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr == f"error: {tmp_path / 'none'}: 文件或文件夹不存在\n"
