"""The wording of the guided run: its questions, how a typed line is read, what it tells.

Every text is built in both languages at once (a ``Message``); the prompter shows the
worker's. Nothing here holds the run's state: the session passes what a text depends on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from qa_check.certificates.preflight import sku_barcode_problem
from qa_check.core.messages import LANGUAGES, Message, in_lang, msg
from qa_check.engine import models as m
from qa_check.engine.answers import labeller, parser_for, recorded_message, series_expected
from qa_check.engine.checklists import CompiledItem
from qa_check.engine.judge import (
    Assessment,
    Failure,
    Outcome,
    SkuResult,
    Verdict,
    check_field,
)
from qa_check.guided.prompter import Notice, Question, Table, Tone


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in the record the session asks for: a field, an item, or one series entry."""

    key: str
    item: CompiledItem | None = None
    entry: int | None = None
    field: str | None = None
    """``sku``, ``product.height_cm``, ``inspector`` ... for record fields."""

    @property
    def spec(self) -> m.YesNoAnswer | m.ChoiceAnswer | m.NumberAnswer | m.TextAnswer | None:
        """How the slot is answered (None for plain text fields)."""
        if self.item is None:
            if self.field == "product.electrical":
                return m.YesNoAnswer(kind="yes_no")
            if self.field is not None and self.field.startswith("product."):
                unit = m.ATTRIBUTE_UNITS[self.field.removeprefix("product.")] or ""
                return m.NumberAnswer(kind="number", unit=unit)
            return None
        answer = self.item.item.answer
        return answer.entry if isinstance(answer, m.SeriesAnswer) else answer


def both(text: m.Text | m.Option) -> Message:
    """A checklist's text (a prompt, a title, a choice's label) as a Message."""
    return Message(text.en, text.zh)


def plain(text: str) -> Message:
    """Text that reads the same in both languages (a key, a path), to join to a Message."""
    return Message(text, text)


def joined(texts: Iterable[Message], separator: str = ", ") -> Message:
    """Messages joined into one, each language with its own (the separator too, if a Message)."""
    parts = list(texts)
    return Message(
        str(separator).join(parts), in_lang(separator, "zh").join(part.zh for part in parts)
    )


def normalised(text: str) -> str:
    """What a Chinese input method typed, read as what it is: ``１．２`` -> ``1.2``."""
    return unicodedata.normalize("NFKC", text).replace("。", ".").strip()


# --- reading what was typed -------------------------------------------------------------


def options(slot: Slot) -> tuple[tuple[str, Message], ...]:
    """(stored value, label) for each numbered choice."""
    spec = slot.spec
    if isinstance(spec, m.YesNoAnswer):
        return (("yes", msg("yes")), ("no", msg("no")))
    if isinstance(spec, m.ChoiceAnswer):
        return tuple((o.value, both(o)) for o in spec.choices)
    return ()


def read(slot: Slot, typed: str) -> Any:
    """The stored form of a typed answer; AnswerError (both languages) saying why not."""
    spec = slot.spec
    text = typed.strip()
    if spec is not None or _scanned(slot) or slot.field == "sku":
        text = normalised(typed)
    choices = options(slot)
    if choices and text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1][0]
    try:
        value = _parse(slot, text)
    except m.AnswerError:
        if not choices:
            raise
        listed = joined(plain(f"{n} ") + label for n, (_, label) in enumerate(choices, start=1))
        raise m.AnswerError(msg("not_an_option", value=typed.strip(), options=listed)) from None
    barcode = sku_barcode_problem(text) if slot.field == "sku" else None
    if barcode is not None:
        raise m.AnswerError(barcode)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, str) else text


def _parse(slot: Slot, text: str) -> Any:
    """A slot's value: a record field as the record model reads it, an item by its parser."""
    if slot.item is None:
        assert slot.field is not None
        head, _, name = slot.field.partition(".")
        model: type[BaseModel] = m.Product if name else m.Record
        return check_field(model, name or head, text)
    spec = slot.spec
    return parser_for(spec)(text) if spec is not None else slot.item.parse(text)


def _scanned(slot: Slot) -> bool:
    return slot.item is not None and isinstance(slot.item.item.criterion, m.SameAsField)


def shown(slot: Slot, value: Any) -> str:
    """A stored answer as the worker reads it (a choice by its label)."""
    for stored, label in options(slot):
        if stored == value:
            return label
    return str(value)


# --- the questions as shown -------------------------------------------------------------


def field_question(slot: Slot, number: int, count: int, current: str | None) -> Question:
    """The question for a record field, the ``number``-th of ``count`` fields."""
    assert slot.field is not None
    name = slot.field.removeprefix("product.")
    section = msg("section_product" if "." in slot.field else "section_inspection")
    unit = m.ATTRIBUTE_UNITS.get(name) if slot.field.startswith("product.") else None
    return Question(
        slot.key,
        section,
        msg("position", n=number, m=count),
        None,
        msg(f"ask_{name}"),
        unit,
        tuple(label for _, label in options(slot)),
        None,
        current,
        msg(f"help_{name}"),
    )


def item_question(  # noqa: PLR0917 - each is one thing the question shows
    slot: Slot,
    title: m.Text,
    number: int,
    count: int,
    assessment: Assessment | None,
    current: str | None,
) -> Question:
    """The question for an item (or a series entry), the ``number``-th of its checklist's."""
    item = slot.item
    assert item is not None
    spec = item.item
    position = msg("position", n=number, m=count)
    answer = spec.answer
    if isinstance(answer, m.SeriesAnswer) and slot.entry is not None:
        labels = answer.labels
        label = labels[slot.entry]
        group = next(g for g in answer.groups if g.label == label)
        within = labels[: slot.entry + 1].count(label)
        position += msg(
            "series_position",
            group=both(group.name),
            k=within,
            count=group.count,
            n=slot.entry + 1,
            total=len(labels),
        )
    requirement = None
    if (
        assessment is not None
        and slot.entry in (None, 0)
        and not isinstance(spec.criterion, m.Recorded)
    ):
        requirement = assessment.requirement(item) or None
    entry_spec = slot.spec
    return Question(
        slot.key,
        both(title),
        position,
        spec.rule,
        both(spec.prompt),
        entry_spec.unit if isinstance(entry_spec, m.NumberAnswer) else None,
        tuple(label for _, label in options(slot)),
        requirement,
        current,
        both(spec.help),
    )


def two_way(
    key: str,
    text: Message,
    choices: tuple[Message, Message],
    help_text: Message,
    section: tuple[Message, str] | None = None,
) -> Question:
    """A question the worker answers 1 or 2 (continue a draft or start over, ...).

    ``section``: the checklist and rule it is about (a test a failure decided), if any.
    """
    heading, rule = section or (msg("section_inspection"), None)
    return Question(key, heading, plain(""), rule, text, None, choices, None, None, help_text)


def missing(slot: Slot) -> Message:
    """A question still to be answered, as a line of the list a run without a terminal gives."""
    if slot.item is None:
        return plain(f"{slot.key}: ") + msg("ask_" + slot.key.removeprefix("product."))
    return plain(f"answers.{slot.item.qname}: ") + both(slot.item.item.prompt)


# --- what the run tells -----------------------------------------------------------------


def dropped(items: Iterable[CompiledItem]) -> Message:
    """The answers an answer made void (their items no longer apply)."""
    return msg("dropped", items=joined(both(i.item.label or i.item.prompt) for i in items))


def failing(item: CompiledItem, failure: Failure, partial: Message | None) -> Message:
    """An item's FAIL, told as soon as it is certain (``partial``: a series so far)."""
    return msg(
        "fail_now",
        rule=failure.rule,
        label=both(item.item.label or item.item.prompt),
        required=failure.requirement,
        recorded=partial or failure.recorded,
        action=both(failure.corrective),
    )


def so_far(item: CompiledItem, stored: list[Any]) -> Message:
    """A series still being answered, as recorded so far: ``Corner 2/3 of 3 done``."""
    answer = item.item.answer
    assert isinstance(answer, m.SeriesAnswer)
    expected = series_expected(item.item)
    shows = [labeller(answer, lang) for lang in LANGUAGES]
    parts = []
    for group in answer.groups:
        done = [
            value
            for label, value in zip(answer.labels, stored, strict=True)
            if label == group.label and value is not None
        ]
        if done:
            good = sum(1 for value in done if value == expected)
            parts.append(Message(*(f"{show(group.label)} {good}/{len(done)}" for show in shows)))
    return msg(
        "so_far",
        value=Message(*(show(expected) for show in shows)),
        counts=joined(parts, msg("list_separator")),
        n=sum(1 for value in stored if value is not None),
    )


def summary(result: SkuResult, path: Path) -> tuple[Table, list[Notice]]:
    """The end of a run: a row per item that applies, then the verdict and where it is."""
    rows: list[tuple[str, ...]] = []
    outcomes: list[str] = []
    for found in result.items:
        if found.outcome is Outcome.NOT_APPLICABLE:
            continue
        spec = found.item.item
        rows.append(
            (
                both(found.checklist.checklist.title),
                spec.rule,
                both(spec.label or spec.prompt),
                Message(found.not_done["en"], found.not_done["zh"])
                if found.not_done
                else recorded_message(spec, found.value),
                msg(f"outcome_{found.outcome.name.lower()}"),
            )
        )
        outcomes.append(found.outcome.value)
    table = Table(
        msg("summary_title", sku=result.sku or ""),
        tuple(
            msg(f"column_{name}") for name in ("checklist", "rule", "item", "recorded", "result")
        ),
        tuple(rows),
        tuple(outcomes),
    )
    tone = {Verdict.PASS: Tone.PASS, Verdict.FAIL: Tone.FAIL}.get(result.verdict, Tone.ERROR)
    told = [Notice(tone, msg(f"verdict_{result.verdict.name.lower()}"))]
    told += [
        Notice(Tone.ERROR, plain(f"{problem.location}: ") + problem.message)
        for problem in result.problems
    ]
    told.append(Notice(Tone.INFO, msg("record_written", path=str(path))))
    return table, told

