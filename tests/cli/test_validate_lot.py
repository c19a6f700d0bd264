"""``qa-check validate`` on lot records: ACCEPT or REJECT in text and JSON, and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS, DATA, ROOT
from qa_check.cli.app import app

runner = CliRunner()
PAPER = DATA / "lots" / "earbuds-lot-paper.yaml"
EXAMPLES = ROOT / "examples"


def validate(*args: object, lang: str = "en") -> tuple[int, str, str]:
    done = runner.invoke(
        app, ["validate", "-c", str(CHECKLISTS), *map(str, args)], env={"QA_CHECK_LANG": lang}
    )
    return done.exit_code, done.stdout, done.stderr


def accepted_copy(tmp_path: Path) -> Path:
    data = yaml.safe_load(PAPER.read_text("utf-8"))
    data["defects"] = data["defects"][:1]
    path = tmp_path / "accepted.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_a_rejected_lot_exits_1_naming_units_and_items() -> None:
    code, out, err = validate(PAPER)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("REJECT   TWS-EB-001  无线蓝牙耳机 Wireless Earbuds  (")
    assert "    major (AQL 2.5): 6 defects in 80 units, Ac 5 Re 6: REJECT" in lines
    assert any(
        line.startswith("      - unit 17: label-placement barcode_flat_face (LB-3)  (")
        for line in lines
    )
    assert lines[-1] == "1 record: 0 passed, 1 failed, 0 invalid"


def test_the_same_lot_in_chinese_lines_up_its_verdict() -> None:
    code, out, _ = validate(PAPER, lang="zh")
    assert code == 1
    assert out.splitlines()[0].startswith("拒收     TWS-EB-001  ")
    assert "    严重（AQL 2.5）：80 件中 6 个缺陷，Ac 5 Re 6：拒收" in out.splitlines()


def test_an_accepted_lot_exits_0_and_beside_a_failed_record_1(tmp_path: Path) -> None:
    accepted = accepted_copy(tmp_path)
    code, out, _ = validate(accepted)
    assert code == 0
    assert out.startswith("ACCEPT   TWS-EB-001")
    code, out, _ = validate(accepted, EXAMPLES / "vase-30-fail.yaml")
    assert code == 1
    assert out.splitlines()[-1] == "2 records: 1 passed, 1 failed, 0 invalid"


def test_an_invalid_lot_exits_2(tmp_path: Path) -> None:
    data = yaml.safe_load(PAPER.read_text("utf-8"))
    data["inspected"] = 50
    path = tmp_path / "short.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    code, out, _ = validate(path)
    assert code == 2
    assert out.startswith("INVALID  TWS-EB-001")
    assert "[inspected]: the plan (code letter J) draws 80 units: the record has 50" in out


def test_json_report_version_2_gives_a_lot_its_own_kind(tmp_path: Path) -> None:
    code, out, _ = validate(
        PAPER, accepted_copy(tmp_path), EXAMPLES / "mug-350-pass.yaml", "--format", "json"
    )
    assert code == 1
    report = json.loads(out)
    assert report["format"] == "qa-check/validate-report@2"
    rejected, accepted, sku = report["results"]
    assert [r["kind"] for r in report["results"]] == ["lot", "lot", "sku"]
    assert (rejected["verdict"], accepted["verdict"], sku["verdict"]) == (
        "REJECT",
        "ACCEPT",
        "PASS",
    )
    lot = rejected["lot"]
    assert (lot["id"], lot["code_letter"], lot["sample_size"], lot["inspected"]) == (
        "PO-4471-A",
        "J",
        80,
        80,
    )
    major = lot["classes"][1]
    assert (major["accept"], major["reject"], major["defects_found"], major["decision"]) == (
        5,
        6,
        6,
        "REJECT",
    )
    assert major["defects"][0] == {
        "unit": 3,
        "count": 1,
        "checklist": "label-placement",
        "item": "barcode_flat_face",
        "rule": "LB-3",
        "location": {"file": str(PAPER), "line": 23, "field": "defects[0]"},
    }
    assert rejected["tests"] == {"verdict": "PASS", "failures": []}
    assert report["summary"] == {"total": 3, "passed": 2, "failed": 1, "invalid": 0}
