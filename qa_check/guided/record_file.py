"""The record file a guided run writes: the YAML ``validate`` reads, under a name never reused.

Answers are kept as text while the run is on (as typed, in the draft); here they become what
a person would have written by hand: numbers as numbers, yes/no as plain words.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from qa_check.engine import models as m
from qa_check.engine.checklists import CompiledItem
from qa_check.files.fileio import safe_stem

RECORD_ORDER = (
    "sku",
    "product_name",
    *m.PARTY_FIELDS,
    "product",
    "inspector",
    "site",
    "inspected_at",
    "finished_at",
    "checklists",
    "answers",
    "not_done",
    "photos",
    "photos_skipped",
)


def record_path(results: Path, sku: str, moment: datetime) -> Path:
    """``SKU_YYYYMMDD-HHMMSS.yaml`` in the results folder, never replacing another record."""
    when = f"{moment.year:04d}{moment:%m%d-%H%M%S}"  # %Y is not zero-padded before year 1000
    stem = f"{safe_stem(sku)}_{when}"
    path = results / f"{stem}.yaml"
    number = 1
    while path.exists():
        number += 1
        path = results / f"{stem}-{number}.yaml"
    return path


def record_yaml(record: dict[str, Any], items: list[CompiledItem]) -> str:
    """The record as YAML that ``validate`` reads: numbers as numbers, yes/no as words."""
    kinds = {item.qname: item.item.answer for item in items}
    answers: dict[str, dict[str, Any]] = {}
    for checklist_id, given in record.get("answers", {}).items():
        answers[checklist_id] = {
            item_id: _plain(value, kinds.get(f"{checklist_id}.{item_id}"))
            for item_id, value in given.items()
        }
    product = {
        name: (float(value) if name != "electrical" else _Word(value))
        for name, value in record.get("product", {}).items()
    }
    document = {name: record[name] for name in RECORD_ORDER if name in record}
    document["checklists"] = {
        key: int(version) if version.isdigit() else version
        for key, version in record.get("checklists", {}).items()
    }
    document.update(product=_tidy(product), answers=answers)
    head = "# Recorded with `qa-check run`; check it with `qa-check validate FILE`.\n"
    return head + yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )


class _Word(str):
    """``yes`` / ``no`` written plain: the reader takes them as typed, as people write them."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Word, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:bool", str(value))
)


def _plain(value: Any, answer: object) -> Any:
    spec = answer.entry if isinstance(answer, m.SeriesAnswer) else answer
    if isinstance(value, list):
        return [_plain(entry, spec) for entry in value]
    if isinstance(spec, m.YesNoAnswer) and value in ("yes", "no"):
        return _Word(value)
    if isinstance(spec, m.NumberAnswer) and isinstance(value, str):
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


def _tidy(numbers: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (int(value) if isinstance(value, float) and value.is_integer() else value)
        for key, value in numbers.items()
    }
