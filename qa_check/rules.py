"""Rule evaluation: answer parsing, conditions and criteria, compiled once per checklist.

Each criterion kind of ``models`` has one evaluator here. Compiling turns a checklist item into
plain functions, checks that every value and reference it names makes sense (the same checks
``lint`` reports), and leaves nothing to interpret per record but the answers themselves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from qa_check import models as m
from qa_check.i18n import in_lang, msg, word

PathKey = tuple[str | int, ...]
Parser = Callable[[object], Any]


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


NOT_APPLICABLE = Slot(Status.NOT_APPLICABLE)
UNDECIDED = Slot(Status.UNDECIDED)


class Unavailable(Exception):
    """A threshold or comparison needs a value the record does not provide.

    ``reported`` is true when the missing value is already a problem of its own item, so that
    one typing mistake is reported once.
    """

    def __init__(self, message: str, *, reported: bool) -> None:
        super().__init__(message)
        self.reported = reported


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
            raise Unavailable(f"{ref} does not apply to this product", reported=False)
        if slot.status is Status.UNDECIDED and slot.message:
            raise Unavailable(slot.message, reported=False)
        raise Unavailable(f"{ref} has no valid answer", reported=True)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """Why an answer fails its criterion, in words for the report."""

    requirement: str
    recorded: str


Check = Callable[[Any, Facts], Shortfall | None]
Show = Callable[[Any], str]
Describe = Callable[[Facts, Show, str], str]
"""The requirement in words for one record: facts, how to show values, language (en or zh)."""


class Criterion(NamedTuple):
    """An item's compiled criterion: the check, and the requirement it checks, in words."""

    check: Check
    describe: Describe


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
    parts = [f"{show_in(label)} {counts[label]}/{labels.count(label)}" for label in counts]
    return f"{show_in(expected)}: " + word("list_separator", lang).join(parts)


def series_expected(item: m.Item) -> Any:
    """The entry value a series must show to count (``intact``), or None for other items."""
    if isinstance(item.answer, m.SeriesAnswer) and isinstance(item.criterion, m.Count):
        return parser_for(item.answer.entry)(item.criterion.count.equals)
    return None


# --- answers -------------------------------------------------------------------------------


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

Resolver = Callable[[Facts], tuple[float, str]]
"""Computes a threshold for one record: the number, and how it was computed (may be empty)."""


def operand(spec: m.Operand, scope: Scope, path: PathKey) -> Resolver:
    """Compile a threshold: a literal, a setting, an attribute, an answer or a stack load."""
    if isinstance(spec, float):
        return lambda facts: (spec, "")
    if isinstance(spec, m.SettingRef):
        value = scope.setting(spec.setting, (*path, "setting"))
        return lambda facts: (value, "")
    if isinstance(spec, m.AttributeRef):
        name = _attribute(spec.attribute, (*path, "attribute"))
        if name == "electrical":
            raise SpecError((*path, "attribute"), "electrical is yes/no, not a number")
        return lambda facts: (float(facts.attribute(name)), "")
    if isinstance(spec, m.AnswerRef):
        qname, item = scope.item(spec.answer, (*path, "answer"))
        if not isinstance(item.answer, m.NumberAnswer):
            raise SpecError((*path, "answer"), f"{spec.answer!r} is not answered with a number")
        return lambda facts: (float(facts.answer(qname)), "")
    return _stack_load(spec.stack_load, scope, (*path, "stack_load"))


def _stack_load(params: m.StackLoadParams, scope: Scope, path: PathKey) -> Resolver:
    weight = operand(params.gross_weight, scope, (*path, "gross_weight"))
    stack = operand(params.stack_height, scope, (*path, "stack_height"))
    package = operand(params.package_height, scope, (*path, "package_height"))
    factor = operand(params.factor, scope, (*path, "factor"))

    def compute(facts: Facts) -> tuple[float, str]:
        w, s, p, f = (part(facts)[0] for part in (weight, stack, package, factor))
        # In decimal, from the numbers as typed (a float's repr is its shortest decimal): in
        # binary, floor(270 / 2.16) is 124, not 125, and 0.45 x 44 x 3 is 59.400000000000006.
        dw, ds, dp, df = (Decimal(repr(x)) for x in (w, s, p, f))
        layers = math.floor(ds / dp) if dp > 0 else 0
        load = float(max(Decimal(0), dw * (layers - 1) * df))
        how = f"{show(w)} x (floor({show(s)} / {show(p)}) - 1) x {show(f)}"
        return load, how

    return compute


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
        return _same_as(qname)
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
    return Criterion(lambda value, facts: None, lambda facts, show_in, lang: word("recorded", lang))


def _equals(expected: Any) -> Criterion:
    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        return show_in(expected)

    def check(value: Any, facts: Facts) -> Shortfall | None:
        return None if value == expected else Shortfall(show(expected), show(value))

    return Criterion(check, describe)


def _one_of(allowed: list[Any]) -> Criterion:
    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        values = word("list_separator", lang).join(show_in(v) for v in allowed)
        return in_lang(msg("req_one_of", values=values), lang)

    def check(value: Any, facts: Facts) -> Shortfall | None:
        if value in allowed:
            return None
        return Shortfall(describe(facts, show, "en"), show(value))

    return Criterion(check, describe)


def _range(low: Resolver | None, high: Resolver | None, unit: str) -> Criterion:
    bounds = [(bound, sign) for bound, sign in ((low, ">="), (high, "<=")) if bound is not None]

    def words(bound: Resolver, sign: str, facts: Facts) -> tuple[float, str]:
        limit, how = bound(facts)
        detail = f" (= {how})" if how else ""
        return limit, f"{sign} {show(limit)} {unit}{detail}"

    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        return ", ".join(words(bound, sign, facts)[1] for bound, sign in bounds)

    def check(value: float, facts: Facts) -> Shortfall | None:
        for bound, sign in bounds:
            limit, requirement = words(bound, sign, facts)
            if value < limit if sign == ">=" else value > limit:
                return Shortfall(requirement, f"{show(value)} {unit}")
        return None

    return Criterion(check, describe)


def _same_as(qname: str) -> Criterion:
    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        return in_lang(msg("req_same_as", item=qname, value=show_in(facts.answer(qname))), lang)

    def check(value: Any, facts: Facts) -> Shortfall | None:
        if value == facts.answer(qname):
            return None
        return Shortfall(describe(facts, show, "en"), show(value))

    return Criterion(check, describe)


def _same_as_field(name: str) -> Criterion:
    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        field_name = word(f"field_{name}", lang)
        return in_lang(msg("req_same_as_field", field=field_name, value=facts.field(name)), lang)

    def check(value: Any, facts: Facts) -> Shortfall | None:
        if value == facts.field(name):
            return None
        return Shortfall(describe(facts, show, "en"), show(value))

    return Criterion(check, describe)


def _count(spec: m.CountSpec, answer: m.SeriesAnswer, path: PathKey) -> Criterion:
    labels = answer.labels
    expected = _expect(parser_for(answer.entry), spec.equals, (*path, "equals"))
    for label in spec.at_least:
        if label not in labels:
            raise SpecError((*path, "at_least", label), f"no entries are labelled {label!r}")

    def describe(facts: Facts, show_in: Show, lang: str) -> str:
        wanted = [
            in_lang(msg("req_at", n=need, label=show_in(label)), lang)
            for label, need in spec.at_least.items()
        ]
        if spec.total is not None:
            wanted.append(in_lang(msg("req_in_all", n=spec.total), lang))
        return f"{show_in(expected)}: " + word("list_separator", lang).join(wanted)

    def check(values: list[Any], facts: Facts) -> Shortfall | None:
        counts = dict.fromkeys(labels, 0)
        for label, value in zip(labels, values, strict=True):
            if value == expected:
                counts[label] += 1
        short = any(counts[label] < need for label, need in spec.at_least.items())
        if spec.total is not None and sum(counts.values()) < spec.total:
            short = True
        if not short:
            return None
        groups = {label: labels.count(label) for label in counts}
        recorded = ", ".join(f"{label} {counts[label]}/{groups[label]}" for label in counts)
        return Shortfall(describe(facts, show, "en"), f"{show(expected)}: {recorded}")

    return Criterion(check, describe)


# --- conditions ----------------------------------------------------------------------------

Test = Callable[[Facts], bool]


def condition(spec: m.Condition, scope: Scope, path: PathKey) -> Test:
    """Compile a ``when`` test; an answer it needs that does not apply makes it false."""
    if spec.attribute is not None:
        name = _attribute(spec.attribute, (*path, "attribute"))
        numeric = name != "electrical"
        parse: Parser = m.parse_number if numeric else m.parse_yes_no

        def subject(facts: Facts) -> Any:
            return facts.attribute(name)
    else:
        qname, item = scope.item(spec.answer or "", (*path, "answer"))
        numeric = isinstance(item.answer, m.NumberAnswer)
        parse = parser_for(item.answer)

        def subject(facts: Facts) -> Any:
            return facts.answer(qname)

    if spec.equals is not None or spec.one_of is not None:
        values = [spec.equals] if spec.equals is not None else spec.one_of or []
        key = "equals" if spec.equals is not None else "one_of"
        allowed = [
            _expect(parse, v, (*path, key) if key == "equals" else (*path, key, i))
            for i, v in enumerate(values)
        ]

        def test(facts: Facts) -> bool:
            return subject(facts) in allowed

        if spec.answer is not None and not item.when:
            return _by_typed_text(qname, item, parse, allowed, test)
        return test
    if not numeric:
        raise SpecError(path, "below / at_least compare numbers only")
    if spec.below is not None:
        below = spec.below
        return lambda facts: bool(subject(facts) < below)
    at_least = spec.at_least
    return lambda facts: bool(subject(facts) >= at_least)


_YES_NO_WORDS = ("yes", "no", "true", "false")


def _candidates(
    answer: m.YesNoAnswer | m.ChoiceAnswer | m.NumberAnswer | m.TextAnswer | m.SeriesAnswer,
) -> tuple[str, ...]:
    """The usual typed texts of a yes/no or choice answer; none for other kinds."""
    if isinstance(answer, m.YesNoAnswer):
        return _YES_NO_WORDS
    if isinstance(answer, m.ChoiceAnswer):
        return tuple(option.value for option in answer.choices)
    return ()


def _by_typed_text(qname: str, item: m.Item, parse: Parser, allowed: list[Any], test: Test) -> Test:
    """A condition on an unconditional yes/no or choice item, decided from the typed text.

    Equivalent to ``test`` (which it falls back to for any other text): the item always
    applies, so its typed answer alone decides. It saves parsing on every record.
    """
    candidates = _candidates(item.answer)
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


def passing_texts(item: m.Item, parse: Parser) -> frozenset[str]:
    """The exact typed texts that pass an equals / one_of item, so judging can skip parsing.

    Only strings: ``1 == True`` in Python, and a JSON ``1`` is not a yes/no answer.
    """
    spec = item.criterion
    answer = item.answer
    candidates = _candidates(answer)
    if not candidates:
        return frozenset()
    if isinstance(spec, m.Equals):
        allowed = [parse(spec.equals)]
    elif isinstance(spec, m.OneOf):
        allowed = [parse(value) for value in spec.one_of]
    else:
        return frozenset()
    return frozenset(text for text in candidates if parse(text) in allowed)
