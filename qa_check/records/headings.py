"""Column headings people read, in English and Chinese, for the columns a record sheet has.

``template --format xlsx`` writes them above the column ids, and the workbook reader knows a
column by them when a sheet has lost its id row, so that the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from qa_check.core.languages import Lang
from qa_check.core.messages import word
from qa_check.engine import models as m
from qa_check.engine.checklists import CompiledItem
from qa_check.records.columns import FIXED_COLUMNS, answer_columns_of


def fixed_heading(column: str, lang: Lang) -> str:
    """A fixed column's heading: ``Gross weight, packed (kg)``, ``包装后毛重 (kg)``."""
    unit = m.ATTRIBUTE_UNITS.get(column)
    text = word(f"sheets_col_{column}", lang)
    return f"{text} ({unit})" if unit else text


def answer_headings(item: CompiledItem, lang: Lang) -> Iterator[tuple[str, str]]:
    """Each answer column of an item with its heading: the item's label, its unit, the entry.

    A series has a column per entry: ``Drops: corner, edge, face 4 (Edge)``.
    """
    spec = item.item
    label = getattr(spec.label or spec.prompt, lang)
    answer = spec.answer
    if isinstance(answer, m.SeriesAnswer):
        names = [getattr(group.name, lang) for group in answer.groups for _ in range(group.count)]
        unit = _unit(answer.entry)
        for (column, _), number, name in zip(
            answer_columns_of(item), range(1, len(names) + 1), names, strict=True
        ):
            yield column, f"{label}{unit} {number} ({name})"
        return
    yield item.qname, f"{label}{_unit(answer)}"


def _unit(answer: m.AnswerSpec | m.EntryAnswer) -> str:
    return f" ({answer.unit})" if isinstance(answer, m.NumberAnswer) else ""


def known_headings(items: Iterable[CompiledItem]) -> dict[str, str]:
    """Heading (as ``heading_key`` folds it) -> column, in both languages, for every column.

    A heading two columns share names neither: only the column id tells them apart.
    """
    found: dict[str, str | None] = {}
    items = list(items)

    def add(heading: str, column: str) -> None:
        key = heading_key(heading)
        found[key] = column if found.get(key, column) == column else None

    for lang in Lang:
        for column in FIXED_COLUMNS:
            add(fixed_heading(column, lang), column)
        for item in items:
            for column, heading in answer_headings(item, lang):
                add(heading, column)
    return {key: column for key, column in found.items() if column is not None}


def heading_key(text: str) -> str:
    """A heading as it is matched: case, runs of spaces and full-width brackets do not count."""
    return " ".join(text.replace("（", "(").replace("）", ")").split()).casefold()
