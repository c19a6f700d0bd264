"""Units and plausible ranges as data: what converts to what, exactly, and what is usual."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import small_checklist
from qa_check.core.messages import in_lang, msg
from qa_check.engine import units
from qa_check.engine.checklists import lint


@pytest.mark.parametrize(
    ("typed", "target", "number", "converted"),
    [
        ("1800g", "kg", "1.8", True),
        ("1800 克", "kg", "1.8", True),
        ("2公斤", "kg", "2", False),
        ("2 千克", "kg", "2", False),
        ("3斤", "kg", "1.5", True),
        ("2 lb", "kg", "0.90718474", True),
        ("16 oz", "kg", "0.45359237", True),
        ("1 kg", "g", "1000", True),
        ("10 N", "kg", "1.01971621298", True),
        ("5 kgf", "kg", "5", False),
        ("1h", "min", "60", True),
        ("1.5 小时", "min", "90", True),
        ("90 s", "min", "1.5", True),
        ("30 分钟", "min", "30", False),
        ("120 秒", "min", "2", True),
        ("120cm", "m", "1.2", True),
        ("1200 毫米", "m", "1.2", True),
        ("120 厘米", "m", "1.2", True),
        ("1.2 米", "m", "1.2", False),
        ("1.2 m", "cm", "120", True),
        ("47 in", "cm", "119.38", True),
        ("4 ft", "m", "1.2192", True),
        ("1,5 KG", "kg", "1.5", False),
        ("30 kg/m³", "kg/m³", "30", False),
        ("-1.5 m", "m", "-1.5", False),
    ],
)
def test_a_number_with_a_unit_converts_exactly(
    typed: str, target: str, number: str, converted: bool
) -> None:
    found = units.convert(typed, target)
    assert found is not None
    assert (found.number, found.unit, found.converted) == (number, target, converted)


@pytest.mark.parametrize("typed", ["1800", "1.8", "abc", "0x10 g", ""])
def test_no_unit_typed_is_no_conversion(typed: str) -> None:
    assert units.convert(typed, "kg") is None


@pytest.mark.parametrize(
    ("typed", "target", "en", "zh"),
    [
        (
            "5cm",
            "kg",
            "'5cm' is in cm, which does not convert to kg: write the number in kg",
            "“5cm”的单位是 cm，无法换算成 kg：请写以 kg 为单位的数字",
        ),
        (
            "30m",
            "min",
            "'30m' is in m, which does not convert to min: write the number in min",
            "“30m”的单位是 m，无法换算成 min：请写以 min 为单位的数字",
        ),
        (
            "12 pcs",
            "kg",
            "'12 pcs' has a unit typed in that qa-check does not convert (pcs):"
            " write the number in kg",
            "“12 pcs”带了无法换算的单位（pcs）：请写以 kg 为单位的数字",
        ),
        ("1,200 g", "kg", "'1,200 g' is not a number", "“1,200 g”不是数字"),
    ],
)
def test_a_unit_that_does_not_convert_names_the_items_unit_never_a_number(
    typed: str, target: str, en: str, zh: str
) -> None:
    with pytest.raises(units.UnitMismatch) as caught:
        units.convert(typed, target)
    assert (in_lang(caught.value.message, "en"), in_lang(caught.value.message, "zh")) == (en, zh)


@pytest.mark.parametrize(
    ("unit", "quantity", "given", "low", "high"),
    [
        ("kg", "weight", None, 0.005, 70),
        ("g", "weight", None, 5, 70000),
        ("kg", "load", None, 0.1, 5000),
        ("cm", "dimension", None, 0.5, 200),
        ("m", "height", None, 0.1, 3),
        ("min", "time", None, 1, 10080),
        ("h", "time", None, 1 / 60, 168),
        ("kg", None, None, 0.001, 10000),
        ("m", None, None, 0.001, 10),
        ("min", None, None, 1 / 60, 43200),
        ("kg", "height", None, 0.001, 10000),  # a kind of another measure: the unit's measure
        ("m", "height", (0.5, 1.5), 0.5, 1.5),
        ("pcs", None, (1, 20), 1, 20),
    ],
)
def test_the_usual_range_comes_from_the_item_else_its_kind_else_its_measure(
    unit: str,
    quantity: str | None,
    given: tuple[float, float] | None,
    low: float,
    high: float,
) -> None:
    found = units.plausible(unit, quantity, given)
    assert found is not None
    assert found.unit == unit
    assert found.low == pytest.approx(low)
    assert found.high == pytest.approx(high)


def test_a_unit_not_in_the_data_has_no_range_unless_the_checklist_gives_one() -> None:
    assert units.plausible("pcs") is None
    assert units.plausible("%", "weight") is None


def test_the_warning_says_the_number_the_range_and_what_it_is_in_both_languages() -> None:
    usual = units.plausible("kg", "weight")
    assert usual is not None
    assert not usual.contains(1800)
    assert usual.contains(1.8)
    warning = usual.warning(1800.0, msg("attribute_gross_weight_kg"))
    assert in_lang(warning, "en") == (
        "1800 kg is unusual for gross weight (usually 0.005 to 70 kg):"
        " check the number and its unit"
    )
    assert in_lang(warning, "zh") == (
        "毛重为 1800 kg，不常见（通常为 0.005 至 70 kg）：请核对数字和单位"
    )


@pytest.mark.parametrize(
    ("unit", "quantity", "problem"),
    [
        ("kg", "weight", None),
        ("min", "time", None),
        ("kg", "height", "a height is a length (m, cm, mm, in, ft), not in 'kg'"),
        ("pcs", "load", "the unit 'pcs' is not in units.yaml: a load has no range in it"),
    ],
)
def test_a_kind_must_be_measured_in_the_items_unit(
    unit: str, quantity: str, problem: str | None
) -> None:
    assert units.quantity_problem(unit, quantity) == problem


def test_the_record_formats_product_fields_have_kinds() -> None:
    assert {name: units.attribute_quantity(name) for name in ("gross_weight_kg", "height_cm")} == {
        "gross_weight_kg": "weight",
        "height_cm": "dimension",
    }
    assert units.attribute_quantity("electrical") is None
    assert units.quantities() == ("weight", "load", "dimension", "height", "time")


@pytest.mark.parametrize(
    ("answer", "field", "problem"),
    [
        ("{kind: number, unit: kg, quantity: mass}", "items[0].answer.quantity",
         "unknown quantity 'mass' (known: weight, load, dimension, height, time)"),
        ("{kind: number, unit: m, plausible: {min: 2, max: 1}}", "items[0].answer.plausible",
         "min is above max"),
        ("{kind: number, unit: kg, quantity: height}", "items[0].answer.quantity",
         "a height is a length (m, cm, mm, in, ft), not in 'kg'"),
        ("{kind: series, groups: [{label: a, count: 2, name: {en: A, zh: 甲}}],"
         " entry: {kind: number, unit: s, quantity: load}}", "items[0].answer.entry.quantity",
         "a load is a mass (kg, g, 斤, lb, oz, N, kN), not in 's'"),
    ],
)  # fmt: skip
def test_lint_locates_a_range_or_kind_that_cannot_work(
    tmp_path: Path, answer: str, field: str, problem: str
) -> None:
    text = small_checklist("rig", 10, [("weight", "    criterion: {recorded: true}\n")], answer)
    (tmp_path / "rig.yaml").write_text(text, "utf-8")
    found = [(p.location.field, str(p.message)) for p in lint([tmp_path])]
    assert (field, problem) in found


def test_lint_accepts_a_kind_and_a_range_in_the_items_unit(tmp_path: Path) -> None:
    answer = "{kind: number, unit: g, quantity: weight, plausible: {min: 100, max: 5000}}"
    text = small_checklist("rig", 10, [("weight", "    criterion: {recorded: true}\n")], answer)
    (tmp_path / "rig.yaml").write_text(text, "utf-8")
    assert lint([tmp_path]) == []
