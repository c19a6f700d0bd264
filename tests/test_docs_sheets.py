"""The managers' page's workbook transcript is real output (test_docs.py checks the others).

Its files are made here as the page says: ``march.xlsx`` is the example batch as an office keeps
it (a title row, two sheets, the second hidden, times as date cells), ``march-gbk.csv`` its
first sheet saved as CSV by a Chinese Excel, ``qa-check.toml`` names the site's zone, and the
folder has the checklists.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shlex
import shutil
from pathlib import Path

import pytest
import xlsxwriter  # type: ignore[import-untyped]
from typer.testing import CliRunner

from conftest import ROOT
from qa_check.cli.app import app

PAGE = (ROOT / "docs" / "managers.md").read_text("utf-8")
BATCH = ROOT / "examples" / "batch.csv"


def march(folder: Path) -> None:
    """The files the transcript names, in ``folder``."""
    rows = list(csv.reader(BATCH.open(encoding="utf-8")))
    book = xlsxwriter.Workbook(str(folder / "march.xlsx"), {"strings_to_numbers": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for name, part in (("Shenzhen", rows[1:3]), ("Ningbo", rows[3:])):
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, f"QA results, {name}, March")
        sheet.write_row(2, 0, rows[0])
        for row, cells in enumerate(part, start=3):
            for column, text in enumerate(cells):
                if rows[0][column] == "inspected_at":
                    moment = dt.datetime.fromisoformat(text).replace(tzinfo=None)
                    sheet.write_datetime(row, column, moment, dates)
                else:
                    sheet.write(row, column, text)
        if name == "Ningbo":
            sheet.hide()
    book.close()
    shenzhen = "".join(BATCH.read_text("utf-8").splitlines(keepends=True)[:3])
    (folder / "march-gbk.csv").write_bytes(shenzhen.encode("gbk"))
    (folder / "qa-check.toml").write_text('[site]\ntimezone = "Asia/Shanghai"\n', "utf-8")
    shutil.copytree(ROOT / "checklists", folder / "checklists")  # the manager's own


def test_the_workbook_transcript_is_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    block = re.search(r"```console\n(\$ qa-check template --format xlsx.*?)```", PAGE, re.S)
    assert block, "the managers' page lost its workbook transcript"
    steps = re.findall(r"^\$ qa-check ([^\n]+)\n(.*?)(?=^\$ |\Z)", block.group(1), re.S | re.M)
    assert [command.split()[0] for command, _ in steps] == ["template", "validate", "validate"]
    march(tmp_path)
    monkeypatch.chdir(tmp_path)
    for command, shown in steps:
        result = CliRunner().invoke(app, shlex.split(command))
        assert result.stdout + result.stderr == shown, command
    assert (tmp_path / "forms" / "record-template.xlsx").read_bytes().startswith(b"PK")
