"""The site's script and style sheet: shipped in the wheel, self-contained, worded by the catalogue.

What they do in a browser is tested in ``test_browser.py``; here, what can be read from the
files: nothing fetched from elsewhere, no text parsed as markup, every word from the catalogue.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hatchling.builders.wheel import WheelBuilder

from conftest import ROOT
from qa_check.core.catalogue import CATALOGUE

ASSETS = ROOT / "qa_check" / "publish" / "assets"
SCRIPT = (ASSETS / "qa-check.js").read_text("utf-8")
STYLE = (ASSETS / "qa-check.css").read_text("utf-8")
CODE = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "", SCRIPT, flags=re.S).strip()
"""The script without its comments (which may name http:// as the place crypto.subtle lacks)."""


def test_an_installed_wheel_ships_the_script_and_the_style_sheet(tmp_path: Path) -> None:
    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as shipped:
        for asset in ("qa-check.js", "qa-check.css"):
            packaged = shipped.read(f"qa_check/publish/assets/{asset}")
            assert packaged == (ASSETS / asset).read_bytes(), asset


@pytest.mark.parametrize(
    "forbidden",
    [
        r"\beval\s*\(",
        r"\bnew\s+Function\b",
        r"\.innerHTML\b",
        r"\.outerHTML\b",
        r"insertAdjacentHTML",
        r"document\.write",
        r"\bimport\s*\(",
        r"https?://",
        r"setTimeout\s*\(\s*[\"'`]",
    ],
)
def test_the_script_parses_no_text_as_code_or_markup_and_fetches_nothing_from_elsewhere(
    forbidden: str,
) -> None:
    assert not re.search(forbidden, CODE), forbidden


def test_the_script_is_strict() -> None:
    assert CODE.startswith('"use strict";')


def test_the_style_sheet_loads_nothing_from_elsewhere() -> None:
    assert not re.search(r"@import|url\s*\(", STYLE)


def test_every_word_the_script_shows_is_in_the_catalogue_and_every_web_js_word_is_used() -> None:
    used = set(re.findall(r"\"(web_js_\w+)\"", SCRIPT))
    catalogued = {key for key in CATALOGUE if key.startswith("web_js_")}
    assert used == catalogued
