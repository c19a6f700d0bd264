"""``qa-check lot plan``: the plan as text and JSON, in English and Chinese, and the lot sheets."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from conftest import CHECKLISTS, DATA
from qa_check.cli.app import app

runner = CliRunner()

PLAN_1200 = """\
Lot of 1,200 units, inspection level II, normal inspection: code letter J, sample 80 units.

class     AQL    letter  sample  accept (Ac)  reject (Re)
critical  0      J       80      0            1
major     2.5    J       80      5            6
minor     4.0    J       80      7            8

Draw 80 units at random; a class with a smaller sample is judged on the first units drawn.\
 A class accepts with Ac defects or fewer and rejects the lot with Re or more.
Tables: ISO 2859-1:1999 Table 1; ISO 2859-1:1999 Table 2-A.
"""


def test_plan_of_the_published_example() -> None:
    args = ["lot", "plan", "--size", "1200", "--level", "II", "--aql", "major=2.5,minor=4.0"]
    done = runner.invoke(app, args, env={"QA_CHECK_LANG": "en"})
    assert (done.exit_code, done.stdout, done.stderr) == (0, PLAN_1200, "")


def test_plan_in_chinese_lines_up_its_columns() -> None:
    done = runner.invoke(app, ["lot", "plan", "--size", "1200", "--lang", "zh"])
    assert done.exit_code == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "批量 1,200 件，检验水平 II，正常检验：样本量字码 J，样本 80 件。"
    assert lines[2] == "缺陷类别  AQL    字码    样本量  接收数 Ac    拒收数 Re"
    assert lines[4] == "严重      2.5    J       80      5            6"


def test_plan_as_json_gives_each_class_its_own_sample() -> None:
    args = ["lot", "plan", "--size", "50", "--aql", "major=0.65", "--format", "json"]
    done = runner.invoke(app, args)
    assert (done.exit_code, done.stderr) == (0, "")
    document = json.loads(done.stdout)
    assert document["format"] == "qa-check/lot-plan@1"
    assert (document["code_letter"], document["sample_size"], document["units"]) == ("D", 8, 20)
    classes = {found["class"]: found for found in document["classes"]}
    assert classes["major"] == {
        "class": "major",
        "aql": "0.65",
        "code_letter": "F",
        "sample_size": 20,
        "accept": 0,
        "reject": 1,
    }
    assert (classes["minor"]["code_letter"], classes["minor"]["sample_size"]) == ("E", 13)


def test_tightened_severity() -> None:
    args = ["lot", "plan", "--size", "1200", "--severity", "tightened", "--format", "json"]
    done = runner.invoke(app, args)
    classes = json.loads(done.stdout)["classes"]
    assert [(found["accept"], found["reject"]) for found in classes] == [(0, 1), (3, 4), (5, 6)]
    assert json.loads(done.stdout)["sources"][1] == "ISO 2859-1:1999 Table 2-B"


def test_wrong_options_are_one_located_line_and_exit_2() -> None:
    unknown = runner.invoke(app, ["lot", "plan", "--size", "1200", "--aql", "major=3"])
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert unknown.stderr.startswith("error: --aql: major=3: the sampling tables have no such AQL")
    small = runner.invoke(app, ["lot", "plan", "--size", "1"], env={"QA_CHECK_LANG": "zh"})
    assert (small.exit_code, small.stdout) == (2, "")
    assert "一批至少有 2 件" in small.stderr
    level = runner.invoke(app, ["lot", "plan", "--size", "10", "--level", "IV"])
    assert level.exit_code == 2
    assert "IV" in level.stderr


def test_out_writes_a_blank_sheet_with_a_row_per_unit(tmp_path: Path) -> None:
    args = ["lot", "plan", "--size", "50", "--aql", "major=0.65", "--out", str(tmp_path)]
    done = runner.invoke(app, args, env={"QA_CHECK_LANG": "en"})
    assert done.exit_code == 0
    assert done.stdout.startswith("Lot of 50 units")
    csv_path, xlsx_path = tmp_path / "lot-sheet.csv", tmp_path / "lot-sheet.xlsx"
    assert done.stderr == f"wrote {csv_path}\nwrote {xlsx_path}\n"
    rows = csv_path.read_text("utf-8").splitlines()
    assert rows[0] == "unit,critical,major,minor,notes"
    assert rows[1:] == [f"{unit},,,," for unit in range(1, 21)]
    sheet = CalamineWorkbook.from_path(str(xlsx_path)).get_sheet_by_name("lot").to_python()
    assert str(sheet[0][0]).startswith("Lot of 50 units, inspection level II")
    assert sheet[2][:5] == ["major", "AQL 0.65", "F 20", "Ac 0", "Re 1"]
    header = next(number for number, row in enumerate(sheet) if row[0] == "unit")
    assert [row[0] for row in sheet[header + 1 :]] == list(range(1, 21))
    again = runner.invoke(app, args)
    assert (again.exit_code, again.stdout) == (2, "")
    assert "already exists; use --force to overwrite" in again.stderr
    forced = runner.invoke(app, [*args, "--force", "--lang", "zh"])
    assert forced.exit_code == 0
    assert csv_path.read_text("utf-8").splitlines()[0] == "样品,致命,严重,轻微,备注"


def _history(folder: Path, decisions: str) -> Path:
    """Lot records of TWS-EB-001, one a day, accepted (A) or rejected (R), newest last."""
    paper = yaml.safe_load((DATA / "lots" / "earbuds-lot-paper.yaml").read_text("utf-8"))
    folder.mkdir()
    for day, decision in enumerate(reversed(decisions), start=1):  # files out of order
        lot = {**paper, "lot": f"PO-{day}", "inspected_at": f"2026-11-{30 - day:02}T10:00:00Z"}
        if decision == "A":
            lot["defects"] = []
        path = folder / f"lot-{day}.yaml"
        path.write_text(yaml.safe_dump(lot, allow_unicode=True), "utf-8")
    return folder


def test_history_of_two_rejected_lots_tightens_the_plan(tmp_path: Path) -> None:
    history = _history(tmp_path / "lots", "ARAR")
    args = ["lot", "plan", "--size", "1200", "--sku", "TWS-EB-001", "--history", str(history)]
    done = runner.invoke(app, [*args, "-c", str(CHECKLISTS)], env={"QA_CHECK_LANG": "en"})
    assert done.exit_code == 0
    assert done.stderr == (
        "TWS-EB-001, 4 earlier lots: tightened inspection: 0 lots accepted in a row since,"
        " 5 bring back normal\n"
    )
    assert done.stdout.splitlines()[4] == "major     2.5    J       80      3            4"
    other = runner.invoke(
        app,
        [
            "lot",
            "plan",
            "--size",
            "1200",
            "--sku",
            "OTHER",
            "--history",
            str(history),
            "-c",
            str(CHECKLISTS),
        ],
        env={"QA_CHECK_LANG": "en"},
    )
    assert other.stderr.startswith("OTHER, 0 earlier lots: normal inspection")


def test_five_accepted_under_tightened_bring_back_normal(tmp_path: Path) -> None:
    history = _history(tmp_path / "lots", "RRAAAAA")
    args = ["lot", "plan", "--size", "1200", "--sku", "TWS-EB-001", "--history", str(history)]
    done = runner.invoke(app, [*args, "-c", str(CHECKLISTS), "-f", "json"])
    assert (done.exit_code, json.loads(done.stdout)["severity"]) == (0, "normal")


def test_history_needs_sku_and_decides_the_severity_alone(tmp_path: Path) -> None:
    history = _history(tmp_path / "lots", "RR")
    alone = runner.invoke(app, ["lot", "plan", "--size", "80", "--history", str(history)])
    assert (alone.exit_code, alone.stdout) == (2, "")
    assert alone.stderr.startswith("error: --sku: the switching rules need both --sku and")
    both = runner.invoke(
        app,
        [
            "lot",
            "plan",
            "--size",
            "80",
            "--sku",
            "TWS-EB-001",
            "--history",
            str(history),
            "--severity",
            "normal",
            "-c",
            str(CHECKLISTS),
        ],
    )
    assert both.exit_code == 2
    assert "leave --severity out" in both.stderr


def test_the_register_s_lot_certificates_decide_the_severity(tmp_path: Path) -> None:
    history = _history(tmp_path / "lots", "ARAR")
    out = tmp_path / "out"
    certified = runner.invoke(
        app,
        ["certify", str(history), "-o", str(out), "-c", str(CHECKLISTS), "--jobs", "1", "-q"],
    )
    assert certified.exit_code == 1  # two lots rejected
    register = str(out / "register.sqlite")
    args = ["lot", "plan", "--size", "1200", "--sku", "TWS-EB-001", "--register", register]
    done = runner.invoke(app, args, env={"QA_CHECK_LANG": "zh"})
    assert done.exit_code == 0
    assert done.stderr == (
        "TWS-EB-001，此前 4 批：加严检验：此后已连续接收 0 批，连续接收 5 批后恢复正常检验\n"
    )
    assert "加严检验" in done.stdout.splitlines()[0]
    both = runner.invoke(app, [*args, "--history", str(history)], env={"QA_CHECK_LANG": "en"})
    assert (both.exit_code, both.stdout) == (2, "")
    assert both.stderr == (
        "error: --register: give the earlier lots as lot records (--history) or as a register"
        " (--register), not both\n"
    )
    missing = [*args[:-1], str(tmp_path / "none.sqlite")]
    gone = runner.invoke(app, missing, env={"QA_CHECK_LANG": "en"})
    assert (gone.exit_code, gone.stdout) == (2, "")
    assert "none.sqlite" in gone.stderr
