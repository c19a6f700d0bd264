"""The guided run as a state machine, driven by a script of typed lines (no terminal).

Answers are derived from the loaded checklists (a passing value computed from each item's
criterion), so these tests hold whatever items a checklist holds; the lines a test types on
purpose are given per question key, so they land on the question they are meant for.
"""

from __future__ import annotations

import json
import math
import shutil
import socket
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from conftest import CHECKLISTS, draft_held_elsewhere
from qa_check.certificates.preflight import CHECKS
from qa_check.core.errors import Location, UsageError, dotted
from qa_check.core.messages import Message
from qa_check.engine import answers, rules
from qa_check.engine import models as m
from qa_check.engine.checklists import (
    CompiledChecklist,
    CompiledItem,
    Registry,
    load_registry,
    question_order,
    select,
)
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import Verdict
from qa_check.guided import drafts
from qa_check.guided.given import prefill
from qa_check.guided.prompter import Notice, Question, Table, Tone
from qa_check.guided.session import Finished, Session, Stopped
from qa_check.records.read import read_records, record_files

SKU = "TWS-EB-001"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=8)))
INTERRUPT = "^C"
"""A line that stands for Ctrl-C: the prompter raises KeyboardInterrupt instead of typing."""

DROP_AND_COMPRESSION = ("drop-test", "compression-test")
PACKAGING = ("packaging-stack",)

PRODUCT: dict[str, str | float] = {
    "electrical": "yes",
    "gross_weight_kg": 1.6,
    "length_cm": 30,
    "width_cm": 20,
    "height_cm": 26,
}
"""1.6 kg and 26 cm give the README's stacking load: 1.6 x (floor(270 / 26) - 1) x 3."""


def clock() -> datetime:
    """The fixed time of every run here."""
    return NOW


Event = Question | Notice | Table


class ScriptedPrompter:
    """Types the lines of a script, one per question, and records everything shown.

    Everything is recorded as the worker reads it in ``lang`` (the prompter picks the
    language, as the terminal does); ``raw`` keeps what the session gave, both languages.
    When the script runs out, ``otherwise`` answers (if given), else EOFError ends the run as
    a closed input does. A line ``^C`` raises KeyboardInterrupt, as Ctrl-C does.
    """

    def __init__(
        self,
        lines: Iterable[str] = (),
        otherwise: Callable[[Question], str] | None = None,
        lang: str = "en",
    ) -> None:
        self.lines = list(lines)
        self.otherwise = otherwise
        self.lang = lang
        self.raw: list[Event] = []
        self.questions: list[Question] = []
        self.notices: list[Notice] = []
        self.tables: list[Table] = []
        self.events: list[Event] = []

    def ask(self, question: Question) -> str:
        self.raw.append(question)
        question = question.shown(self.lang)
        self.questions.append(question)
        self.events.append(question)
        if self.lines:
            line = self.lines.pop(0)
        elif self.otherwise is not None:
            line = self.otherwise(question)
        else:
            raise EOFError
        if line == INTERRUPT:
            raise KeyboardInterrupt
        return line

    def tell(self, notice: Notice) -> None:
        self.raw.append(notice)
        notice = notice.shown(self.lang)
        self.notices.append(notice)
        self.events.append(notice)

    def table(self, table: Table) -> None:
        self.raw.append(table)
        table = table.shown(self.lang)
        self.tables.append(table)
        self.events.append(table)

    @property
    def keys(self) -> list[str]:
        """The key of every question asked, in order (repeats included)."""
        return [question.key for question in self.questions]

    def told(self, tone: Tone) -> list[str]:
        """The texts of the notices of one tone."""
        return [notice.text for notice in self.notices if notice.tone is tone]

    def question(self, key: str, nth: int = 0) -> Question:
        """The ``nth`` time (0 = first) the question ``key`` was asked."""
        return [question for question in self.questions if question.key == key][nth]

    def told_after(self, key: str, nth: int = 0) -> list[Notice]:
        """The notices told after the ``nth`` asking of ``key``, before the next question."""
        seen = -1
        found: list[Notice] = []
        inside = False
        for event in self.events:
            if isinstance(event, Question):
                if inside:
                    break
                if event.key == key:
                    seen += 1
                    inside = seen == nth
            elif inside and isinstance(event, Notice):
                found.append(event)
        return found

    def asked_after(self, key: str, nth: int = 0) -> str:
        """The key of the question asked right after the ``nth`` asking of ``key``."""
        positions = [i for i, question in enumerate(self.questions) if question.key == key]
        return self.questions[positions[nth] + 1].key


# --- passing answers, computed from the checklists ----------------------------------------


def _number(operand: object, settings: dict[str, float]) -> Decimal:
    if isinstance(operand, int | float):
        return Decimal(repr(float(operand)))
    if isinstance(operand, m.SettingRef):
        return Decimal(repr(settings[operand.setting]))
    if isinstance(operand, m.AttributeRef):
        return Decimal(repr(float(PRODUCT[operand.attribute])))
    if isinstance(operand, m.StackLoad):
        params = operand.stack_load
        weight, stack, package, factor = (
            _number(part, settings)
            for part in (
                params.gross_weight,
                params.stack_height,
                params.package_height,
                params.factor,
            )
        )
        return max(Decimal(0), weight * (math.floor(stack / package) - 1) * factor)
    raise NotImplementedError(f"no passing number for {operand!r}")


def _passing(
    item: CompiledItem, settings: dict[str, float], chosen: dict[str, str], sku: str
) -> str:
    """A typed answer that passes the item (for a series: the passing entry)."""
    spec = item.item
    criterion = spec.criterion
    if isinstance(criterion, m.Equals):
        return criterion.equals
    if isinstance(criterion, m.OneOf):
        return criterion.one_of[0]
    if isinstance(criterion, m.Range):
        bound = criterion.at_least if criterion.at_least is not None else criterion.at_most
        return answers.show(float(_number(bound, settings)))
    if isinstance(criterion, m.SameAs):
        return chosen[rules.qualify(criterion.same_as, item.checklist_id)]
    if isinstance(criterion, m.SameAsField):
        return sku if criterion.same_as_field == "sku" else FIELDS["product_name"]
    if isinstance(criterion, m.Count):
        return criterion.count.equals
    answer = spec.answer.entry if isinstance(spec.answer, m.SeriesAnswer) else spec.answer
    if isinstance(answer, m.ChoiceAnswer):
        return answer.choices[0].value
    if isinstance(answer, m.NumberAnswer):
        return answers.show(answer.valid_min if answer.valid_min else 1.0)
    if isinstance(answer, m.YesNoAnswer):
        return "yes"
    return "recorded as seen"


FIELDS: dict[str, str] = {
    "sku": SKU,
    "product_name": "无线蓝牙耳机 Wireless Earbuds",
    **{f"product.{name}": str(value) for name, value in PRODUCT.items()},
    "inspector": "李娜",
    "site": "Shenzhen WH-2",
}


def passing_answers(checklists: Sequence[CompiledChecklist], sku: str = SKU) -> dict[str, str]:
    """A passing typed line for every question key the run may ask."""
    typed = {**FIELDS, "sku": sku}
    settings = {c.checklist.id: dict(c.checklist.settings) for c in checklists}
    chosen: dict[str, str] = {}
    items, stuck = question_order(checklists)
    assert not stuck
    for item in items:
        value = _passing(item, settings[item.checklist_id], chosen, sku)
        chosen[item.qname] = value
        answer = item.item.answer
        if isinstance(answer, m.SeriesAnswer):
            for number in range(1, len(answer.labels) + 1):
                typed[f"{item.qname}#{number}"] = value
        else:
            typed[item.qname] = value
    return typed


class Typist:
    """Answers each question with its passing line, unless a line is queued for its key."""

    def __init__(
        self,
        checklists: Sequence[CompiledChecklist],
        overrides: dict[str, list[str]] | None = None,
        sku: str = SKU,
        photo: str = "s",
    ) -> None:
        self.answers = passing_answers(checklists, sku)
        self.overrides = {key: list(lines) for key, lines in (overrides or {}).items()}
        self.photo = photo
        """What is typed at a photo step: ``s`` skips it (with NO_PHOTO), else a file's path."""

    def __call__(self, question: Question) -> str:
        queued = self.overrides.get(question.key)
        if queued:
            return queued.pop(0)
        if question.key.startswith("photo:"):
            return self.photo
        if question.key.startswith("photo-skip:"):
            return NO_PHOTO
        if question.key == "decided":
            return "2"  # a failure decided its test: go on, unless a test says stop
        return self.answers[question.key]


NO_PHOTO = "no camera at this station"
"""Why the scripted worker skips each photo step (the photo steps are tested on their own)."""


def start(
    registry: Registry, only: Sequence[str], results: Path, lang: str = "en"
) -> tuple[Session, list[CompiledChecklist]]:
    chosen = select(registry, list(only))
    return Session(registry, chosen, results, lang, clock), chosen


def drive(
    registry: Registry,
    only: Sequence[str],
    results: Path,
    overrides: dict[str, list[str]] | None = None,
    lang: str = "en",
) -> tuple[Session, ScriptedPrompter, Finished | Stopped]:
    """A whole run: passing answers except the lines queued per key."""
    session, chosen = start(registry, only, results, lang)
    prompter = ScriptedPrompter(otherwise=Typist(chosen, overrides), lang=lang)
    outcome = session.run(prompter)
    return session, prompter, outcome


def answer(session: Session, checklist: str, item: str) -> Any:
    return session.record["answers"].get(checklist, {}).get(item)


def written(path: Path) -> dict[str, Any]:
    """A written record as plain data, without the times of the run."""
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    data.pop("inspected_at")
    data.pop("finished_at")
    return data


def stored_values(record: dict[str, Any]) -> int:
    """How many answers a (draft) record holds: fields, product attributes, entries."""
    count = sum(1 for name in ("sku", "product_name", "inspector", "site") if record.get(name))
    count += len(record.get("product", {})) + len(record.get("photos", []))
    for given in record.get("answers", {}).values():
        for value in given.values():
            count += sum(v is not None for v in value) if isinstance(value, list) else 1
    return count


# --- every kind of answer --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        *[("1", "yes"), ("y", "yes"), ("是", "yes"), ("YES", "yes"), ("Yes ", "yes")],
        *[("2", "no"), ("n", "no"), ("否", "no"), ("NO", "no")],
    ],
)
def test_yes_no_answers(registry: Registry, tmp_path: Path, typed: str, stored: str) -> None:
    key = "drop-test.works_normally"
    session, prompter, outcome = drive(registry, ["drop-test"], tmp_path, {key: [typed]})
    assert prompter.keys.count(key) == 1
    assert answer(session, "drop-test", "works_normally") == stored
    assert isinstance(outcome, Finished)
    failed = [(f.item, f.rule) for f in outcome.result.failures]
    if stored == "yes":
        assert outcome.result.verdict is Verdict.PASS
        assert not [n for n in prompter.told_after(key) if n.tone is Tone.FAIL]
    else:
        assert failed == [("works_normally", "DT-4")]
        [fail] = [n.text for n in prompter.told_after(key) if n.tone is Tone.FAIL]
        assert fail.startswith("FAIL DT-4 Works normally after drops\n")


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("packaging-stack.cushioning", "1", "foam"),
        ("packaging-stack.cushioning", "2", "pearl_cotton"),
        ("packaging-stack.cushioning", "pearl_cotton", "pearl_cotton"),
        ("packaging-stack.cushioning", "PEARL COTTON (EPE FOAM)", "pearl_cotton"),
        ("packaging-stack.cushioning", "fixing material", "fixing_material"),
        ("packaging-stack.cushioning", "珍珠棉", "pearl_cotton"),
        ("packaging-stack.cushioning", "泡沫", "foam"),
        ("drop-test.drops#1", "完好", "intact"),
        ("drop-test.drops#1", "INTACT", "intact"),
        ("drop-test.drops#1", "1", "intact"),
        ("drop-test.drops#1", "２", "damaged"),
        ("drop-test.drops#1", "损坏", "damaged"),
        ("drop-test.surface", "3 MM STEEL PLATE", "steel_3mm"),
        ("drop-test.surface", "10mm硬木板", "hardwood_10mm"),
    ],
)
def test_choice_answers(
    registry: Registry, tmp_path: Path, key: str, typed: str, stored: str
) -> None:
    checklist = key.partition(".")[0]
    session, prompter, outcome = drive(registry, [checklist], tmp_path, {key: [typed]})
    assert isinstance(outcome, Finished)
    assert prompter.keys.count(key) == 1, "read at the first try"
    assert not prompter.told(Tone.ERROR)
    item = key.partition(".")[2].partition("#")[0]
    value = answer(session, checklist, item)
    assert (value[0] if isinstance(value, list) else value) == stored


@pytest.mark.parametrize("typed", ["5", "0", "plastic", "1.5"])
def test_a_choice_that_is_none_of_the_options_names_them_and_is_asked_again(
    registry: Registry, tmp_path: Path, typed: str
) -> None:
    key = "packaging-stack.cushioning"
    session, prompter, _ = drive(registry, list(PACKAGING), tmp_path, {key: [typed]})
    assert prompter.keys[:2] == ["sku", "product_name"]
    assert prompter.keys.count(key) == 2
    assert prompter.asked_after(key) == key
    [error] = prompter.told_after(key)
    assert error.tone is Tone.ERROR
    assert error.text == (
        f"{typed!r} is not one of the choices: type its number or its name"
        " (1 Foam, 2 Pearl cotton (EPE foam), 3 Fixing material, 4 None)"
    )
    assert answer(session, "packaging-stack", "cushioning") == "foam"


@pytest.mark.parametrize("typed", ["1.2", "１．２", "1。2", " 1.20 ", "１。２"])
def test_numbers_typed_in_any_input_method_are_read(
    registry: Registry, tmp_path: Path, typed: str
) -> None:
    key = "drop-test.drop_height_m"
    session, prompter, outcome = drive(registry, ["drop-test"], tmp_path, {key: [typed]})
    assert prompter.keys.count(key) == 1
    assert not prompter.told(Tone.ERROR)
    assert float(answer(session, "drop-test", "drop_height_m")) == 1.2
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS
    assert yaml.safe_load(outcome.path.read_text("utf-8"))["answers"]["drop-test"][
        "drop_height_m"
    ] == pytest.approx(1.2)


@pytest.mark.parametrize(
    ("typed", "lang", "error"),
    [
        ("1,2", "en", "'1,2': write the decimal point as a point, 1.2"),
        ("1,2", "zh", "“1,2”：小数点请用英文句点，写作 1.2"),
        ("1.2 kg", "en", "'1.2 kg' is in kg, which does not convert to m: write the number in m"),
        ("1.2斤", "zh", "“1.2斤”的单位是 斤，无法换算成 m：请写以 m 为单位的数字"),
        (
            "1.2 pcs",
            "en",
            "'1.2 pcs' has a unit typed in that qa-check does not convert (pcs):"
            " write the number in m",
        ),
        ("11", "en", "11 m is above 10"),
        ("0", "en", "0 m is below 0.01"),
        ("-1", "en", "-1 m is below 0.01"),
        ("abc", "en", "'abc' is not a number"),
        ("", "en", "Type an answer and press Enter (? for help, b to go back, q to stop)."),
    ],
)
def test_a_number_that_cannot_be_read_is_explained_and_asked_again(
    registry: Registry, tmp_path: Path, typed: str, lang: str, error: str
) -> None:
    key = "drop-test.drop_height_m"
    session, prompter, outcome = drive(registry, ["drop-test"], tmp_path, {key: [typed]}, lang)
    assert [(n.tone, n.text) for n in prompter.told_after(key)] == [(Tone.ERROR, error)]
    assert prompter.asked_after(key) == key, "the same question again, at once"
    assert prompter.keys.count(key) == 2
    assert float(answer(session, "drop-test", "drop_height_m")) == 1.2
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS


def _scan_item(registry: Registry) -> CompiledItem | None:
    """The LB-3 barcode scan (a text compared with the SKU), when the checklists have it."""
    for compiled in select(registry, []):
        for item in compiled.items:
            if isinstance(item.item.criterion, m.SameAsField):
                return item
    return None


@pytest.mark.parametrize(
    ("scanned", "fails"),
    [(SKU, False), ("ＴＷＳ-ＥＢ-００１", False), ("TWS-EB-002", True), ("6901234567892", True)],
)
def test_a_scan_must_read_as_the_sku_and_fails_at_once_otherwise(
    registry: Registry, tmp_path: Path, scanned: str, fails: bool
) -> None:
    item = _scan_item(registry)
    if item is None:
        pytest.skip("no barcode scan item (same_as_field) in the shipped checklists")
    session, prompter, outcome = drive(registry, [], tmp_path, {item.qname: [scanned]})
    assert isinstance(outcome, Finished)
    question = prompter.question(item.qname)
    assert question.rule == "LB-3"
    assert question.requirement == f"same as the SKU ({SKU})"
    fail_now = [n.text for n in prompter.told_after(item.qname) if n.tone is Tone.FAIL]
    if fails:
        assert len(fail_now) == 1
        assert fail_now[0].startswith("FAIL LB-3 ")
        assert f"recorded: {scanned}" in fail_now[0]
        assert [(f.item, f.rule) for f in outcome.result.failures] == [(item.item_id, "LB-3")]
        assert answer(session, item.checklist_id, item.item_id) == scanned
    else:
        assert fail_now == []
        assert outcome.result.verdict is Verdict.PASS
        assert answer(session, item.checklist_id, item.item_id) == SKU


@pytest.mark.parametrize("damaged", [1, 2, 3, 5, 9])
def test_the_drops_are_asked_one_by_one_and_fail_at_the_first_damaged_one(
    registry: Registry, tmp_path: Path, damaged: int
) -> None:
    typed = {f"drop-test.drops#{n}": ["2" if n >= damaged else "1"] for n in range(1, 10)}
    session, prompter, outcome = drive(registry, ["drop-test"], tmp_path, typed)
    drops = [key for key in prompter.keys if key.startswith("drop-test.drops#")]
    assert drops == [f"drop-test.drops#{n}" for n in range(1, 10)]
    for n in range(1, 10):
        told = [x.text for x in prompter.told_after(f"drop-test.drops#{n}") if x.tone is Tone.FAIL]
        if n == damaged:
            assert len(told) == 1, f"the FAIL is told at drop {n}"
            assert told[0].startswith("FAIL DT-3 Drops: corner, edge, face\n")
            assert "required: Intact: 3 at corner, 3 at edge, 3 at face" in told[0]
            if damaged < 9:  # what was recorded so far, never the drops still to come
                assert f"(of {damaged} entries recorded)" in told[0]
                assert "Face 0/" not in told[0]
        else:
            assert told == [], f"nothing told at drop {n}"
    expected = ["intact"] * (damaged - 1) + ["damaged"] * (10 - damaged)
    assert answer(session, "drop-test", "drops") == expected
    assert isinstance(outcome, Finished)
    assert [(f.item, f.rule) for f in outcome.result.failures] == [("drops", "DT-3")]


# --- what a question shows -------------------------------------------------------------------


def test_each_question_shows_section_position_rule_unit_and_options(
    registry: Registry, tmp_path: Path
) -> None:
    _, prompter, _ = drive(registry, DROP_AND_COMPRESSION, tmp_path)
    sku = prompter.question("sku")
    assert (sku.section, sku.position, sku.rule) == ("Inspection", "item 1 of 9", None)
    height = prompter.question("product.height_cm")
    assert (height.section, height.position, height.unit) == ("Product", "item 7 of 9", "cm")
    assert prompter.question("product.electrical").options == ("Yes", "No")

    surface = prompter.question("drop-test.surface")
    assert (surface.section, surface.position, surface.rule) == ("Drop test", "item 1 of 7", "DT-1")
    assert surface.options == (
        "Smooth concrete floor",
        "3 mm steel plate",
        "10 mm hardwood board",
        "Other",
    )
    assert surface.help == "Smooth concrete floor, a 3 mm steel plate or a 10 mm hardwood board."
    [drop_test] = select(registry, ["drop-test"])
    minimum = answers.show(drop_test.checklist.settings["drop_height_m"])
    drop_height = prompter.question("drop-test.drop_height_m")
    assert (drop_height.position, drop_height.rule) == ("item 2 of 7", "DT-2")
    assert drop_height.unit == "m"
    assert drop_height.requirement == f"at least {minimum} m"
    assert drop_height.options == ()
    fourth = prompter.question("drop-test.drops#4")
    assert fourth.position == "item 3 of 7 · Edge 1 of 3 (4 of 9)"
    assert fourth.options == ("Intact", "Damaged")
    assert prompter.question("drop-test.drops#1").requirement == (
        "Intact: 3 at corner, 3 at edge, 3 at face"
    )

    load = prompter.question("compression-test.applied_load_kg")
    assert (load.section, load.position, load.rule, load.unit) == (
        "Compression test",
        "item 1 of 4",
        "CP-2",
        "kg",
    )
    assert load.requirement == (
        "at least 43.2 kg (1.6 kg gross weight x 9 packages stacked above x safety factor 3;"
        " a 270 cm stack of 26 cm packages)"
    )
    assert prompter.question("compression-test.hold_minutes").requirement == "at least 60 min"


def test_the_required_load_follows_the_product_typed_before_it(
    registry: Registry, tmp_path: Path
) -> None:
    # 0.45 kg, 6 cm: 0.45 x (floor(270 / 6) - 1) x 3 = 59.4 (not 59.400000000000006)
    key = "compression-test.applied_load_kg"
    typed = {"product.gross_weight_kg": ["0.45"], "product.height_cm": ["6"]}
    typed[key] = ["59.3", "59.4"]
    typed["compression-test.hold_minutes"] = ["b"]  # back to the load, typed again
    session, prompter, outcome = drive(registry, ["compression-test"], tmp_path, typed)
    load = prompter.question(key)
    required = (
        "at least 59.4 kg (0.45 kg gross weight x 44 packages stacked above x safety factor 3;"
        " a 270 cm stack of 6 cm packages)"
    )
    assert load.requirement == required
    [fail] = prompter.told_after(key)
    assert fail.tone is Tone.FAIL
    assert f"required: {required}" in fail.text
    assert "recorded: 59.3 kg" in fail.text
    assert prompter.question(key, 1).current == "59.3"
    assert prompter.told_after(key, 1) == [], "59.4 is enough"
    assert answer(session, "compression-test", "applied_load_kg") == "59.4"
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS


def test_questions_in_chinese(registry: Registry, tmp_path: Path) -> None:
    _, prompter, outcome = drive(registry, ["drop-test"], tmp_path, lang="zh")
    surface = prompter.question("drop-test.surface")
    assert (surface.section, surface.position) == ("跌落测试", "第 1 项，共 7 项")
    assert surface.options[0] == "平滑水泥地面"
    assert surface.text == "包装跌落在什么表面上？"
    assert prompter.question("drop-test.drops#2").position.endswith(
        " · 角 第 2 次，共 3 次（总第 2 次，共 9 次）"
    )
    assert prompter.question("product.electrical").options == ("是", "否")
    assert isinstance(outcome, Finished)
    assert prompter.told(Tone.PASS) == ["合格：所有适用的检查项均合格。"]
    assert prompter.tables[0].headers[0] != "Checklist"


def test_the_session_words_in_both_languages_and_the_prompter_picks(
    registry: Registry, tmp_path: Path
) -> None:
    key = "drop-test.works_normally"
    session, chosen = start(registry, ["drop-test"], tmp_path, "en")
    prompter = ScriptedPrompter(otherwise=Typist(chosen, {key: ["2"]}), lang="zh")
    session.run(prompter)
    texts: list[str] = []
    for event in prompter.raw:
        if isinstance(event, Question):
            texts += [event.section, event.position, event.text, event.help, *event.options]
        elif isinstance(event, Notice):
            texts.append(event.text)
        else:
            texts += [event.title, *event.headers, *(row[0] for row in event.rows)]
    assert texts
    assert [text for text in texts if not isinstance(text, Message)] == []
    fail = prompter.told(Tone.FAIL)[0]
    assert fail.startswith("不合格 DT-4"), "the prompter's language, not the session's"
    assert prompter.question(key).section == "跌落测试"


# --- help, back, changes ------------------------------------------------------------------


def test_question_mark_shows_the_help_and_asks_again(registry: Registry, tmp_path: Path) -> None:
    key = "drop-test.surface"
    session, prompter, _ = drive(registry, ["drop-test"], tmp_path, {key: ["?", "？"]})
    help_text = prompter.question(key).help
    assert prompter.told_after(key, 0) == [Notice(Tone.INFO, help_text)]
    assert prompter.told_after(key, 1) == [Notice(Tone.INFO, help_text)]
    assert prompter.keys.count(key) == 3
    assert answer(session, "drop-test", "surface") == "concrete"


def test_b_goes_back_and_enter_keeps_the_answer(registry: Registry, tmp_path: Path) -> None:
    surface, height = "drop-test.surface", "drop-test.drop_height_m"
    typed = {surface: ["2", ""], height: ["b"]}
    session, prompter, _ = drive(registry, ["drop-test"], tmp_path, typed)
    assert prompter.asked_after(height) == surface
    again = prompter.question(surface, 1)
    assert again.current == "3 mm steel plate"
    assert prompter.asked_after(surface, 1) == height, "Enter kept it; on to the open question"
    assert answer(session, "drop-test", "surface") == "steel_3mm"
    assert not prompter.told(Tone.ERROR)


def test_b_skips_back_over_questions_that_do_not_apply(registry: Registry, tmp_path: Path) -> None:
    # With pearl cotton, opp_bag and foam_no_crumbs are not asked: b from the question after
    # them goes to the last question that was asked.
    typed = {"packaging-stack.cushioning": ["pearl_cotton"]}
    typed["packaging-stack.colour_box_printed"] = ["b"]
    typed["packaging-stack.density_for_weight"] = ["yes", ""]
    _, prompter, _ = drive(registry, list(PACKAGING), tmp_path, typed)
    assert "packaging-stack.opp_bag" not in prompter.keys
    assert prompter.asked_after("packaging-stack.colour_box_printed") == (
        "packaging-stack.density_for_weight"
    )


def test_b_at_the_first_question_after_the_sku_goes_back_to_the_sku(
    registry: Registry, tmp_path: Path
) -> None:
    """Issue 21: before the first answer, a wrong scan is replaced and leaves no draft."""
    overrides = {"sku": ["WRONG-SCAN", SKU], "product_name": ["b"]}
    _, prompter, outcome = drive(registry, ["drop-test"], tmp_path, overrides)
    assert prompter.keys[:4] == ["sku", "product_name", "sku", "product_name"]
    assert isinstance(outcome, Finished)
    assert not drafts.draft_path(tmp_path, "WRONG-SCAN").exists()
    assert not drafts.draft_path(tmp_path, "WRONG-SCAN").with_suffix(".lock").exists()
    assert yaml.safe_load(outcome.path.read_text("utf-8"))["sku"] == SKU


def test_b_after_the_first_answer_cannot_go_back_past_the_sku(
    registry: Registry, tmp_path: Path
) -> None:
    overrides = {"product_name": ["Kettle", "b", ""], "product.electrical": ["b", "no"]}
    _, prompter, _ = drive(registry, ["drop-test"], tmp_path, overrides)
    asked = ["sku", "product_name", "product.electrical", "product_name", "product_name"]
    assert prompter.keys[:6] == [*asked, "product.electrical"]
    [warning] = prompter.told_after("product_name", nth=1)
    assert warning.tone is Tone.WARNING
    assert warning.text.startswith("There is no earlier question to change")


BACK_TO_CUSHIONING = [
    "packaging-stack.density_for_weight",
    "packaging-stack.cushion_density_kg_m3",
    "packaging-stack.custom_moulded",
    "packaging-stack.shrink_wrap_present",
    "packaging-stack.mailer_box_present",
    "packaging-stack.colour_box_present",
]


def test_changing_foam_to_pearl_cotton_drops_what_no_longer_applies(
    registry: Registry, tmp_path: Path
) -> None:
    chosen = select(registry, list(PACKAGING))
    passing = passing_answers(chosen)
    chain = ["packaging-stack.foam_no_crumbs", "packaging-stack.opp_bag", *BACK_TO_CUSHIONING]
    typed = {key: [passing[key], "b"] for key in chain}
    typed["packaging-stack.colour_box_printed"] = ["b"]
    typed["packaging-stack.custom_moulded"] = ["no", "b"]  # an answer that must survive
    typed["packaging-stack.cushioning"] = ["foam", "2"]
    session, prompter, outcome = drive(registry, list(PACKAGING), tmp_path, typed)

    assert prompter.keys.count("packaging-stack.cushioning") == 2
    assert prompter.question("packaging-stack.cushioning", 1).current == "Foam"
    [warning] = prompter.told_after("packaging-stack.cushioning", 1)
    assert warning == Notice(
        Tone.WARNING,
        "No longer applies, answer removed: OPP bag inside the foam, Foam sheds no crumbs",
    )
    # On to the first open question: everything answered that still applies is kept.
    assert prompter.asked_after("packaging-stack.cushioning", 1) == (
        "packaging-stack.colour_box_printed"
    )
    given = session.record["answers"]["packaging-stack"]
    assert given["cushioning"] == "pearl_cotton"
    assert "opp_bag" not in given
    assert "foam_no_crumbs" not in given
    assert given["custom_moulded"] == "no"
    assert given["density_for_weight"] == "yes"
    assert isinstance(outcome, Finished)
    recorded = yaml.safe_load(outcome.path.read_text("utf-8"))["answers"]["packaging-stack"]
    assert "opp_bag" not in recorded
    assert [(f.item, f.rule) for f in outcome.result.failures] == [("custom_moulded", "PK-3")]


def test_changing_pearl_cotton_to_foam_asks_the_foam_questions_next(
    registry: Registry, tmp_path: Path
) -> None:
    chosen = select(registry, list(PACKAGING))
    passing = passing_answers(chosen)
    typed = {key: [passing[key], "b"] for key in BACK_TO_CUSHIONING}
    typed["packaging-stack.colour_box_printed"] = ["b"]
    typed["packaging-stack.cushioning"] = ["pearl_cotton", "1"]
    session, prompter, outcome = drive(registry, list(PACKAGING), tmp_path, typed)
    assert prompter.keys.count("packaging-stack.opp_bag") == 1
    assert prompter.asked_after("packaging-stack.cushioning", 1) == "packaging-stack.opp_bag"
    assert prompter.asked_after("packaging-stack.opp_bag") == "packaging-stack.foam_no_crumbs"
    assert not prompter.told(Tone.WARNING), "nothing answered stopped applying"
    assert answer(session, "packaging-stack", "opp_bag") == "yes"
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS


# --- Ctrl-C, drafts, resume ----------------------------------------------------------------


def _full_script(
    registry: Registry, only: Sequence[str], results: Path, photo: str
) -> tuple[list[str], Path]:
    """The lines of an uninterrupted passing run (``photo`` at each photo step), its record."""
    session, chosen = start(registry, only, results)
    typist = Typist(chosen, photo=photo)
    prompter = ScriptedPrompter(otherwise=typist)
    outcome = session.run(prompter)
    assert isinstance(outcome, Finished)
    return [photo if key.startswith("photo:") else typist.answers[key] for key in prompter.keys], (
        outcome.path
    )


def test_ctrl_c_keeps_every_answer_and_a_resume_from_any_point_writes_the_same_record(
    registry: Registry, tmp_path: Path
) -> None:
    only: list[str] = []  # every checklist
    photo = tmp_path / "label.jpg"
    Image.new("RGB", (64, 48), "white").save(photo)
    lines, reference = _full_script(registry, only, tmp_path / "reference", str(photo))
    assert lines.count(str(photo)) == 2, "the label in place and the package after the load"
    expected = written(reference)
    assert len(lines) > 40
    for cut in range(1, len(lines)):
        results = tmp_path / f"cut-{cut}"
        session, _ = start(registry, only, results)
        with pytest.raises(KeyboardInterrupt):
            session.run(ScriptedPrompter([*lines[:cut], INTERRUPT]))
        path = drafts.draft_path(results, SKU)
        draft = drafts.load(path)
        assert stored_values(draft.record) == cut, f"cut {cut}: every answer is in the draft"

        again, _ = start(registry, only, results)
        assert again.resume(draft) == []
        prompter = ScriptedPrompter(lines[cut:])
        outcome = again.run(prompter)
        assert isinstance(outcome, Finished), f"cut {cut}"
        assert prompter.lines == [], f"cut {cut}: every remaining line was asked for"
        assert written(outcome.path) == expected, f"cut {cut}"
        assert not path.exists()


def test_ctrl_c_at_the_sku_leaves_nothing(registry: Registry, tmp_path: Path) -> None:
    session, _ = start(registry, ["drop-test"], tmp_path)
    with pytest.raises(KeyboardInterrupt):
        session.run(ScriptedPrompter([INTERRUPT]))
    assert session.draft_path is None
    assert not (tmp_path / drafts.DRAFT_FOLDER).exists()


def test_a_closed_input_ends_the_run_with_the_draft_saved(
    registry: Registry, tmp_path: Path
) -> None:
    session, _ = start(registry, ["drop-test"], tmp_path)
    with pytest.raises(EOFError):
        session.run(ScriptedPrompter([SKU, "Kettle"]))
    assert drafts.load(drafts.draft_path(tmp_path, SKU)).record["product_name"] == "Kettle"


def _copy_checklists(tmp_path: Path) -> Path:
    folder = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def test_resume_after_a_checklist_changed_asks_the_changed_items_again(
    tmp_path: Path,
) -> None:
    folder = _copy_checklists(tmp_path)
    before = load_registry([folder])
    results = tmp_path / "results"
    typed = {"compression-test.applied_load_kg": [INTERRUPT]}
    with pytest.raises(KeyboardInterrupt):
        drive(before, DROP_AND_COMPRESSION, results, typed)
    _edit(
        folder / "drop-test.yaml",
        "en: Drop height (m), measured from the lowest point of the package?",
        "en: Drop height (m), from the lowest point of the package to the floor?",
    )
    after = load_registry([folder])
    session, prompter, outcome = drive(after, DROP_AND_COMPRESSION, results, {"resume": ["1"]})

    assert prompter.keys[:3] == ["sku", "resume", "drop-test.drop_height_m"]
    [warning] = prompter.told_after("resume")
    assert warning.tone is Tone.WARNING
    assert warning.text.startswith(
        "drop-test@3 changed since this run was started (now drop-test@3): kept "
    )
    assert "dropped drop_height_m;" in warning.text
    asked = set(prompter.keys)
    assert "drop-test.surface" not in asked
    assert "drop-test.drops#1" not in asked
    assert "product_name" not in asked
    assert prompter.question("drop-test.drop_height_m").text.endswith("to the floor?")
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS
    assert answer(session, "drop-test", "surface") == "concrete"


def test_resume_after_a_setting_changed_says_so(tmp_path: Path) -> None:
    folder = _copy_checklists(tmp_path)
    before = load_registry([folder])
    results = tmp_path / "results"
    with pytest.raises(KeyboardInterrupt):
        drive(before, ["drop-test"], results, {"drop-test.works_normally": [INTERRUPT]})
    _edit(folder / "drop-test.yaml", "drop_height_m: 1.2", "drop_height_m: 1.5")
    session, _ = start(load_registry([folder]), ["drop-test"], results)
    said = session.resume(drafts.load(drafts.draft_path(results, SKU)))
    assert len(said) == 1
    assert said[0].startswith("drop-test@3 changed since this run was started")
    assert "dropped drop_height_m;" in said[0], "the answer judged against 1.2 m is asked again"
    kept = session.record["answers"]["drop-test"]
    assert "drop_height_m" not in kept
    assert kept["surface"] == "concrete"
    assert session.draft.checklists["drop-test"] == drafts.fingerprint(
        select(load_registry([folder]), ["drop-test"])[0]
    ), "the draft now remembers the checklist as it is"


def test_q_stops_with_the_draft_which_no_record_reader_takes(
    registry: Registry, tmp_path: Path
) -> None:
    _, _, finished = drive(registry, ["drop-test"], tmp_path, {"sku": ["KETTLE-1.7"]})
    session, prompter, stopped = drive(
        registry, ["drop-test"], tmp_path, {"drop-test.drops#4": ["q"]}
    )
    path = drafts.draft_path(tmp_path, SKU)
    assert stopped == Stopped(SKU, path)
    assert path.is_file()
    assert path.suffix == ".draft"
    assert path.parent == tmp_path / ".drafts"
    assert drafts.load(path).record["answers"]["drop-test"]["drops"][:4] == [
        "intact",
        "intact",
        "intact",
        None,
    ]
    assert not prompter.tables, "no summary: nothing was finished"
    assert isinstance(finished, Finished)
    assert record_files([tmp_path]) == [finished.path]
    results = list(
        judge_all(read_records(record_files([tmp_path]), registry), registry, checks=CHECKS)
    )
    assert [r.sku for r in results] == ["KETTLE-1.7"]
    assert session.record["sku"] == SKU


def _stopped_in_compression(registry: Registry, results: Path) -> drafts.Draft:
    """A run of drop and compression tests, stopped at the compression test's first question."""
    with pytest.raises(KeyboardInterrupt):
        drive(
            registry,
            DROP_AND_COMPRESSION,
            results,
            {"compression-test.applied_load_kg": [INTERRUPT]},
        )
    return drafts.load(drafts.draft_path(results, SKU))


def test_resume_with_only_then_q_keeps_every_other_answer(
    registry: Registry, tmp_path: Path
) -> None:
    """Issue 19: ``run --resume SKU --only compression-test`` then ``q`` emptied the draft."""
    before = _stopped_in_compression(registry, tmp_path)
    assert before.record["answers"]["drop-test"]["drops"] == ["intact"] * 9
    session, _ = start(registry, ["compression-test"], tmp_path)
    assert session.resume(before) == []
    prompter = ScriptedPrompter(["q"])
    stopped = session.run(prompter)
    assert stopped == Stopped(SKU, drafts.draft_path(tmp_path, SKU))
    assert prompter.keys == ["compression-test.applied_load_kg"], "only what --only names"
    after = drafts.load(drafts.draft_path(tmp_path, SKU))
    assert after.record["answers"] == before.record["answers"]
    assert after.record["checklists"] == before.record["checklists"]
    assert after.checklists == before.checklists


def test_resume_with_only_answers_those_and_keeps_the_rest_for_a_later_resume(
    registry: Registry, tmp_path: Path
) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(registry, DROP_AND_COMPRESSION, tmp_path, {"drop-test.drops#2": [INTERRUPT]})
    path = drafts.draft_path(tmp_path, SKU)
    session, chosen = start(registry, ["compression-test"], tmp_path)
    session.resume(drafts.load(path))
    prompter = ScriptedPrompter(otherwise=Typist(chosen))
    stopped = session.run(prompter)
    assert isinstance(stopped, Stopped), "drop-test still has questions: no record yet"
    asked = {key.removeprefix("photo:").partition(".")[0] for key in prompter.keys}
    assert asked - {"photo-skip:compression-test"} == {"compression-test"}
    assert prompter.told(Tone.WARNING) == [
        "The questions of this run are answered; drop-test still has questions open, so the"
        " record is not written yet: their answers stay in the draft."
    ]
    assert not prompter.tables
    assert record_files([tmp_path]) == []
    kept = drafts.load(path).record["answers"]
    assert kept["drop-test"]["drops"][:2] == ["intact", None]
    assert kept["compression-test"]["applied_load_kg"]

    again, chosen = start(registry, DROP_AND_COMPRESSION, tmp_path)
    again.resume(drafts.load(path))
    prompter = ScriptedPrompter(otherwise=Typist(chosen))
    finished = again.run(prompter)
    assert isinstance(finished, Finished)
    assert prompter.keys[0] == "drop-test.drops#2"
    assert not any(key.startswith("compression-test.") for key in prompter.keys)
    assert set(written(finished.path)["answers"]) == set(DROP_AND_COMPRESSION)
    assert finished.result.verdict is Verdict.PASS


def test_resume_of_a_draft_whose_checklist_is_not_loaded_leaves_it_as_it_is(
    registry: Registry, tmp_path: Path
) -> None:
    before = _stopped_in_compression(registry, tmp_path)
    text = drafts.draft_path(tmp_path, SKU).read_bytes()
    folder = tmp_path / "checklists"
    folder.mkdir()
    shutil.copy(CHECKLISTS / "compression-test.yaml", folder)
    session, _ = start(load_registry([folder]), ["compression-test"], tmp_path)
    with pytest.raises(UsageError) as caught:
        session.resume(before)
    assert [str(p) for p in caught.value.problems] == [
        f"{drafts.draft_path(tmp_path, SKU)}: this saved run was started with drop-test, which"
        " is not loaded now (-c): load it to continue; the draft is left as it is"
    ]
    assert drafts.draft_path(tmp_path, SKU).read_bytes() == text


def test_a_second_run_of_a_sku_is_told_who_has_it_and_changes_nothing(
    registry: Registry, tmp_path: Path
) -> None:
    """Issue 19: two terminals running one SKU, the last save won silently."""
    path = _saved_draft(registry, tmp_path)
    saved = path.read_bytes()
    host = socket.gethostname()
    with draft_held_elsewhere(tmp_path, SKU) as pid:
        for script in ([SKU], [SKU, "1", "q"], [SKU, "2"]):
            session, _ = start(registry, ["drop-test"], tmp_path)
            prompter = ScriptedPrompter(script)
            with pytest.raises(UsageError) as caught:
                session.run(prompter)
            assert [str(p) for p in caught.value.problems] == [
                f"{path}: {SKU} is being inspected by another run, on {host} (process {pid})"
                " since 2026-11-23T09:30:00+00:00: finish or stop that run first; this run"
                " changed nothing"
            ]
            assert prompter.keys == ["sku"], "asked nothing more"
            assert path.read_bytes() == saved
        resumed, _ = start(registry, ["drop-test"], tmp_path)
        with pytest.raises(UsageError, match="is being inspected by another run"):
            resumed.resume(drafts.load(path))
        assert path.read_bytes() == saved
    again, _ = start(registry, ["drop-test"], tmp_path)
    prompter = ScriptedPrompter([SKU, "1", "q"])
    assert isinstance(again.run(prompter), Stopped), "free once that run ended"
    assert prompter.told(Tone.WARNING) == [], "a lock let go of is not a stale one"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_lock_left_by_a_run_that_died_is_taken_over_and_said(
    registry: Registry, tmp_path: Path
) -> None:
    path = _saved_draft(registry, tmp_path)
    left = {"host": "wh2-terminal-7", "pid": 4242, "since": "2026-11-23T08:00:00+08:00"}
    path.with_suffix(".lock").write_text(json.dumps(left), "utf-8")  # killed: nobody holds it
    session, _ = start(registry, ["drop-test"], tmp_path)
    prompter = ScriptedPrompter([SKU, "1", "q"])
    assert isinstance(session.run(prompter), Stopped)
    assert prompter.told_after("sku") == [
        Notice(
            Tone.WARNING,
            f"The run of {SKU} on wh2-terminal-7 (process 4242, since 2026-11-23T08:00:00+08:00)"
            " ended without letting go of its draft; this run takes it over.",
        )
    ]
    assert drafts.load(path).record["answers"] == {"drop-test": {"surface": "concrete"}}
    assert not path.with_suffix(".lock").exists(), "let go of when the run stopped"


def _saved_draft(registry: Registry, results: Path) -> Path:
    """A run of SKU stopped after the drop surface."""
    _, _, stopped = drive(registry, ["drop-test"], results, {"drop-test.drop_height_m": ["q"]})
    assert isinstance(stopped, Stopped)
    assert stopped.draft is not None
    return stopped.draft


def test_a_typed_sku_with_a_draft_continues_it_on_1(registry: Registry, tmp_path: Path) -> None:
    path = _saved_draft(registry, tmp_path)
    session, prompter, outcome = drive(registry, ["drop-test"], tmp_path, {"resume": ["3", "1"]})
    resume = prompter.question("resume")
    assert resume.text == (
        f"A saved run of {SKU} exists (started {NOW.isoformat()}, 1 answers). Continue it?"
    )
    assert resume.options == (
        "Continue where it stopped",
        "Start over (the saved answers are deleted)",
    )
    assert prompter.told_after("resume") == [Notice(Tone.ERROR, "Type 1 or 2 and press Enter.")]
    assert prompter.keys[:4] == ["sku", "resume", "resume", "drop-test.drop_height_m"]
    assert "product_name" not in prompter.keys
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS
    assert not path.exists()
    assert session.record["product_name"] == FIELDS["product_name"]


def _damage(path: Path) -> bytes:
    """Break the saved draft's answers (a list where a mapping belongs); its bytes."""
    document = json.loads(path.read_text("utf-8"))
    document["record"]["answers"] = ["damaged"]
    path.write_text(json.dumps(document), "utf-8")
    return path.read_bytes()


def test_a_damaged_draft_is_offered_to_start_again_and_kept_aside(
    registry: Registry, tmp_path: Path
) -> None:
    """Issue 19: a damaged draft was an AttributeError traceback."""
    path = _saved_draft(registry, tmp_path)
    damaged = _damage(path)
    session, prompter, outcome = drive(registry, ["drop-test"], tmp_path, {"damaged": ["3", "1"]})
    asked = prompter.question("damaged")
    assert asked.text == (
        f"The saved run of {SKU} cannot be used: {path} [record.answers]: not a qa-check draft:"
        " this part is damaged (a mapping belongs here). Start again?"
    )
    assert asked.options == (
        "Start again (the damaged file is kept aside, renamed)",
        "Stop (the file is left as it is)",
    )
    aside = path.with_name(f"{SKU}.draft.damaged-20261123-100000")
    assert prompter.told_after("damaged", 1) == [
        Notice(Tone.WARNING, f"The damaged draft is kept as {aside}.")
    ]
    assert prompter.keys[:4] == ["sku", "damaged", "damaged", "product_name"]
    assert aside.read_bytes() == damaged
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS
    assert session.record["product_name"] == FIELDS["product_name"]


def test_a_damaged_draft_declined_is_the_located_error_and_left_as_it_is(
    registry: Registry, tmp_path: Path
) -> None:
    path = _saved_draft(registry, tmp_path)
    damaged = _damage(path)
    session, _ = start(registry, ["drop-test"], tmp_path)
    with pytest.raises(drafts.DamagedDraft) as caught:
        session.run(ScriptedPrompter([SKU, "2"]))
    assert [str(p) for p in caught.value.problems] == [
        f"{path} [record.answers]: not a qa-check draft: this part is damaged (a mapping"
        " belongs here)"
    ]
    assert path.read_bytes() == damaged
    session.release()
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    with pytest.raises(drafts.DamagedDraft):
        session.saved(SKU, None)  # no one to ask: the error stands
    assert path.read_bytes() == damaged


def test_saved_answers_that_no_longer_read_are_asked_again(
    registry: Registry, tmp_path: Path
) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(registry, ["drop-test"], tmp_path, {"drop-test.works_normally": [INTERRUPT]})
    path = drafts.draft_path(tmp_path, SKU)
    document = json.loads(path.read_text("utf-8"))
    document["record"]["product"]["height_cm"] = "tall"
    document["record"]["answers"]["drop-test"]["surface"] = "sand"
    document["record"]["answers"]["drop-test"]["drops"] = ["intact", "intact"]  # cut short
    path.write_text(json.dumps(document), "utf-8")
    session, chosen = start(registry, ["drop-test"], tmp_path)
    said = session.resume(drafts.load(path))
    assert said == [
        "Saved answers that no longer read as answers are asked again: product.height_cm,"
        " drop-test.surface."
    ]
    prompter = ScriptedPrompter(otherwise=Typist(chosen))
    outcome = session.run(prompter)
    assert isinstance(outcome, Finished)
    assert prompter.keys[:2] == ["product.height_cm", "drop-test.surface"]
    assert "drop-test.drops#3" in prompter.keys
    assert "drop-test.drops#1" not in prompter.keys, "the entries saved are kept"
    assert outcome.result.verdict is Verdict.PASS


def test_a_typed_sku_with_a_draft_starts_over_on_2(registry: Registry, tmp_path: Path) -> None:
    path = _saved_draft(registry, tmp_path)
    typed = {"resume": ["2"], "drop-test.drop_height_m": [INTERRUPT]}
    with pytest.raises(KeyboardInterrupt):
        drive(registry, ["drop-test"], tmp_path, {**typed, "drop-test.surface": ["4"]})
    draft = drafts.load(path)
    assert draft.record["answers"]["drop-test"] == {"surface": "other"}, "a new draft"
    _, prompter, outcome = drive(registry, ["drop-test"], tmp_path, {"resume": ["否"]})
    assert prompter.keys[:3] == ["sku", "resume", "product_name"]
    assert "drop-test.surface" in prompter.keys
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS


def test_finish_writes_a_record_that_validate_judges_alike(
    registry: Registry, tmp_path: Path
) -> None:
    typed = {"drop-test.surface": ["4"], "drop-test.drop_height_m": ["1.0"]}
    typed["compression-test.hold_minutes"] = ["30"]
    _, prompter, outcome = drive(registry, DROP_AND_COMPRESSION, tmp_path, typed)
    assert isinstance(outcome, Finished)
    assert outcome.path == tmp_path / f"{SKU}_20261123-100000.yaml"
    [again] = judge_all(read_records([outcome.path], registry), registry, checks=CHECKS)
    assert again.verdict is outcome.result.verdict is Verdict.FAIL
    assert again.failures == outcome.result.failures
    assert [(f.item, f.rule) for f in again.failures] == [
        ("surface", "DT-1"),
        ("drop_height_m", "DT-2"),
        ("hold_minutes", "CP-2"),
    ]
    told = [text.partition("\n")[0] for text in prompter.told(Tone.FAIL)]
    failed = ["FAIL DT-1 Drop surface", "FAIL DT-2 Drop height", "FAIL CP-2 Load hold time"]
    assert told == [
        *failed,
        "What to fix (3):",  # the last screen lists them again (issue 21): nothing scrolled away
        *failed,
        "FAIL: fix the failed items and inspect again.",
    ]
    last = prompter.told(Tone.FAIL)[-2]
    assert "  recorded: 30 min\n" in last
    assert last.endswith("action:   Repeat the test and hold the load for the full time.")
    data = yaml.safe_load(outcome.path.read_text("utf-8"))
    assert data["inspected_at"] == data["finished_at"] == NOW.isoformat()
    assert {name: str(v) for name, v in data["checklists"].items()} == {
        "drop-test": "3",
        "compression-test": "3",
    }
    assert not drafts.draft_path(tmp_path, SKU).exists()
    assert list((tmp_path / ".drafts").iterdir()) == []
    [summary] = prompter.tables
    assert summary.title == f"Inspection of {SKU}"
    assert summary.outcomes.count("fail") == 3
    assert prompter.notices[-1] == Notice(Tone.INFO, f"Record saved: {outcome.path}")


def test_a_second_record_of_the_same_second_does_not_replace_the_first(
    registry: Registry, tmp_path: Path
) -> None:
    _, _, first = drive(registry, ["drop-test"], tmp_path)
    _, _, second = drive(registry, ["drop-test"], tmp_path, {"drop-test.surface": ["4"]})
    assert isinstance(first, Finished)
    assert isinstance(second, Finished)
    assert second.path == tmp_path / f"{SKU}_20261123-100000-2.yaml"
    judged = judge_all(read_records([first.path, second.path], registry), registry, checks=CHECKS)
    assert [result.verdict for result in judged] == [Verdict.PASS, Verdict.FAIL]


# --- answers given beforehand ------------------------------------------------------------


def _locate(path: tuple[str | int, ...]) -> Location:
    return Location("given.yaml", field=dotted(path) or None)


def test_prefilled_answers_are_not_asked_and_a_wrong_one_is_located_and_asked(
    registry: Registry, tmp_path: Path
) -> None:
    session, chosen = start(registry, ["drop-test"], tmp_path)
    given: dict[str, Any] = {
        "sku": SKU,
        "product_name": FIELDS["product_name"],
        "product": {"electrical": True, "gross_weight_kg": "1,6"},
        "answers": {
            "drop-test": {"surface": "concrete", "drop_height_m": "1.2 m", "bogus": "yes"},
            "compression-test": {"hold_minutes": 60},
        },
    }
    problems = prefill(session, given, _locate)
    assert [(str(p.location), str(p.message)) for p in problems] == [
        (
            "given.yaml [product.gross_weight_kg]",
            "'1,6': write the decimal point as a point, 1.6",
        ),
        (
            "given.yaml [answers.drop-test.drop_height_m]",
            "'1.2 m' has a unit typed in: write 1.2 (unit: m)",
        ),
        ("given.yaml [answers.drop-test.bogus]", "no item 'bogus' in checklist drop-test@3"),
        (
            "given.yaml [answers.compression-test]",
            "answers for checklist compression-test, which this run does not include",
        ),
    ]
    missing = session.missing()
    given_fields = ("sku:", "product_name:", "product.electrical:")
    assert not any(line.startswith(given_fields) for line in missing)
    assert "product.gross_weight_kg: Gross weight, packed (kg)" in missing
    assert (
        "answers.drop-test.drop_height_m: Drop height (m), measured from the lowest point of the"
        " package?" in missing
    )
    assert not any(line.startswith("answers.drop-test.surface") for line in missing)
    assert sum(line.startswith("answers.drop-test.drops") for line in missing) == 1

    prompter = ScriptedPrompter(otherwise=Typist(chosen))
    outcome = session.run(prompter)
    asked = prompter.keys
    assert asked[0] == "product.gross_weight_kg", "the SKU, name and electrical were given"
    assert "drop-test.surface" not in asked
    assert "drop-test.drop_height_m" in asked
    assert isinstance(outcome, Finished)
    assert outcome.result.verdict is Verdict.PASS
    assert session.record["product"]["electrical"] == "yes"


def test_a_complete_prefill_is_missing_nothing_and_finishes_without_asking(
    registry: Registry, tmp_path: Path
) -> None:
    session, chosen = start(registry, ["drop-test"], tmp_path)
    typed = passing_answers(chosen)
    given: dict[str, Any] = {"product": {}, "answers": {"drop-test": {}}}
    for key, value in typed.items():
        if key.startswith("product."):
            given["product"][key.removeprefix("product.")] = value
        elif key.startswith("drop-test."):
            item, _, entry = key.removeprefix("drop-test.").partition("#")
            if entry:
                given["answers"]["drop-test"].setdefault(item, []).append(value)
            else:
                given["answers"]["drop-test"][item] = value
        else:
            given[key] = value
    assert prefill(session, given, _locate) == []
    assert session.missing() == []
    outcome = session.finish()
    assert outcome.result.verdict is Verdict.PASS
    assert outcome.path.is_file()
