"""Answers: turning what was typed into values, and values back into words people read.

A checklist item's answer kind (yes/no, choice, number, text, series) decides how a typed answer
is parsed and how a value is shown in reports, runs and certificates. The rules (``rules``)
judge the parsed values; this module never judges.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qa_check.core.messages import Message, in_both, in_lang, msg, word
from qa_check.engine import models as m

Parser = Callable[[object], Any]
"""Turns a typed answer into a value, or raises ValueError saying why."""
Show = Callable[[Any], str]
"""How values read in one language."""


def show(value: Any) -> str:
    """A value as people read it: yes/no, numbers without trailing zeros, lists joined."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value)
    return str(value)


def labeller(answer: m.AnswerSpec, lang: str) -> Show:
    """How an item's values read in a language: choice and series labels, yes/no, numbers."""
    labels: dict[str, str] = {}
    entry = answer.entry if isinstance(answer, m.SeriesAnswer) else answer
    if isinstance(entry, m.ChoiceAnswer):
        labels = {option.value: getattr(option, lang) for option in entry.choices}
    if isinstance(answer, m.SeriesAnswer):
        labels.update({group.label: getattr(group.name, lang) for group in answer.groups})

    def show_in(value: Any) -> str:
        if isinstance(value, bool):
            return word("yes" if value else "no", lang)
        if isinstance(value, list | tuple):
            return ", ".join(show_in(v) for v in value)
        if isinstance(value, str):
            return labels.get(value, value)
        return show(value)

    return show_in


def display(answer: m.AnswerSpec, value: Any, lang: str) -> str:
    """A recorded value as a certificate prints it: labelled, with the unit of a number."""
    text = labeller(answer, lang)(value)
    return f"{text} {answer.unit}" if isinstance(answer, m.NumberAnswer) else text


def recorded_words(item: m.Item, value: Any, lang: str) -> str:
    """A failed item's recorded value as a report states it: a series as counts per label."""
    expected = series_expected(item)
    answer = item.answer
    if expected is None or not isinstance(answer, m.SeriesAnswer):
        return display(answer, value, lang)
    show_in = labeller(answer, lang)
    labels = answer.labels
    counts = dict.fromkeys(labels, 0)
    for label, entry in zip(labels, value, strict=True):
        counts[label] += entry == expected
    parts = [
        f"{in_sentence(show_in(label))} {counts[label]}/{labels.count(label)}" for label in counts
    ]
    listed = word("list_separator", lang).join(parts)
    return in_lang(msg("req_counts", value=show_in(expected), counts=listed), lang)


def recorded_message(item: m.Item, value: Any) -> Message:
    """A failed item's recorded value in both languages, as reports and the guided run show it."""
    return in_both(lambda lang: recorded_words(item, value, lang))


def in_sentence(text: str) -> str:
    """A label as it reads inside a sentence: ``Outermost layer`` -> ``outermost layer``.

    Only a capital followed by a small letter is lowered, so that ``SKU barcode`` and
    ``OPP bag`` keep their capitals; Chinese has none.
    """
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def item_name(item: m.Item, lang: str) -> str:
    """An item as a sentence names it: its label (else its prompt) in a language."""
    return in_sentence(getattr(item.label or item.prompt, lang))


def series_expected(item: m.Item) -> Any:
    """The entry value a series must show to count (``intact``), or None for other items."""
    if isinstance(item.answer, m.SeriesAnswer) and isinstance(item.criterion, m.Count):
        return parser_for(item.answer.entry)(item.criterion.count.equals)
    return None


def parser_for(
    spec: m.YesNoAnswer | m.ChoiceAnswer | m.NumberAnswer | m.TextAnswer | m.SeriesAnswer,
) -> Parser:
    """The function that turns a typed answer into a value, or raises ValueError saying why."""
    if isinstance(spec, m.YesNoAnswer):
        return m.parse_yes_no
    if isinstance(spec, m.ChoiceAnswer):
        return _choice_parser(spec)
    if isinstance(spec, m.NumberAnswer):
        return _number_parser(spec)
    if isinstance(spec, m.TextAnswer):
        return _parse_text
    return _series_parser(spec)


def _choice_parser(spec: m.ChoiceAnswer) -> Parser:
    known: dict[str, str] = {}
    for option in spec.choices:
        known[option.value.lower()] = option.value
        known.setdefault(option.en.strip().lower(), option.value)
        known.setdefault(option.zh.strip(), option.value)
    allowed = ", ".join(option.value for option in spec.choices)

    def parse(raw: object) -> str:
        if isinstance(raw, str):
            text = raw.strip()
            found = known.get(text.lower()) or known.get(text)
            if found:
                return found
        raise m.AnswerError(msg("not_a_choice", value=raw, allowed=allowed))

    return parse


def _number_parser(spec: m.NumberAnswer) -> Parser:
    def parse(raw: object) -> float:
        number = m.parse_number(raw, spec.unit)
        if spec.valid_min is not None and number < spec.valid_min:
            raise m.AnswerError(
                msg("below_min", number=show(number), unit=spec.unit, limit=show(spec.valid_min))
            )
        if spec.valid_max is not None and number > spec.valid_max:
            raise m.AnswerError(
                msg("above_max", number=show(number), unit=spec.unit, limit=show(spec.valid_max))
            )
        return number

    return parse


def _parse_text(raw: object) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise m.AnswerError(msg("text_expected", kind=type(raw).__name__))
    text = str(raw).strip()
    if not text:
        raise m.AnswerError(msg("text_empty"))
    return text


def _series_parser(spec: m.SeriesAnswer) -> Parser:
    entry = parser_for(spec.entry)
    labels = spec.labels

    def parse(raw: object) -> list[Any]:
        if not isinstance(raw, list):
            raise m.AnswerError(msg("series_list", count=len(labels)))
        if len(raw) != len(labels):
            raise m.AnswerError(msg("series_length", count=len(labels), got=len(raw)))
        values = []
        for number, (label, value) in enumerate(zip(labels, raw, strict=True), start=1):
            if value is None:
                raise m.AnswerError(msg("entry_missing", number=number, label=label))
            try:
                values.append(entry(value))
            except ValueError as exc:
                raise m.AnswerError(
                    msg("entry_bad", number=number, label=label, reason=m.reason(exc))
                ) from None
        return values

    return parse


# --- typed texts judging may skip parsing --------------------------------------------------

_YES_NO_WORDS = ("yes", "no", "true", "false")


def usual_texts(
    answer: m.YesNoAnswer | m.ChoiceAnswer | m.NumberAnswer | m.TextAnswer | m.SeriesAnswer,
) -> tuple[str, ...]:
    """The usual typed texts of a yes/no or choice answer; none for other kinds."""
    if isinstance(answer, m.YesNoAnswer):
        return _YES_NO_WORDS
    if isinstance(answer, m.ChoiceAnswer):
        return tuple(option.value for option in answer.choices)
    return ()


def passing_texts(item: m.Item, parse: Parser) -> frozenset[str]:
    """The exact typed texts that pass an equals / one_of item, so judging can skip parsing.

    Only strings: ``1 == True`` in Python, and a JSON ``1`` is not a yes/no answer.
    """
    spec = item.criterion
    answer = item.answer
    candidates = usual_texts(answer)
    if not candidates:
        return frozenset()
    if isinstance(spec, m.Equals):
        allowed = [parse(spec.equals)]
    elif isinstance(spec, m.OneOf):
        allowed = [parse(value) for value in spec.one_of]
    else:
        return frozenset()
    return frozenset(text for text in candidates if parse(text) in allowed)
