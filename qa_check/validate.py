"""Judging: one record against its checklists -> PASS, FAIL or INVALID, with every reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from qa_check import models as m
from qa_check import rules
from qa_check.checklists import CompiledChecklist, CompiledItem, Registry
from qa_check.errors import Location, Problem, pydantic_messages
from qa_check.rules import NOT_APPLICABLE, UNDECIDED, Slot, Status

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


LANGUAGES = ("en", "zh")
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
    recorded: str
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


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A record as read from a file, before it is checked: data and a way to locate fields."""

    data: object
    origin: Location
    locate: Locate
    problems: tuple[Problem, ...] = ()
    """Problems found while reading (an unknown CSV column): the record is INVALID."""


@dataclass(slots=True)
class Summary:
    """Counts over a batch; ``total`` is always the sum of the other three."""

    passed: int = 0
    failed: int = 0
    invalid: int = 0

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

    @property
    def exit_code(self) -> int:
        """0 when everything passed, 1 when something failed, 2 when something was invalid."""
        if self.invalid:
            return 2
        return 1 if self.failed else 0


def judge_all(
    sources: Iterable[RawRecord | Problem], registry: Registry, *, explain: bool = False
) -> Iterator[SkuResult]:
    """Judge a stream of records; unreadable input becomes an INVALID result, never a stop."""
    for source in sources:
        if isinstance(source, Problem):
            yield SkuResult(Verdict.INVALID, source.location, problems=(source,))
        else:
            yield judge(source, registry, explain=explain)


def judge(raw: RawRecord, registry: Registry, *, explain: bool = False) -> SkuResult:
    """Judge one record against the checklist versions it names.

    ``explain`` also lists every item's outcome (what a certificate prints); batches skip it.
    """
    result = _judge(raw, registry, explain)
    if raw.problems:
        return replace(result, verdict=Verdict.INVALID, problems=raw.problems + result.problems)
    return result


def _judge(raw: RawRecord, registry: Registry, explain: bool) -> SkuResult:
    data = raw.data
    if not isinstance(data, dict):
        problem = Problem(raw.origin, "a record is a mapping of fields (sku, product, answers …)")
        return SkuResult(Verdict.INVALID, raw.origin, problems=(problem,))
    data = _without_blanks(data)
    try:
        record = m.Record.model_validate(data)
    except ValidationError as exc:
        problems = tuple(
            Problem(raw.locate(path), message)
            for path, message in pydantic_messages(exc.errors(), data)
        )
        sku = data.get("sku")
        name = data.get("product_name")
        return SkuResult(
            Verdict.INVALID,
            raw.origin,
            sku if isinstance(sku, str) and sku.strip() else None,
            name if isinstance(name, str) else None,
            problems=problems,
        )
    judgement = _Judgement(record, raw, registry)
    try:
        result = judgement.run()
        if explain and result.verdict is not Verdict.INVALID and not raw.problems:
            result = replace(result, items=judgement.explain())
        return result
    finally:
        judgement.facts.resolve = _resolved  # breaks the cycle: refcounting frees it at once


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

    def __init__(self, record: m.Record, raw: RawRecord, registry: Registry) -> None:
        self.record = record
        self.raw = raw
        self.registry = registry
        self.problems: list[Problem] = []
        self.failures: list[Failure] = []
        self.slots: dict[str, Slot] = {}
        self.in_progress: set[str] = set()
        self.checklists: dict[str, CompiledChecklist] = {}
        product = record.product
        self.facts = rules.Facts(
            {
                "electrical": product.electrical,
                "gross_weight_kg": product.gross_weight_kg,
                "length_cm": product.length_cm,
                "width_cm": product.width_cm,
                "height_cm": product.height_cm,
            },
            record.answers,
            self.slots,
            self.resolve,
        )

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.raw.locate(path), message))

    def run(self) -> SkuResult:
        record = self.record
        checklists = self._checklists()
        for checklist_id, answers in record.answers.items():
            compiled = checklists.get(checklist_id)
            if compiled is None:
                if checklist_id not in record.checklists:
                    self.problem(
                        ("answers", checklist_id),
                        f"answers for checklist {checklist_id!r}, which the record does not list"
                        " under checklists",
                    )
                continue
            for item_id in sorted(answers.keys() - compiled.by_id.keys()):
                self.problem(
                    ("answers", checklist_id, item_id),
                    f"no item {item_id!r} in checklist {compiled.checklist.key}",
                )
        slots = self.slots
        facts = self.facts
        ok = Status.OK
        for compiled in checklists.values():
            answers = record.answers.get(compiled.checklist.id, _NO_ANSWERS)
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
                shortfall = None
                if slot.status is ok:
                    try:
                        shortfall = item.check(slot.value, facts)
                    except rules.Unavailable as exc:
                        if not exc.reported:
                            self.problem(_path(item), f"cannot judge: {exc}")
                    else:
                        if shortfall is not None:
                            self._fail(compiled, item, shortfall)
        if self.problems:
            verdict = Verdict.INVALID
        elif self.failures:
            verdict = Verdict.FAIL
        else:
            verdict = Verdict.PASS
        self.failures.sort(key=lambda f: SEVERITY_ORDER[f.severity])
        return SkuResult(
            verdict,
            self.raw.origin,
            record.sku,
            record.product_name,
            tuple(f"{key}@{version}" for key, version in record.checklists.items()),
            tuple(self.failures),
            tuple(self.problems),
            record,
        )

    def explain(self) -> tuple[ItemResult, ...]:
        """Every item's outcome and requirement; for a record judged PASS or FAIL."""
        found: list[ItemResult] = []
        facts = self.facts
        for compiled in self.checklists.values():
            for item in compiled.items:
                slot = self.resolve(item.qname)
                if slot.status is not Status.OK:
                    found.append(ItemResult(compiled, item, Outcome.NOT_APPLICABLE))
                    continue
                failed = item.check(slot.value, facts) is not None
                words = {
                    lang: item.describe(facts, rules.labeller(item.item.answer, lang), lang)
                    for lang in LANGUAGES
                }
                outcome = Outcome.FAIL if failed else Outcome.PASS
                found.append(ItemResult(compiled, item, outcome, slot.value, words))
        return tuple(found)

    def _checklists(self) -> dict[str, CompiledChecklist]:
        found: dict[str, CompiledChecklist] = {}
        for checklist_id, version in self.record.checklists.items():
            compiled = self.registry.get(checklist_id, version)
            if compiled is None:
                known = self.registry.versions(checklist_id)
                hint = (
                    f"loaded versions: {', '.join(known)}" if known else "no such checklist loaded"
                )
                self.problem(
                    ("checklists", checklist_id),
                    f"unknown checklist {checklist_id}@{version} ({hint})",
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
        for test in item.conditions:
            try:
                if not test(self.facts):
                    return NOT_APPLICABLE
            except rules.Unavailable as exc:
                if not exc.reported:
                    message = f"cannot tell whether this item applies: {exc}"
                    self.problem(_path(item), message)
                return UNDECIDED
        return None

    def _answer(self, item: CompiledItem) -> Slot:
        """The slot of an applicable item's answer, reporting a missing or wrong one."""
        path = _path(item)
        raw = self.record.answers.get(item.checklist_id, _NO_ANSWERS).get(item.item_id)
        if raw is None:
            self.problem(path, f"no answer ({item.item.prompt.en})")
            return Slot(Status.MISSING)
        try:
            value = item.parse(raw)
        except ValueError as exc:
            self.problem(path, str(exc))
            return Slot(Status.BAD)
        return Slot(Status.OK, value)

    def _fail(
        self, compiled: CompiledChecklist, item: CompiledItem, shortfall: rules.Shortfall
    ) -> None:
        spec = item.item
        self.failures.append(
            Failure(
                compiled.checklist.key,
                spec.id,
                spec.rule,
                spec.severity,
                shortfall.requirement,
                shortfall.recorded,
                spec.corrective,
                self.raw.locate(_path(item)),
            )
        )


def _path(item: CompiledItem) -> tuple[str, str, str]:
    """Where an item's answer sits in a record."""
    return ("answers", item.checklist_id, item.item_id)
