"""Judging: one record against its checklists -> PASS, FAIL or INVALID, with every reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from qa_check.core.errors import Location, Problem, pydantic_messages
from qa_check.core.messages import LANGUAGES, Message, in_both, in_lang, msg
from qa_check.engine import models as m
from qa_check.engine import not_done, plausible, rules
from qa_check.engine.answers import labeller, recorded_message
from qa_check.engine.checklists import CompiledChecklist, CompiledItem, Registry
from qa_check.engine.rules import UNDECIDED, PathKey, Slot, Status

if TYPE_CHECKING:  # for the annotation only: lots import the judgement, never the reverse
    from qa_check.engine.lots import LotOutcome

Locate = Callable[[tuple[str | int, ...]], Location]


class Verdict(StrEnum):
    """PASS and FAIL are judgements; INVALID means the record could not be judged."""

    PASS = "PASS"
    FAIL = "FAIL"
    INVALID = "INVALID"


class Outcome(StrEnum):
    """What became of one item of a judged record."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"


SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}
"""Failures are listed critical first."""
_NO_ANSWERS: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Failure:
    """An applicable item whose answer does not meet its criterion."""

    checklist: str
    item: str
    rule: str
    severity: str
    requirement: str
    """What was required, in words (a Message: English, and Chinese via ``in_lang``)."""
    recorded: str
    """What was recorded, in words (a Message too)."""
    corrective: m.Text
    location: Location


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One item of a judged record, as a certificate lists it; only ``judge(explain=True)``."""

    checklist: CompiledChecklist
    item: CompiledItem
    outcome: Outcome
    value: Any = None
    """The parsed answer; None when the item does not apply."""
    requirement: dict[str, str] = field(default_factory=dict)
    """The requirement in words, by language; empty when the item does not apply."""
    why_not: dict[str, str] = field(default_factory=dict)
    """Why the item does not apply, in plain words by language; empty when it applies."""
    not_done: dict[str, str] = field(default_factory=dict)
    """For an item the record lists as not done (a FAIL): what was recorded, by language."""


@dataclass(frozen=True, slots=True)
class SkuResult:
    """The verdict for one record, with where it came from and why."""

    verdict: Verdict
    location: Location
    sku: str | None = None
    product_name: str | None = None
    checklists: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()
    problems: tuple[Problem, ...] = ()
    record: m.Record | None = field(default=None, compare=False)
    items: tuple[ItemResult, ...] = field(default=(), compare=False)
    """Every item with its outcome, in checklist order, for a judged record when explained."""
    judged_against: tuple[CompiledChecklist, ...] = field(default=(), compare=False)
    """The checklists found for the record, as loaded: what its certificate embeds.

    A certificate needs them, not every item's wording: planning one need not ``explain``.
    """
    lot: LotOutcome | None = field(default=None, compare=False)
    """For a lot record: its plan and the defects per class; PASS is ACCEPT, FAIL is REJECT."""
    warnings: tuple[Problem, ...] = ()
    """Numbers outside their usual range, located: reported, never changing the verdict."""


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A record as read from a file, before it is checked: data and a way to locate fields."""

    data: object
    origin: Location
    locate: Locate
    problems: tuple[Problem, ...] = ()
    """Problems found while reading (an unknown CSV column): the record is INVALID."""


@dataclass(frozen=True, slots=True)
class Judged:
    """A valid record its checklists have judged, as a ``RecordCheck`` sees it."""

    raw: RawRecord
    record: m.Record
    text_answers: tuple[tuple[PathKey, str], ...]
    """The answers that are text, each with where it sits, in checklist order."""
    files: bool
    """Whether the files beside the record may be looked at (see ``judge``)."""


RecordCheck = Callable[[Judged], Iterable[tuple[PathKey, str]]]
"""A check beyond the checklists, yielding each problem's place in the record and its message.

The engine knows nothing of certificates: whoever judges for one hands in what it needs of a
record (the certificates' ``preflight.CHECKS``), so that validate and certify agree.
"""


@dataclass(slots=True)
class Summary:
    """Counts over a batch; ``total`` is always the sum of the other three."""

    passed: int = 0
    failed: int = 0
    invalid: int = 0
    interrupted: bool = False
    """True when the batch was stopped (Ctrl-C) before every record was seen."""

    @property
    def total(self) -> int:
        """Every record seen."""
        return self.passed + self.failed + self.invalid

    def add(self, result: SkuResult) -> None:
        """Count one more result."""
        if result.verdict is Verdict.PASS:
            self.passed += 1
        elif result.verdict is Verdict.FAIL:
            self.failed += 1
        else:
            self.invalid += 1


def internal_error(where: Location, exc: Exception) -> SkuResult:
    """An INVALID result for a record that met a bug: the error named, to be reported."""
    error = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    return SkuResult(
        Verdict.INVALID, where, problems=(Problem(where, msg("internal_error", error=error)),)
    )


def judge(
    raw: RawRecord,
    registry: Registry,
    *,
    checks: Sequence[RecordCheck],
    explain: bool = False,
    files: bool = True,
) -> SkuResult:
    """Judge one record against the checklist versions it names, then run ``checks`` on it.

    ``explain`` also lists every item's outcome (what a certificate prints); batches skip it.
    ``files`` lets the checks look at files beside the record (the photos ``certify`` needs);
    a certificate being re-rendered carries its photos inside and skips that.
    """
    judgement = _start(raw, registry)
    if isinstance(judgement, SkuResult):
        return judgement
    try:
        result = judgement.result(checks, files=files)
        if explain and result.verdict is not Verdict.INVALID:
            result = replace(result, items=judgement.explain())
        return result
    finally:
        judgement.close()


class ItemState(StrEnum):
    """Where an item stands while answers arrive (the guided run); judging reads the same."""

    PENDING = "pending"
    """It applies, or may apply, and has no answer yet."""
    NOT_APPLICABLE = "n/a"
    PASS = "pass"
    FAIL = "fail"
    BAD = "bad"
    """Its answer cannot be read, or it cannot be judged."""


class Assessment:
    """A record judged as far as its answers go: the result, and where each item stands.

    The guided run assesses the record after every answer; ``validate`` is the same judgement
    over a complete record, where a PENDING item is a missing answer.
    """

    def __init__(self, judgement: _Judgement, result: SkuResult) -> None:
        self.result = result
        self._judgement = judgement
        self._failures = {
            f"{found.checklist.partition('@')[0]}.{found.item}": found for found in result.failures
        }
        self.states: dict[str, ItemState] = {}
        for compiled in judgement.checklists.values():
            for item in compiled.items:
                slot = judgement.resolve(item.qname)
                if slot.status is Status.OK:
                    failed = item.qname in self._failures
                    state = ItemState.FAIL if failed else ItemState.PASS
                    bad = item.qname in judgement.unjudged
                    self.states[item.qname] = ItemState.BAD if bad else state
                elif slot.status is Status.NOT_APPLICABLE:
                    self.states[item.qname] = ItemState.NOT_APPLICABLE
                elif slot.status is Status.BAD:
                    self.states[item.qname] = ItemState.BAD
                else:
                    self.states[item.qname] = ItemState.PENDING

    def requirement(self, item: CompiledItem) -> Message | None:
        """What the item requires for this record, in words; None before it can be known."""
        try:
            return requirement(item, self._judgement.facts)
        except rules.Unavailable:
            return None

    def failure(self, item: CompiledItem) -> Failure | None:
        """The item's failure, when it failed."""
        return self._failures.get(item.qname)


def requirement(item: CompiledItem, facts: rules.Facts) -> Message:
    """What an item requires of one record, in the words of reports, runs and certificates."""
    return in_both(lambda lang: item.describe(facts, labeller(item.item.answer, lang), lang))


def assess(
    raw: RawRecord, registry: Registry, *, checks: Sequence[RecordCheck]
) -> Assessment | SkuResult:
    """Judge a record that may still be missing answers; a SkuResult when it cannot be judged."""
    judgement = _start(raw, registry)
    if isinstance(judgement, SkuResult):
        return judgement
    return Assessment(judgement, judgement.result(checks, files=False))


def _start(raw: RawRecord, registry: Registry) -> _Judgement | SkuResult:
    """Check a record's fields and set up its judgement; an INVALID result when it cannot be.

    A field that is wrong (the SKU, the time) is reported, and the answers are still judged
    with whatever is right, so that a record's problems all come at once.
    """
    data = raw.data
    if not isinstance(data, dict):
        problem = Problem(raw.origin, msg("not_a_record"))
        return SkuResult(Verdict.INVALID, raw.origin, problems=(*raw.problems, problem))
    data = _without_blanks(data)
    try:
        record = m.Record.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(raw.locate(path), message)
            for path, message in pydantic_messages(exc.errors(), data)
        ]
        parts = _salvage(data)
        sku = data.get("sku")
        name = data.get("product_name")
        if parts is None:
            return SkuResult(
                Verdict.INVALID,
                raw.origin,
                sku if isinstance(sku, str) and sku.strip() else None,
                name if isinstance(name, str) else None,
                problems=(*raw.problems, *problems),
            )
        return _Judgement(parts, raw, registry, problems)
    return _Judgement(_Parts.of(record), raw, registry, [])


@dataclass(frozen=True, slots=True)
class _Parts:
    """What judging needs of a record; from a valid record, or what is valid of a broken one."""

    record: m.Record | None
    fields: dict[str, Any]
    attributes: dict[str, Any]
    checklists: dict[str, str]
    answers: dict[str, dict[str, Any]]
    not_done: dict[str, list[str]]
    """Items the record says were not done, by checklist (each one a FAIL)."""

    @classmethod
    def of(cls, record: m.Record) -> _Parts:
        product = record.product
        return cls(
            record,
            {"sku": record.sku, "product_name": record.product_name},
            {
                "electrical": product.electrical,
                "gross_weight_kg": product.gross_weight_kg,
                "length_cm": product.length_cm,
                "width_cm": product.width_cm,
                "height_cm": product.height_cm,
            },
            record.checklists,
            record.answers,
            record.not_done,
        )


def _salvage(data: dict[str, Any]) -> _Parts | None:
    """The valid parts of a record that failed validation; None when its answers are unusable."""
    checklists = _valid(m.Record, "checklists", data.get("checklists"))
    answers = _valid(m.Record, "answers", data.get("answers", {}))
    if checklists is None or answers is None:
        return None
    product = data.get("product")
    product = product if isinstance(product, dict) else {}
    attributes = {
        name: value
        for name in m.Product.model_fields
        if (value := _valid(m.Product, name, product.get(name))) is not None
    }
    fields = {
        name: value.strip()
        for name in ("sku", "product_name")
        if isinstance(value := _valid(m.Record, name, data.get(name)), str)
    }
    not_done = _valid(m.Record, "not_done", data.get("not_done")) or {}
    return _Parts(None, fields, attributes, checklists, answers, not_done)


def check_field(model: type[BaseModel], name: str, value: object) -> Any:
    """A value typed for one field of a record (the SKU, a weight); AnswerError saying why not."""
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError as exc:
        errors = [{**error, "loc": (name, *error["loc"])} for error in exc.errors()]
        [(_, message), *_] = pydantic_messages(errors, {name: value})  # type: ignore[arg-type]
        if isinstance(message, Message):
            raise m.AnswerError(message) from None
        raise m.AnswerError(Message(message, message)) from None


def _valid(model: type[BaseModel], name: str, value: object) -> Any:
    """``value`` checked as the model's field ``name``, or None when it is missing or wrong."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError:
        return None


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    if not info.metadata:
        return TypeAdapter(info.annotation)  # type: ignore[arg-type]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)])  # type: ignore[arg-type]


def _resolved(qname: str) -> Slot:
    raise AssertionError(f"{qname} resolved after its record was judged")


def _without_blanks(data: dict[str, Any]) -> dict[str, Any]:
    """An empty value is no value: a blank field reads as missing, not as a wrong type."""
    kept = {key: value for key, value in data.items() if value is not None}
    product = kept.get("product")
    if isinstance(product, dict):
        kept["product"] = {key: value for key, value in product.items() if value is not None}
    return kept


class _Judgement:
    """The state of judging one record: slots are filled lazily, in dependency order."""

    def __init__(
        self, parts: _Parts, raw: RawRecord, registry: Registry, problems: list[Problem]
    ) -> None:
        self.parts = parts
        self.raw = raw
        self.registry = registry
        self.problems: list[Problem] = [*raw.problems, *problems]
        self.failures: list[Failure] = []
        self.slots: dict[str, Slot] = {}
        self.in_progress: set[str] = set()
        self.unjudged: set[str] = set()
        """Items with a valid answer that still could not be judged (a value they need is bad)."""
        self.checklists: dict[str, CompiledChecklist] = {}
        self.facts = rules.Facts(
            parts.attributes, parts.answers, self.slots, self.resolve, parts.fields
        )
        self.not_done = not_done.qnames(parts.not_done)

    def close(self) -> None:
        """Break the judgement's reference cycle so that refcounting frees it at once."""
        self.facts.resolve = _resolved

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.raw.locate(path), message))

    def result(self, checks: Sequence[RecordCheck], *, files: bool) -> SkuResult:
        """Judge every item, then run the checks handed in on a valid record."""
        self.run()
        record = self.parts.record
        if record is not None and checks:
            judged = Judged(self.raw, record, self._text_answers(), files)
            for check in checks:
                for path, message in check(judged):
                    self.problem(path, message)
        if self.problems:
            verdict = Verdict.INVALID
        elif self.failures:
            verdict = Verdict.FAIL
        else:
            verdict = Verdict.PASS
        self.failures.sort(key=lambda f: SEVERITY_ORDER[f.severity])
        data = self.raw.data
        assert isinstance(data, dict)
        sku = self.parts.fields.get("sku") or data.get("sku")
        name = self.parts.fields.get("product_name") or data.get("product_name")
        return SkuResult(
            verdict,
            self.raw.origin,
            sku if isinstance(sku, str) and sku.strip() else None,
            name if isinstance(name, str) else None,
            tuple(f"{key}@{version}" for key, version in self.parts.checklists.items()),
            tuple(self.failures),
            tuple(self.problems),
            record,
            judged_against=tuple(self.checklists.values()),
            warnings=plausible.unusual(
                self.checklists.values(), self.slots, self.parts.attributes, self.raw.locate
            ),
        )

    def run(self) -> None:
        parts = self.parts
        checklists = self._checklists()
        for checklist_id, answers in parts.answers.items():
            compiled = checklists.get(checklist_id)
            if compiled is None:
                if checklist_id not in parts.checklists:
                    unlisted = msg("answers_unlisted", id=checklist_id)
                    self.problem(("answers", checklist_id), unlisted)
                continue
            for item_id in sorted(answers.keys() - compiled.by_id.keys()):
                self.problem(
                    ("answers", checklist_id, item_id),
                    msg("unknown_item", item=item_id, checklist=compiled.checklist.key),
                )
        self._check_not_done(checklists)
        slots = self.slots
        facts = self.facts
        ok = Status.OK
        for compiled in checklists.values():
            answers = parts.answers.get(compiled.checklist.id, _NO_ANSWERS)
            for item in compiled.items:
                # Items are settled here, in order; a reference settles another one on demand.
                # This loop runs for every item of every record: the common case stays short.
                slot = slots.get(item.qname)
                if slot is None:
                    if item.conditions:
                        slot = self._applies(item)
                        if slot is not None:
                            slots[item.qname] = slot
                            continue
                    raw = answers.get(item.item_id)
                    if raw.__class__ is str and raw in item.passing_texts:
                        continue  # passes as typed; a reference to it settles it again
                    try:
                        slot = Slot(ok, item.parse(raw)) if raw is not None else None
                    except ValueError:
                        slot = None
                    if slot is None:
                        slot = self._answer(item)  # which reports what is wrong
                    slots[item.qname] = slot
                if slot.status is ok:
                    try:
                        met = item.check(slot.value, facts)
                    except rules.Unavailable as exc:
                        self.unjudged.add(item.qname)
                        if not exc.reported:
                            self.problem(_path(item), msg("cannot_judge", reason=str(exc)))
                    else:
                        if not met:
                            self._fail(compiled, item, slot.value)

    def _check_not_done(self, checklists: dict[str, CompiledChecklist]) -> None:
        """Each item listed as not done is one of the record's, and not answered in full."""
        parts = self.parts
        for path, message in not_done.listing_problems(
            parts.not_done, checklists, parts.checklists, parts.answers
        ):
            self.problem(path, message)

    def _not_done(self, item: CompiledItem) -> Slot:
        """An item not done: a FAIL saying so (never a pass), and no value for others."""
        spec = item.item
        given = self.parts.answers.get(item.checklist_id, _NO_ANSWERS).get(item.item_id)
        try:
            required = requirement(item, self.facts)
        except rules.Unavailable:
            required = msg("resume_not_done")
        self.failures.append(
            Failure(
                self.checklists[item.checklist_id].checklist.key,
                spec.id,
                spec.rule,
                spec.severity,
                required,
                not_done.recorded(item, given),
                spec.corrective,
                self.raw.locate(("not_done", item.checklist_id)),
            )
        )
        return Slot(Status.UNDECIDED, message=f"{item.qname} was not done")

    def _text_answers(self) -> tuple[tuple[PathKey, str], ...]:
        """The answers judged OK that are text: what a check of printable text reads."""
        return tuple(
            (_path(item), slot.value)
            for compiled in self.checklists.values()
            for item in compiled.items
            if (slot := self.slots.get(item.qname)) is not None
            and slot.status is Status.OK
            and isinstance(slot.value, str)
        )

    def explain(self) -> tuple[ItemResult, ...]:
        """Every item's outcome and requirement, or why it does not apply; for PASS or FAIL."""
        found: list[ItemResult] = []
        facts = self.facts
        for compiled in self.checklists.values():
            for item in compiled.items:
                slot = self.resolve(item.qname)
                if item.qname in self.not_done and slot.status is not Status.OK:
                    found.append(self._explain_not_done(compiled, item))
                    continue
                if slot.status is not Status.OK:
                    why_not: dict[str, str] = {}
                    if slot.why is not None:
                        why = slot.why(facts)
                        why_not = {lang: in_lang(why, lang) for lang in LANGUAGES}
                    found.append(
                        ItemResult(compiled, item, Outcome.NOT_APPLICABLE, why_not=why_not)
                    )
                    continue
                outcome = Outcome.PASS if item.check(slot.value, facts) else Outcome.FAIL
                words = requirement(item, facts)
                by_lang: dict[str, str] = {lang: in_lang(words, lang) for lang in LANGUAGES}
                found.append(ItemResult(compiled, item, outcome, slot.value, by_lang))
        return tuple(found)

    def _explain_not_done(self, compiled: CompiledChecklist, item: CompiledItem) -> ItemResult:
        """A not-done item as a certificate lists it: FAIL, with what was recorded of it."""
        given = self.parts.answers.get(item.checklist_id, _NO_ANSWERS).get(item.item_id)
        [failure] = [
            f
            for f in self.failures
            if f.item == item.item_id and f.checklist == compiled.checklist.key
        ]
        by_lang: dict[str, str] = {lang: in_lang(failure.requirement, lang) for lang in LANGUAGES}
        said: dict[str, str] = {lang: in_lang(failure.recorded, lang) for lang in LANGUAGES}
        return ItemResult(compiled, item, Outcome.FAIL, given, by_lang, not_done=said)

    def _checklists(self) -> dict[str, CompiledChecklist]:
        found: dict[str, CompiledChecklist] = {}
        for checklist_id, version in self.parts.checklists.items():
            compiled = self.registry.get(checklist_id, version)
            if compiled is None:
                known = self.registry.versions(checklist_id)
                hint = (
                    msg("loaded_versions", versions=", ".join(known))
                    if known
                    else msg("no_such_checklist")
                )
                self.problem(
                    ("checklists", checklist_id),
                    msg("unknown_checklist", key=f"{checklist_id}@{version}", hint=hint),
                )
                continue
            found[checklist_id] = compiled
        self.checklists = found
        return found

    def resolve(self, qname: str) -> Slot:
        """The slot of an item, computing its applicability and answer on first use."""
        slot = self.slots.get(qname)
        if slot is not None:
            return slot
        checklist_id, _, item_id = qname.partition(".")
        compiled = self.checklists.get(checklist_id)
        item = compiled.by_id.get(item_id) if compiled is not None else None
        if compiled is None or item is None:
            slot = Slot(
                Status.UNDECIDED,
                message=f"needs {qname}, but the record is not checked against {checklist_id}",
            )
            self.slots[qname] = slot
            return slot
        if qname in self.in_progress:
            return Slot(Status.UNDECIDED, message=f"{qname} depends on itself")
        self.in_progress.add(qname)
        try:
            slot = self._applies(item) or self._answer(item)
        finally:
            self.in_progress.discard(qname)
        self.slots[qname] = slot
        return slot

    def _applies(self, item: CompiledItem) -> Slot | None:
        """None when the item applies; else why not (NOT_APPLICABLE or UNDECIDED)."""
        for when in item.conditions:
            try:
                if not when.test(self.facts):
                    return when.not_applicable
            except rules.Unavailable as exc:
                if not exc.reported:
                    self.problem(_path(item), msg("cannot_tell_applies", reason=str(exc)))
                return UNDECIDED
        return None

    def _answer(self, item: CompiledItem) -> Slot:
        """The slot of an applicable item's answer, reporting a missing or wrong one."""
        if item.qname in self.not_done:
            return self._not_done(item)
        path = _path(item)
        raw = self.parts.answers.get(item.checklist_id, _NO_ANSWERS).get(item.item_id)
        if raw is None:
            prompt = item.item.prompt
            self.problem(path, msg("no_answer", prompt=Message(prompt.en, prompt.zh)))
            return Slot(Status.MISSING)
        try:
            value = item.parse(raw)
        except ValueError as exc:
            self.problem(path, m.reason(exc))
            return Slot(Status.BAD)
        return Slot(Status.OK, value)

    def _fail(self, compiled: CompiledChecklist, item: CompiledItem, value: Any) -> None:
        """Record a failure; what was required and recorded read in English and Chinese."""
        spec = item.item
        recorded = recorded_message(spec, value)
        self.failures.append(
            Failure(
                compiled.checklist.key,
                spec.id,
                spec.rule,
                spec.severity,
                requirement(item, self.facts),
                recorded,
                spec.corrective,
                self.raw.locate(_path(item)),
            )
        )


def _path(item: CompiledItem) -> tuple[str, str, str]:
    """Where an item's answer sits in a record."""
    return ("answers", item.checklist_id, item.item_id)
