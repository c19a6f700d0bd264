"""Every domain rule judged both ways over the shipped checklists, and rules proven to be data."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CHECKLISTS, DATA, PASSING_RECORD
from qa_check.checklists import Registry, load_registry
from qa_check.errors import Location
from qa_check.rules import show
from qa_check.validate import RawRecord, SkuResult, Verdict, judge

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
    return judge(RawRecord(data, Location("t.yaml"), lambda path: Location("t.yaml")), registry)


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


@pytest.mark.parametrize(
    ("change", "requirement", "recorded"),
    [
        (
            {"compression-test.applied_load_kg": "50"},
            ">= 59.4 kg (= 0.45 x (floor(270 / 6) - 1) x 3)",
            "50 kg",
        ),
        ({"drop-test.drop_height_m": "1.0"}, ">= 1.2 m", "1 m"),
        (
            {"drop-test.drops": ["damaged"] + ["intact"] * 8},
            "intact: 3 at corner, 3 at edge, 3 at face",
            "intact: corner 2/3, edge 3/3, face 3/3",
        ),
        (
            {"label-placement.barcode_layer": "mailer_box"},
            "same as packaging-stack.outermost_layer (shrink_film)",
            "mailer_box",
        ),
        ({"drop-test.surface": "other"}, "one of concrete, steel_3mm, hardwood_10mm", "other"),
        (
            {"label-placement.barcode_scan": "TWS-EB-002"},
            "same as the SKU (TWS-EB-001)",
            "TWS-EB-002",
        ),
        (
            {**TWO_KG_2_16_CM, "compression-test.applied_load_kg": "738"},
            ">= 744 kg (= 2 x (floor(270 / 2.16) - 1) x 3)",
            "738 kg",
        ),
    ],
)
def test_failures_say_what_was_required_and_recorded(
    registry: Registry, record: dict[str, Any], change: Change, requirement: str, recorded: str
) -> None:
    [failure] = run(registry, changed(record, change)).failures
    assert (failure.requirement, failure.recorded) == (requirement, recorded)


def test_a_tall_package_needs_no_stacking_load(registry: Registry, record: dict[str, Any]) -> None:
    # One package per 270 cm stack: floor(270 / 200) - 1 = 0, so any load passes.
    result = run(
        registry,
        changed(record, {"product.height_cm": "200", "compression-test.applied_load_kg": "0"}),
    )
    assert result.verdict is Verdict.PASS


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "yes"), (False, "no"), (1.2, "1.2"), (60.0, "60"), (["a", 2.5], "a, 2.5"), ("x", "x")],
)
def test_show(value: object, text: str) -> None:
    assert show(value) == text


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
    assert failure.requirement == ">= 220.5 kg (= 0.45 x (floor(300 / 6) - 1) x 10)"


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
