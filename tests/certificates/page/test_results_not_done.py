"""A certificate of a record with items not done (issue 21): listed as failed, never as passed."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS, certificates_in
from qa_check.cli.app import app

REST = ["works_normally", "no_visible_damage", "parts_fit", "tested_as_shipped"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["5 of 30 applicable requirements", "not done: 2 of 9 recorded", "not done"]),
        ("zh", ["样品有 5 项不符合（共 30 项适用要求）", "未完成：已记录 2 次，共 9 次", "未完成"]),
    ],
)
def test_items_not_done_print_as_failures_and_the_certificate_verifies(
    tmp_path: Path, record: dict[str, Any], lang: str, said: list[str]
) -> None:
    answers = record["answers"]["drop-test"]
    answers["drops"] = ["intact", "damaged", *[None] * 7]
    for item in REST:
        answers.pop(item)
    record["not_done"] = {"drop-test": ["drops", *REST]}
    path = tmp_path / "stopped.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), "utf-8")
    out = tmp_path / "out"
    issued = CliRunner().invoke(
        app, ["certify", "-c", str(CHECKLISTS), str(path), "--out", str(out), "--lang", lang]
    )
    assert issued.exit_code == 1, issued.output
    [pdf] = certificates_in(out)
    assert "_FAIL_" in pdf.name
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = "".join(text.split())
    for words in said:
        assert "".join(words.split()) in squeezed, f"{words!r} not in:\n{text}"
    checked = CliRunner().invoke(app, ["verify", "-c", str(CHECKLISTS), str(pdf)])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("UNSIGNED ")
