"""PDF certificates: one A4 page per SKU, rendered from its payload alone.

The payload is judged again here (so the page can only show what its record and checklists
give) and embedded as an attachment. Rendering is deterministic: the same payload gives the
same bytes, which is what ``verify`` relies on.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache, partial
from itertools import groupby, zip_longest
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from qa_check.certificates.page import fonts, glyphs
from qa_check.certificates.payload import (
    ATTACHMENT_NAME,
    Payload,
    canonical_json,
    grouped_fingerprint,
    page_time,
    valid_months,
    valid_until,
)
from qa_check.certificates.preflight import CHECKS, sku_barcode_problem
from qa_check.core.errors import CertificateError, Location, Problem, dotted
from qa_check.core.messages import Message, in_lang, msg, word
from qa_check.engine import answers
from qa_check.engine import models as m
from qa_check.engine.checklists import Registry, registry_from_data
from qa_check.engine.judge import (
    SEVERITY_ORDER,
    ItemResult,
    Outcome,
    RawRecord,
    SkuResult,
    Verdict,
    judge,
)

GREEN = colors.HexColor("#1B7F3B")
RED = colors.HexColor("#C62828")
GREY = colors.HexColor("#6B7280")
LIGHT_GREEN = colors.HexColor("#E3F4E8")
LIGHT_RED = colors.HexColor("#FBE4E4")
LIGHT_GREY = colors.HexColor("#F1F2F4")
RULE_LINE = colors.HexColor("#C9CDD3")
SIDE = 14 * mm
PAGE_WIDTH = A4[0] - 2 * SIDE
MARGIN = 10 * mm
HEADER = 21 * mm
"""Title, issuer, SKU, certificate id, verdict and page number, on every page."""
PHOTO_SIZE = 20 * mm
"""A photo's longer side on the page: thumbnails to show what was seen, with their captions."""
HEADER_RIGHT = 64 * mm
LOGO_HEIGHT = 15 * mm
LOGO_WIDTH = 40 * mm
"""The header's right column: the verdict, the certificate id and the page number."""
FOOTER = 23 * mm
"""The QR code, the barcode and how to check the certificate, on every page, never shrunk."""
BODY = 8.0
"""The smallest type on the page, in points: tables flow onto more pages rather than shrink."""
BADGE_WIDTH = 46 * mm
BADGE_HEIGHT = 11 * mm
VERDICT_FORM = "verdict"
"""The verdict badge is a form XObject of this name: ``verify`` reads a signed page's verdict
from it, without drawing the page again."""
QR_SIZE = 22 * mm
QR_BORDER = 2
"""Light modules around the code, inside QR_SIZE; the page's white margin adds to them."""
QR_MASK = 6
"""The QR mask pattern: of the eight, this one decoded most often from a 100 dpi rendering
(about 85 % of random certificate codes, against about 67 % for the pattern the standard's
scoring picks); at 150 dpi every pattern decodes every code."""
QR_KEY_DIGITS = 16
"""How much of the signing key's fingerprint a signed certificate's QR code carries."""
BARCODE_ROOM = PAGE_WIDTH - QR_SIZE - 2 * mm
MIN_MODULE = 0.2 * mm
MAX_MODULE = 0.5 * mm
"""Bars this wide decode from a 150 dpi scan; a long SKU gets narrower ones, down to MIN_MODULE."""
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
RESULT_TEXT = tuple(width - 2 * CELL_PADDING for width in RESULT_COLUMNS)
"""The room for text in each results column."""
TABLE_PADDING = 6
"""reportlab's cell padding, left and right, in the tables that keep it."""
PAGE_LANGUAGES: dict[str, tuple[str, ...]] = {"en": ("en",), "zh": ("zh",), "en+zh": ("en", "zh")}
"""A certificate's languages: ``en+zh`` prints both in each cell and line."""

_REGISTRIES: dict[bytes, Registry] = {}


class Rendered(NamedTuple):
    """A certificate PDF and the judgement it shows."""

    pdf: bytes
    result: SkuResult


def render(payload: Payload, origin: Location) -> Rendered:
    """The certificate PDF of a payload; raises CertificateError when it cannot be drawn."""
    result = judged(payload, origin)
    return Rendered(_Page(payload, result, origin).build(), result)


def judged(payload: Payload, origin: Location) -> SkuResult:
    """The judgement a payload's page shows: its record against its own checklists.

    Raises CertificateError when the record is INVALID: no certificate shows that.
    """
    result = judge(
        RawRecord(payload.record, origin, lambda path: origin.at(field=dotted(path) or None)),
        _registry(payload.checklists, origin),
        checks=CHECKS,
        explain=True,
        files=False,
    )
    if result.verdict is Verdict.INVALID:
        raise CertificateError(list(result.problems))
    return result


def _registry(checklists: Sequence[dict[str, Any]], origin: Location) -> Registry:
    """Checklists compiled once per batch: every record of a batch embeds the same ones."""
    key = canonical_json(list(checklists))
    registry = _REGISTRIES.get(key)
    if registry is None:
        registry = registry_from_data(checklists, origin.file)
        if len(_REGISTRIES) > 16:
            _REGISTRIES.clear()
        _REGISTRIES[key] = registry
    return registry


class _Page:
    """One certificate being laid out; collects characters the font cannot draw.

    Every page has the same header (title, issuer, SKU, certificate id, verdict, page n of m)
    and footer (QR code, barcode); the body flows over as many pages as it needs, in type
    that never shrinks.
    """

    def __init__(self, payload: Payload, result: SkuResult, origin: Location) -> None:
        fonts.register()
        self.payload = payload
        self.result = result
        record = result.record
        assert record is not None  # judged PASS or FAIL
        self.record = record
        self.origin = origin
        self.langs = PAGE_LANGUAGES[payload.lang]
        self.digest = payload.digest
        self.certificate_id = payload.certificate_id
        self.missing: dict[str, list[str]] = {}
        self.passed = self.result.verdict is Verdict.PASS
        self.styles = _styles(len(self.langs) > 1, GREEN if self.passed else RED)

    # --- text -------------------------------------------------------------------------------

    def say(self, pick: Callable[[str], str]) -> str:
        """Text in each of the page's languages, one per line; said once when they agree."""
        return "\n".join(dict.fromkeys(pick(lang) for lang in self.langs))

    def word(self, key: str, *values: object) -> str:
        """A certificate word from the catalogue, in the page's languages."""
        return self.say(lambda lang: word(f"cert_{key}", lang).format(*values))

    def message(self, text: Message) -> str:
        """A catalogue message, in the page's languages."""
        return self.say(lambda lang: in_lang(text, lang))

    def text(self, value: m.Text) -> str:
        """Checklist text, in the page's languages."""
        return self.say(lambda lang: getattr(value, lang))

    def check(self, text: str, where: str) -> None:
        """Note the characters of ``text`` the font cannot draw, under ``where``.

        ``where`` is the record field the text comes from (``product_name``, ``answers.…``),
        or words saying which checklist text it is.
        """
        gaps = _missing(text)
        if gaps:
            found = self.missing.setdefault(where, [])
            found.extend(char for char in gaps if char not in found)

    def para(self, text: str, style: str = "base", where: str = "certificate text") -> Paragraph:
        """A paragraph of plain text (never markup), checked against the font.

        Each line of ``text`` (a language) starts a new line on the page.
        """
        self.check(text, where)
        markup = "<br/>".join(escape(" ".join(line.split())) for line in text.split("\n"))
        if any(ord(char) >= 0x2E80 for char in text):
            style = f"{style}-cjk"
            if style not in self.styles:
                base = self.styles[style.removesuffix("-cjk")]
                self.styles[style] = ParagraphStyle(style, base, wordWrap="CJK")
        return Paragraph(markup, self.styles[style])

    def cell(
        self, text: str, width: float, style: str = "base", where: str = "certificate text"
    ) -> Paragraph | _Plain:
        """A table cell's text: plain when each line fits ``width`` as it is, else a paragraph.

        A Paragraph is parsed and wrapped again each time the table is measured; most cells
        (rule ids, results, short values) never wrap, and the table draws them itself.
        """
        chosen = self.styles[style]
        lines = [" ".join(line.split()) for line in text.split("\n")]
        if all(lines) and all(
            stringWidth(line, chosen.fontName, chosen.fontSize) <= width for line in lines
        ):
            self.check(text, where)
            return _Plain("\n".join(lines), chosen)
        return self.para(text, style, where)

    # --- the document -----------------------------------------------------------------------

    def build(self) -> bytes:
        record = self.record
        self.sku_code = self.barcode(record.sku)
        self.qr = _qr(qr_content(self.payload))
        self.logo = self.page_logo()
        beside = SIDE if self.logo is None else SIDE + self.logo[1] + 3 * mm
        self.heading = self.page_heading(A4[0] - SIDE - HEADER_RIGHT - beside)
        self.verify_hint = self.para(self.how_to_verify(), "label")
        story = [
            self.para(self.conclusion(), "conclusion"),
            Spacer(1, 2 * mm),
            self.identity(),
            *self.failures(),
            Spacer(1, 2 * mm),
            self.results(),
            self.ending(),
        ]
        if self.missing:
            problems = [
                Problem(
                    self.origin.at(field=where),
                    f"the certificate font cannot show {glyphs.describe(chars)}",
                )
                if _is_field(where)
                else Problem(
                    self.origin,
                    f"the certificate font cannot show {glyphs.describe(chars)} (in {where})",
                )
                for where, chars in self.missing.items()
            ]
            raise CertificateError(problems)
        buffer = io.BytesIO()
        document = BaseDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=SIDE,
            rightMargin=SIDE,
            topMargin=MARGIN + HEADER,
            bottomMargin=MARGIN + FOOTER,
            title=f"{word('cert_title', self.langs[0])}: {record.sku} {self.result.verdict.value}",
            author=record.inspector,
            subject=record.product_name,
            creator=self.payload.generator,
            producer=self.payload.generator,
            invariant=True,
            initialFontName=fonts.REGULAR,
            lang="zh-CN" if self.langs == ("zh",) else "en",
        )
        body = Frame(
            SIDE,
            MARGIN + FOOTER,
            PAGE_WIDTH,
            A4[1] - 2 * MARGIN - HEADER - FOOTER,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        document.addPageTemplates([PageTemplate("page", [body])])
        document.build(story, canvasmaker=partial(_NumberedCanvas, self))
        return buffer.getvalue()

    def decorate(self, canvas: Canvas, number: int, total: int) -> None:
        """Draw page ``number`` of ``total``'s header and footer; the first also files the PDF."""
        self.draw_header(canvas, number, total)
        self.draw_footer(canvas)
        if number == 1:
            _stamp(canvas, self.payload.issued_at)
            _attach(canvas, ATTACHMENT_NAME, self.payload.to_json())

    def page_logo(self) -> tuple[ImageReader, float, float] | None:
        """The issuer's logo and its width and height on the page, when configured."""
        issuer = self.payload.site.issuer
        if issuer is None or issuer.logo is None:
            return None
        logo = ImageReader(io.BytesIO(issuer.logo))
        pixels_wide, pixels_high = logo.getSize()
        scale = min(LOGO_HEIGHT / pixels_high, LOGO_WIDTH / pixels_wide)
        return logo, pixels_wide * scale, pixels_high * scale

    def page_heading(self, room: float) -> list[Paragraph | _Plain]:
        """The header's left column, ``room`` wide: title, issuer and SKU."""
        issued_by = self.message(msg("cert_issued_by", issuer=self.issuer()))
        parts = [
            self.cell(_one_line(self.word("title"), "  "), room, "title"),
            self.cell(_one_line(issued_by), room, "label", "site configuration"),
            self.cell(f"{_one_line(self.word('sku'))} {self.record.sku}", room, "sku", "sku"),
        ]
        if sum(_height(part, room) for part in parts) > HEADER - 3 * mm:
            del parts[1]  # a long issuer in two languages: the identity table names it in full
        return parts

    def how_to_verify(self) -> str:
        """The footer's words beside the QR code: how to check the certificate, what it holds."""
        if self.payload.site.verify_url is None:
            return self.word("verify" if self.payload.signer is None else "verify_signed")
        address = qr_content(self.payload)
        words = msg("cert_verify_online")
        style = self.styles["label"]
        if stringWidth(address, style.fontName, style.fontSize) > BARCODE_ROOM:
            # An address on two lines leaves room above the barcode for one language's words.
            return f"{in_lang(words, self.langs[0])}\n{address}"
        return f"{self.message(words)}\n{address}"

    def issuer(self) -> Message | str:
        """Who issues the certificate, as the site configuration names it; else says so."""
        issuer = self.payload.site.issuer
        return msg("cert_not_configured") if issuer is None else issuer.name

    def issuer_details(self) -> str:
        """The issuer with its address and accreditation, as configured, on one line.

        A signed certificate adds, on the next line, whose key signed it and the key's
        fingerprint: in the issuer's cell rather than a row of its own, to keep the fullest
        example on one page.
        """
        issuer = self.payload.site.issuer
        if issuer is None:
            details = self.message(msg("cert_not_configured"))
        else:
            parts = (issuer.name, issuer.address, issuer.accreditation)
            details = " · ".join(text for text in parts if text)
        signer = self.payload.signer
        if signer is None:
            return details
        key = grouped_fingerprint(signer.fingerprint)
        return f"{details}\n{self.message(msg('cert_signed_by', name=signer.name, key=key))}"

    def brand_and_model(self) -> list[tuple[str, str, str]]:
        """The brand and model rows: one row when the record gives both, none when neither."""
        brand, model = self.record.brand, self.record.model
        if brand is not None and model is not None:
            return [("brand_model", f"{brand} / {model}", "brand")]
        if brand is not None:
            return [("brand", brand, "brand")]
        return [] if model is None else [("model", model, "model")]

    def draw_header(self, canvas: Canvas, number: int, total: int) -> None:
        top = A4[1] - MARGIN
        colour = GREEN if self.passed else RED
        left = A4[0] - SIDE - BADGE_WIDTH
        if not canvas.hasForm(VERDICT_FORM):  # drawn once, shown on every page
            canvas.beginForm(VERDICT_FORM)
            canvas.setFillColor(colour)
            canvas.rect(left, top - BADGE_HEIGHT, BADGE_WIDTH, BADGE_HEIGHT, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            verdict = word(f"cert_{self.result.verdict.value}", self.langs[-1])
            canvas.setFont(fonts.BOLD, 20)
            middle = left + BADGE_WIDTH / 2
            # The word as text too (ActualText): screen readers say it, and verify reads it.
            canvas.addLiteral(f"/Span <</ActualText <{_utf16_hex(verdict)}>>> BDC")
            canvas.drawCentredString(middle, top - BADGE_HEIGHT + 4.6 * mm, verdict)
            canvas.addLiteral("EMC")
            canvas.endForm()
        canvas.doForm(VERDICT_FORM)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.BOLD, 8.5)
        below = top - BADGE_HEIGHT - 4 * mm
        certificate = f"{_one_line(self.word('certificate'))} {self.certificate_id}"
        canvas.drawRightString(A4[0] - SIDE, below, certificate)
        canvas.setFont(fonts.REGULAR, 8.5)
        page = self.message(msg("cert_page", n=number, m=total))
        canvas.drawRightString(A4[0] - SIDE, below - 4 * mm, _one_line(page, "  "))
        y = top
        x = SIDE
        if self.logo is not None:
            logo, wide, high = self.logo
            canvas.drawImage(logo, x, top - high, wide, high)
            x += wide + 3 * mm
        for part in self.heading:
            if isinstance(part, _Plain):  # where a one-line Paragraph would put it
                style = part.style
                y -= style.leading
                canvas.saveState()
                canvas.setFont(style.fontName, style.fontSize)
                canvas.setFillColor(style.textColor)
                canvas.drawString(x, y + style.leading - style.fontSize, part)
                canvas.restoreState()
                continue
            _, height = part.wrapOn(canvas, A4[0] - SIDE - HEADER_RIGHT - x, HEADER)
            y -= height
            part.drawOn(canvas, x, y)
        canvas.setStrokeColor(RULE_LINE)
        canvas.setLineWidth(0.6)
        canvas.line(SIDE, top - HEADER + 2 * mm, A4[0] - SIDE, top - HEADER + 2 * mm)

    def draw_footer(self, canvas: Canvas) -> None:
        """QR code and barcode at a fixed size, and how to check the certificate."""
        bottom = MARGIN
        top = bottom + FOOTER
        canvas.setStrokeColor(RULE_LINE)
        canvas.setLineWidth(0.6)
        canvas.line(SIDE, top - 2 * mm, A4[0] - SIDE, top - 2 * mm)
        _draw_qr(canvas, self.qr, SIDE - 1.5 * mm, bottom, QR_SIZE)
        x = SIDE + QR_SIZE + 2 * mm
        hint = self.verify_hint
        _, height = hint.wrapOn(canvas, A4[0] - SIDE - x, FOOTER)
        hint.drawOn(canvas, x, top - 3 * mm - height)
        self.sku_code.wrapOn(canvas, BARCODE_ROOM, 20 * mm)
        self.sku_code.drawOn(canvas, x, bottom)

    # --- the body ---------------------------------------------------------------------------

    def conclusion(self) -> str:
        """One sentence under the verdict: how many applicable requirements were met."""
        judged = [item for item in self.result.items if item.outcome is not Outcome.NOT_APPLICABLE]
        failed = sum(item.outcome is Outcome.FAIL for item in judged)
        if failed:
            return self.message(msg("cert_fails", failed=failed, n=len(judged)))
        return self.message(msg("cert_meets", n=len(judged)))

    def identity(self) -> Table:
        """For whom and what; by whom, where and when; against what; which record."""
        record = self.record
        product = record.product
        attributes = self.say(
            lambda lang: "; ".join(
                [
                    word("cert_electrical" if product.electrical else "cert_not_electrical", lang),
                    f"{word('cert_gross', lang)} {answers.show(product.gross_weight_kg)} kg",
                    f"{word('cert_package', lang)} {answers.show(product.length_cm)} x"
                    f" {answers.show(product.width_cm)} x {answers.show(product.height_cm)} cm",
                ]
            )
        )
        zone = record.inspected_at.tzinfo
        left = [
            *[
                (name, text, name)
                for name in ("applicant",)
                if (text := getattr(record, name)) is not None
            ],
            ("product", record.product_name, "product_name"),
            *self.brand_and_model(),
            ("attributes", attributes, "product"),
        ]
        right = [
            ("site", record.site, "site"),
            ("inspector", record.inspector, "inspector"),
            ("inspected", page_time(record.inspected_at), "inspected_at"),
            ("issued", page_time(self.payload.issued_at.astimezone(zone)), "issued"),
        ]
        bold = ("sku", "product", "applicant")  # what a reviewer looks for first
        label = 23 * mm
        wide = PAGE_WIDTH * 0.6 - label  # the product's side has the longer texts
        widths = [label, wide, label, PAGE_WIDTH - 2 * label - wide]
        right_padding = 3
        rows: list[list[Any]] = []
        lines: list[tuple[Any, ...]] = []
        for pair in zip_longest(left, right):
            row: list[Any] = []
            for side, cell in enumerate(pair):
                if cell is None:
                    row += ["", ""]
                    continue
                key, value, field = cell
                style = "head" if key in bold else "base"
                row += [
                    self.cell(self.word(key), label - right_padding, "label"),
                    self.cell(value, widths[2 * side + 1] - right_padding, style, field),
                ]
                at = (2 * side, len(rows)), (2 * side + 1, len(rows))
                lines.append(("LINEBELOW", *at, 0.25, RULE_LINE))
            rows.append(row)
        tested = "\n".join(
            " · ".join(lines)
            for lines in zip(
                *(self.checklist_name(c).split("\n") for c in self.tested_against()), strict=True
            )
        )
        for key, value, where in (
            ("issuer", self.issuer_details(), "site configuration"),
            ("tested", tested, "checklists"),
            ("digest", f"SHA-256 {self.digest}", "digest"),
        ):
            spanned = PAGE_WIDTH - label - right_padding
            rows.append(
                [
                    self.cell(self.word(key), label - right_padding, "label"),
                    self.cell(value, spanned, where=where),
                    "",
                    "",
                ]
            )
        return _table(
            rows,
            widths,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), right_padding),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                *lines,
                *[
                    style
                    for row in range(len(rows) - 3, len(rows))
                    for style in (
                        ("SPAN", (1, row), (3, row)),
                        ("LINEBELOW", (0, row), (-1, row), 0.25, RULE_LINE),
                    )
                ],
            ],
        )

    def tested_against(self) -> list[m.Checklist]:
        """The checklists the record was judged against, in the order the page shows them."""
        found: dict[str, m.Checklist] = {}
        for item in self.result.items:
            checklist = item.checklist.checklist
            found.setdefault(checklist.key, checklist)
        return list(found.values())

    def barcode(self, sku: str) -> Flowable:
        """The SKU as Code 128; a SKU Code 128 cannot carry is an error, never a wrong code."""
        outside = sku_barcode_problem(sku)
        if outside is not None:
            raise CertificateError([Problem(self.origin.at(field="sku"), outside)])
        modules = Code128(sku, barWidth=1, quiet=False).wrap(A4[0], A4[1])[0]
        if modules * MIN_MODULE > BARCODE_ROOM:
            raise CertificateError(
                [
                    Problem(
                        self.origin.at(field="sku"),
                        f"a SKU of {len(sku)} characters is too long for a Code 128 that scans"
                        f" on the page (bars of {MIN_MODULE / mm:.1f} mm would need"
                        f" {modules * MIN_MODULE / mm:.0f} mm, the page has"
                        f" {BARCODE_ROOM / mm:.0f} mm)",
                    )
                ]
            )
        code = Code128(
            sku,
            barHeight=8 * mm,
            barWidth=min(MAX_MODULE, BARCODE_ROOM / modules),
            quiet=False,
            humanReadable=True,
            fontName=fonts.REGULAR,
            fontSize=BODY,
        )
        code.validate()  # type: ignore[no-untyped-call]
        if not code.valid:  # belt and braces: reportlab drops what it cannot encode
            raise CertificateError([Problem(self.origin.at(field="sku"), "not encodable")])
        return code

    def failures(self) -> list[Flowable]:
        failed = sorted(
            (item for item in self.result.items if item.outcome is Outcome.FAIL),
            key=lambda item: SEVERITY_ORDER[item.item.item.severity],
        )
        if not failed:
            return []
        widths = [15 * mm, 40 * mm, 44 * mm, 32 * mm]
        widths.append(PAGE_WIDTH - sum(widths))
        inner = [width - 2 * TABLE_PADDING for width in widths]
        keys = ("rule", "item", "requirement", "recorded", "action")
        rows: list[list[Any]] = [
            [self.cell(self.word(key), room, "head") for key, room in zip(keys, inner, strict=True)]
        ]
        for item in failed:
            spec = item.item.item
            where = f"checklist {item.checklist.checklist.key}, item {spec.id}"
            rows.append(
                [
                    self.cell(spec.rule, inner[0], "head"),
                    self.cell(self.text(spec.label or spec.prompt), inner[1], where=where),
                    self.cell(self.requirement(item), inner[2], where=where),
                    self.cell(self.recorded(item), inner[3], where=_field(item)),
                    self.cell(self.text(spec.corrective), inner[4], where=where),
                ]
            )
        table = _table(
            rows,
            widths,
            [
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT_RED),
                ("BOX", (0, 0), (-1, -1), 0.8, RED),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, RED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ],
            repeatRows=1,
        )
        return [
            Spacer(1, 2 * mm),
            self.para(self.word("failed"), "section"),
            Spacer(1, 1 * mm),
            table,
        ]

    def requirement(self, item: ItemResult) -> str:
        """What the item requires, in the page's languages."""
        return self.say(lambda lang: item.requirement.get(lang, ""))

    def results(self) -> Table:
        """Every checklist's items in one table: one column header, a heading row per checklist.

        Items answered with a value get a row each (requirement, recorded value, result); yes/no
        items answered yes, as required, are listed two to a line, and items that do not apply
        one line per reason: a PASS fits one page in readable type.
        """
        sections: dict[str, list[ItemResult]] = {}
        for item in self.result.items:
            sections.setdefault(item.checklist.checklist.key, []).append(item)
        keys = ("rule", "item", "requirement", "recorded", "result")
        header = [
            self.cell(self.word(key), room, "head")
            for key, room in zip(keys, RESULT_TEXT, strict=True)
        ]
        rows: list[list[Any]] = [header]
        styles: list[tuple[Any, ...]] = []
        for items in sections.values():
            self.section(items, rows, styles)
        return _table(
            rows,
            RESULT_COLUMNS,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE_LINE),
                *CELL_PADDINGS,
                *styles,
            ],
            repeatRows=1,
        )

    def section(
        self, items: list[ItemResult], rows: list[list[Any]], styles: list[tuple[Any, ...]]
    ) -> None:
        """Add one checklist's rows, and their styles, to the results table."""
        checklist = items[0].checklist.checklist
        where = f"checklist {checklist.key}"
        heading = len(rows)
        styles += [
            ("SPAN", (0, heading), (1, heading)),
            ("SPAN", (2, heading), (-1, heading)),
            ("TOPPADDING", (0, heading), (-1, heading), 3),
            ("VALIGN", (0, heading), (-1, heading), "BOTTOM"),
            ("BACKGROUND", (0, heading), (-1, heading), LIGHT_GREY),
        ]
        standard = self.text(checklist.standard) if checklist.standard else ""
        rows.append(
            [
                self.cell(
                    self.checklist_name(checklist),
                    sum(RESULT_COLUMNS[:2]) - 2 * CELL_PADDING,
                    "section",
                    where,
                ),
                "",
                self.cell(standard, sum(RESULT_COLUMNS[2:]) - 2 * CELL_PADDING, "label", where),
                "",
                "",
            ]
        )
        confirmed = [item for item in items if _confirmed(item)]
        skipped: dict[tuple[str, ...], list[ItemResult]] = {}
        for item in items:
            spec = item.item.item
            if item.outcome is Outcome.NOT_APPLICABLE:
                reason = tuple(item.why_not.get(lang, "") for lang in self.langs)
                skipped.setdefault(reason, []).append(item)
                continue
            if _confirmed(item):
                continue
            failed = item.outcome is Outcome.FAIL
            row = len(rows)
            item_where = f"{where}, item {spec.id}"
            rows.append(
                [
                    self.cell(spec.rule, RESULT_TEXT[0], "head" if failed else "base"),
                    self.cell(
                        self.text(spec.label or spec.prompt), RESULT_TEXT[1], where=item_where
                    ),
                    self.cell(self.requirement(item), RESULT_TEXT[2], where=item_where),
                    self.cell(self.recorded(item), RESULT_TEXT[3], where=_field(item)),
                    self.cell(self.word(item.outcome.value), RESULT_TEXT[4], "head"),
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
            if isinstance(spec.answer, m.SeriesAnswer):
                styles += _spanned(len(rows), LEFTPADDING=0, RIGHTPADDING=0, TOPPADDING=0)
                rows.append(_across(self.grid(item)))
        if confirmed:
            styles += _spanned(len(rows), LEFTPADDING=0, RIGHTPADDING=0, TOPPADDING=0)
            rows.append(_across(self.confirmed(confirmed, where)))
        for reason, found in skipped.items():
            styles += _spanned(len(rows))
            rows.append(_across(self.not_applicable(found, reason)))

    def confirmed(self, items: list[ItemResult], where: str) -> Table:
        """Yes/no items answered yes, as required: rule and item, two to a line."""
        side = RESULT_COLUMNS[0] + RESULT_COLUMNS[1] * 0.5
        half = (PAGE_WIDTH - side) / 2
        rule = RESULT_COLUMNS[0] * 0.8
        cells = [
            [
                self.cell(item.item.item.rule, rule - 2 * CELL_PADDING),
                self.cell(
                    self.text(item.item.item.label or item.item.item.prompt),
                    half - rule - 2 * CELL_PADDING,
                    where=f"{where}, item {item.item.item.id}",
                ),
            ]
            for item in items
        ]
        caption = self.cell(self.word("confirmed"), side - 2 * CELL_PADDING, "confirmed")
        rows: list[list[Any]] = []
        for first in range(0, len(cells), 2):
            pair = cells[first : first + 2]
            rows.append(["", *pair[0], *(pair[1] if len(pair) > 1 else ["", ""])])
        rows[0][0] = caption
        return _table(
            rows,
            [side, rule, half - rule, rule, half - rule],
            [
                ("SPAN", (0, 0), (0, -1)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *CELL_PADDINGS,
            ],
        )

    def not_applicable(
        self, items: list[ItemResult], reason: tuple[str, ...]
    ) -> Paragraph | _Plain:
        """Items that do not apply for one reason, on one line: which, and why."""
        listed = "; ".join(f"{item.item.item.rule} {self.item_name(item)}" for item in items)
        because = [
            in_lang(msg("cert_not_applicable_because", reason=why), lang)
            if why
            else word("cert_not_applicable", lang)
            for lang, why in zip(self.langs, reason, strict=True)
        ]
        text = f"{' '.join(dict.fromkeys(because))} {listed}"
        return self.cell(text, sum(RESULT_COLUMNS) - 2 * CELL_PADDING)

    def item_name(self, item: ItemResult) -> str:
        """An item's short name in the page's languages, on one line."""
        return " ".join(self.text(item.item.item.label or item.item.item.prompt).split("\n"))

    def checklist_name(self, checklist: m.Checklist) -> str:
        """``Drop test, version 2``: a checklist as a reader names it, not ``drop-test@2``."""
        return self.say(
            lambda lang: in_lang(
                msg(
                    "cert_checklist_version",
                    title=getattr(checklist.title, lang),
                    version=checklist.version,
                ),
                lang,
            )
        )

    def grid(self, series: ItemResult) -> Table:
        """A series (the drops) entry by entry, each under its position and number."""
        answer = series.item.item.answer
        assert isinstance(answer, m.SeriesAnswer)
        expected = answers.series_expected(series.item.item)
        names = [
            self.entry_name(group, n) for group in answer.groups for n in range(1, group.count + 1)
        ]
        per_line = 10
        first = RESULT_COLUMNS[0] + RESULT_COLUMNS[1] * 0.5
        width = (PAGE_WIDTH - first) / min(per_line, len(names))
        rows: list[list[Any]] = []
        styles: list[tuple[Any, ...]] = []
        for start in range(0, len(names), per_line):
            values = series.value[start : start + per_line]
            room = width - 2 * CELL_PADDING
            head = [self.cell(name, room, "head") for name in names[start : start + per_line]]
            cells = [self.cell(self.shown(answer, v), room, where=_field(series)) for v in values]
            row = len(rows)
            label = first - 2 * CELL_PADDING
            rows += [
                [self.cell(self.word("position"), label, "label"), *head],
                [self.cell(self.word("recorded"), label, "label"), *cells],
            ]
            styles.append(("BACKGROUND", (1, row), (-1, row), LIGHT_GREY))
            for column, value in enumerate(values, start=1):
                if expected is not None:
                    shade = LIGHT_GREEN if value == expected else LIGHT_RED
                    styles.append(("BACKGROUND", (column, row + 1), (column, row + 1), shade))
        return _table(
            rows,
            [first] + [width] * min(per_line, len(names)),
            [
                ("GRID", (1, 0), (-1, -1), 0.4, RULE_LINE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *CELL_PADDINGS,
                *styles,
            ],
        )

    def recorded(self, item: ItemResult) -> str:
        """The recorded value in words (items that do not apply are listed with their reason)."""
        answer = item.item.item.answer
        expected = answers.series_expected(item.item.item)
        if isinstance(answer, m.SeriesAnswer) and expected is not None:
            good = sum(1 for value in item.value if value == expected)
            return self.say(
                lambda lang: f"{answers.labeller(answer, lang)(expected)} {good}/{len(item.value)}"
            )
        return self.say(lambda lang: answers.display(answer, item.value, lang))

    def entry_name(self, group: m.SeriesGroup, n: int) -> str:
        """``Corner 2``: the n-th entry of a series group, in the page's languages."""
        return self.say(
            lambda lang: in_lang(msg("cert_entry", name=getattr(group.name, lang), n=n), lang)
        )

    def shown(self, answer: m.AnswerSpec, value: Any) -> str:
        """One recorded value (a choice, a drop) by its label in the page's languages."""
        return self.say(lambda lang: answers.labeller(answer, lang)(value))

    def photos(self, room: float) -> list[Flowable]:
        """The record's photos, two to a line in ``room``, each with its caption beside it.

        A file path is no caption a buyer can read: a photo the record does not caption is
        ``Photo 2``.
        """
        per_row = 2
        cell = room / per_row
        picture = PHOTO_SIZE + 2 * mm
        cells: list[Any] = []
        named = self.record.photos
        for number, (photo, ref) in enumerate(zip(self.payload.photos, named, strict=True), 1):
            reader = ImageReader(io.BytesIO(photo.jpeg))
            width, height = reader.getSize()
            scale = min(PHOTO_SIZE / width, PHOTO_SIZE / height)
            image = Image(io.BytesIO(photo.jpeg), width * scale, height * scale)
            where = f"photos[{number - 1}].caption"
            caption = ref.caption or self.word("photo", number)
            cells += [image, self.cell(caption, cell - picture - TABLE_PADDING, "base", where)]
        per_line = 2 * per_row
        rows: list[list[Any]] = [cells[i : i + per_line] for i in range(0, len(cells), per_line)]
        rows[-1] += [""] * (per_line - len(rows[-1]))
        table = _table(
            rows,
            [picture, cell - picture] * per_row,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ],
        )
        return [self.para(self.word("photos"), "section"), table]

    def ending(self) -> Table:
        """Photos; until when the certificate is valid, what voids it earlier; who signs.

        The signatures stand on the right, beside the photos and the terms.
        """
        months = valid_months(self.tested_against(), self.payload.site)
        until = valid_until(self.record, months).isoformat()
        validity = self.message(msg("cert_valid_until", date=until, months=months))
        terms: list[Flowable] = [self.para(validity, "head"), self.para(self.word("void"))]
        signers = [("inspector", self.record.inspector, "inspector")]
        if self.payload.site.approver is not None:
            signers.append(("approver", self.payload.site.approver, "site configuration"))
        blocks = [
            [
                self.para(name, "head", where),
                Spacer(1, 8 * mm),
                _Line(),
                self.para(self.word(f"sign_{role}"), "label"),
            ]
            for role, name, where in signers
        ]
        signatures = _table(
            [blocks],
            [(PAGE_WIDTH * 0.42 - 6 * mm) / len(blocks)] * len(blocks),
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
            ],
        )
        left = PAGE_WIDTH * 0.58
        photos = self.photos(left - 6 * mm) if self.payload.photos else []
        cells = [[*photos, Spacer(1, 2 * mm), *terms], [signatures]]
        return _table(
            [cells],
            [left, PAGE_WIDTH - left],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 6 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
            ],
        )


class _Line(Flowable):
    """A line to sign or stamp on: the tool never draws a signature it was not given."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 1

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 0.5, self.width, 0.5)


class _NumberedCanvas(Canvas):
    """A canvas that keeps its pages until the end, to draw "page n of m" on each.

    reportlab knows the page count only once the body has flowed; each page's drawing is held
    and its header and footer drawn at ``save``.
    """

    def __init__(self, page: _Page, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._certificate = page
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._certificate.decorate(self, number, total)
            super().showPage()
        super().save()


def _styles(bilingual: bool, verdict: colors.Color) -> dict[str, ParagraphStyle]:
    """The page's type: nothing under BODY points, ever."""
    base = ParagraphStyle(
        "base",
        fontName=fonts.REGULAR,
        bulletFontName=fonts.REGULAR,
        fontSize=BODY,
        leading=BODY + 1.6,
        textColor=colors.black,
    )
    return {
        "base": base,
        "label": ParagraphStyle("label", base, textColor=GREY),
        "head": ParagraphStyle("head", base, fontName=fonts.BOLD),
        "sku": ParagraphStyle("sku", base, fontName=fonts.BOLD, fontSize=9, leading=10.5),
        "title": ParagraphStyle(
            "title", base, fontName=fonts.BOLD, fontSize=13 if bilingual else 15, leading=18
        ),
        "confirmed": ParagraphStyle("confirmed", base, fontName=fonts.BOLD, textColor=GREEN),
        "conclusion": ParagraphStyle(
            "conclusion", base, fontName=fonts.BOLD, fontSize=10, leading=12.5, textColor=verdict
        ),
        "section": ParagraphStyle(
            "section",
            base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=12.5,
            spaceBefore=3,
            spaceAfter=1,
            keepWithNext=1,
        ),
    }


_RECORD_FIELDS = frozenset(m.Record.model_fields)


def _is_field(where: str) -> bool:
    """True when ``where`` names a record field rather than describing checklist text."""
    return where.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0] in _RECORD_FIELDS


def _confirmed(item: ItemResult) -> bool:
    """A yes/no item that passed by being answered yes: its row would say "yes, yes, pass"."""
    spec = item.item.item
    return (
        item.outcome is Outcome.PASS
        and isinstance(spec.answer, m.YesNoAnswer)
        and isinstance(spec.criterion, m.Equals)
        and item.value is True
    )


def _height(part: Paragraph | _Plain, room: float) -> float:
    """How tall a header line is, ``room`` wide."""
    if isinstance(part, _Plain):
        return float(part.style.leading)
    return float(part.wrap(room, HEADER)[1])


def _one_line(text: str, joint: str = " / ") -> str:
    """A text in each of the page's languages, on one line: for headers and labels."""
    return joint.join(text.split("\n"))


def _across(cell: Flowable | str) -> list[Any]:
    """A results-table row that is one cell across all its columns."""
    return [cell, *[""] * (len(RESULT_COLUMNS) - 1)]


def _spanned(row: int, **paddings: float) -> list[tuple[Any, ...]]:
    """Table styles for a row that is one cell across the whole table."""
    styles: list[tuple[Any, ...]] = [("SPAN", (0, row), (-1, row))]
    return styles + [(f"{side}", (0, row), (-1, row), value) for side, value in paddings.items()]


def _field(item: ItemResult) -> str:
    return f"answers.{item.item.checklist_id}.{item.item.item_id}"


@lru_cache(maxsize=4096)
def _missing(text: str) -> tuple[str, ...]:
    """``fonts.missing``, remembered: a batch's certificates repeat their checklists' words."""
    return tuple(fonts.missing(text))


class _Plain(str):
    """A table cell's text that fits on one line per language: the table draws it in ``style``.

    It is what a Paragraph of the same text would show, without parsing and wrapping it.
    """

    style: ParagraphStyle

    def __new__(cls, text: str, style: ParagraphStyle) -> _Plain:
        plain = super().__new__(cls, text)
        plain.style = style
        return plain


def _table(
    rows: list[list[Any]],
    widths: Sequence[float],
    commands: Sequence[tuple[Any, ...]],
    **options: Any,
) -> Table:
    """A left-aligned table of ``widths`` styled by ``commands``, in the embedded font.

    Empty cells use the embedded font (Helvetica otherwise); plain cells their own style's
    font, and colour unless it is black.
    """
    table = Table(rows, colWidths=widths, hAlign="LEFT", **options)
    default = ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)
    table.setStyle(TableStyle([default, *commands, *_plain_styles(rows)]))
    return table


def _plain_styles(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Font and colour commands for the plain cells: one per block of cells in one style.

    Each command costs the table a pass over its cells: a row of five cells in two styles
    takes two, and rows alike are one block.
    """
    blocks: list[list[Any]] = []  # first column, first row, last column, last row, style
    above: dict[tuple[int, int], list[Any]] = {}
    for r, row in enumerate(rows):
        here: dict[tuple[int, int], list[Any]] = {}
        c = 0
        while c < len(row):
            cell = row[c]
            end = c
            if isinstance(cell, _Plain):
                while end + 1 < len(row) and _same_style(row[end + 1], cell):
                    end += 1
                block = above.get((c, end))
                if block is not None and block[4] is cell.style:
                    block[3] = r
                else:
                    block = [c, r, end, r, cell.style]
                    blocks.append(block)
                here[c, end] = block
            c = end + 1
        above = here
    commands: list[tuple[Any, ...]] = []
    for first, top, last, bottom, style in blocks:
        cells = (first, top), (last, bottom)
        commands.append(("FONT", *cells, style.fontName, style.fontSize, style.leading))
        if style.textColor != colors.black:
            commands.append(("TEXTCOLOR", *cells, style.textColor))
    return commands


def _same_style(cell: Any, plain: _Plain) -> bool:
    return isinstance(cell, _Plain) and cell.style is plain.style


class _Qr(NamedTuple):
    """A QR code as PDF path operators in module units, drawn on every page of a certificate."""

    modules: int
    """Modules across, the light border included."""
    path: str


def _qr(value: str) -> _Qr:
    """``value`` as a QR code (level M): one rectangle per run of dark modules in a row.

    The mask pattern is fixed (QR_MASK) rather than chosen by scoring all eight, which
    reportlab does in pure Python (~20 ms a code): any mask decodes, and this one decoded best.
    segno encodes it in about two thirds of the time reportlab's encoder takes.
    """
    matrix = segno.make_qr(value, error="m", mask=QR_MASK, boost_error=False).matrix
    modules = len(matrix) + 2 * QR_BORDER
    runs: list[str] = []
    for row, dark_modules in enumerate(matrix):
        y = modules - QR_BORDER - 1 - row
        column = QR_BORDER
        for dark, run in groupby(dark_modules):
            length = len(list(run))
            if dark:
                runs.append(f"{column} {y} {length} 1 re")
            column += length
    return _Qr(modules, "\n".join(runs))


def qr_content(payload: Payload) -> str:
    """What a certificate's QR code holds.

    With the site's ``verify_url``: that address and the certificate id. Else, to check offline,
    the id, the digest and, when signed, the start of the signing key's fingerprint: all upper
    case, QR's alphanumeric mode (version 4 or 5 instead of 6 or 7: larger modules).
    """
    url = payload.site.verify_url
    if url is not None:
        return f"{url.rstrip('/')}/{payload.certificate_id}"
    text = f"{payload.certificate_id} SHA256:{payload.digest.upper()}"
    if payload.signer is not None:
        text += f" KEY:{payload.signer.fingerprint[:QR_KEY_DIGITS]}"
    return text


def _utf16_hex(text: str) -> str:
    """``text`` as a PDF text string in hex: UTF-16BE with its byte order mark."""
    return (b"\xfe\xff" + text.encode("utf-16-be")).hex().upper()


def _draw_qr(canvas: Canvas, qr: _Qr, x: float, y: float, size: float) -> None:
    """A QR code as one filled black path, ``size`` square at (x, y)."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / qr.modules, size / qr.modules)
    canvas.setFillColor(colors.black)
    canvas.addLiteral(f"{qr.path}\nf")
    canvas.restoreState()


def _stamp(canvas: Canvas, moment: datetime) -> None:
    """Set the document's creation and modification dates to the issue time (UTC).

    reportlab's invariant mode fixes them to 2000-01-01; its TimeStamp is the only way in.
    """
    stamp = TimeStamp(invariant=True)
    utc = moment.utctimetuple()
    stamp.t = calendar.timegm(utc)
    stamp.lt = utc
    stamp.YMDhms = tuple(utc)[:6]
    stamp.dhh = stamp.dmm = 0
    canvas._doc._timeStamp = stamp  # type: ignore[attr-defined]


def _attach(canvas: Canvas, name: str, data: bytes) -> None:
    """Embed ``data`` as a file attachment that PDF readers list (and ``verify`` reads)."""
    document = canvas._doc  # type: ignore[attr-defined]
    stream = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("EmbeddedFile"),
                "Subtype": PDFName("application#2Fjson"),
                "Params": PDFDictionary({"Size": len(data)}),
            }
        ),
        data,
        filters=[PDFZCompress],
    )
    reference = document.Reference(stream)
    spec = PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(name),
            "UF": PDFString(name),
            "Desc": PDFString("qa-check record, checklists and photos this certificate shows"),
            "AFRelationship": PDFName("Source"),
            "EF": PDFDictionary({"F": reference, "UF": reference}),
        }
    )
    spec_ref = document.Reference(spec)
    names = PDFDictionary(
        {"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(name), spec_ref])})}
    )
    canvas.setCatalogEntry("Names", names)
    canvas.setCatalogEntry("AF", PDFArray([spec_ref]))
