"""Blank forms: the CSV header and YAML skeleton read back as records of the right shape."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from qa_check.checklists import Registry, select
from qa_check.errors import Problem
from qa_check.records import read_records
from qa_check.template import csv_template, yaml_template
from qa_check.validate import RawRecord, Verdict, judge


def test_csv_header_has_fixed_columns_then_one_per_answer(registry: Registry) -> None:
    header = next(csv.reader(io.StringIO(csv_template(select(registry, ["drop-test"])))))
    assert header[:3] == ["sku", "product_name", "electrical"]
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
    assert '  drop-test: "1"' in text
