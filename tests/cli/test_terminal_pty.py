"""A terminal that cannot take UTF-8 input, in a real pseudo-terminal (issue 21).

Under ``LANG=C`` a product name typed in Chinese was saved as ``'--------文产品'``. Python reads
a C locale as UTF-8 anyway (PEP 538), so what reaches the run depends on the terminal: here
it is sent as UTF-8 (kept as typed) and as GB18030 bytes, as a terminal set to GBK sends them
(refused, never stored). The run says at its start, in both languages, how to fix the locale.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import CHECKLISTS, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

SKU = "LAMP-220"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
NOT_UTF8_EN = (
    "This terminal is not set for UTF-8 (LANG=C): Chinese typed here can be stored wrong."
    " Stop with q, run  export LANG=C.UTF-8  and start again."
)
NOT_UTF8_ZH = (
    "此终端未设置为 UTF-8（LANG=C）：在这里输入的中文可能被存错。"
    "请按 q 暂停，运行  export LANG=C.UTF-8  后重新开始。"
)
REFUSED = (
    "What was typed is not UTF-8 text (the terminal sent bytes that cannot be read): nothing"
    " was stored. Type it again, or fix the terminal: export LANG=C.UTF-8\n"
    "输入的内容不是 UTF-8 文字（终端发送了无法识别的字节）：未保存任何内容。"
    "请重新输入，或修正终端设置：export LANG=C.UTF-8"
)


def spawn(tmp_path: Path, lang_setting: str, *args: str) -> pexpect.spawn[bytes]:
    """``qa-check run`` under ``LANG=lang_setting``, read as bytes (the screen may not be UTF-8)."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "LANG": lang_setting,
        "TERM": "xterm",
        "PYTHONPATH": str(ROOT),
    }
    command = ["-m", "qa_check", "run", "-c", str(CHECKLISTS), "--only", "drop-test", *args]
    return pexpect.spawn(
        sys.executable, command, cwd=str(tmp_path), env=env, timeout=10, dimensions=(40, 120)
    )


def screen(child: pexpect.spawn[bytes]) -> str:
    """What was shown up to the next input prompt, colours removed."""
    child.expect_exact(b"\r\n> ")
    return ANSI.sub(b"", child.before or b"").decode("utf-8", "replace").replace("\r\n", "\n")


def stored_name(tmp_path: Path) -> object:
    draft = tmp_path / "results" / ".drafts" / f"{SKU}.draft"
    return json.loads(draft.read_text("utf-8"))["record"].get("product_name")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_under_lang_c_the_run_says_so_in_both_languages_and_refuses_undecodable_text(
    tmp_path: Path, lang: str
) -> None:
    child = spawn(tmp_path, "C", "--lang", lang)
    try:
        shown = screen(child)
        assert f"{NOT_UTF8_EN}\n{NOT_UTF8_ZH}\n" in shown
        child.sendline(SKU)
        screen(child)
        child.send("中文产品".encode("gb18030") + b"\r")  # a terminal set to GBK
        assert REFUSED in screen(child)
        assert stored_name(tmp_path) is None, "nothing stored"
        child.send("中文产品".encode() + b"\r")  # UTF-8: kept as typed
        screen(child)
        assert stored_name(tmp_path) == "中文产品"
        child.sendline("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_a_utf8_terminal_is_told_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "C.UTF-8")
    try:
        shown = screen(child)
        assert "UTF-8" not in shown
        assert shown.lstrip().startswith("Inspection  ·  item 1 of 9")
        child.sendline("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
