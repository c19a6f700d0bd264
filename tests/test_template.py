"""Blank forms: the CSV header and YAML skeleton read back as records of the right shape."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import CHECKLISTS
from qa_check.checklists import Registry, load_registry, select
from qa_check.errors import Problem
from qa_check.records import read_records
from qa_check.template import csv_template, yaml_template
from qa_check.validate import RawRecord, Verdict, judge


def test_csv_header_has_fixed_columns_then_one_per_answer(registry: Registry) -> None:
    header = next(csv.reader(io.StringIO(csv_template(select(registry, ["drop-test"])))))
    assert header[:6] == ["sku", "product_name", "applicant", "brand", "model", "electrical"]
    assert header[header.index("checklists") + 2 :] == [
        "drop-test.surface",
        "drop-test.drop_height_m",
        *[f"drop-test.drops.{n}" for n in range(1, 10)],
        "drop-test.works_normally",
        "drop-test.no_visible_damage",
        "drop-test.parts_fit",
        "drop-test.tested_as_shipped",
    ]


def test_blank_csv_and_yaml_read_back_without_unknown_fields(
    registry: Registry, tmp_path: Path
) -> None:
    chosen = select(registry, [])
    (tmp_path / "t.csv").write_text(csv_template(chosen), encoding="utf-8")
    yaml_file = tmp_path / "t.yaml"
    yaml_file.write_text(yaml_template(chosen), encoding="utf-8")
    header_only, raw = read_records([tmp_path / "t.csv", yaml_file], registry)
    assert isinstance(header_only, Problem)
    assert header_only.message == "file holds no records"
    assert isinstance(raw, RawRecord)
    result = judge(raw, registry)
    assert result.verdict is Verdict.INVALID
    messages = [p.message for p in result.problems]
    assert "unknown field" not in messages
    assert "required" in messages


def test_yaml_skeleton_explains_each_item(registry: Registry) -> None:
    text = yaml_template(select(registry, ["packaging-stack", "drop-test"]))
    assert "# PK-5 Is the product in an OPP bag before it goes into the foam?" in text
    assert "# only when cushioning is foam" in text
    assert "# answer: foam / pearl_cotton / fixing_material / none" in text
    assert "      -   # 9 face" in text
    assert '  drop-test: "2"' in text


def test_yaml_skeleton_offers_applicant_brand_and_model_as_optional(registry: Registry) -> None:
    lines = yaml_template(select(registry, ["drop-test"])).splitlines()
    names = [line.split(":", 1)[0] for line in lines if not line.startswith(("#", " "))]
    assert names[:6] == ["sku", "product_name", "applicant", "brand", "model", "product"]
    for name in ("applicant", "brand", "model"):
        [line] = [line for line in lines if line.startswith(f"{name}:")]
        assert line.startswith(f"{name}:  # optional: ")


def test_yaml_skeleton_shows_both_forms_of_a_photo(registry: Registry, tmp_path: Path) -> None:
    lines = yaml_template(select(registry, ["drop-test"])).splitlines()
    [line] = [line for line in lines if line.startswith("photos:")]
    shown = line.split("# optional, files beside this record: ", 1)[1]
    assert shown == "[photos/a.jpg, {file: photos/b.jpg, caption: what it shows}]"
    (tmp_path / "r.yaml").write_text(f"photos: {shown}\n", encoding="utf-8")
    [raw] = read_records([tmp_path / "r.yaml"], registry)
    assert isinstance(raw, RawRecord)
    assert raw.data == {
        "photos": ["photos/a.jpg", {"file": "photos/b.jpg", "caption": "what it shows"}]
    }


def test_the_scanned_barcode_is_asked_for_as_a_scan_of_the_sku(registry: Registry) -> None:
    text = yaml_template(select(registry, ["label-placement"]))
    assert (
        "    # LB-3 Scan the SKU barcode on the outermost layer with the handheld scanner"
        " / 用手持扫描枪扫描最外层上的SKU条码\n"
        "    # answer: scan or type it: must read exactly as the record's sku\n"
        "    barcode_scan:\n"
    ) in text
    assert '  label-placement: "3"' in text


def test_all_checklists_come_in_the_order_of_an_inspection(registry: Registry) -> None:
    expected = ["packaging-stack", "label-placement", "drop-test", "compression-test"]
    chosen = select(registry, [])
    assert [c.checklist.id for c in chosen] == expected
    assert [c.checklist.key for c in chosen][1] == "label-placement@3"
    header = next(csv.reader(io.StringIO(csv_template(chosen))))
    answered = [name.split(".")[0] for name in header[header.index("photos") + 1 :]]
    assert list(dict.fromkeys(answered)) == expected
    text = yaml_template(chosen)
    answers = text[text.index("\nanswers:\n") :]
    assert [answers.index(f"\n  {name}:\n") for name in expected] == sorted(
        answers.index(f"\n  {name}:\n") for name in expected
    )


@pytest.mark.parametrize(
    "named",
    [["compression-test", "drop-test"], ["drop-test", "compression-test"]],
)
def test_named_checklists_are_kept_as_named_and_templated_in_order(
    registry: Registry, named: list[str]
) -> None:
    chosen = select(registry, named)
    assert [c.checklist.id for c in chosen] == named
    header = next(csv.reader(io.StringIO(csv_template(chosen))))
    first = header[header.index("photos") + 1]
    assert first == "drop-test.surface"
    text = yaml_template(chosen)
    assert text.index('  drop-test: "2"') < text.index('  compression-test: "2"')
    assert text.index("\n  drop-test:\n") < text.index("\n  compression-test:\n")


def test_checklists_of_the_same_order_keep_the_order_they_came_in(
    registry: Registry, tmp_path: Path
) -> None:
    for name in ("b-list", "a-list"):
        (tmp_path / f"{name}.yaml").write_text(
            f"id: {name}\nversion: 1\norder: 5\ntitle: {{en: {name}, zh: {name}}}\n"
            "items:\n  - id: ok\n    rule: PK-1\n    prompt: {en: OK?, zh: 好吗？}\n"
            "    help: {en: Look., zh: 看。}\n    answer: {kind: yes_no}\n    severity: minor\n"
            '    criterion: {equals: "yes"}\n    corrective: {en: Fix it., zh: 修好。}\n',
            encoding="utf-8",
        )
    both = load_registry([CHECKLISTS, tmp_path])
    assert [c.checklist.id for c in select(both, [])] == [
        "a-list",
        "b-list",
        "packaging-stack",
        "label-placement",
        "drop-test",
        "compression-test",
    ]
    text = yaml_template(select(both, ["b-list", "drop-test", "a-list"]))
    positions = [text.index(f"\n  {name}:\n") for name in ("b-list", "a-list", "drop-test")]
    assert positions == sorted(positions)
