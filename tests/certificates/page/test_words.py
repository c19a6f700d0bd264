"""The page's words: in its languages, plain or wrapped, and checked against the font."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from qa_check.certificates.page import fonts
from qa_check.certificates.page.style import GREEN, styles
from qa_check.certificates.page.words import Plain, Words, one_line
from qa_check.core.errors import CertificateError, Location


def words(*langs: str) -> Words:
    fonts.register()
    return Words(langs, styles(len(langs) > 1, GREEN))


def test_a_text_is_said_once_a_language_a_line_and_once_when_they_agree() -> None:
    both = words("en", "zh")
    assert both.say(lambda lang: f"drop {lang}") == "drop en\ndrop zh"
    assert both.say(lambda lang: "SKU") == "SKU"
    assert one_line("Title\n标题", "  ") == "Title  标题"


def test_a_cell_that_fits_its_column_is_plain_text_else_a_wrapped_paragraph() -> None:
    page = words("en")
    short = page.cell("PASS", 50, "head")
    assert isinstance(short, Plain)
    assert (short, short.style) == ("PASS", page.styles["head"])
    assert isinstance(page.cell("a requirement in many words " * 4, 50), Paragraph)
    assert isinstance(page.cell("", 50), Paragraph)  # an empty line is a paragraph's to draw


def test_characters_the_font_lacks_are_refused_naming_where_each_comes_from() -> None:
    page = words("en")
    page.cell("Mug \U00020000", 200, where="product_name")
    page.para("Corner \U0001f600 drop", where="checklist drop-test, item corner")
    page.cell("Wang Fang \U00020000", 200, where="product_name")  # named once
    page.cell("Wang Fang", 200, where="inspector")
    with pytest.raises(CertificateError) as caught:
        page.refuse_missing(Location("r.yaml", 1))
    assert [(p.location.field, str(p.message)) for p in caught.value.problems] == [
        ("product_name", "the certificate font cannot show '\U00020000' (U+20000)"),
        (
            None,
            "the certificate font cannot show '\U0001f600' (U+1F600)"
            " (in checklist drop-test, item corner)",
        ),
    ]


def test_a_page_the_font_can_draw_is_not_refused() -> None:
    page = words("zh")
    page.cell("保温杯 Thermos", 200, where="product_name")
    page.refuse_missing(Location("r.yaml", 1))
    assert page.missing == {}
