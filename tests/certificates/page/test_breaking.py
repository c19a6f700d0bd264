"""Line breaking by the rules of Chinese text: where a line may end, and the lines it gives."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from qa_check.certificates.page import fonts
from qa_check.certificates.page.breaking import ChineseParagraph, breaks, may_break


def lines(text: str, room: int) -> list[str]:
    """``text`` broken ``room`` wide, each character one unit wide."""
    return [text[start:end] for start, end in breaks(text, [1.0] * len(text), room)]


@pytest.mark.parametrize(
    ("before", "after", "allowed"),
    [
        ("系", "数", True),  # between two Chinese characters
        ("3", "堆", True),  # Latin then Chinese
        ("数", "；", False),  # closing punctuation never starts a line
        ("地", "：", False),
        ("装", "）", False),
        ("（", "毛", False),  # opening punctuation never ends one
        ("《", "标", False),
        ("k", "g", False),  # a Latin word stays whole
        (" ", "k", True),  # after a space
        ("g", " ", False),  # the space stays at the end of the line
    ],
)
def test_where_a_line_may_break(before: str, after: str, allowed: bool) -> None:
    assert may_break(before, after) is allowed


@pytest.mark.parametrize(
    ("text", "room", "expected"),
    [
        ("安全系数3；堆高", 5, ["安全系数", "3；堆高"]),  # "；" goes down with the "3" before it
        ("跌落至水泥地：完好", 6, ["跌落至水泥", "地：完好"]),  # never "：完好"
        ("至少（毛重）", 3, ["至少", "（毛", "重）"]),  # "（" never ends a line
        ("产品属性带电", 5, ["产品属性", "带电"]),  # not "产品属性带" and "电" alone
        ("one two 三四", 7, ["one two", "三四"]),  # Latin breaks at spaces, never inside words
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # a word longer than the line is cut
        ("甲乙", 10, ["甲乙"]),
        ("", 5, []),
    ],
)
def test_lines_follow_the_rules(text: str, room: int, expected: list[str]) -> None:
    assert lines(text, room) == expected


def test_a_chinese_paragraph_on_the_page_font_keeps_punctuation_off_line_starts() -> None:
    """Where reportlab's own CJK wrapping starts a line with "；", ours does not."""
    fonts.register()
    style = ParagraphStyle("t", fontName=fonts.REGULAR, fontSize=8, leading=9.6, wordWrap="CJK")
    text = "至少 43.2 kg（毛重 1.6 kg × 上方堆码 9 件 × 安全系数 3；堆高 270 cm，每件高 26 cm）"
    width = next(
        room
        for room in range(60, 300)
        if _first_chars(Paragraph(text, style), room) & set("；，）")
    )
    ours = _first_chars(ChineseParagraph(text, style), width)
    assert not ours & set("；，）：。、")
    assert len(_texts(ChineseParagraph(text, style), width)) >= 2


def _texts(paragraph: Paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 1000)
    broken: Any = paragraph.blPara  # type: ignore[attr-defined]  # reportlab's lines, untyped
    found: list[str] = []
    for line in broken.lines:
        words = line[1] if isinstance(line, tuple) else [word.text for word in line.words]
        found.append("".join(words))
    return found


def _first_chars(paragraph: Paragraph, width: float) -> set[str]:
    return {text[:1] for text in _texts(paragraph, width)[1:]}
