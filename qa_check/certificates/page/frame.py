"""What every page has around its body: the header and the footer, with the QR code and barcode.

The header holds the logo, title, issuer and SKU on the left; the verdict badge, the
certificate id and "page n of m" on the right. The footer holds the QR code, how to check the
certificate, and the SKU as Code 128: both codes at a fixed size, never shrunk.
"""

from __future__ import annotations

import io
from itertools import groupby
from typing import NamedTuple

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from qa_check.certificates.formats import FORMATS
from qa_check.certificates.page import fonts
from qa_check.certificates.page.style import (
    BODY,
    FOOTER,
    GREEN,
    HEADER,
    MARGIN,
    PAGE_WIDTH,
    RED,
    RULE_LINE,
    SIDE,
)
from qa_check.certificates.page.words import Plain, Words, one_line
from qa_check.certificates.payload import Payload, qr_content
from qa_check.certificates.preflight import sku_barcode_problem
from qa_check.certificates.site import Site
from qa_check.core.errors import CertificateError, Location, Problem
from qa_check.core.messages import Message, in_lang, msg, word
from qa_check.engine.judge import SkuResult, Verdict

HEADER_RIGHT = 64 * mm
"""The header's right column: the verdict, the certificate id and the page number."""
LOGO_HEIGHT = 15 * mm
LOGO_WIDTH = 40 * mm
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
BARCODE_ROOM = PAGE_WIDTH - QR_SIZE - 2 * mm
MIN_MODULE = 0.2 * mm
MAX_MODULE = 0.5 * mm
"""Bars this wide decode from a 150 dpi scan; a long SKU gets narrower ones, down to MIN_MODULE."""


class PageFrame:
    """The header and footer of one certificate: made once, drawn on each of its pages."""

    def __init__(self, words: Words, payload: Payload, result: SkuResult, origin: Location) -> None:
        sku = result.record.sku if result.record is not None else result.sku or ""  # or a lot's
        self.words = words
        self.payload = payload
        self.result = result
        self.sku_code = _barcode(sku, origin)
        self.qr = _qr(qr_content(payload))
        self.logo = _logo(payload.site)
        beside = SIDE if self.logo is None else SIDE + self.logo[1] + 3 * mm
        room = A4[0] - SIDE - HEADER_RIGHT - beside
        self.heading = self.page_heading(sku, room)
        self.height = max(HEADER, sum(_height(part, room) for part in self.heading) + 3 * mm)
        """The header's height: taller than HEADER when the title and issuer need it."""
        self.verify_hint = words.para(self.how_to_verify(), "label")

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        """Draw page ``number`` of ``total``'s header and footer."""
        self.draw_header(canvas, number, total)
        self.draw_footer(canvas)

    def page_heading(self, sku: str, room: float) -> list[Paragraph | Plain]:
        """The header's left column, ``room`` wide: title, issuer and SKU, on every page.

        A title in two languages that does not fit one line breaks between them.
        """
        words = self.words
        title = words.word("title")
        style = words.styles["title"]
        if stringWidth(one_line(title, "  "), style.fontName, style.fontSize) <= room:
            title = one_line(title, "  ")
        return [
            words.cell(title, room, "title"),
            words.cell(self.issued_by(), room, "label", "site configuration"),
            words.cell(f"{one_line(words.word('sku'))} {sku}", room, "sku", "sku"),
        ]

    def issued_by(self) -> str:
        """``Issued by: …`` in the page's languages, the issuer named once."""
        words = self.words
        issuer = self.issuer()
        if len(words.langs) == 1:
            return words.message(msg("cert_issued_by", issuer=issuer))
        name = issuer if isinstance(issuer, str) else one_line(words.message(issuer), " ")
        label = one_line(words.word("issuer"))
        return f"{label}{word('typeset_label_separator', words.langs[-1])}{name}"

    def how_to_verify(self) -> str:
        """The footer's words beside the QR code: how to check the certificate, what it holds."""
        words = self.words
        if self.payload.site.verify_url is None:
            key = "verify" if self.payload.signer is None else "verify_signed"
            spec = FORMATS.get(self.payload.format)  # a lot certificate has a format of its own
            if spec is not None and spec.report:  # its page prints the record's digest
                return words.message(msg(f"report_{key}"))
            return words.word(key)
        address = qr_content(self.payload)
        online = msg("cert_verify_online")
        style = words.styles["label"]
        if stringWidth(address, style.fontName, style.fontSize) > BARCODE_ROOM:
            # An address on two lines leaves room above the barcode for one language's words.
            return f"{in_lang(online, words.langs[0])}\n{address}"
        return f"{words.message(online)}\n{address}"

    def issuer(self) -> Message | str:
        """Who issues the certificate, as the site configuration names it; else says so."""
        issuer = self.payload.site.issuer
        return msg("cert_not_configured") if issuer is None else issuer.name

    def draw_header(self, canvas: Canvas, number: int, total: int) -> None:
        """The verdict, the certificate id and the page number right; logo and heading left."""
        top = A4[1] - MARGIN
        if not canvas.hasForm(VERDICT_FORM):  # drawn once, shown on every page
            self.draw_badge(canvas, top)
        canvas.doForm(VERDICT_FORM)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.BOLD, 8.5)
        below = top - BADGE_HEIGHT - 4 * mm
        words = self.words
        certificate = f"{one_line(words.word('certificate'))} {self.payload.certificate_id}"
        canvas.drawRightString(A4[0] - SIDE, below, certificate)
        canvas.setFont(fonts.REGULAR, 8.5)
        page = words.message(msg("cert_page", n=number, m=total))
        canvas.drawRightString(A4[0] - SIDE, below - 4 * mm, one_line(page, "  "))
        y = top
        x = SIDE
        if self.logo is not None:
            logo, wide, high = self.logo
            canvas.drawImage(logo, x, top - high, wide, high)
            x += wide + 3 * mm
        for part in self.heading:
            if isinstance(part, Plain):  # where a Paragraph of its lines would put them
                style = part.style
                canvas.saveState()
                canvas.setFont(style.fontName, style.fontSize)
                canvas.setFillColor(style.textColor)
                for line in part.split("\n"):
                    y -= style.leading
                    canvas.drawString(x, y + style.leading - style.fontSize, line)
                canvas.restoreState()
                continue
            _, height = part.wrapOn(canvas, A4[0] - SIDE - HEADER_RIGHT - x, self.height)
            y -= height
            part.drawOn(canvas, x, y)
        canvas.setStrokeColor(RULE_LINE)
        canvas.setLineWidth(0.6)
        canvas.line(SIDE, top - self.height + 2 * mm, A4[0] - SIDE, top - self.height + 2 * mm)

    def draw_badge(self, canvas: Canvas, top: float) -> None:
        """The verdict badge, as the form VERDICT_FORM: its word in the page's last language."""
        left = A4[0] - SIDE - BADGE_WIDTH
        canvas.beginForm(VERDICT_FORM)
        canvas.setFillColor(GREEN if self.result.verdict is Verdict.PASS else RED)
        canvas.rect(left, top - BADGE_HEIGHT, BADGE_WIDTH, BADGE_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        verdict = word(f"cert_{self.result.verdict.value}", self.words.langs[-1])
        canvas.setFont(fonts.BOLD, 20)
        middle = left + BADGE_WIDTH / 2
        # The word as text too (ActualText): screen readers say it, and verify reads it.
        canvas.addLiteral(f"/Span <</ActualText <{_utf16_hex(verdict)}>>> BDC")
        canvas.drawCentredString(middle, top - BADGE_HEIGHT + 4.6 * mm, verdict)
        canvas.addLiteral("EMC")
        canvas.endForm()

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


def _logo(site: Site) -> tuple[ImageReader, float, float] | None:
    """The issuer's logo and its width and height on the page, when configured."""
    issuer = site.issuer
    if issuer is None or issuer.logo is None:
        return None
    logo = ImageReader(io.BytesIO(issuer.logo))
    pixels_wide, pixels_high = logo.getSize()
    scale = min(LOGO_HEIGHT / pixels_high, LOGO_WIDTH / pixels_wide)
    return logo, pixels_wide * scale, pixels_high * scale


def _height(part: Paragraph | Plain, room: float) -> float:
    """How tall a header line is, ``room`` wide."""
    if isinstance(part, Plain):
        return float(part.style.leading) * (part.count("\n") + 1)
    return float(part.wrap(room, A4[1])[1])


def _barcode(sku: str, origin: Location) -> Flowable:
    """The SKU as Code 128; a SKU Code 128 cannot carry is an error, never a wrong code."""
    outside = sku_barcode_problem(sku)
    if outside is not None:
        raise CertificateError([Problem(origin.at(field="sku"), outside)])
    modules = Code128(sku, barWidth=1, quiet=False).wrap(A4[0], A4[1])[0]
    if modules * MIN_MODULE > BARCODE_ROOM:
        raise CertificateError(
            [
                Problem(
                    origin.at(field="sku"),
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
        raise CertificateError([Problem(origin.at(field="sku"), "not encodable")])
    return code


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
