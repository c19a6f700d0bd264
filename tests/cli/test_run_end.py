"""``run --sheet`` and ``run --retest RECORD`` with no terminal (issue 21, item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import ROOT, given_file, written_records

EXAMPLES = ROOT / "examples"


def test_a_fail_with_sheet_writes_it_beside_the_record(tmp_path: Path, run_cli: Any) -> None:
    failing = given_file(tmp_path, drops=["intact"] * 8 + ["damaged"])
    result = run_cli("--only", "drop-test", "--answers", failing, "--no-input", "--sheet")
    assert result.exit_code == 1, result.output
    [record] = written_records(tmp_path)
    sheet = record.with_name(f"{record.stem}_corrective.pdf")
    assert sheet.read_bytes().startswith(b"%PDF-")
    assert f"Corrective-action sheet: {sheet}" in result.stdout
    assert "What to fix (1):\nFAIL DT-3 Drops: corner, edge, face\n" in result.stdout
    assert result.stderr == ""


def test_without_sheet_and_a_terminal_nothing_is_asked_or_written(
    tmp_path: Path, run_cli: Any
) -> None:
    failing = given_file(tmp_path, works_normally="no")
    result = run_cli("--only", "drop-test", "--answers", failing, "--no-input", "--lang", "zh")
    assert result.exit_code == 1
    assert "整改单" not in result.stdout
    assert "需要整改（1 项）：\n不合格 DT-4 跌落后功能正常\n" in result.stdout
    assert list((tmp_path / "results").glob("*.pdf")) == []


def test_a_pass_with_sheet_writes_no_sheet(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli(
        "--only", "drop-test", "--answers", given_file(tmp_path), "--no-input", "--sheet"
    )
    assert result.exit_code == 0
    assert list((tmp_path / "results").glob("*.pdf")) == []


def test_a_retest_with_no_terminal_lists_only_what_it_asks_again(
    tmp_path: Path, run_cli: Any
) -> None:
    result = run_cli("--retest", EXAMPLES / "humidifier-2l-fail.yaml", "--no-input")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "9 answers are missing (no terminal to ask them on):"
    assert lines[1:3] == ["  inspector: Inspector (your name)", "  site: Site (warehouse or lab)"]
    assert all(line.startswith("  answers.drop-test.") for line in lines[3:])
    assert written_records(tmp_path) == []


def test_a_retest_refuses_a_pass_an_invalid_record_and_answers_given(
    tmp_path: Path, run_cli: Any
) -> None:
    passed = run_cli("--retest", EXAMPLES / "earbuds-pass.yaml")
    assert passed.exit_code == 2
    assert passed.stderr == (
        "error: --retest: the record is PASS: only a FAIL is re-tested"
        " (start a new run for a new inspection)\n"
    )
    invalid = run_cli("--retest", EXAMPLES / "fan-usb-invalid.yaml")
    assert invalid.exit_code == 2
    assert "'1.2 m' has a unit typed in" in invalid.stderr
    both = run_cli("--retest", EXAMPLES / "kettle-17-fail.yaml", "--answers", given_file(tmp_path))
    assert both.exit_code == 2
    assert "--retest starts a new inspection: it goes with neither --resume nor --answers" in (
        both.stderr
    )
    assert "Traceback" not in passed.output + invalid.output + both.output
