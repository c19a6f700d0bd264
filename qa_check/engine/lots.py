"""Lots: a sample of a lot's units judged by the AQL plan, ACCEPT or REJECT, every defect named.

A lot record (``kind: lot``) holds what a SKU record holds about the product, then the lot (its
id, size, inspection level, severity, AQL per class) and what was found: each sampled unit's
answers, judged one unit at a time by the same judgement as a SKU record, or, for units
inspected on paper, a count of defects per checklist item. A failed item is a defect of its
class (the item's ``severity``); a class with Re defects or more in its sample rejects the lot.
Destructive tests (drop, compression) done on a few units are judged as one record: a FAIL
rejects the lot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from qa_check.core.errors import Location, Problem, pydantic_messages
from qa_check.core.messages import msg
from qa_check.engine import models as m
from qa_check.engine.aql import ClassPlan, Level, LotPlan, Severity, plan_lot
from qa_check.engine.checklists import CompiledChecklist, Registry
from qa_check.engine.judge import RawRecord, RecordCheck, SkuResult, Verdict, judge

LOT_KIND = "lot"
_COMMON = ("sku", "product_name", *m.PARTY_FIELDS, "product", "inspector", "site", "inspected_at")
"""The fields a lot shares with each of its units' records."""
_Class = Literal["critical", "major", "minor"]


class PaperDefect(BaseModel):
    """Defects of one checklist item counted on paper: how many, and on which units if noted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    checklist: m.Id
    item: m.Id
    count: int = Field(ge=1, le=1_000_000)
    units: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)


class DestructiveTests(BaseModel):
    """Tests that destroy the units they are done on (drop, compression): judged once, together."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    units: int = Field(ge=1, le=1_000)
    checklists: dict[m.Id, m.Version] = Field(min_length=1)
    answers: dict[str, dict[str, Any]] = Field(default_factory=dict)


class LotRecord(BaseModel):
    """What the lot itself says: which lot, its plan's inputs, and what was found in its sample."""

    model_config = ConfigDict(extra="ignore", frozen=True)  # the common fields: each unit's

    kind: Literal["lot"]
    lot: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")
    lot_size: int = Field(ge=2, le=100_000_000)
    level: Level = Level.II
    severity: Severity = Severity.NORMAL
    aql: dict[_Class, Decimal] = Field(default_factory=dict)
    checklists: dict[m.Id, m.Version] = Field(min_length=1)
    """The checklists every sampled unit is inspected against."""
    units: list[dict[str, dict[str, Any]]] = Field(default_factory=list)
    """Each sampled unit's answers, by checklist, in the order drawn (unit 1 first)."""
    inspected: int | None = Field(default=None, ge=1)
    """Units inspected on paper, whose defects ``defects`` counts (no ``units`` then)."""
    defects: list[PaperDefect] = Field(default_factory=list)
    tests: DestructiveTests | None = None
    inspected_at: AwareDatetime

    @field_validator("aql")
    @classmethod
    def _known_aqls(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        from qa_check.engine.aql import aql_columns  # noqa: PLC0415 (the tables load once)

        columns = aql_columns()
        for name, aql in value.items():
            if aql != 0 and aql not in columns:
                shown = " ".join(str(column) for column in columns)
                raise m.AnswerError(msg("lot_aql_unknown", name=name, value=aql, aqls=shown))
        return value


@dataclass(frozen=True, slots=True)
class Defect:
    """A defect found: its class, the item behind it, the unit (when known), where it is written."""

    defect_class: str
    checklist: str
    item: str
    rule: str
    unit: int | None
    count: int
    location: Location


@dataclass(frozen=True, slots=True)
class ClassCount:
    """One defect class of a judged lot: its plan, the defects in its sample, and the decision."""

    plan: ClassPlan
    defects: tuple[Defect, ...]

    @property
    def found(self) -> int:
        """Defects counted in the class's sample."""
        return sum(defect.count for defect in self.defects)

    @property
    def accepted(self) -> bool:
        """Fewer defects than the rejection number."""
        return self.found < self.plan.reject


@dataclass(frozen=True, slots=True)
class LotOutcome:
    """A judged lot: ACCEPT when every class accepts and the destructive tests passed."""

    lot: str
    plan: LotPlan
    inspected: int
    classes: tuple[ClassCount, ...]
    tests: SkuResult | None
    test_units: int = 0
    """Units the destructive tests were done on."""
    inspected_at: datetime | None = None
    """When the lot's inspection started: the order of a SKU's lots, for the switching rules."""
    record: dict[str, Any] = field(default_factory=dict, compare=False)
    """The lot record as read, plain data: what its certificate embeds and is judged from."""

    @property
    def decision(self) -> str:
        """``ACCEPT`` or ``REJECT``: the word a lot's report, certificate and register show."""
        return "ACCEPT" if self.accepted else "REJECT"

    @property
    def accepted(self) -> bool:
        """Every class within its Ac, and no destructive test failed."""
        tests_passed = self.tests is None or self.tests.verdict is Verdict.PASS
        return tests_passed and all(count.accepted for count in self.classes)


def is_lot(data: object) -> bool:
    """Whether a record read from a file is a lot record (``kind: lot``)."""
    return isinstance(data, dict) and data.get("kind") == LOT_KIND


def judge_lot(raw: RawRecord, registry: Registry, *, checks: Sequence[RecordCheck]) -> SkuResult:
    """Judge a lot record: PASS for ACCEPT, FAIL for REJECT (``result.lot`` says why), INVALID."""
    data = raw.data
    assert isinstance(data, dict)
    sku, name = data.get("sku"), data.get("product_name")
    shown_sku = sku if isinstance(sku, str) and sku.strip() else None
    shown_name = name if isinstance(name, str) else None
    try:
        lot = LotRecord.model_validate(data)
    except ValidationError as exc:
        invalid = tuple(
            Problem(raw.locate(path), message)
            for path, message in pydantic_messages(exc.errors(), data)
        )
        return SkuResult(Verdict.INVALID, raw.origin, shown_sku, shown_name, problems=invalid)
    plan = plan_lot(lot.lot_size, lot.level, lot.severity, {str(k): v for k, v in lot.aql.items()})
    problems: list[Problem] = list(raw.problems)
    defects: list[Defect] = []
    common = {key: data[key] for key in _COMMON if key in data}
    inspected = _inspected(lot, plan, raw, problems)
    for number, answers in enumerate(lot.units, start=1):
        unit = _unit_record(raw, common, lot.checklists, answers, ("units", number - 1))
        result = judge(unit, registry, checks=checks, files=False)
        problems += result.problems
        for failure in result.failures:
            checklist = failure.checklist.partition("@")[0]
            defects.append(
                Defect(
                    failure.severity,
                    checklist,
                    failure.item,
                    failure.rule,
                    number,
                    1,
                    failure.location,
                )
            )
    problems += _misplaced(lot, registry, raw)
    defects += _paper_defects(lot, registry, raw, inspected, problems)
    tests = None
    if lot.tests is not None:
        tests_raw = _unit_record(
            raw, common, lot.tests.checklists, lot.tests.answers, ("tests",), checklists_too=True
        )
        tests = judge(tests_raw, registry, checks=checks, files=False, explain=True)
        problems += tests.problems
    classes = tuple(
        ClassCount(
            found,
            tuple(
                defect
                for defect in defects
                if defect.defect_class == found.defect_class
                and (defect.unit is None or defect.unit <= found.sample)
            ),
        )
        for found in plan.classes
    )
    test_units = lot.tests.units if lot.tests is not None else 0
    outcome = LotOutcome(
        lot.lot, plan, inspected, classes, tests, test_units, lot.inspected_at, dict(data)
    )
    verdict = Verdict.PASS if outcome.accepted else Verdict.FAIL
    if problems:
        verdict = Verdict.INVALID
    checklists = tuple(f"{key}@{version}" for key, version in lot.checklists.items())
    if lot.tests is not None:
        checklists += tuple(f"{key}@{version}" for key, version in lot.tests.checklists.items())
    return SkuResult(
        verdict,
        raw.origin,
        shown_sku,
        shown_name,
        checklists,
        problems=tuple(problems),
        judged_against=_judged_against(lot, registry),
        lot=outcome,
    )


def _judged_against(lot: LotRecord, registry: Registry) -> tuple[CompiledChecklist, ...]:
    """The checklists judged against, units' then tests': the lot's certificate embeds them."""
    tests = lot.tests.checklists if lot.tests is not None else {}
    found = (
        registry.get(key, version) for key, version in (*lot.checklists.items(), *tests.items())
    )
    return tuple(compiled for compiled in found if compiled is not None)


def _inspected(lot: LotRecord, plan: LotPlan, raw: RawRecord, problems: list[Problem]) -> int:
    """Units inspected: the units answered, or ``inspected`` on paper; as many as the plan draws."""
    if lot.units and lot.inspected is not None:
        problems.append(Problem(raw.locate(("inspected",)), msg("lot_units_and_paper")))
    count = len(lot.units) if lot.units else (lot.inspected or 0)
    if count != plan.units:
        field = ("units",) if lot.units else ("inspected",)
        message = msg("lot_sample_size", units=plan.units, count=count, letter=plan.letter)
        problems.append(Problem(raw.locate(field), message))
    return count


def _unit_record(
    raw: RawRecord,
    common: dict[str, Any],
    checklists: dict[str, str],
    answers: dict[str, dict[str, Any]],
    base: tuple[str | int, ...],
    *,
    checklists_too: bool = False,
) -> RawRecord:
    """One unit (or the destructive tests) as a SKU record, located where the lot holds it."""

    def locate(path: tuple[str | int, ...]) -> Location:
        if path and path[0] == "answers":
            return raw.locate((*base, *(("answers",) if checklists_too else ()), *path[1:]))
        if checklists_too and path and path[0] == "checklists":
            return raw.locate((*base, *path))
        return raw.locate(path)

    data = {**common, "checklists": checklists, "answers": answers}
    return RawRecord(data, raw.locate(base), locate)


def _paper_defects(
    lot: LotRecord,
    registry: Registry,
    raw: RawRecord,
    inspected: int,
    problems: list[Problem],
) -> list[Defect]:
    """The defects counted on paper, each of its item's class; a unit named once per defect."""
    found: list[Defect] = []
    for index, entry in enumerate(lot.defects):
        where = raw.locate(("defects", index))
        version = lot.checklists.get(entry.checklist)
        compiled = registry.get(entry.checklist, version) if version is not None else None
        item = compiled.by_id.get(entry.item) if compiled is not None else None
        if compiled is None or item is None:
            key = f"{entry.checklist}@{version}" if version else entry.checklist
            problems.append(Problem(where, msg("lot_defect_unknown", item=entry.item, key=key)))
            continue
        if entry.units and (len(entry.units) > entry.count or max(entry.units) > inspected):
            problems.append(
                Problem(where, msg("lot_defect_units", count=entry.count, inspected=inspected))
            )
            continue
        spec = item.item
        named = [
            Defect(spec.severity, entry.checklist, entry.item, spec.rule, unit, 1, where)
            for unit in entry.units
        ]
        rest = entry.count - len(named)
        if rest:  # units not noted: counted in every class's sample, the strict reading
            named.append(
                Defect(spec.severity, entry.checklist, entry.item, spec.rule, None, rest, where)
            )
        found += named
    return found


def _misplaced(lot: LotRecord, registry: Registry, raw: RawRecord) -> list[Problem]:
    """Checklists whose ``sampling`` says they belong elsewhere: per unit, or under ``tests``."""
    tests = lot.tests.checklists if lot.tests is not None else {}
    found = []
    for listed, wrong, base, place in (
        (lot.checklists, "destructive", ("checklists",), "tests.checklists"),
        (tests, "unit", ("tests", "checklists"), "checklists"),
    ):
        for checklist_id, version in listed.items():
            compiled = registry.get(checklist_id, version)
            if compiled is not None and compiled.checklist.sampling == wrong:
                message = msg(
                    "lot_checklist_role",
                    key=compiled.checklist.key,
                    role=msg(f"lot_role_{wrong}"),
                    place=place,
                )
                found.append(Problem(raw.locate((*base, checklist_id)), message))
    return found
