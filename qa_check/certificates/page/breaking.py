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
from typing import Any

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    ParaLines,
    cjkU,
    makeCJKParaLine,
)

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
    """A Paragraph whose lines break by ``breaks``: for text with Chinese characters in it."""

    def breakLinesCJK(self, maxWidths: Any) -> ParaLines:
        """Break the paragraph's fragments into lines, each hard break (``<br/>``) kept."""
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            done: ParaLines = self.blPara  # a part of a paragraph split across pages: broken
            return done
        room = maxWidths[0] if isinstance(maxWidths, (list, tuple)) else maxWidths
        self.height = 0
        segments: list[list[Any]] = [[]]
        for frag in self.frags:
            segments[-1].extend(cjkU(char, frag, "utf8") for char in frag.text or "")
            if hasattr(frag, "lineBreak"):
                segments.append([])
        lines: list[Any] = []
        for number, segment in enumerate(segments):
            found = breaks(segment, [unit.width for unit in segment], room)
            if not found and number < len(segments) - 1:
                lines.append(makeCJKParaLine([], room, 0, room, True, 0))  # an empty line
            for first, end in found:
                used = sum(unit.width for unit in segment[first:end])
                lines.append(makeCJKParaLine(segment[first:end], room, used, room - used, False, 0))
        broken: ParaLines = ParaLines(kind=1, lines=lines)
        return broken
