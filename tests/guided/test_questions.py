"""The wording of the guided run: how a typed line is read, and texts in both languages."""

from __future__ import annotations

import pytest

from qa_check.core.messages import Message, in_lang
from qa_check.engine import models as m
from qa_check.engine.checklists import Registry, select
from qa_check.guided import questions as q
from qa_check.guided.questions import Slot


def _slot(registry: Registry, qname: str) -> Slot:
    checklist = qname.partition(".")[0]
    [compiled] = select(registry, [checklist])
    [item] = [item for item in compiled.items if item.qname == qname]
    return Slot(qname, item)


def test_a_typed_line_that_is_none_of_the_choices_names_them_in_each_language(
    registry: Registry,
) -> None:
    with pytest.raises(m.AnswerError) as caught:
        q.read(_slot(registry, "packaging-stack.cushioning"), "plastic")
    said = caught.value.message
    assert isinstance(said, Message)
    assert "(1 Foam, 2 Pearl cotton (EPE foam), 3 Fixing material, 4 None)" in said
    assert "1 泡沫" in said.zh
    assert "Foam" not in said.zh


def test_a_choice_is_shown_by_its_label_in_both_languages(registry: Registry) -> None:
    slot = _slot(registry, "packaging-stack.cushioning")
    assert q.read(slot, "2") == "pearl_cotton"
    shown = q.shown(slot, "foam")
    assert (in_lang(shown, "en"), in_lang(shown, "zh")) == ("Foam", "泡沫")
    assert q.shown(slot, "not a choice") == "not a choice"


def test_a_question_carries_both_languages_and_leaves_what_was_typed_as_it_is(
    registry: Registry,
) -> None:
    slot = _slot(registry, "drop-test.surface")
    [compiled] = select(registry, ["drop-test"])
    question = q.item_question(slot, compiled.checklist.title, 2, 5, None, "x")
    assert question.shown("zh").text == "包装跌落在什么表面上？"
    assert question.shown("zh").section == "跌落测试"
    assert question.shown("en").position == "item 2 of 5"
    assert question.shown("zh").current == "x"
    assert all(isinstance(text, Message) for text in (question.text, question.help))
    assert all(isinstance(option, Message) for option in question.options)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("A\x1b[31mB", "use text without line breaks or control characters"),
        ("杯子-01", "Code 128 cannot encode '杯' (U+676F), '子' (U+5B50)"),
        ("X" * 101, "at most 100 characters"),
    ],
)
def test_a_sku_the_certificate_cannot_carry_is_refused_when_typed(typed: str, message: str) -> None:
    with pytest.raises(m.AnswerError) as caught:
        q.read(Slot("sku", field="sku"), typed)
    assert message in caught.value.message
    assert caught.value.message.zh != str(caught.value.message), "said in Chinese too"
