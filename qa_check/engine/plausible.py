"""Warnings for numbers outside their usual range: ``1800`` kg for a desk lamp's gross weight.

Such a number is no reason to refuse a record (a heavy SKU exists), so it never changes a
verdict: ``validate`` and ``certify`` report it beside the result, located, and a certificate
does not print it. The ranges are data (``units.yaml``, and a checklist item's ``plausible``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, NamedTuple

from qa_check.core.errors import Location, Problem
from qa_check.core.messages import Message, in_both, msg
from qa_check.engine import models as m
from qa_check.engine import units
from qa_check.engine.answers import item_name
from qa_check.engine.checklists import CompiledChecklist, CompiledItem
from qa_check.engine.rules import Slot, Status

Locate = Callable[[tuple[str | int, ...]], Location]


@cache
def attribute_usual(name: str) -> units.Plausible | None:
    """Where a product field of the record format usually lies (``gross_weight_kg``)."""
    quantity = units.attribute_quantity(name)
    unit = m.ATTRIBUTE_UNITS.get(name)
    return units.plausible(unit, quantity) if quantity and unit else None


def item_words(item: m.Item) -> Message:
    """What an item's number is, as a warning names it (``drop height``)."""
    return in_both(lambda lang: item_name(item, lang))


class _Measured(NamedTuple):
    """A number item of a checklist that has a usual range, found once per checklist."""

    item: CompiledItem
    usual: units.Plausible
    series: bool


_MEASURED: dict[int, tuple[_Measured, ...]] = {}
"""Per loaded checklist, by id, its measured items; an entry goes when its checklist does."""


def _measured(compiled: CompiledChecklist) -> tuple[_Measured, ...]:
    """The items of ``compiled`` whose numbers have a usual range: judging looks at these only."""
    known = _MEASURED.get(id(compiled))
    if known is not None:
        return known
    found = []
    for item in compiled.items:
        answer = item.item.answer
        entry = answer.entry if isinstance(answer, m.SeriesAnswer) else answer
        usual = entry.usual() if isinstance(entry, m.NumberAnswer) else None
        if usual is not None:
            found.append(_Measured(item, usual, isinstance(answer, m.SeriesAnswer)))
    _MEASURED[id(compiled)] = measured = tuple(found)
    weakref.finalize(compiled, _MEASURED.pop, id(compiled), None)
    return measured


def unusual(
    checklists: Iterable[CompiledChecklist],
    slots: Mapping[str, Slot],
    attributes: Mapping[str, Any],
    locate: Locate,
) -> tuple[Problem, ...]:
    """A located warning for each number of a record outside its usual range, in record order."""
    found: list[Problem] = []
    for name, value in attributes.items():
        usual = attribute_usual(name)
        if usual is not None and isinstance(value, float) and not usual.contains(value):
            what = msg(f"attribute_{name}")
            found.append(Problem(locate(("product", name)), usual.warning(value, what)))
    for compiled in checklists:
        for item, usual, series in _measured(compiled):
            slot = slots.get(item.qname)
            if slot is None or slot.status is not Status.OK:
                continue
            path = ("answers", item.checklist_id, item.item_id)
            values: list[tuple[int | None, Any]] = [(None, slot.value)]
            if series:
                values = list(enumerate(slot.value))
            for index, value in values:
                if isinstance(value, float) and not usual.contains(value):
                    where = locate(path if index is None else (*path, index))
                    found.append(Problem(where, usual.warning(value, item_words(item.item))))
    return tuple(found)
