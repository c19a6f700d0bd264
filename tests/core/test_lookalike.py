"""where_differ: two names a reader cannot tell apart are told apart by code point; names that
look different, or are the same text, get nothing added."""

from __future__ import annotations

import pytest

from qa_check.core.lookalike import where_differ
from qa_check.core.messages import in_lang

LAB = "Lab One"


@pytest.mark.parametrize(
    ("other", "english", "chinese"),
    [
        (
            LAB + "\u200b",
            "at character 8, the end of the name against U+200B ZERO WIDTH SPACE",
            "第 8 个字符处，一个是 名称结尾，另一个是 U+200B ZERO WIDTH SPACE",
        ),
        (LAB + " ", "at character 8, the end of the name against U+0020 SPACE", "第 8 个字符处"),
        ("Lab\u00a0One", "at character 4, U+0020 SPACE against U+00A0 NO-BREAK SPACE", "第 4 个"),
        (
            "\u202eLab One",
            "at character 1, U+004C LATIN CAPITAL LETTER L against U+202E RIGHT-TO-LEFT OVERRIDE",
            "第 1 个",
        ),
        (
            "Ｌab One",
            "at character 1, U+004C LATIN CAPITAL LETTER L against"
            " U+FF2C FULLWIDTH LATIN CAPITAL LETTER L",
            "第 1 个",
        ),
    ],
)
def test_names_that_print_alike_are_told_apart_by_code_point(
    other: str, english: str, chinese: str
) -> None:
    said = where_differ(LAB, other)
    assert said == f" (the two look alike but are not the same text: {english})"
    assert in_lang(said, "zh").startswith(f"（二者看起来相同，但文字并不相同：{chinese}")


@pytest.mark.parametrize(
    "other",
    [
        LAB,  # the same text
        "Totally Different Lab",
        "lab one",  # another case is seen
        "Lab \u041ene",  # CYRILLIC CAPITAL LETTER O: another script, another name, no hint
    ],
)
def test_the_same_name_or_one_that_looks_different_gets_nothing(other: str) -> None:
    assert where_differ(LAB, other) is None
