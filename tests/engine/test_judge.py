"""Judging records: PASS, FAIL with every reason, or INVALID with every located problem."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS, DATA, with_sku
from qa_check.certificates.preflight import CHECKS
from qa_check.cli.app import app
from qa_check.core.errors import Location, Problem, dotted
from qa_check.engine.checklists import Registry, bundled_folders, load_registry, select
from qa_check.engine.judge import (
    Judged,
    Outcome,
    RawRecord,
    SkuResult,
    Summary,
    Verdict,
    judge,
)
from qa_check.records.columns import csv_columns_for

JudgeFiles = Callable[..., list[SkuResult]]


def raw(data: object) -> RawRecord:
    def locate(path: tuple[str | int, ...]) -> Location:
        return Location("r.yaml", field=dotted(path) or None)

    return RawRecord(data, Location("r.yaml", 1), locate)


def run(data: object, registry: Registry) -> SkuResult:
    return judge(raw(data), registry, checks=CHECKS)


def problems(result: SkuResult) -> list[tuple[str | None, str]]:
    return [(p.location.field, p.message) for p in result.problems]


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, text: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if i > after and text in line)


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    row = {key: str(record[key]) for key in ("sku", "product_name", "inspector", "site")}
    row["inspected_at"] = record["inspected_at"]
    row.update(record["product"])
    row["checklists"] = "; ".join(f"{key}@{value}" for key, value in record["checklists"].items())
    for checklist_id, answers in record["answers"].items():
        for item_id, value in answers.items():
            if isinstance(value, list):
                for number, entry in enumerate(value, start=1):
                    row[f"{checklist_id}.{item_id}.{number}"] = entry
            else:
                row[f"{checklist_id}.{item_id}"] = value
    return row


def write_csv(path: Path, registry: Registry, rows: list[dict[str, str]]) -> Path:
    header = csv_columns_for(select(registry, []))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# --- PASS ----------------------------------------------------------------------------------


def test_the_passing_record_passes_with_its_checklists_named(
    registry: Registry, record: dict[str, Any]
) -> None:
    result = run(record, registry)
    assert result.verdict is Verdict.PASS
    assert (result.failures, result.problems) == ((), ())
    assert result.sku == "TWS-EB-001"
    assert result.product_name == "无线蓝牙耳机 Wireless Earbuds"
    assert result.checklists == (
        "packaging-stack@2",
        "label-placement@3",
        "drop-test@2",
        "compression-test@2",
    )
    assert result.location == Location("r.yaml", 1)


def test_json_typed_answers_are_accepted(registry: Registry, record: dict[str, Any]) -> None:
    drop = record["answers"]["drop-test"]
    drop["drop_height_m"] = 1.5
    drop["works_normally"] = True
    record["product"]["gross_weight_kg"] = 0.45
    record["checklists"] = {key: int(version) for key, version in record["checklists"].items()}
    assert run(record, registry).verdict is Verdict.PASS


def test_choices_may_be_given_by_their_labels(registry: Registry, record: dict[str, Any]) -> None:
    record["answers"]["packaging-stack"]["outermost_layer"] = "Colour box"
    record["answers"]["label-placement"]["barcode_layer"] = "彩盒"
    assert run(record, registry).verdict is Verdict.PASS


# --- conditions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "not_needed"),
    [
        (
            {("product", "electrical"): "no"},
            [("label-placement", "electrical_label_on_colour_box")],
        ),
        (
            {("answers", "packaging-stack", "cushioning"): "pearl_cotton"},
            [("packaging-stack", "opp_bag"), ("packaging-stack", "foam_no_crumbs")],
        ),
        (
            {
                ("answers", "packaging-stack", "cushioning"): "fixing_material",
                ("answers", "packaging-stack", "product_held_still"): "yes",
            },
            [
                ("packaging-stack", "custom_moulded"),
                ("packaging-stack", "cushion_density_kg_m3"),
                ("packaging-stack", "opp_bag"),
                ("packaging-stack", "foam_no_crumbs"),
            ],
        ),
    ],
)
def test_items_whose_condition_is_false_need_no_answer(
    registry: Registry,
    record: dict[str, Any],
    change: dict[tuple[str, ...], str],
    not_needed: list[tuple[str, str]],
) -> None:
    for path, value in change.items():
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    for checklist_id, item_id in not_needed:
        del record["answers"][checklist_id][item_id]
    assert run(record, registry).verdict is Verdict.PASS


def test_an_item_whose_condition_is_true_needs_its_answer(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["answers"]["packaging-stack"]["cushioning"] = "fixing_material"
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert problems(result) == [
        (
            "answers.packaging-stack.product_held_still",
            "no answer (Shake the closed box. Does the product stay still?)",
        )
    ]


def test_a_condition_on_a_bad_answer_does_not_report_twice(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["answers"]["packaging-stack"]["cushioning"] = "bubble wrap"
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert [field for field, _ in problems(result)] == ["answers.packaging-stack.cushioning"]


# --- INVALID -------------------------------------------------------------------------------


def test_an_unknown_checklist_id(registry: Registry, record: dict[str, Any]) -> None:
    record["checklists"]["carton-test"] = "1"
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert problems(result) == [
        ("checklists.carton-test", "unknown checklist carton-test@1 (no such checklist loaded)")
    ]
    assert result.sku == "TWS-EB-001"


def test_an_unknown_version_lists_the_loaded_ones(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["checklists"]["drop-test"] = "4"
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert problems(result) == [
        ("checklists.drop-test", "unknown checklist drop-test@4 (loaded versions: 1, 2, 3)")
    ]


def test_a_missing_applicable_answer(registry: Registry, record: dict[str, Any]) -> None:
    del record["answers"]["drop-test"]["surface"]
    record["answers"]["compression-test"]["hold_minutes"] = None
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert problems(result) == [
        ("answers.drop-test.surface", "no answer (Which surface was the package dropped onto?)"),
        (
            "answers.compression-test.hold_minutes",
            "no answer (How long was the load held (minutes)?)",
        ),
    ]


def test_a_missing_checklist_of_answers_reports_each_item(
    registry: Registry, record: dict[str, Any]
) -> None:
    del record["answers"]["compression-test"]
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert [field for field, _ in problems(result)] == [
        "answers.compression-test.applied_load_kg",
        "answers.compression-test.hold_minutes",
        "answers.compression-test.product_undamaged",
        "answers.compression-test.package_held_shape",
    ]


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        (
            "surface",
            "granite",
            "'granite' is not one of: concrete, steel_3mm, hardwood_10mm, other",
        ),
        ("drop_height_m", "120 cm", "'120 cm' has a unit typed in: write 1.2 (unit: m)"),
        ("drop_height_m", "high", "'high' is not a number"),
        ("drop_height_m", "0", "0 m is below 0.01"),
        ("drop_height_m", True, "expected a number, got yes/no"),
        ("works_normally", "maybe", "'maybe' is not yes or no"),
        ("works_normally", "1", "'1' is not yes or no"),
        ("drops", "intact", "expected a list of 9 entries"),
        ("drops", ["intact"] * 8, "expected 9 entries, got 8"),
        ("drops", ["intact"] * 3 + ["broken"] + ["intact"] * 5, "entry 4 (edge): 'broken'"),
        ("drops", {"corner": "intact"}, "expected a list of 9 entries"),
    ],
)
def test_a_wrong_answer_type_is_invalid_and_located(
    registry: Registry, record: dict[str, Any], item: str, value: object, message: str
) -> None:
    record["answers"]["drop-test"][item] = value
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert result.failures == ()
    [(field, text)] = problems(result)
    assert field == f"answers.drop-test.{item}"
    assert message in text


def test_an_answer_for_an_item_that_does_not_exist(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["answers"]["drop-test"]["drop_heigth_m"] = "1.2"
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert problems(result) == [
        ("answers.drop-test.drop_heigth_m", "no item 'drop_heigth_m' in checklist drop-test@2")
    ]


def test_answers_for_a_checklist_the_record_does_not_list(
    registry: Registry, record: dict[str, Any]
) -> None:
    del record["checklists"]["compression-test"]
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert problems(result) == [
        (
            "answers.compression-test",
            "answers for checklist 'compression-test', which the record does not list under"
            " checklists",
        )
    ]


def test_answers_for_an_unknown_version_are_not_reported_again(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["checklists"]["compression-test"] = "7"
    result = run(record, registry)
    assert [field for field, _ in problems(result)] == ["checklists.compression-test"]


def test_a_cross_checklist_reference_to_a_checklist_not_recorded(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["checklists"] = {"label-placement": "3"}
    record["answers"] = {"label-placement": record["answers"]["label-placement"]}
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    [(field, message)] = problems(result)
    assert field == "answers.label-placement.barcode_layer"
    assert "packaging-stack.outermost_layer" in message
    assert "not checked against packaging-stack" in message


def test_a_cross_checklist_reference_to_a_bad_answer_is_reported_once(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["answers"]["packaging-stack"]["outermost_layer"] = "cardboard"
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert [field for field, _ in problems(result)] == ["answers.packaging-stack.outermost_layer"]


def test_a_missing_cross_checklist_answer_is_reported_once(
    registry: Registry, record: dict[str, Any]
) -> None:
    del record["answers"]["packaging-stack"]["outermost_layer"]
    result = run(record, registry)
    assert [field for field, _ in problems(result)] == ["answers.packaging-stack.outermost_layer"]


@pytest.mark.parametrize(
    ("weight", "strapped", "verdict", "outcome"),
    [
        ("0.45", None, Verdict.PASS, Outcome.NOT_APPLICABLE),  # neither applies
        ("2.5", "no", Verdict.FAIL, Outcome.NOT_APPLICABLE),
        ("2.5", "yes", Verdict.PASS, Outcome.PASS),
    ],
)
def test_an_item_whose_condition_needs_an_answer_that_does_not_apply_does_not_apply(
    record: dict[str, Any],
    weight: str,
    strapped: str | None,
    verdict: Verdict,
    outcome: Outcome,
) -> None:
    # conditions.strap_tight applies when heavy_strap is yes; heavy_strap when 2 kg or more.
    registry = load_registry([CHECKLISTS, DATA / "conditions"])
    answers = {"light_bag": "yes", "foam_thickness_mm": "3", "strap_tight": "yes"}
    if strapped is not None:
        answers["heavy_strap"] = strapped
    record["product"]["gross_weight_kg"] = weight
    record["checklists"] = {"conditions": "1"}
    record["answers"] = {"conditions": answers}
    result = judge(raw(record), registry, explain=True, checks=CHECKS)
    assert (result.verdict, result.problems) == (verdict, ())
    [tight] = [item for item in result.items if item.item.item_id == "strap_tight"]
    assert tight.outcome is outcome


@pytest.mark.parametrize("data", [None, "text", ["a", "b"], 42])
def test_a_record_that_is_not_a_mapping(registry: Registry, data: object) -> None:
    result = run(data, registry)
    assert result.verdict is Verdict.INVALID
    assert problems(result) == [(None, "a record is a mapping of fields (sku, product, answers …)")]
    assert result.location == Location("r.yaml", 1)


def test_record_field_errors_keep_the_sku_for_the_report(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["product"]["gross_weight_kg"] = "-0.5"
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert (result.sku, result.product_name) == ("TWS-EB-001", "无线蓝牙耳机 Wireless Earbuds")
    assert problems(result) == [("product.gross_weight_kg", "must be more than 0 kg, got -0.5")]


def test_blank_fields_read_as_missing(registry: Registry, record: dict[str, Any]) -> None:
    record["site"] = None
    record["product"]["height_cm"] = None
    result = run(record, registry)
    assert sorted(problems(result)) == [("product.height_cm", "required"), ("site", "required")]


def test_reading_problems_make_the_record_invalid(
    registry: Registry, record: dict[str, Any]
) -> None:
    header_problem = Problem(Location("s.csv", row=1, field="colour"), "unknown column")
    source = RawRecord(record, Location("s.csv", row=2), raw(record).locate, (header_problem,))
    result = judge(source, registry, checks=CHECKS)
    assert result.verdict is Verdict.INVALID
    assert result.problems == (header_problem,)
    assert result.sku == "TWS-EB-001"


# --- FAIL ----------------------------------------------------------------------------------


def test_failures_are_sorted_critical_first_and_say_why(
    registry: Registry, record: dict[str, Any]
) -> None:
    answers = record["answers"]
    answers["packaging-stack"]["mailer_box_plain"] = "no"  # minor
    answers["drop-test"]["parts_fit"] = "no"  # major
    answers["label-placement"]["barcode_black_on_white"] = "no"  # major
    answers["drop-test"]["drop_height_m"] = "1.0"  # critical
    answers["compression-test"]["applied_load_kg"] = "10"  # critical
    result = run(record, registry)
    assert result.verdict is Verdict.FAIL
    assert result.problems == ()
    severities = [f.severity for f in result.failures]
    assert severities == ["critical", "critical", "major", "major", "minor"]
    by_item = {f.item: f for f in result.failures}
    assert set(by_item) == {
        "mailer_box_plain",
        "parts_fit",
        "barcode_black_on_white",
        "drop_height_m",
        "applied_load_kg",
    }
    height = by_item["drop_height_m"]
    assert (height.checklist, height.rule) == ("drop-test@2", "DT-2")
    assert (height.requirement, height.recorded) == ("at least 1.2 m", "1 m")
    assert height.corrective.en == "Repeat the drops from at least the required height."
    assert height.location.field == "answers.drop-test.drop_height_m"
    load = by_item["applied_load_kg"]
    assert load.rule == "CP-2"
    assert load.requirement.startswith("at least 59.4 kg (0.45 kg gross weight x 44 packages")


def test_an_invalid_answer_makes_the_record_invalid_even_with_failures(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["answers"]["drop-test"]["drop_height_m"] = "1.0"
    record["answers"]["drop-test"]["surface"] = "granite"
    result = run(record, registry)
    assert result.verdict is Verdict.INVALID
    assert [f.item for f in result.failures] == ["drop_height_m"]


def test_the_barcode_must_be_on_the_recorded_outermost_layer(
    registry: Registry, record: dict[str, Any]
) -> None:
    record["answers"]["packaging-stack"]["outermost_layer"] = "mailer_box"
    result = run(record, registry)
    assert result.verdict is Verdict.FAIL
    [failure] = result.failures
    assert (failure.item, failure.rule, failure.severity) == ("barcode_layer", "LB-2", "critical")
    assert failure.requirement == "the outermost layer (Mailer box)"
    assert failure.recorded == "Shrink film"


def test_the_drop_counts_per_position(registry: Registry, record: dict[str, Any]) -> None:
    record["answers"]["drop-test"]["drops"] = ["intact"] * 8 + ["damaged"]
    result = run(record, registry)
    [failure] = result.failures
    assert failure.rule == "DT-3"
    assert failure.requirement == "Intact: 3 at corner, 3 at edge, 3 at face"
    assert failure.recorded == "Intact: corner 3/3, edge 3/3, face 2/3"


# --- locations -----------------------------------------------------------------------------


def test_a_yaml_field_error_carries_its_line(
    tmp_path: Path, judge_files: JudgeFiles, record: dict[str, Any]
) -> None:
    record["answers"]["drop-test"]["works_normally"] = "maybe"
    record["product"]["gross_weight_kg"] = "-1"
    path = write_yaml(tmp_path / "r.yaml", record)
    [result] = judge_files(path)
    assert result.verdict is Verdict.INVALID
    weight, answer = result.problems  # a field error does not hide the answers' problems
    assert weight.location == Location(
        str(path), line_of(path, "gross_weight_kg:"), field="product.gross_weight_kg"
    )
    assert answer.location.field == "answers.drop-test.works_normally"
    record["product"]["gross_weight_kg"] = "0.45"
    write_yaml(path, record)
    [result] = judge_files(path)
    [problem] = result.problems
    drop_line = line_of(path, "drop-test:", after=line_of(path, "answers:"))
    assert problem.location == Location(
        str(path),
        line_of(path, "works_normally:", after=drop_line),
        field=("answers.drop-test.works_normally"),
    )
    assert str(problem).startswith(f"{path}:{problem.location.line} [answers.drop-test.")


def test_a_missing_answer_points_at_its_checklist_in_yaml(
    tmp_path: Path, judge_files: JudgeFiles, record: dict[str, Any]
) -> None:
    del record["answers"]["drop-test"]["parts_fit"]
    path = write_yaml(tmp_path / "r.yaml", record)
    [result] = judge_files(path)
    [problem] = result.problems
    assert problem.location.line == line_of(path, "drop-test:", after=line_of(path, "answers:"))
    assert problem.location.field == "answers.drop-test.parts_fit"


def test_a_failure_in_yaml_carries_its_line(
    tmp_path: Path, judge_files: JudgeFiles, record: dict[str, Any]
) -> None:
    record["answers"]["compression-test"]["hold_minutes"] = "30"
    path = write_yaml(tmp_path / "r.yaml", record)
    [result] = judge_files(path)
    [failure] = result.failures
    assert failure.location.line == line_of(path, "hold_minutes:")


@pytest.mark.parametrize(
    ("entry", "text", "field", "message"),
    [
        (
            {"file": "a.jpg", "caption": "x" * 201},
            "caption:",
            "photos[1].caption",
            "too long: at most 200 characters, got 201",
        ),
        ({"file": "a.jpg", "captoin": "Front"}, "captoin:", "photos[1].captoin", "unknown field"),
        ({"file": ["a.jpg"]}, "file:", "photos[1].file", "expected text, got a list"),
        ({"file": 5}, "file: 5", "photos[1].file", "no photo file"),  # read as typed: a name
        (5, "- 5", "photos[1]", "no photo file"),
    ],
)
def test_a_bad_photo_entry_in_yaml_carries_its_line(
    tmp_path: Path,
    judge_files: JudgeFiles,
    record: dict[str, Any],
    entry: object,
    text: str,
    field: str,
    message: str,
) -> None:
    (tmp_path / "a.jpg").write_bytes(b"")
    record["photos"] = ["a.jpg", entry]
    path = write_yaml(tmp_path / "r.yaml", record)
    [result] = judge_files(path)
    assert result.verdict is Verdict.INVALID
    [problem] = result.problems
    assert problem.location == Location(str(path), line_of(path, text), field=field)
    assert message in problem.message


def test_a_csv_error_carries_row_and_column(
    tmp_path: Path, judge_files: JudgeFiles, registry: Registry, record: dict[str, Any]
) -> None:
    good = csv_row(record)
    bad = {**csv_row(with_sku(record, "B-2")), "drop-test.drops.5": "cracked", "width_cm": "-3"}
    path = write_csv(tmp_path / "sheet.csv", registry, [good, bad])
    results = judge_files(path)
    assert [r.verdict for r in results] == [Verdict.PASS, Verdict.INVALID]
    width, drops = results[1].problems  # all at once: the attribute and the answer
    assert width.location == Location(str(path), row=3, field="width_cm")
    assert (drops.location.row, drops.location.field) == (3, "drop-test.drops")
    assert drops.message.startswith("entry 5 (edge): 'cracked' is not one of")


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".jsonl", ".csv"])
@pytest.mark.parametrize(
    ("sku", "scan", "verdict"),
    [
        ("TWS-EB-001", "TWS-EB-001", Verdict.PASS),
        ("TWS-EB-001", "TWS-EB-002", Verdict.FAIL),
        ("0012", "0012", Verdict.PASS),
        ("0012", "12", Verdict.FAIL),
        ("TWS-EB-001", "", Verdict.INVALID),  # no scan is no answer, not a wrong one
    ],
)
def test_the_barcode_scan_is_judged_alike_in_every_format(
    tmp_path: Path,
    judge_files: JudgeFiles,
    registry: Registry,
    record: dict[str, Any],
    suffix: str,
    sku: str,
    scan: str,
    verdict: Verdict,
) -> None:
    record["sku"] = sku
    record["answers"]["label-placement"]["barcode_scan"] = scan
    path = tmp_path / f"r{suffix}"
    if suffix == ".yaml":
        write_yaml(path, record)
    elif suffix == ".csv":
        write_csv(path, registry, [csv_row(record)])
    else:
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    [result] = judge_files(path)
    assert (result.verdict, result.sku) == (verdict, sku)
    if verdict is Verdict.FAIL:
        [failure] = result.failures
        assert (failure.rule, failure.item, failure.recorded) == ("LB-3", "barcode_scan", scan)
        assert failure.requirement == f"same as the SKU ({sku})"
    if verdict is Verdict.INVALID:
        [problem] = result.problems
        assert str(problem.location.field).endswith("label-placement.barcode_scan")


# --- batches -------------------------------------------------------------------------------


def test_a_mixed_batch_loses_no_record(
    tmp_path: Path, judge_files: JudgeFiles, registry: Registry, record: dict[str, Any]
) -> None:
    failing = with_sku(record, "FAIL-1")
    failing["answers"]["drop-test"]["drop_height_m"] = "0.8"
    invalid = with_sku(record, "BAD-1")
    invalid["product"]["gross_weight_kg"] = "0.45 kg"

    folder = tmp_path / "batch"
    folder.mkdir()
    write_yaml(folder / "a_good.yaml", record)  # 1 record
    (folder / "b_broken.yaml").write_text("sku: [unclosed\nsite: X\n", encoding="utf-8")  # 1
    (folder / "c_empty.yml").write_text("\n", encoding="utf-8")  # 1
    write_yaml(folder / "d_list.yaml", [record, failing])  # 2
    (folder / "e_lines.jsonl").write_text(  # 4 lines with data
        "\n".join(
            [
                json.dumps(record, ensure_ascii=False),
                "{this is not json",
                json.dumps(failing),
                "",
                json.dumps(invalid),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    write_csv(folder / "f_sheet.csv", registry, [csv_row(r) for r in (record, failing, invalid)])
    (folder / "notes.txt").write_text("not a record", encoding="utf-8")

    results = judge_files(folder)
    records_in_input = 1 + 1 + 1 + 2 + 4 + 3
    assert len(results) == records_in_input
    verdicts = [r.verdict.value for r in results]
    assert verdicts == [
        "PASS",
        "INVALID",
        "INVALID",
        "PASS",
        "FAIL",
        "PASS",
        "INVALID",
        "FAIL",
        "INVALID",
        "PASS",
        "FAIL",
        "INVALID",
    ]
    files = [Path(r.location.file).name for r in results]
    assert (
        files
        == ["a_good.yaml", "b_broken.yaml", "c_empty.yml"]
        + ["d_list.yaml"] * 2
        + ["e_lines.jsonl"] * 4
        + ["f_sheet.csv"] * 3
    )
    assert [r.location.line for r in results[5:9]] == [1, 2, 3, 5]
    assert [r.location.row for r in results[9:]] == [2, 3, 4]
    assert results[1].location.line is not None
    for result in results:
        if result.verdict is Verdict.INVALID:
            assert result.problems
            assert all("\n" not in str(p) for p in result.problems)
        if result.verdict is Verdict.FAIL:
            assert [f.rule for f in result.failures] == ["DT-2"]

    summary = Summary()
    for result in results:
        summary.add(result)
    assert (summary.passed, summary.failed, summary.invalid) == (4, 3, 5)
    assert summary.total == summary.passed + summary.failed + summary.invalid == len(results)


# --- checks handed in ----------------------------------------------------------------------


def test_the_checks_handed_in_see_the_judged_record_and_locate_their_problems(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    """The engine knows no certificate: what one needs of a record comes in as checks."""
    record["product_name"] = "Kettle \U0001f600"
    seen: list[Judged] = []

    def check(judged: Judged) -> list[tuple[tuple[str | int, ...], str]]:
        seen.append(judged)
        return [(("product_name",), "not on this site")]

    assert judge(raw(record), registry, checks=()).verdict is Verdict.PASS
    result = judge(raw(record), registry, checks=(check,), files=False)
    assert problems(result) == [("product_name", "not on this site")]
    [judged] = seen
    assert (judged.record.sku, judged.files) == ("TWS-EB-001", False)
    assert ("answers", "label-placement", "barcode_scan") in dict(judged.text_answers)
    record["product"] = "broken"
    judge(raw(record), registry, checks=(check,))
    assert len(seen) == 1, "an invalid record is not handed to the checks"


# --- records of earlier releases judge as they did then ------------------------------------

RELEASED = DATA / "released"
"""Each release's examples/ and the report its own code gave them (README there: how made)."""


def outcome(result: dict[str, Any]) -> tuple[object, ...]:
    """What a report says of a record that no later release may change: the verdict, and each
    failure's checklist@version, item and rule, or each problem's place (the words may grow).
    """
    return (
        result["sku"],
        result["location"],
        result["verdict"],
        result["checklists"],
        sorted(
            (f["checklist"], f["item"], f["rule"], f["location"]["field"])
            for f in result["failures"]
        ),
        sorted(json.dumps(p["location"], sort_keys=True) for p in result["problems"]),
    )


def current_versions_only(folder: Path) -> Path:
    """A QA manager's folder as the issue found it: only the newest version of each checklist."""
    folder.mkdir()
    for path in CHECKLISTS.glob("*.yaml"):
        if "@" not in path.name:
            shutil.copy(path, folder)
    return folder


@pytest.mark.parametrize("release", sorted(p.parent.name for p in RELEASED.glob("*/expected.json")))
@pytest.mark.parametrize("folder", ["bundled", "current only"])
def test_records_of_a_release_judge_as_its_own_code_judged_them(
    release: str, folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [bundled] = bundled_folders()
    checklists = bundled if folder == "bundled" else current_versions_only(tmp_path / "mine")
    monkeypatch.chdir(RELEASED / release)  # the report names files as the release's did
    done = CliRunner().invoke(
        app, ["validate", "examples/", "--format", "json", "-c", str(checklists)]
    )
    expected = json.loads((RELEASED / release / "expected.json").read_text("utf-8"))
    assert (done.exit_code, done.stderr) == (2, "")
    report = json.loads(done.stdout)
    assert [outcome(r) for r in report["results"]] == [outcome(r) for r in expected["results"]]
    assert report["summary"] == expected["summary"]
