"""The managers' page's transcripts of ``register merge``: each command run, its output compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from qa_check.cli.app import app

HEADING = "## Many sites, one register (register merge)"
STEP = r"^\$ (qa-check [^\n]+|echo \$\?)\n((?:(?!\$ )[^\n]*\n)*)"


def test_the_merge_transcripts_are_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Merge two sites, list a SKU across them, then a conflicting backup: as the page shows,
    stderr where the terminal shows it, ALL written into tmp_path and the inputs unchanged."""
    page = (ROOT / "docs" / "managers.md").read_text("utf-8")
    section = page.split(HEADING, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", section, re.S)
    steps = re.findall(STEP, "".join(blocks), re.M)
    assert [command.split()[:3] for command, _ in steps] == [
        ["qa-check", "register", "merge"],
        ["qa-check", "register", "list"],
        ["qa-check", "register", "merge"],
        ["echo", "$?"],
    ]
    inputs = sorted((ROOT / "tests" / "data" / "registers" / "sites").glob("*.sqlite"))
    before = {path: path.read_bytes() for path in inputs}
    monkeypatch.chdir(ROOT)
    code = None
    for command, shown in steps:
        if command == "echo $?":
            assert shown == f"{code}\n"
            continue
        moved = command.replace(" all.sqlite", f" {tmp_path}/all.sqlite")
        result = CliRunner().invoke(app, shlex.split(moved)[1:], env={"QA_CHECK_LANG": "en"})
        printed = result.output if " merge " in command else result.stdout  # list's count aside
        assert printed.replace(f"{tmp_path}/", "") == shown, command
        code = result.exit_code
    assert code == 2
    assert {path: path.read_bytes() for path in inputs} == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["all.sqlite"]
    assert not list(inputs[0].parent.glob("*-wal"))  # the fixtures are in rollback mode
