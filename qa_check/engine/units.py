"""Units and plausible ranges, read from ``units.yaml``: which units convert, and what is usual.

Data, not code: a unit a site types (``斤``, ``lb``) or the range a gross weight lies in is an
edit of ``units.yaml``. Numbers convert in exact decimals (``1800 g`` is ``1.8 kg``, not
``1.8000000000000003``). It judges nothing: the guided run has the worker confirm a conversion or
an unusual number, ``validate`` warns of an unusual one, and a record stays strict.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qa_check.core.messages import Message, msg
from qa_check.files.safe_yaml import load_yaml

_DATA = Path(__file__).with_name("units.yaml")
_NUMBER_WITH_UNIT = re.compile(r"\s*([-+]?[0-9]*[.,]?[0-9]+)\s*([^\W\d_][^\d]*?|[°%][^\d]*?)\s*")
"""A number with a unit after it: ``1800g``, ``1.2 m``, ``3 小时``."""
_SIGNIFICANT = 12
"""Digits a converted number keeps: more than any scale reads, fewer than a float's noise."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _UnitData(_Strict):
    in_base: Decimal = Field(gt=0)
    names: list[str] = Field(default_factory=list)


class _MeasureData(_Strict):
    base: str
    units: dict[str, _UnitData] = Field(min_length=1)


class _RangeData(_Strict):
    min: Decimal
    max: Decimal
    unit: str


class _QuantityData(_RangeData):
    measure: str


class _Data(_Strict):
    measures: dict[str, _MeasureData]
    quantities: dict[str, _QuantityData]
    measure_ranges: dict[str, _RangeData]
    attributes: dict[str, str]


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit a number may be typed in: its name, what it measures, its size in base units."""

    name: str
    measure: str
    in_base: Decimal


@dataclass(frozen=True, slots=True)
class Plausible:
    """Where a real value of one item lies, in the item's own unit."""

    low: float
    high: float
    unit: str

    def contains(self, number: float) -> bool:
        """Whether ``number`` (in ``unit``) is a usual value."""
        return self.low <= number <= self.high

    def warning(self, number: float, what: Message) -> Message:
        """What a worker or a manager is told of ``number``, ``what`` (a gross weight) being it."""
        return msg(
            "unit_implausible",
            number=decimal_text(Decimal(repr(number))),
            unit=self.unit,
            what=what,
            low=decimal_text(Decimal(f"{self.low:.6g}")),
            high=decimal_text(Decimal(f"{self.high:.6g}")),
        )


class _Table:
    """The data file, checked and indexed: units by every name, ranges by kind."""

    def __init__(self, data: _Data) -> None:
        self.units: dict[str, Unit] = {}
        self.by_name: dict[str, Unit] = {}
        for measure, spec in data.measures.items():
            for name, unit in spec.units.items():
                found = Unit(name, measure, unit.in_base)
                self.units[name] = found
                for typed in (name, *unit.names):
                    key = _key(typed)
                    if key in self.by_name:
                        raise ValueError(f"{_DATA.name}: the unit name {typed!r} is given twice")
                    self.by_name[key] = found
            if spec.base not in spec.units or spec.units[spec.base].in_base != 1:
                raise ValueError(f"{_DATA.name}: {measure}'s base {spec.base!r} must be 1")
        self.quantities = data.quantities
        self.measure_ranges = data.measure_ranges
        self.attributes = data.attributes
        for quantity in [*data.quantities.values(), *data.measure_ranges.values()]:
            if quantity.unit not in self.units:
                raise ValueError(f"{_DATA.name}: unknown unit {quantity.unit!r} in a range")


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


@cache
def _table() -> _Table:
    """The data file, read once (it ships inside the package: a fault in it is a bug)."""
    data, _ = load_yaml(_DATA.read_text("utf-8"), str(_DATA))
    try:
        return _Table(_Data.model_validate(data))
    except ValidationError as exc:
        raise ValueError(f"{_DATA.name}: {exc}") from None


def unit(name: str) -> Unit | None:
    """The unit typed as ``name`` (``公斤``, ``KG``, ``lbs``); None when it is not one we know."""
    return _table().by_name.get(_key(name))


def quantities() -> tuple[str, ...]:
    """The kinds of quantity a checklist item may name (``weight``, ``load`` ...)."""
    return tuple(_table().quantities)


def decimal_text(number: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (``1.8``, ``60``)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True, slots=True)
class Conversion:
    """A number typed with a unit, and the same amount in the item's unit."""

    typed: str
    """The number and unit as typed: ``1800 g``."""
    number: str
    """The amount in the item's unit, as a record writes it: ``1.8``."""
    unit: str
    converted: bool
    """False when the unit typed is the item's own (``1.8 kg`` for kilograms)."""


class UnitMismatch(ValueError):
    """A unit typed that does not convert to the item's: ``message`` says so, in both languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def typed_unit(text: str) -> tuple[str, str] | None:
    """``(number, unit)`` of a number typed with a unit after it; None for anything else."""
    found = _NUMBER_WITH_UNIT.fullmatch(text)
    if found is None or re.match(r"[-+]?0[xXoObB]", text.strip()):
        return None
    return found.group(1), found.group(2)


def convert(text: str, target: str) -> Conversion | None:
    """The number of ``text`` (``1800g``) in ``target`` (``kg``); None when no unit is typed.

    UnitMismatch when the unit typed is not one we know, or measures something else (a length
    typed for a weight): its message names ``target``, and never the number unconverted.
    """
    typed = typed_unit(text)
    if typed is None:
        return None
    number_text, unit_text = typed
    if re.fullmatch(r"[-+]?[0-9]+,[0-9]{3}", number_text):  # 1,200 g: a thousand, or 1.2?
        raise UnitMismatch(msg("not_a_number", value=text.strip()))
    if _key(unit_text) == _key(target):  # the item's own unit, known here or not (kg/m³)
        as_written = number_text.replace(",", ".")
        return Conversion(f"{as_written} {target}", as_written, target, converted=False)
    source = unit(unit_text)
    wanted = unit(target)
    if source is None or wanted is None:
        raise UnitMismatch(msg("unit_unknown", value=text.strip(), unit=target, typed=unit_text))
    if source.measure != wanted.measure:
        raise UnitMismatch(
            msg("unit_incompatible", value=text.strip(), unit=target, typed=source.name)
        )
    number = Decimal(number_text.replace(",", "."))
    converted = number * source.in_base / wanted.in_base
    rounded = round(converted, _SIGNIFICANT - converted.adjusted() - 1)
    typed_as = f"{decimal_text(number)} {source.name}"
    return Conversion(typed_as, decimal_text(rounded), wanted.name, converted=source != wanted)


@cache
def plausible(
    unit_name: str, quantity: str | None = None, given: tuple[float, float] | None = None
) -> Plausible | None:
    """The usual range of a number in ``unit_name``: ``given`` (a checklist's), else by kind.

    Without a ``quantity``, the range of the unit's measure; None for a unit we do not know
    (a checklist may count pieces) when the checklist gives no range.
    """
    if given is not None:
        return Plausible(*given, unit_name)
    table = _table()
    target = unit(unit_name)
    if target is None:
        return None
    found = table.quantities.get(quantity) if quantity else None
    usual: _RangeData | None = found
    if found is None or found.measure != target.measure:
        usual = table.measure_ranges.get(target.measure)
    if usual is None:
        return None
    scale = table.units[usual.unit].in_base / target.in_base
    return Plausible(float(usual.min * scale), float(usual.max * scale), unit_name)


def attribute_quantity(name: str) -> str | None:
    """The kind of quantity a product field of the record format measures (``weight``)."""
    return _table().attributes.get(name)


def quantity_problem(unit_name: str, quantity: str) -> str | None:
    """Why an item's ``quantity`` cannot be measured in its unit (a weight in metres); or None."""
    table = _table()
    found = table.quantities.get(quantity)
    target = unit(unit_name)
    if found is None:
        return None  # an unknown kind is the model's to refuse
    if target is None:
        return f"the unit {unit_name!r} is not in {_DATA.name}: a {quantity} has no range in it"
    if target.measure != found.measure:
        alike = ", ".join(name for name, u in table.units.items() if u.measure == found.measure)
        return f"a {quantity} is a {found.measure} ({alike}), not in {unit_name!r}"
    return None
