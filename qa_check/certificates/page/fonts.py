"""The certificate font: Noto Sans SC shipped in the package, registered once, glyphs checked.

reportlab draws a character its font lacks as an empty box and says nothing, so every text is
checked against the font's character map before it is drawn (``missing``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "QaCheckSans"
BOLD = "QaCheckSans-Bold"
_FILES = {REGULAR: "NotoSansSC-Regular.ttf", BOLD: "NotoSansSC-Bold.ttf"}
FONT_DIR = Path(__file__).parents[2] / "fonts"


@cache
def register() -> frozenset[int]:
    """Register the regular and bold faces; return the code points both can draw."""
    faces = [TTFont(name, str(FONT_DIR / file)) for name, file in _FILES.items()]
    for face in faces:
        _glyphs_sliced_in_place(face.face)
        pdfmetrics.registerFont(face)
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    regular, bold = (set(face.face.charToGlyph) for face in faces)
    return frozenset(regular & bold)


class _TableInPlace:
    """A font table read in place: slicing it copies the slice only, not the whole table."""

    __slots__ = ("_data", "_start")

    def __init__(self, data: bytes, start: int) -> None:
        self._data = data
        self._start = start

    def __getitem__(self, part: slice) -> bytes:
        return self._data[self._start + part.start : self._start + part.stop]


def _glyphs_sliced_in_place(face: Any) -> None:
    """Make each certificate's font subset take its glyphs from the font without copying it.

    reportlab's ``makeSubset`` copies the whole ``glyf`` table (8 MB here) to slice out the
    few glyphs a PDF uses: 2 ms a face, a tenth of a certificate. It only slices the table, so
    handing it a view that slices in place gives the same bytes (a test compares them).
    """
    read_table = face.get_table

    def get_table(tag: str) -> Any:
        if tag != "glyf":
            return read_table(tag)
        return _TableInPlace(face._ttf_data, face.get_table_pos(tag)[0])

    face.get_table = get_table


def missing(text: str) -> list[str]:
    """The characters of ``text`` the font cannot draw, each once, in order; spaces aside."""
    drawable = register()
    found: dict[str, None] = {}
    for char in text:
        if ord(char) not in drawable and not char.isspace():
            found[char] = None
    return list(found)
