"""The certificate font: Noto Sans SC shipped in the package, registered once, glyphs checked.

reportlab draws a character its font lacks as an empty box and says nothing, so every text is
checked against the font's character map before it is drawn (``missing``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "QaCheckSans"
BOLD = "QaCheckSans-Bold"
_FILES = {REGULAR: "NotoSansSC-Regular.ttf", BOLD: "NotoSansSC-Bold.ttf"}
FONT_DIR = Path(__file__).parent / "fonts"


@cache
def register() -> frozenset[int]:
    """Register the regular and bold faces; return the code points both can draw."""
    faces = [TTFont(name, str(FONT_DIR / file)) for name, file in _FILES.items()]
    for face in faces:
        pdfmetrics.registerFont(face)
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    regular, bold = (set(face.face.charToGlyph) for face in faces)
    return frozenset(regular & bold)


def missing(text: str) -> list[str]:
    """The characters of ``text`` the font cannot draw, each once, in order; spaces aside."""
    drawable = register()
    found: dict[str, None] = {}
    for char in text:
        if ord(char) not in drawable and not char.isspace():
            found[char] = None
    return list(found)
