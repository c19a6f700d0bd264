"""The catalogue: every message and every help text in both languages."""

from __future__ import annotations

import re
import string

import pytest

from qa_check.core.catalogue import CATALOGUE, HELP

CJK = re.compile(r"[\u4e00-\u9fff]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_placeholders(key: str) -> None:
    en, zh = CATALOGUE[key]
    assert en.strip(), f"{key}: no English"
    assert zh.strip(), f"{key}: no Chinese"
    assert placeholders(en) == placeholders(zh), key


@pytest.mark.parametrize("english", sorted(HELP))
def test_every_help_text_is_keyed_as_help_looks_it_up_and_reads_chinese(english: str) -> None:
    """Keys are the English with its words joined by single spaces, as ``-h`` looks them up."""
    chinese = HELP[english]
    assert english == " ".join(english.split())
    assert CJK.search(chinese), english
    assert chinese == " ".join(chinese.split()), english
