"""``qa-check validate`` on what offices keep: workbooks, and CSV saved in Chinese (GBK).

The inputs are the example batch (``examples/batch.csv``: 2 PASS, 2 FAIL) as a GBK CSV, as a
Latin-1 one, and as a workbook with a title row, date cells and a hidden sheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
import xlsxwriter  # type: ignore[import-untyped]
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT
from qa_check.cli.app import app

runner = CliRunner()
BATCH = ROOT / "examples" / "batch.csv"
SUMMARY = "4 records: 2 passed, 2 failed, 0 invalid\n"


def validate(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args, "-c", str(CHECKLISTS)])
    return result.exit_code, result.stdout, result.stderr


def test_a_gbk_csv_validates_without_encoding_with_one_note(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    path.write_bytes(BATCH.read_text("utf-8").encode("gbk"))
    code, out, err = validate(str(path))
    assert (code, out.endswith(f"\n{SUMMARY}")) == (1, True)
    assert "PASS     CUP-BAMBOO-4  竹纤维杯4只装 Bamboo Cups Set of 4  (" in out
    assert err == (
        f"note: {path}: not UTF-8: read as GB18030, the Chinese encoding Excel and WPS save CSV"
        " in (--encoding names another)\n"
    )
    code, out, err = validate(str(path), "--lang", "zh")
    assert err.startswith(f"note: {path}: 不是 UTF-8 编码：已按 GB18030")
    assert out.endswith("共 4 条记录：2 条合格，2 条不合格，0 条无效\n")


def test_encoding_still_decides_when_given(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    path.write_bytes(BATCH.read_text("utf-8").encode("gbk"))
    code, out, err = validate(str(path), "--encoding", "utf-8")
    assert (code, err) == (2, "")
    assert "if Excel saved it as GBK / ANSI, run again with --encoding gbk" in out
    code, out, err = validate(str(path), "--encoding", "gbk")
    assert (code, err) == (1, "")
    assert out.endswith(f"\n{SUMMARY}")


def test_western_text_is_not_taken_for_chinese(tmp_path: Path) -> None:
    rows = list(csv.reader(BATCH.open(encoding="utf-8")))
    name, inspector = rows[0].index("product_name"), rows[0].index("inspector")
    for row in rows[1:]:
        row[name], row[inspector] = "Tasse à café, crème", "Zoë Müller"
    path = tmp_path / "batch.csv"
    with path.open("w", encoding="latin-1", newline="") as handle:
        csv.writer(handle).writerows(rows)
    code, out, err = validate(str(path))
    assert (code, err) == (2, "")
    assert out == (
        f"INVALID  ?  ({path}:2)\n"
        f"    ! {path}:2: neither UTF-8 nor Chinese text in GB18030, from row 2 on: save it from"
        " Excel as CSV UTF-8, or name its encoding with --encoding\n"
        "\n1 record: 0 passed, 0 failed, 1 invalid\n"
    )


def workbook(path: Path) -> Path:
    """The example batch on two sheets (the second hidden), under a title, times as dates."""
    rows = list(csv.reader(BATCH.open(encoding="utf-8")))
    header = rows[0]
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for name, part in (("Shenzhen", rows[1:3]), ("Ningbo", rows[3:])):
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, "QA results, November 2026")
        sheet.write_row(2, 0, header)
        for row, cells in enumerate(part, start=3):
            for column, text in enumerate(cells):
                if header[column] == "inspected_at":
                    when = dt.datetime.fromisoformat(text).replace(tzinfo=None)
                    sheet.write_datetime(row, column, when, dates)
                elif text in ("yes", "no"):
                    sheet.write_boolean(row, column, text == "yes")
                else:
                    try:
                        sheet.write_number(row, column, float(text) * (1 + 2e-16))
                    except ValueError:
                        sheet.write_string(row, column, text)
        if name == "Ningbo":
            sheet.hide()
    book.close()
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    config = tmp_path / "qa-check.toml"
    config.write_text('[site]\ntimezone = "Asia/Shanghai"\n', encoding="utf-8")
    return config


def test_a_workbook_validates_as_its_csv_with_a_note_for_the_hidden_sheet(
    tmp_path: Path, site: Path
) -> None:
    path = workbook(tmp_path / "batch.xlsx")
    code, out, err = validate(str(path), "--config", str(site))
    assert (code, out.endswith(f"\n{SUMMARY}")) == (1, True)
    assert (
        f"PASS     CUP-BAMBOO-4  竹纤维杯4只装 Bamboo Cups Set of 4  ({path}:Shenzhen row 4)" in out
    )
    assert f"FAIL     PLANTER-CER  陶瓷花盆 Ceramic Planter  ({path}:Ningbo row 4)" in out
    assert (
        "      recorded: No  (" + f"{path}:Ningbo!V4 [packaging-stack.product_held_still])" in out
    )
    assert err == f"note: {path}:Ningbo: sheet Ningbo is hidden; its records were read\n"


def test_workbook_times_without_the_site_zone_are_invalid_at_their_cells(tmp_path: Path) -> None:
    path = workbook(tmp_path / "batch.xlsx")
    code, out, err = validate(str(path), "--format", "json", "--lang", "zh")
    assert code == 2
    report = json.loads(out)
    assert [r["verdict"] for r in report["results"]] == ["INVALID"] * 4
    [problem] = report["results"][0]["problems"]
    assert problem["location"] == {
        "file": str(path),
        "sheet": "Shenzhen",
        "row": 4,
        "cell": "J4",
        "field": "inspected_at",
    }
    assert err.splitlines()[-1] == (
        f"note: {path}: 其中的时间没有时区，因此无效：请在 qa-check.toml 中写明站点时区"
        '（[site] timezone = "Asia/Shanghai"），时间即按该时区读取'
    )
