"""The end of a FAIL and the re-test after it, in a real terminal (issue 21, item 4).

A damaged drop decides the drop test: the worker stops it, reads every fix on the last screen,
prints the corrective-action sheet; then re-tests in Chinese, with a Ctrl-C in the middle.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import yaml
from test_run_pty import (
    RUN_ALL,
    SKU,
    Terminal,
    _identity_and_product,
    _validate,
    interrupt,
    spawn,
)

__all__ = ["spawn"]  # the fixture, shared with the other terminal tests

DROP_ONLY = ("--only", "drop-test")
DROPS_EN = "Drop test  ·  item 3 of 7 · {group} {k} of 3 ({n} of 9)  ·  DT-3"
DROPS_ZH = (
    "跌落测试  ·  第 3 项，共 7 项 · {group} 第 {k} 次，共 3 次（总第 {n} 次，共 9 次）  ·  DT-3"
)


def _pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def _a_stopped_fail(spawn: Callable[..., Terminal], tmp_path: Path) -> Path:
    """The English run that stops its decided drop test and writes the sheet; its record."""
    run = spawn(*DROP_ONLY, base=RUN_ALL)
    _identity_and_product(run)
    run.answer("Drop test  ·  item 1 of 7  ·  DT-1", "Which surface was the package", "1")
    run.answer("Drop test  ·  item 2 of 7  ·  DT-2", "Drop height (m), measured from", "1.2")
    run.answer(DROPS_EN.format(group="Corner", k=1, n=1), "Outcome of each drop", "Intact")
    run.answer(DROPS_EN.format(group="Corner", k=2, n=2), "Outcome of each drop", "2")
    photo = "Drop test  ·  photo for Drops: corner, edge, face #2  ·  DT-3"
    shown = run.answer(photo, "Photo: the damage this drop did, close up", "s")  # the photo first
    assert "FAIL DT-3 Drops: corner, edge, face\n" in shown
    why = "Why is there no photo?"
    run.answer("Photo  ·  photo for Drops: corner, edge, face #2", why, "no phone")
    decided = "This failure decides the drop test: it fails whatever its 5 remaining questions"
    shown = run.answer("Drop test  ·  DT-3", decided, "1")
    assert "  1  Stop the drop test (the rest is recorded as not done)\n" in shown
    shown = run.answer("Inspection", "Print a corrective-action sheet (PDF)", "1")
    assert "Stopped the drop test: 5 questions recorded as not done." in shown
    fixes = shown.split("What to fix (5):\n", 1)[1]
    assert fixes.startswith(
        "FAIL DT-3 Drops: corner, edge, face\n"
        "  required: Intact: 3 at corner, 3 at edge, 3 at face\n"
        "  recorded: not done: 2 of 9 recorded (Intact 1, Damaged 1)\n"
        "  action:   Reinforce the packaging and repeat all drops.\n"
    )
    assert "  action:   Add cushioning around the loose parts and repeat the drop test.\n" in fixes
    assert "FAIL: fix the failed items and inspect again." in fixes
    shown, status = run.end()
    assert status == 1
    [record] = sorted((tmp_path / "results").glob("*.yaml"))
    sheet = record.with_name(record.stem + "_corrective.pdf")
    assert f"Corrective-action sheet: results/{sheet.name}" in shown
    return record


def test_a_decided_drop_test_is_stopped_recorded_not_done_and_its_sheet_printed(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    record = _a_stopped_fail(spawn, tmp_path)
    data = yaml.safe_load(record.read_text("utf-8"))
    assert data["not_done"] == {
        "drop-test": [
            "drops",
            "works_normally",
            "no_visible_damage",
            "parts_fit",
            "tested_as_shipped",
        ]
    }
    assert data["answers"]["drop-test"]["drops"] == ["intact", "damaged", *[None] * 7]
    checked = _validate(tmp_path, record)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert f"FAIL     {SKU}" in checked.stdout
    assert "recorded: not done  (" in checked.stdout

    text = " ".join(_pdf_text(record.with_name(record.stem + "_corrective.pdf")).split())
    assert f"Corrective actions: {SKU}" in text
    assert "Reinforce the packaging and repeat all drops." in text
    assert "FAIL: 5 items to fix" in text
    assert f"run --retest results/{record.name}" in text


def test_a_retest_in_chinese_asks_the_drop_test_again_and_survives_ctrl_c(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    record = _a_stopped_fail(spawn, tmp_path)
    run = spawn("--retest", f"results/{record.name}", "--lang", "zh", base=RUN_ALL)
    shown = run.answer("检验信息  ·  第 8 项，共 9 项", "检验员（您的姓名）", "")
    told = f"{SKU} 复测：沿用原记录的产品信息和 0 个答案；重新询问："
    assert told + "drop-test@3: surface, drop_height_m, drops, works_normally" in shown
    assert "直接回车保留：李娜" in shown
    run.answer("检验信息  ·  第 9 项，共 9 项", "检验地点（仓库或实验室）", "")
    run.answer("跌落测试  ·  第 1 项，共 7 项  ·  DT-1", "包装跌落在什么表面上？", "平滑水泥地面")
    run.answer("跌落测试  ·  第 2 项，共 7 项  ·  DT-2", "跌落高度（米）", "1.2")
    run.question(DROPS_ZH.format(group="角", k=1, n=1), "按顺序记录每次跌落后的结果")
    interrupt(run.child)  # Ctrl-C
    shown, status = run.end()
    assert status == 130
    command = shown.split("已暂停，所有答案均已保存。继续请运行：", 1)[1].splitlines()[0].strip()
    assert command.endswith(f"run --resume {SKU}")

    run = spawn(base=["-c", command], program="sh")
    for n in range(1, 10):
        header = DROPS_ZH.format(group="角棱面"[(n - 1) // 3], k=(n - 1) % 3 + 1, n=n)
        run.answer(header, "按顺序记录每次跌落后的结果", "完好")
    run.answer("跌落测试  ·  第 4 项，共 7 项  ·  DT-4", "跌落后产品能否正常使用？", "是")
    run.answer("跌落测试  ·  第 5 项，共 7 项  ·  DT-4", "产品是否无断裂、变形", "是")
    run.answer("跌落测试  ·  第 6 项，共 7 项  ·  DT-4", "组装部件是否仍然配合良好？", "是")
    run.answer("跌落测试  ·  第 7 项，共 7 项  ·  DT-5", "测试时的产品、包装材料", "是")
    shown, status = run.end()
    assert "合格：所有适用的检查项均合格。" in shown
    assert "整改单" not in shown, "a PASS offers no sheet"
    assert status == 0
    [retested] = [path for path in (tmp_path / "results").glob("*.yaml") if path != record]
    data = yaml.safe_load(retested.read_text("utf-8"))
    assert "not_done" not in data
    assert data["answers"]["drop-test"]["drops"] == ["intact"] * 9
    assert data["product_name"] == "无线蓝牙耳机 Wireless Earbuds", "kept from the earlier record"
    assert data["checklists"] == {"drop-test": 3}
    checked = _validate(tmp_path, retested)
    assert checked.returncode == 0, checked.stdout + checked.stderr
