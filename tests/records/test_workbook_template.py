"""``template --format xlsx``: the workbook's layout, its lists and checks, and that it reads back.

The workbook is read back as Excel would show it: its cells with python-calamine, its
drop-down lists and number checks and frozen panes from the sheet's XML.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
import python_calamine
import xlsxwriter  # type: ignore[import-untyped]
from typer.testing import CliRunner

from conftest import CHECKLISTS, PASSING_RECORD
from qa_check.certificates.preflight import CHECKS
from qa_check.cli.app import app
from qa_check.core.languages import Lang
from qa_check.engine import models as m
from qa_check.engine.checklists import Registry, select
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import Verdict
from qa_check.records.columns import FIXED_COLUMNS, csv_columns_for
from qa_check.records.headings import answer_headings, fixed_heading
from qa_check.records.read import read_records
from qa_check.records.workbook_template import xlsx_template

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
runner = CliRunner()


def sheets(data: bytes) -> dict[str, list[list[Any]]]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in book.sheet_names
    }


def validations(data: bytes) -> dict[str, ET.Element]:
    """The first record row's cell (``F3``) -> its data validation."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ET.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    found: dict[str, ET.Element] = {}
    for rule in root.iter(f"{MAIN}dataValidation"):
        first, _, last = rule.attrib["sqref"].partition(":")
        assert last.endswith("10001"), rule.attrib["sqref"]
        found[first] = rule
    return found


def pane(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ET.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    [found] = root.iter(f"{MAIN}pane")
    return dict(found.attrib)


def letter(index: int) -> str:
    return str(xlsxwriter.utility.xl_col_to_name(index))


@pytest.mark.parametrize("lang", list(Lang))
def test_headings_in_the_language_over_hidden_ids_frozen_with_the_checklists_cell(
    registry: Registry, lang: Lang
) -> None:
    chosen = select(registry, [])
    data = xlsx_template(chosen, lang)
    found = sheets(data)
    zh = lang is Lang.ZH
    records, instructions = ("检验记录", "填写说明") if zh else ("Records", "Instructions")
    assert list(found) == [records, instructions, "lists"]
    header, ids, first = found[records][:3]
    assert ids == csv_columns_for(chosen)
    headings = {name: fixed_heading(name, lang) for name in FIXED_COLUMNS}
    for compiled in chosen:
        for item in compiled.items:
            headings.update(answer_headings(item, lang))
    assert header == [headings[name] for name in ids]
    assert fixed_heading("gross_weight_kg", lang).endswith("(kg)")
    assert [cell for cell in first if cell] == [
        "packaging-stack@2; label-placement@4; drop-test@3; compression-test@3;"
    ]
    assert pane(data)["state"] == "frozen"
    assert (pane(data)["xSplit"], pane(data)["ySplit"]) == ("1", "2")
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    shown = python_calamine.SheetVisibleEnum
    visible = [meta.visible for meta in book.sheets_metadata]
    assert visible == [shown.Visible, shown.Visible, shown.Hidden]
    assert any("validate" in " ".join(map(str, row)) for row in found[instructions])


@pytest.mark.parametrize("lang", list(Lang))
def test_every_choice_and_yes_no_has_its_list_and_every_number_its_check(
    registry: Registry, lang: Lang
) -> None:
    chosen = select(registry, [])
    data = xlsx_template(chosen, lang)
    lists = sheets(data)["lists"]
    rules = validations(data)
    ids = csv_columns_for(chosen)
    items = {item.qname: item.item for compiled in chosen for item in compiled.items}
    checked = 0
    for index, column in enumerate(ids):
        qname = column.rsplit(".", 1)[0] if column.count(".") == 2 else column
        spec = items[qname].answer if qname in items else None
        if isinstance(spec, m.SeriesAnswer):
            spec = spec.entry
        cell = f"{letter(index)}3"
        if column == "electrical" or isinstance(spec, m.YesNoAnswer | m.ChoiceAnswer):
            rule = rules[cell]
            assert rule.attrib["type"] == "list"
            source = rule.find(f"{MAIN}formula1")
            assert source is not None and source.text is not None
            sheet, _, span = source.text.partition("!")
            assert sheet == "lists"
            start, end = span.replace("$", "").split(":")
            labels = [row[ord(start[0]) - ord("A")] for row in lists[: int(end[1:])]]
            if isinstance(spec, m.ChoiceAnswer):
                assert labels == [getattr(option, lang) for option in spec.choices]
            else:
                assert labels == (["是", "否"] if lang is Lang.ZH else ["Yes", "No"])
            checked += 1
        elif isinstance(spec, m.NumberAnswer) or column in m.ATTRIBUTE_UNITS:
            rule = rules[cell]
            assert rule.attrib["type"] == "decimal"
            if isinstance(spec, m.NumberAnswer) and spec.valid_min is not None:
                usual = spec.usual()
                narrowed = usual is not None and usual.low > spec.valid_min
                low = rule.find(f"{MAIN}formula1")
                expected = usual.low if usual is not None and narrowed else spec.valid_min
                assert low is not None and float(low.text or "") == expected
                assert rule.attrib.get("errorStyle") == ("warning" if narrowed else None)
            checked += 1
        else:
            assert cell not in rules, column
    height = rules[f"{letter(ids.index('drop-test.drop_height_m'))}3"]
    bounds = [height.find(f"{MAIN}formula{n}") for n in (1, 2)]
    assert [float(bound.text or "") for bound in bounds if bound is not None] == [0.1, 3]
    assert "operator" not in height.attrib  # between, Excel's default
    assert height.attrib["errorStyle"] == "warning"  # a drop height's usual range, not its limit
    assert height.attrib["error"] == (
        "请填写数字，单位 m，通常在 0.1 至 3 之间：超出时 Excel 会先询问再保留。"
        if lang is Lang.ZH
        else "A number in m, usually from 0.1 to 3: Excel asks before it keeps another."
    )
    assert checked > 40
    weight = rules[f"{letter(ids.index('gross_weight_kg'))}3"]
    assert weight.attrib["errorStyle"] == "warning"  # a usual range: Excel asks, then keeps
    limits = [weight.find(f"{MAIN}formula{n}") for n in (1, 2)]
    assert [float(limit.text or "") for limit in limits if limit is not None] == [0.005, 70]


def labelled(value: object, spec: m.AnswerSpec | m.EntryAnswer | None, lang: Lang) -> object:
    """A record's value as a person picks it from the workbook's list, or types it."""
    if isinstance(spec, m.ChoiceAnswer):
        return next(getattr(o, lang) for o in spec.choices if o.value == value)
    if isinstance(spec, m.YesNoAnswer) or value in ("yes", "no"):
        return {"yes": "是", "no": "否"}[str(value)] if lang is Lang.ZH else str(value).title()
    if isinstance(spec, m.NumberAnswer) or isinstance(value, int | float):
        return float(value)  # type: ignore[arg-type]
    return value


@pytest.mark.parametrize("lang", list(Lang))
def test_a_workbook_filled_from_the_template_reads_back_with_no_invalid_row(
    registry: Registry, tmp_path: Path, lang: Lang
) -> None:
    chosen = select(registry, [])
    data = xlsx_template(chosen, lang)
    header, ids, first = sheets(data)[next(iter(sheets(data)))][:3]
    items = {item.qname: item.item for compiled in chosen for item in compiled.items}
    passing = copy.deepcopy(PASSING_RECORD)
    failing = copy.deepcopy(PASSING_RECORD)
    failing["sku"] = failing["answers"]["label-placement"]["barcode_scan"] = "TWS-EB-002"
    failing["answers"]["drop-test"]["drops"][4] = "damaged"
    path = tmp_path / "filled.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("检验记录")
    dates = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, ids)
    sheet.set_row(1, None, None, {"hidden": True})
    for row, record in enumerate((passing, failing), start=2):
        for index, column in enumerate(ids):
            value = _value(record, column)
            if column == "checklists":
                sheet.write_string(row, index, first[index])
            elif column == "inspected_at":
                when = dt.datetime.fromisoformat(str(value)).astimezone(ZoneInfo("Asia/Shanghai"))
                sheet.write_datetime(row, index, when.replace(tzinfo=None), dates)
            elif value is not None:
                qname = column.rsplit(".", 1)[0] if column.count(".") == 2 else column
                spec = items[qname].answer if qname in items else None
                if isinstance(spec, m.SeriesAnswer):
                    spec = spec.entry
                sheet.write(row, index, labelled(value, spec, lang))
    book.close()
    found = read_records([path], registry, timezone="Asia/Shanghai")
    results = list(judge_all(found, registry, checks=CHECKS))
    assert [r.verdict for r in results] == [Verdict.PASS, Verdict.FAIL], results[0].problems


def _value(record: dict[str, Any], column: str) -> object:
    if column in record["product"]:
        return record["product"][column]
    if "." not in column:
        return record.get(column)
    checklist_id, item_id, *entry = column.split(".")
    value = record["answers"].get(checklist_id, {}).get(item_id)
    return value[int(entry[0]) - 1] if entry and isinstance(value, list) else value


def test_the_command_writes_the_workbook_and_refuses_to_overwrite_it(tmp_path: Path) -> None:
    args = ["template", "--format", "xlsx", "--lang", "zh", "-o", str(tmp_path)]
    made = runner.invoke(app, [*args, "-c", str(CHECKLISTS)])
    path = tmp_path / "record-template.xlsx"
    assert (made.exit_code, made.stdout, made.stderr) == (0, f"{path}\n", "")
    assert next(iter(sheets(path.read_bytes()))) == "检验记录"
    again = runner.invoke(app, [*args, "-c", str(CHECKLISTS)])
    assert again.exit_code == 2
    assert again.stdout == ""
    assert str(path) in again.stderr
    assert not (tmp_path / "record-template.csv").exists()
