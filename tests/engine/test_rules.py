"""Every domain rule judged both ways over the shipped checklists, and rules proven to be data."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CHECKLISTS, DATA, PASSING_RECORD
from qa_check.certificates.preflight import CHECKS
from qa_check.core.errors import Location
from qa_check.core.messages import in_lang
from qa_check.engine.checklists import Registry, load_registry
from qa_check.engine.judge import ItemResult, Outcome, RawRecord, SkuResult, Verdict, judge

RULE_IDS = [
    *(f"PK-{n}" for n in range(1, 11)),
    *(f"LB-{n}" for n in range(1, 4)),
    *(f"DT-{n}" for n in range(1, 6)),
    *(f"CP-{n}" for n in range(1, 3)),
]

Change = dict[str, Any]
"""``checklist.item`` (or ``product.field``) -> new value; None removes the answer."""


def changed(record: dict[str, Any], change: Change) -> dict[str, Any]:
    for key, value in change.items():
        head, _, name = key.partition(".")
        target = record["product"] if head == "product" else record["answers"][head]
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    return record


def run(registry: Registry, data: dict[str, Any]) -> SkuResult:
    return judge(
        RawRecord(data, Location("t.yaml"), lambda path: Location("t.yaml")),
        registry,
        checks=CHECKS,
    )


def explained(registry: Registry, data: dict[str, Any]) -> tuple[ItemResult, ...]:
    """Every item of a judged record, with its requirement or why it does not apply."""
    origin = Location("t.yaml")
    result = judge(
        RawRecord(data, origin, lambda path: origin), registry, explain=True, checks=CHECKS
    )
    assert result.verdict is not Verdict.INVALID, result.problems
    return result.items


PEARL_COTTON: Change = {
    "packaging-stack.cushioning": "pearl_cotton",
    "packaging-stack.opp_bag": None,
    "packaging-stack.foam_no_crumbs": None,
}
FIXING: Change = {
    **PEARL_COTTON,
    "packaging-stack.cushioning": "fixing_material",
    "packaging-stack.custom_moulded": None,
    "packaging-stack.cushion_density_kg_m3": None,
    "packaging-stack.density_for_weight": None,
    "packaging-stack.product_held_still": "yes",
}
TWO_KG_2_16_CM: Change = {"product.gross_weight_kg": "2", "product.height_cm": "2.16"}
"""CP-2 in decimal: floor(270 / 2.16) is 125 layers (124 in binary floating point), so the
required load is 2 x (125 - 1) x 3 = 744 kg, not 2 x (124 - 1) x 3 = 738 kg."""
MAILER_OUTERMOST: Change = {
    "packaging-stack.outermost_layer": "mailer_box",
    "label-placement.barcode_layer": "mailer_box",
}

# (rule, description, change, failing item or None for PASS)
CASES: list[tuple[str, str, Change, str | None]] = [
    ("PK-1", "all four layers", {}, None),
    (
        "PK-1",
        "no shrink wrap",
        {"packaging-stack.shrink_wrap_present": "no"},
        "shrink_wrap_present",
    ),
    ("PK-1", "no mailer box", {"packaging-stack.mailer_box_present": "no"}, "mailer_box_present"),
    ("PK-2", "pearl cotton", PEARL_COTTON, None),
    ("PK-2", "no cushioning", {"packaging-stack.cushioning": "none"}, "cushioning"),
    ("PK-3", "moulded", {}, None),
    ("PK-3", "not moulded", {"packaging-stack.custom_moulded": "no"}, "custom_moulded"),
    ("PK-4", "density for weight", {}, None),
    (
        "PK-4",
        "density not chosen",
        {"packaging-stack.density_for_weight": "no"},
        "density_for_weight",
    ),
    ("PK-5", "pearl cotton needs no OPP bag", PEARL_COTTON, None),
    ("PK-5", "foam without OPP bag", {"packaging-stack.opp_bag": "no"}, "opp_bag"),
    ("PK-6", "no crumbs", {}, None),
    ("PK-6", "foam crumbs", {"packaging-stack.foam_no_crumbs": "no"}, "foam_no_crumbs"),
    ("PK-7", "fixing material holds", FIXING, None),
    (
        "PK-7",
        "product moves",
        {**FIXING, "packaging-stack.product_held_still": "no"},
        "product_held_still",
    ),
    ("PK-8", "printed factory box", {}, None),
    (
        "PK-8",
        "plain colour box",
        {"packaging-stack.colour_box_printed": "no"},
        "colour_box_printed",
    ),
    ("PK-9", "plain mailer", {}, None),
    ("PK-9", "printed mailer", {"packaging-stack.mailer_box_plain": "no"}, "mailer_box_plain"),
    ("PK-10", "heat-shrink film", {}, None),
    ("PK-10", "stretch film", {"packaging-stack.shrink_wrap_type": "stretch"}, "shrink_wrap_type"),
    (
        "LB-1",
        "non-electrical needs no label item",
        {"product.electrical": "no", "label-placement.electrical_label_on_colour_box": None},
        None,
    ),
    (
        "LB-1",
        "label not on colour box",
        {"label-placement.electrical_label_on_colour_box": "no"},
        "electrical_label_on_colour_box",
    ),
    ("LB-2", "barcode on the mailer, mailer outermost", MAILER_OUTERMOST, None),
    (
        "LB-2",
        "barcode on colour box, film outermost",
        {"label-placement.barcode_layer": "colour_box"},
        "barcode_layer",
    ),
    ("LB-3", "scan reads as the SKU", {"label-placement.barcode_scan": "TWS-EB-001"}, None),
    (
        "LB-3",
        "scan read with spaces around it",
        {"label-placement.barcode_scan": " TWS-EB-001\t"},
        None,
    ),
    (
        "LB-3",
        "scan reads another SKU",
        {"label-placement.barcode_scan": "TWS-EB-002"},
        "barcode_scan",
    ),
    ("LB-3", "scan cut short", {"label-placement.barcode_scan": "TWS-EB-00"}, "barcode_scan"),
    ("LB-3", "scan in other case", {"label-placement.barcode_scan": "tws-eb-001"}, "barcode_scan"),
    ("LB-3", "scan reads a dash", {"label-placement.barcode_scan": "-"}, "barcode_scan"),
    ("LB-3", "scan reads a number", {"label-placement.barcode_scan": 0}, "barcode_scan"),
    ("LB-3", "on a seam", {"label-placement.barcode_flat_face": "no"}, "barcode_flat_face"),
    ("DT-1", "steel plate", {"drop-test.surface": "steel_3mm"}, None),
    ("DT-1", "other surface", {"drop-test.surface": "other"}, "surface"),
    ("DT-2", "exactly 1.2 m", {"drop-test.drop_height_m": "1.2"}, None),
    ("DT-2", "1.19 m", {"drop-test.drop_height_m": "1.19"}, "drop_height_m"),
    ("DT-3", "nine intact", {}, None),
    (
        "DT-3",
        "an edge drop damaged",
        {"drop-test.drops": ["intact"] * 4 + ["damaged"] + ["intact"] * 4},
        "drops",
    ),
    ("DT-4", "works", {}, None),
    ("DT-4", "does not work", {"drop-test.works_normally": "no"}, "works_normally"),
    ("DT-4", "dented", {"drop-test.no_visible_damage": "no"}, "no_visible_damage"),
    ("DT-5", "tested as shipped", {}, None),
    ("DT-5", "packaging changed since", {"drop-test.tested_as_shipped": "no"}, "tested_as_shipped"),
    ("CP-1", "undamaged", {}, None),
    ("CP-1", "deformed", {"compression-test.product_undamaged": "no"}, "product_undamaged"),
    ("CP-2", "exactly the computed load", {"compression-test.applied_load_kg": "59.4"}, None),
    (
        "CP-2",
        "below the computed load",
        {"compression-test.applied_load_kg": "59.3"},
        "applied_load_kg",
    ),
    ("CP-2", "held too short", {"compression-test.hold_minutes": "59"}, "hold_minutes"),
    (
        "CP-2",
        "125 layers of 2.16 cm in 270 cm: 744 kg",
        {**TWO_KG_2_16_CM, "compression-test.applied_load_kg": "744"},
        None,
    ),
    (
        "CP-2",
        "738 kg is the load for 124 layers only",
        {**TWO_KG_2_16_CM, "compression-test.applied_load_kg": "738"},
        "applied_load_kg",
    ),
    (
        "CP-2",
        "743.99 kg",
        {**TWO_KG_2_16_CM, "compression-test.applied_load_kg": "743.99"},
        "applied_load_kg",
    ),
]


@pytest.mark.parametrize(
    ("rule", "change", "failing"),
    [
        pytest.param(rule, change, failing, id=f"{rule} {text}")
        for rule, text, change, failing in CASES
    ],
)
def test_rule(
    registry: Registry, record: dict[str, Any], rule: str, change: Change, failing: str | None
) -> None:
    result = run(registry, changed(record, change))
    assert result.problems == ()
    if failing is None:
        assert result.verdict is Verdict.PASS, result.failures
    else:
        assert result.verdict is Verdict.FAIL
        assert [(f.rule, f.item) for f in result.failures] == [(rule, failing)]


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    passing = {rule for rule, _, _, failing in CASES if failing is None}
    failing = {rule for rule, _, _, failing in CASES if failing is not None}
    assert passing == failing == set(RULE_IDS)


def test_every_rule_is_cited_by_a_shipped_checklist() -> None:
    cited = set()
    for path in CHECKLISTS.glob("*.yaml"):
        cited |= set(re.findall(r"^\s+rule: ([A-Z]{2}-\d+)$", path.read_text("utf-8"), re.M))
    assert set(RULE_IDS) <= cited


LOAD_59_4 = (
    "at least 59.4 kg (0.45 kg gross weight x 44 packages stacked above x safety factor 3;"
    " a 270 cm stack of 6 cm packages)",
    "至少 59.4 kg（毛重 0.45 kg × 上方堆码 44 件 × 安全系数 3；堆高 270 cm，每件高 6 cm）",
)


@pytest.mark.parametrize(
    ("change", "requirement", "recorded"),
    [
        ({"compression-test.applied_load_kg": "50"}, LOAD_59_4, ("50 kg", "50 kg")),
        (
            {"drop-test.drop_height_m": "1.0"},
            ("at least 1.2 m", "至少 1.2 m"),
            ("1 m", "1 m"),
        ),
        (
            {"drop-test.drops": ["damaged"] + ["intact"] * 8},
            ("Intact: 3 at corner, 3 at edge, 3 at face", "完好：角 3 次、棱 3 次、面 3 次"),
            ("Intact: corner 2/3, edge 3/3, face 3/3", "完好：角 2/3、棱 3/3、面 3/3"),
        ),
        (
            {"label-placement.barcode_layer": "mailer_box"},
            ("the outermost layer (Shrink film)", "与最外层相同（塑封膜）"),
            ("Mailer box", "邮购箱"),
        ),
        (
            {"drop-test.surface": "other"},
            (
                "Smooth concrete floor, 3 mm steel plate or 10 mm hardwood board",
                "平滑水泥地面、3mm厚钢板或10mm硬木板",
            ),
            ("Other", "其他"),
        ),
        (
            {
                **FIXING,
                "packaging-stack.cushioning": "none",
                "packaging-stack.product_held_still": None,
            },
            ("Foam, pearl cotton (EPE foam) or fixing material", "泡沫、珍珠棉或固定耗材"),
            ("None", "无"),
        ),
        (
            {"label-placement.barcode_scan": "TWS-EB-002"},
            ("same as the SKU (TWS-EB-001)", "与SKU相同（TWS-EB-001）"),
            ("TWS-EB-002", "TWS-EB-002"),
        ),
        (
            {"drop-test.works_normally": "no"},
            ("Yes", "是"),
            ("No", "否"),
        ),
        (
            {**TWO_KG_2_16_CM, "compression-test.applied_load_kg": "738"},
            (
                "at least 744 kg (2 kg gross weight x 124 packages stacked above x safety factor 3;"
                " a 270 cm stack of 2.16 cm packages)",
                "至少 744 kg（毛重 2 kg × 上方堆码 124 件 × 安全系数 3；"
                "堆高 270 cm，每件高 2.16 cm）",
            ),
            ("738 kg", "738 kg"),
        ),
        (
            {"product.height_cm": "100", "compression-test.applied_load_kg": "1"},
            (
                "at least 1.35 kg (0.45 kg gross weight x 1 package stacked above"
                " x safety factor 3; a 270 cm stack of 100 cm packages)",
                "至少 1.35 kg（毛重 0.45 kg × 上方堆码 1 件 × 安全系数 3；"
                "堆高 270 cm，每件高 100 cm）",
            ),
            ("1 kg", "1 kg"),
        ),
    ],
)
def test_failures_say_what_was_required_and_recorded_in_plain_words(
    registry: Registry,
    record: dict[str, Any],
    change: Change,
    requirement: tuple[str, str],
    recorded: tuple[str, str],
) -> None:
    [failure] = run(registry, changed(record, change)).failures
    assert (failure.requirement, in_lang(failure.requirement, "zh")) == requirement
    assert (failure.recorded, in_lang(failure.recorded, "zh")) == recorded


@pytest.mark.parametrize(
    ("change", "item", "requirement"),
    [
        ({}, "packaging-stack.cushion_density_kg_m3", ("for information only", "记录备查")),
        ({}, "packaging-stack.outermost_layer", ("for information only", "记录备查")),
        ({}, "packaging-stack.colour_box_present", ("Yes", "是")),
        ({}, "packaging-stack.shrink_wrap_type", ("Heat-shrink film", "热收缩膜")),
        ({}, "compression-test.applied_load_kg", LOAD_59_4),
        ({}, "compression-test.hold_minutes", ("at least 60 min", "至少 60 min")),
        (
            {"product.height_cm": "300", "compression-test.applied_load_kg": "0"},
            "compression-test.applied_load_kg",
            (
                "at least 0 kg (0.45 kg gross weight x 0 packages stacked above x safety factor 3;"
                " a 270 cm stack of 300 cm packages)",
                "至少 0 kg（毛重 0.45 kg × 上方堆码 0 件 × 安全系数 3；"
                "堆高 270 cm，每件高 300 cm）",
            ),
        ),
        (
            MAILER_OUTERMOST,
            "label-placement.barcode_layer",
            ("the outermost layer (Mailer box)", "与最外层相同（邮购箱）"),
        ),
    ],
)
def test_requirements_read_as_words_a_buyer_understands(
    registry: Registry,
    record: dict[str, Any],
    change: Change,
    item: str,
    requirement: tuple[str, str],
) -> None:
    [found] = [i for i in explained(registry, changed(record, change)) if i.item.qname == item]
    assert (found.requirement["en"], found.requirement["zh"]) == requirement


# --- why an item does not apply: every shipped condition, in English and Chinese ----------

NO_COLOUR_BOX: Change = {
    "packaging-stack.colour_box_present": "no",
    "packaging-stack.colour_box_printed": None,
}
NO_MAILER: Change = {
    "packaging-stack.mailer_box_present": "no",
    "packaging-stack.mailer_box_plain": None,
}
NO_SHRINK_WRAP: Change = {
    "packaging-stack.shrink_wrap_present": "no",
    "packaging-stack.shrink_wrap_type": None,
}
NOT_ELECTRICAL: Change = {
    "product.electrical": "no",
    "label-placement.electrical_label_on_colour_box": None,
}
FIXED = ("cushioning is Fixing material", "缓冲材料为固定耗材")
PEARL = ("cushioning is Pearl cotton (EPE foam)", "缓冲材料为珍珠棉")

WHY_NOT: list[tuple[Change, str, tuple[str, str]]] = [
    (
        NOT_ELECTRICAL,
        "label-placement.electrical_label_on_colour_box",
        ("not an electrical product", "非电子电器产品"),
    ),
    (FIXING, "packaging-stack.custom_moulded", FIXED),
    (FIXING, "packaging-stack.cushion_density_kg_m3", FIXED),
    (FIXING, "packaging-stack.density_for_weight", FIXED),
    (FIXING, "packaging-stack.opp_bag", FIXED),
    (PEARL_COTTON, "packaging-stack.opp_bag", PEARL),
    (PEARL_COTTON, "packaging-stack.foam_no_crumbs", PEARL),
    (PEARL_COTTON, "packaging-stack.product_held_still", PEARL),
    ({}, "packaging-stack.product_held_still", ("cushioning is Foam", "缓冲材料为泡沫")),
    (NO_COLOUR_BOX, "packaging-stack.colour_box_printed", ("colour box present: No", "有彩盒：否")),
    (NO_MAILER, "packaging-stack.mailer_box_plain", ("mailer box present: No", "有邮购箱：否")),
    (NO_SHRINK_WRAP, "packaging-stack.shrink_wrap_type", ("shrink wrap present: No", "有塑封：否")),
]


@pytest.mark.parametrize(
    ("change", "item", "why"),
    [pytest.param(change, item, why, id=f"{item}: {why[0]}") for change, item, why in WHY_NOT],
)
def test_an_item_that_does_not_apply_says_why_in_plain_words(
    registry: Registry, record: dict[str, Any], change: Change, item: str, why: tuple[str, str]
) -> None:
    [found] = [i for i in explained(registry, changed(record, change)) if i.item.qname == item]
    assert found.outcome is Outcome.NOT_APPLICABLE
    assert (found.why_not["en"], found.why_not["zh"]) == why
    assert found.requirement == {}


def test_every_shipped_condition_is_said_in_words(registry: Registry) -> None:
    conditional = {item.qname for compiled in registry for item in compiled.items if item.item.when}
    assert {item for _, item, _ in WHY_NOT} == conditional


def test_an_item_that_applies_has_no_reason_not_to(
    registry: Registry, record: dict[str, Any]
) -> None:
    items = explained(registry, record)
    assert [i.item.qname for i in items if i.why_not] == ["packaging-stack.product_held_still"]
    assert all(i.requirement for i in items if i.outcome is not Outcome.NOT_APPLICABLE)


def conditions_record(product: dict[str, str], answers: dict[str, Any]) -> dict[str, Any]:
    """A record of the ``conditions`` test checklist (tests/data/conditions)."""
    return {
        **{key: PASSING_RECORD[key] for key in ("sku", "product_name", "inspector", "site")},
        "inspected_at": PASSING_RECORD["inspected_at"],
        "product": {**PASSING_RECORD["product"], **product},
        "checklists": {"conditions": "1"},
        "answers": {"conditions": answers},
    }


LIGHT_FLAT_ELECTRICAL = conditions_record(
    {"gross_weight_kg": "0.45", "height_cm": "6", "electrical": "yes"},
    {"light_bag": "yes", "foam_thickness_mm": "3"},
)
HEAVY_TALL_PLAIN = conditions_record(
    {"gross_weight_kg": "2.5", "height_cm": "12", "electrical": "no"},
    {
        "heavy_strap": "no",
        "battery_removed": "yes",
        "foam_thickness_mm": "5",
        "thick_foam_checked": "yes",
    },
)


@pytest.mark.parametrize(
    ("data", "item", "why"),
    [
        (
            LIGHT_FLAT_ELECTRICAL,
            "heavy_strap",
            ("gross weight 0.45 kg is below 2 kg", "毛重 0.45 kg，低于 2 kg"),
        ),
        (
            LIGHT_FLAT_ELECTRICAL,
            "strap_tight",  # its condition's item does not apply: the same reason
            ("gross weight 0.45 kg is below 2 kg", "毛重 0.45 kg，低于 2 kg"),
        ),
        (LIGHT_FLAT_ELECTRICAL, "battery_removed", ("an electrical product", "电子电器产品")),
        (
            LIGHT_FLAT_ELECTRICAL,
            "thick_foam_checked",
            ("foam thickness 3 mm is below 5 mm", "泡沫厚度 3 mm，低于 5 mm"),
        ),
        (
            HEAVY_TALL_PLAIN,
            "light_bag",
            ("package height 12 cm is at least 10 cm", "包装高度 12 cm，不低于 10 cm"),
        ),
        (HEAVY_TALL_PLAIN, "strap_tight", ("strapped: No", "已捆扎：否")),
    ],
)
def test_conditions_on_numbers_and_on_items_that_do_not_apply_say_why(
    with_conditions: Registry, data: dict[str, Any], item: str, why: tuple[str, str]
) -> None:
    [found] = [i for i in explained(with_conditions, data) if i.item.item_id == item]
    assert found.outcome is Outcome.NOT_APPLICABLE
    assert (found.why_not["en"], found.why_not["zh"]) == why


@pytest.fixture(scope="module")
def with_conditions() -> Registry:
    return load_registry([CHECKLISTS, DATA / "conditions"])


def test_a_tall_package_needs_no_stacking_load(registry: Registry, record: dict[str, Any]) -> None:
    # One package per 270 cm stack: floor(270 / 200) - 1 = 0, so any load passes.
    result = run(
        registry,
        changed(record, {"product.height_cm": "200", "compression-test.applied_load_kg": "0"}),
    )
    assert result.verdict is Verdict.PASS


# --- rules are data: variants judged with no code change -----------------------------------


def ista_record(weight: str, height: str, drops: list[str]) -> dict[str, Any]:
    return {
        **{
            key: PASSING_RECORD[key]
            for key in ("sku", "product_name", "inspector", "site", "inspected_at")
        },
        "product": {**PASSING_RECORD["product"], "gross_weight_kg": weight},
        "checklists": {"drop-test": "ista-1a"},
        "answers": {
            "drop-test": {
                "surface": "concrete",
                ("drop_height_m" if float(weight) < 10 else "drop_height_m_heavy"): height,
                "drops": drops,
            }
        },
    }


@pytest.fixture(scope="module")
def with_variants() -> Registry:
    return load_registry([CHECKLISTS, DATA / "ista-1a", DATA / "astm-level-1"])


@pytest.mark.parametrize(
    ("weight", "height", "drops", "verdict", "rules"),
    [
        ("4.5", "0.76", ["intact"] * 10, Verdict.PASS, []),
        ("4.5", "0.70", ["intact"] * 10, Verdict.FAIL, ["DT-2"]),
        ("4.5", "0.76", ["intact", "intact", "damaged"] + ["intact"] * 7, Verdict.FAIL, ["DT-3"]),
        ("12", "0.61", ["intact"] * 10, Verdict.PASS, []),
        ("12", "0.60", ["intact"] * 10, Verdict.FAIL, ["DT-2"]),
        ("4.5", "0.76", ["intact"] * 9, Verdict.INVALID, []),
    ],
)
def test_ista_1a_variant(
    with_variants: Registry,
    weight: str,
    height: str,
    drops: list[str],
    verdict: Verdict,
    rules: list[str],
) -> None:
    result = run(with_variants, ista_record(weight, height, drops))
    assert result.verdict is verdict
    assert [f.rule for f in result.failures] == rules
    if verdict is Verdict.INVALID:
        assert "expected 10 entries, got 9" in result.problems[0].message


def test_shipped_drop_test_is_still_nine_drops(
    with_variants: Registry, record: dict[str, Any]
) -> None:
    assert run(with_variants, record).verdict is Verdict.PASS


def test_astm_factor_is_a_setting(with_variants: Registry, record: dict[str, Any]) -> None:
    record["checklists"] = {"compression-test": "astm-1"}
    record["answers"] = {"compression-test": {"applied_load_kg": "200"}}
    [failure] = run(with_variants, record).failures
    assert failure.requirement == (
        "at least 220.5 kg (0.45 kg gross weight x 49 packages stacked above x safety factor 10;"
        " a 300 cm stack of 6 cm packages)"
    )


def test_changing_the_height_setting_changes_the_verdict(
    tmp_path: Path, record: dict[str, Any], judge_files: Callable[..., list[SkuResult]]
) -> None:
    record["answers"]["drop-test"]["drop_height_m"] = "0.8"
    shipped = load_registry([CHECKLISTS])
    assert run(shipped, record).verdict is Verdict.FAIL
    for path in CHECKLISTS.glob("*.yaml"):
        text = path.read_text("utf-8").replace("drop_height_m: 1.2", "drop_height_m: 0.76")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    assert run(load_registry([tmp_path]), record).verdict is Verdict.PASS
