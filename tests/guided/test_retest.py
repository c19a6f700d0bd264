"""A re-test asks again only what it needs (issue 21): failed items, what the checklist repeats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from qa_check.certificates.preflight import CHECKS
from qa_check.core.messages import Message, in_lang
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, judge
from qa_check.guided.retest import Retest, retest
from qa_check.records.read import read_records

DROP_TEST = [
    "surface",
    "drop_height_m",
    "drops",
    "works_normally",
    "no_visible_damage",
    "parts_fit",
    "tested_as_shipped",
]


def _planned(path: Path, registry: Registry) -> tuple[dict[str, Any], Retest | Message]:
    [raw] = list(read_records([path], registry))
    assert isinstance(raw, RawRecord) and isinstance(raw.data, dict)
    return raw.data, retest(raw.data, judge(raw, registry, checks=CHECKS), registry)


@pytest.mark.parametrize(
    ("example", "asked_again"),
    [
        ("humidifier-2l-fail.yaml", {"drop-test@3": DROP_TEST}),
        (
            "headband-led-fail.yaml",
            {
                "packaging-stack@2": ["opp_bag", "foam_no_crumbs"],
                "label-placement@4": ["electrical_label_on_colour_box"],
            },
        ),
        (
            "kettle-17-fail.yaml",
            {
                "compression-test@3": [
                    "applied_load_kg",
                    "hold_minutes",
                    "product_undamaged",
                    "package_held_shape",
                ]
            },
        ),
    ],
    ids=["a failed drop repeats the whole drop test", "only the failed items", "compression"],
)
def test_a_retest_asks_again_what_failed_and_what_its_checklist_repeats(
    registry: Registry, example: str, asked_again: dict[str, list[str]]
) -> None:
    data, planned = _planned(ROOT / "examples" / example, registry)
    assert isinstance(planned, Retest)
    assert planned.asked_again == asked_again
    for key, items in asked_again.items():
        checklist_id = key.partition("@")[0]
        kept = planned.given["answers"].get(checklist_id, {})
        assert not set(items) & set(kept), "what is asked again is not given"
    untouched = set(data["answers"]) - {key.partition("@")[0] for key in asked_again}
    for checklist_id in untouched:
        assert planned.given["answers"][checklist_id] == data["answers"][checklist_id]
    assert [c.checklist.key for c in planned.checklists] == [
        registry.latest(c).checklist.key  # type: ignore[union-attr]
        for c in ("packaging-stack", "label-placement", "drop-test", "compression-test")
    ]
    for fresh in ("inspector", "site", "inspected_at", "finished_at", "checklists", "not_done"):
        assert fresh not in planned.given
    assert planned.given["sku"] == data["sku"]
    assert planned.given["product"] == data["product"]


def test_a_retest_after_a_stopped_test_asks_again_what_was_not_done(
    registry: Registry, tmp_path: Path, record: dict[str, Any]
) -> None:
    record["answers"]["packaging-stack"]["opp_bag"] = "no"
    record["not_done"] = {"label-placement": ["barcode_scan"]}
    record["answers"]["label-placement"].pop("barcode_scan")
    path = tmp_path / "stopped.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), "utf-8")
    _, planned = _planned(path, registry)
    assert isinstance(planned, Retest)
    assert planned.asked_again == {
        "packaging-stack@2": ["opp_bag"],
        "label-placement@4": ["barcode_scan"],
    }
    told = planned.told()
    assert in_lang(told, "en").startswith("Re-test of TWS-EB-001: ")
    assert "label-placement@4: barcode_scan" in told
    assert in_lang(told, "zh").startswith("TWS-EB-001 复测：沿用原记录的产品信息和 ")


def test_a_pass_is_not_retested(registry: Registry) -> None:
    _, refused = _planned(ROOT / "examples" / "earbuds-pass.yaml", registry)
    assert isinstance(refused, Message)
    assert refused.startswith("the record is PASS: only a FAIL is re-tested")
