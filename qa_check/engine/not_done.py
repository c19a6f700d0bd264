"""Items a record lists as not done: what is wrong with such a list, and how one reads.

A guided run that stopped a test once a failure decided it records what was then not done in
the record's ``not_done``. The judgement (``judge``) makes each such item a failure, never a
pass; this module checks the list against the record and words what was recorded of an item.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qa_check.core.languages import Lang
from qa_check.core.messages import Message, in_both, msg, word
from qa_check.engine.answers import labeller
from qa_check.engine.checklists import CompiledChecklist, CompiledItem

PathKey = tuple[str | int, ...]


def qnames(not_done: Mapping[str, list[str]]) -> set[str]:
    """The items listed, as ``checklist.item``."""
    return {f"{checklist_id}.{item}" for checklist_id, items in not_done.items() for item in items}


def listing_problems(
    not_done: Mapping[str, list[str]],
    checklists: Mapping[str, CompiledChecklist],
    named: Mapping[str, str],
    answers: Mapping[str, Mapping[str, Any]],
) -> Iterator[tuple[PathKey, Message]]:
    """Where the list is wrong: an item the record's checklists lack, or one answered in full.

    ``checklists`` are those found for the record, ``named`` those it names (an unknown version
    is reported where the record names it, not again here).
    """
    for checklist_id, item_ids in not_done.items():
        compiled = checklists.get(checklist_id)
        if compiled is None:
            if checklist_id not in named:
                yield ("not_done", checklist_id), msg("answers_unlisted", id=checklist_id)
            continue
        for index, item_id in enumerate(item_ids):
            where = ("not_done", checklist_id, index)
            if item_id not in compiled.by_id:
                key = compiled.checklist.key
                yield where, msg("unknown_item", item=item_id, checklist=key)
                continue
            given = answers.get(checklist_id, {}).get(item_id)
            if given is not None and not (isinstance(given, list) and None in given):
                yield where, msg("resume_not_done_answered", item=item_id)


def recorded(item: CompiledItem, given: object) -> Message:
    """What was recorded of an item not done: nothing, or a series' entries counted by value."""
    if not isinstance(given, list) or all(entry is None for entry in given):
        return msg("resume_not_done")
    done = [entry for entry in given if entry is not None]
    counts = {value: done.count(value) for value in dict.fromkeys(done)}

    def listed(lang: Lang) -> str:
        show = labeller(item.item.answer, lang)
        parts = (f"{show(value)} {count}" for value, count in counts.items())
        return word("list_separator", lang).join(parts)

    return msg("resume_not_done_partial", n=len(done), total=len(given), counts=in_both(listed))
