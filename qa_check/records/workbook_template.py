"""The blank results workbook (``template --format xlsx``), written with XlsxWriter.

It is the CSV sheet's layout made for people: headings in their language with the units, the
column ids in a hidden row under them (what the reader goes by), a drop-down list for every
choice and yes/no, number checks from the checklist's valid and usual ranges, frozen headings, the
checklists cell filled in, and a sheet of instructions. The reader takes back what it writes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from qa_check.core.languages import Lang
from qa_check.core.messages import in_lang, msg, word
from qa_check.engine import models as m
from qa_check.engine.checklists import CompiledChecklist, CompiledItem
from qa_check.engine.plausible import attribute_usual
from qa_check.engine.units import Plausible
from qa_check.records.columns import FIXED_COLUMNS, checklist_cell_for, csv_columns_for
from qa_check.records.headings import answer_headings, fixed_heading
from qa_check.records.template import in_inspection_order

FIRST_RECORD_ROW = 2
"""Row 3 in Excel's numbering: the headings, then the hidden ids, then the records."""
LAST_RECORD_ROW = 10_000
"""How far down the lists and number checks reach: far more SKUs than a sheet is used for."""
LISTS_SHEET = "lists"
"""A hidden sheet holding the drop-down lists, so that a label with a comma stays whole."""
_WIDEST = 40
_INSPECTED_AT_FORMAT = "yyyy-mm-dd hh:mm"


def xlsx_template(checklists: Sequence[CompiledChecklist], lang: Lang) -> bytes:
    """A results workbook for the checklists, headed in ``lang``; the file's bytes."""
    import xlsxwriter  # type: ignore[import-untyped]  # noqa: PLC0415 - only this command

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": in_lang(msg("sheets_records"), lang), "author": "qa-check"})
    records = book.add_worksheet(in_lang(msg("sheets_records"), lang))
    instructions = book.add_worksheet(in_lang(msg("sheets_instructions"), lang))
    lists = book.add_worksheet(LISTS_SHEET)
    lists.hide()
    _Records(book, records, lists, lang).write(checklists)
    _instructions(book, instructions, checklists, lang)
    book.close()
    return buffer.getvalue()


class _Records:
    """The records sheet: headings, ids, checks per column, the first row's checklists cell."""

    def __init__(self, book: Any, sheet: Any, lists: Any, lang: Lang) -> None:
        self.book = book
        self.sheet = sheet
        self.lists = lists
        self.lang = lang
        self.list_count = 0
        self.sources: dict[tuple[str, ...], str] = {}

    def write(self, checklists: Sequence[CompiledChecklist]) -> None:
        lang, sheet, book = self.lang, self.sheet, self.book
        ids = csv_columns_for(checklists)
        items = {item.qname: item for compiled in checklists for item in compiled.items}
        headings = {column: fixed_heading(column, lang) for column in FIXED_COLUMNS}
        answers: dict[str, tuple[CompiledItem, m.AnswerSpec | m.EntryAnswer]] = {}
        for item in items.values():
            spec = item.item.answer
            entry = spec.entry if isinstance(spec, m.SeriesAnswer) else spec
            for column, heading in answer_headings(item, lang):
                headings[column] = heading
                answers[column] = (item, entry)
        bold = book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}
        )
        time_format = book.add_format({"num_format": _INSPECTED_AT_FORMAT})
        sheet.write_row(0, 0, [headings[column] for column in ids], bold)
        sheet.write_row(1, 0, ids)
        sheet.set_row(1, None, None, {"hidden": True})
        sheet.set_row(0, 45)
        sheet.freeze_panes(FIRST_RECORD_ROW, 1)
        for index, column in enumerate(ids):
            width = min(max(len(headings[column]) * (2 if lang is Lang.ZH else 1), 10), _WIDEST)
            cell_format = time_format if column == "inspected_at" else None
            sheet.set_column(index, index, width, cell_format)
            if column in answers:
                item, kind = answers[column]
                self._check(index, kind)
                prompt = getattr(item.item.prompt, lang)
                sheet.write_comment(0, index, f"{item.item.rule}: {prompt}")
            elif column == "electrical":
                self._check(index, m.YesNoAnswer(kind="yes_no"))
            elif column in m.ATTRIBUTE_UNITS:
                unit = m.ATTRIBUTE_UNITS[column] or ""
                answer = m.NumberAnswer(kind="number", unit=unit, valid_min=0.001)
                self._number(index, answer, attribute_usual(column))
        named = checklist_cell_for(in_inspection_order(checklists))
        sheet.write_string(FIRST_RECORD_ROW, ids.index("checklists"), named)

    def _check(self, index: int, answer: m.AnswerSpec | m.EntryAnswer) -> None:
        """The drop-down list or number check of one column, down every record row."""
        lang = self.lang
        if isinstance(answer, m.YesNoAnswer):
            labels: tuple[str, ...] = (word("yes", lang), word("no", lang))
        elif isinstance(answer, m.ChoiceAnswer):
            labels = tuple(getattr(option, lang) for option in answer.choices)
        elif isinstance(answer, m.NumberAnswer):
            self._number(index, answer, answer.usual())
            return
        else:
            return
        self._validate(
            index,
            {
                "validate": "list",
                "source": self._source(labels),
                "input_title": in_lang(msg("sheets_pick"), lang)[:32],
                "error_title": in_lang(msg("sheets_not_allowed"), lang)[:32],
                "error_message": in_lang(msg("sheets_pick"), lang),
            },
        )

    def _number(self, index: int, answer: m.NumberAnswer, usual: Plausible | None) -> None:
        """A number check from the valid range, narrowed to the usual range where one is known.

        Outside the usual range Excel warns and lets the value stand, as the guided run asks
        before it keeps an unusual number; outside the valid range alone it refuses.
        """
        low, high = answer.valid_min, answer.valid_max
        lang = self.lang
        warn = usual is not None and (
            low is None or usual.low > low or high is None or usual.high < high
        )
        if usual is not None and warn:
            low = usual.low if low is None else max(low, usual.low)
            high = usual.high if high is None else min(high, usual.high)
        if low is not None and high is not None:
            rule = {"criteria": "between", "minimum": low, "maximum": high}
            key = "sheets_number_usual" if warn else "sheets_number_between"
            said = msg(key, unit=answer.unit, low=f"{low:g}", high=f"{high:g}")
        elif low is not None:
            rule, said = {"criteria": ">=", "value": low}, msg("sheets_number", unit=answer.unit)
        elif high is not None:
            rule, said = {"criteria": "<=", "value": high}, msg("sheets_number", unit=answer.unit)
        else:
            rule = {"criteria": "between", "minimum": -1e300, "maximum": 1e300}
            said = msg("sheets_number", unit=answer.unit)
        text = in_lang(said, lang)
        self._validate(
            index,
            {
                "validate": "decimal",
                **rule,
                "input_message": text[:255],
                "error_title": in_lang(msg("sheets_not_allowed"), lang)[:32],
                "error_message": text[:255],
                "error_type": "warning" if warn else "stop",
            },
        )

    def _validate(self, index: int, rule: dict[str, object]) -> None:
        self.sheet.data_validation(FIRST_RECORD_ROW, index, LAST_RECORD_ROW, index, rule)

    def _source(self, labels: tuple[str, ...]) -> str:
        """The range of a list on the hidden lists sheet; one column per distinct list."""
        found = self.sources.get(labels)
        if found is None:
            from xlsxwriter.utility import (  # type: ignore[import-untyped]  # noqa: PLC0415
                xl_col_to_name,
            )

            column = self.list_count
            self.list_count += 1
            self.lists.write_column(0, column, labels)
            letter = xl_col_to_name(column)
            found = f"={LISTS_SHEET}!${letter}$1:${letter}${len(labels)}"
            self.sources[labels] = found
        return found


def _instructions(
    book: Any, sheet: Any, checklists: Sequence[CompiledChecklist], lang: Lang
) -> None:
    """How to fill the sheet, then every question by checklist, with its rule and help."""
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 2, 60, wrap)
    row = 0
    for key in (
        "sheets_howto",
        "sheets_howto_lists",
        "sheets_howto_time",
        "sheets_howto_ids",
        "sheets_howto_check",
    ):
        sheet.write(row, 1, word(key, lang), wrap)
        row += 1
    for compiled in in_inspection_order(checklists):
        row += 1
        title = getattr(compiled.checklist.title, lang)
        sheet.write(row, 0, compiled.checklist.key, bold)
        sheet.write(row, 1, title, bold)
        row += 1
        for item in compiled.items:
            spec = item.item
            sheet.write(row, 0, spec.rule)
            sheet.write(row, 1, getattr(spec.prompt, lang), wrap)
            sheet.write(row, 2, getattr(spec.help, lang), wrap)
            row += 1
