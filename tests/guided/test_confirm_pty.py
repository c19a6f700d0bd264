"""Units and unusual numbers in `qa-check run`, in a real pseudo-terminal, typed as a worker types.

Issue 21: `1800g` for a gross weight was refused with a hint to type 1800 (kg), and nothing
said that 1800 kg is no desk lamp. Each screen is read up to the input prompt ``> ``, so a
question skipped or asked twice fails the test at once; every wait is bounded.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
import yaml

from conftest import CHECKLISTS, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

SKU = "LAMP-220"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Run:
    """``qa-check run --only compression-test`` in a pty, and what its screen shows."""

    def __init__(self, tmp_path: Path, lang: str) -> None:
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "LANG": "C.UTF-8",
            "TERM": "xterm",
            "PYTHONPATH": str(ROOT),
        }
        args = ["-m", "qa_check", "run", "-c", str(CHECKLISTS), "--only", "compression-test"]
        self.child = pexpect.spawn(
            sys.executable,
            [*args, "--lang", lang],
            cwd=str(tmp_path),
            env=env,
            encoding="utf-8",
            timeout=10,
            dimensions=(40, 120),
        )

    def screen(self) -> str:
        """What was shown up to the next input prompt (colours removed)."""
        try:
            self.child.expect_exact("\r\n> ")
        except (pexpect.TIMEOUT, pexpect.EOF):
            shown = ANSI.sub("", str(self.child.before)).replace("\r\n", "\n")
            pytest.fail(f"no question came; the terminal showed:\n{shown[-2000:]}")
        return ANSI.sub("", str(self.child.before)).replace("\r\n", "\n")

    def type(self, asked: str, typed: str) -> str:
        """Wait for the question whose text holds ``asked``, type a line; what was shown."""
        shown = self.screen()
        question = shown.rsplit("\n\n", 1)[-1]
        assert asked in question, f"expected {asked!r}, the terminal showed:\n{shown}"
        self.child.sendline(typed)
        return shown

    def end(self) -> tuple[str, int | None]:
        self.child.expect(pexpect.EOF)
        shown = ANSI.sub("", str(self.child.before)).replace("\r\n", "\n")
        self.child.close()
        return shown, self.child.exitstatus


@pytest.fixture
def runs() -> Iterator[list[Run]]:
    """The runs a test starts, killed at teardown if one is still alive (a failed test)."""
    started: list[Run] = []
    yield started
    for run in started:
        if run.child.isalive():
            run.child.close(force=True)


def test_1800g_is_recorded_as_1_8_kg_after_one_confirmation_in_english(
    runs: list[Run], tmp_path: Path
) -> None:
    run = Run(tmp_path, "en")
    runs.append(run)
    run.type("SKU", SKU)
    run.type("Product name", "LED Desk Lamp")
    run.type("electrical", "1")
    run.type("Gross weight, packed (kg)  [kg]", "1800g")
    shown = run.type("1800 g is 1.8 kg.\nRecord 1.8 kg?", "1")
    assert "  1  Yes, record it\n  2  No, type it again\n" in shown
    shown = run.type("Package length", "30")
    assert "has a unit typed in" not in shown
    run.type("Package width", "20")
    run.type("Package height", "14 cm")  # its own unit: no confirmation
    run.type("Inspector", "Li Na")
    run.type("Site", "Shenzhen WH-2")
    shown = run.type("Load applied on top", "100")
    assert "Required: at least 97.2 kg (1.8 kg gross weight x 18 packages stacked" in shown
    run.type("How long was the load held", "1h")
    run.type("1 h is 60 min.\nRecord 60 min?", "y")
    run.type("After the load is removed", "yes")
    run.type("Did the package keep its shape", "yes")
    run.type("Photo: the package after the load was removed", "s")  # the evidence step
    run.type("Why is there no photo?", "camera charging")
    shown, status = run.end()
    assert "PASS: every check that applies passed." in shown
    assert status == 0
    [path] = (tmp_path / "results").glob("*.yaml")
    record = yaml.safe_load(path.read_text("utf-8"))
    assert record["product"]["gross_weight_kg"] == 1.8
    assert record["product"]["height_cm"] == 14
    assert record["answers"]["compression-test"]["hold_minutes"] == 60
    checked = subprocess.run(
        [sys.executable, "-m", "qa_check", "validate", "-c", str(CHECKLISTS), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "warning" not in checked.stdout


def test_1800_kg_for_a_desk_lamp_asks_again_and_a_refusal_keeps_nothing_in_chinese(
    runs: list[Run], tmp_path: Path
) -> None:
    run = Run(tmp_path, "zh")
    runs.append(run)
    run.type("SKU", SKU)
    run.type("产品名称", "LED台灯")
    run.type("是否为电子电器产品", "是")
    run.type("包装后毛重（公斤）  [kg]", "1800")
    shown = run.type(
        "毛重为 1800 kg，不常见（通常为 0.005 至 70 kg）：请核对数字和单位\n记录为 1800 kg？", "2"
    )
    assert "  1  是，记录\n  2  否，重新输入\n" in shown
    run.type("包装后毛重（公斤）  [kg]", "１．８公斤")  # full width, its own unit: recorded
    run.type("包装长度", "3斤")
    shown = run.type("包装长度", "30")
    assert "“3斤”的单位是 斤，无法换算成 cm：请写以 cm 为单位的数字" in shown
    run.type("包装宽度", "q")
    shown, status = run.end()
    assert "已暂停，所有答案均已保存。" in shown
    assert status == 0
    draft = tmp_path / "results" / ".drafts" / f"{SKU}.draft"
    product = json.loads(draft.read_text("utf-8"))["record"]["product"]
    assert product == {"electrical": "yes", "gross_weight_kg": "1.8", "length_cm": "30"}


def test_an_unusual_number_confirmed_is_recorded_and_validate_warns_without_changing_the_code(
    runs: list[Run], tmp_path: Path
) -> None:
    run = Run(tmp_path, "en")
    runs.append(run)
    for asked, typed in [
        ("SKU", SKU),
        ("Product name", "LED Desk Lamp"),
        ("electrical", "2"),
        ("Gross weight", "1.8"),
        ("Package length", "1800"),
        ("1800 cm is unusual for package length (usually 0.5 to 200 cm)", "1"),
        ("Package width", "20"),
        ("Package height", "14"),
        ("Inspector", "Li Na"),
        ("Site", "Shenzhen WH-2"),
        ("Load applied on top", "100"),
        ("How long was the load held", "60"),
        ("After the load is removed", "yes"),
        ("Did the package keep its shape", "yes"),
        ("Photo: the package after the load was removed", "s"),
        ("Why is there no photo?", "camera charging"),
    ]:
        run.type(asked, typed)
    shown, status = run.end()
    assert "PASS: every check that applies passed." in shown
    assert status == 0
    [path] = (tmp_path / "results").glob("*.yaml")
    assert yaml.safe_load(path.read_text("utf-8"))["product"]["length_cm"] == 1800
    checked = subprocess.run(
        [sys.executable, "-m", "qa_check", "validate", "-c", str(CHECKLISTS), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"PASS     {SKU}")
    assert "[product.length_cm]: 1800 cm is unusual for package length" in checked.stdout
