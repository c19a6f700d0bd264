"""`qa-check run` in a real pseudo-terminal, typed into as a worker types (pexpect).

Each question is read from what the terminal shows (colours stripped) up to the input prompt
``> ``, so a question that is skipped, repeated or out of order fails the test at once. Every
wait is bounded by the spawn timeout: a run that stops answering fails, it does not hang.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from conftest import CHECKLISTS, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

SKU = "TWS-EB-001"
TIMEOUT = 30
"""Seconds a screen may take: a passphrase check or a certificate on a busy 2-core machine
took over 10 s while other test runs shared it; a run that stops answering still fails."""
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = "\r\n> "
RUN_ALL = ["-m", "qa_check", "run", "-c", str(CHECKLISTS)]
RUN = [*RUN_ALL, "--only", "drop-test", "--only", "compression-test"]  # not the ones changed

HINTS_EN = "? help  ·  b back  ·  q stop (answers are saved)"
HINTS_ZH = "? 帮助  ·  b 返回上一题  ·  q 暂停（答案已保存）"
STOPPED_EN = "Stopped. Every answer is saved. Continue with: "
RESUME = f" -m qa_check run --resume {SKU}\n"
"""How the resume command printed ends: started as ``python -m qa_check``, it says so."""


def _screen(text: str) -> str:
    """What the worker reads: colours and styles removed, line ends as newlines."""
    return ANSI.sub("", text).replace("\r\n", "\n")


WAITING_FOR_INPUT = ("poll_schedule_timeout", "do_select", "wait_woken")
"""Where the kernel holds a process that waits for a key: readline's poll, getpass's read."""


def interrupt(child: pexpect.spawn[str]) -> None:
    """Ctrl-C once the program waits for the answer, as a worker presses it at a question.

    The question is on the screen a moment before the program waits for a key. CPython checks
    for Ctrl-C only when Python code runs, and readline's wait starts in C after printing the
    question: a Ctrl-C in that gap waits for the next key (a known limit, in the README's
    notes). A worker pressing it again is stopped; a test waits until the program waits, up to
    a few seconds on a loaded machine, and presses it once.
    """
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            waiting = Path(f"/proc/{child.pid}/wchan").read_text()
        except OSError:
            break
        if waiting.startswith(WAITING_FOR_INPUT):
            break
        time.sleep(0.02)
    child.sendintr()


class Terminal:
    """A spawned ``qa-check run`` and the reading of its screen."""

    def __init__(
        self,
        tmp_path: Path,
        *args: str,
        base: list[str] = RUN,
        program: str = sys.executable,
        env: dict[str, str] | None = None,
    ) -> None:
        extra = env or {}
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "LANG": "C.UTF-8",
            "TERM": "xterm",
            "COLUMNS": "120",
            "PYTHONPATH": str(ROOT),  # this checkout's qa_check, whichever one is installed
            **extra,
        }
        self.child = pexpect.spawn(
            program,
            [*base, *args],
            cwd=str(tmp_path),
            env=env,
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(40, 120),
        )
        self.child.delaybeforesend = None  # typed at once, as a scanner does

    def _wait(self, pattern: str | type[pexpect.EOF], what: str) -> str:
        """Everything shown before ``pattern``, as read; a clear failure if it never comes."""
        try:
            if isinstance(pattern, str):
                self.child.expect_exact(pattern)
            else:
                self.child.expect(pattern)
            return _screen(str(self.child.before))
        except pexpect.TIMEOUT:
            shown = _screen(str(self.child.before or "") + str(self.child.buffer or ""))
            problem = f"no {what} within {self.child.timeout} s"
        except pexpect.EOF:
            shown = _screen(str(self.child.before or ""))
            self.child.close()
            status = f"exit {self.child.exitstatus}, signal {self.child.signalstatus}"
            problem = f"the run ended ({status}) before the {what}"
        pytest.fail(f"{problem}; the terminal showed:\n{shown[-2000:]}")

    def question(self, header: str, prompt: str) -> str:
        """Wait for the next input prompt; the question asked there must be this one.

        Returns what was shown since the previous prompt (echo, notices, the question).
        """
        shown = self._wait(PROMPT, f"question {header!r}")
        asked = shown.rsplit("\n\n", 1)[-1].lstrip("\n")  # after the notices, if any
        assert asked.startswith(header + "\n"), f"not {header!r}:\n{shown}"
        assert f"\n{prompt}" in asked, f"expected {prompt!r} under {header!r}:\n{shown}"
        return shown

    def answer(self, header: str, prompt: str, typed: str) -> str:
        """Wait for this question, type a line and Enter; what was shown before it."""
        shown = self.question(header, prompt)
        self.child.sendline(typed)
        return shown

    def end(self) -> tuple[str, int | None]:
        """What is shown until the run exits, and its exit status (bounded)."""
        shown = self._wait(pexpect.EOF, "end of the run")
        self.child.close()
        assert self.child.signalstatus is None, f"killed by signal {self.child.signalstatus}"
        return shown, self.child.exitstatus

    def close(self) -> None:
        """Kill the run if a failed test left it alive."""
        if self.child.isalive():
            self.child.close(force=True)


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    """Start ``qa-check run ARGS`` in a pty in ``tmp_path``; killed at teardown if still alive."""
    started: list[Terminal] = []

    def start(*args: str, base: list[str] = RUN, **options: Any) -> Terminal:
        terminal = Terminal(tmp_path, *args, base=base, **options)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()


def _draft(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "results" / ".drafts" / f"{SKU}.draft"
    assert path.is_file(), f"no draft at {path}"
    record: dict[str, Any] = json.loads(path.read_text("utf-8"))["record"]
    return record


def _record_file(tmp_path: Path, shown: str, saved: str) -> Path:
    """The record the run wrote: one file in results/, the one the run named."""
    records = sorted((tmp_path / "results").glob("*.yaml"))
    assert len(records) == 1, records
    assert f"{saved}results/{records[0].name}" in shown
    assert records[0].name.startswith(f"{SKU}_")
    assert not (tmp_path / "results" / ".drafts" / f"{SKU}.draft").exists()
    return records[0]


def _validate(tmp_path: Path, record: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa_check", "validate", "-c", str(CHECKLISTS), str(record)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def _identity_and_product(run: Terminal) -> None:
    """The fields asked first, up to the site, typed as a worker types them (English screen)."""
    shown = run.answer("Inspection  ·  item 1 of 9", "SKU (type it or scan the label)", SKU)
    assert HINTS_EN in shown
    run.answer("Inspection  ·  item 2 of 9", "Product name", "无线蓝牙耳机 Wireless Earbuds")
    shown = run.answer("Product  ·  item 3 of 9", "Is it an electrical", "2")
    assert "  1  Yes\n  2  No\n" in shown
    run.answer("Product  ·  item 4 of 9", "Gross weight, packed (kg)  [kg]", "１．２")
    run.answer("Product  ·  item 5 of 9", "Package length (cm)  [cm]", "1,2")
    shown = run.answer("Product  ·  item 5 of 9", "Package length (cm)  [cm]", "３０")
    assert "'1,2': write the decimal point as a point, 1.2\n" in shown
    run.answer("Product  ·  item 6 of 9", "Package width (cm)  [cm]", "20")
    run.answer("Product  ·  item 7 of 9", "Package height (cm)  [cm]", "20")
    run.answer("Inspection  ·  item 8 of 9", "Inspector (your name)", "李娜")
    run.answer("Inspection  ·  item 9 of 9", "Site (warehouse or lab)", "Shenzhen WH-2")


def test_interrupted_run_resumes_in_chinese_and_validates_alike(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    run = spawn()
    _identity_and_product(run)
    shown = run.question("Drop test  ·  item 1 of 7  ·  DT-1", "Which surface was the package")
    assert "  1  Smooth concrete floor\n" in shown

    interrupt(run.child)  # Ctrl-C
    shown, status = run.end()
    assert STOPPED_EN in shown
    assert RESUME in shown.split(STOPPED_EN, 1)[1]
    assert status == 130
    draft = _draft(tmp_path)
    assert draft["sku"] == SKU
    assert draft["product_name"] == "无线蓝牙耳机 Wireless Earbuds"
    assert draft["product"] == {
        "electrical": "no",
        "gross_weight_kg": "1.2",
        "length_cm": "30",
        "width_cm": "20",
        "height_cm": "20",
    }
    assert (draft["inspector"], draft["site"]) == ("李娜", "Shenzhen WH-2")
    assert not list((tmp_path / "results").glob("*.yaml"))

    run = spawn("--resume", SKU, "--lang", "zh")
    surface = ("跌落测试  ·  第 1 项，共 7 项  ·  DT-1", "包装跌落在什么表面上？")
    shown = run.answer(*surface, "b")
    assert "  1  平滑水泥地面\n" in shown
    assert HINTS_ZH in shown
    shown = run.answer("检验信息  ·  第 9 项，共 9 项", "检验地点（仓库或实验室）", "")
    assert f"直接回车保留：Shenzhen WH-2  ·  {HINTS_ZH}" in shown
    run.answer(*surface, "平滑水泥地面")
    run.answer("跌落测试  ·  第 2 项，共 7 项  ·  DT-2", "跌落高度（米）", "1.2")
    drops = "跌落测试  ·  第 3 项，共 7 项 · {group} 第 {k} 次，共 3 次（总第 {n} 次，共 9 次）"
    for n, typed in enumerate(["完好", "1", "完好", "１", "1", "完好", "1", "1", "完好"], 1):
        group = "角棱面"[(n - 1) // 3]
        header = drops.format(group=group, k=(n - 1) % 3 + 1, n=n) + "  ·  DT-3"
        shown = run.answer(header, "按顺序记录每次跌落后的结果", typed)
        assert "  1  完好\n  2  损坏\n" in shown
    run.answer("跌落测试  ·  第 4 项，共 7 项  ·  DT-4", "跌落后产品能否正常使用？", "是")
    run.answer("跌落测试  ·  第 5 项，共 7 项  ·  DT-4", "产品是否无断裂、变形", "1")
    run.answer("跌落测试  ·  第 6 项，共 7 项  ·  DT-4", "组装部件是否仍然配合良好？", "是")
    run.answer("跌落测试  ·  第 7 项，共 7 项  ·  DT-5", "测试时的产品、包装材料", "是")
    shown = run.answer("抗压测试  ·  第 1 项，共 4 项  ·  CP-2", "施加在包装顶部的载荷", "５０")
    assert "要求：至少 43.2 kg（毛重 1.2 kg × 上方堆码 12 件" in shown  # floor(270 / 20) - 1
    run.answer("抗压测试  ·  第 2 项，共 4 项  ·  CP-2", "载荷保持了多长时间", "60")
    run.answer("抗压测试  ·  第 3 项，共 4 项  ·  CP-1", "卸载后产品是否无变形", "是")
    run.answer("抗压测试  ·  第 4 项，共 4 项  ·  CP-1", "包装是否保持形状", "是")
    run.answer("抗压测试  ·  包装未塌陷的照片  ·  CP-1", "拍照：卸载后的包装", "s")
    run.answer("照片  ·  包装未塌陷的照片", "为什么没有照片？", "相机没电")
    shown, status = run.end()
    assert f"{SKU} 检验结果" in shown
    assert "│ 跌落测试 │ DT-1 │ 跌落表面" in shown
    assert "合格：所有适用的检查项均合格。" in shown
    assert "不合格" not in shown
    assert status == 0

    record_file = _record_file(tmp_path, shown, "记录已保存：")
    record = yaml.safe_load(record_file.read_text("utf-8"))
    assert record["product_name"] == "无线蓝牙耳机 Wireless Earbuds"
    assert record["product"]["gross_weight_kg"] == 1.2
    assert record["answers"]["drop-test"]["surface"] == "concrete"
    assert record["answers"]["drop-test"]["drops"] == ["intact"] * 9
    assert record["answers"]["compression-test"]["applied_load_kg"] == 50
    checked = _validate(tmp_path, record_file)
    assert checked.returncode == status, checked.stdout + checked.stderr
    assert f"PASS     {SKU}  无线蓝牙耳机 Wireless Earbuds" in checked.stdout


def test_closed_terminal_leaves_a_draft_that_resume_continues(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    run = spawn()
    _identity_and_product(run)
    run.answer("Drop test  ·  item 1 of 7  ·  DT-1", "Which surface was the package", "1")
    height = ("Drop test  ·  item 2 of 7  ·  DT-2", "Drop height (m), measured from")
    run.question(*height)

    run.child.kill(signal.SIGHUP)  # the terminal window is closed
    shown, status = run.end()
    assert STOPPED_EN in shown
    assert RESUME in shown.split(STOPPED_EN, 1)[1]
    assert status == 129
    draft = _draft(tmp_path)
    assert draft["answers"] == {"drop-test": {"surface": "concrete"}}
    assert draft["site"] == "Shenzhen WH-2"

    run = spawn("--resume", SKU)
    shown = run.answer(*height, "0.8")  # too low: a FAIL, told at once
    assert "Required: at least 1.2 m" in shown
    decided = "This failure decides the drop test: it fails whatever its 5 remaining questions"
    shown = run.answer("Drop test  ·  DT-2", decided, "2")  # go on (issue 21 offers to stop)
    assert "FAIL DT-2 Drop height\n  required: at least 1.2 m\n  recorded: 0.8 m\n" in shown
    drops = "Drop test  ·  item 3 of 7 · {group} {k} of 3 ({n} of 9)  ·  DT-3"
    for n in range(1, 10):
        group = ("Corner", "Edge", "Face")[(n - 1) // 3]
        header = drops.format(group=group, k=(n - 1) % 3 + 1, n=n)
        shown = run.answer(header, "Outcome of each drop", "Intact")
    run.answer("Drop test  ·  item 4 of 7  ·  DT-4", "After the drops, does the product", "yes")
    run.answer("Drop test  ·  item 5 of 7  ·  DT-4", "Is the product free of fracture", "Yes")
    run.answer("Drop test  ·  item 6 of 7  ·  DT-4", "Do the assembled parts still fit", "1")
    run.answer("Drop test  ·  item 7 of 7  ·  DT-5", "Were product, packaging materials", "y")
    run.answer("Compression test  ·  item 1 of 4  ·  CP-2", "Load applied on top", "50")
    run.answer("Compression test  ·  item 2 of 4  ·  CP-2", "How long was the load held", "60")
    run.answer("Compression test  ·  item 3 of 4  ·  CP-1", "After the load is removed", "y")
    run.answer("Compression test  ·  item 4 of 4  ·  CP-1", "Did the package keep its shape", "1")
    photo = ("Compression test  ·  photo for Package kept its shape  ·  CP-1", "Photo: the package")
    run.answer(*photo, "s")
    run.answer("Photo  ·  photo for Package kept its shape", "Why is there no photo?", "no phone")
    summary = run.answer("Inspection", "Print a corrective-action sheet (PDF)", "2")  # no sheet
    shown, status = run.end()
    shown = summary + shown
    assert f"Inspection of {SKU}" in shown
    assert "FAIL: fix the failed items and inspect again." in shown
    assert status == 1
    assert not list((tmp_path / "results").glob("*.pdf"))

    record_file = _record_file(tmp_path, shown, "Record saved: ")
    record = yaml.safe_load(record_file.read_text("utf-8"))
    assert record["answers"]["drop-test"]["surface"] == "concrete"  # from before the hang-up
    assert record["answers"]["drop-test"]["drop_height_m"] == 0.8
    checked = _validate(tmp_path, record_file)
    assert checked.returncode == status, checked.stdout + checked.stderr
    assert f"FAIL     {SKU}" in checked.stdout


def _ctrl_c(run: Terminal) -> None:
    """Ctrl-C at a question: the run stops, every answer saved, exit 130."""
    interrupt(run.child)
    shown, status = run.end()
    assert STOPPED_EN in shown
    assert RESUME in shown.split(STOPPED_EN, 1)[1]
    assert status == 130


def test_a_damaged_draft_is_offered_to_start_again_at_the_terminal(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    """Issue 19: ``--resume`` of a damaged draft was a traceback; now it is set aside."""
    drafts = tmp_path / "results" / ".drafts"
    drafts.mkdir(parents=True)
    damaged = b'{"format": "qa-check/draft@1", "checklists": {}, "record": {"product": "x"}}'
    (drafts / f"{SKU}.draft").write_bytes(damaged)
    run = spawn("--resume", SKU)
    shown = run.answer("Inspection", f"The saved run of {SKU} cannot be used:", "1")
    assert "[record.product]: not a qa-check draft: this part is damaged" in shown
    assert "  1  Start again (the damaged file is kept aside, renamed)\n" in shown
    shown = run.question("Inspection  ·  item 2 of 9", "Product name")
    assert f"The damaged draft is kept as results/.drafts/{SKU}.draft.damaged-" in shown
    [aside] = drafts.glob(f"{SKU}.draft.damaged-*")
    assert aside.read_bytes() == damaged
    run.child.sendline("Kettle")
    run.question("Product  ·  item 3 of 9", "Is it an electrical")
    _ctrl_c(run)
    assert _draft(tmp_path)["product_name"] == "Kettle"


def test_a_second_terminal_on_the_same_sku_is_told_who_has_it(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    """Issue 19: two terminals running one SKU, the last save won silently."""
    first = spawn()
    first.answer("Inspection  ·  item 1 of 9", "SKU (type it or scan the label)", SKU)
    first.answer("Inspection  ·  item 2 of 9", "Product name", "Kettle")
    first.question("Product  ·  item 3 of 9", "Is it an electrical")
    saved = (tmp_path / "results" / ".drafts" / f"{SKU}.draft").read_bytes()

    for args in (("--resume", SKU), ("--sku", SKU)):
        second = spawn(*args)
        shown, status = second.end()
        assert status == 2
        draft = f"results/.drafts/{SKU}.draft"
        holder = f"on {socket.gethostname()} (process {first.child.pid}) since "
        assert f"error: {draft}: {SKU} is being inspected by another run, {holder}" in shown
        assert "Traceback" not in shown
        assert (tmp_path / "results" / ".drafts" / f"{SKU}.draft").read_bytes() == saved

    first.child.sendline("no")
    first.question("Product  ·  item 4 of 9", "Gross weight")
    _ctrl_c(first)
    assert _draft(tmp_path)["product"] == {"electrical": "no"}
    assert not (tmp_path / "results" / ".drafts" / f"{SKU}.lock").exists()


def test_resume_with_only_then_q_keeps_every_other_answer(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    """Issue 19, done when: ``run --resume SKU --only compression-test``, then ``q``."""
    run = spawn()
    _identity_and_product(run)
    run.answer("Drop test  ·  item 1 of 7  ·  DT-1", "Which surface was the package", "1")
    run.answer("Drop test  ·  item 2 of 7  ·  DT-2", "Drop height (m), measured from", "1.2")
    run.question("Drop test  ·  item 3 of 7 · Corner 1 of 3 (1 of 9)  ·  DT-3", "Outcome of")
    _ctrl_c(run)
    before = _draft(tmp_path)
    assert before["answers"] == {"drop-test": {"surface": "concrete", "drop_height_m": "1.2"}}

    run = spawn("--resume", SKU, "--only", "compression-test", base=RUN_ALL)
    run.answer("Compression test  ·  item 1 of 4  ·  CP-2", "Load applied on top", "q")
    shown, status = run.end()
    assert STOPPED_EN in shown
    assert RESUME in shown.split(STOPPED_EN, 1)[1]
    assert status == 0
    assert _draft(tmp_path) == before
