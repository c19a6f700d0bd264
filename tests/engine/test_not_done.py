"""Items recorded as not done (issue 21): a FAIL, never a pass, and never INVALID for that alone.

A guided run stops a test once a failure has decided it; the record lists what was not done in
``not_done``, and every command judges it through the one judgement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS
from qa_check.certificates.preflight import CHECKS
from qa_check.cli.app import app
from qa_check.core.errors import Location, dotted
from qa_check.core.messages import in_lang
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import Outcome, RawRecord, SkuResult, Verdict, judge

REST = ["works_normally", "no_visible_damage", "parts_fit", "tested_as_shipped"]
"""The drop test's items after the drops."""


def _judged(data: dict[str, Any], registry: Registry, *, explain: bool = False) -> SkuResult:
    def locate(path: tuple[str | int, ...]) -> Location:
        return Location("r.yaml", field=dotted(path) or None)

    return judge(
        RawRecord(data, Location("r.yaml", 1), locate), registry, checks=CHECKS, explain=explain
    )


def _stopped(record: dict[str, Any], drops: list[str | None], not_done: list[str]) -> None:
    """The drop test stopped: ``drops`` as recorded, ``not_done`` listed, the rest removed."""
    answers = record["answers"]["drop-test"]
    answers["drops"] = drops
    for item in not_done:
        if item != "drops":
            answers.pop(item, None)
    record["not_done"] = {"drop-test": not_done}


DAMAGED_THEN_STOPPED = ["intact", "damaged", *[None] * 7]


@pytest.mark.parametrize(
    ("drops", "not_done", "failed"),
    [
        (["intact"] * 9, REST, [("works_normally", "not done")]),
        (
            DAMAGED_THEN_STOPPED,
            ["drops", *REST],
            [("drops", "not done: 2 of 9 recorded (Intact 1, Damaged 1)")],
        ),
        (["intact"] * 8 + ["damaged"], REST, [("drops", "Intact: corner 3/3, edge 3/3, face 2/3")]),
    ],
    ids=["after the drops", "partway through the drops", "a damaged last drop"],
)
def test_not_done_items_fail_the_record_each_saying_so(
    registry: Registry,
    record: dict[str, Any],
    drops: list[str | None],
    not_done: list[str],
    failed: list[tuple[str, str]],
) -> None:
    _stopped(record, drops, not_done)
    result = _judged(record, registry)
    assert result.verdict is Verdict.FAIL, result.problems
    assert result.problems == ()
    said = {failure.item: in_lang(failure.recorded, "en") for failure in result.failures}
    for item, recorded in failed:
        assert said[item] == recorded
    assert {item for item in REST} <= said.keys(), "each item not done is a failure"
    assert all(said[item] == "not done" for item in REST), "an item not done reads as not done"
    [where] = {failure.location.field for failure in result.failures if failure.item in REST}
    assert where == "not_done.drop-test"


def test_not_done_alone_is_never_a_pass(registry: Registry, record: dict[str, Any]) -> None:
    """Every answer given passes, one item is listed as not done: FAIL, not PASS."""
    _stopped(record, ["intact"] * 9, ["tested_as_shipped"])
    result = _judged(record, registry, explain=True)
    assert result.verdict is Verdict.FAIL
    [failure] = result.failures
    assert (failure.item, failure.rule, failure.corrective.en) == (
        "tested_as_shipped",
        "DT-5",
        "Repeat the test with the packaging that will ship.",
    )
    [item] = [found for found in result.items if found.item.item_id == "tested_as_shipped"]
    assert item.outcome is Outcome.FAIL, "listed as a failure, as a certificate lists it"
    assert item.not_done == {"en": "not done", "zh": "未完成"}
    assert item.requirement["en"] == "Yes"


@pytest.mark.parametrize(
    ("not_done", "answered", "field", "message"),
    [
        ({"drop-test": ["no_such_item"]}, {}, "not_done.drop-test[0]", "no item 'no_such_item'"),
        (
            {"drop-test": ["parts_fit"]},
            {"parts_fit": "yes"},
            "not_done.drop-test[0]",
            "answered in full",
        ),
        ({"lamp-test": ["x"]}, {}, "not_done.lamp-test", "lamp-test"),
        ({"drop-test": "parts_fit"}, {}, "not_done.drop-test", "list"),
    ],
    ids=["unknown item", "answered in full", "unlisted checklist", "not a list"],
)
def test_a_wrong_not_done_is_invalid_and_located(
    registry: Registry,
    record: dict[str, Any],
    not_done: dict[str, Any],
    answered: dict[str, str],
    field: str,
    message: str,
) -> None:
    record["answers"]["drop-test"].update(answered)
    record["not_done"] = not_done
    result = _judged(record, registry)
    assert result.verdict is Verdict.INVALID
    found = [(p.location.field, in_lang(p.message, "en")) for p in result.problems]
    assert any(where == field and message in text for where, text in found), found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_validate_says_fail_with_not_done_in_both_languages(
    tmp_path: Path, record: dict[str, Any], lang: str
) -> None:
    _stopped(record, DAMAGED_THEN_STOPPED, ["drops", *REST])
    path = tmp_path / "stopped.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), "utf-8")
    result = CliRunner().invoke(app, ["validate", "-c", str(CHECKLISTS), str(path), "--lang", lang])
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    assert ("FAIL" if lang == "en" else "不合格") in result.stdout
    assert (
        "not done: 2 of 9 recorded (Intact 1, Damaged 1)"
        if lang == "en"
        else "未完成：已记录 2 次，共 9 次（完好 1、损坏 1）"
    ) in result.stdout
    assert "INVALID" not in result.stdout
