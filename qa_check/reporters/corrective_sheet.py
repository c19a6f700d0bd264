"""The corrective-action sheet of a FAIL: a printable page for the packing line.

A FAIL's fixes are done by people at the packing bench, not at the terminal: one A4 sheet in
the run's language lists every failure (rule, item, what was required, what was recorded, the
corrective action) with a box to tick, the record it comes from, and the command that re-tests
it. It is drawn in the certificate's embedded font, so Chinese prints on any machine; the same
result gives the same bytes.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from qa_check.certificates.page import fonts
from qa_check.core.messages import in_lang, msg, word
from qa_check.engine.judge import SkuResult

BODY = 9.5
WIDTH = A4[0] - 28 * mm
COLUMNS = (0.06, 0.08, 0.17, 0.19, 0.17, 0.27, 0.06)
"""Shares of the width: number, rule, item, required, recorded, corrective action, done."""
LIGHT_RED = colors.HexColor("#FDECEA")
RULE_LINE = colors.HexColor("#C9CDD3")


def render(result: SkuResult, record: str, retest: str, lang: str, generator: str) -> bytes:
    """The sheet of a FAIL ``result`` read from ``record``; ``retest`` is the re-test command."""
    fonts.register()
    base = ParagraphStyle(
        "base", fontName=fonts.REGULAR, fontSize=BODY, leading=BODY + 3, wordWrap="CJK"
    )
    head = ParagraphStyle("head", base, fontName=fonts.BOLD)
    title_style = ParagraphStyle("title", head, fontSize=16, leading=21)

    def para(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def say(key: str) -> str:
        return word(f"resume_sheet_{key}", lang)

    labels = {
        (found.checklist.checklist.key, found.item.item_id): found.item.item.label
        or found.item.item.prompt
        for found in result.items
    }
    sku = result.sku or ""
    title = in_lang(msg("resume_sheet_title", sku=sku), lang)
    shown = record_fields(result, record, lang)
    story: list[Any] = [
        para(title, title_style),
        Spacer(1, 2 * mm),
        _table(
            [[para(name, head), para(value)] for name, value in shown], [0.22, 0.78], grid=False
        ),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[Any]] = [
        [
            para(say(key), head)
            for key in ("number", "rule", "item", "required", "recorded", "action", "done")
        ]
    ]
    for number, failure in enumerate(result.failures, start=1):
        label = labels.get((failure.checklist, failure.item))
        rows.append(
            [
                para(str(number)),
                para(failure.rule, head),
                para(getattr(label, lang) if label is not None else failure.item),
                para(in_lang(failure.requirement, lang)),
                para(in_lang(failure.recorded, lang)),
                para(getattr(failure.corrective, lang), head),
                "",  # the cell is the box a packer ticks
            ]
        )
    story += [
        _table(rows, list(COLUMNS), grid=True),
        Spacer(1, 6 * mm),
        para(say("signed")),
        Spacer(1, 3 * mm),
        para(in_lang(msg("resume_sheet_retest", command=retest), lang)),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
        creator=generator,
        producer=generator,
        invariant=True,
        initialFontName=fonts.REGULAR,
        lang="zh-CN" if lang == "zh" else "en",
    ).build(story)
    return buffer.getvalue()


def record_fields(result: SkuResult, record: str, lang: str) -> list[tuple[str, str]]:
    """What the sheet says of the inspection: product, when, who, where, which record."""
    inspected = result.record
    shown = [(word("resume_sheet_product", lang), result.product_name or "")]
    if inspected is not None:
        shown += [
            (
                word("resume_sheet_inspected", lang),
                inspected.inspected_at.isoformat(" ", "minutes"),
            ),
            (word("resume_sheet_inspector", lang), f"{inspected.inspector} · {inspected.site}"),
        ]
    shown += [
        (
            word("resume_sheet_verdict", lang),
            in_lang(msg("resume_sheet_failures", n=len(result.failures)), lang),
        ),
        (word("resume_sheet_record", lang), record),
    ]
    return shown


def _table(rows: list[list[Any]], shares: list[float], *, grid: bool) -> Table:
    table = Table(
        rows, colWidths=[WIDTH * share for share in shares], repeatRows=int(grid), hAlign="LEFT"
    )
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if grid:
        style += [
            ("GRID", (0, 0), (-1, -1), 0.4, RULE_LINE),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT_RED),
            ("TOPPADDING", (0, 1), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
        ]
    table.setStyle(TableStyle(style))
    return table
