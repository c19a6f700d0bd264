"""Resuming, listing and discarding drafts, and going back to the SKU, in a real terminal.

Typed as a worker types, in Chinese and in English, Ctrl-C included (issue 21, items 2 and 3).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from test_run_pty import RUN_ALL, SKU, Terminal, interrupt, spawn

from conftest import certificates_in

__all__ = ["spawn"]  # the fixture, shared with the other terminal tests

STOPPED_ZH = "已暂停，所有答案均已保存。继续请运行："
COMPRESSION_ZH = "抗压测试  ·  第 {n} 项，共 4 项  ·  {rule}"


def _identity_in_chinese(run: Terminal, sku: str = SKU) -> None:
    """The fields up to the site, typed on a Chinese screen (weight 1.2 kg, height 20 cm)."""
    run.answer("检验信息  ·  第 1 项，共 9 项", "SKU（输入或扫描标签）", sku)
    run.answer("检验信息  ·  第 2 项，共 9 项", "产品名称", "无线蓝牙耳机")
    run.answer("产品信息  ·  第 3 项，共 9 项", "是否为电子电器产品？", "否")
    run.answer("产品信息  ·  第 4 项，共 9 项", "包装后毛重（公斤）", "１．２")
    run.answer("产品信息  ·  第 5 项，共 9 项", "包装长度（厘米）", "30")
    run.answer("产品信息  ·  第 6 项，共 9 项", "包装宽度（厘米）", "20")
    run.answer("产品信息  ·  第 7 项，共 9 项", "包装高度（厘米）", "20")
    run.answer("检验信息  ·  第 8 项，共 9 项", "检验员（您的姓名）", "李娜")
    run.answer("检验信息  ·  第 9 项，共 9 项", "检验地点（仓库或实验室）", "深圳二号仓")


def _printed_command(shown: str, stopped: str) -> str:
    """The resume command a stopped run printed, as the worker would copy it."""
    assert stopped in shown, shown
    return shown.split(stopped, 1)[1].splitlines()[0].strip()


def test_ctrl_c_in_a_chinese_certify_run_resumes_as_it_began(
    spawn: Callable[..., Terminal], tmp_path: Path, signing_keys: Path
) -> None:
    """Issue 21's done-when: Chinese, compression-test only, certificate issued (and signed).

    The resume is the printed command run as typed, with no --lang, no --only, no --certify
    and no QA_CHECK_KEYS: all of it comes back from the draft.
    """
    keys = {"QA_CHECK_KEYS": str(signing_keys)}
    args = ("--only", "compression-test", "--certify", "--lang", "zh")
    run = spawn(*args, base=RUN_ALL, env=keys)
    _identity_in_chinese(run)
    run.question(COMPRESSION_ZH.format(n=1, rule="CP-2"), "施加在包装顶部的载荷")
    interrupt(run.child)  # Ctrl-C
    shown, status = run.end()
    assert status == 130
    command = _printed_command(shown, STOPPED_ZH)
    assert command.endswith(f" -m qa_check run --resume {SKU}")
    saved = json.loads((tmp_path / "results" / ".drafts" / f"{SKU}.draft").read_text("utf-8"))
    assert saved["lang"] == "zh"
    assert saved["run"]["only"] == ["compression-test"]
    assert saved["run"]["certify"] is True
    assert saved["run"]["keys"] == str(signing_keys)

    run = spawn(base=["-c", command], program="sh")
    shown = run.answer(COMPRESSION_ZH.format(n=1, rule="CP-2"), "施加在包装顶部的载荷", "50")
    assert "要求：至少 43.2 kg" in shown
    run.answer(COMPRESSION_ZH.format(n=2, rule="CP-2"), "载荷保持了多长时间", "60")
    run.answer(COMPRESSION_ZH.format(n=3, rule="CP-1"), "卸载后产品是否无变形", "是")
    run.answer(COMPRESSION_ZH.format(n=4, rule="CP-1"), "包装是否保持形状", "是")
    run.answer("抗压测试  ·  包装未塌陷的照片  ·  CP-1", "拍照：卸载后的包装", "s")
    run.answer("照片  ·  包装未塌陷的照片", "为什么没有照片？", "相机没电")
    shown, status = run.end()
    assert "合格：所有适用的检查项均合格。" in shown
    assert "跌落测试" not in shown
    assert status == 0
    [certificate] = certificates_in(tmp_path / "reports")
    assert f"证书：reports/{certificate.name}" in shown.replace(str(tmp_path) + "/", "")
    assert "_ZH" in certificate.name or "zh" in certificate.name.lower()
    assert b"/ByteRange" in certificate.read_bytes(), "signed with the key the draft kept"


def test_b_at_the_first_question_goes_back_to_the_sku_and_leaves_no_draft(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    """A wrong scan is replaced: the first SKU's draft is gone, the right one's is kept."""
    drafts = tmp_path / "results" / ".drafts"
    run = spawn()
    run.answer("Inspection  ·  item 1 of 9", "SKU (type it or scan the label)", "WRONG-SCAN")
    run.question("Inspection  ·  item 2 of 9", "Product name")
    assert (drafts / "WRONG-SCAN.draft").is_file()
    run.child.sendline("b")
    run.answer("Inspection  ·  item 1 of 9", "SKU (type it or scan the label)", SKU)
    run.answer("Inspection  ·  item 2 of 9", "Product name", "Kettle")
    run.question("Product  ·  item 3 of 9", "Is it an electrical")
    interrupt(run.child)
    shown, status = run.end()
    assert status == 130
    assert sorted(path.name for path in drafts.iterdir()) == [f"{SKU}.draft"]
    assert "WRONG-SCAN" not in shown.split("Stopped.", 1)[1]


def test_b_at_the_first_question_in_chinese_then_q_leaves_nothing(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    run = spawn("--lang", "zh")
    run.answer("检验信息  ·  第 1 项，共 9 项", "SKU（输入或扫描标签）", "WRONG-1")
    run.answer("检验信息  ·  第 2 项，共 9 项", "产品名称", "b")
    run.answer("检验信息  ·  第 1 项，共 9 项", "SKU（输入或扫描标签）", "q")
    shown, status = run.end()
    assert "在输入SKU之前已停止：没有需要保存的内容。" in shown
    assert status == 0
    assert list((tmp_path / "results" / ".drafts").iterdir()) == []


def test_drafts_lists_and_discard_removes_after_confirming(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    """Ctrl-C leaves a draft; --drafts lists it; --discard asks, n keeps it, y removes it."""
    run = spawn("--lang", "zh")
    _identity_in_chinese(run)
    run.question("跌落测试  ·  第 1 项，共 7 项  ·  DT-1", "包装跌落在什么表面上？")
    interrupt(run.child)
    assert run.end()[1] == 130

    listing = spawn("--drafts")
    shown, status = listing.end()
    assert status == 0
    lines = shown.splitlines()
    assert ["SKU", "Started", "Answered", "Language"] in [line.split() for line in lines]
    [row] = [line for line in lines if line.startswith(SKU)]
    assert row.split()[2:] == ["0", "zh"]
    assert "1 saved runs in results/.drafts" in shown

    for typed, kept in (("n", True), ("y", False)):
        discard = spawn("--discard", SKU)
        discard.child.expect_exact("Type y to discard:")
        discard.child.sendline(typed)
        shown, status = discard.end()
        assert status == 0
        assert (tmp_path / "results" / ".drafts" / f"{SKU}.draft").exists() is kept
        said = f"Kept the saved run of {SKU}." if kept else f"Discarded the saved run of {SKU}."
        assert said in shown
