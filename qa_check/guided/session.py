"""The guided run as a state machine: one question at a time, judged as answers arrive.

The session never prints or reads a terminal: it asks and tells through a ``Prompter``, so a
terminal or a test script drives the same logic. After every answer it saves the draft, then
assesses the record so far with the same judgement ``validate`` runs over a complete record
(``validate.assess``), so the run and ``validate`` can never disagree about an item.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from qa_check.certificates.preflight import CHECKS
from qa_check.core.errors import Location, Problem, UsageError, dotted
from qa_check.core.messages import Message, in_both, msg
from qa_check.engine import models as m
from qa_check.engine.answers import series_expected
from qa_check.engine.checklists import CompiledChecklist, CompiledItem, Registry, question_order
from qa_check.engine.judge import (
    Assessment,
    ItemState,
    RawRecord,
    SkuResult,
    Verdict,
    assess,
    judge,
)
from qa_check.files.fileio import atomic_write
from qa_check.guided import confirm, drafts, evidence, failures
from qa_check.guided import questions as q
from qa_check.guided.prompter import Notice, Prompter, Question, Tone
from qa_check.guided.questions import Slot
from qa_check.guided.record_file import record_path, record_yaml
from qa_check.records.read import read_records


@dataclass(frozen=True, slots=True)
class Finished:
    """The run ended with a record written and judged (as ``validate`` judges that file)."""

    result: SkuResult
    path: Path


@dataclass(frozen=True, slots=True)
class Stopped:
    """The worker stopped; everything answered is in the draft."""

    sku: str
    draft: Path | None


# --- the questions ------------------------------------------------------------------------

IDENTITY = ("sku", "product_name")
PRODUCT = tuple(m.ATTRIBUTE_UNITS)
PEOPLE = ("inspector", "site")
_BACK, _HELP, _STOP = "b", "?", "q"


class Session:
    """One guided inspection of one SKU against chosen checklists."""

    def __init__(  # noqa: PLR0917 - each is one of the run's settings
        self,
        registry: Registry,
        checklists: list[CompiledChecklist],
        results: Path,
        lang: str,
        clock: Callable[[], datetime],
        suggestions: dict[str, str] | None = None,
    ) -> None:
        self.registry = registry
        self.results = results
        self.lang = lang
        """The worker's language, saved in the draft: data, not wording (the prompter words)."""
        self.clock = clock
        self.suggestions = suggestions or {}
        self.carried: set[str] = set()
        """Checklists of a resumed draft this run does not ask (``--only``): kept, not asked."""
        self.options: dict[str, Any] = {}
        """How the run was started, kept in the draft so that a resume goes on alike."""
        self._use(checklists)
        self.draft = self._draft({"answers": {}})
        self.resumed = False
        """True once a saved draft was taken over (so it is not offered again)."""
        self.went_on: set[str] = set()
        """Checklists a failure decided whose worker chose to go on (not offered again)."""
        self.announced: set[str] = set()
        """Items whose FAIL was already told (a series fails once, at its first bad entry)."""
        self.assessment: Assessment | None = None
        self.lock: drafts.DraftLock | None = None
        """The lock of the SKU's draft, held once the SKU is known (``release`` lets go)."""
        self.photos_from: Path | None = None
        self._decided: CompiledItem | None = None
        """A failure that decided its test: its stop is offered once its photo is taken."""
        """The folder a phone syncs photos into (``--photos``): a photo step takes the new ones."""

    def _use(self, checklists: list[CompiledChecklist]) -> None:
        """Take ``checklists`` as the run's: their questions in order, and the slots to fill."""
        items, stuck = question_order(checklists)
        if stuck:
            names = ", ".join(item.qname for item in stuck)
            raise UsageError([Problem(Location("--checklists"), f"questions in a cycle: {names}")])
        self.checklists = {c.checklist.id: c for c in checklists}
        self.items = items
        self.slots = self._slots()

    def _draft(self, record: dict[str, Any]) -> drafts.Draft:
        """A draft of ``record`` answered against this run's checklists, as they are now."""
        record["checklists"] = {
            c.checklist.id: c.checklist.version for c in self.checklists.values()
        }
        draft = drafts.Draft(record, self.lang, options=self.options)
        for compiled in self.checklists.values():
            draft.remember(compiled)
        return draft

    def keep(self, options: dict[str, Any]) -> None:
        """Keep the options the run was started with in its draft (a resume reads them)."""
        self.options = options
        self.draft.options = options

    # --- the record being built ---------------------------------------------------------

    @property
    def record(self) -> dict[str, Any]:
        """The record so far, in the shape ``validate`` reads."""
        return self.draft.record

    def _slots(self) -> list[Slot]:
        found = [Slot(name, field=name) for name in IDENTITY]
        found += [Slot(f"product.{name}", field=f"product.{name}") for name in PRODUCT]
        found += [Slot(name, field=name) for name in PEOPLE]
        for item in self.items:
            answer = item.item.answer
            if isinstance(answer, m.SeriesAnswer):
                found += [
                    Slot(f"{item.qname}#{index + 1}", item, index)
                    for index in range(len(answer.labels))
                ]
            else:
                found.append(Slot(item.qname, item))
        return found

    def value(self, slot: Slot) -> Any:
        """The stored answer of a slot, or None."""
        if slot.item is None:
            assert slot.field is not None
            head, _, name = slot.field.partition(".")
            if name:
                return self.record.get(head, {}).get(name)
            return self.record.get(head)
        stored = self.record["answers"].get(slot.item.checklist_id, {}).get(slot.item.item_id)
        if slot.entry is None or not isinstance(stored, list):
            return stored if slot.entry is None else None
        return stored[slot.entry] if slot.entry < len(stored) else None

    def store(self, slot: Slot, value: Any) -> None:
        """Keep ``value`` as the answer to ``slot`` (None forgets it), as typed or as given."""
        if slot.item is None:
            assert slot.field is not None
            head, _, name = slot.field.partition(".")
            if name:
                self.record.setdefault(head, {})[name] = value
            else:
                self.record[head] = value
            return
        answers = self.record["answers"].setdefault(slot.item.checklist_id, {})
        if slot.entry is None:
            answers[slot.item.item_id] = value
            return
        answer = slot.item.item.answer
        assert isinstance(answer, m.SeriesAnswer)
        count = len(answer.labels)
        entries = answers.get(slot.item.item_id)
        if not isinstance(entries, list) or len(entries) != count:  # none yet, or cut short
            entries = ([*entries] if isinstance(entries, list) else [])[:count]
            entries += [None] * (count - len(entries))
            answers[slot.item.item_id] = entries
        entries[slot.entry] = value

    def _judged_record(self, optimistic: CompiledItem | None = None) -> dict[str, Any]:
        """The record as judged now: a series still being answered is left out (pending).

        With ``optimistic``, that series' open entries are filled with the passing value, so
        that a failure certain whatever comes next is known at once.
        """
        data = copy.deepcopy(self.record)
        data.setdefault("inspected_at", self.clock().isoformat())
        for item in self.items:
            stored = data["answers"].get(item.checklist_id, {}).get(item.item_id)
            stopped = item.item_id in failures.not_done(data, item.checklist_id)
            if isinstance(stored, list) and None in stored and not stopped:
                if item is optimistic:
                    expected = series_expected(item.item)
                    data["answers"][item.checklist_id][item.item_id] = [
                        expected if entry is None else entry for entry in stored
                    ]
                else:
                    del data["answers"][item.checklist_id][item.item_id]
        return data

    def evaluate(self, optimistic: CompiledItem | None = None) -> Assessment | None:
        """Judge the record so far (None until its fields make it judgeable)."""
        data = self._judged_record(optimistic)
        origin = Location(str(self.draft_path or self.results))
        found = assess(
            RawRecord(data, origin, lambda path: origin.at(field=dotted(path) or None)),
            self.registry,
            checks=CHECKS,
        )
        return found if isinstance(found, Assessment) else None

    def applies(self, slot: Slot) -> bool:
        """Whether a slot is asked: fields always, items unless known not to apply."""
        if slot.item is None:
            return True
        if slot.item.checklist_id in self.carried or slot.item.item_id in failures.not_done(
            self.record, slot.item.checklist_id
        ):
            return False
        if self.assessment is None:
            return not slot.item.conditions
        return self.assessment.states.get(slot.item.qname) is not ItemState.NOT_APPLICABLE

    def pending(self) -> list[Slot]:
        """Every slot that applies (or may) and has no answer yet, in order."""
        self.assessment = self.evaluate()
        return [slot for slot in self.slots if self.applies(slot) and self.value(slot) is None]

    @property
    def draft_path(self) -> Path | None:
        """Where the draft is saved (once the SKU is known)."""
        sku = self.record.get("sku")
        return drafts.draft_path(self.results, sku) if sku else None

    def hold(self, sku: str) -> Message | None:
        """Lock the draft of ``sku`` for this run; what to tell if a dead run's lock was taken.

        UsageError naming the run that holds it (machine, process, since when): nothing of
        the draft is read or written then.
        """
        if self.lock is not None and self.lock.sku == sku:
            return None
        self.release()
        self.lock = drafts.DraftLock(self.results, sku, self.clock())
        return self.lock.taken_over()

    def release(self) -> None:
        """Let go of the draft's lock (the run ended, however it ended)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def save(self) -> None:
        """Save the draft atomically (nothing to save before the SKU is known)."""
        path = self.draft_path
        if path is not None:
            self.draft.record.setdefault("inspected_at", self.clock().isoformat())
            drafts.save(path, self.draft)

    # --- the questions as shown ------------------------------------------------------

    def question(self, slot: Slot, current: str | None) -> Question:
        """The question for a slot, where it stands among the questions that apply."""
        item = slot.item
        if item is None:
            asked = [s for s in self.slots if s.item is None]
            return q.field_question(slot, asked.index(slot) + 1, len(asked), current)
        siblings = [
            i
            for i in self.items
            if i.checklist_id == item.checklist_id and self.applies(Slot(i.qname, i))
        ]
        return q.item_question(
            slot,
            self.checklists[item.checklist_id].checklist.title,
            siblings.index(item) + 1 if item in siblings else 1,
            len(siblings),
            self.assessment,
            current,
        )

    # --- the run ------------------------------------------------------------------------

    def run(self, prompter: Prompter) -> Finished | Stopped:
        """Ask until every question that applies has an answer, then write the record."""
        say = self._teller(prompter)
        cursor: Slot | None = None
        given = self.record.get("sku")
        if given and not self.resumed:
            self._adopt(str(given), prompter)  # the SKU came with --sku or --answers
        while True:
            pending = self.pending()
            if cursor is None and (went := self._interlude(prompter)) is not False:
                if isinstance(went, Stopped):
                    return went
                cursor = went
                continue
            if not pending and cursor is None:
                return self.conclude(prompter)
            if cursor is None:
                cursor = pending[0]
            stored = self.value(cursor)
            current = self._offered(cursor, stored)
            typed = prompter.ask(self.question(cursor, current))
            command = q.normalised(typed).lower()
            if command == _HELP:
                say(Tone.INFO, self.question(cursor, current).help)
                continue
            if command == _STOP:
                return self._stop()
            if command == _BACK:
                cursor = self._back(cursor, say)
                continue
            if not typed.strip():
                if stored is not None:  # going back: Enter keeps the answer
                    cursor = None
                    continue
                if current is None:
                    say(Tone.ERROR, msg("type_an_answer"))
                    continue
                typed = current  # the value last used on this machine, accepted
            try:
                value = confirm.read(cursor, typed, self._agree(prompter))
            except ValueError as exc:
                say(Tone.ERROR, m.reason(exc))
                continue
            if value is None:
                continue  # a number the worker did not confirm: asked again
            if cursor.field == "sku" and not self._adopt(value, prompter):
                cursor = None  # the draft was taken over: on to its first open question
                continue
            self.store(cursor, value)
            self.save()
            self._decided = self._after(cursor, say)
            cursor = None

    def _agree(self, prompter: Prompter) -> confirm.Agree:
        def agree(text: Message) -> bool:
            help_text = msg("unit_confirm_help")
            return self.one_or_two("confirm", text, confirm.CHOICES, help_text, prompter)

        return agree

    def _interlude(self, prompter: Prompter) -> Slot | Stopped | Literal[False] | None:
        """Between questions: a photo step due, then a decided test's offer; False: neither.

        The answer to go back to, None (go on), or the run stopped.
        """
        if (step := evidence.due(self)) is not None:
            return self._photo(step, prompter)
        if self._decided is not None:
            failures.offer_stop(self, self._decided, prompter)
            self._decided = None
            return None
        return False

    def _offered(self, cursor: Slot, stored: object) -> str | None:
        """What Enter takes at a question: the answer stored, else this machine's last one."""
        if stored is not None:
            return q.shown(cursor, stored)
        return self.suggestions.get(cursor.field) if cursor.field in PEOPLE else None

    def _photo(self, step: evidence.Step, prompter: Prompter) -> Slot | Stopped | None:
        """A photo step; then the answer to go back to, none (go on), or the run stopped."""
        went = evidence.take(step, self, prompter)
        if went is evidence.Went.STOP:
            return self._stop()
        return step.slot if went is evidence.Went.BACK else None

    def _stop(self) -> Stopped:
        """The worker stopped (``q``): the draft saved and let go."""
        self.save()
        self.release()
        return Stopped(str(self.record.get("sku", "")), self.draft_path)

    def _teller(self, prompter: Prompter) -> Callable[[Tone, str], None]:
        def say(tone: Tone, text: str) -> None:
            prompter.tell(Notice(tone, text))

        return say

    def _back(self, cursor: Slot, say: Callable[[Tone, str], None]) -> Slot:
        """The question before ``cursor`` that applies; the SKU itself stays as it is."""
        index = self.slots.index(cursor)
        for slot in reversed(self.slots[:index]):
            if slot.field == "sku":
                if self._rescan():
                    return slot
                break
            if self.applies(slot) and self.value(slot) is not None:
                return slot
        say(Tone.WARNING, msg("cannot_go_back"))
        return cursor

    def _rescan(self) -> bool:
        """Before the first answer, back at the SKU: a wrong scan is replaced, leaving no draft.

        The SKU's draft (holding nothing but the SKU) is removed and its lock let go; a run
        that took over a saved draft, or was given answers beforehand, keeps its SKU.
        """
        if self.resumed or any(
            self.value(slot) is not None for slot in self.slots if slot.field != "sku"
        ):
            return False
        path = self.draft_path
        if path is not None:
            drafts.discard(path)
        self.record.pop("sku", None)
        self.record.pop("inspected_at", None)
        self.release()
        return True

    def _adopt(self, sku: str, prompter: Prompter) -> bool:
        """A draft of this SKU exists: continue it, or start over (the worker says which)."""
        taken = self.hold(sku)
        if taken is not None:
            prompter.tell(Notice(Tone.WARNING, taken))
        path = drafts.draft_path(self.results, sku)
        if not path.exists():
            return True
        draft = self.saved(sku, prompter)
        if draft is None:
            return True  # set aside: a new run of this SKU
        answered = draft.answered
        started = str(draft.record.get("inspected_at", "?"))
        text = msg("draft_exists", sku=sku, started=started, n=answered)
        options = (msg("continue_draft"), msg("start_over"))
        if self.one_or_two("resume", text, options, msg("draft_help"), prompter):
            for line in self.resume(draft):
                prompter.tell(Notice(Tone.WARNING, line))
            return False  # the draft's SKU is in place; ask what comes next
        drafts.discard(path)
        return True

    def saved(self, sku: str, prompter: Prompter | None) -> drafts.Draft | None:
        """The saved draft of ``sku``; a damaged one is offered to be set aside (None once it is).

        Without a prompter, or when the worker declines, the located error stands and the
        file is left as it is. The caller holds the draft's lock (``hold``).
        """
        path = drafts.draft_path(self.results, sku)
        try:
            return drafts.load(path)
        except drafts.DamagedDraft as damaged:
            if prompter is None:
                raise
            problem = in_both(damaged.problems[0].show)
            text = msg("draft_damaged", sku=sku, problem=problem)
            options = (msg("draft_start_again"), msg("draft_leave"))
            if not self.one_or_two("damaged", text, options, msg("draft_damaged_help"), prompter):
                raise
        aside = drafts.set_aside(path, self.clock())
        prompter.tell(Notice(Tone.WARNING, msg("draft_set_aside", path=str(aside))))
        return None

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
        """Ask a two-way question until 1 (True) or 2 (False) is typed (yes and no work too)."""
        while True:
            typed = prompter.ask(q.two_way(key, text, options, help_text, section))
            choice = q.normalised(typed).lower()
            if choice in ("1", "y", "yes", "是"):
                return True
            if choice in ("2", "n", "no", "否"):
                return False
            prompter.tell(Notice(Tone.ERROR, msg("type_1_or_2")))

    def resume(self, draft: drafts.Draft) -> list[Message]:
        """Take over a saved draft; say which answers a changed checklist made void.

        Answers to items whose content is unchanged (by item id) are kept; the others are
        dropped and asked again. A checklist of the draft this run was not started with
        (``--only``) is carried: its answers are kept and judged, its questions not asked.
        """
        said: list[Message] = []
        taken = self.hold(draft.sku)
        if taken is not None:
            said.append(taken)
        carried = [name for name in draft.checklists if name not in self.checklists]
        found = [self.registry.latest(name) for name in carried]
        lost = [name for name, compiled in zip(carried, found, strict=True) if compiled is None]
        if lost:
            where = Location(str(drafts.draft_path(self.results, draft.sku)))
            raise UsageError(
                [Problem(where, msg("draft_checklist_gone", checklists=", ".join(lost)))]
            )
        self._use([*self.checklists.values(), *(c for c in found if c is not None)])
        self.carried = set(carried)
        said += drafts.drop_changed(draft, self.checklists)
        self.draft = self._draft(draft.record)
        unread = [slot for slot in self.slots if not self._readable(slot)]
        for slot in unread:
            self._forget(slot)
        if unread:
            keys = ", ".join(slot.key for slot in unread)
            said.append(msg("draft_unread_answers", keys=keys))
        self.resumed = True
        self.save()
        return said

    def _readable(self, slot: Slot) -> bool:
        """Whether a slot's saved answer reads as its question's answer (or there is none)."""
        stored = self.value(slot)
        try:
            return stored is None or q.read(slot, str(stored)) is not None
        except ValueError:
            return False

    def _forget(self, slot: Slot) -> None:
        """Remove a slot's saved answer, so that it is asked again."""
        if slot.item is None:
            assert slot.field is not None
            head, _, name = slot.field.partition(".")
            holder = self.record.get(head) if name else self.record
            if isinstance(holder, dict):
                holder.pop(name or head, None)
        elif slot.entry is None:
            self.record["answers"].get(slot.item.checklist_id, {}).pop(slot.item.item_id, None)
        else:
            self.store(slot, None)

    def _after(self, slot: Slot, say: Callable[[Tone, str], None]) -> CompiledItem | None:
        """After an answer: drop answers that no longer apply, and show a FAIL at once.

        The item whose FAIL was told now (its checklist is decided), or None.
        """
        assessment = self.evaluate()
        if assessment is None:
            return None
        dropped = []
        for item in self.items:
            if assessment.states.get(item.qname) is ItemState.NOT_APPLICABLE:
                given = self.record["answers"].get(item.checklist_id, {})
                if given.pop(item.item_id, None) is not None:
                    dropped.append(item)
                    self.announced.discard(item.qname)
        if dropped:
            self.save()
            say(Tone.WARNING, q.dropped(dropped))
        if slot.item is None:
            return None
        item = slot.item
        partial: Message | None = None
        if slot.entry is not None:
            stored = self.record["answers"].get(item.checklist_id, {}).get(item.item_id)
            if isinstance(stored, list) and None in stored:
                assessment = self.evaluate(optimistic=item) or assessment
                partial = q.so_far(item, stored)
        failure = assessment.failure(item)
        if failure is None:
            self.announced.discard(item.qname)
            return None
        if item.qname in self.announced:
            return None
        self.announced.add(item.qname)
        say(Tone.FAIL, q.failing(item, failure, partial))
        return item

    # --- the end ------------------------------------------------------------------------

    def conclude(self, prompter: Prompter | None = None) -> Finished | Stopped:
        """Finish, unless a checklist carried from the draft still has questions open.

        Those stay in the draft for a later ``--resume``, with every answer given: a record
        written without them would drop them.
        """
        assessment = self.evaluate()
        still = [
            slot.item.checklist_id
            for slot in self.slots
            if slot.item is not None
            and slot.item.checklist_id in self.carried
            and self.value(slot) is None
            and (
                assessment is None
                or assessment.states.get(slot.item.qname) is not ItemState.NOT_APPLICABLE
            )
        ]
        if not still:
            return self.finish(prompter)
        self.save()
        self.release()
        if prompter is not None:
            names = ", ".join(dict.fromkeys(still))
            prompter.tell(Notice(Tone.WARNING, msg("carried_open", checklists=names)))
        return Stopped(str(self.record.get("sku", "")), self.draft_path)

    def finish(self, prompter: Prompter | None = None) -> Finished:
        """Write the record, judge the file as ``validate`` would, show the summary."""
        record = self._judged_record()
        taken = self.hold(str(record["sku"]))
        if taken is not None and prompter is not None:
            prompter.tell(Notice(Tone.WARNING, taken))
        record["finished_at"] = self.clock().isoformat()
        path = record_path(self.results, str(record["sku"]), self.clock())
        atomic_write(path, record_yaml(record, self.items))
        [source] = list(read_records([path], self.registry))
        result = (
            judge(source, self.registry, checks=CHECKS, explain=True)
            if isinstance(source, RawRecord)
            else SkuResult(Verdict.INVALID, source.location, problems=(source,))
        )
        draft = self.draft_path
        if draft is not None:
            drafts.discard(draft)
        self.release()
        if prompter is not None:
            self._summary(prompter, result, path)
        return Finished(result, path)

    def _summary(self, prompter: Prompter, result: SkuResult, path: Path) -> None:
        table, told = q.summary(result, path)
        prompter.table(table)
        for notice in [*failures.what_to_fix(result, self.items), *told]:
            prompter.tell(notice)

    # --- answers given beforehand -------------------------------------------------------

    def missing(self) -> list[Message]:
        """What is still to be answered, one line each: for a run with no terminal."""
        lines: list[Message] = []
        seen: set[str] = set()
        for slot in self.pending():
            if slot.item is None or slot.item.qname not in seen:
                if slot.item is not None:
                    seen.add(slot.item.qname)
                lines.append(q.missing(slot))
        return lines
