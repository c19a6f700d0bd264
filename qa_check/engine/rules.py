"""Rule evaluation: conditions and criteria, compiled once per checklist.

Each criterion kind of ``models`` has one evaluator here. Compiling turns a checklist item into
plain functions, checks that every value and reference it names makes sense (the same checks
``lint`` reports), and leaves nothing to interpret per record but the answers themselves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from qa_check.core.messages import Message, in_both, in_lang, msg, word
from qa_check.engine import models as m
from qa_check.engine.answers import (
    Parser,
    Show,
    display,
    in_sentence,
    item_name,
    parser_for,
    show,
    usual_texts,
)

PathKey = tuple[str | int, ...]


class SpecError(ValueError):
    """A checklist value or reference that cannot work; ``path`` points into the checklist."""

    def __init__(self, path: PathKey, message: str) -> None:
        super().__init__(message)
        self.path = path


class Status(Enum):
    """What became of one item for one record."""

    OK = "ok"
    NOT_APPLICABLE = "n/a"
    MISSING = "missing"
    BAD = "bad"
    UNDECIDED = "undecided"


class Slot(NamedTuple):
    """An item's status and, when OK, its parsed answer (a tuple: made for every item)."""

    status: Status
    value: Any = None
    message: str = ""
    why: Why | None = None
    """When NOT_APPLICABLE: why not, in words (the condition that is false says it)."""


UNDECIDED = Slot(Status.UNDECIDED)


class Unavailable(Exception):
    """A threshold or comparison needs a value the record does not provide.

    ``reported`` is true when the missing value is already a problem of its own item, so that
    one typing mistake is reported once.
    """

    def __init__(self, message: str, *, reported: bool) -> None:
        super().__init__(message)
        self.reported = reported


class NotApplicable(Unavailable):
    """The value needed is the answer to an item that does not apply; ``why`` says why not."""

    def __init__(self, ref: str, why: Why | None) -> None:
        super().__init__(f"{ref} does not apply to this product", reported=False)
        self.why = why


class Facts:
    """What a criterion may look at: product attributes, typed answers, the items' slots."""

    def __init__(
        self,
        attributes: Mapping[str, Any],
        answers: Mapping[str, Mapping[str, Any]],
        slots: Mapping[str, Slot],
        resolve: Callable[[str], Slot],
        fields: Mapping[str, str] | None = None,
    ) -> None:
        self.attributes = attributes
        self.answers = answers
        self.slots = slots
        self.resolve = resolve
        self.fields: Mapping[str, str] = fields or {}

    def attribute(self, name: str) -> Any:
        """A product attribute; Unavailable when the record's value for it is missing or bad."""
        try:
            return self.attributes[name]
        except KeyError:
            raise Unavailable(f"product.{name} has no valid value", reported=True) from None

    def field(self, name: str) -> str:
        """A record field such as the SKU; Unavailable when it is missing or bad."""
        try:
            return self.fields[name]
        except KeyError:
            raise Unavailable(f"{name} has no valid value", reported=True) from None

    def answer(self, ref: str) -> Any:
        """The parsed answer to ``ref``, or Unavailable saying why there is none."""
        slot = self.slots.get(ref) or self.resolve(ref)
        if slot.status is Status.OK:
            return slot.value
        if slot.status is Status.NOT_APPLICABLE:
            raise NotApplicable(ref, slot.why)
        if slot.status is Status.UNDECIDED and slot.message:
            raise Unavailable(slot.message, reported=False)
        raise Unavailable(f"{ref} has no valid answer", reported=True)


Check = Callable[[Any, Facts], bool]
"""Whether a parsed answer meets its criterion, for one record."""
Describe = Callable[[Facts, Show, str], str]
"""The requirement in words for one record: facts, how to show values, language (en or zh)."""
Why = Callable[[Facts], Message]
"""Why an item does not apply to one record, in words (English, and Chinese via ``in_lang``)."""


class Criterion(NamedTuple):
    """An item's compiled criterion: the check, and the requirement it checks, in words."""

    check: Check
    describe: Describe


# --- references ----------------------------------------------------------------------------


def qualify(ref: str, checklist_id: str) -> str:
    """``item`` means an item of the same checklist; ``checklist.item`` names another's."""
    return ref if "." in ref else f"{checklist_id}.{ref}"


class Scope:
    """What a checklist's references may point at, for compiling and linting."""

    def __init__(
        self, checklist: m.Checklist, items: Mapping[str, m.Item], earlier: set[str]
    ) -> None:
        self.checklist = checklist
        self.items = items
        self.earlier = earlier
        self.referenced: set[str] = set()
        """Every item a reference named so far: what the item being compiled depends on."""

    def item(self, ref: str, path: PathKey) -> tuple[str, m.Item]:
        """The item a reference names; it must exist and be asked before the referrer."""
        qname = qualify(ref, self.checklist.id)
        self.referenced.add(qname)
        item = self.items.get(qname)
        if item is None:
            raise SpecError(path, f"refers to unknown item {ref!r}")
        if qname not in self.earlier:
            raise SpecError(path, f"refers to {ref!r}, which is not asked before this item")
        return qname, item

    def setting(self, name: str, path: PathKey) -> float:
        """A numeric setting of the checklist."""
        if name not in self.checklist.settings:
            raise SpecError(path, f"refers to unknown setting {name!r}")
        return self.checklist.settings[name]


def _attribute(name: str, path: PathKey) -> str:
    if name not in m.ATTRIBUTE_UNITS:
        known = ", ".join(m.ATTRIBUTE_UNITS)
        raise SpecError(path, f"unknown product attribute {name!r} (known: {known})")
    return name


def _expect(parse: Parser, value: object, path: PathKey) -> Any:
    try:
        return parse(value)
    except ValueError as exc:
        raise SpecError(path, f"not a possible answer here: {exc}") from None


# --- operands ------------------------------------------------------------------------------

Resolver = Callable[[Facts], float]
"""Computes a threshold's number for one record."""


class Threshold(NamedTuple):
    """A compiled threshold: its number for one record and, when it is computed, how."""

    value: Resolver
    how: Callable[[Facts], Message] | None = None
    """How the number was computed for one record, in words; asked only to describe it."""


def operand(spec: m.Operand, scope: Scope, path: PathKey) -> Threshold:
    """Compile a threshold: a literal, a setting, an attribute, an answer or a stack load."""
    if isinstance(spec, float):
        return Threshold(lambda facts: spec)
    if isinstance(spec, m.SettingRef):
        value = scope.setting(spec.setting, (*path, "setting"))
        return Threshold(lambda facts: value)
    if isinstance(spec, m.AttributeRef):
        name = _attribute(spec.attribute, (*path, "attribute"))
        if name == "electrical":
            raise SpecError((*path, "attribute"), "electrical is yes/no, not a number")
        return Threshold(lambda facts: float(facts.attribute(name)))
    if isinstance(spec, m.AnswerRef):
        qname, item = scope.item(spec.answer, (*path, "answer"))
        if not isinstance(item.answer, m.NumberAnswer):
            raise SpecError((*path, "answer"), f"{spec.answer!r} is not answered with a number")
        return Threshold(lambda facts: float(facts.answer(qname)))
    return _stack_load(spec.stack_load, scope, (*path, "stack_load"))


def _unit_of(spec: m.Operand, scope: Scope) -> str | None:
    """The unit of a threshold, where its source says it: an attribute's, a number item's."""
    if isinstance(spec, m.AttributeRef):
        return m.ATTRIBUTE_UNITS.get(spec.attribute)
    if isinstance(spec, m.AnswerRef):
        item = scope.items.get(qualify(spec.answer, scope.checklist.id))
        return item.answer.unit if item and isinstance(item.answer, m.NumberAnswer) else None
    return None


def _with_unit(number: float, unit: str | None) -> str:
    return f"{show(number)} {unit}" if unit else show(number)


def _stack_load(params: m.StackLoadParams, scope: Scope, path: PathKey) -> Threshold:
    parts = tuple(
        operand(getattr(params, name), scope, (*path, name)).value
        for name in ("gross_weight", "stack_height", "package_height", "factor")
    )
    weight_unit = _unit_of(params.gross_weight, scope)
    # The two heights divide, so they share a unit: whichever of them names it.
    height_unit = _unit_of(params.package_height, scope) or _unit_of(params.stack_height, scope)

    def numbers(facts: Facts) -> tuple[tuple[Decimal, ...], int]:
        # In decimal, from the numbers as typed (a float's repr is its shortest decimal): in
        # binary, floor(270 / 2.16) is 124, not 125, and 0.45 x 44 x 3 is 59.400000000000006.
        found = tuple(Decimal(repr(part(facts))) for part in parts)
        _, stack, package, _ = found
        return found, math.floor(stack / package) if package > 0 else 0

    def compute(facts: Facts) -> float:
        (weight, _, _, factor), layers = numbers(facts)
        return float(max(Decimal(0), weight * (layers - 1) * factor))

    def how(facts: Facts) -> Message:
        (weight, stack, package, factor), layers = numbers(facts)
        above = max(layers - 1, 0)  # none above a package taller than the stack: no load
        return msg(
            "stack_load_how_one" if above == 1 else "stack_load_how",
            weight=_with_unit(float(weight), weight_unit),
            above=above,
            factor=show(float(factor)),
            stack=_with_unit(float(stack), height_unit),
            package=_with_unit(float(package), height_unit),
        )

    return Threshold(compute, how)


# --- criteria ------------------------------------------------------------------------------


def criterion(item: m.Item, parse: Parser, scope: Scope, path: PathKey) -> Criterion:
    """Compile an item's pass criterion into a check of one parsed answer, and its words."""
    spec = item.criterion
    answer = item.answer
    if isinstance(spec, m.Equals):
        return _equals(_expect(parse, spec.equals, (*path, "equals")))
    if isinstance(spec, m.OneOf):
        allowed = [
            _expect(parse, value, (*path, "one_of", i)) for i, value in enumerate(spec.one_of)
        ]
        return _one_of(allowed)
    if isinstance(spec, m.Range):
        if not isinstance(answer, m.NumberAnswer):
            raise SpecError(path, "at_least / at_most need an item answered with a number")
        low = operand(spec.at_least, scope, (*path, "at_least")) if spec.at_least else None
        high = operand(spec.at_most, scope, (*path, "at_most")) if spec.at_most else None
        return _range(low, high, answer.unit)
    if isinstance(spec, m.SameAs):
        qname, other = scope.item(spec.same_as, (*path, "same_as"))
        if other.answer != answer:
            raise SpecError((*path, "same_as"), f"{spec.same_as!r} is answered differently")
        return _same_as(qname, other)
    if isinstance(spec, m.Count):
        if not isinstance(answer, m.SeriesAnswer):
            raise SpecError(path, "count needs an item answered with a series")
        return _count(spec.count, answer, (*path, "count"))
    if isinstance(spec, m.SameAsField):
        if not isinstance(answer, m.TextAnswer):
            raise SpecError(
                (*path, "same_as_field"), "same_as_field needs an item answered with text"
            )
        return _same_as_field(spec.same_as_field)
    return Criterion(lambda value, facts: True, lambda facts, show_in, lang: word("recorded", lang))


def _equals(expected: Any) -> Criterion:
    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        return show_in(expected)

    return Criterion(lambda value, facts: bool(value == expected), describe)


def _one_of(allowed: list[Any]) -> Criterion:
    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        *values, last = [show_in(allowed[0]), *(in_sentence(show_in(v)) for v in allowed[1:])]
        if not values:
            return last
        listed = word("list_separator", lang).join(values)
        return in_lang(msg("req_one_of", values=listed, last=last), lang)

    return Criterion(lambda value, facts: value in allowed, describe)


def _range(low: Threshold | None, high: Threshold | None, unit: str) -> Criterion:
    bounds = [
        (bound, key) for bound, key in ((low, "req_at_least"), (high, "req_at_most")) if bound
    ]

    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        parts = []
        for bound, key in bounds:
            words = msg(key, limit=f"{show(bound.value(facts))} {unit}")
            if bound.how is not None:
                words = msg("req_how", requirement=words, how=bound.how(facts))
            parts.append(in_lang(words, lang))
        return word("list_separator", lang).join(parts)

    def check(value: float, facts: Facts) -> bool:
        if low is not None and value < low.value(facts):
            return False
        return high is None or value <= high.value(facts)

    return Criterion(check, describe)


def _same_as(qname: str, other: m.Item) -> Criterion:
    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        name = item_name(other, lang)
        return in_lang(msg("req_same_as", item=name, value=show_in(facts.answer(qname))), lang)

    return Criterion(lambda value, facts: bool(value == facts.answer(qname)), describe)


def _same_as_field(name: str) -> Criterion:
    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        field_name = word(f"field_{name}", lang)
        return in_lang(msg("req_same_as_field", field=field_name, value=facts.field(name)), lang)

    return Criterion(lambda value, facts: value == facts.field(name), describe)


def _count(spec: m.CountSpec, answer: m.SeriesAnswer, path: PathKey) -> Criterion:
    labels = answer.labels
    expected = _expect(parser_for(answer.entry), spec.equals, (*path, "equals"))
    for label in spec.at_least:
        if label not in labels:
            raise SpecError((*path, "at_least", label), f"no entries are labelled {label!r}")

    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        wanted = [
            in_lang(msg("req_at", n=need, label=in_sentence(show_in(label))), lang)
            for label, need in spec.at_least.items()
        ]
        if spec.total is not None:
            wanted.append(in_lang(msg("req_in_all", n=spec.total), lang))
        listed = word("list_separator", lang).join(wanted)
        return in_lang(msg("req_counts", value=show_in(expected), counts=listed), lang)

    def check(values: list[Any], facts: Facts) -> bool:
        counts = dict.fromkeys(labels, 0)
        for label, value in zip(labels, values, strict=True):
            if value == expected:
                counts[label] += 1
        if any(counts[label] < need for label, need in spec.at_least.items()):
            return False
        return spec.total is None or sum(counts.values()) >= spec.total

    return Criterion(check, describe)


# --- conditions ----------------------------------------------------------------------------

Test = Callable[[Facts], bool]


class When(NamedTuple):
    """A compiled ``when`` condition: its test, and the slot of an item that it rules out."""

    test: Test
    not_applicable: Slot
    """The slot of the item when the test is false: NOT_APPLICABLE, saying why (made once)."""


class _Subject(NamedTuple):
    """What a condition looks at: how to read it for a record and how to say its value."""

    read: Callable[[Facts], Any]
    parse: Parser
    stated: Callable[[Any], Message]
    """The value in words: ``cushioning is Foam``, ``not an electrical product``."""
    named: Message | None = None
    """A number's name (``gross weight``), for comparisons; None when it is not a number."""
    unit: str | None = None
    answered: tuple[str, m.Item] | None = None
    """The item whose answer it is (qualified name and item); None for an attribute."""


def _attribute_subject(name: str) -> _Subject:
    if name == "electrical":

        def electrical(value: Any) -> Message:
            return msg("why_electrical" if value else "why_not_electrical")

        return _Subject(lambda facts: facts.attribute(name), m.parse_yes_no, electrical)
    named = msg(f"attribute_{name}")
    unit = m.ATTRIBUTE_UNITS[name]

    def measured(value: Any) -> Message:
        return msg("why_is", subject=named, value=_with_unit(value, unit))

    return _Subject(lambda facts: facts.attribute(name), m.parse_number, measured, named, unit)


def _answer_subject(qname: str, item: m.Item) -> _Subject:
    answer = item.answer
    named = in_both(lambda lang: item_name(item, lang))
    saying = "why_yes_no" if isinstance(answer, m.YesNoAnswer) else "why_is"

    def stated(value: Any) -> Message:
        shown = in_both(lambda lang: display(answer, value, lang))
        return msg(saying, subject=named, value=shown)

    def read(facts: Facts) -> Any:
        return facts.answer(qname)

    unit = answer.unit if isinstance(answer, m.NumberAnswer) else None
    return _Subject(read, parser_for(answer), stated, named if unit else None, unit, (qname, item))


def condition(spec: m.Condition, scope: Scope, path: PathKey) -> When:
    """Compile a ``when`` test, and the words that say why the item does not apply.

    The words state the value the test found (``cushioning is Foam``), so there is one
    judgement and nothing is evaluated twice. An answer the test needs that does not apply
    makes it false: the item depending on it does not apply either, for the same reason.
    """
    if spec.attribute is not None:
        subject = _attribute_subject(_attribute(spec.attribute, (*path, "attribute")))
    else:
        subject = _answer_subject(*scope.item(spec.answer or "", (*path, "answer")))
    read = subject.read
    test: Test
    words = subject.stated
    if spec.equals is not None or spec.one_of is not None:
        values = [spec.equals] if spec.equals is not None else spec.one_of or []
        key = "equals" if spec.equals is not None else "one_of"
        allowed = [
            _expect(subject.parse, v, (*path, key) if key == "equals" else (*path, key, i))
            for i, v in enumerate(values)
        ]

        def test(facts: Facts) -> bool:
            return read(facts) in allowed

        if subject.answered is not None and not subject.answered[1].when:
            test = _by_typed_text(*subject.answered, subject.parse, allowed, test)
    else:
        named, unit = subject.named, subject.unit
        if named is None:
            raise SpecError(path, "below / at_least compare numbers only")
        below = spec.below is not None
        limit = spec.below if spec.below is not None else spec.at_least
        assert limit is not None  # a condition has exactly one test (models.Condition)

        def test(facts: Facts) -> bool:
            value = read(facts)
            return bool(value < limit if below else value >= limit)

        def words(value: Any) -> Message:
            return msg(
                "why_at_least" if below else "why_below",
                subject=named,
                value=_with_unit(value, unit),
                limit=_with_unit(limit, unit),
            )

    def why(facts: Facts) -> Message:
        try:
            return words(read(facts))
        except NotApplicable as exc:
            assert exc.why is not None  # a slot that does not apply always says why
            return exc.why(facts)

    if subject.answered is not None and subject.answered[1].when:
        test = _false_when_not_applicable(test)
    return When(test, Slot(Status.NOT_APPLICABLE, why=why))


def _false_when_not_applicable(test: Test) -> Test:
    """A test that is false, not undecided, when the answer it needs does not apply."""

    def guarded(facts: Facts) -> bool:
        try:
            return test(facts)
        except NotApplicable:
            return False

    return guarded


def _by_typed_text(qname: str, item: m.Item, parse: Parser, allowed: list[Any], test: Test) -> Test:
    """A condition on an unconditional yes/no or choice item, decided from the typed text.

    Equivalent to ``test`` (which it falls back to for any other text): the item always
    applies, so its typed answer alone decides. It saves parsing on every record.
    """
    candidates = usual_texts(item.answer)
    if not candidates:
        return test
    true = frozenset(text for text in candidates if parse(text) in allowed)
    false = frozenset(candidates) - true
    checklist_id, _, item_id = qname.partition(".")

    def fast(facts: Facts) -> bool:
        raw = facts.answers.get(checklist_id, _EMPTY).get(item_id)
        if raw.__class__ is str:
            if raw in true:
                return True
            if raw in false:
                return False
        return test(facts)

    return fast


_EMPTY: Mapping[str, Any] = {}
