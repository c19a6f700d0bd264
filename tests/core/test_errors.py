"""Errors as values: how locations and problems read, and pydantic errors in plain words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from conftest import ITEM
from qa_check.core.errors import (
    ChecklistError,
    ConfigError,
    InputError,
    Location,
    Problem,
    QaCheckError,
    UsageError,
    data_path,
    dotted,
    pydantic_messages,
)
from qa_check.engine import models as m

# --- Location and Problem ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "text"),
    [
        (Location("a.yaml"), "a.yaml"),
        (Location("a.yaml", 12), "a.yaml:12"),
        (Location("s.csv", row=3), "s.csv row 3"),
        (Location("s.csv", row=1, field="colour"), "s.csv row 1 [colour]"),
        (
            Location("a.yaml", 4, field="answers.drop-test.drops"),
            "a.yaml:4 [answers.drop-test.drops]",
        ),
        (Location("l.jsonl", 7, field="sku"), "l.jsonl:7 [sku]"),
        (Location("a.json", field="[1].product"), "a.json [[1].product]"),
        (Location("a.yaml", 0), "a.yaml:0"),
        (Location("a.yaml", field=""), "a.yaml"),
        (Location("数据/记录.yaml", 2), "数据/记录.yaml:2"),
    ],
)
def test_location_text(location: Location, text: str) -> None:
    assert str(location) == text


def test_location_at_narrows_and_keeps_the_rest() -> None:
    row = Location("s.csv", row=5)
    assert row.at(field="sku") == Location("s.csv", row=5, field="sku")
    line = Location("l.jsonl", 3, field="sku")
    assert line.at(line=9) == Location("l.jsonl", 9, field="sku")
    assert line.at(field="site") == Location("l.jsonl", 3, field="site")
    assert line.at() == line
    assert row.at(field="sku") is not row


def test_locations_are_values() -> None:
    assert Location("a", 1) == Location("a", 1)
    assert len({Location("a", 1), Location("a", 1), Location("a", 2)}) == 2
    with pytest.raises(AttributeError):
        Location("a").line = 3  # type: ignore[misc]


def test_problem_text_is_one_line_with_its_location() -> None:
    problem = Problem(Location("s.csv", row=2, field="gross_weight_kg"), "must be more than 0 kg")
    assert str(problem) == "s.csv row 2 [gross_weight_kg]: must be more than 0 kg"
    assert str(Problem(Location("a.yaml"), "file is empty")) == "a.yaml: file is empty"


@pytest.mark.parametrize("kind", [InputError, ChecklistError, ConfigError, UsageError])
def test_errors_carry_their_problems(kind: type[QaCheckError]) -> None:
    problems = [Problem(Location("a.yaml", 1), "one"), Problem(Location("b.yaml"), "two")]
    error = kind(problems)
    assert isinstance(error, QaCheckError)
    assert error.problems == problems
    assert str(error) == "a.yaml:1: one; b.yaml: two"


# --- data_path and dotted ------------------------------------------------------------------

DATA: dict[str, Any] = {
    "product": {"gross_weight_kg": "-1"},
    "checklists": {"Drop Test": "1"},
    "answers": {"drop-test": {"drops": ["intact", "x"]}},
    "items": [{"id": "a", "criterion": {"at_least": {"setting": "Bad"}}}],
}


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (("product", "gross_weight_kg"), ("product", "gross_weight_kg")),
        (("answers", "drop-test", "drops", 1), ("answers", "drop-test", "drops", 1)),
        # Union tags that pydantic adds are not in the data and are dropped.
        (
            ("items", 0, "criterion", "range", "at_least", "setting", "setting"),
            ("items", 0, "criterion", "at_least", "setting"),
        ),
        (("items", 0, "criterion", "range", "at_least"), ("items", 0, "criterion", "at_least")),
        # A field that is not in the data is not part of the path (see the missing case).
        (("product", "height_cm"), ("product",)),
        (("sku",), ()),
        # A list index past the end is not in the data.
        (("answers", "drop-test", "drops", 5), ("answers", "drop-test", "drops")),
        # A bad mapping key: pydantic adds ``[key]`` after the key itself.
        (("checklists", "Drop Test", "[key]"), ("checklists", "Drop Test")),
        ((), ()),
    ],
)
def test_data_path(loc: tuple[str | int, ...], path: tuple[str | int, ...]) -> None:
    assert data_path(DATA, loc) == path


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (("product", "height_cm"), ("product", "height_cm")),
        (("sku",), ("sku",)),
        (("items", 0, "criterion", "count", "count"), ("items", 0, "criterion", "count")),
    ],
)
def test_data_path_keeps_the_missing_field(
    loc: tuple[str | int, ...], path: tuple[str | int, ...]
) -> None:
    assert data_path(DATA, loc, missing=True) == path


def test_data_path_of_data_that_is_not_a_mapping() -> None:
    assert data_path("text", ("a",)) == ()
    assert data_path(["x"], (0, "a")) == (0,)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("sku",), "sku"),
        (("product", "gross_weight_kg"), "product.gross_weight_kg"),
        (("items", 3, "prompt", "zh"), "items[3].prompt.zh"),
        ((0, "sku"), "[0].sku"),
        (("answers", "drop-test", "drops", 4), "answers.drop-test.drops[4]"),
        (("a", 1, 2), "a[1][2]"),
    ],
)
def test_dotted(path: tuple[str | int, ...], text: str) -> None:
    assert dotted(path) == text


# --- pydantic_messages ---------------------------------------------------------------------


def messages(
    model: type[BaseModel], data: dict[str, Any]
) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return pydantic_messages(caught.value.errors(), data)


def item(**changes: Any) -> dict[str, Any]:
    return {**ITEM, **changes}


def test_the_sample_item_is_valid() -> None:
    assert m.Item.model_validate(ITEM).id == "drop_height_m"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"prompt": {"en": "Drop height?"}},
            [(("prompt", "zh"), "missing Chinese (zh) translation")],
        ),
        ({"help": {"zh": "帮助"}}, [(("help", "en"), "missing English (en) translation")]),
        (
            {"corrective": {}},
            [
                (("corrective", "en"), "missing English (en) translation"),
                (("corrective", "zh"), "missing Chinese (zh) translation"),
            ],
        ),
    ],
)
def test_a_missing_translation_is_named(
    changes: dict[str, Any], expected: list[tuple[tuple[str | int, ...], str]]
) -> None:
    assert messages(m.Item, item(**changes)) == expected


def test_a_missing_field_is_required() -> None:
    data = item()
    del data["severity"]
    assert messages(m.Item, data) == [(("severity",), "required")]


def test_an_unknown_field_is_named_by_its_path() -> None:
    data = item(colour="red", prompt={"en": "a", "zh": "b", "fr": "c"})
    assert messages(m.Item, data) == [
        (("prompt", "fr"), "unknown field"),
        (("colour",), "unknown field"),
    ]


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"rule": "DT3"}, ("rule",), "'DT3' is not valid here: use a rule id such as DT-3"),
        ({"rule": "dt-3"}, ("rule",), "'dt-3' is not valid here: use a rule id such as DT-3"),
        (
            {"id": "Drop Height"},
            ("id",),
            "'Drop Height' is not valid here: use lower-case letters, digits, - and _",
        ),
        (
            {"criterion": {"at_least": {"setting": "Height"}}},
            ("criterion", "at_least", "setting"),
            "'Height' is not valid here: use lower-case letters, digits, - and _",
        ),
    ],
)
def test_pattern_mismatches_say_what_is_expected(
    changes: dict[str, Any], path: tuple[str | int, ...], message: str
) -> None:
    assert messages(m.Item, item(**changes)) == [(path, message)]


def test_record_patterns_have_their_own_hints(record: dict[str, Any]) -> None:
    record["sku"] = "A\tB"
    record["product_name"] = "a\nb"
    assert messages(m.Record, record) == [
        (("sku",), "'A\\tB' is not valid here: use text without line breaks or control characters"),
        (
            ("product_name",),
            "'a\\nb' is not valid here: use text without line breaks or control characters",
        ),
    ]


def test_value_errors_lose_pydantics_prefix() -> None:
    found = messages(m.Item, item(criterion={"at_least": "1.2 m"}))
    assert found == [
        (("criterion", "at_least"), "'1.2 m' has a unit typed in: write the number alone, 1.2")
    ]


def test_custom_union_errors_read_plainly() -> None:
    found = messages(m.Item, item(criterion={"equals": "yes", "one_of": ["yes"]}))
    assert found == [
        (
            ("criterion",),
            "a criterion is one of equals, one_of, at_least / at_most, same_as, same_as_field,"
            " count, recorded",
        )
    ]


@pytest.mark.parametrize(
    ("criterion", "path", "message"),
    [
        ({"at_least": None}, ("criterion",), "give at_least, at_most or both"),
        ({"count": {"equals": "intact"}}, ("criterion", "count"), "give at_least per label"),
    ],
)
def test_model_level_errors_point_at_what_exists_in_the_data(
    criterion: dict[str, Any], path: tuple[str | int, ...], message: str
) -> None:
    # The union tag (``range``, ``count``) pydantic puts last is not a field of the data.
    [(found_path, text)] = messages(m.Item, item(criterion=criterion))
    assert message in text
    assert found_path == path


def test_several_errors_keep_their_order() -> None:
    data = item(rule="x", id="Y")
    del data["help"]
    assert [path for path, _ in messages(m.Item, data)] == [("id",), ("rule",), ("help",)]


class _Named(BaseModel):
    model_config = ConfigDict(strict=True)
    name: str


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (3, "expected text, got a number"),
        (True, "expected text, got yes/no"),
        (["a"], "expected text, got a list"),
        ({"a": 1}, "expected text, got a group of fields"),
        (date(1979, 5, 27), "expected text, got a date or time"),  # TOML has dates
        (datetime(1979, 5, 27, 7, 32, tzinfo=UTC), "expected text, got a date or time"),
        (time(7, 32), "expected text, got a date or time"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named_in_words(value: object, message: str) -> None:
    assert messages(_Named, {"name": value}) == [(("name",), message)]
