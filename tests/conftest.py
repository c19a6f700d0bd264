"""Shared fixtures: the shipped checklists, a complete passing record, file writers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qa_check.checklists import Registry, load_registry
from qa_check.records import read_records, record_files
from qa_check.validate import SkuResult, judge_all

ROOT = Path(__file__).resolve().parent.parent
CHECKLISTS = ROOT / "checklists"
DATA = Path(__file__).resolve().parent / "data"

PASSING_RECORD: dict[str, Any] = {
    "sku": "TWS-EB-001",
    "product_name": "无线蓝牙耳机 Wireless Earbuds",
    "product": {
        "electrical": "yes",
        "gross_weight_kg": "0.45",
        "length_cm": "18",
        "width_cm": "12",
        "height_cm": "6",
    },
    "inspector": "李娜",
    "site": "Shenzhen WH-2",
    "inspected_at": "2026-11-20T10:15:00+08:00",
    "checklists": {
        "packaging-stack": "1",
        "label-placement": "1",
        "drop-test": "1",
        "compression-test": "1",
    },
    "answers": {
        "packaging-stack": {
            "cushioning": "foam",
            "colour_box_present": "yes",
            "mailer_box_present": "yes",
            "shrink_wrap_present": "yes",
            "custom_moulded": "yes",
            "cushion_density_kg_m3": "30",
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
            "barcode_scans": "yes",
            "barcode_black_on_white": "yes",
            "barcode_flat_face": "yes",
            "other_barcodes_covered": "yes",
        },
        "drop-test": {
            "surface": "concrete",
            "drop_height_m": "1.2",
            "drops": ["intact"] * 9,
            "works_normally": "yes",
            "no_visible_damage": "yes",
            "parts_fit": "yes",
            "tested_as_shipped": "yes",
        },
        "compression-test": {
            "applied_load_kg": "60",
            "hold_minutes": "60",
            "product_undamaged": "yes",
            "package_held_shape": "yes",
        },
    },
}
"""A record that passes every shipped checklist (foam cushioning, electrical product)."""


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The checklists shipped in ``checklists/``."""
    return load_registry([CHECKLISTS])


@pytest.fixture
def record() -> dict[str, Any]:
    """A fresh deep copy of the passing record, for a test to change."""
    return copy.deepcopy(PASSING_RECORD)


@pytest.fixture
def judge_files(registry: Registry) -> Callable[..., list[SkuResult]]:
    """Judge files or folders against the shipped checklists, as ``validate`` would."""

    def run(*paths: Path, encoding: str = "utf-8-sig") -> list[SkuResult]:
        files = record_files(list(paths))
        return list(judge_all(read_records(files, registry, encoding), registry))

    return run
