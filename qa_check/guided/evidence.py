"""The photo step of the guided run: an answer whose item asks for evidence gets a photo.

Which answers need one is checklist data (an item's ``evidence``). The step comes right after
the answer, and again at the end for any still owed (a run stopped at it and resumed). The
worker types or drops a file's path, presses Enter to take the photos new in ``--photos DIR``
since the step was shown, or skips with ``s`` and a reason the record keeps. Photos are copied
beside the record, ``photos/SKU/…``, with a caption, so that its certificate prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from qa_check.certificates import photos
from qa_check.core.messages import Message, in_lang, msg
from qa_check.engine import models as m
from qa_check.engine.checklists import CompiledChecklist
from qa_check.engine.judge import check_field
from qa_check.files.fileio import safe_stem
from qa_check.guided import photo_intake
from qa_check.guided import questions as q
from qa_check.guided.prompter import Notice, Prompter, Question, Tone
from qa_check.guided.questions import Slot

PHOTO_FOLDER = "photos"
"""Where a run copies its photos, in the results folder beside the records: ``photos/SKU/``."""
_BACK, _HELP, _STOP, _SKIP = "b", "?", "q", "s"


class Session(Protocol):
    """What a photo step needs of the run: its questions, the record, where it is kept."""

    slots: list[Slot]
    checklists: dict[str, CompiledChecklist]
    results: Path
    lang: str
    photos_from: Path | None

    @property
    def record(self) -> dict[str, Any]:
        """The record so far, photos among it."""
        ...

    def applies(self, slot: Slot) -> bool:
        """Whether the slot's question is asked."""
        ...

    def value(self, slot: Slot) -> Any:
        """The slot's answer, or None."""
        ...

    def save(self) -> None:
        """Save the draft."""
        ...


class Went(Enum):
    """How a photo step ended."""

    DONE = "done"
    """A photo was added, or the step skipped with a reason."""
    BACK = "back"
    """The worker went back to the answer."""
    STOP = "stop"
    """The worker stopped the run (``q``)."""


@dataclass(frozen=True, slots=True)
class Step:
    """A photo owed for one answer (an item, or one entry of a series)."""

    slot: Slot
    evidence: m.Evidence

    @property
    def key(self) -> str:
        """The answer it is for, as the record's ``photos_skipped`` names it."""
        return self.slot.key

    def stem(self, sku: str) -> str:
        """The start of its photos' names, relative to the results folder."""
        named = self.slot.key.replace("#", ".")  # ids hold no ".": never another step's name
        return f"{PHOTO_FOLDER}/{safe_stem(sku)}/{named}-"


def due(session: Session) -> Step | None:
    """The first photo owed: an answer given that its item's evidence asks a photo for."""
    sku = str(session.record.get("sku") or "")
    for slot in session.slots:
        item = slot.item
        if item is None or item.item.evidence is None or not session.applies(slot):
            continue
        value = session.value(slot)
        wanted = item.item.evidence.if_answer
        if value is None or (wanted is not None and str(value) not in wanted):
            continue
        step = Step(slot, item.item.evidence)
        if not _taken(session, step, sku):
            return step
    return None


def _taken(session: Session, step: Step, sku: str) -> bool:
    """Whether the step has its photo, or was skipped with a reason."""
    start = step.stem(sku)
    for photo in session.record.get("photos") or []:
        name = photo.get("file") if isinstance(photo, dict) else photo
        if isinstance(name, str) and name.startswith(start):
            return True
    skipped = session.record.get("photos_skipped") or []
    return any(isinstance(entry, dict) and entry.get("step") == step.key for entry in skipped)


def take(step: Step, session: Session, prompter: Prompter) -> Went:
    """Ask for the step's photo until one is added or the step is skipped (or left)."""
    folder = session.photos_from
    before = photo_intake.snapshot(folder)
    while True:
        typed = prompter.ask(_question(step, session, folder))
        command = q.normalised(typed).lower()
        if command == _HELP:
            prompter.tell(Notice(Tone.INFO, _help(folder)))
            continue
        if command in (_STOP, _BACK):
            return Went.STOP if command == _STOP else Went.BACK
        if command == _SKIP:
            went = _skipped(step, session, prompter)
            if went is not None:
                return went
            continue
        sources = _sources(typed, folder, before, prompter)
        if folder is not None and not typed.strip():
            before = photo_intake.snapshot(folder)  # a photo refused is not offered again
        if sources and _added(step, session, sources, prompter):
            return Went.DONE


def _question(step: Step, session: Session, folder: Path | None) -> Question:
    """The photo step, shown under the item it is for."""
    item = step.slot.item
    assert item is not None
    title = session.checklists[item.checklist_id].checklist.title
    how = msg("evidence_how_folder", folder=str(folder)) if folder else msg("evidence_how")
    return Question(
        f"photo:{step.key}",
        q.both(title),
        msg("evidence_position", item=_answer_name(step)),
        item.item.rule,
        msg("evidence_ask", what=q.both(step.evidence.photo)) + "\n" + how,
        None,
        (),
        None,
        None,
        _help(folder),
    )


def _help(folder: Path | None) -> Message:
    return msg("evidence_help_folder", folder=str(folder)) if folder else msg("evidence_help")


def _answer_name(step: Step) -> Message:
    """The answer a photo is for, as the worker and the caption name it: ``Drops 5``."""
    item = step.slot.item
    assert item is not None
    name = q.both(item.item.label or item.item.prompt)
    return name if step.slot.entry is None else name + f" #{step.slot.entry + 1}"


def _sources(
    typed: str, folder: Path | None, before: photo_intake.Snapshot, prompter: Prompter
) -> list[Path]:
    """The files the worker gave: the paths typed, or with Enter the new ones in the folder."""
    if typed.strip():
        try:
            return photo_intake.typed_paths(typed)
        except ValueError:
            prompter.tell(Notice(Tone.ERROR, msg("evidence_path_unread", typed=typed.strip())))
            return []
    if folder is None:
        prompter.tell(Notice(Tone.ERROR, msg("evidence_no_folder")))
        return []
    fresh = photo_intake.new_since(folder, before)
    if not fresh:
        prompter.tell(Notice(Tone.ERROR, msg("evidence_none_new", folder=str(folder))))
    return fresh


def _added(step: Step, session: Session, sources: list[Path], prompter: Prompter) -> bool:
    """Copy ``sources`` beside the record as the step's photos; whether any was added."""
    record = session.record
    listed = record.setdefault("photos", [])
    many = photos.too_many(len(listed) + len(sources))
    if many is not None:
        prompter.tell(Notice(Tone.ERROR, many + msg("evidence_skip_instead")))
        return False
    sku = str(record.get("sku") or "")
    captioned = msg("evidence_caption", what=q.both(step.evidence.photo), item=_answer_name(step))
    caption = in_lang(captioned, session.lang)[:200]
    added = 0
    for source in sources:
        number = len(listed) + 1
        copied = photo_intake.copy_beside(source, session.results, f"{step.stem(sku)}{number}")
        if isinstance(copied, Message):
            prompter.tell(Notice(Tone.ERROR, copied))
            continue
        listed.append({"file": copied.name, "caption": caption})
        added += 1
        prompter.tell(Notice(Tone.PASS, msg("evidence_saved", path=copied.name)))
    if added:
        session.save()
    elif not listed:
        del record["photos"]
    return added > 0


def _skipped(step: Step, session: Session, prompter: Prompter) -> Went | None:
    """Ask why there is no photo and keep the reason; None: back to the photo (``b``)."""
    question = Question(
        f"photo-skip:{step.key}",
        msg("evidence_section"),
        msg("evidence_position", item=_answer_name(step)),
        None,
        msg("evidence_why"),
        None,
        (),
        None,
        None,
        msg("evidence_why_help"),
    )
    while True:
        typed = prompter.ask(question).strip()
        command = q.normalised(typed).lower()
        if command in (_BACK, _STOP):
            return None if command == _BACK else Went.STOP
        if command == _HELP:
            prompter.tell(Notice(Tone.INFO, question.help))
            continue
        if not typed:
            prompter.tell(Notice(Tone.ERROR, msg("evidence_why_needed")))
            continue
        try:
            reason = check_field(m.SkippedPhoto, "reason", typed)
        except ValueError as exc:
            prompter.tell(Notice(Tone.ERROR, m.reason(exc)))
            continue
        session.record.setdefault("photos_skipped", []).append({"step": step.key, "reason": reason})
        session.save()
        return Went.DONE
