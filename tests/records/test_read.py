"""Reading records from YAML, JSON, JSON Lines and CSV: every record found, every problem placed."""

from __future__ import annotations

import codecs
import csv
import encodings
import io
import json
import os
import pkgutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT, run_bounded, with_sku
from qa_check.certificates.preflight import CHECKS
from qa_check.cli.app import app
from qa_check.core.errors import Location, Problem, UsageError
from qa_check.engine.checklists import Registry, select
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import RawRecord, SkuResult, Verdict
from qa_check.records.columns import FIXED_COLUMNS, csv_columns_for
from qa_check.records.read import (
    MAX_LINE_BYTES,
    RECORD_SUFFIXES,
    expected_count,
    read_records,
    record_files,
    text_encoding,
)

# --- helpers -------------------------------------------------------------------------------


def csv_row(record: Mapping[str, Any]) -> dict[str, str]:
    """A record as one spreadsheet row: the documented column layout."""
    row = {name: str(record[name]) for name in ("sku", "product_name", "inspector", "site")}
    row["inspected_at"] = str(record["inspected_at"])
    row.update({name: str(value) for name, value in record["product"].items()})
    row["checklists"] = "; ".join(f"{key}@{value}" for key, value in record["checklists"].items())
    row["photos"] = "; ".join(record.get("photos", []))
    for checklist_id, answers in record["answers"].items():
        for item_id, value in answers.items():
            if isinstance(value, list):
                for number, entry in enumerate(value, start=1):
                    row[f"{checklist_id}.{item_id}.{number}"] = str(entry)
            else:
                row[f"{checklist_id}.{item_id}"] = str(value)
    return row


def csv_text(header: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # \r\n line ends, as Excel writes them
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return buffer.getvalue()


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    encoding: str = "utf-8",
) -> Path:
    path.write_bytes(csv_text(header, rows).encode(encoding))
    return path


def read(path: Path, registry: Registry, encoding: str = "utf-8-sig") -> list[RawRecord | Problem]:
    return list(read_records([path], registry, encoding))


def raws(path: Path, registry: Registry, encoding: str = "utf-8-sig") -> list[RawRecord]:
    found = read(path, registry, encoding)
    assert all(isinstance(entry, RawRecord) for entry in found), found
    return [entry for entry in found if isinstance(entry, RawRecord)]


def judged(path: Path, registry: Registry, encoding: str = "utf-8-sig") -> list[SkuResult]:
    return list(judge_all(read_records([path], registry, encoding), registry, checks=CHECKS))


def messages(result: SkuResult) -> list[str]:
    return [problem.message for problem in result.problems]


@pytest.fixture
def header(registry: Registry) -> list[str]:
    return csv_columns_for(select(registry, []))


# --- YAML ----------------------------------------------------------------------------------


def test_a_yaml_file_with_one_record(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    [raw] = raws(path, registry)
    assert isinstance(raw.data, dict)
    assert raw.data["product_name"] == "无线蓝牙耳机 Wireless Earbuds"
    assert raw.data["answers"]["drop-test"]["drops"] == ["intact"] * 9
    assert raw.origin.file == str(path)
    assert raw.origin.line == 1
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS


def test_a_yaml_list_of_records_locates_each(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    second = with_sku(record, "B-2")
    path = tmp_path / "many.yml"
    path.write_text(yaml.safe_dump([record, second], allow_unicode=True), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    second_line = next(
        i for i, text in enumerate(lines, start=1) if text.startswith("- ") and i > 1
    )
    first, other = raws(path, registry)
    assert (first.origin.line, other.origin.line) == (1, second_line)
    assert isinstance(other.data, dict)
    assert other.data["sku"] == "B-2"
    site_line = next(
        i for i, text in enumerate(lines, start=1) if i > second_line and "site:" in text
    )
    assert other.locate(("site",)).line == site_line
    assert other.locate(("site",)).field == "site"
    assert other.locate(("answers", "drop-test", "drops", 3)).field == "answers.drop-test.drops[3]"


def test_yaml_1_1_words_in_text_answers_stay_as_typed(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    path = tmp_path / "r.yaml"
    text = yaml.safe_dump(record, allow_unicode=True)
    text = text.replace("site: Shenzhen WH-2", "site: NO")
    text = text.replace("sku: TWS-EB-001", "sku: 012").replace(
        "barcode_scan: TWS-EB-001", "barcode_scan: 012"
    )
    path.write_text(text, encoding="utf-8")
    [raw] = raws(path, registry)
    assert isinstance(raw.data, dict)
    assert (raw.data["site"], raw.data["sku"]) == ("NO", "012")
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS
    assert result.sku == "012"
    assert result.record is not None
    assert result.record.site == "NO"


def test_an_unsafe_yaml_file_is_one_located_problem(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text('sku: A\nsite: !!python/object/apply:os.system ["echo hi"]\n', "utf-8")
    [problem] = read(path, registry)
    assert isinstance(problem, Problem)
    assert (problem.location.file, problem.location.line) == (str(path), 2)
    assert "not allowed" in problem.message


# --- JSON ----------------------------------------------------------------------------------


def test_a_json_object_is_one_record(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    [raw] = raws(path, registry)
    assert raw.data == record
    assert raw.origin.file == str(path)
    assert raw.locate(("product", "gross_weight_kg")).field == "product.gross_weight_kg"
    assert [r.verdict for r in judged(path, registry)] == [Verdict.PASS]


def test_a_json_list_locates_each_record_by_index(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    bad = json.loads(json.dumps(record))
    bad["product"]["gross_weight_kg"] = -1
    path = tmp_path / "many.json"
    text = json.dumps([record, bad], indent=2)
    path.write_text(text, encoding="utf-8")
    results = judged(path, registry)
    assert [r.verdict for r in results] == [Verdict.PASS, Verdict.INVALID]
    [problem] = results[1].problems
    assert problem.location.field == "product.gross_weight_kg"
    # The line of the second record's weight, found by the YAML reader's line map.
    line = [n for n, t in enumerate(text.splitlines(), 1) if '"gross_weight_kg"' in t][1]
    assert problem.location.line == line
    assert results[1].location.line == text.splitlines().index("  {", 2) + 1
    assert "must be more than 0 kg" in problem.message


def test_json_duplicate_keys_are_refused(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{\n  "sku": "A",\n  "product": {"electrical": "yes", "electrical": "no"}\n}')
    [problem] = read(path, registry)
    assert isinstance(problem, Problem)
    assert problem.location == Location(str(path), 3)
    assert problem.message == "invalid JSON: duplicate key 'electrical'"


def test_json_syntax_errors_carry_the_line(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "sku": "A",\n}\n', encoding="utf-8")
    [problem] = read(path, registry)
    assert isinstance(problem, Problem)
    assert problem.location.line == 3
    assert problem.message.startswith("invalid JSON: ")


# --- JSON Lines ----------------------------------------------------------------------------


def test_a_bad_json_line_is_a_problem_and_the_others_still_count(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    other = with_sku(record, "B-2")
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps(record, ensure_ascii=False)
        + "\n{not json\n\n"
        + json.dumps(other, ensure_ascii=False)
        + '\n{"sku": "A", "sku": "B"}\n',
        encoding="utf-8",
    )
    found = read(path, registry)
    assert [type(entry).__name__ for entry in found] == [
        "RawRecord",
        "Problem",
        "RawRecord",
        "Problem",
    ]
    bad_syntax, duplicate = found[1], found[3]
    assert isinstance(bad_syntax, Problem)
    assert isinstance(duplicate, Problem)
    assert (bad_syntax.location.line, duplicate.location.line) == (2, 5)
    assert bad_syntax.message.startswith("invalid JSON: ")
    assert duplicate.message == "invalid JSON: duplicate key 'sku'"
    second = found[2]
    assert isinstance(second, RawRecord)
    assert second.origin.line == 4
    assert second.locate(("site",)) == second.origin.at(field="site")
    verdicts = [r.verdict for r in judged(path, registry)]
    assert verdicts == [Verdict.PASS, Verdict.INVALID, Verdict.PASS, Verdict.INVALID]


def test_a_json_line_that_is_not_an_object_is_invalid(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('[1, 2]\n"text"\n', encoding="utf-8")
    results = judged(path, registry)
    assert [r.verdict for r in results] == [Verdict.INVALID, Verdict.INVALID]
    assert [r.location.line for r in results] == [1, 2]
    assert all("a record is a mapping" in messages(r)[0] for r in results)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_an_empty_json_lines_file_is_reported_like_other_empty_files(
    tmp_path: Path, registry: Registry, content: bytes
) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    [problem] = read(path, registry)
    assert isinstance(problem, Problem)
    assert problem.message == "file is empty"


# --- CSV layout ----------------------------------------------------------------------------


def test_the_csv_layout_is_fixed_columns_then_one_column_per_answer(
    registry: Registry, header: list[str]
) -> None:
    assert header[: len(FIXED_COLUMNS)] == list(FIXED_COLUMNS)
    assert header[:6] == ["sku", "product_name", "applicant", "brand", "model", "electrical"]
    assert len(header) == len(set(header))
    answers = header[len(FIXED_COLUMNS) :]
    drops = [name for name in answers if name.startswith("drop-test.drops")]
    assert drops == [f"drop-test.drops.{n}" for n in range(1, 10)]
    assert "label-placement.barcode_layer" in answers
    expected = 0
    for compiled in select(registry, []):
        for item in compiled.checklist.items:
            if item.id == "drops":
                continue
            assert f"{compiled.checklist.id}.{item.id}" in answers
            expected += 1
    assert len(answers) == expected + 9


def test_the_csv_layout_follows_the_chosen_checklists(registry: Registry) -> None:
    drop = registry.get("drop-test", "2")
    stack = registry.get("packaging-stack", "2")
    assert drop is not None
    assert stack is not None
    columns = csv_columns_for([stack, drop])
    answers = columns[len(FIXED_COLUMNS) :]
    assert answers[0] == "packaging-stack.cushioning"
    assert answers[-1] == "drop-test.tested_as_shipped"
    assert not any(name.startswith("label-placement.") for name in answers)


def test_a_csv_row_becomes_the_same_record_as_yaml(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    record["photos"] = ["photos/a.jpg", "photos/b 2.jpg"]
    (tmp_path / "photos").mkdir()
    for name in record["photos"]:
        (tmp_path / name).write_bytes(b"")  # judging checks they exist; certify reads them
    path = write_csv(tmp_path / "sheet.csv", header, [csv_row(record)])
    [raw] = raws(path, registry)
    assert raw.data == record
    assert raw.origin.row == 2
    assert raw.origin.line is None
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS
    assert result.record is not None
    photos = [(photo.file, photo.caption) for photo in result.record.photos]
    assert photos == [("photos/a.jpg", None), ("photos/b 2.jpg", None)]  # a cell has no captions


def test_applicant_brand_and_model_columns_fill_the_record(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    party = {"applicant": "深圳明途贸易有限公司 Brightway", "brand": "Brightway", "model": "DL-220"}
    row = {**csv_row(record), **{name: f" {value} " for name, value in party.items()}}
    path = write_csv(tmp_path / "party.csv", header, [row])
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS
    assert result.record is not None
    assert {name: getattr(result.record, name) for name in party} == party


def test_a_sheet_without_the_party_columns_still_reads(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    older = [name for name in header if name not in ("applicant", "brand", "model")]
    path = write_csv(tmp_path / "older.csv", older, [csv_row(record)])
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS
    assert result.record is not None
    assert (result.record.applicant, result.record.brand, result.record.model) == (None,) * 3


def test_excel_utf8_with_bom_is_accepted(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    path = write_csv(tmp_path / "excel.csv", header, [csv_row(record)], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfsku,")
    [result] = judged(path, registry)
    assert result.verdict is Verdict.PASS
    assert result.product_name == "无线蓝牙耳机 Wireless Earbuds"


def test_a_gbk_csv_names_the_option_and_reads_with_it(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    record["product_name"] = "保温杯 不锈钢"
    path = write_csv(tmp_path / "gbk.csv", header, [csv_row(record)], encoding="gbk")
    [result] = judged(path, registry)
    assert result.verdict is Verdict.INVALID
    [problem] = result.problems
    assert problem.location.file == str(path)
    assert "not valid UTF-8 text" in problem.message
    assert "--encoding gbk" in problem.message
    assert "\n" not in str(problem)
    [ok] = judged(path, registry, encoding="gbk")
    assert ok.verdict is Verdict.PASS
    assert ok.product_name == "保温杯 不锈钢"


def test_a_bad_byte_late_in_a_large_csv_is_located_on_its_own_line(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    rows = []
    for number in range(300):
        row = csv_row(with_sku(record, f"S-{number}"))
        rows.append(row)
    data = csv_text(header, rows).encode("utf-8")
    lines = data.split(b"\r\n")
    bad_line = 201  # the header is line 1
    lines[bad_line - 1] = lines[bad_line - 1].replace("无线".encode(), "无线".encode("gbk"))
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\r\n".join(lines))
    results = judged(path, registry)
    problems = [p for r in results for p in r.problems]
    assert len(problems) == 1
    assert "--encoding gbk" in problems[0].message
    assert problems[0].location.line == bad_line
    # Every other row was judged; the bad one is INVALID under its own SKU.
    assert len(results) == 300
    assert sum(r.verdict is Verdict.PASS for r in results) == 299
    [invalid] = [r for r in results if r.verdict is Verdict.INVALID]
    assert invalid.sku == f"S-{bad_line - 2}"


def test_an_unknown_column_makes_every_row_invalid(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    rows = [csv_row(record), csv_row(with_sku(record, "B-2"))]
    path = write_csv(tmp_path / "sheet.csv", [*header, "colour"], rows)
    results = judged(path, registry)
    assert [r.verdict for r in results] == [Verdict.INVALID, Verdict.INVALID]
    assert [r.sku for r in results] == ["TWS-EB-001", "B-2"]
    for result in results:
        [problem] = result.problems
        assert (problem.location.row, problem.location.field) == (1, "colour")
        assert "unknown column" in problem.message
        assert "qa-check template" in problem.message


@pytest.mark.parametrize(
    "column", ["drop-test.drop_height", "drop-test.drops.10", "drop-test.drops"]
)
def test_an_unknown_answer_column_names_its_checklist(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str], column: str
) -> None:
    path = write_csv(tmp_path / "sheet.csv", [*header, column], [csv_row(record)])
    [result] = judged(path, registry)
    assert result.verdict is Verdict.INVALID
    header_problems = [p for p in result.problems if p.location.row == 1]
    assert [p.location.field for p in header_problems] == [column]
    assert header_problems[0].message == (
        f"unknown column: checklist drop-test has no item for {column!r}"
    )


def test_a_duplicate_column_is_invalid(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    path = write_csv(tmp_path / "sheet.csv", [*header, "site"], [csv_row(record)])
    [result] = judged(path, registry)
    assert result.verdict is Verdict.INVALID
    [problem] = result.problems
    assert (problem.location.row, problem.location.field) == (1, "site")
    assert problem.message == "column appears twice"


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    path = write_csv(
        tmp_path / "sheet.csv",
        header,
        [csv_row(record), {}, {"sku": "  "}, csv_row(with_sku(record, "B-2"))],
    )
    results = judged(path, registry)
    assert [(r.sku, r.location.row) for r in results] == [("TWS-EB-001", 2), ("B-2", 5)]
    assert all(r.verdict is Verdict.PASS for r in results)


def test_a_row_with_more_cells_than_the_header_is_invalid(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    text = csv_text(header, [csv_row(record)]).rstrip("\r\n") + ",surplus,cells\r\n"
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    [result] = judged(path, registry)
    assert result.verdict is Verdict.INVALID
    [problem] = result.problems
    assert problem.location.row == 2
    assert problem.message == f"{len(header) + 2} cells but the header has {len(header)} columns"


def test_a_short_row_reads_its_missing_cells_as_blank(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    cells = [csv_row(record).get(name, "") for name in header[:4]]
    path = tmp_path / "sheet.csv"
    path.write_text(",".join(header) + "\r\n" + ",".join(cells) + "\r\n", encoding="utf-8")
    [result] = judged(path, registry)
    assert result.verdict is Verdict.INVALID
    fields = {p.location.field for p in result.problems}
    assert {"length_cm", "site", "inspected_at", "checklists"} <= fields
    assert all(p.location.row == 2 for p in result.problems)


def test_drop_columns_are_assembled_into_a_list(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    record["answers"]["drop-test"]["drops"] = ["intact"] * 4 + ["damaged"] + ["intact"] * 4
    path = write_csv(tmp_path / "sheet.csv", header, [csv_row(record)])
    [raw] = raws(path, registry)
    assert isinstance(raw.data, dict)
    assert raw.data["answers"]["drop-test"]["drops"][4] == "damaged"
    [result] = judged(path, registry)
    assert result.verdict is Verdict.FAIL
    [failure] = result.failures
    assert (failure.item, failure.rule) == ("drops", "DT-3")
    assert failure.location.row == 2
    assert failure.location.field == "drop-test.drops"


def test_a_blank_drop_cell_names_the_entry(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    row = csv_row(record)
    row["drop-test.drops.4"] = ""
    path = write_csv(tmp_path / "sheet.csv", header, [row])
    [raw] = raws(path, registry)
    assert isinstance(raw.data, dict)
    assert raw.data["answers"]["drop-test"]["drops"][3] is None
    [result] = judged(path, registry)
    assert result.verdict is Verdict.INVALID
    [problem] = result.problems
    assert (problem.location.row, problem.location.field) == (2, "drop-test.drops")
    assert problem.message == "entry 4 (edge) has no answer"


def test_only_the_last_drops_blank_still_gives_a_full_list(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    row = csv_row(record)
    row["drop-test.drops.9"] = ""
    path = write_csv(tmp_path / "sheet.csv", header, [row])
    [raw] = raws(path, registry)
    assert isinstance(raw.data, dict)
    assert raw.data["answers"]["drop-test"]["drops"] == ["intact"] * 8 + [None]
    [result] = judged(path, registry)
    assert messages(result) == ["entry 9 (face) has no answer"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("drop-test@1", {"drop-test": "1"}),
        ("packaging-stack@1; drop-test@2", {"packaging-stack": "1", "drop-test": "2"}),
        (" drop-test @ 1 ;; label-placement@1.2 ;", {"drop-test": "1", "label-placement": "1.2"}),
    ],
)
def test_the_checklists_cell(
    tmp_path: Path, registry: Registry, header: list[str], cell: str, expected: dict[str, str]
) -> None:
    path = write_csv(tmp_path / "sheet.csv", header, [{"sku": "A", "checklists": cell}])
    [raw] = raws(path, registry)
    assert isinstance(raw.data, dict)
    assert raw.data["checklists"] == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("drop-test", "'drop-test' should be checklist@version, e.g. drop-test@2"),
        ("drop-test@", "'drop-test@' should be checklist@version, e.g. drop-test@2"),
        ("@1", "'@1' should be checklist@version, e.g. drop-test@2"),
        ("drop-test@1; drop-test@2", "drop-test is listed twice"),
    ],
)
def test_a_malformed_checklists_cell_is_located(
    tmp_path: Path,
    registry: Registry,
    record: dict[str, Any],
    header: list[str],
    cell: str,
    message: str,
) -> None:
    row = {**csv_row(record), "checklists": cell}
    path = write_csv(tmp_path / "sheet.csv", header, [row])
    [result] = judged(path, registry)
    assert result.verdict is Verdict.INVALID
    located = [p for p in result.problems if p.message == message]
    assert len(located) == 1
    assert (located[0].location.row, located[0].location.field) == (2, "checklists")


def test_photos_are_split_on_semicolons(
    tmp_path: Path, registry: Registry, header: list[str]
) -> None:
    cell = "a.jpg; photos/b c.png;; ;"
    path = write_csv(tmp_path / "sheet.csv", header, [{"sku": "A", "photos": cell}])
    [raw] = raws(path, registry)
    assert isinstance(raw.data, dict)
    assert raw.data["photos"] == ["a.jpg", "photos/b c.png"]


def test_a_csv_field_error_carries_row_and_column(
    tmp_path: Path, registry: Registry, record: dict[str, Any], header: list[str]
) -> None:
    bad = {**csv_row(with_sku(record, "B-2")), "gross_weight_kg": "1,2 kg"}
    path = write_csv(tmp_path / "sheet.csv", header, [csv_row(record), bad])
    results = judged(path, registry)
    assert [r.verdict for r in results] == [Verdict.PASS, Verdict.INVALID]
    [problem] = results[1].problems
    assert (problem.location.row, problem.location.field) == (3, "gross_weight_kg")
    assert str(problem) == (
        f"{path} row 3 [gross_weight_kg]: '1,2 kg' has a unit typed in:"
        " write 1.2 (unit: kg)"
    )


@pytest.mark.parametrize("content", ["", "\r\n", " , ,\r\n"])
def test_an_empty_csv_is_one_problem(tmp_path: Path, registry: Registry, content: str) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    [problem] = read(path, registry)
    assert isinstance(problem, Problem)
    assert problem.message == "file is empty"


# --- record files --------------------------------------------------------------------------


def test_record_files_walks_folders_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    for name in [
        "b.yaml",
        "a.json",
        "sub/deeper/c.jsonl",
        "sub/d.CSV",
        "sub/e.yml",
        "notes.txt",
        "photo.jpg",
        ".hidden.yaml",
        ".git/f.yaml",
        "sub/.cache/g.json",
    ]:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = record_files([tmp_path / "in"])
    names = [p.relative_to(tmp_path / "in").as_posix() for p in found if isinstance(p, Path)]
    assert len(names) == len(found)
    assert names == ["a.json", "b.yaml", "sub/d.CSV", "sub/deeper/c.jsonl", "sub/e.yml"]


def test_record_files_keeps_the_order_given(tmp_path: Path) -> None:
    first, second = tmp_path / "z.yaml", tmp_path / "folder"
    first.write_text("x", encoding="utf-8")
    second.mkdir()
    (second / "a.json").write_text("x", encoding="utf-8")
    assert record_files([first, second]) == [first, second / "a.json"]


def test_a_folder_under_a_hidden_parent_is_still_read_when_named(tmp_path: Path) -> None:
    folder = tmp_path / ".results"
    folder.mkdir()
    (folder / "a.yaml").write_text("x", encoding="utf-8")
    assert record_files([folder]) == [folder / "a.yaml"]


def test_a_named_file_of_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "results.ods"
    path.write_bytes(b"PK")
    with pytest.raises(UsageError) as caught:
        record_files([path])
    [problem] = caught.value.problems
    assert problem.location.file == str(path)
    assert problem.message == f"not a record file ({', '.join(RECORD_SUFFIXES)})"


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "missing"
    with pytest.raises(UsageError) as caught:
        record_files([path])
    assert [str(p) for p in caught.value.problems] == [f"{path}: no such file or folder"]


def test_an_unreadable_file_does_not_stop_the_others(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    good = tmp_path / "a.json"
    good.write_text(json.dumps(record), encoding="utf-8")
    empty = tmp_path / "b.yaml"
    empty.write_text("", encoding="utf-8")
    again = tmp_path / "c.yaml"
    again.write_text(yaml.safe_dump(record), encoding="utf-8")
    found = list(read_records(record_files([tmp_path]), registry))
    assert [type(entry).__name__ for entry in found] == ["RawRecord", "Problem", "RawRecord"]
    problem = found[1]
    assert isinstance(problem, Problem)
    assert str(problem) == f"{empty}: file is empty"


# --- hostile and broken input --------------------------------------------------------------

Outcome = tuple[int, str]
"""What one CSV row became: (row, the SKU of a record read) or (row, "!" + words of a problem)."""


def outcomes(path: Path, registry: Registry, encoding: str = "utf-8-sig") -> list[Outcome]:
    found: list[Outcome] = []
    for entry in read(path, registry, encoding):
        if isinstance(entry, Problem):
            found.append((entry.location.row or 0, "!" + entry.message))
        else:
            assert isinstance(entry.data, dict)
            found.append((entry.origin.row or 0, str(entry.data.get("sku"))))
    return found


LONG = "x" * (MAX_LINE_BYTES + 1)
NEVER_CLOSED = '!invalid CSV: the quote " opened on line {} is never closed'
TOO_LONG = "!invalid CSV: the row starting on line {} is longer than 1,048,576 bytes"

BROKEN_CSV: list[tuple[str, list[str], list[Outcome]]] = [
    (
        "a quote never closed swallows no rows",
        ['A,"x', "B,y", "C,z"],
        [(2, NEVER_CLOSED.format(2)), (3, "B"), (4, "C")],
    ),
    ("a quote open on the last line", ["A,x", 'B,"y'], [(2, "A"), (3, NEVER_CLOSED.format(3))]),
    (
        "a quote inside a quoted cell",
        ['A,"Hall "3"', "B,y"],
        [(2, "!invalid CSV: ',' expected after '\"'; a quote \" inside a cell"), (3, "B")],
    ),
    (
        "a later quote closes the open one in the wrong place",
        ['A,"x', "B,y", 'C",z,w', "D,v"],
        [(2, NEVER_CLOSED.format(2)), (3, "B"), (4, 'C"'), (5, "D")],
    ),
    (
        "a cell over several lines (Alt+Enter) still works after a broken row",
        ['A,"x', "B,y", 'C,"one', 'two"', "D,w"],
        [(2, NEVER_CLOSED.format(2)), (3, "B"), (4, "C"), (5, "D")],
    ),
    ("a cell over the size limit", [f"A,{LONG}", "B,y"], [(2, TOO_LONG.format(2)), (3, "B")]),
    (
        "a quote that runs on past the size limit",
        ['A,"x', *[f"S{n},{'y' * 200_000}" for n in range(6)], "B,y"],
        [(2, TOO_LONG.format(2)), *[(n + 3, f"S{n}") for n in range(6)], (9, "B")],
    ),
    (
        "a line of 1.8 MB in UTF-8 but 600,000 characters",
        ["A," + "无" * 600_000, "B,y"],
        [(2, TOO_LONG.format(2)), (3, "B")],
    ),
]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [case[1:] for case in BROKEN_CSV],
    ids=[case[0] for case in BROKEN_CSV],
)
def test_a_broken_csv_row_is_invalid_and_every_row_after_it_is_read(
    tmp_path: Path, registry: Registry, rows: list[str], expected: list[Outcome]
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("\r\n".join(["sku,site", *rows]) + "\r\n", encoding="utf-8")
    found = outcomes(path, registry)
    assert [row for row, _ in found] == [row for row, _ in expected]
    for (_, got), (_, want) in zip(found, expected, strict=True):
        assert got.startswith(want), got[:200]


def test_a_cell_over_several_lines_keeps_its_line_break(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(b'sku,site\r\nA,"Hall 3\nDock 2"\r\nB,y\r\n')
    first, second = raws(path, registry)
    assert isinstance(first.data, dict)
    assert first.data["site"] == "Hall 3\nDock 2"
    assert (first.origin.row, second.origin.row) == (2, 3)


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (b"sku,site\rA,x\rB,y\r", "utf-8-sig"),  # old Mac Excel: CR alone ends a line
        (b"\xef\xbb\xbfsku,site\nA,x\nB,y", "utf-8-sig"),
        ("sku,site\r\nA,x\r\nB,y\r\n".encode("utf-16"), "utf-16"),
        ("sku,site\r\nA,x\r\nB,y\r\n".encode("utf-16-be"), "utf-16-be"),
        ("sku,site\nA,x\nB,y\n".encode("gb18030"), "gb18030"),
    ],
)
def test_lines_are_split_after_decoding(
    tmp_path: Path, registry: Registry, content: bytes, encoding: str
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(content)
    assert outcomes(path, registry, encoding) == [(2, "A"), (3, "B")]
    path = tmp_path / "batch.jsonl"
    lines = content.decode(encoding).removeprefix("\ufeff").splitlines()[1:]
    text = "\r".join(json.dumps({"sku": line.split(",")[0]}) for line in lines)
    path.write_bytes(text.encode(encoding))  # utf-8-sig writes a byte order mark
    assert [r.origin.line for r in raws(path, registry, encoding)] == [1, 2]


def test_a_csv_line_that_cannot_be_decoded_names_its_line_and_character(
    tmp_path: Path, registry: Registry
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(b"sku,site\r\nA,x\r\nB,\xff\xfe\r\nC,z\r\n")
    found = read(path, registry)
    assert len(found) == 3
    bad = found[1]
    assert isinstance(bad, RawRecord)
    [problem] = bad.problems
    assert problem.location == Location(str(path), 3)
    assert problem.message.startswith("not valid UTF-8 text (character 3 of the line)")
    assert isinstance(bad.data, dict)
    assert bad.data["site"] == "\ufffd\ufffd"


def test_a_utf16_file_without_its_byte_order_mark_is_one_located_problem(
    tmp_path: Path, registry: Registry
) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes('{"sku": "A"}\n'.encode("utf-16-le"))
    [problem] = read(path, registry, "utf-16")
    assert isinstance(problem, Problem)
    assert problem.location == Location(str(path), 1)
    assert problem.message.startswith("not valid UTF-16 text;")


BIG_NUMBER = "1" + "0" * 308  # 1e308: still a float
HUGE_NUMBER = "9" * 400  # past any float

BROKEN_JSONL: list[tuple[str, str, str]] = [
    ("nested 100,000 deep", "[" * 100_000 + "]" * 100_000, "nested more than 64 levels deep"),
    ("a list 300 deep in an answer", '{"answers": {"x": ' + "[" * 300 + "]" * 300 + "}}", "nested"),
    ("a lone surrogate", '{"sku": "\\ud800"}', "(a lone surrogate)"),
    ("NaN", '{"sku": "A", "n": NaN}', "NaN is not a number a record can hold"),
    ("a duplicate key", '{"sku": "A", "sku": "B"}', "duplicate key 'sku'"),
    ("a line over the limit", '{"sku": "' + "x" * MAX_LINE_BYTES + '"}', "longer than 1,048,576"),
    ("1.8 MB of Chinese", '{"sku": "' + "无" * 600_000 + '"}', "longer than 1,048,576 bytes"),
]


@pytest.mark.parametrize(
    ("line", "words"),
    [case[1:] for case in BROKEN_JSONL],
    ids=[case[0] for case in BROKEN_JSONL],
)
def test_a_broken_json_line_is_located_and_the_next_one_read(
    tmp_path: Path, registry: Registry, line: str, words: str
) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(f'{{"sku": "A"}}\n\n{line}\n{{"sku": "B"}}\n', encoding="utf-8")
    _, problem, last = read(path, registry)
    assert isinstance(problem, Problem)
    assert problem.location == Location(str(path), 3)
    assert words in problem.message
    assert isinstance(last, RawRecord)
    assert last.origin.line == 4


@pytest.mark.parametrize(
    ("number", "verdict", "words"),
    [
        (BIG_NUMBER, Verdict.INVALID, f"{float(BIG_NUMBER):g} m is above 10"),
        (HUGE_NUMBER, Verdict.INVALID, "is not a finite number"),
        ("-" + HUGE_NUMBER, Verdict.INVALID, "is not a finite number"),
        ("1e999", Verdict.INVALID, "is not a finite number"),
    ],
)
def test_a_huge_number_is_a_message_not_an_overflow(
    tmp_path: Path,
    registry: Registry,
    record: dict[str, Any],
    number: str,
    verdict: Verdict,
    words: str,
) -> None:
    text = json.dumps(record).replace('"drop_height_m": "1.2"', f'"drop_height_m": {number}')
    assert number in text
    path = tmp_path / "batch.jsonl"
    path.write_text(text + "\n", encoding="utf-8")
    [result] = judged(path, registry)
    assert result.verdict is verdict
    assert any(words in message for message in messages(result)), messages(result)


COUNT_ROWS = """
import sys
from pathlib import Path
from qa_check.engine.checklists import load_registry
from qa_check.core.errors import Problem
from qa_check.records.read import read_records
from qa_check.engine.dispatch import judge_all
from qa_check.certificates.preflight import CHECKS
registry = load_registry([Path(sys.argv[2])])
found = list(read_records([Path(sys.argv[1])], registry))
last = list(judge_all(found, registry, checks=CHECKS))[-1]
unread = sum(isinstance(entry, Problem) for entry in found)
print(len(found), unread, last.sku, last.location.row or last.location.line)
"""
"""Prints the entries read from a file, how many could not be read, and the last one's SKU and
row or line: that every row after a broken one is still judged."""


def sparse_file(path: Path, head: bytes, gap: int, tail: bytes) -> Path:
    """``head``, ``gap`` NUL bytes that take no disk space, then ``tail``."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.seek(gap, os.SEEK_CUR)
        handle.write(tail)
    return path


HUGE_LINE = 200 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "head", "tail", "last"),
    [
        ("batch.jsonl", b'{"sku": "A"}\n{"sku": "', b'"}\n{"sku": "B"}\n', "B 3"),
        ("sheet.csv", b"sku,site\r\nA,x\r\nB,", b"\r\nC,z\r\n", "C 4"),
    ],
)
def test_a_200_mb_line_is_refused_while_read_never_held(
    tmp_path: Path, name: str, head: bytes, tail: bytes, last: str
) -> None:
    path = sparse_file(tmp_path / name, head, HUGE_LINE, tail)
    shown = run_bounded(COUNT_ROWS, str(path), str(CHECKLISTS), seconds=60, memory_mib=256)
    assert shown == f"3 1 {last}\n"


def test_a_file_of_broken_quotes_is_read_in_linear_time(tmp_path: Path) -> None:
    # Each line leaves a quote open that the next one closes and opens again: retrying every
    # failed row from its next line would read the file again for each line.
    path = tmp_path / "sheet.csv"
    path.write_text("sku,site\r\n" + 'a",b,"c\r\n' * 50_000 + "B,y\r\n", encoding="utf-8")
    shown = run_bounded(COUNT_ROWS, str(path), str(CHECKLISTS), seconds=60, memory_mib=256)
    assert shown == "50001 50000 B 50002\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("suffix", RECORD_SUFFIXES)
def test_a_fifo_named_like_a_record_file_is_refused_not_waited_on(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"pipe{suffix}"
    os.mkfifo(path)
    shown = run_bounded(COUNT_ROWS, str(path), str(CHECKLISTS), seconds=20, memory_mib=256)
    assert shown == "1 1 None None\n"


# --- encodings ------------------------------------------------------------------------------


def test_every_text_encoding_reads_garbage_without_a_traceback(
    tmp_path: Path, registry: Registry
) -> None:
    # Any UnicodeError while decoding is a located problem: a batch never stops on one.
    garbage = bytes(range(256)) * 4 + b"\r\n\xff\xfe\x00\xd8\r\n" + bytes(range(255, -1, -1))
    modules = [module.name for module in pkgutil.iter_modules(encodings.__path__)]
    names = {info.name for info in map(_lookup, modules) if info is not None}
    checked = 0
    for name in sorted(names):
        try:
            codec = text_encoding(name)
        except UsageError:
            continue
        for suffix in (".csv", ".jsonl", ".yaml"):
            path = tmp_path / f"garbage{suffix}"
            path.write_bytes(garbage)
            for entry in read(path, registry, codec):
                assert isinstance(entry, RawRecord | Problem)
        checked += 1
    assert checked > 80


def _lookup(name: str) -> codecs.CodecInfo | None:
    try:
        return codecs.lookup(name)
    except LookupError:
        return None


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("utf-8", "utf-8-sig"),
        ("UTF8", "utf-8-sig"),
        ("utf-8-sig", "utf-8-sig"),
        ("GBK", "gbk"),
        ("cp936", "gbk"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("latin-1", "iso8859-1"),
        ("big5", "big5"),
    ],
)
def test_text_encodings_are_accepted(name: str, codec: str) -> None:
    assert text_encoding(name) == codec


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("rot13", "'rot13' does not turn a file's bytes into plain text"),
        ("base64", "'base64' does not turn"),
        ("hex", "'hex' does not turn"),
        ("zlib", "'zlib' does not turn"),
        ("idna", "'idna' does not turn"),
        ("punycode", "'punycode' does not turn"),
        ("unicode_escape", "'unicode_escape' does not turn"),
        ("raw_unicode_escape", "'raw_unicode_escape' does not turn"),
        ("undefined", "'undefined' does not turn"),
        ("utf-7", "'utf-7' does not turn"),
        ("klingon", "unknown encoding 'klingon'"),
        ("", "unknown encoding ''"),
        ("utf\x008", "unknown encoding 'utf\\x008'"),
    ],
)
def test_other_encodings_are_a_usage_error(name: str, words: str) -> None:
    with pytest.raises(UsageError) as caught:
        text_encoding(name)
    [problem] = caught.value.problems
    assert problem.location == Location("--encoding")
    assert problem.message.startswith(words)


@pytest.mark.parametrize("name", ["rot13", "base64", "idna", "unicode_escape"])
def test_the_command_refuses_such_an_encoding_without_a_traceback(name: str) -> None:
    result = CliRunner().invoke(
        app, ["validate", str(ROOT / "examples"), "--encoding", name, "-c", str(CHECKLISTS)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --encoding: {name!r} does not turn")
    assert "Traceback" not in result.stdout + result.stderr


def test_expected_count_is_about_one_record_a_line_for_sheets(tmp_path: Path) -> None:
    sheet = tmp_path / "a.csv"
    sheet.write_bytes(b"sku,product_name\n" + b"X,Y\n" * 2500 + b"Z,W")  # no final newline
    lines = tmp_path / "b.jsonl"
    lines.write_bytes(b'{"sku": 1}\n' * 7)
    single = tmp_path / "c.yaml"
    single.write_text("sku: X\n", "utf-8")
    empty = tmp_path / "d.csv"
    empty.write_bytes(b"")
    skipped = Problem(Location(str(tmp_path / "link.yaml")), "a symbolic link")
    files: list[Path | Problem] = [sheet, lines, single, empty, skipped, tmp_path / "gone.csv"]
    assert expected_count(files) == 2501 + 7 + 1 + 0 + 1 + 1
