"""The certificate font: what it can draw, and how a character it cannot draw is named."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from qa_check.certificates.page.fonts import BOLD, FONT_DIR, REGULAR, missing, register


def test_the_font_ships_in_the_package() -> None:
    assert sorted(p.name for p in FONT_DIR.glob("*.ttf")) == [
        "NotoSansSC-Bold.ttf",
        "NotoSansSC-Regular.ttf",
    ]
    for font in FONT_DIR.glob("*.ttf"):
        assert font.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType outlines, not CFF


def test_register_returns_what_both_faces_can_draw() -> None:
    drawable = register()
    assert isinstance(drawable, frozenset)
    assert ord("中") in drawable
    assert ord("A") in drawable
    assert 0x1F600 not in drawable
    assert 0x20000 not in drawable
    assert register() is drawable  # registered once
    assert pdfmetrics.getFont(REGULAR).fontName == REGULAR
    assert pdfmetrics.getFont(BOLD).fontName == BOLD


def test_english_chinese_and_the_symbols_used_are_drawable() -> None:
    assert missing("ABC 中文 1.2 m ≥") == []
    assert missing("Packaging 包装与质检证书 1.2 m × 9 ≥ 43.2 kg — ·（）：、 30 kg/m³") == []


def test_missing_characters_are_listed_once_each_in_order() -> None:
    assert missing("a\U0001f600b\U0001f600") == ["\U0001f600"]
    assert missing("a\U0001f600b\U00020000c\U0001f600") == ["\U0001f600", "\U00020000"]
    assert missing(" \t\n") == []
