"""Reading records from YAML, JSON, JSON Lines and CSV: every record found, every problem placed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT, with_sku
from qa_check.checklists import Registry
from qa_check.cli import app
from qa_check.errors import Location, Problem, UsageError
from qa_check.records import (
    FIXED_COLUMNS,
    RECORD_SUFFIXES,
    csv_columns_for,
    read_records,
    record_files,
    text_encoding,
)
from qa_check.validate import RawRecord, SkuResult, Verdict, judge_all

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
    return list(judge_all(read_records([path], registry, encoding), registry))


def messages(result: SkuResult) -> list[str]:
    return [problem.message for problem in result.problems]


@pytest.fixture
def header(registry: Registry) -> list[str]:
    return csv_columns_for(list(registry))


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
    assert header[:3] == ["sku", "product_name", "electrical"]
    assert len(header) == len(set(header))
    answers = header[len(FIXED_COLUMNS) :]
    drops = [name for name in answers if name.startswith("drop-test.drops")]
    assert drops == [f"drop-test.drops.{n}" for n in range(1, 10)]
    assert "label-placement.barcode_layer" in answers
    expected = 0
    for compiled in registry:
        for item in compiled.checklist.items:
            if item.id == "drops":
                continue
            assert f"{compiled.checklist.id}.{item.id}" in answers
            expected += 1
    assert len(answers) == expected + 9


def test_the_csv_layout_follows_the_chosen_checklists(registry: Registry) -> None:
    drop = registry.get("drop-test", "1")
    stack = registry.get("packaging-stack", "1")
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
    assert result.record.photos == ["photos/a.jpg", "photos/b 2.jpg"]


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
        ("drop-test", "'drop-test' should be checklist@version, e.g. drop-test@1"),
        ("drop-test@", "'drop-test@' should be checklist@version, e.g. drop-test@1"),
        ("@1", "'@1' should be checklist@version, e.g. drop-test@1"),
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
        " write the number alone, 1.2 (unit: kg)"
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
    names = [p.relative_to(tmp_path / "in").as_posix() for p in found]
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
    path = tmp_path / "results.xlsx"
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


# --- encodings ------------------------------------------------------------------------------


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
