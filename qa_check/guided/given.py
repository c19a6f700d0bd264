"""Answers given before the run (``--answers FILE``, ``--sku``, a re-test's record), taken in.

What is given is stored as if typed, so that it is not asked; what is wrong in it is returned
located in its file and asked again (or reported, with no terminal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qa_check.core.errors import Location, Problem
from qa_check.core.messages import msg
from qa_check.engine import models as m
from qa_check.engine.judge import check_field
from qa_check.guided import questions as q
from qa_check.guided.questions import Slot

if TYPE_CHECKING:
    from qa_check.guided.session import Session

GIVEN_ONLY = (*m.PARTY_FIELDS, "photos", "photos_skipped")
"""Record fields never asked, taken as given beforehand (``--answers``) and kept."""


def prefill(
session: Session, data: dict[str, Any], locate: Callable[[tuple[str | int, ...]], Location]
) -> list[Problem]:
    """Take answers given beforehand (``--answers``, ``--sku``); what is wrong is returned.

    A wrong answer is not stored, so that it is asked again (or reported, with no terminal).
    """
    problems: list[Problem] = []
    for slot in session.slots:
        path = _path_of(slot)
        raw = _dig(data, path)
        if raw is None:
            continue
        if isinstance(raw, bool):
            raw = "yes" if raw else "no"
        try:
            value = q.read(slot, str(raw))
        except ValueError as exc:
            problems.append(Problem(locate(path), m.reason(exc)))
            continue
        session.store(slot, value)
    for key in ("inspected_at",):
        if isinstance(data.get(key), str):
            session.record[key] = data[key]
    for name in GIVEN_ONLY:
        if data.get(name) is None:
            continue
        try:
            value = check_field(m.Record, name, data[name])
        except ValueError as exc:
            problems.append(Problem(locate((name,)), m.reason(exc)))
            continue
        session.record[name] = value if isinstance(value, str) else data[name]  # photos as given
    for name in data:
        if name not in m.Record.model_fields:
            problems.append(Problem(locate((str(name),)), msg("unknown_field")))
    for checklist_id, given in (data.get("answers") or {}).items():
        compiled = session.checklists.get(checklist_id)
        if compiled is None:
            problems.append(
                Problem(
                    locate(("answers", checklist_id)),
                    msg("not_in_this_run", checklist=checklist_id),
                )
            )
            continue
        if isinstance(given, dict):
            for item_id in given.keys() - compiled.by_id.keys():
                problems.append(
                    Problem(
                        locate(("answers", checklist_id, item_id)),
                        msg("unknown_item", item=item_id, checklist=compiled.checklist.key),
                    )
                )
    session.pending()
    return problems


def _path_of(slot: Slot) -> tuple[str | int, ...]:
    if slot.item is None:
        assert slot.field is not None
        return tuple(slot.field.split("."))
    base: tuple[str | int, ...] = ("answers", slot.item.checklist_id, slot.item.item_id)
    return base if slot.entry is None else (*base, slot.entry)


def _dig(data: object, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data if not isinstance(data, dict | list) else None
