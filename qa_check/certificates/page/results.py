"""The results table: every checklist the record was judged against, item by item.

One column header, a heading row per checklist. Items answered with a value get a row each
(requirement, recorded value, result), a series (the drops) a grid under its row; yes/no items
answered yes, as required, are listed two to a line, and items that do not apply one line per
reason: a PASS fits one page in readable type.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from qa_check.certificates.page import report_rows
from qa_check.certificates.page.flow import FlowingTable
from qa_check.certificates.page.style import (
    LIGHT_GREEN,
    LIGHT_GREY,
    LIGHT_RED,
    PAGE_WIDTH,
    RULE_LINE,
)
from qa_check.certificates.page.words import Plain, Words, answer_field, table
from qa_check.core.messages import in_lang, msg, word
from qa_check.engine import answers
from qa_check.engine import models as m
from qa_check.engine.judge import ItemResult, Outcome, SkuResult

RESULT_COLUMNS = (13 * mm, 40 * mm, 75 * mm, 38 * mm, 16 * mm)
"""Rule, item, requirement, recorded, result: the page's full width."""
CELL_PADDING = 2
"""Left and right of the text in the results, their drop grids and confirmed items."""
CELL_PADDINGS: list[tuple[Any, ...]] = [
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 0.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.1),
]
REQUIREMENT_GAP = 3 * mm
"""Right of a requirement: a wrapped requirement never runs into the value recorded beside it."""
RESULT_TEXT = tuple(
    width - CELL_PADDING - (REQUIREMENT_GAP if column == 2 else CELL_PADDING)
    for column, width in enumerate(RESULT_COLUMNS)
)
"""The room for text in each results column."""


def results(words: Words, result: SkuResult, ending: Flowable) -> Table:
    """Every checklist's items in one table: one column header, a heading row per checklist.

    Items answered with a value get a row each (requirement, recorded value, result); yes/no
    items answered yes, as required, are listed two to a line, and items that do not apply
    one line per reason: a PASS fits one page in readable type. ``ending`` (photos, terms,
    signatures) is the last row, kept with the row above it (``flow``).
    """
    sections: dict[str, list[ItemResult]] = {}
    for item in result.items:
        sections.setdefault(item.checklist.checklist.key, []).append(item)
    keys = ("rule", "item", "requirement", "recorded", "result")
    header = [
        words.cell(words.word(key), room, "head")
        for key, room in zip(keys, RESULT_TEXT, strict=True)
    ]
    rows: list[list[Any]] = [header]
    styles: list[tuple[Any, ...]] = []
    headings = [_section(words, items, rows, styles) for items in sections.values()]
    last = len(rows)
    styles += _spanned(last, LEFTPADDING=0, RIGHTPADDING=0, TOPPADDING=0, BOTTOMPADDING=0)
    styles.append(("NOSPLIT", (0, last - 1), (-1, last)))
    rows.append(_across(ending))
    found = table(
        rows,
        RESULT_COLUMNS,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, 1), (-1, -3), 0.25, RULE_LINE),
            *CELL_PADDINGS,
            ("RIGHTPADDING", (2, 0), (2, -1), REQUIREMENT_GAP),
            *styles,
        ],
        FlowingTable,
        repeatRows=1,
    )
    assert isinstance(found, FlowingTable)
    found.headings = frozenset(id(rows[row][0]) for row in headings)
    return found


def _section(
    words: Words, items: list[ItemResult], rows: list[list[Any]], styles: list[tuple[Any, ...]]
) -> int:
    """Add one checklist's rows, and their styles, to the results table; return its heading's row.

    The heading is kept with the row under it, and an item's row with its grid of drops.
    """
    checklist = items[0].checklist.checklist
    where = f"checklist {checklist.key}"
    heading = len(rows)
    styles += [
        ("NOSPLIT", (0, heading), (-1, heading + 1)),
        ("RIGHTPADDING", (2, heading), (-1, heading), CELL_PADDING),
        ("SPAN", (0, heading), (1, heading)),
        ("SPAN", (2, heading), (-1, heading)),
        ("TOPPADDING", (0, heading), (-1, heading), 3),
        ("VALIGN", (0, heading), (-1, heading), "BOTTOM"),
        ("BACKGROUND", (0, heading), (-1, heading), LIGHT_GREY),
    ]
    standard = words.text(checklist.standard) if checklist.standard else ""
    rows.append(
        [
            words.cell(
                words.checklist_name(checklist),
                sum(RESULT_COLUMNS[:2]) - 2 * CELL_PADDING,
                "section",
                where,
            ),
            "",
            words.cell(standard, sum(RESULT_COLUMNS[2:]) - 2 * CELL_PADDING, "label", where),
            "",
            "",
        ]
    )
    confirmed = [item for item in items if _is_confirmed(item)]
    skipped: dict[tuple[str, ...], list[ItemResult]] = {}
    for item in items:
        spec = item.item.item
        if item.outcome is Outcome.NOT_APPLICABLE:
            reason = tuple(item.why_not.get(lang, "") for lang in words.langs)
            skipped.setdefault(reason, []).append(item)
            continue
        if _is_confirmed(item):
            continue
        failed = item.outcome is Outcome.FAIL
        row = len(rows)
        item_where = f"{where}, item {spec.id}"
        rows.append(
            [
                words.cell(spec.rule, RESULT_TEXT[0], "head" if failed else "base"),
                words.cell(words.text(spec.label or spec.prompt), RESULT_TEXT[1], where=item_where),
                words.cell(words.requirement(item), RESULT_TEXT[2], where=item_where),
                words.cell(words.recorded(item), RESULT_TEXT[3], where=answer_field(item)),
                words.cell(words.word(item.outcome.value), RESULT_TEXT[4], "head"),
            ]
        )
        if failed:
            styles += [
                ("BACKGROUND", (0, row), (-1, row), LIGHT_RED),
                ("TOPPADDING", (0, row), (-1, row), 2.5),
                ("BOTTOMPADDING", (0, row), (-1, row), 2.5),
            ]
        else:
            styles.append(("BACKGROUND", (4, row), (4, row), LIGHT_GREEN))
        if isinstance(spec.answer, m.SeriesAnswer) and isinstance(item.value, list):
            styles += _spanned(len(rows), LEFTPADDING=0, RIGHTPADDING=0, TOPPADDING=0)
            styles.append(("NOSPLIT", (0, row), (-1, row + 1)))
            rows.append(_across(_grid(words, item)))
    if confirmed:
        styles += _spanned(len(rows), LEFTPADDING=0, RIGHTPADDING=0, TOPPADDING=0)
        rows.append(_across(_confirmed_items(words, confirmed, where)))
    for reason, found in skipped.items():
        styles += _spanned(len(rows))
        rows.append(_across(_not_applicable(words, found, reason)))
    return heading


def _confirmed_items(words: Words, items: list[ItemResult], where: str) -> Table:
    """Yes/no items answered yes, as required: rule and item, two to a line."""
    side = RESULT_COLUMNS[0] + RESULT_COLUMNS[1] * 0.5
    half = (PAGE_WIDTH - side) / 2
    rule = RESULT_COLUMNS[0] * 0.8
    cells = [
        [
            words.cell(item.item.item.rule, rule - 2 * CELL_PADDING),
            words.cell(
                words.text(item.item.item.label or item.item.item.prompt),
                half - rule - 2 * CELL_PADDING,
                where=f"{where}, item {item.item.item.id}",
            ),
        ]
        for item in items
    ]
    caption = words.cell(words.word("confirmed"), side - 2 * CELL_PADDING, "confirmed")
    rows: list[list[Any]] = []
    for first in range(0, len(cells), 2):
        pair = cells[first : first + 2]
        rows.append(["", *pair[0], *(pair[1] if len(pair) > 1 else ["", ""])])
    rows[0][0] = caption
    return table(
        rows,
        [side, rule, half - rule, rule, half - rule],
        [
            ("SPAN", (0, 0), (0, -1)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *CELL_PADDINGS,
        ],
    )


def _not_applicable(
    words: Words, items: list[ItemResult], reason: tuple[str, ...]
) -> Paragraph | Plain:
    """Items that do not apply for one reason, on one line: which, and why."""
    because = [
        in_lang(msg("cert_not_applicable_because", reason=why), lang)
        if why
        else word("cert_not_applicable", lang)
        for lang, why in zip(words.langs, reason, strict=True)
    ]
    separator = word("typeset_clause_separator", words.langs[-1])
    listed = separator.join(f"{item.item.item.rule} {words.item_name(item)}" for item in items)
    text = " ".join(dict.fromkeys(because))
    text += listed if text.endswith("：") else f" {listed}"  # a full-width colon has its space
    return words.cell(text, sum(RESULT_COLUMNS) - 2 * CELL_PADDING)


def _grid(words: Words, series: ItemResult) -> Table:
    """A series (the drops) entry by entry, each under its position and number."""
    answer = series.item.item.answer
    assert isinstance(answer, m.SeriesAnswer)
    expected = answers.series_expected(series.item.item)
    names = [
        report_rows.entry_name(words, group, n)
        for group in answer.groups
        for n in range(1, group.count + 1)
    ]
    per_line = 10
    first = RESULT_COLUMNS[0] + RESULT_COLUMNS[1] * 0.5
    width = (PAGE_WIDTH - first) / min(per_line, len(names))
    rows: list[list[Any]] = []
    styles: list[tuple[Any, ...]] = []
    for start in range(0, len(names), per_line):
        values = series.value[start : start + per_line]
        room = width - 2 * CELL_PADDING
        head = [words.cell(name, room, "head") for name in names[start : start + per_line]]
        cells = [
            words.cell(
                words.shown(answer, v) if v is not None else "-", room, where=answer_field(series)
            )
            for v in values
        ]
        row = len(rows)
        label = first - 2 * CELL_PADDING
        rows += [
            [words.cell(words.word("position"), label, "label"), *head],
            [words.cell(words.word("recorded"), label, "label"), *cells],
        ]
        styles.append(("BACKGROUND", (1, row), (-1, row), LIGHT_GREY))
        for column, value in enumerate(values, start=1):
            if expected is not None and value is not None:  # None: not done (no shade)
                shade = LIGHT_GREEN if value == expected else LIGHT_RED
                styles.append(("BACKGROUND", (column, row + 1), (column, row + 1), shade))
    return table(
        rows,
        [first] + [width] * min(per_line, len(names)),
        [
            ("GRID", (1, 0), (-1, -1), 0.4, RULE_LINE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *CELL_PADDINGS,
            *styles,
        ],
    )


def _is_confirmed(item: ItemResult) -> bool:
    """A yes/no item that passed by being answered yes: its row would say "yes, yes, pass"."""
    spec = item.item.item
    return (
        item.outcome is Outcome.PASS
        and isinstance(spec.answer, m.YesNoAnswer)
        and isinstance(spec.criterion, m.Equals)
        and item.value is True
    )


def _across(cell: Flowable | str) -> list[Any]:
    """A results-table row that is one cell across all its columns."""
    return [cell, *[""] * (len(RESULT_COLUMNS) - 1)]


def _spanned(row: int, **paddings: float) -> list[tuple[Any, ...]]:
    """Table styles for a row that is one cell across the whole table."""
    styles: list[tuple[Any, ...]] = [("SPAN", (0, row), (-1, row))]
    return styles + [(f"{side}", (0, row), (-1, row), value) for side, value in paddings.items()]
