"""The reportlab-free glyph check: its coverage file matches the fonts, its answers match."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa_check.certificates.page import fonts, glyphs

COVERAGE = glyphs.COVERAGE_FILE
ROOT = Path(__file__).resolve().parents[3]


def coverage_lines(code_points: frozenset[int]) -> list[str]:
    """The lines of ``coverage.txt`` for ``code_points``: header, then hex ranges."""
    ranges: list[list[int]] = []
    for cp in sorted(code_points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return [
        "# Code points both certificate faces (NotoSansSC-Regular/-Bold.ttf) can draw:"
        " hex START-END, inclusive.",
        "# regenerate: see tests/certificates/page/test_glyphs.py"
        "::test_coverage_file_matches_the_fonts"
        " (run it with QA_CHECK_REGENERATE=1 to rewrite the file)",
        *(f"{a:04X}" if a == b else f"{a:04X}-{b:04X}" for a, b in ranges),
    ]


def test_coverage_file_matches_the_fonts() -> None:
    expected = "\n".join(coverage_lines(fonts.register())) + "\n"
    if os.environ.get("QA_CHECK_REGENERATE"):
        COVERAGE.write_text(expected, "utf-8", newline="\n")
    assert COVERAGE.read_text("utf-8") == expected


def test_the_loaded_coverage_is_what_the_fonts_can_draw() -> None:
    starts, ends = glyphs.coverage()
    loaded = {cp for start, end in zip(starts, ends, strict=True) for cp in range(start, end + 1)}
    assert loaded == fonts.register()
    assert list(starts) == sorted(starts)
    assert all(end < start for end, start in zip(ends, starts[1:], strict=False))  # disjoint


def test_the_coverage_file_lies_next_to_the_fonts() -> None:
    assert COVERAGE.parent == fonts.FONT_DIR


def test_printable_ascii_is_all_drawable() -> None:
    # the fast path in glyphs.missing relies on it
    assert all(glyphs.drawable(cp) for cp in range(0x20, 0x7F))
    assert all(cp in fonts.register() for cp in range(0x20, 0x7F))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Electric Kettle 1.7L, 43.2 kg ~ {ok}",
        "LED台灯 LED Desk Lamp",
        "电热水壶 Electric Kettle 1.7L",
        "（）：１．２",
        "\U0001f600",
        "\U00020000",
        "\ufffd",
        "\x07",
        "\x7f",
        " \t\n\u3000\u00a0",
        "蓝牙音箱\x07 Mini\U0001f600 Speaker \U00020000（１）\ufffd\U0001f600\x07 ≥ 30 kg/m³ — ·、",
    ],
)
def test_missing_agrees_with_the_font_module(text: str) -> None:
    assert glyphs.missing(text) == fonts.missing(text)


def test_missing_agrees_on_every_code_point_up_to_plane_3() -> None:
    # the fonts draw nothing above plane 3 (the coverage test proves the sets equal anyway)
    assert max(fonts.register()) < 0x32000
    everything = "".join(map(chr, range(0x32000)))
    result = glyphs.missing(everything)
    assert result == fonts.missing(everything)
    assert "\U0001f600" in result
    assert "台" not in result


def test_missing_lists_each_character_once_in_order() -> None:
    assert glyphs.missing("a\U0001f600b\U00020000c\U0001f600") == ["\U0001f600", "\U00020000"]
    assert glyphs.missing(" \t\n") == []


def test_importing_glyphs_does_not_import_reportlab() -> None:
    code = (
        "import sys, qa_check.certificates.page.glyphs as g;"
        " g.missing('x台'); print('reportlab' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "False"


def test_missing_characters_are_named_by_code_point() -> None:
    assert "U+1F600" in glyphs.describe(["\U0001f600"])
    named = glyphs.describe(["\U0001f600", "\U00020000"])
    assert named == "'\U0001f600' (U+1F600), '\U00020000' (U+20000)"
