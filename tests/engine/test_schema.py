"""JSON Schema: valid draft 7, and the shipped checklists and examples conform to it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import CHECKLISTS, ROOT
from qa_check.engine.checklists import WITHDRAWALS_NAME
from qa_check.engine.models import Checklist, Record
from qa_check.engine.schema import DRAFT_7, schema_for


def editor_view(path: Path) -> Any:
    """What an editor's YAML language server sees: typed values, dates as text."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))


@pytest.mark.parametrize("model", [Checklist, Record])
def test_schema_is_draft_7(model: type[Checklist] | type[Record]) -> None:
    schema = schema_for(model)
    assert schema["$schema"] == DRAFT_7
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schema)


@pytest.mark.parametrize(
    "path",
    sorted(path for path in CHECKLISTS.glob("*.yaml") if path.name != WITHDRAWALS_NAME),
    ids=lambda p: p.name,
)
def test_shipped_checklists_conform_and_carry_the_modeline(path: Path) -> None:
    first_line = path.read_text("utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/checklist.schema.json"
    errors = list(jsonschema.Draft7Validator(schema_for(Checklist)).iter_errors(editor_view(path)))
    assert errors == []


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_conform(path: Path) -> None:
    errors = list(jsonschema.Draft7Validator(schema_for(Record)).iter_errors(editor_view(path)))
    assert errors == []


def test_schema_catches_a_typo() -> None:
    bad = editor_view(CHECKLISTS / "drop-test.yaml")
    bad["items"][0]["severty"] = bad["items"][0].pop("severity")
    assert not jsonschema.Draft7Validator(schema_for(Checklist)).is_valid(bad)


def test_the_committed_checklist_schema_knows_same_as_field_order_and_standard() -> None:
    committed = json.loads((ROOT / "schemas" / "checklist.schema.json").read_text("utf-8"))
    assert committed == schema_for(Checklist)
    same_as_field = committed["definitions"]["SameAsField"]["properties"]["same_as_field"]
    assert same_as_field["enum"] == ["sku", "product_name"]
    assert committed["properties"]["order"]["type"] == "integer"
    validator = jsonschema.Draft7Validator(committed)
    label = editor_view(CHECKLISTS / "label-placement.yaml")
    assert label["order"] == 20
    assert validator.is_valid(label)
    [scan] = [item for item in label["items"] if item["id"] == "barcode_scan"]
    assert scan["criterion"] == {"same_as_field": "sku"}
    scan["criterion"] = {"same_as_field": "barcode"}
    assert not validator.is_valid(label)
    scan["criterion"] = {"same_as_field": "sku"}
    assert set(label["standard"]) == {"en", "zh"}
    del label["standard"]
    assert validator.is_valid(label)
    label["standard"] = {"en": "Amazon FBA shipping rules"}
    assert not validator.is_valid(label)


def test_the_committed_record_schema_has_optional_applicant_brand_and_model() -> None:
    committed = json.loads((ROOT / "schemas" / "record.schema.json").read_text("utf-8"))
    assert committed == schema_for(Record)
    assert not {"applicant", "brand", "model"} & set(committed["required"])
    validator = jsonschema.Draft7Validator(committed)
    lamp = editor_view(ROOT / "examples" / "lamp-220-pass.yaml")
    assert lamp["brand"] == "Brightway"
    assert validator.is_valid(lamp)
    lamp["model"] = "DL\n220"
    assert not validator.is_valid(lamp)


@pytest.mark.parametrize(
    ("photo", "valid"),
    [
        ("photos/a.jpg", True),
        ({"file": "photos/a.jpg"}, True),
        ({"file": "photos/a.jpg", "caption": "Drop 4, corner 2-3-5: no damage"}, True),
        ({"caption": "Front"}, False),
        ({"file": "photos/a.jpg", "captoin": "Front"}, False),
        ({"file": "photos/a.jpg", "caption": "x" * 201}, False),
        ({"file": "photos/a.jpg", "caption": "Drop\n4"}, False),
        (5, False),
    ],
)
def test_the_committed_record_schema_knows_a_photo_with_a_caption(
    photo: object, valid: bool
) -> None:
    committed = json.loads((ROOT / "schemas" / "record.schema.json").read_text("utf-8"))
    assert committed == schema_for(Record)
    lamp = editor_view(ROOT / "examples" / "lamp-220-pass.yaml")
    lamp["photos"] = [photo]
    assert jsonschema.Draft7Validator(committed).is_valid(lamp) is valid
