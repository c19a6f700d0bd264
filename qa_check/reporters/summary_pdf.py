"""A batch's summary as a PDF: the month at a glance for a QA manager.

Counts and pass rate, failures by rule id as a bar chart, failures by checklist, the failing
SKUs with their first failed item and the invalid records with their locations. Rendered from
the summary rows alone, in the certificate's embedded font, never below 8 points. A table row
must fit on one page (reportlab cannot split a row), so a cell shows at most ``MOST_PROBLEMS``
problems and ``CELL_CHARACTERS`` characters, and says how many more there are.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from qa_check.certificates.page import fonts
from qa_check.core.formats import SUMMARY_FORMAT_ID
from qa_check.core.messages import in_lang, msg, word
from qa_check.reporters.summary import Row, counts

BODY = 8.0
WIDTH = A4[0] - 28 * mm
RED = colors.HexColor("#C62828")
GREY = colors.HexColor("#6B7280")
RULE_LINE = colors.HexColor("#C9CDD3")
MOST_RULES = 20
"""Bars in the chart: the rules failed most; the table beside lists them all."""
MOST_PROBLEMS = 10
"""Problems shown for one invalid record; summary.json and summary.csv hold them all."""
CELL_CHARACTERS = 200
"""Characters shown of one value (a problem, a product name), so that its row fits a page."""


def render(
    rows: Sequence[Row], generator: str, lang: str = "en", *, interrupted: bool = False
) -> bytes:
    """The summary PDF of ``rows``; the same rows give the same bytes.

    ``interrupted``: the run stopped early, which the page says under its title.
    """
    fonts.register()

    def say(key: str) -> str:
        return word(f"batch_{key}", lang)

    title = say("title")
    base = ParagraphStyle("base", fontName=fonts.REGULAR, fontSize=BODY, leading=BODY + 2)
    styles = {
        "base": base,
        "head": ParagraphStyle("head", base, fontName=fonts.BOLD),
        "title": ParagraphStyle("title", base, fontName=fonts.BOLD, fontSize=15, leading=19),
        "section": ParagraphStyle(
            "section", base, fontName=fonts.BOLD, fontSize=10, leading=13, spaceBefore=8
        ),
    }

    def para(text: str, style: str = "base") -> Paragraph:
        text = _clipped(text)
        chosen = styles[style]
        if any(ord(char) >= 0x2E80 for char in text):
            chosen = ParagraphStyle(f"{style}-cjk", chosen, wordWrap="CJK")
        return Paragraph(escape(text), chosen)

    numbers = counts(rows)
    rate = numbers["pass_rate"]
    story: list[Any] = [para(title, "title")]
    if interrupted:
        story.append(para(say("interrupted"), "section"))
    story += [
        Spacer(1, 3 * mm),
        _table(
            [
                [
                    para(say(key), "head")
                    for key in ("records", "passed", "failed", "invalid", "rate")
                ],
                [para(f"{numbers[key]:,}") for key in ("total", "passed", "failed", "invalid")]
                + [para("—" if rate is None else f"{rate:.1%}")],
            ],
            [WIDTH / 5] * 5,
        ),
    ]
    by_rule: dict[str, int] = numbers["failures_by_rule"]
    if by_rule:
        story += [para(say("by_rule"), "section"), _chart(by_rule)]
    by_checklist: dict[str, int] = numbers["failures_by_checklist"]
    if by_checklist:
        story += [
            para(say("by_checklist"), "section"),
            _table(
                [[para(say("checklist"), "head"), para(say("failed_records"), "head")]]
                + [[para(name), para(f"{count:,}")] for name, count in by_checklist.items()],
                [WIDTH * 0.7, WIDTH * 0.3],
            ),
        ]
    failing = [row for row in rows if row.verdict == "FAIL"]
    if failing:
        story += [
            para(say("failing"), "section"),
            _table(
                [[para(say(h), "head") for h in ("sku", "product", "first_failure", "rules")]]
                + [
                    [
                        para(row.sku),
                        para(row.product_name),
                        para(row.first_failure),
                        para(", ".join(row.failed_rules)),
                    ]
                    for row in failing
                ],
                [WIDTH * 0.2, WIDTH * 0.3, WIDTH * 0.3, WIDTH * 0.2],
            ),
        ]
    invalid = [row for row in rows if row.verdict == "INVALID"]
    if invalid:
        story += [
            para(say("invalid_records"), "section"),
            _table(
                [[para(say(h), "head") for h in ("source", "sku", "problems")]]
                + [
                    [para(row.source), para(row.sku), _lines(row.problems, para, lang)]
                    for row in invalid
                ],
                [WIDTH * 0.3, WIDTH * 0.15, WIDTH * 0.55],
            ),
        ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
        subject=SUMMARY_FORMAT_ID,  # how verify knows it among the certificates
        creator=generator,
        producer=generator,
        invariant=True,
        initialFontName=fonts.REGULAR,
    )
    document.build(story)
    return buffer.getvalue()


def _clipped(text: str) -> str:
    """``text``, cut to ``CELL_CHARACTERS`` with an ellipsis when longer."""
    return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 1] + "…"


def _lines(texts: Sequence[str], para: Callable[[str], Paragraph], lang: str) -> list[Paragraph]:
    """A paragraph per text, the first ``MOST_PROBLEMS`` of them, then how many more."""
    shown = [para(text) for text in texts[:MOST_PROBLEMS]]
    hidden = len(texts) - MOST_PROBLEMS
    if hidden > 0:
        shown.append(para(in_lang(msg("batch_more", count=f"{hidden:,}"), lang)))
    return shown


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE_LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _chart(by_rule: dict[str, int]) -> Drawing:
    """Failures by rule id, most first, as horizontal bars with their counts."""
    shown = list(by_rule.items())[:MOST_RULES]
    bar = 5 * mm
    height = bar * len(shown) + 12 * mm
    drawing = Drawing(WIDTH, height, initialFontName=fonts.REGULAR)  # no Helvetica, even unused
    chart = HorizontalBarChart()
    chart.x, chart.y = round(22 * mm), round(8 * mm)
    chart.width, chart.height = round(WIDTH - 34 * mm), round(bar * len(shown))
    chart.data = [[count for _, count in reversed(shown)]]
    chart.categoryAxis.categoryNames = [rule for rule, _ in reversed(shown)]
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = BODY
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = BODY
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, -(-max(chart.data[0]) // 5))  # counts: whole numbers only
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = RED
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = BODY
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing
