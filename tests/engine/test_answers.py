"""Answers as people type them and read them: values shown, labels inside sentences."""

from __future__ import annotations

import pytest

from qa_check.engine.answers import in_sentence, show


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "yes"), (False, "no"), (1.2, "1.2"), (60.0, "60"), (["a", 2.5], "a, 2.5"), ("x", "x")],
)
def test_show(value: object, text: str) -> None:
    assert show(value) == text


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("Outermost layer", "outermost layer"),
        ("SKU barcode layer", "SKU barcode layer"),
        ("OPP bag inside the foam", "OPP bag inside the foam"),
        ("A", "A"),
        ("最外层", "最外层"),
        ("", ""),
    ],
)
def test_a_label_inside_a_sentence_keeps_the_capitals_of_abbreviations(
    label: str, in_a_sentence: str
) -> None:
    assert in_sentence(label) == in_a_sentence
