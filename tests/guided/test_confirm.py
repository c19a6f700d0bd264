"""The guided run converts a unit typed in and confirms it; an unusual number is confirmed too.

Driven by a script of lines per question (no terminal), against a small checklist with a time,
a height with its own range and a yes/no; the product fields come first, as in every run.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from qa_check.engine.checklists import Registry, load_registry
from qa_check.engine.judge import Verdict
from qa_check.guided.prompter import Notice, Question, Table, Tone
from qa_check.guided.session import Finished, Session

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=8)))
CHECKLIST = """\
id: rig
version: 1
title: {en: Rig, zh: 设备}
items:
  - id: hold_minutes
    rule: CP-2
    prompt: {en: Hold time?, zh: 保压时间？}
    label: {en: Hold time, zh: 保压时间}
    help: {en: Minutes., zh: 分钟。}
    answer: {kind: number, unit: min, quantity: time}
    severity: major
    criterion: {at_least: 60}
    corrective: {en: Hold longer., zh: 延长保压。}
  - id: drop_height_m
    rule: DT-2
    prompt: {en: Drop height?, zh: 跌落高度？}
    label: {en: Drop height, zh: 跌落高度}
    help: {en: Metres., zh: 米。}
    answer: {kind: number, unit: m, plausible: {min: 0.5, max: 1.5}}
    severity: critical
    criterion: {at_least: 1.2}
    corrective: {en: Drop higher., zh: 提高跌落高度。}
"""
USUAL = {
    "sku": "LAMP-220",
    "product_name": "LED台灯 LED Desk Lamp",
    "product.electrical": "yes",
    "product.gross_weight_kg": "1.8",
    "product.length_cm": "30",
    "product.width_cm": "20",
    "product.height_cm": "14",
    "inspector": "李娜",
    "site": "Shenzhen WH-2",
    "rig.hold_minutes": "60",
    "rig.drop_height_m": "1.2",
}
"""What a worker types when nothing goes wrong."""


class Worker:
    """Types the lines queued per question key, else the usual answer; records what is shown."""

    def __init__(self, lines: dict[str, list[str]], lang: str) -> None:
        self.lines = {key: list(queued) for key, queued in lines.items()}
        self.lang = lang
        self.shown: list[tuple[str, str]] = []
        """(question key or notice tone, text) as the worker read them, in order."""

    def ask(self, question: Question) -> str:
        question = question.shown(self.lang)
        self.shown.append((question.key, question.text))
        queued = self.lines.get(question.key)
        return queued.pop(0) if queued else USUAL[question.key]

    def tell(self, notice: Notice) -> None:
        self.shown.append((str(notice.tone), notice.shown(self.lang).text))

    def table(self, table: Table) -> None:
        """The summary is not what these tests read."""


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    folder = tmp_path_factory.mktemp("checklists")
    (folder / "rig.yaml").write_text(CHECKLIST, "utf-8")
    return load_registry([folder])


def inspect(
    rig: Registry, tmp_path: Path, lines: dict[str, list[str]], lang: str = "en"
) -> tuple[Worker, dict[str, Any]]:
    """A whole run; what the worker read, and the record written."""
    session = Session(rig, list(rig), tmp_path / "results", lang, lambda: NOW)
    worker = Worker(lines, lang)
    outcome = session.run(worker)
    assert isinstance(outcome, Finished)
    assert all(not queued for queued in worker.lines.values()), "every line was typed"
    record: dict[str, Any] = yaml.safe_load(outcome.path.read_text("utf-8"))
    assert outcome.result.verdict is Verdict.PASS
    return worker, record


@pytest.mark.parametrize(
    ("key", "typed", "lang", "confirmation", "stored"),
    [
        ("product.gross_weight_kg", "1800g", "en", "1800 g is 1.8 kg.\nRecord 1.8 kg?", 1.8),
        ("product.gross_weight_kg", "1800g", "zh", "1800 g 即 1.8 kg。\n记录为 1.8 kg？", 1.8),
        ("product.gross_weight_kg", "１８００ｇ", "zh", "1800 g 即 1.8 kg。\n记录为 1.8 kg？", 1.8),
        ("product.gross_weight_kg", "3.6斤", "zh", "3.6 斤 即 1.8 kg。\n记录为 1.8 kg？", 1.8),
        ("product.gross_weight_kg", "4 lb", "en", "4 lb is 1.81436948 kg.\nRecord 1.81436948 kg?",
         1.81436948),
        ("product.height_cm", "140 mm", "en", "140 mm is 14 cm.\nRecord 14 cm?", 14),
        ("product.height_cm", "5.5 in", "en", "5.5 in is 13.97 cm.\nRecord 13.97 cm?", 13.97),
        ("rig.hold_minutes", "1h", "en", "1 h is 60 min.\nRecord 60 min?", 60),
        ("rig.hold_minutes", "1 小时", "zh", "1 h 即 60 min。\n记录为 60 min？", 60),
        ("rig.drop_height_m", "120cm", "en", "120 cm is 1.2 m.\nRecord 1.2 m?", 1.2),
        ("rig.drop_height_m", "120 厘米", "zh", "120 cm 即 1.2 m。\n记录为 1.2 m？", 1.2),
        ("rig.drop_height_m", "4 ft", "en", "4 ft is 1.2192 m.\nRecord 1.2192 m?", 1.2192),
    ],
)  # fmt: skip
def test_a_unit_typed_in_is_converted_and_recorded_once_confirmed(
    rig: Registry,
    tmp_path: Path,
    key: str,
    typed: str,
    lang: str,
    confirmation: str,
    stored: float,
) -> None:
    worker, record = inspect(rig, tmp_path, {key: [typed], "confirm": ["1"]}, lang)
    asked = [shown for shown in worker.shown if shown[0] in (key, "confirm")]
    assert asked == [(key, asked[0][1]), ("confirm", confirmation)]
    head, _, name = key.partition(".")
    holder = record["product"] if head == "product" else record["answers"][head]
    assert holder[name] == stored


def test_declined_the_question_is_asked_again_and_nothing_is_stored(
    rig: Registry, tmp_path: Path
) -> None:
    key = "product.gross_weight_kg"
    worker, record = inspect(rig, tmp_path, {key: ["1800g", "1.8"], "confirm": ["2"]})
    assert [shown[0] for shown in worker.shown if shown[0] in (key, "confirm")] == [
        key,
        "confirm",
        key,
    ]
    assert record["product"]["gross_weight_kg"] == 1.8


@pytest.mark.parametrize(
    ("key", "typed", "lang", "said"),
    [
        ("rig.drop_height_m", "1.2 kg", "en",
         "'1.2 kg' is in kg, which does not convert to m: write the number in m"),
        ("rig.hold_minutes", "60 米", "zh",
         "“60 米”的单位是 m，无法换算成 min：请写以 min 为单位的数字"),
        ("product.gross_weight_kg", "1.8 pcs", "en",
         "'1.8 pcs' has a unit typed in that qa-check does not convert (pcs):"
         " write the number in kg"),
        ("rig.hold_minutes", "2 weeks", "en",
         "'2 weeks' has a unit typed in that qa-check does not convert (weeks):"
         " write the number in min"),
    ],
)  # fmt: skip
def test_a_unit_that_does_not_convert_is_refused_naming_the_questions_unit(
    rig: Registry, tmp_path: Path, key: str, typed: str, lang: str, said: str
) -> None:
    worker, _ = inspect(rig, tmp_path, {key: [typed]}, lang)
    at = [shown[0] for shown in worker.shown].index(key)
    assert worker.shown[at + 1] == (str(Tone.ERROR), said)
    assert worker.shown[at + 2][0] == key, "asked again at once, no confirmation"
    assert "confirm" not in [shown[0] for shown in worker.shown]


def test_the_questions_own_unit_typed_in_needs_no_confirmation(
    rig: Registry, tmp_path: Path
) -> None:
    worker, record = inspect(rig, tmp_path, {"product.gross_weight_kg": ["1。8 kg"]}, "zh")
    assert "confirm" not in [shown[0] for shown in worker.shown]
    assert record["product"]["gross_weight_kg"] == 1.8


@pytest.mark.parametrize(
    ("key", "typed", "lang", "confirmation", "stored"),
    [
        ("product.gross_weight_kg", "1800", "en",
         "1800 kg is unusual for gross weight (usually 0.005 to 70 kg): check the number and its"
         " unit\nRecord 1800 kg?", 1800),
        ("product.gross_weight_kg", "1800", "zh",
         "毛重为 1800 kg，不常见（通常为 0.005 至 70 kg）：请核对数字和单位"
         "\n记录为 1800 kg？", 1800),
        ("rig.drop_height_m", "1.6", "en",
         "1.6 m is unusual for drop height (usually 0.5 to 1.5 m): check the number and its unit"
         "\nRecord 1.6 m?", 1.6),
        ("rig.hold_minutes", "30000", "en",
         "30000 min is unusual for hold time (usually 1 to 10080 min): check the number and its"
         " unit\nRecord 30000 min?", 30000),
        ("rig.drop_height_m", "160cm", "en",
         "160 cm is 1.6 m.\n1.6 m is unusual for drop height (usually 0.5 to 1.5 m): check the"
         " number and its unit\nRecord 1.6 m?", 1.6),
    ],
)  # fmt: skip
def test_an_unusual_number_is_recorded_once_the_worker_confirms_it(
    rig: Registry,
    tmp_path: Path,
    key: str,
    typed: str,
    lang: str,
    confirmation: str,
    stored: float,
) -> None:
    agreed = "是" if lang == "zh" else "y"
    worker, record = inspect(rig, tmp_path, {key: [typed], "confirm": [agreed]}, lang)
    assert ("confirm", confirmation) in worker.shown
    head, _, name = key.partition(".")
    holder = record["product"] if head == "product" else record["answers"][head]
    assert holder[name] == stored
