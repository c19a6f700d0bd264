"""Drafts: a guided run saved after every answer, so that nothing typed is lost.

A draft lives in ``RESULTS/.drafts/SKU.draft``: a hidden folder and a suffix that no record
reader takes, so ``validate`` and ``certify`` never mistake it for a record. It remembers the
checklists it was started with (version and content hashes) so that a resumed run can tell
which answers still hold when a checklist changed meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from qa_check.core.errors import Location, Problem, UsageError, dotted
from qa_check.core.messages import LANGUAGES, Message, msg, printable
from qa_check.engine.checklists import CompiledChecklist, content_hash
from qa_check.engine.models import PARTY_FIELDS
from qa_check.files.fileio import atomic_write, cannot_write, os_reason, read_regular, safe_stem
from qa_check.files.lock import FolderLock

FORMAT_ID = "qa-check/draft@1"
DRAFT_FOLDER = ".drafts"
DRAFT_SUFFIX = ".draft"
LOCK_SUFFIX = ".lock"
MAX_DRAFT_BYTES = 10 * 1024 * 1024
"""A draft holds one record: one larger than a record file may be is no draft (json refuses
the cut text it reads)."""


@dataclass
class Draft:
    """A run in progress: the record so far and what its answers were given against."""

    record: dict[str, Any]
    """The record being built, in the shape ``validate`` reads; a series may be partial."""
    lang: str
    checklists: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Checklist id -> {"version", "hash", "items": {item id: hash}} as started."""
    options: dict[str, Any] = field(default_factory=dict)
    """How the run was started (``--only``, ``--certify``, ``--out``, keys ...), so that a
    resume goes on as it began; see ``RUN_OPTIONS``. Drafts of earlier versions have none."""

    @property
    def sku(self) -> str:
        """The SKU the draft is for."""
        return str(self.record.get("sku", ""))

    @property
    def answered(self) -> int:
        """How many checklist answers it holds (a series counts each entry given)."""
        count = 0
        for given in (self.record.get("answers") or {}).values():
            for value in given.values() if isinstance(given, dict) else ():
                entries = value if isinstance(value, list) else [value]
                count += sum(1 for entry in entries if entry is not None)
        return count

    def remember(self, compiled: CompiledChecklist) -> None:
        """Note the checklist version and content the answers are being given against."""
        self.checklists[compiled.checklist.id] = fingerprint(compiled)

    def to_json(self) -> str:
        """The draft file's text."""
        document = {
            "format": FORMAT_ID,
            "lang": self.lang,
            "checklists": self.checklists,
            "record": self.record,
        }
        if self.options:
            document["run"] = self.options
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def fingerprint(compiled: CompiledChecklist) -> dict[str, Any]:
    """A checklist's version, content hash and each item's hash.

    An item's hash covers its content and the values of the settings it uses, so that an
    answer judged against a drop height of 1.2 m is asked again when the height becomes 1.5 m;
    not the photo it asks for or its usual range, which change no answer.
    """
    items = compiled.data.get("items", [])
    settings = compiled.checklist.settings
    return {
        "version": compiled.checklist.version,
        "hash": content_hash(compiled.data),
        "items": {
            str(item.get("id")): content_hash(
                {
                    "item": _answered(item),
                    "settings": {name: settings.get(name) for name in _uses(item)},
                }
            )
            for item in items
            if isinstance(item, dict)
        },
    }


_NOT_ANSWERED = frozenset({"evidence", "quantity", "plausible", "positions"})
"""An item's data that changes no answer: the photo it asks for, the range that only warns,
the ISTA positions that name the drops."""


def _answered(data: object) -> object:
    """``data`` without what changes no answer, so that adding it asks nothing again."""
    if isinstance(data, dict):
        return {k: _answered(v) for k, v in data.items() if k not in _NOT_ANSWERED}
    if isinstance(data, list):
        return [_answered(value) for value in data]
    return data


def _uses(data: object) -> list[str]:
    """The settings an item's data refers to (``{setting: NAME}`` anywhere in it)."""
    if isinstance(data, dict):
        found = [str(data["setting"])] if isinstance(data.get("setting"), str) else []
        return found + [name for value in data.values() for name in _uses(value)]
    if isinstance(data, list):
        return [name for value in data for name in _uses(value)]
    return []


def drop_changed(draft: Draft, checklists: Mapping[str, CompiledChecklist]) -> list[Message]:
    """Drop the answers a changed checklist made void, and those of checklists not in the run.

    An answer stays when its item's content (and the settings it uses) is as the draft
    remembers it; one line each is returned for every checklist that changed.
    """
    answers = draft.record.setdefault("answers", {})
    said: list[Message] = []
    for checklist_id, compiled in checklists.items():
        then = draft.checklists.get(checklist_id)
        now = fingerprint(compiled)
        given = answers.get(checklist_id, {})
        if then is None or then.get("hash") == now["hash"]:
            continue
        dropped = [
            item_id
            for item_id in list(given)
            if then.get("items", {}).get(item_id) != now["items"].get(item_id)
        ]
        for item_id in dropped:
            del given[item_id]
        said.append(
            msg(
                "checklist_changed",
                before=f"{checklist_id}@{then.get('version')}",
                after=compiled.checklist.key,
                kept=len(given),
                dropped=", ".join(dropped) or "-",
            )
        )
    draft.record["answers"] = {
        checklist_id: given for checklist_id, given in answers.items() if checklist_id in checklists
    }
    return said


def draft_path(results: Path, sku: str) -> Path:
    """Where the draft of a SKU is kept; a plain file name whatever the SKU holds."""
    return results / DRAFT_FOLDER / f"{safe_stem(sku)}{DRAFT_SUFFIX}"


class DraftLock(FolderLock):
    """One run per draft: held from when a run knows its SKU until it ends.

    The lock file (``SKU.lock`` beside the draft) says which machine, process and since when,
    so that a second run of the SKU can say who has it; the system lets go of it when its
    holder ends however it ends, and the file such a holder leaves is taken over.
    """

    def __init__(self, results: Path, sku: str, since: datetime) -> None:
        """Take the lock of ``sku``'s draft; UsageError naming the holder when another has it."""
        self.sku = sku
        self.since = since
        self.draft = draft_path(results, sku)
        with contextlib.suppress(OSError):  # taking the lock below says why, if it fails
            self.draft.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(self.draft.parent, self.draft.with_suffix(LOCK_SUFFIX).name)

    def _stamp(self) -> bytes:
        holder = {"host": socket.gethostname(), "pid": os.getpid(), "since": self.since.isoformat()}
        return (json.dumps(holder, ensure_ascii=False) + "\n").encode("utf-8")

    def _refusal(self, folder: Path, holder: str) -> Problem:
        return Problem(
            Location(str(self.draft)), msg("draft_locked", sku=self.sku, **_holder(holder))
        )

    def taken_over(self) -> Message | None:
        """What to tell when the lock was left by a run that ended without letting go."""
        if not self.previous:
            return None
        left = _holder(self.previous)
        if (left["host"], left["pid"]) == (socket.gethostname(), str(os.getpid())):
            return None  # this process's own, from an earlier run in it
        return msg("draft_lock_taken_over", sku=self.sku, **left)


def _holder(text: str) -> dict[str, str]:
    """Host, process id and start time from a lock file's text; ``?`` for what it lacks."""
    try:
        found = json.loads(text)
    except ValueError:
        found = {}
    found = found if isinstance(found, dict) else {}
    return {key: printable(str(found.get(key, "?"))) for key in ("host", "pid", "since")}


def save(path: Path, draft: Draft) -> None:
    """Write the draft atomically: a crash leaves the previous draft or this one, whole."""
    atomic_write(path, draft.to_json())


class DamagedDraft(UsageError):
    """A draft that is there but cannot be used as one: a run offers to set it aside."""


RUN_OPTIONS: dict[str, type] = {
    "lang": str,
    "only": list,
    "certify": bool,
    "out": str,
    "config": str,
    "keys": str,
    "sign": bool,
    "checklists": list,
}
"""The options a draft keeps of the run that started it, and the JSON type of each."""

TEXT_FIELDS = ("sku", "product_name", *PARTY_FIELDS, "inspector", "site", "inspected_at")
"""The record fields a draft holds as text (every answer is kept as the text it reads as)."""


def load(path: Path) -> Draft:
    """Read a draft; UsageError when it is missing, DamagedDraft (located) when damaged.

    Every part a run reads is checked for its shape here, so that a hand-edited or cut
    draft is one located error, never a crash deep in the run.
    """
    where = Location(str(path))
    try:
        document = json.loads(read_regular(path, MAX_DRAFT_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise UsageError([Problem(where, "no draft here")]) from None
    except (OSError, ValueError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        raise DamagedDraft([Problem(where, msg("draft_unreadable", reason=reason))]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_ID:
        raise DamagedDraft([Problem(where, msg("draft_not_a_draft"))])
    damaged = _damaged(document)
    if damaged is not None:
        field_path, expected = damaged
        problem = msg("draft_damaged_part", expected=msg(expected))
        raise DamagedDraft([Problem(where.at(field=dotted(field_path)), problem)])
    return Draft(
        document["record"],
        document.get("lang", "en"),
        document["checklists"],
        document.get("run", {}),
    )


_Found = tuple[tuple[str | int, ...], str] | None
"""Where a draft is damaged and the catalogue key of what belongs there; None when whole."""


def _damaged(document: dict[str, Any]) -> _Found:
    if document.get("lang", "en") not in LANGUAGES:
        return ("lang",), "draft_expected_lang"
    checklists = document.get("checklists")
    if not isinstance(checklists, dict):
        return ("checklists",), "draft_expected_mapping"
    for name, remembered in checklists.items():
        items = remembered.get("items") if isinstance(remembered, dict) else None
        if not (
            isinstance(remembered, dict)
            and isinstance(remembered.get("version"), str)
            and isinstance(remembered.get("hash"), str)
            and _texts(items)
        ):
            return ("checklists", name), "draft_expected_fingerprint"
    options = document.get("run", {})
    if not isinstance(options, dict):
        return ("run",), "draft_expected_mapping"
    for name, value in options.items():
        kind = RUN_OPTIONS.get(name)
        if kind is None or not isinstance(value, kind) or (kind is list and not _all_text(value)):
            return ("run", name), "resume_expected_option"
    record = document.get("record")
    if not isinstance(record, dict):
        return ("record",), "draft_expected_mapping"
    for name in TEXT_FIELDS:
        if not isinstance(record.get(name, ""), str):
            return ("record", name), "draft_expected_text"
    for name in ("product", "checklists"):
        if not _texts(record.get(name, {})):
            return ("record", name), "draft_expected_texts"
    answers = record.get("answers", {})
    if not isinstance(answers, dict):
        return ("record", "answers"), "draft_expected_mapping"
    for name, given in answers.items():
        if not isinstance(given, dict):
            return ("record", "answers", name), "draft_expected_mapping"
        for item, value in given.items():
            entries = value if isinstance(value, list) else [value]
            if not all(entry is None or isinstance(entry, str) for entry in entries):
                return ("record", "answers", name, item), "draft_expected_answer"
    return None


def _all_text(values: object) -> bool:
    return isinstance(values, list) and all(isinstance(value, str) for value in values)


def _texts(value: object) -> bool:
    """Whether ``value`` is a mapping of text to text."""
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def set_aside(path: Path, moment: datetime) -> Path:
    """Rename a damaged draft out of the way, kept for a person to look at; its new path."""
    stamp = f"{path.name}.damaged-{moment.year:04d}{moment:%m%d-%H%M%S}"
    aside = path.with_name(stamp)
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{stamp}-{number}")
    try:
        path.rename(aside)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    return aside


def saved_drafts(results: Path) -> list[Path]:
    """The draft files in ``results``, by name (the hidden folder a run keeps them in)."""
    folder = results / DRAFT_FOLDER
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob(f"*{DRAFT_SUFFIX}") if path.is_file())


def discard(path: Path) -> None:
    """Remove a draft once its record is written (or the worker starts over)."""
    path.unlink(missing_ok=True)
