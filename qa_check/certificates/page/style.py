"""The page's look: its palette, its measures and its paragraph styles.

Type never shrinks below BODY points: what does not fit flows onto another page.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from qa_check.certificates.page import fonts

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
"""Title, issuer, SKU, certificate id, verdict and page number, on every page: the header's
height, or more when a two-line title or a long issuer needs it (``frame``)."""
FOOTER = 23 * mm
"""The QR code, the barcode and how to check the certificate, on every page, never shrunk."""
BODY = 8.0
"""The smallest type on the page, in points: tables flow onto more pages rather than shrink."""
PAGE_LANGUAGES: dict[str, tuple[str, ...]] = {"en": ("en",), "zh": ("zh",), "en+zh": ("en", "zh")}
"""A certificate's languages: ``en+zh`` prints both in each cell and line."""


def styles(bilingual: bool, verdict: colors.Color) -> dict[str, ParagraphStyle]:
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
            "title",
            base,
            fontName=fonts.BOLD,
            fontSize=13 if bilingual else 15,
            leading=15.5 if bilingual else 18,
        ),
        "confirmed": ParagraphStyle("confirmed", base, fontName=fonts.BOLD, textColor=GREEN),
        "refusal": ParagraphStyle("refusal", base, fontName=fonts.BOLD, textColor=RED),
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
