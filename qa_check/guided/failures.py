"""The end of a FAIL in the guided run: a test a failure decided, and what to fix.

Once a failure is certain, its checklist fails whatever comes next: the run says so and offers
to stop that test. What is then not done is recorded as not done (the record's ``not_done``),
never as passed, and the judgement reads it as a FAIL. The last screen lists every failure with
its rule, what was recorded and the corrective action, so nothing has scrolled away.
"""

from __future__ import annotations

from typing import Any, Protocol

from qa_check.core.messages import Message, msg
from qa_check.engine.answers import in_sentence
from qa_check.engine.checklists import CompiledChecklist, CompiledItem
from qa_check.engine.judge import SkuResult
from qa_check.guided import questions as q
from qa_check.guided.prompter import Notice, Prompter, Tone
from qa_check.guided.questions import Slot


class Session(Protocol):
    """What the offer to stop a test needs of the run: checklists, open questions, the record.

    A protocol, so that the session and this module do not import each other.
    """

    went_on: set[str]
    """Checklists whose decided test the worker chose to go on with: not offered again."""
    checklists: dict[str, CompiledChecklist]

    @property
    def record(self) -> dict[str, Any]:
        """The record so far."""
        ...

    def pending(self) -> list[Slot]:
        """The questions that apply and have no answer yet, in order."""
        ...

    def one_or_two(
        self,
        key: str,
        text: Message,
        options: tuple[Message, Message],
        help_text: Message,
        prompter: Prompter,
        *,
        section: tuple[Message, str] | None = None,
    ) -> bool:
        """Ask a two-way question: True for the first option."""
        ...

    def save(self) -> None:
        """Save the draft."""
        ...


def not_done(record: dict[str, object], checklist_id: str) -> set[str]:
    """The items of a checklist the record lists as not done."""
    listed = record.get("not_done")
    found = listed.get(checklist_id) if isinstance(listed, dict) else None
    return set(found) if isinstance(found, list) else set()


def offer_stop(session: Session, item: CompiledItem, prompter: Prompter) -> None:
    """After ``item`` failed for certain: offer to stop its checklist, if questions remain.

    Asked once per checklist: a worker who goes on is not asked again. Stopping records each
    remaining item (and a series' remaining entries) as not done, and saves the draft.
    """
    checklist_id = item.checklist_id
    if checklist_id in session.went_on:
        return
    remaining = list(
        dict.fromkeys(
            slot.item.item_id
            for slot in session.pending()
            if slot.item is not None and slot.item.checklist_id == checklist_id
        )
    )
    if not remaining:
        return
    named = session.checklists[checklist_id].checklist.title
    title = Message(in_sentence(named.en), named.zh)
    text = msg("resume_decided", checklist=title, n=len(remaining))
    options = (msg("resume_stop_test", checklist=title), msg("resume_go_on"))
    section = (q.both(named), item.item.rule)
    if not session.one_or_two(
        "decided", text, options, msg("resume_decided_help"), prompter, section=section
    ):
        session.went_on.add(checklist_id)
        return
    listed = session.record.setdefault("not_done", {})
    order = [each.item_id for each in session.checklists[checklist_id].items]
    listed[checklist_id] = sorted(
        set(listed.get(checklist_id, [])) | set(remaining), key=order.index
    )
    session.save()
    prompter.tell(
        Notice(Tone.WARNING, msg("resume_stopped_test", checklist=title, n=len(remaining)))
    )


def what_to_fix(result: SkuResult, items: list[CompiledItem]) -> list[Notice]:
    """Every failure of a FAIL, with its rule, the recorded value and the corrective action."""
    if not result.failures:
        return []
    by_name = {item.qname: item for item in items}
    told = [Notice(Tone.FAIL, msg("resume_what_to_fix", n=len(result.failures)))]
    for failure in result.failures:
        item = by_name.get(f"{failure.checklist.partition('@')[0]}.{failure.item}")
        if item is not None:
            told.append(Notice(Tone.FAIL, q.failing(item, failure, None)))
    return told
