"""The catalogue: every message in both languages."""

from __future__ import annotations

import string

import pytest

from qa_check.core.catalogue import CATALOGUE


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_placeholders(key: str) -> None:
    en, zh = CATALOGUE[key]
    assert en.strip(), f"{key}: no English"
    assert zh.strip(), f"{key}: no Chinese"
    assert placeholders(en) == placeholders(zh), key
