"""Numbers outside their usual range: a located warning, the verdict and the exit code unchanged."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS
from qa_check.certificates.preflight import CHECKS
from qa_check.cli.app import app
from qa_check.core.messages import in_lang
from qa_check.engine.checklists import load_registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import SkuResult, Verdict
from qa_check.records.read import read_records, record_files

WEIGHT = (
    "1800 kg is unusual for gross weight (usually 0.005 to 70 kg): check the number and its unit"
)


def written(path: Path, record: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize(
    ("where", "value", "field", "verdict", "warning"),
    [
        (("product", "length_cm"), 1800, "product.length_cm", Verdict.PASS,
         "1800 cm is unusual for package length (usually 0.5 to 200 cm)"),
        (("product", "width_cm"), 0.2, "product.width_cm", Verdict.PASS,
         "0.2 cm is unusual for package width (usually 0.5 to 200 cm)"),
        (("product", "gross_weight_kg"), 1800, "product.gross_weight_kg", Verdict.FAIL, WEIGHT),
        (("answers", "compression-test", "applied_load_kg"), 20000,
         "answers.compression-test.applied_load_kg", Verdict.PASS,
         "20000 kg is unusual for applied load (usually 0.001 to 10000 kg)"),
        (("answers", "compression-test", "hold_minutes"), 50000,
         "answers.compression-test.hold_minutes", Verdict.PASS,
         "50000 min is unusual for load hold time (usually 0.0166667 to 43200 min)"),
    ],
)  # fmt: skip
def test_an_unusual_number_is_a_located_warning_that_leaves_the_verdict(
    record: dict[str, Any],
    judge_files: Callable[..., list[SkuResult]],
    tmp_path: Path,
    where: tuple[str, ...],
    value: float,
    field: str,
    verdict: Verdict,
    warning: str,
) -> None:
    holder = record
    for part in where[:-1]:
        holder = holder[part]
    holder[where[-1]] = value
    path = written(tmp_path / "r.yaml", record)
    [result] = judge_files(path)
    assert result.verdict is verdict
    assert result.problems == ()
    [found] = result.warnings
    assert (found.location.line, found.location.field) == (line_of(path, f"{where[-1]}:"), field)
    assert found.message.startswith(warning)


def test_usual_numbers_and_units_without_a_range_warn_of_nothing(
    record: dict[str, Any], judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    record["answers"]["packaging-stack"]["cushion_density_kg_m3"] = 900  # kg/m³: no range
    [result] = judge_files(written(tmp_path / "r.yaml", record))
    assert (result.verdict, result.warnings) == (Verdict.PASS, ())


CHECKLIST = """\
id: rig
version: 1
title: {en: Rig, zh: 设备}
items:
  - id: drop_height_m
    rule: DT-2
    prompt: {en: Drop height?, zh: 跌落高度？}
    help: {en: Measure., zh: 测量。}
    answer: {kind: number, unit: m, quantity: height, plausible: {min: 0.5, max: 1.5}}
    severity: critical
    criterion: {at_least: 0.1}
    corrective: {en: Repeat., zh: 重做。}
  - id: loads
    rule: CP-2
    prompt: {en: Loads?, zh: 载荷？}
    help: {en: Each load., zh: 每次载荷。}
    answer:
      kind: series
      groups: [{label: load, count: 3, name: {en: Load, zh: 载荷}}]
      entry: {kind: number, unit: kg, quantity: load}
    severity: major
    criterion: {recorded: true}
    corrective: {en: Repeat., zh: 重做。}
"""


def test_a_checklists_own_range_and_each_series_entry_are_warned_in_both_languages(
    record: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "rig.yaml").write_text(CHECKLIST, "utf-8")
    registry = load_registry([folder])
    record["checklists"] = {"rig": 1}
    record["answers"] = {"rig": {"drop_height_m": 2, "loads": [40, 9000, 0.05]}}
    path = written(tmp_path / "r.yaml", record)
    [result] = list(
        judge_all(read_records(record_files([path]), registry), registry, checks=CHECKS)
    )
    assert result.verdict is Verdict.PASS
    assert [(w.location.field, in_lang(w.message, "zh")) for w in result.warnings] == [
        ("answers.rig.drop_height_m",
         "跌落高度？为 2 m，不常见（通常为 0.5 至 1.5 m）：请核对数字和单位"),
        ("answers.rig.loads[1]",
         "载荷？为 9000 kg，不常见（通常为 0.1 至 5000 kg）：请核对数字和单位"),
        ("answers.rig.loads[2]",
         "载荷？为 0.05 kg，不常见（通常为 0.1 至 5000 kg）：请核对数字和单位"),
    ]  # fmt: skip


def test_validate_reports_the_warning_in_text_and_json_and_keeps_the_exit_code(
    record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    record["product"]["length_cm"] = 1800
    path = written(tmp_path / "lamp.yaml", record)
    line = line_of(path, "length_cm:")
    runner = CliRunner()
    done = runner.invoke(app, ["validate", "lamp.yaml", "-c", str(CHECKLISTS)])
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout.splitlines()[:2] == [
        "PASS     TWS-EB-001  无线蓝牙耳机 Wireless Earbuds  (lamp.yaml:1)",
        f"    * warning: lamp.yaml:{line} [product.length_cm]: 1800 cm is unusual for package"
        " length (usually 0.5 to 200 cm): check the number and its unit",
    ]
    done = runner.invoke(app, ["validate", "lamp.yaml", "-c", str(CHECKLISTS), "--lang", "zh"])
    assert done.exit_code == 0
    assert f"    * 提醒：lamp.yaml:{line} [product.length_cm]: 包装长度为 1800 cm，" in done.stdout
    done = runner.invoke(app, ["validate", "lamp.yaml", "-c", str(CHECKLISTS), "--format", "json"])
    assert done.exit_code == 0
    report = json.loads(done.stdout)
    assert report["format"] == "qa-check/validate-report@2"
    [result] = report["results"]
    assert (result["verdict"], result["problems"]) == ("PASS", [])
    assert result["warnings"] == [
        {
            "message": "1800 cm is unusual for package length (usually 0.5 to 200 cm):"
            " check the number and its unit",
            "location": {"file": "lamp.yaml", "line": line, "field": "product.length_cm"},
        }
    ]


def test_a_record_without_warnings_has_no_warnings_key_in_json(
    record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    written(tmp_path / "ok.yaml", record)
    done = CliRunner().invoke(
        app, ["validate", "ok.yaml", "-c", str(CHECKLISTS), "--format", "json"]
    )
    assert done.exit_code == 0
    assert "warnings" not in json.loads(done.stdout)["results"][0]


def test_a_unit_typed_into_a_record_is_invalid_with_the_converted_number(
    record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    record["product"]["gross_weight_kg"] = "1800g"
    path = written(tmp_path / "lamp.yaml", record)
    line = line_of(path, "gross_weight_kg:")
    for lang, said in [
        ("en", "'1800g' has a unit typed in: write 1.8 (unit: kg)"),
        ("zh", "“1800g”带了单位：请写 1.8（单位：kg）"),
    ]:
        done = CliRunner().invoke(
            app, ["validate", "lamp.yaml", "-c", str(CHECKLISTS), "--lang", lang]
        )
        assert (done.exit_code, done.stderr) == (2, "")
        assert done.stdout.startswith("INVALID  TWS-EB-001")
        assert f"    ! lamp.yaml:{line} [product.gross_weight_kg]" in done.stdout
        assert said in done.stdout
        assert "1800 kg" not in done.stdout


def test_certify_reports_the_warning_and_the_certificate_does_not_print_it(
    record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    record["product"]["length_cm"] = 1800
    path = written(tmp_path / "lamp.yaml", record)
    line = line_of(path, "length_cm:")
    done = CliRunner().invoke(
        app,
        ["certify", "lamp.yaml", "-c", str(CHECKLISTS), "--out", "certs", "--lang", "zh",
         "--issued-at", "2026-11-23T09:00:00+08:00"],
    )  # fmt: skip
    assert (done.exit_code, done.stderr) == (0, "")
    shown = done.stdout.splitlines()
    assert shown[0].startswith("PASS     TWS-EB-001  无线蓝牙耳机 Wireless Earbuds  -> certs/")
    assert shown[1] == (
        f"    * 提醒：lamp.yaml:{line} [product.length_cm]: 包装长度为 1800 cm，不常见"
        "（通常为 0.5 至 200 cm）：请核对数字和单位"
    )
    [certificate] = sorted((tmp_path / "certs").glob("TWS-EB-001_*.pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(certificate), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "合格" in text
    assert "1800 x 12 x 6 cm" in text  # the record as it is: the number stands
    for said in ("不常见", "提醒", "unusual", "warning"):
        assert said not in text
