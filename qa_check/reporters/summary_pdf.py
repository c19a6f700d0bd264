"""A batch's summary as a PDF: the month at a glance for a QA manager, in one language.

Who issued the certificates, where and when the SKUs were inspected, the counts and pass rate,
failures by rule and by checklist as bar charts (drawn, not pictures), the failing SKUs with
their first failed item, the passing SKUs with their certificates, and the invalid records with
their locations and problems. Rules are named beside their ids, checklists by title, items by
label: every word in the summary's language. Each page has a header and "page n of m".
Rendered from the summary rows alone, in the certificate's embedded font, never below 8 points.
A table row must fit on one page (reportlab cannot split a row), so a cell shows at most
``MOST_PROBLEMS`` problems and ``CELL_CHARACTERS`` characters, and says how many more there are.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from qa_check.certificates.page import fonts
from qa_check.certificates.page.document import NumberedCanvas
from qa_check.core.formats import SUMMARY_FORMAT_ID
from qa_check.core.messages import in_lang, msg, printable, word
from qa_check.engine.rule_names import rule_label
from qa_check.reporters.summary import Row, counts
from qa_check.reporters.summary_charts import bar_chart, fitted

BODY = 8.0
MARGIN = 14 * mm
HEADER = 9 * mm
"""Room above the body for each page's header: title, issuer, page n of m."""
WIDTH = A4[0] - 2 * MARGIN
GREY = colors.HexColor("#6B7280")
RULE_LINE = colors.HexColor("#C9CDD3")
MOST_PROBLEMS = 10
"""Problems shown for one invalid record; summary.json and summary.csv hold them all."""
CELL_PADDING = 2
LINE = BODY + 2 + 2 * CELL_PADDING
"""The height of a table row of one line."""
CELL_CHARACTERS = 200
"""Characters shown of one value (a problem, a product name), so that its row fits a page."""

Para = Callable[..., Paragraph]


def render(
    rows: Sequence[Row],
    generator: str,
    lang: str = "en",
    *,
    interrupted: bool = False,
    issuer: str | None = None,
) -> bytes:
    """The summary PDF of ``rows`` in ``lang``; the same rows give the same bytes.

    ``interrupted``: the run stopped early, which the page says under its title. ``issuer``:
    who issued the certificates; "not configured" when None.
    """
    fonts.register()

    def say(key: str) -> str:
        return word(key, lang)

    title = say("batch_title")
    issued_by = issuer or say("cert_not_configured")
    para = _paragraphs()
    numbers = counts(rows)
    rate = numbers["pass_rate"]
    story: list[Any] = [
        para(title, "title"),
        Spacer(1, 2 * mm),
        _facts(rows, issued_by, para, lang),
    ]
    if interrupted:
        story.append(para(say("batch_interrupted"), "section"))
    story += [
        Spacer(1, 3 * mm),
        _table(
            [
                [
                    para(say(f"batch_{key}"), "head")
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
        named = {rule_label(rule, lang): count for rule, count in by_rule.items()}
        story += [para(say("batch_by_rule"), "section"), bar_chart(named, WIDTH, BODY)]
    by_checklist: dict[str, int] = numbers["failures_by_checklist"]
    if by_checklist:
        titles = _titles(rows)
        named = {titles.get(key, key): count for key, count in by_checklist.items()}
        story += [para(say("batch_by_checklist"), "section"), bar_chart(named, WIDTH, BODY)]
    story += _failing(rows, para, lang) + _passing(rows, para, lang) + _invalid(rows, para, lang)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER,
        bottomMargin=MARGIN,
        title=title,
        author=issuer or "",
        subject=SUMMARY_FORMAT_ID,  # how verify knows it among the certificates
        creator=generator,
        producer=generator,
        invariant=True,
        initialFontName=fonts.REGULAR,
        lang=lang,
    )
    header = partial(_header, f"{title} · {issued_by}", lang)
    document.build(story, canvasmaker=partial(NumberedCanvas, header))
    return buffer.getvalue()


def _paragraphs() -> Para:
    """A maker of paragraphs in the summary's styles, clipped, with Chinese line breaking."""
    base = ParagraphStyle("base", fontName=fonts.REGULAR, fontSize=BODY, leading=BODY + 2)
    styles = {
        "base": base,
        "head": ParagraphStyle("head", base, fontName=fonts.BOLD),
        "title": ParagraphStyle("title", base, fontName=fonts.BOLD, fontSize=15, leading=19),
        "section": ParagraphStyle(
            "section",
            base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=8,
            keepWithNext=True,  # never a heading alone at a page's foot
        ),
    }

    def para(text: str, style: str = "base") -> Paragraph:
        text = _clipped(text)
        chosen = styles[style]
        if any(ord(char) >= 0x2E80 for char in text):
            chosen = ParagraphStyle(f"{style}-cjk", chosen, wordWrap="CJK")
        return Paragraph(escape(text), chosen)

    return para


def _facts(rows: Sequence[Row], issuer: str, para: Para, lang: str) -> Table:
    """Who issued the certificates, where and when the SKUs were inspected."""
    dates = sorted(row.inspected_at[:10] for row in rows if row.inspected_at)
    if dates:
        period = in_lang(msg("summary_period_range", first=dates[0], last=dates[-1]), lang)
    else:
        period = word("summary_unknown", lang)
    sites = word("list_separator", lang).join(dict.fromkeys(row.site for row in rows if row.site))
    facts = [
        ("summary_issued_by", issuer),
        ("summary_sites", sites or word("summary_unknown", lang)),
        ("summary_period", period),
    ]
    table = Table(
        [[para(word(key, lang), "head"), para(value)] for key, value in facts],
        colWidths=[WIDTH * 0.2, WIDTH * 0.8],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _titles(rows: Sequence[Row]) -> dict[str, str]:
    """``drop-test@2`` -> ``Drop test, version 2``, as the rows name their checklists."""
    titles: dict[str, str] = {}
    for row in rows:
        titles.update(zip(row.failed_checklists, row.failed_checklist_titles, strict=False))
    return titles


def _failing(rows: Sequence[Row], para: Para, lang: str) -> list[Any]:
    """The failing SKUs, each with its first failed item by label and the rules it broke."""
    failing = [row for row in rows if row.verdict == "FAIL"]
    if not failing:
        return []
    separator = word("list_separator", lang)
    heads = ("batch_sku", "batch_product", "batch_first_failure", "batch_rules")
    cells = [
        (row.sku, row.product_name, _first_failure(row), separator.join(row.failed_rules))
        for row in failing
    ]
    widths = [WIDTH * 0.18, WIDTH * 0.3, WIDTH * 0.34, WIDTH * 0.18]
    return [para(word("batch_failing", lang), "section"), _listed(heads, cells, widths, lang)]


def _first_failure(row: Row) -> str:
    """``PK-7 Product held still``; the item's path in a summary written before labels."""
    if not row.first_failure_label:
        return row.first_failure
    return f"{row.first_failure.split(' ', 1)[0]} {row.first_failure_label}"


def _passing(rows: Sequence[Row], para: Para, lang: str) -> list[Any]:
    """The SKUs that passed, with when they were inspected and their certificate."""
    passing = [row for row in rows if row.verdict == "PASS"]
    if not passing:
        return []
    heads = ("batch_sku", "batch_product", "summary_inspected", "summary_certificate")
    none = word("summary_none", lang)
    cells = [
        (row.sku, row.product_name, row.inspected_at[:10], row.certificate or none)
        for row in passing
    ]
    widths = [WIDTH * 0.18, WIDTH * 0.34, WIDTH * 0.13, WIDTH * 0.35]
    return [para(word("summary_passing", lang), "section"), _listed(heads, cells, widths, lang)]


def _listed(
    heads: Sequence[str], cells: Sequence[Sequence[str]], widths: list[float], lang: str
) -> _Lines:
    """A line per row, each cell plain text cut to its column.

    The whole of each value is in summary.json and summary.csv; a line per SKU is what a
    manager scans, and what thousands of rows are laid out quickly as.
    """
    room = [width - 2 * CELL_PADDING for width in widths]
    lines = [
        [fitted(printable(value), space, BODY) for value, space in zip(row, room, strict=True)]
        for row in cells
    ]
    return _Lines([word(key, lang) for key in heads], lines, widths)


class _Lines(Flowable):
    """Rows of one line of plain text each under a heading, as a table a page at a time.

    One reportlab table of thousands of rows is measured again whole at every page it breaks
    onto, which took seconds; here each page gets a table of the rows that fit it, its heading
    repeated.
    """

    def __init__(self, heading: list[str], lines: list[list[str]], widths: list[float]) -> None:
        super().__init__()
        self.heading, self.lines, self.widths = heading, lines, widths

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return sum(self.widths), LINE * (len(self.lines) + 1)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        fits = int(availHeight // LINE) - 1
        if fits < 1:
            return []  # not even the heading and a row: the next page
        return [
            self._table(self.lines[:fits]),
            _Lines(self.heading, self.lines[fits:], self.widths),
        ]

    def draw(self) -> None:
        table = self._table(self.lines)
        table.wrapOn(self.canv, sum(self.widths), LINE * (len(self.lines) + 1))
        table.drawOn(self.canv, 0, 0)

    def _table(self, lines: list[list[str]]) -> Table:
        table = _table([self.heading, *lines], self.widths, LINE)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, 0), fonts.BOLD)]))
        return table


def _invalid(rows: Sequence[Row], para: Para, lang: str) -> list[Any]:
    """The invalid records, where they are and why, in the summary's language."""
    invalid = [row for row in rows if row.verdict == "INVALID"]
    if not invalid:
        return []
    heads = ("batch_source", "batch_sku", "batch_problems")
    return [
        para(word("batch_invalid_records", lang), "section"),
        _table(
            [[para(word(key, lang), "head") for key in heads]]
            + [
                [
                    para(row.source),
                    para(row.sku),
                    _lines(row.problem_messages or row.problems, para, lang),
                ]
                for row in invalid
            ],
            [WIDTH * 0.3, WIDTH * 0.15, WIDTH * 0.55],
        ),
    ]


def _clipped(text: str) -> str:
    """``text``, cut to ``CELL_CHARACTERS`` with an ellipsis when longer."""
    return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 1] + "…"


def _lines(texts: Sequence[str], para: Para, lang: str) -> list[Paragraph]:
    """A paragraph per text, the first ``MOST_PROBLEMS`` of them, then how many more."""
    shown = [para(text) for text in texts[:MOST_PROBLEMS]]
    hidden = len(texts) - MOST_PROBLEMS
    if hidden > 0:
        shown.append(para(in_lang(msg("batch_more", count=f"{hidden:,}"), lang)))
    return shown


def _table(rows: list[list[Any]], widths: list[float], line: float | None = None) -> Table:
    """A table with its heading row repeated on each page it runs onto.

    ``line``: the height of every row, when each is one line of plain text.
    """
    heights = None if line is None else [line] * len(rows)
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE_LINE),
                ("FONTSIZE", (0, 0), (-1, -1), BODY),
                ("LEADING", (0, 0), (-1, -1), BODY + 2),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ]
        )
    )
    return table


def _header(heading: str, lang: str, canvas: Canvas, number: int, total: int) -> None:
    """Each page's header: the title and issuer at the left, page n of m at the right."""
    top = A4[1] - MARGIN
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, BODY)
    canvas.setFillColor(GREY)
    canvas.drawString(MARGIN, top - BODY, fitted(heading, WIDTH * 0.8, BODY))
    page = in_lang(msg("cert_page", n=number, m=total), lang)
    canvas.drawRightString(MARGIN + WIDTH, top - BODY, page)
    canvas.setStrokeColor(RULE_LINE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - BODY - 2 * mm, MARGIN + WIDTH, top - BODY - 2 * mm)
    canvas.restoreState()
