"""Which characters the certificate font can draw, answered without importing reportlab.

``qa-check validate`` flags text the certificate could not draw, exactly as ``certify`` does,
but must stay fast: importing reportlab and reading the two TrueType faces (``page.fonts``)
costs far more than judging a record. The code points both faces can draw are therefore stored
as ranges in ``qa_check/fonts/coverage.txt`` (kept equal to the fonts by
``tests/certificates/page/test_glyphs.py``) and looked up here with ``bisect``.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from pathlib import Path

COVERAGE_FILE = Path(__file__).parents[2] / "fonts" / "coverage.txt"
"""The coverage file, next to the fonts it describes (it ships in the wheel with them)."""


@cache
def coverage() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The drawable code points as sorted, disjoint ranges: ``(starts, ends)``, ends inclusive."""
    # A plain path, not importlib.resources: that import alone costs ~15 ms.
    text = COVERAGE_FILE.read_text("utf-8")
    starts: list[int] = []
    ends: list[int] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        start, _, end = line.partition("-")
        starts.append(int(start, 16))
        ends.append(int(end or start, 16))
    return tuple(starts), tuple(ends)


def drawable(code_point: int) -> bool:
    """Whether both faces of the certificate font can draw ``code_point``."""
    starts, ends = coverage()
    i = bisect_right(starts, code_point) - 1
    return i >= 0 and code_point <= ends[i]


def missing(text: str) -> list[str]:
    """The characters of ``text`` the font cannot draw, each once, in order; spaces aside.

    Same answer as ``page.fonts.missing``, without reportlab.
    """
    if text.isascii() and text.isprintable():
        return []  # U+0020-U+007E are all drawable (checked by the tests)
    starts, ends = coverage()
    found: list[str] = []
    for char in dict.fromkeys(text):
        if " " <= char <= "~" or char.isspace():
            continue
        code_point = ord(char)
        i = bisect_right(starts, code_point) - 1
        if i < 0 or code_point > ends[i]:
            found.append(char)
    return found


def describe(chars: list[str]) -> str:
    """``'𠀀' (U+20000), '🙂' (U+1F642)``: characters named so that anyone can find them."""
    return ", ".join(f"{char!r} (U+{ord(char):04X})" for char in chars)
