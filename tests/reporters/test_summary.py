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
    CODE_COLUMNS,
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
    assert read_json(text, "summary.json").rows == rows
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


@pytest.fixture
def zh_rows(judge_files: Callable[..., list[SkuResult]]) -> list[Row]:
    return [row_for(result, lang="zh") for result in judge_files(EXAMPLES)]


def test_a_row_keeps_the_codes_and_says_them_in_the_summarys_language(
    rows: list[Row], zh_rows: list[Row]
) -> None:
    planter = {row.sku: row for row in rows}["PLANTER-CER"]
    chinese = {row.sku: row for row in zh_rows}["PLANTER-CER"]
    for row in (planter, chinese):  # the codes, whatever the language
        assert row.failed_rules == ("PK-7", "DT-3")
        assert row.first_failure == "PK-7 packaging-stack@2.product_held_still"
        assert row.inspected_at.startswith("2026-11-2")
        assert row.site
    assert planter.failed_rule_names == ("Product held still", "Corner, edge and face drops")
    assert chinese.failed_rule_names == ("产品固定不晃动", "角、棱、面跌落")
    assert planter.failed_checklist_titles == ("Packaging stack, version 2", "Drop test, version 2")
    assert chinese.failed_checklist_titles == ("包装结构（第 2 版）", "跌落测试（第 2 版）")
    assert planter.first_failure_label != chinese.first_failure_label != ""
    invalid = next(row for row in zh_rows if row.verdict == "INVALID")
    assert invalid.problems[0] != invalid.problem_messages[0]  # English codes, Chinese words
    assert any("未作答" in problem for problem in invalid.problem_messages)
    assert any("no answer" in problem for problem in invalid.problems)


def test_json_and_csv_carry_the_language_the_issuer_and_both_codes_and_words(
    zh_rows: list[Row],
) -> None:
    document = json.loads(to_json(zh_rows, lang="zh", issuer="东莞实验室"))
    assert (document["lang"], document["issuer"]) == ("zh", "东莞实验室")
    planter = next(row for row in document["records"] if row["sku"] == "PLANTER-CER")
    assert planter["failed_rules"] == ["PK-7", "DT-3"]
    assert planter["failed_rule_names"] == ["产品固定不晃动", "角、棱、面跌落"]
    shard = read_json(to_json(zh_rows, lang="zh", issuer="东莞实验室"), "s.json")
    assert (shard.rows, shard.lang, shard.issuer) == (zh_rows, "zh", "东莞实验室")
    written = {line["sku"]: line for line in csv.DictReader(io.StringIO(to_csv(zh_rows)))}
    assert written["PLANTER-CER"]["failed_rules"] == "PK-7; DT-3"
    assert (
        written["PLANTER-CER"]["failed_checklist_titles"]
        == "包装结构（第 2 版）; 跌落测试（第 2 版）"
    )


def test_a_summary_of_an_earlier_version_reads_back_without_words(rows: list[Row]) -> None:
    """0.5.0 wrote the code columns only, and no language: its rows merge as they are."""
    old = [{name: asdict(row)[name] for name in CODE_COLUMNS} for row in rows]
    shard = read_json(json.dumps({"format": SUMMARY_FORMAT_ID, "records": old}), "old.json")
    assert shard.lang is None and shard.issuer is None
    assert [row.sku for row in shard.rows] == [row.sku for row in rows]
    assert all(row.failed_rule_names == () == row.problem_messages for row in shard.rows)


def test_a_record_in_two_shards_is_refused_naming_both_and_how_many(rows: list[Row]) -> None:
    """The same summary merged twice gave 30 rows for 15 records, without a word."""
    first = read_json(to_json(rows), "shard-1/summary.json")
    again = read_json(to_json(rows[3:]), "shard-2/summary.json")
    head = read_json(to_json(rows[:3]), "head.json")
    assert len(merge([head, read_json(to_json(rows[3:]), "tail.json")])) == 15
    with pytest.raises(InputError) as caught:
        merge([first, again])
    [problem] = caught.value.problems
    assert problem.show() == (
        f"shard-2/summary.json [records[0]]: 12 record(s) also in shard-1/summary.json,"
        f" the first SKU {rows[3].sku} read from {rows[3].source}: a record is counted once;"
        " give each shard's summary once"
    )
    assert "同一记录只计一次" in problem.show("zh")
