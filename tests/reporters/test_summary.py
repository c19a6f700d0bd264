"""The batch summary: a row per input record, CSV a spreadsheet cannot run, JSON that merges."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pytest

from conftest import ROOT
from qa_check.core.errors import InputError
from qa_check.core.formats import SUMMARY_FORMAT_ID
from qa_check.core.messages import printable
from qa_check.engine.judge import SkuResult
from qa_check.reporters.summary import (
    COLUMNS,
    Row,
    counts,
    merge,
    read_json,
    row_for,
    to_csv,
    to_json,
)

EXAMPLES = ROOT / "examples"


@pytest.fixture
def rows(judge_files: Callable[..., list[SkuResult]]) -> list[Row]:
    results = judge_files(EXAMPLES)
    return [
        row_for(
            result,
            Path(f"/out/{result.sku}.pdf") if result.verdict.value != "INVALID" else None,
            "d" * 64 if result.verdict.value != "INVALID" else "",
        )
        for result in results
    ]


def test_every_input_record_is_a_row_and_the_counts_add_up(rows: list[Row]) -> None:
    numbers = counts(rows)
    assert (numbers["total"], numbers["passed"], numbers["failed"], numbers["invalid"]) == (
        15,
        7,
        7,
        1,
    )
    assert numbers["pass_rate"] == 0.5
    assert sum(numbers["failures_by_rule"].values()) == sum(len(r.failed_rules) for r in rows)
    assert list(numbers["failures_by_rule"].values()) == sorted(
        numbers["failures_by_rule"].values(), reverse=True
    )
    kettle = next(row for row in rows if row.sku == "KETTLE-1.7")
    assert kettle.verdict == "FAIL"
    assert kettle.failed_rules == ("CP-2",)
    assert kettle.failed_checklists == ("compression-test@2",)
    assert kettle.first_failure.startswith("CP-2 compression-test@2.")
    assert kettle.certificate == "KETTLE-1.7.pdf"
    invalid = next(row for row in rows if row.verdict == "INVALID")
    assert invalid.certificate == "" and invalid.digest == ""
    assert invalid.source.endswith("fan-usb-invalid.yaml:1")
    assert any("[answers.drop-test.drop_height_m]" in problem for problem in invalid.problems)
    assert numbers["failures_by_checklist"]["compression-test@2"] >= 1


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_text_in_a_spreadsheet(start: str) -> None:
    row = Row("INVALID", f'{start}HYPERLINK("http://x")', "p", (), (), "", "", "", ("x",), "s")
    written = list(csv.reader(io.StringIO(to_csv([row]))))
    assert written[0] == list(COLUMNS)
    assert written[1][1] == f'\'{start}HYPERLINK("http://x")'
    assert written[1][0] == "INVALID"  # other cells as they are


def test_the_csv_has_a_row_per_record_with_lists_joined(rows: list[Row]) -> None:
    written = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert len(written) == len(rows)
    assert [line["sku"] for line in written] == [row.sku for row in rows]
    kettle = next(line for line in written if line["sku"] == "KETTLE-1.7")
    assert kettle["failed_rules"] == "CP-2"
    assert kettle["certificate"] == "KETTLE-1.7.pdf"


def test_json_reads_back_and_shards_merge_into_one_summary(rows: list[Row]) -> None:
    text = to_json(rows)
    document = json.loads(text)
    assert document["format"] == SUMMARY_FORMAT_ID
    assert document["total"] == len(document["records"]) == 15
    assert read_json(text, "summary.json") == rows
    first, second = to_json(rows[:6]), to_json(rows[6:])
    merged = merge([read_json(first, "a.json"), read_json(second, "b.json")])
    assert merged == rows
    assert to_json(merged) == text


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[]", None),
        ('{"format": "other"}', None),
        (json.dumps({"format": SUMMARY_FORMAT_ID, "records": {}}), "records"),
        (json.dumps({"format": SUMMARY_FORMAT_ID, "records": [{"sku": "x"}]}), "records[0]"),
        (
            json.dumps({"format": SUMMARY_FORMAT_ID, "records": [dict.fromkeys(COLUMNS, 1)]}),
            "records[0]",
        ),
    ],
)
def test_what_is_not_a_summary_is_refused_with_its_place(text: str, field: str | None) -> None:
    with pytest.raises(InputError) as caught:
        read_json(text, "s.json")
    [problem] = caught.value.problems
    assert problem.location.field == field
    assert "summary" in problem.message


def test_an_interrupted_runs_summary_says_so_and_is_not_merged(rows: list[Row]) -> None:
    text = to_json(rows[:4], interrupted=True)
    assert json.loads(text)["interrupted"] is True
    assert "interrupted" not in json.loads(to_json(rows))
    with pytest.raises(InputError) as caught:
        read_json(text, "shard-1/summary.json")
    [problem] = caught.value.problems
    assert problem.show() == (
        "shard-1/summary.json [interrupted]: the summary of an interrupted run:"
        " run the same certify command again to finish it"
    )


@pytest.mark.parametrize("verdict", ["WARN", "pass", "", "PASS\x1b[0m"])
def test_a_row_of_an_unknown_verdict_is_refused_at_its_verdict(
    rows: list[Row], verdict: str
) -> None:
    """Counted under no verdict, it would make the totals stop adding up."""
    records = [asdict(row) for row in rows]
    records[2]["verdict"] = verdict
    text = json.dumps({"format": SUMMARY_FORMAT_ID, "records": records})
    with pytest.raises(InputError) as caught:
        read_json(text, "s.json")
    [problem] = caught.value.problems
    assert problem.show() == (
        f"s.json [records[2].verdict]: unknown verdict '{printable(verdict)}':"
        " a summary row is PASS, FAIL or INVALID"
    )
