"""Lots judged ACCEPT or REJECT by their AQL plan, every defect named by unit and item."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CHECKLISTS, DATA
from qa_check.certificates.preflight import CHECKS
from qa_check.engine.checklists import load_registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import SkuResult, Verdict
from qa_check.records.read import read_records, record_files

PAPER = DATA / "lots" / "earbuds-lot-paper.yaml"
GOOD_UNIT: dict[str, dict[str, object]] = {
    "packaging-stack": {
        "cushioning": "foam",
        "colour_box_present": "yes",
        "mailer_box_present": "yes",
        "shrink_wrap_present": "yes",
        "custom_moulded": "yes",
        "cushion_density_kg_m3": 30,
        "density_for_weight": "yes",
        "opp_bag": "yes",
        "foam_no_crumbs": "yes",
        "colour_box_printed": "yes",
        "mailer_box_plain": "yes",
        "shrink_wrap_type": "heat_shrink",
        "outermost_layer": "shrink_film",
    },
    "label-placement": {
        "electrical_label_on_colour_box": "yes",
        "barcode_layer": "shrink_film",
        "barcode_scan": "TWS-EB-001",
        "barcode_black_on_white": "yes",
        "barcode_flat_face": "yes",
        "other_barcodes_covered": "yes",
    },
}
Judge = Callable[..., list[SkuResult]]


def paper_lot() -> dict[str, Any]:
    data = yaml.safe_load(PAPER.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def unit_lot(size: int, units: int, failing: dict[int, tuple[str, str, str]]) -> dict[str, Any]:
    """A lot whose units all pass but those in ``failing`` (unit -> checklist, item, answer)."""
    data = paper_lot()
    for key in ("inspected", "defects"):
        del data[key]
    data["lot_size"] = size
    answered = []
    for number in range(1, units + 1):
        unit = copy.deepcopy(GOOD_UNIT)
        if number in failing:
            checklist, item, answer = failing[number]
            unit[checklist][item] = answer
        answered.append(unit)
    data["units"] = answered
    return data


def judged(tmp_path: Path, judge_files: Judge, data: dict[str, Any]) -> SkuResult:
    path = tmp_path / "lot.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    [result] = judge_files(path)
    return result


def flat_face_fails(units: list[int]) -> dict[int, tuple[str, str, str]]:
    return {unit: ("label-placement", "barcode_flat_face", "no") for unit in units}


@pytest.mark.parametrize(("failing", "verdict"), [(6, Verdict.FAIL), (5, Verdict.PASS)])
def test_lot_1200_rejects_6_major_defects_in_80_units_and_accepts_5(
    tmp_path: Path, judge_files: Judge, failing: int, verdict: Verdict
) -> None:
    units = [3, 17, 25, 40, 52, 61][:failing]
    result = judged(tmp_path, judge_files, unit_lot(1200, 80, flat_face_fails(units)))
    assert (result.verdict, result.problems) == (verdict, ())
    assert result.lot is not None
    critical, major, minor = result.lot.classes
    assert (major.plan.accept, major.plan.reject, major.found) == (5, 6, failing)
    assert major.accepted is (verdict is Verdict.PASS)
    assert [(d.unit, d.item, d.rule) for d in major.defects] == [
        (unit, "barcode_flat_face", "LB-3") for unit in units
    ]
    assert major.defects[0].location.field == "units[2].label-placement.barcode_flat_face"
    assert (critical.found, minor.found) == (0, 0)


def test_paper_counts_reject_and_name_their_units(tmp_path: Path, judge_files: Judge) -> None:
    [result] = judge_files(PAPER)
    assert result.verdict is Verdict.FAIL
    assert result.lot is not None
    major = result.lot.classes[1]
    assert major.found == 6
    assert sorted(d.unit for d in major.defects if d.unit) == [3, 8, 17, 44, 52, 61]
    minor = result.lot.classes[2]
    assert [(d.unit, d.count) for d in minor.defects] == [(None, 3)]
    data = paper_lot()
    data["defects"][1] = {"checklist": "packaging-stack", "item": "foam_no_crumbs", "count": 1}
    assert judged(tmp_path, judge_files, data).verdict is Verdict.PASS


def test_a_class_on_a_smaller_sample_counts_only_its_units(
    tmp_path: Path, judge_files: Judge
) -> None:
    """Lot 50: major 0.65 draws 20 units (F), minor 4.0 is judged on the first 13 (E, Ac 1)."""
    data = unit_lot(50, 20, {})
    data["aql"] = {"major": 0.65, "minor": 4.0}
    for number in (2, 15, 18):
        data["units"][number - 1]["packaging-stack"]["mailer_box_plain"] = "no"
    result = judged(tmp_path, judge_files, data)
    assert result.verdict is Verdict.PASS
    assert result.lot is not None
    minor = result.lot.classes[2]
    assert (minor.plan.sample, [d.unit for d in minor.defects]) == (13, [2])


def test_a_failed_destructive_test_rejects_the_lot(tmp_path: Path, judge_files: Judge) -> None:
    data = paper_lot()
    data["defects"] = []
    data["tests"]["answers"]["drop-test"]["parts_fit"] = "no"
    result = judged(tmp_path, judge_files, data)
    assert result.verdict is Verdict.FAIL
    assert result.lot is not None and result.lot.tests is not None
    assert [f.item for f in result.lot.tests.failures] == ["parts_fit"]
    assert all(count.accepted for count in result.lot.classes)


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        (lambda d: d.update(inspected=79), "inspected", "draws 80 units: the record has 79"),
        (lambda d: d.update(level="IV"), "level", "IV"),
        (
            lambda d: d.update(aql={"major": 3}),
            "aql",
            "major=3: the sampling tables have no such AQL",
        ),
        (
            lambda d: d["defects"].append(
                {"checklist": "label-placement", "item": "x", "count": 1}
            ),
            "defects[3]",
            "no item x in label-placement@3",
        ),
        (
            lambda d: d["defects"].append(
                {"checklist": "label-placement", "item": "barcode_layer", "count": 1, "units": [81]}
            ),
            "defects[3]",
            "a unit beyond the 80 inspected",
        ),
        (
            lambda d: d["tests"]["answers"]["drop-test"].update(drop_height_m="high"),
            "tests.answers.drop-test.drop_height_m",
            "not a number",
        ),
    ],
)
def test_a_lot_that_cannot_be_judged_is_invalid_and_says_where(
    tmp_path: Path,
    judge_files: Judge,
    change: Callable[[dict[str, Any]], None],
    field: str,
    says: str,
) -> None:
    data = paper_lot()
    change(data)
    result = judged(tmp_path, judge_files, data)
    assert result.verdict is Verdict.INVALID
    found = [(p.location.field, str(p.message)) for p in result.problems]
    assert any(where == field and says in message for where, message in found), found


def test_a_units_wrong_answer_is_located_in_its_unit(tmp_path: Path, judge_files: Judge) -> None:
    data = unit_lot(1200, 80, {7: ("packaging-stack", "cushion_density_kg_m3", "dense")})
    result = judged(tmp_path, judge_files, data)
    assert result.verdict is Verdict.INVALID
    [problem] = result.problems
    assert problem.location.field == "units[6].packaging-stack.cushion_density_kg_m3"
    assert problem.location.line is not None


def test_a_checklists_sampling_says_where_it_belongs_in_a_lot(tmp_path: Path) -> None:
    """``sampling: destructive`` keeps drop-test out of the per-unit checklists, and the reverse."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    roles = {"drop-test": "destructive", "packaging-stack": "unit", "label-placement": "unit"}
    for path in CHECKLISTS.glob("*.yaml"):
        text = path.read_text("utf-8")
        role = roles.get(path.stem.partition("@")[0])
        if role and "@" not in path.stem and "\nsampling:" not in text:  # shipped ones say it
            text = text.replace("\nitems:", f"\nsampling: {role}\nitems:", 1)
        (folder / path.name).write_text(text, "utf-8")
    registry = load_registry([folder])
    data = paper_lot()
    data["checklists"] = {"packaging-stack": 2, "drop-test": 3}
    data["defects"] = []
    data["tests"]["checklists"] = {"label-placement": 4}
    data["tests"]["answers"] = {"label-placement": GOOD_UNIT["label-placement"]}
    path = tmp_path / "lot.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    files = record_files([path])
    [result] = judge_all(read_records(files, registry, "utf-8"), registry, checks=CHECKS)
    assert result.verdict is Verdict.INVALID
    found = [(p.location.field, str(p.message)) for p in result.problems]
    assert found[:2] == [
        (
            "checklists.drop-test",
            "drop-test@3 is a destructive test in a lot (its sampling): list it under"
            " tests.checklists",
        ),
        (
            "tests.checklists.label-placement",
            "label-placement@4 is asked of every sampled unit in a lot (its sampling): list it"
            " under checklists",
        ),
    ]
