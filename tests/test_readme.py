"""The README shows real output, and CI runs the README's own test command."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from qa_check.cli import app

README = (ROOT / "README.md").read_text("utf-8")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    commands = re.findall(r"```console\n(python3 -m venv [^\n]+)\n```", README)
    assert len(commands) == 2, "the README has exactly two set-up commands"
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_the_validate_transcript_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(
        r"```console\n\$ qa-check (validate [^\n]+)\n(.*?)\$ echo \$\?\n(\d+)\n```", README, re.S
    )
    assert block, "README lost its validate transcript"
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(block.group(1)))
    assert result.stdout == block.group(2)
    assert result.exit_code == int(block.group(3))


def test_the_examples_summary_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["validate", "examples/"])
    assert f"`{result.stdout.splitlines()[-1]}`" in README
