"""Typed text to values: numbers, yes/no and the record model, with messages people can act on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import ITEM
from qa_check.core.errors import pydantic_messages
from qa_check.engine.models import Checklist, PhotoRef, Record, Text, parse_number, parse_yes_no

# --- parse_number --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("1.2", 1.2),
        (" 7 ", 7.0),
        ("-3", -3.0),
        ("+2", 2.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("2.5E-1", 0.25),
        ("0", 0.0),
        ("012", 12.0),
        (3, 3.0),
        (2.5, 2.5),
        (-1, -1.0),
    ],
)
def test_numbers_typed_or_given_as_json(value: object, number: float) -> None:
    assert parse_number(value) == number


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        ("1.2 m", "m", "'1.2 m' has a unit typed in: write 1.2 (unit: m)"),
        ("1,2 kg", "kg", "'1,2 kg' has a unit typed in: write 1.2 (unit: kg)"),
        ("50kg", "kg", "'50kg' has a unit typed in: write 50 (unit: kg)"),
        ("-1.5 m", "m", "'-1.5 m' has a unit typed in: write -1.5 (unit: m)"),
        ("120 cm", None, "'120 cm' has a unit typed in: write the number alone, 120"),
        ("30 kg/m³", "kg/m³", "write 30 (unit: kg/m³)"),
        ("60 分钟", "min", "write 60 (unit: min)"),
        ("1800g", "kg", "'1800g' has a unit typed in: write 1.8 (unit: kg)"),
        ("1h", "min", "'1h' has a unit typed in: write 60 (unit: min)"),
        ("120cm", "m", "'120cm' has a unit typed in: write 1.2 (unit: m)"),
        ("3 斤", "kg", "'3 斤' has a unit typed in: write 1.5 (unit: kg)"),
        ("2 lb", "kg", "'2 lb' has a unit typed in: write 0.90718474 (unit: kg)"),
        ("47 in", "cm", "'47 in' has a unit typed in: write 119.38 (unit: cm)"),
    ],
)
def test_a_unit_typed_in_is_explained_with_the_number_in_the_items_unit(
    value: str, unit: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match="unit typed in") as caught:
        parse_number(value, unit)
    assert message in str(caught.value)
    if unit is None:
        assert "(unit:" not in str(caught.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "'' is not a number"),
        ("   ", "'   ' is not a number"),
        ("abc", "'abc' is not a number"),
        ("kg", "'kg' is not a number"),
        ("1,200", "'1,200' is not a number"),
        ("1 000", "'1 000' is not a number"),
        ("1.2.3", "'1.2.3' is not a number"),
        ("nan", "'nan' is not a number"),
        ("NaN", "'NaN' is not a number"),
        ("inf", "'inf' is not a number"),
        ("-Infinity", "'-Infinity' is not a number"),
        (".inf", "'.inf' is not a number"),
        ("５", "'５' is not a number"),
        (float("nan"), "nan is not a finite number"),
        (float("inf"), "inf is not a finite number"),
        (True, "expected a number, got yes/no"),
        (False, "expected a number, got yes/no"),
        (None, "expected a number, got NoneType"),
        ([1], "expected a number, got list"),
        ({"value": 1}, "expected a number, got dict"),
    ],
)
def test_what_is_not_a_number_is_refused(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(value, "kg")
    assert str(caught.value) == message


def test_a_huge_number_that_overflows_is_refused() -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        parse_number("1e999")


@pytest.mark.parametrize("value", ["1_000", "1_000.5", "0x1F", "0o12", "0b101"])
def test_python_number_spellings_are_refused_without_a_wrong_suggestion(value: str) -> None:
    # ``1_000`` is not "1 with a unit _000": suggesting 1 would be a wrong guess.
    with pytest.raises(ValueError) as caught:
        parse_number(value, "kg")
    assert "write the number alone" not in str(caught.value)
    assert str(caught.value).startswith(f"{value!r} is not a number")


# --- parse_yes_no --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "answer"),
    [
        ("yes", True),
        ("Yes", True),
        ("YES", True),
        (" yes ", True),
        ("y", True),
        ("Y", True),
        ("true", True),
        ("TRUE", True),
        ("是", True),
        (True, True),
        ("no", False),
        ("No", False),
        ("NO", False),
        ("n", False),
        ("false", False),
        ("False", False),
        ("否", False),
        (False, False),
    ],
)
def test_yes_and_no(value: object, answer: bool) -> None:
    assert parse_yes_no(value) is answer


@pytest.mark.parametrize("value", ["maybe", "", " ", "1", "0", "on", "off", "ok", 1, 0, None, []])
def test_anything_else_is_not_yes_or_no(value: object) -> None:
    with pytest.raises(ValueError) as caught:
        parse_yes_no(value)
    assert str(caught.value) == f"{value!r} is not yes or no"


# --- Record --------------------------------------------------------------------------------


def errors_of(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data)
    return pydantic_messages(caught.value.errors(), data)


def test_the_passing_record_reads_into_typed_values(record: dict[str, Any]) -> None:
    parsed = Record.model_validate(record)
    assert parsed.product.electrical is True
    assert parsed.product.gross_weight_kg == 0.45
    assert (parsed.product.length_cm, parsed.product.width_cm, parsed.product.height_cm) == (
        18.0,
        12.0,
        6.0,
    )
    assert parsed.inspected_at == datetime(2026, 11, 20, 2, 15, tzinfo=UTC)
    assert parsed.inspected_at.utcoffset() == timedelta(hours=8)
    assert parsed.product_name == "无线蓝牙耳机 Wireless Earbuds"
    assert parsed.checklists["drop-test"] == "2"
    assert parsed.photos == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("gross_weight_kg", "-1", "must be more than 0 kg, got -1"),
        ("gross_weight_kg", -2.5, "must be more than 0 kg, got -2.5"),
        ("gross_weight_kg", "0", "must be more than 0 kg, got 0"),
        ("gross_weight_kg", 0, "must be more than 0 kg, got 0"),
        ("height_cm", "0.0", "must be more than 0 cm, got 0.0"),
        ("length_cm", "-18", "must be more than 0 cm, got -18"),
        ("gross_weight_kg", "0.45 kg", "write 0.45 (unit: kg)"),
        ("gross_weight_kg", "1800g", "'1800g' has a unit typed in: write 1.8 (unit: kg)"),
        ("height_cm", "6cm", "write 6 (unit: cm)"),
        ("height_cm", "0.2 m", "write 20 (unit: cm)"),
        ("width_cm", "twelve", "'twelve' is not a number"),
        ("electrical", "maybe", "'maybe' is not yes or no"),
    ],
)
def test_product_attributes_are_checked(
    record: dict[str, Any], field: str, value: object, message: str
) -> None:
    record["product"][field] = value
    [(path, text)] = errors_of(record)
    assert path == ("product", field)
    assert message in text


def test_a_missing_product_attribute_is_required(record: dict[str, Any]) -> None:
    del record["product"]["gross_weight_kg"]
    assert errors_of(record) == [(("product", "gross_weight_kg"), "required")]


@pytest.mark.parametrize("value", ["2026-11-20T10:15:00", "2026-11-20 10:15", "2026-11-20"])
def test_an_inspection_time_without_a_time_zone_is_refused(
    record: dict[str, Any], value: str
) -> None:
    record["inspected_at"] = value
    [(path, text)] = errors_of(record)
    assert path == ("inspected_at",)
    assert "timezone" in text


@pytest.mark.parametrize(
    ("value", "offset"),
    [
        ("2026-11-20T10:15:00Z", timedelta(0)),
        ("2026-11-20T10:15:00+08:00", timedelta(hours=8)),
        ("2026-11-20 10:15-05:00", timedelta(hours=-5)),
    ],
)
def test_an_inspection_time_keeps_its_zone(
    record: dict[str, Any], value: str, offset: timedelta
) -> None:
    record["inspected_at"] = value
    parsed = Record.model_validate(record).inspected_at
    assert parsed.utcoffset() == offset
    assert parsed.replace(tzinfo=None) == datetime(2026, 11, 20, 10, 15)
    assert parsed.tzinfo is not None
    assert parsed.astimezone(timezone(offset)).hour == 10


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sku", "A\x07B"),
        ("sku", "A\nB"),
        ("sku", "A\x00"),
        ("sku", "A\x7fB"),
        ("product_name", "Ear\tbuds"),
        ("product_name", "line\r\nbreak"),
        ("applicant", "Brightway\tTrading"),
        ("brand", "Bright\nway"),
        ("model", "DL-220\x00"),
    ],
)
def test_control_characters_are_refused_in_names(
    record: dict[str, Any], field: str, value: str
) -> None:
    record[field] = value
    [(path, text)] = errors_of(record)
    assert path == (field,)
    assert (
        text == f"{value!r} is not valid here: use text without line breaks or control characters"
    )


def test_names_are_stripped_and_numbers_become_text(record: dict[str, Any]) -> None:
    record["sku"] = "  TWS-EB-001 "
    record["inspector"] = 1024
    parsed = Record.model_validate(record)
    assert parsed.sku == "TWS-EB-001"
    assert parsed.inspector == "1024"


def test_applicant_brand_and_model_are_optional_text(record: dict[str, Any]) -> None:
    parsed = Record.model_validate(record)
    assert (parsed.applicant, parsed.brand, parsed.model) == (None, None, None)
    record.update(applicant=" 深圳明途贸易有限公司 Brightway ", brand="Brightway", model=220)
    parsed = Record.model_validate(record)
    assert parsed.applicant == "深圳明途贸易有限公司 Brightway"
    assert (parsed.brand, parsed.model) == ("Brightway", "220")


@pytest.mark.parametrize(("field", "limit"), [("applicant", 300), ("brand", 100), ("model", 100)])
def test_applicant_brand_and_model_have_a_length_limit(
    record: dict[str, Any], field: str, limit: int
) -> None:
    record[field] = "x" * limit
    assert getattr(Record.model_validate(record), field) == "x" * limit
    record[field] = "x" * (limit + 1)
    assert errors_of(record) == [
        ((field,), f"too long: at most {limit} characters, got {limit + 1}")
    ]


@pytest.mark.parametrize(
    ("entry", "file", "caption"),
    [
        ("photos/a.jpg", "photos/a.jpg", None),
        ({"file": "photos/a.jpg"}, "photos/a.jpg", None),
        ({"file": "photos/a.jpg", "caption": None}, "photos/a.jpg", None),  # `caption:` left empty
        (
            {"file": "photos/a.jpg", "caption": " Drop 4: no damage "},
            "photos/a.jpg",
            "Drop 4: no damage",
        ),
        ({"file": "photos/a.jpg", "caption": 4}, "photos/a.jpg", "4"),
        (
            {"file": "photos/a.jpg", "caption": "跌落第4次：无破损"},
            "photos/a.jpg",
            "跌落第4次：无破损",
        ),
        ({"file": "photos/a.jpg", "caption": "x" * 200}, "photos/a.jpg", "x" * 200),
        (PhotoRef(file="photos/a.jpg", caption="Top"), "photos/a.jpg", "Top"),
    ],
)
def test_a_photo_is_a_file_name_or_a_file_with_a_caption(
    record: dict[str, Any], entry: object, file: str, caption: str | None
) -> None:
    record["photos"] = [entry]
    [photo] = Record.model_validate(record).photos
    assert (photo.file, photo.caption) == (file, caption)


@pytest.mark.parametrize(
    ("entry", "path", "message"),
    [
        (5, ("photos", 1), "expected text, got a number"),
        (None, ("photos", 1), "expected text, got nothing"),
        ({"file": 5}, ("photos", 1, "file"), "expected text, got a number"),
        ({"caption": "Front"}, ("photos", 1, "file"), "required"),
        ({"file": "a.jpg", "captoin": "Front"}, ("photos", 1, "captoin"), "unknown field"),
        (
            {"file": "a.jpg", "caption": "x" * 201},
            ("photos", 1, "caption"),
            "too long: at most 200 characters, got 201",
        ),
        (
            {"file": "a.jpg", "caption": "  "},
            ("photos", 1, "caption"),
            "empty: write something here",
        ),
        (
            {"file": "a.jpg", "caption": "Drop\n4"},
            ("photos", 1, "caption"),
            "'Drop\\n4' is not valid here: use text without line breaks or control characters",
        ),
    ],
)
def test_a_bad_photo_entry_is_located_inside_it(
    record: dict[str, Any], entry: object, path: tuple[str | int, ...], message: str
) -> None:
    record["photos"] = ["photos/ok.jpg", entry]
    [(where, text)] = errors_of(record)
    assert where == path
    assert text == message


@pytest.mark.parametrize(
    ("photos", "dumped"),
    [
        (["a.jpg", "b.jpg"], ["a.jpg", "b.jpg"]),
        ([{"file": "a.jpg"}], ["a.jpg"]),
        ([{"caption": "Front", "file": "a.jpg"}], [{"file": "a.jpg", "caption": "Front"}]),
    ],
)
def test_a_photo_without_a_caption_dumps_as_its_file_name(
    record: dict[str, Any], photos: list[object], dumped: list[object]
) -> None:
    record["photos"] = photos
    parsed = Record.model_validate(record)
    assert parsed.model_dump(mode="json")["photos"] == dumped
    assert Record.model_validate(parsed.model_dump(mode="json")) == parsed


@pytest.mark.parametrize("value", ["", "   "])
def test_a_blank_sku_is_refused(record: dict[str, Any], value: str) -> None:
    record["sku"] = value
    [(path, _)] = errors_of(record)
    assert path == ("sku",)


@pytest.mark.parametrize(("given", "version"), [(1, "1"), (2, "2"), ("1", "1"), (1.5, "1.5")])
def test_versions_given_as_json_numbers_become_text(
    record: dict[str, Any], given: object, version: str
) -> None:
    record["checklists"] = {"drop-test": given}
    assert Record.model_validate(record).checklists == {"drop-test": version}


def test_a_version_given_as_yes_no_is_refused(record: dict[str, Any]) -> None:
    record["checklists"] = {"drop-test": True}
    [(path, _)] = errors_of(record)
    assert path == ("checklists", "drop-test")


def test_a_badly_spelled_checklist_id_is_located_at_its_key(record: dict[str, Any]) -> None:
    record["checklists"] = {"Drop Test": "1"}
    [(path, text)] = errors_of(record)
    assert path == ("checklists", "Drop Test")
    assert text == "'Drop Test' is not valid here: use lower-case letters, digits, - and _"


def test_no_checklists_is_refused(record: dict[str, Any]) -> None:
    record["checklists"] = {}
    [(path, _)] = errors_of(record)
    assert path == ("checklists",)


@pytest.mark.parametrize(
    ("where", "path"),
    [((), ("colour",)), (("product",), ("product", "colour"))],
)
def test_unknown_fields_are_named(
    record: dict[str, Any], where: tuple[str, ...], path: tuple[str, ...]
) -> None:
    target = record
    for key in where:
        target = target[key]
    target["colour"] = "red"
    assert errors_of(record) == [(path, "unknown field")]


def test_every_problem_of_a_record_is_reported_at_once(record: dict[str, Any]) -> None:
    record["product"]["gross_weight_kg"] = "-1"
    record["inspected_at"] = "2026-11-20T10:15:00"
    record["sku"] = "A\nB"
    paths = {path for path, _ in errors_of(record)}
    assert paths == {("product", "gross_weight_kg"), ("inspected_at",), ("sku",)}


# --- Checklist -----------------------------------------------------------------------------

CHECKLIST: dict[str, Any] = {
    "id": "c",
    "version": "1",
    "title": {"en": "Drops", "zh": "跌落"},
    "items": [ITEM],
}


@pytest.mark.parametrize(
    ("given", "standard"),
    [
        ({}, None),
        (
            {"standard": {"en": "ISO 2248", "zh": "参照 ISO 2248"}},
            Text(en="ISO 2248", zh="参照 ISO 2248"),
        ),
    ],
)
def test_a_checklist_may_name_the_standard_it_follows(
    given: dict[str, Any], standard: Text | None
) -> None:
    assert Checklist.model_validate({**CHECKLIST, **given}).standard == standard


@pytest.mark.parametrize(
    ("standard", "path"),
    [
        ({"en": "ISO 2248"}, ("standard", "zh")),
        ({"en": "", "zh": "参照 ISO 2248"}, ("standard", "en")),
        ("ISO 2248", ("standard",)),
    ],
)
def test_a_standard_is_text_in_english_and_chinese(standard: object, path: tuple[str, ...]) -> None:
    data = {**CHECKLIST, "standard": standard}
    with pytest.raises(ValidationError) as caught:
        Checklist.model_validate(data)
    assert [found for found, _ in pydantic_messages(caught.value.errors(), data)] == [path]
