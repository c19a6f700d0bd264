"""The columns of a records sheet (CSV or workbook) and how a row of cells becomes a record.

Shared by the CSV reader (``read``), the workbook reader (``workbook``) and the blank forms
(``template``, ``workbook_template``), so that every sheet a manager fills has one layout.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from qa_check.core.errors import Location, Problem
from qa_check.core.messages import Message, msg
from qa_check.engine import models as m
from qa_check.engine.checklists import CompiledChecklist, CompiledItem, Registry, question_order
from qa_check.files.safe_yaml import Path_

PRODUCT_COLUMNS = tuple(m.ATTRIBUTE_UNITS)
FIXED_COLUMNS = (
    "sku",
    "product_name",
    *m.PARTY_FIELDS,
    *PRODUCT_COLUMNS,
    "inspector",
    "site",
    "inspected_at",
    "checklists",
    "photos",
)
"""The CSV columns a sheet has, the optional party columns among them; answers follow them.

A sheet made before a column existed still reads: a fixed column may be left out of the header.
"""

_PRODUCT_SET = frozenset(PRODUCT_COLUMNS)
_FIXED_SET = frozenset(FIXED_COLUMNS)

LIST_SEPARATOR = ";"


def answer_columns_of(
    item: CompiledItem,
) -> Iterator[tuple[str, tuple[str, str, int | None]]]:
    """Each answer column of an item -> (checklist id, item id, series index or None)."""
    answer = item.item.answer
    if isinstance(answer, m.SeriesAnswer):
        for n in range(1, len(answer.labels) + 1):
            yield f"{item.qname}.{n}", (item.checklist_id, item.item_id, n - 1)
    else:
        yield item.qname, (item.checklist_id, item.item_id, None)


def csv_columns_for(checklists: Sequence[CompiledChecklist]) -> list[str]:
    """The header of a CSV for the given checklists: the fixed columns, then the answers.

    Answers come in the order ``qa-check run`` asks them, so that a sheet is filled from left to
    right as the inspection goes. An answer column is ``checklist.item``; a series item has one
    column per entry, ``checklist.item.1`` to ``checklist.item.N`` (the drops).
    """
    asked, in_a_cycle = question_order(checklists)  # loading refuses cycles: none in practice
    answers = [name for item in asked + in_a_cycle for name, _ in answer_columns_of(item)]
    return [*FIXED_COLUMNS, *answers]


def answer_columns(registry: Registry) -> dict[str, tuple[str, str, int | None]]:
    """Every answer column any checklist version a record may name allows."""
    return dict(
        column
        for compiled in registry.nameable()
        for item in compiled.items
        for column in answer_columns_of(item)
    )


def csv_column(path: Path_) -> str:
    """The column a record field came from, for messages about CSV rows."""
    if not path:
        return ""
    head = path[0]
    if head == "product" and len(path) > 1:
        return str(path[1])
    if head == "answers" and len(path) >= 3:
        column = f"{path[1]}.{path[2]}"
        return f"{column}.{int(path[3]) + 1}" if len(path) > 3 else column
    if head == "answers" and len(path) == 2:
        return f"{path[1]}.*"
    return str(head)


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def unknown_column(name: str, registry: Registry) -> Message:
    """Why a header names no column: an item its checklist lacks, or nothing known."""
    checklist_id = name.split(".", 1)[0]
    if "." in name and checklist_id in registry.ids():
        return msg("csv_unknown_item_column", checklist=checklist_id, name=name)
    return msg("csv_unknown_column")


_Column = tuple[int, str, str, str, int]
"""How one CSV column fills a record: (cell index, kind, checklist or field, item, entry)."""


def column_plan(
    header: list[str], answers: dict[str, tuple[str, str, int | None]]
) -> list[_Column]:
    """Decide once per file where each column's cells go, so that rows are filled quickly."""
    plan: list[_Column] = []
    for index, name in enumerate(header):
        if name in _PRODUCT_SET:
            plan.append((index, "product", name, "", 0))
        elif name in ("checklists", "photos"):
            plan.append((index, name, name, "", 0))
        elif name in _FIXED_SET:
            plan.append((index, "field", name, "", 0))
        elif name in answers:
            checklist_id, item_id, entry = answers[name]
            kind = "answer" if entry is None else "series"
            plan.append((index, kind, checklist_id, item_id, entry or 0))
    return plan


def row_record(
    plan: list[_Column],
    series_lengths: dict[tuple[str, str], int],
    cells: list[str],
    where: Location,
) -> tuple[dict[str, Any], list[Problem]]:
    """A row's cells as a record, by the plan; what cannot be read is a problem at ``where``."""
    product: dict[str, str] = {}
    answers: dict[str, dict[str, Any]] = {}
    record: dict[str, Any] = {"product": product, "answers": answers}
    problems: list[Problem] = []
    size = len(cells)
    for index, kind, first, item_id, entry in plan:
        if index >= size:
            continue
        value = cells[index].strip()
        if not value:
            continue
        if kind == "answer":
            answers.setdefault(first, {})[item_id] = value
        elif kind == "series":
            entries = answers.setdefault(first, {}).get(item_id)
            if not isinstance(entries, list):
                entries = [None] * series_lengths[(first, item_id)]
                answers[first][item_id] = entries
            entries[entry] = value
        elif kind == "product":
            product[first] = value
        elif kind == "field":
            record[first] = value
        elif kind == "photos":
            record["photos"] = _split_list(value)
        else:
            try:
                record["checklists"] = _checklist_cell(value)
            except m.AnswerError as exc:
                problems.append(Problem(where.at(field=first), exc.message))
    return record, problems


def series_lengths(plan: list[_Column]) -> dict[tuple[str, str], int]:
    """How many entries each series has columns for (unknown columns are not counted)."""
    lengths: dict[tuple[str, str], int] = {}
    for _, kind, checklist_id, item_id, entry in plan:
        if kind == "series":
            key = (checklist_id, item_id)
            lengths[key] = max(lengths.get(key, 0), entry + 1)
    return lengths


def checklist_cell_for(checklists: Sequence[CompiledChecklist]) -> str:
    """The ``checklists`` cell naming the given checklists: ``packaging-stack@2; drop-test@2;``.

    It ends with the separator, which is read as nothing, so that a spreadsheet copies the cell
    down a column as it is: a fill handle counts up a number that ends a text, and would turn
    ``drop-test@2`` into ``drop-test@3``, ``drop-test@4`` in the rows below.
    """
    return " ".join(f"{compiled.checklist.key}{LIST_SEPARATOR}" for compiled in checklists)


def _checklist_cell(cell: str) -> dict[str, str]:
    """``packaging-stack@2; drop-test@2`` -> {id: version}."""
    found: dict[str, str] = {}
    for part in _split_list(cell):
        checklist_id, at, version = (text.strip() for text in part.partition("@"))
        if not at or not checklist_id or not version:
            raise m.AnswerError(msg("csv_checklist_cell", part=part))
        if checklist_id in found:
            raise m.AnswerError(msg("csv_checklist_twice", id=checklist_id))
        found[checklist_id] = version
    return found
