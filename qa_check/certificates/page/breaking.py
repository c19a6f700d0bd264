"""Line breaking for text with Chinese in it, by the rules a Chinese reader expects.

reportlab's CJK wrapping breaks after any character and lets only a few closing marks hang:
lines of a Chinese certificate began with ``：完好`` or ``；堆高…``, an opening ``（`` ended a
line, and one character sat alone on the last line. ``breaks`` applies the usual rules (no
closing punctuation at a line start, no opening punctuation at a line end, Latin words and
numbers kept whole, no lone character on a paragraph's last line where the line above can
spare one) and ``ChineseParagraph`` draws its lines with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby
from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import FragLine, ParaLines

CANNOT_START = frozenset("，。；：、）」』》〉】〕！？…%％·’”,.;:!?)]}")
"""Closing punctuation: never the first character of a line."""
CANNOT_END = frozenset("（「『《〈【〔“‘([{")
"""Opening punctuation: never the last character of a line."""
FUZZ = 1e-6


def is_wide(char: str) -> bool:
    """A Chinese character or full-width mark: a line may break on either side of it."""
    return char >= "\u2e80"


def may_break(before: str, after: str) -> bool:
    """True when a line may end with ``before`` and the next begin with ``after``."""
    if after in CANNOT_START or before in CANNOT_END or after.isspace():
        return False
    return before.isspace() or is_wide(before) or is_wide(after)


def breaks(chars: Sequence[str], widths: Sequence[float], room: float) -> list[tuple[int, int]]:
    """The lines of one paragraph (no hard breaks in it) ``room`` wide, as (start, end) indices.

    Spaces at a line's end are left out of it, and the next line starts after them. A word
    longer than the line is cut where it must (never before closing punctuation).
    """
    lines: list[tuple[int, int]] = []
    count = len(chars)
    start = _skip_spaces(chars, 0)
    while start < count:
        end = _line_end(chars, widths, start, room)
        lines.append((start, _trimmed(chars, start, end)))
        start = _skip_spaces(chars, end)
    if len(lines) > 1:
        lines[-2:] = _no_lone_character(chars, widths, lines[-2], lines[-1], room)
    return lines


def _line_end(chars: Sequence[str], widths: Sequence[float], start: int, room: float) -> int:
    """Where the line from ``start`` ends: at the last break that fits, else where it must."""
    used = 0.0
    last_break = 0
    for i in range(start, len(chars)):
        if i > start and may_break(chars[i - 1], chars[i]):
            last_break = i
        used += widths[i]
        if used > room + FUZZ and not chars[i].isspace():
            if last_break > start:
                return last_break
            cut = max(i, start + 1)  # at least one character a line: progress
            while cut > start + 1 and chars[cut] in CANNOT_START:
                cut -= 1
            return cut
    return len(chars)


def _no_lone_character(
    chars: Sequence[str],
    widths: Sequence[float],
    above: tuple[int, int],
    last: tuple[int, int],
    room: float,
) -> list[tuple[int, int]]:
    """The last two lines again, the last holding more than one character where it can."""
    shown = [char for char in chars[last[0] : last[1]] if char not in CANNOT_START]
    if len(shown) != 1 or not is_wide(shown[0]):
        return [above, last]
    end = last[1]
    for i in range(last[0] - 1, above[0] + 1, -1):
        if may_break(chars[i - 1], chars[i]):
            if sum(widths[i:end]) > room + FUZZ:
                break
            return [(above[0], _trimmed(chars, above[0], i)), (i, end)]
    return [above, last]


def _skip_spaces(chars: Sequence[str], i: int) -> int:
    while i < len(chars) and chars[i].isspace():
        i += 1
    return i


def _trimmed(chars: Sequence[str], start: int, end: int) -> int:
    while end > start and chars[end - 1].isspace():
        end -= 1
    return end


class ChineseParagraph(Paragraph):
    """A Paragraph whose lines break by ``breaks``: for text with Chinese characters in it.

    A table measures its cells several times at one width: the lines are kept for the last width
    asked. A paragraph of one style gives reportlab's simple lines, as its own wrapping does.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        """Break the paragraph's fragments into lines, each hard break (``<br/>``) kept."""
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            return self.blPara  # a part of a paragraph split across pages: broken already
        room = maxWidths[0] if isinstance(maxWidths, (list, tuple)) else maxWidths
        self.height = 0
        known = self.__dict__.get("_broken")
        if known is None or known[0] != room:
            known = (room, self._broken_at(room))
            self.__dict__["_broken"] = known
        return known[1]

    def _broken_at(self, room: float) -> Any:
        """The paragraph's lines ``room`` wide: (characters with their fragment, space left)."""
        segments: list[list[tuple[str, Any]]] = [[]]
        for frag in self.frags:
            segments[-1].extend((char, frag) for char in frag.text or "")
            if hasattr(frag, "lineBreak"):
                segments.append([])
        lines: list[tuple[list[tuple[str, Any]], float]] = []
        for number, segment in enumerate(segments):
            widths = [_width(char, frag.fontName, frag.fontSize) for char, frag in segment]
            found = breaks([char for char, _ in segment], widths, room)
            if not found and number < len(segments) - 1:
                lines.append(([], room))  # an empty line between two hard breaks
            lines += [(segment[first:end], room - sum(widths[first:end])) for first, end in found]
        if len(self.frags) == 1:
            frag = self.frags[0]
            simple = [(left, ["".join(char for char, _ in line)]) for line, left in lines]
            return frag.clone(
                kind=0, lines=simple, ascent=frag.fontSize, descent=-0.2 * frag.fontSize
            )
        return ParaLines(kind=1, lines=[_frag_line(line, room, left) for line, left in lines])


def _frag_line(line: list[tuple[str, Any]], room: float, left: float) -> Any:
    """One line of a paragraph of several styles: its text run by run, as reportlab draws it."""
    words = []
    for _, run in groupby(line, key=lambda unit: id(unit[1])):
        units = list(run)
        words.append(units[0][1].clone(text="".join(char for char, _ in units)))
    bounds = [getAscentDescent(word.fontName, word.fontSize) for word in words] or [(0.0, 0.0)]
    return FragLine(
        kind=1,
        extraSpace=left,
        wordCount=1,
        words=words,
        fontSize=max((word.fontSize for word in words), default=0),
        ascent=max(ascent for ascent, _ in bounds),
        descent=min(descent for _, descent in bounds),
        maxWidth=room,
        currentWidth=room - left,
        lineBreak=False,
    )


@lru_cache(maxsize=8192)
def _width(char: str, font: str, size: float) -> float:
    """A character's width: a page measures the same few hundred characters again and again."""
    return float(stringWidth(char, font, size))
