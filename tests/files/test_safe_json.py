"""The strict JSON reader: numbers stay text, hostile JSON is refused with a line, never a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import run_bounded
from qa_check.core.errors import InputError, Location, Problem
from qa_check.files.safe_json import parse_json
from qa_check.files.safe_yaml import MAX_DEPTH


def only_problem(text: str, first_line: int = 1) -> Problem:
    with pytest.raises(InputError) as caught:
        parse_json(text, "r.json", first_line)
    [problem] = caught.value.problems
    assert problem.location.file == "r.json"
    assert "\n" not in str(problem)
    return problem


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"n": 1.50}', {"n": "1.50"}),
        ('{"n": -0}', {"n": "-0"}),
        ('{"n": 1e999}', {"n": "1e999"}),
        ("[" + "9" * 400 + "]", ["9" * 400]),
        ('{"yes": true, "none": null}', {"yes": True, "none": None}),
        ('"\\ud83d\\ude00"', "😀"),  # a surrogate pair is one character
        ('"\\\\ud800"', "\\ud800"),  # an escaped backslash, then text
        ('{"a": "' + "[" * 100 + '"}', {"a": "[" * 100}),  # brackets in text do not nest
    ],
)
def test_values_come_back_as_typed(text: str, value: Any) -> None:
    assert parse_json(text, "r.json") == value


def test_nesting_at_the_limit_is_read() -> None:
    data = parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH, "r.json")
    for _ in range(MAX_DEPTH - 1):
        [data] = data
    assert data == []


HOSTILE_JSON = [
    ("nested 100,000 deep", "[" * 100_000 + "]" * 100_000, 1, "nested more than 64 levels deep"),
    ("nested too deep on line 3", '{\n"a":\n' + "[" * 65 + "]" * 65 + "}", 3, "nested more"),
    ("a lone high surrogate", '{\n"a": "\\ud800"}', 2, "half of a character"),
    ("a lone low surrogate", '{"a": "x\\udc00"}', 1, "half of a character"),
    ("a duplicate key", '{\n"a": 1,\n"b": {"a": 1},\n"a": 2}', 4, "duplicate key 'a'"),
    ("NaN", '{\n"a": NaN}', 2, "NaN is not a number a record can hold"),
    ("-Infinity", '{"a": "-Infinity",\n"b": -Infinity}', 2, "-Infinity is not a number"),
    ("a syntax error", '{\n"a": 1,\n}', 3, "no comma may follow the last entry"),
]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [case[1:] for case in HOSTILE_JSON],
    ids=[case[0] for case in HOSTILE_JSON],
)
def test_hostile_json_is_refused_on_its_line(text: str, line: int, words: str) -> None:
    problem = only_problem(text)
    assert problem.location == Location("r.json", line)
    assert problem.message.startswith("invalid JSON: ")
    assert words in problem.message


@pytest.mark.parametrize(("text", "_", "words"), [case[1:] for case in HOSTILE_JSON[:6]])
def test_a_json_lines_line_is_located_in_its_file(text: str, _: int, words: str) -> None:
    one_line = text.replace("\n", " ")
    problem = only_problem(one_line, first_line=41)
    assert problem.location.line == 41
    assert words in problem.message


def test_a_duplicate_key_yaml_cannot_read_has_no_line_rather_than_a_wrong_one() -> None:
    # YAML refuses a key over 1,024 characters; its problem is not the duplicate.
    long_key = "k" * 2_000
    problem = only_problem(f'{{"{long_key}": 1,\n"a": 1,\n"a": 2}}')
    assert problem.location.line is None
    assert problem.message == "invalid JSON: duplicate key 'a'"


PARSE_AND_SHOW = """
import sys
from pathlib import Path
from qa_check.core.errors import InputError
from qa_check.files.safe_json import parse_json
try:
    parse_json(Path(sys.argv[1]).read_text("utf-8"), "r.json")
except InputError as exc:
    print(exc.problems[0])
"""


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1_000_000,
        '{"a":' * 500_000 + "1" + "}" * 500_000,
        "[" * 1_000_000 + "]" * 1_000_000,
    ],
    ids=["a million brackets never closed", "half a million objects", "a million levels"],
)
def test_deep_json_is_refused_without_recursion_in_bounded_time(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    shown = run_bounded(PARSE_AND_SHOW, str(path), seconds=20, memory_mib=512)
    assert shown == "r.json:1: invalid JSON: values are nested more than 64 levels deep\n"
