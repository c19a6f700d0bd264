"""Records from .xlsx workbooks as Excel and WPS write them: every sheet, every cell located.

The fixtures are written here with XlsxWriter, each showing one thing a spreadsheet does that a
CSV does not: a title above the header, ids under the headings, float noise, serial dates,
cached formula values, merged cells, booleans, hidden sheets.
"""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import xlsxwriter  # type: ignore[import-untyped]
import yaml
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from conftest import PASSING_RECORD, ROOT, with_sku
from qa_check.certificates.preflight import CHECKS
from qa_check.core.errors import Location, Problem
from qa_check.core.languages import Lang
from qa_check.core.messages import Message
from qa_check.engine.checklists import Registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import RawRecord, SkuResult, Verdict
from qa_check.files.safe_yaml import load_yaml
from qa_check.records.columns import FIXED_COLUMNS, csv_columns_for
from qa_check.records.headings import answer_headings, fixed_heading
from qa_check.records.read import read_records
from qa_check.records.workbook import shown_number

SHANGHAI = "Asia/Shanghai"
DATE_FORMAT = {"num_format": "yyyy-mm-dd hh:mm"}


# --- helpers -------------------------------------------------------------------------------


def columns(registry: Registry) -> list[str]:
    return csv_columns_for([registry.latest(name) for name in registry.ids()])  # type: ignore[misc]


def cells_of(record: dict[str, Any], header: Sequence[str]) -> list[object]:
    """A record as a row of typed cells: numbers as floats, yes/no as booleans, the time a date."""
    flat: dict[str, object] = {
        name: record.get(name) for name in ("sku", "product_name", "inspector", "site")
    }
    flat.update(record["product"])
    when = record["inspected_at"]
    when = dt.datetime.fromisoformat(when) if isinstance(when, str) else when
    flat["inspected_at"] = when.astimezone(ZoneInfo(SHANGHAI)).replace(tzinfo=None)
    flat["checklists"] = "; ".join(f"{key}@{value}" for key, value in record["checklists"].items())
    for checklist_id, answers in record["answers"].items():
        for item_id, value in answers.items():
            if isinstance(value, list):
                for number, entry in enumerate(value, start=1):
                    flat[f"{checklist_id}.{item_id}.{number}"] = entry
            else:
                flat[f"{checklist_id}.{item_id}"] = value
    return [_typed(flat.get(name)) for name in header]


def _typed(value: object) -> object:
    if isinstance(value, str):
        if value in ("yes", "no"):
            return value == "yes"
        try:
            return float(value)
        except ValueError:
            return value
    return value


def write_row(sheet: Worksheet, row: int, cells: Sequence[object], dates: Any) -> None:
    for column, value in enumerate(cells):
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            sheet.write_datetime(row, column, value, dates)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, float):
            sheet.write_number(row, column, value)
        else:
            sheet.write_string(row, column, str(value))


def book(path: Path, fill: Callable[[xlsxwriter.Workbook, Any], None]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    fill(workbook, workbook.add_format(DATE_FORMAT))
    workbook.close()
    return path


def read(
    path: Path, registry: Registry, timezone: str | None = SHANGHAI
) -> tuple[list[RawRecord | Problem], list[Problem]]:
    notes: list[Problem] = []
    found = list(read_records([path], registry, timezone=timezone, note=notes.append))
    return found, notes


def judged(path: Path, registry: Registry, timezone: str | None = SHANGHAI) -> list[SkuResult]:
    found = read_records([path], registry, timezone=timezone)
    return list(judge_all(found, registry, checks=CHECKS))


def one_sheet(
    path: Path, registry: Registry, rows: Sequence[Sequence[object]], *, header_row: int = 0
) -> Path:
    header = columns(registry)

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        sheet = workbook.add_worksheet("Records")
        sheet.write_row(header_row, 0, header)
        for offset, cells in enumerate(rows, start=header_row + 1):
            write_row(sheet, offset, cells, dates)

    return book(path, fill)


# --- numbers, as Excel shows them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (1.2000000000000002, "1.2"),
        (14.0, "14"),
        (0.1 + 0.2, "0.3"),
        (43.199999999999996, "43.2"),
        (7, "7"),
        (1e-05, "0.00001"),
        (1e20, "100000000000000000000"),
        (-2.5, "-2.5"),
        (123456789012345.0, "123456789012345"),
    ],
)
def test_a_number_reads_as_excel_shows_it_to_15_digits(number: float, shown: str) -> None:
    assert shown_number(number) == shown


@pytest.mark.parametrize(
    ("sheet", "cell", "shown"),
    [
        ("Records", "C12", "march.xlsx:Records!C12 [sku]"),
        ("检验记录", "C12", "march.xlsx:检验记录!C12 [sku]"),
        ("March 2026", "C12", "march.xlsx:'March 2026'!C12 [sku]"),
        ("It's", "AI4:AQ4", "march.xlsx:'It''s'!AI4:AQ4 [sku]"),
        ("Sheet_1", None, "march.xlsx:Sheet_1 row 12 [sku]"),
    ],
)
def test_a_cell_is_named_as_excel_names_it(sheet: str, cell: str | None, shown: str) -> None:
    where = Location("march.xlsx", row=12, field="sku", sheet=sheet, cell=cell)
    assert where.show() == shown
    assert where.show("zh") == shown.replace(" row 12", " 第 12 行")


# --- one sheet -------------------------------------------------------------------------------


def test_a_record_row_reads_as_its_yaml_with_floats_booleans_and_a_date_cell(
    tmp_path: Path, registry: Registry
) -> None:
    header = columns(registry)
    record = copy.deepcopy(PASSING_RECORD)
    cells = cells_of(record, header)
    weight = header.index("gross_weight_kg")
    cells[weight] = 0.1 + 0.2  # 0.30000000000000004 in the file
    record["product"]["gross_weight_kg"] = 0.3
    path = one_sheet(tmp_path / "one.xlsx", registry, [cells])
    [raw], notes = read(path, registry)
    assert isinstance(raw, RawRecord)
    assert notes == []
    data: Any = raw.data
    assert data["product"]["gross_weight_kg"] == "0.3"
    assert data["inspected_at"] == "2026-11-20T10:15:00+08:00"
    assert data["product"]["electrical"] == "yes"
    assert raw.origin == Location(str(path), row=2, sheet="Records")
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS, result.problems


def test_a_bad_cell_is_located_by_sheet_and_cell_and_the_next_row_still_reads(
    tmp_path: Path, registry: Registry
) -> None:
    header = columns(registry)
    good = cells_of(copy.deepcopy(PASSING_RECORD), header)
    bad = list(good)
    height = header.index("drop-test.drop_height_m")
    bad[height] = "1.2 m"
    path = one_sheet(tmp_path / "march.xlsx", registry, [bad, good])
    first, second = judged(path, registry)
    assert first.verdict is Verdict.INVALID
    [problem] = first.problems
    column = _letters(height)
    assert problem.location.cell == f"{column}2"
    assert problem.location.show() == f"{path}:Records!{column}2 [drop-test.drop_height_m]"
    assert second.verdict is Verdict.PASS


def test_a_failed_series_names_its_cells_as_a_range(tmp_path: Path, registry: Registry) -> None:
    header = columns(registry)
    cells = cells_of(copy.deepcopy(PASSING_RECORD), header)
    cells[header.index("drop-test.drops.4")] = "damaged"
    path = one_sheet(tmp_path / "drops.xlsx", registry, [cells])
    [result] = judged(path, registry)
    [failure] = result.failures
    first, last = header.index("drop-test.drops.1"), header.index("drop-test.drops.9")
    assert failure.location.cell == f"{_letters(first)}2:{_letters(last)}2"


def _letters(index: int) -> str:
    return str(xlsxwriter.utility.xl_col_to_name(index))


def test_a_title_above_the_header_and_blank_rows_are_passed_over(
    tmp_path: Path, registry: Registry
) -> None:
    header = columns(registry)
    cells = cells_of(copy.deepcopy(PASSING_RECORD), header)

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        sheet = workbook.add_worksheet("三月")
        sheet.merge_range(0, 0, 0, 8, "包装质检记录 2026年3月")
        sheet.write_row(3, 0, header)
        write_row(sheet, 5, cells, dates)  # a blank row between the header and the record
        write_row(sheet, 7, [*cells[:1], "TWO", *cells[2:]], dates)

    path = book(tmp_path / "title.xlsx", fill)
    found, _ = read(path, registry)
    assert [raw.origin.row for raw in found if isinstance(raw, RawRecord)] == [6, 8]
    assert Location(str(path), row=6, sheet="三月").show() == f"{path}:三月 row 6"


def test_formulas_read_as_their_cached_values(tmp_path: Path, registry: Registry) -> None:
    header = columns(registry)
    cells = cells_of(copy.deepcopy(PASSING_RECORD), header)
    load = header.index("compression-test.applied_load_kg")

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        sheet = workbook.add_worksheet("Records")
        sheet.write_row(0, 0, header)
        write_row(sheet, 1, cells, dates)
        sheet.write_formula(1, load, "=0.1*600+0.2", None, 60.2 + 1e-14)
        sku = header.index("sku")
        sheet.write_formula(1, sku, '="TWS-"&"EB-001"', None, "TWS-EB-001")

    path = book(tmp_path / "formulas.xlsx", fill)
    [raw], _ = read(path, registry)
    data: Any = raw.data  # type: ignore[union-attr]
    assert data["answers"]["compression-test"]["applied_load_kg"] == "60.2"
    assert data["sku"] == "TWS-EB-001"


def test_a_merged_cell_gives_its_value_to_every_row_it_spans(
    tmp_path: Path, registry: Registry
) -> None:
    header = columns(registry)
    rows = [cells_of(with_sku(PASSING_RECORD, f"SKU-{n}"), header) for n in range(3)]
    inspector = header.index("inspector")

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        sheet = workbook.add_worksheet("Records")
        sheet.write_row(0, 0, header)
        for number, cells in enumerate(rows, start=1):
            write_row(sheet, number, cells, dates)
        sheet.merge_range(1, inspector, 3, inspector, "周婷")

    path = book(tmp_path / "merged.xlsx", fill)
    found, _ = read(path, registry)
    assert [raw.data["inspector"] for raw in found] == ["周婷"] * 3  # type: ignore[union-attr,index]


def test_a_plain_serial_number_in_the_time_column_is_a_date(
    tmp_path: Path, registry: Registry
) -> None:
    header = columns(registry)
    cells = cells_of(copy.deepcopy(PASSING_RECORD), header)
    cells[header.index("inspected_at")] = 46346.4270833333  # 2026-11-20 10:15, format lost
    path = one_sheet(tmp_path / "serial.xlsx", registry, [cells])
    [raw], _ = read(path, registry)
    assert raw.data["inspected_at"].startswith("2026-11-20T10:15:00")  # type: ignore[union-attr,index]
    assert raw.data["inspected_at"].endswith("+08:00")  # type: ignore[union-attr,index]


def test_a_time_without_the_site_zone_is_invalid_with_one_note(
    tmp_path: Path, registry: Registry
) -> None:
    header = columns(registry)
    rows = [cells_of(with_sku(PASSING_RECORD, f"SKU-{n}"), header) for n in range(2)]
    path = one_sheet(tmp_path / "nozone.xlsx", registry, rows)
    found, notes = read(path, registry, timezone=None)
    assert len(found) == 2
    [note] = notes
    assert "[site] timezone" in note.message
    results = judged(path, registry, timezone=None)
    assert [result.verdict for result in results] == [Verdict.INVALID] * 2
    column = _letters(header.index("inspected_at"))
    assert [p.location.cell for p in results[0].problems] == [f"{column}2"]


# --- headings ------------------------------------------------------------------------------


def chinese_headings(registry: Registry) -> dict[str, str]:
    """Column -> its Chinese heading, as the template writes them."""
    headings = {name: fixed_heading(name, Lang.ZH) for name in FIXED_COLUMNS}
    for name in registry.ids():
        compiled = registry.latest(name)
        assert compiled is not None
        for item in compiled.items:
            headings.update(answer_headings(item, Lang.ZH))
    return headings


def test_chinese_headings_with_the_ids_hidden_under_them_read_as_the_ids(
    tmp_path: Path, registry: Registry
) -> None:
    ids = columns(registry)
    by_column = chinese_headings(registry)
    headings = [by_column[name] for name in ids]
    cells = cells_of(copy.deepcopy(PASSING_RECORD), ids)

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        sheet = workbook.add_worksheet("检验记录")
        sheet.write_row(0, 0, headings)
        sheet.write_row(1, 0, ids)
        sheet.set_row(1, None, None, {"hidden": True})
        write_row(sheet, 2, cells, dates)

    path = book(tmp_path / "zh.xlsx", fill)
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS, result.problems
    assert result.location.row == 3


def test_chinese_headings_alone_are_enough(tmp_path: Path, registry: Registry) -> None:
    ids = columns(registry)
    by_column = chinese_headings(registry)
    cells = cells_of(copy.deepcopy(PASSING_RECORD), ids)

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        sheet = workbook.add_worksheet("检验记录")
        sheet.write_row(0, 0, [by_column[name] for name in ids])
        write_row(sheet, 1, cells, dates)

    path = book(tmp_path / "zh-only.xlsx", fill)
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS, result.problems
    assert "跌落高度 (m)" in by_column.values()


def test_an_unknown_heading_makes_each_row_invalid_at_the_header_cell(
    tmp_path: Path, registry: Registry
) -> None:
    header = [*columns(registry), "备注"]
    cells = [*cells_of(copy.deepcopy(PASSING_RECORD), header[:-1]), "ok"]

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        sheet = workbook.add_worksheet("Records")
        sheet.write_row(0, 0, header)
        write_row(sheet, 1, cells, dates)

    path = book(tmp_path / "unknown.xlsx", fill)
    [result] = judged(path, registry)
    assert result.verdict is Verdict.INVALID
    [problem] = result.problems
    assert problem.location.cell == f"{_letters(len(header) - 1)}1"
    assert problem.location.field == "备注"


# --- the workbook ----------------------------------------------------------------------------


def test_a_workbook_without_a_record_header_is_one_problem(
    tmp_path: Path, registry: Registry
) -> None:
    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        workbook.add_worksheet("Notes").write(0, 0, "nothing here")

    path = book(tmp_path / "notes.xlsx", fill)
    [problem], _ = read(path, registry)
    assert isinstance(problem, Problem)
    assert "no sheet has the record header" in problem.message


def test_a_chart_and_a_notes_sheet_are_passed_over(tmp_path: Path, registry: Registry) -> None:
    header = columns(registry)
    cells = cells_of(copy.deepcopy(PASSING_RECORD), header)

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        workbook.add_worksheet("Notes").write_column(0, 0, ["Counts", 1, 2])
        sheet = workbook.add_worksheet("Records")
        sheet.write_row(0, 0, header)
        write_row(sheet, 1, cells, dates)
        chart = workbook.add_chart({"type": "line"})
        chart.add_series({"values": "=Notes!$A$2:$A$3"})
        workbook.add_chartsheet("Chart").set_chart(chart)

    path = book(tmp_path / "chart.xlsx", fill)
    found, notes = read(path, registry)
    assert [raw.origin for raw in found] == [Location(str(path), row=2, sheet="Records")]  # type: ignore[union-attr]
    assert notes == []


@pytest.mark.parametrize("content", [b"", b"sku,product_name\nA,B\n", b"PK\x03\x04broken"])
def test_a_file_that_is_no_workbook_is_one_problem(
    tmp_path: Path, registry: Registry, content: bytes
) -> None:
    path = tmp_path / "not.xlsx"
    path.write_bytes(content)
    [problem], _ = read(path, registry)
    assert isinstance(problem, Problem)
    assert problem.message.startswith("cannot read the workbook: ")
    assert isinstance(problem.message, Message)
    assert problem.message.zh.startswith("无法读取该工作簿")


# --- done when: 1,000 records on two sheets, as in YAML ---------------------------------------

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_a_thousand_records_on_two_sheets_judge_as_the_same_records_in_yaml(
    tmp_path: Path, registry: Registry
) -> None:
    """A title row, serial dates, float noise, cached formulas and a hidden second sheet."""
    examples = [load_yaml(path.read_text("utf-8"), path.name)[0] for path in EXAMPLES]
    records = []
    for number in range(1000):
        record = copy.deepcopy(examples[number % len(examples)])
        record["sku"] = f"{record['sku']}-{number}"
        if record["answers"].get("label-placement", {}).get("barcode_scan") is not None:
            record["answers"]["label-placement"]["barcode_scan"] = record["sku"]
        record.pop("photos", None)
        records.append(record)
    yaml_file = tmp_path / "records.yaml"
    yaml_file.write_text(yaml.safe_dump(records, allow_unicode=True), "utf-8")
    header = columns(registry)
    numbers = [index for index, name in enumerate(header) if name.endswith(("_kg", "_cm", "_m"))]

    def fill(workbook: xlsxwriter.Workbook, dates: Any) -> None:
        for name, part in (("Shenzhen", records[:600]), ("Ningbo", records[600:])):
            sheet = workbook.add_worksheet(name)
            sheet.write(0, 0, f"QA results, {name} warehouse")
            sheet.write_row(2, 0, header)
            for row, record in enumerate(part, start=3):
                cells = cells_of(record, header)
                for index in numbers:
                    if isinstance(cells[index], float):
                        cells[index] = cells[index] * (1 + 2e-16)  # type: ignore[operator]
                write_row(sheet, row, cells, dates)
                if row % 7 == 0 and isinstance(cells[numbers[0]], float):
                    value = cells[numbers[0]]
                    sheet.write_formula(row, numbers[0], f"={value}/2*2", None, value)
            if name == "Ningbo":
                sheet.hide()

    workbook_file = book(tmp_path / "records.xlsx", fill)
    from_yaml = judged(yaml_file, registry)
    found, notes = read(workbook_file, registry)
    from_workbook = list(judge_all(found, registry, checks=CHECKS))
    assert len(from_workbook) == 1000
    assert [(r.sku, r.verdict) for r in from_workbook] == [(r.sku, r.verdict) for r in from_yaml]
    assert {r.verdict for r in from_yaml} == set(Verdict)
    fails = [sorted((f.checklist, f.item) for f in r.failures) for r in from_workbook]
    assert fails == [sorted((f.checklist, f.item) for f in r.failures) for r in from_yaml]
    for result in from_workbook:
        assert result.location.sheet in ("Shenzhen", "Ningbo")
        for problem in result.problems:
            assert problem.location.cell is not None, problem
    assert [note.message for note in notes] == ["sheet Ningbo is hidden; its records were read"]
    assert from_workbook[600].location == Location(str(workbook_file), row=4, sheet="Ningbo")


def test_validating_yaml_or_asking_for_help_imports_no_workbook_library() -> None:
    code = (
        "import sys\n"
        "from qa_check.cli.app import app\n"
        "for args in (['validate', 'examples/earbuds-pass.yaml'], ['--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print([name for name in ('python_calamine', 'xlsxwriter') if name in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().endswith("[]")
