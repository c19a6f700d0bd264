"""``qa-check verify``: tampered and foreign files, JSON, Ctrl-C, and the language it speaks
(QA_CHECK_LANG or the locale: it has no --lang)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import CHECKLISTS, Certified, write_record
from qa_check.certificates import verify as verify_module
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






def certify(*args: str | Path) -> Any:
    return runner.invoke(app, ["certify", *map(str, args), "-c", str(CHECKLISTS)])


def test_verify_reports_tampered_and_foreign_files(tmp_path: Path, record: dict[str, Any]) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    certify(source, "--out", tmp_path)
    genuine = tmp_path / "TWS-EB-001_PASS_2026-11-20.pdf"
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(genuine.read_bytes().replace(b"/Author (", b"/Author (X", 1))
    result = runner.invoke(app, ["verify", str(genuine), str(edited)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"UNSIGNED  {genuine}  QC-")
    assert f"TAMPERED  {edited}" in result.stdout
    assert "    ! " in result.stdout
    foreign = tmp_path / "p.yaml"
    result = runner.invoke(app, ["verify", str(foreign)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {foreign}: not a PDF file\n"


def test_verify_json_lists_valid_tampered_and_a_file_it_cannot_check(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    certify(source, "--out", tmp_path)
    genuine = tmp_path / "TWS-EB-001_PASS_2026-11-20.pdf"
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(genuine.read_bytes().replace(b"/Author (", b"/Author (X", 1))
    result = runner.invoke(app, ["verify", str(genuine), str(edited), str(source), "-f", "json"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {source}: not a PDF file\n"
    report = json.loads(result.stdout)
    assert report["format"] == "qa-check/verify-report@2"
    valid, tampered, foreign = report["results"]
    expected = (str(genuine), "UNSIGNED", "TWS-EB-001")
    assert (valid["file"], valid["status"], valid["sku"]) == expected
    assert (valid["verdict"], valid["reasons"]) == ("PASS", [])
    assert valid["certificate_id"].startswith("QC-")
    assert (tampered["file"], tampered["status"]) == (str(edited), "TAMPERED")
    assert tampered["reasons"] == [
        "the page is not what its embedded record renders to: it was edited after issue"
    ]
    assert foreign == {
        "file": str(source),
        "status": "NOT A CERTIFICATE",
        "certificate_id": None,
        "sku": None,
        "verdict": None,
        "signer": None,
        "fingerprint": None,
        "reasons": [],
        "notes": [],
        "problems": [{"message": "not a PDF file", "location": {"file": str(source)}}],
    }
    assert report["summary"] == {
        "total": 3,
        "valid": 0,
        "unsigned": 1,
        "tampered": 1,
        "untrusted": 0,
        "revoked": 0,
        "expired": 0,
        "stale": 0,
        "not_a_certificate": 1,
    }
    alone = runner.invoke(app, ["verify", str(genuine), "--format", "json"])
    assert alone.exit_code == 0
    assert json.loads(alone.stdout)["summary"]["unsigned"] == 1


def test_ctrl_c_in_verify_finishes_the_json_and_exits_130(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    certify(write_record(tmp_path / "p.yaml", record), "--out", tmp_path)
    genuine = str(tmp_path / "TWS-EB-001_PASS_2026-11-20.pdf")
    real_verify = verify_module.verify

    def interrupt_on_the_second(path: Path, *args: Any, **options: Any) -> Any:
        if path.name == "second.pdf":
            raise KeyboardInterrupt
        return real_verify(path, *args, **options)

    monkeypatch.setattr(verify_module, "verify", interrupt_on_the_second)
    second = str(tmp_path / "second.pdf")
    for output in ("json", "text"):
        result = runner.invoke(app, ["verify", genuine, second, genuine, "-f", output])
        assert result.exit_code == 130
        assert result.stderr == "\ninterrupted after 1 of 3 certificates\n"
        assert result.stdout.startswith("UNSIGNED " if output == "text" else "{")
    report = json.loads(runner.invoke(app, ["verify", genuine, second, "-f", "json"]).stdout)
    assert [found["status"] for found in report["results"]] == ["UNSIGNED"]
    assert report["summary"]["interrupted"] is True
    chinese = runner.invoke(app, ["verify", genuine, second], env={"QA_CHECK_LANG": "zh"})
    assert (chinese.exit_code, chinese.stderr) == (130, "\n已核验 1 / 2 份证书后中断\n")
