"""Blank forms for staff: a CSV sheet and a commented YAML skeleton for chosen checklists."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from qa_check.engine import models as m
from qa_check.engine.checklists import CompiledChecklist, CompiledItem, question_order
from qa_check.records.columns import checklist_cell_for, csv_columns_for

_FIELD_NOTES = {
    "sku": "SKU code as listed",
    "product_name": "any language, e.g. 无线蓝牙耳机 Wireless Earbuds",
    "applicant": "optional: the seller the certificate is issued for",
    "brand": "optional: brand as on the product",
    "model": "optional: model number as on the product",
    "inspector": "who did the checks",
    "site": "warehouse or lab",
    "inspected_at": "date, time and zone, e.g. 2026-11-20T10:15:00+08:00",
}
_PRODUCT_NOTES = {
    "electrical": "yes / no",
    "gross_weight_kg": "packed weight, kg",
    "length_cm": "package length, cm",
    "width_cm": "package width, cm",
    "height_cm": "package height, cm",
}
_COMMENT_WIDTH = 100
"""Choices that do not fit a comment line this long are listed one a line."""


def in_inspection_order(checklists: Sequence[CompiledChecklist]) -> list[CompiledChecklist]:
    """The checklists in the order an inspection takes them (their ``order``, then as given)."""
    return sorted(checklists, key=lambda compiled: compiled.checklist.order)


def _asked(checklists: Sequence[CompiledChecklist]) -> list[CompiledItem]:
    """Every item in the order ``qa-check run`` asks it, so that a form is filled as it goes.

    An item that refers to another checklist's item comes after it, whatever the checklists'
    ``order``. Items in a cycle (which loading refuses) would come last.
    """
    asked, in_a_cycle = question_order(checklists)
    return asked + in_a_cycle


def csv_template(checklists: Sequence[CompiledChecklist]) -> str:
    """A results sheet: the header, then a first row with only its ``checklists`` cell filled.

    Staff fill that row in for one SKU and copy it down for the next, so that nobody types
    checklist versions. Left as it is, the row is a record with nothing answered: INVALID. It
    starts with a byte-order mark, as every CSV qa-check writes.
    """
    header = csv_columns_for(checklists)
    named = checklist_cell_for(in_inspection_order(checklists))
    first_row = [named if column == "checklists" else "" for column in header]
    sheet = io.StringIO("\ufeff")  # the byte-order mark: Excel then reads it as UTF-8
    sheet.seek(0, io.SEEK_END)
    csv.writer(sheet, lineterminator="\r\n").writerows([header, first_row])
    return sheet.getvalue()


def yaml_template(checklists: Sequence[CompiledChecklist]) -> str:
    """A record with every field empty and each question, rule and allowed answer as comments.

    Each checklist's items come in the order they are asked, under the checklist's id.
    """
    asked = _asked(checklists)
    checklists = in_inspection_order(checklists)
    lines = [
        "# yaml-language-server: $schema=../schemas/record.schema.json",
        "# qa-check result record: fill every empty value, then run `qa-check validate FILE`.",
    ]
    for name in ("sku", "product_name", *m.PARTY_FIELDS):
        lines.append(f"{name}:  # {_FIELD_NOTES[name]}")
    lines.append("product:")
    lines += [f"  {name}:  # {note}" for name, note in _PRODUCT_NOTES.items()]
    for name in ("inspector", "site", "inspected_at"):
        lines.append(f"{name}:  # {_FIELD_NOTES[name]}")
    lines.append("checklists:")
    lines += [f'  {c.checklist.id}: "{c.checklist.version}"' for c in checklists]
    lines.append("answers:")
    for compiled in checklists:
        lines.append(f"  {compiled.checklist.id}:")
        for item in asked:
            if item.checklist_id == compiled.checklist.id:
                lines += _item_lines(item.item)
    lines.append(
        "photos: []  # optional, files beside this record:"
        " [photos/a.jpg, {file: photos/b.jpg, caption: what it shows}]"
    )
    return "\n".join(lines) + "\n"


def _item_lines(item: m.Item) -> list[str]:
    lines = [f"    # {item.rule} {item.prompt.en} / {item.prompt.zh}"]
    if item.when:
        tests = "; ".join(_describe(condition) for condition in item.when)
        lines.append(f"    # only when {tests}")
    answer = item.answer
    if isinstance(answer, m.SeriesAnswer):
        lines += _allowed_lines("each entry", answer.entry)
        lines.append(f"    {item.id}:")
        for number, label in enumerate(answer.labels, start=1):
            lines.append(f"      -   # {number} {label}")
        return lines
    if isinstance(item.criterion, m.SameAsField):
        field = item.criterion.same_as_field
        lines.append(f"    # answer: scan or type it: must read exactly as the record's {field}")
    else:
        lines += _allowed_lines("answer", answer)
    lines.append(f"    {item.id}:")
    return lines


def _allowed_lines(
    what: str, answer: m.YesNoAnswer | m.ChoiceAnswer | m.NumberAnswer | m.TextAnswer
) -> list[str]:
    """What to write, as comments: a choice's codes each with its labels, which say what it is."""
    if not isinstance(answer, m.ChoiceAnswer):
        return [f"    # {what}: {_allowed(answer)}"]
    choices = [f"{option.value} ({option.en} / {option.zh})" for option in answer.choices]
    line = f"    # {what}: {' / '.join(choices)}"
    if len(line) <= _COMMENT_WIDTH:
        return [line]
    return [f"    # {what}, one of:", *(f"    #   {choice}" for choice in choices)]


def _allowed(answer: m.YesNoAnswer | m.NumberAnswer | m.TextAnswer) -> str:
    if isinstance(answer, m.YesNoAnswer):
        return "yes / no"
    if isinstance(answer, m.NumberAnswer):
        return f"a number in {answer.unit}"
    return "text"


def _describe(condition: m.Condition) -> str:
    subject = condition.attribute or condition.answer
    if condition.equals is not None:
        return f"{subject} is {condition.equals}"
    if condition.one_of is not None:
        return f"{subject} is one of {', '.join(condition.one_of)}"
    if condition.below is not None:
        return f"{subject} is below {condition.below:g}"
    return f"{subject} is at least {condition.at_least:g}"
