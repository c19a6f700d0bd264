"""The end of a FAIL (issue 21): a decided test stopped and recorded as not done, what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_session import DROP_AND_COMPRESSION, SKU, drive

from qa_check.certificates.preflight import CHECKS
from qa_check.engine.checklists import Registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import Verdict
from qa_check.guided.prompter import Tone
from qa_check.guided.session import Finished
from qa_check.records.read import read_records

STOPPED = ["drops", "works_normally", "no_visible_damage", "parts_fit", "tested_as_shipped"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_damaged_drop_stops_the_drop_test_and_the_record_says_not_done(
    registry: Registry, tmp_path: Path, lang: str
) -> None:
    typed = {"drop-test.drops#2": ["damaged"], "decided": ["1"]}
    _, prompter, outcome = drive(registry, DROP_AND_COMPRESSION, tmp_path, typed, lang)
    assert isinstance(outcome, Finished)
    asked = prompter.keys
    after = asked[asked.index("drop-test.drops#2") + 1 :]
    photo = ["photo:drop-test.drops#2", "photo-skip:drop-test.drops#2"]  # skipped, with a reason
    assert after[:3] == [*photo, "decided"], "the damage's photo first, then the offer"
    assert not any(key.startswith("drop-test.drops#3") for key in asked)
    assert "drop-test.works_normally" not in asked
    assert "compression-test.applied_load_kg" in asked, "the other test goes on"
    offer = prompter.question("decided")
    expected = (
        "This failure decides the drop test: it fails whatever its 5 remaining questions show."
        if lang == "en"
        else "该不合格项已决定跌落测试的结果：无论其余 5 个问题如何回答都不合格。"
    )
    assert offer.text.startswith(expected)

    record = yaml.safe_load(outcome.path.read_text("utf-8"))
    assert record["not_done"] == {"drop-test": STOPPED}
    assert record["answers"]["drop-test"]["drops"] == ["intact", "damaged", *[None] * 7]
    assert "works_normally" not in record["answers"]["drop-test"]
    assert outcome.result.verdict is Verdict.FAIL
    [again] = judge_all(read_records([outcome.path], registry), registry, checks=CHECKS)
    assert again.verdict is Verdict.FAIL
    assert again.failures == outcome.result.failures
    assert {failure.item for failure in again.failures} == set(STOPPED)

    last = prompter.told(Tone.FAIL)
    fix = "What to fix (5):" if lang == "en" else "需要整改（5 项）："
    assert fix in last
    listed = last[last.index(fix) + 1 :]
    assert listed[0].startswith("FAIL DT-3" if lang == "en" else "不合格 DT-3")
    recorded = (
        "not done: 2 of 9 recorded (Intact 1, Damaged 1)"
        if lang == "en"
        else "未完成：已记录 2 次，共 9 次（完好 1、损坏 1）"
    )
    assert recorded in listed[0]
    action = (
        "Reinforce the packaging and repeat all drops."
        if lang == "en"
        else "加固包装后重新进行全部跌落。"
    )
    assert action in listed[0]


def test_going_on_after_a_decided_test_is_not_offered_again(
    registry: Registry, tmp_path: Path
) -> None:
    typed = {
        "drop-test.drops#2": ["damaged"],
        "drop-test.works_normally": ["no"],
        "decided": ["2"],
    }
    _, prompter, outcome = drive(registry, DROP_AND_COMPRESSION, tmp_path, typed)
    assert isinstance(outcome, Finished)
    assert prompter.keys.count("decided") == 1
    record = yaml.safe_load(outcome.path.read_text("utf-8"))
    assert "not_done" not in record
    assert outcome.result.verdict is Verdict.FAIL


def test_a_failure_with_nothing_left_in_its_test_offers_nothing(
    registry: Registry, tmp_path: Path
) -> None:
    typed = {"drop-test.tested_as_shipped": ["no"]}
    _, prompter, outcome = drive(registry, DROP_AND_COMPRESSION, tmp_path, typed)
    assert "decided" not in prompter.keys
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.FAIL
    assert SKU in outcome.path.name
