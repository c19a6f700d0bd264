"""What the guided run has the worker confirm before it stores a number.

A number typed with a unit the question's unit converts from (``1800g`` for kilograms) is
converted and shown (``1800 g is 1.8 kg. Record 1.8 kg?``); a number outside its usual range
(``1800`` kg for a desk lamp) is shown with that range. The worker confirms, or types it again.
A file of records stays strict (a unit typed in is INVALID there): only a person at the
terminal can say what was meant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qa_check.core.messages import Message, msg
from qa_check.engine import models as m
from qa_check.engine import units
from qa_check.engine.plausible import attribute_usual, item_words
from qa_check.guided import questions as q
from qa_check.guided.questions import Slot

CHOICES = (msg("unit_yes_record"), msg("unit_no_again"))
"""The two answers of a confirmation: 1 records the number shown, 2 asks again."""

Agree = Callable[[Message], bool]
"""Asks the worker a yes/no question: True to record the number shown."""


def read(slot: Slot, typed: str, agree: Agree) -> Any:
    """``questions.read`` of ``typed``, with a unit converted and an unusual number confirmed.

    None when the worker declined (the question is asked again); AnswerError for a unit that
    does not convert to the question's, naming its unit.
    """
    spec = slot.spec
    if not isinstance(spec, m.NumberAnswer):
        return q.read(slot, typed)
    text = q.normalised(typed)
    told: list[Message] = []
    try:
        conversion = units.convert(text, spec.unit) if spec.unit else None
    except units.UnitMismatch as exc:
        raise m.AnswerError(exc.message) from None
    if conversion is not None:
        text = conversion.number
        if conversion.converted:
            said = msg("unit_converted", typed=conversion.typed, number=text, unit=conversion.unit)
            told.append(said)
    value = q.read(slot, text)
    number = m.parse_number(value)
    usual = _usual(slot, spec)
    if usual is not None and not usual.contains(number):
        told.append(usual.warning(number, _words(slot)))
    if told:
        told.append(msg("unit_record_it", number=value, unit=spec.unit))
        if not agree(q.joined(told, "\n")):
            return None
    return value


def _usual(slot: Slot, spec: m.NumberAnswer) -> units.Plausible | None:
    if slot.item is None and slot.field is not None:
        return attribute_usual(slot.field.removeprefix("product."))
    return spec.usual()


def _words(slot: Slot) -> Message:
    if slot.item is None and slot.field is not None:
        return msg(f"attribute_{slot.field.removeprefix('product.')}")
    assert slot.item is not None
    return item_words(slot.item.item)
