"""Drafts: a guided run saved after every answer, so that nothing typed is lost.

A draft lives in ``RESULTS/.drafts/SKU.draft``: a hidden folder and a suffix that no record
reader takes, so ``validate`` and ``certify`` never mistake it for a record. It remembers the
checklists it was started with (version and content hashes) so that a resumed run can tell
which answers still hold when a checklist changed meanwhile.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_check.checklists import CompiledChecklist, content_hash
from qa_check.errors import Location, Problem, UsageError
from qa_check.fileio import atomic_write, read_regular, safe_stem

FORMAT_ID = "qa-check/draft@1"
DRAFT_FOLDER = ".drafts"
DRAFT_SUFFIX = ".draft"
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

    @property
    def sku(self) -> str:
        """The SKU the draft is for."""
        return str(self.record.get("sku", ""))

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
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def fingerprint(compiled: CompiledChecklist) -> dict[str, Any]:
    """A checklist's version, content hash and each item's hash.

    An item's hash covers its content and the values of the settings it uses, so that an
    answer judged against a drop height of 1.2 m is asked again when the height becomes 1.5 m.
    """
    items = compiled.data.get("items", [])
    settings = compiled.checklist.settings
    return {
        "version": compiled.checklist.version,
        "hash": content_hash(compiled.data),
        "items": {
            str(item.get("id")): content_hash(
                {"item": item, "settings": {name: settings.get(name) for name in _uses(item)}}
            )
            for item in items
            if isinstance(item, dict)
        },
    }


def _uses(data: object) -> list[str]:
    """The settings an item's data refers to (``{setting: NAME}`` anywhere in it)."""
    if isinstance(data, dict):
        found = [str(data["setting"])] if isinstance(data.get("setting"), str) else []
        return found + [name for value in data.values() for name in _uses(value)]
    if isinstance(data, list):
        return [name for value in data for name in _uses(value)]
    return []


def draft_path(results: Path, sku: str) -> Path:
    """Where the draft of a SKU is kept; a plain file name whatever the SKU holds."""
    return results / DRAFT_FOLDER / f"{safe_stem(sku)}{DRAFT_SUFFIX}"


def save(path: Path, draft: Draft) -> None:
    """Write the draft atomically: a crash leaves the previous draft or this one, whole."""
    atomic_write(path, draft.to_json())


def load(path: Path) -> Draft:
    """Read a draft; UsageError (located) when it is missing or damaged."""
    where = Location(str(path))
    try:
        document = json.loads(read_regular(path, MAX_DRAFT_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise UsageError([Problem(where, "no draft here")]) from None
    except (OSError, ValueError) as exc:
        raise UsageError([Problem(where, f"the draft cannot be read: {exc}")]) from None
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT_ID
        or not isinstance(document.get("record"), dict)
        or not isinstance(document.get("checklists"), dict)
    ):
        raise UsageError([Problem(where, "not a qa-check draft")])
    return Draft(document["record"], str(document.get("lang", "en")), document["checklists"])


def discard(path: Path) -> None:
    """Remove a draft once its record is written (or the worker starts over)."""
    path.unlink(missing_ok=True)
