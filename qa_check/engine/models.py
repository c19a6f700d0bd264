"""The data model: checklists (the rules, as data) and result records (what staff measured).

Values read from YAML and CSV arrive as the text that was typed; the types here turn that text
into numbers, dates and yes/no only where a field asks for one, and never guess otherwise.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)

from qa_check.core.messages import Message, msg
from qa_check.engine import units

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
RULE_PATTERN = r"^[A-Z]{2}-[0-9]+$"

_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})")
"""``1,2`` is a decimal comma; ``1,200`` could be a thousands separator, so it gets no hint."""
_YES = frozenset(("yes", "y", "true", "是"))
_NO = frozenset(("no", "n", "false", "否"))
_EXACT_YES_NO = {"yes": True, "no": False, "true": True, "false": False}


def parse_number(value: object, unit: str | None = None) -> float:
    """Read a number typed as text or given as JSON; explain a unit typed in with it."""
    if isinstance(value, bool):
        raise AnswerError(msg("yes_no_number"))
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            raise AnswerError(msg("not_finite", value=value)) from None
    elif isinstance(value, str):
        text = value.strip()
        if not _NUMBER.fullmatch(text):
            if _DECIMAL_COMMA.fullmatch(text):
                raise AnswerError(msg("decimal_comma", value=value, fixed=text.replace(",", ".")))
            typed = units.typed_unit(text)
            if typed is not None and unit:
                raise AnswerError(_unit_typed(value, text, unit))
            if typed is not None:
                number_text = typed[0].replace(",", ".")
                raise AnswerError(msg("unit_typed", value=value, number=number_text))
            raise AnswerError(msg("not_a_number", value=value))
        number = float(text)
    else:
        raise AnswerError(msg("number_expected", kind=type(value).__name__))
    if not math.isfinite(number):
        raise AnswerError(msg("not_finite", value=value))
    return number


def _unit_typed(value: str, text: str, unit: str) -> Message:
    """Why a number typed with a unit is refused: the number to write, in ``unit``.

    Never the number as typed when its unit is another: ``1800g`` for kilograms is 1.8.
    """
    try:
        conversion = units.convert(text, unit)
    except units.UnitMismatch as exc:
        return exc.message
    assert conversion is not None  # the caller saw a unit typed
    return msg("unit_typed_converted", value=value, number=conversion.number, unit=unit)


def parse_yes_no(value: object) -> bool:
    """Read yes/no from JSON booleans or the words staff type (yes, no, true, false, 是, 否)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        exact = _EXACT_YES_NO.get(value)  # the common case, without building new strings
        if exact is not None:
            return exact
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise AnswerError(msg("not_yes_no", value=value))


class AnswerError(ValueError):
    """A typed value that cannot be read; ``message`` says why in English and Chinese."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def reason(exc: ValueError) -> str:
    """Why a value was refused: the bilingual message of an AnswerError, else the text."""
    return exc.message if isinstance(exc, AnswerError) else str(exc)


def _text(value: object) -> object:
    """JSON numbers become text where text is wanted (a version ``1``); other types pass on."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _number_or_text(value: object) -> object:
    return parse_number(value) if value is not None else value


_SCALAR_SCHEMA: dict[str, Any] = {"type": ["string", "number", "boolean"]}

Version = Annotated[
    str,
    BeforeValidator(_text),
    Field(min_length=1, max_length=32),
    WithJsonSchema({"type": ["string", "integer", "number"]}),
]
Scalar = Annotated[str, BeforeValidator(_text), WithJsonSchema(_SCALAR_SCHEMA)]
Number = Annotated[
    float, BeforeValidator(_number_or_text), WithJsonSchema({"type": ["number", "string"]})
]
YesNo = Annotated[
    bool,
    BeforeValidator(parse_yes_no),
    WithJsonSchema({"type": ["boolean", "string"], "enum": [True, False, "yes", "no"]}),
]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*@[^\s@]+$", max_length=97)]
"""``id@version``, as a withdrawal names a checklist version."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text shown to people, in English and Simplified Chinese; both are required."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class Option(_Strict):
    """One answer of a choice: the value recorded, and its labels."""

    value: Id
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class YesNoAnswer(_Strict):
    """Answered yes or no."""

    kind: Literal["yes_no"]


class ChoiceAnswer(_Strict):
    """Answered with one value from a fixed list."""

    kind: Literal["choice"]
    choices: list[Option] = Field(min_length=2)


def _known_quantities(schema: dict[str, Any]) -> None:
    """The schema lists the kinds ``units.yaml`` has, read when a schema is asked for."""
    schema["anyOf"] = [{"enum": list(units.quantities()), "type": "string"}, {"type": "null"}]


class PlausibleRange(_Strict):
    """Where a real value lies, in the item's unit: outside it, a value is confirmed, not refused.

    The guided run asks the worker to confirm such a value; validate and certify warn.
    """

    min: Number
    max: Number

    @model_validator(mode="after")
    def _ordered(self) -> PlausibleRange:
        if self.min > self.max:
            raise ValueError("min is above max")
        return self


class NumberAnswer(_Strict):
    """A measured number in a fixed unit; values outside the valid range are typing mistakes."""

    kind: Literal["number"]
    unit: str = Field(min_length=1)
    valid_min: Number | None = None
    valid_max: Number | None = None
    quantity: str | None = Field(default=None, json_schema_extra=_known_quantities)
    """The kind of quantity (``weight``, ``load`` ... of ``units.yaml``): its usual range."""
    plausible: PlausibleRange | None = None
    """The usual range of this item, overriding its kind's."""

    @field_validator("quantity")
    @classmethod
    def _known_quantity(cls, value: str | None) -> str | None:
        known = units.quantities()
        if value is not None and value not in known:
            raise ValueError(f"unknown quantity {value!r} (known: {', '.join(known)})")
        return value

    def usual(self) -> units.Plausible | None:
        """Where a real value of this answer lies (None for a unit without a known range)."""
        given = (self.plausible.min, self.plausible.max) if self.plausible else None
        return units.plausible(self.unit, self.quantity, given)


class TextAnswer(_Strict):
    """Free text, kept exactly as typed."""

    kind: Literal["text"]


EntryAnswer = Annotated[YesNoAnswer | ChoiceAnswer | NumberAnswer, Field(discriminator="kind")]


Position = Annotated[str, Field(pattern=r"^[1-6](?:-[1-6]){0,2}$")]
"""Where on the package an entry lands, by ISTA's face numbers: ``3`` a face, ``2-3`` an edge,
``2-3-5`` a corner (1 top, 2 right, 3 bottom, 4 left, 5 near end, 6 far end)."""


class SeriesGroup(_Strict):
    """A run of entries with the same label, such as three corner drops."""

    label: Id
    count: int = Field(ge=1, le=100)
    name: Text
    positions: list[Position] | None = None
    """Each entry's ISTA position (``2-3-5``), in order, when the checklist names them."""

    @model_validator(mode="after")
    def _a_position_per_entry(self) -> SeriesGroup:
        if self.positions is not None and len(self.positions) != self.count:
            raise ValueError("positions names one position per entry: as many as count")
        return self


class SeriesAnswer(_Strict):
    """A repeated measurement (the drops): one entry per position, in the order performed."""

    kind: Literal["series"]
    groups: list[SeriesGroup] = Field(min_length=1)
    entry: EntryAnswer

    @property
    def labels(self) -> list[str]:
        """The label of every entry, in order."""
        return [group.label for group in self.groups for _ in range(group.count)]


AnswerSpec = Annotated[
    YesNoAnswer | ChoiceAnswer | NumberAnswer | TextAnswer | SeriesAnswer,
    Field(discriminator="kind"),
]


# --- operands: where a threshold's number comes from -------------------------------------


class SettingRef(_Strict):
    """A number from the checklist's ``settings`` (a drop height, a stacking factor)."""

    setting: Id


class AttributeRef(_Strict):
    """A number from the product attributes of the record (gross weight, package height)."""

    attribute: Id


class AnswerRef(_Strict):
    """A number answered to another item (``item`` or ``checklist.item``)."""

    answer: str = Field(min_length=1)


class StackLoadParams(_Strict):
    """CP-2: load = gross weight x (floor(stack height / package height) - 1) x factor."""

    gross_weight: Operand
    stack_height: Operand
    package_height: Operand
    factor: Operand


class StackLoad(_Strict):
    """A threshold computed by the stacking formula from checklist settings and attributes."""

    stack_load: StackLoadParams


def _operand_tag(value: object) -> str:
    if isinstance(value, dict):
        keys = sorted(value)
        return keys[0] if len(keys) == 1 else "invalid"
    if isinstance(value, BaseModel):
        return next(iter(type(value).model_fields))
    return "number"


Operand = Annotated[
    Annotated[Number, Tag("number")]
    | Annotated[SettingRef, Tag("setting")]
    | Annotated[AttributeRef, Tag("attribute")]
    | Annotated[AnswerRef, Tag("answer")]
    | Annotated[StackLoad, Tag("stack_load")],
    Discriminator(
        _operand_tag,
        custom_error_type="operand",
        custom_error_message=(
            "a threshold is a number or one of {setting: …}, {attribute: …}, {answer: …},"
            " {stack_load: …}"
        ),
    ),
]
StackLoadParams.model_rebuild()


# --- criteria: what a passing answer looks like ------------------------------------------


class Equals(_Strict):
    """The answer must be exactly this value."""

    equals: Scalar


class OneOf(_Strict):
    """The answer must be one of these values."""

    one_of: list[Scalar] = Field(min_length=1)


class Range(_Strict):
    """The number must be at least and/or at most these thresholds."""

    at_least: Operand | None = None
    at_most: Operand | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Range:
        if self.at_least is None and self.at_most is None:
            raise ValueError("give at_least, at_most or both")
        return self


class SameAs(_Strict):
    """The answer must equal the answer to another item (LB-2: barcode on the outermost layer)."""

    same_as: str = Field(min_length=1)


RECORD_TEXT_FIELDS = ("sku", "product_name")
"""Record fields an answer may be compared with (LB-3: the scanned barcode reads as the SKU)."""


class SameAsField(_Strict):
    """The answer must equal a field of the record itself (a scanned barcode and the SKU)."""

    same_as_field: Literal["sku", "product_name"]


class CountSpec(_Strict):
    """How many entries of a series must have a given value, per label and in all."""

    equals: Scalar
    at_least: dict[Id, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    total: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _some_count(self) -> CountSpec:
        if not self.at_least and self.total is None:
            raise ValueError("give at_least per label, total, or both")
        return self


class Count(_Strict):
    """Counts over a series (DT-3: three intact drops at each of corner, edge and face)."""

    count: CountSpec


class Recorded(_Strict):
    """No threshold: the answer is evidence (PK-4's density), judged by a later test."""

    recorded: Literal[True]

    @field_validator("recorded", mode="before")
    @classmethod
    def _yes(cls, value: object) -> object:
        return parse_yes_no(value) if isinstance(value, str) else value


def _criterion_tag(value: object) -> str:
    if isinstance(value, dict):
        keys = set(value)
        if keys and keys <= {"at_least", "at_most"}:
            return "range"
        return keys.pop() if len(keys) == 1 else "invalid"
    if isinstance(value, Range):
        return "range"
    if isinstance(value, BaseModel):
        return next(iter(type(value).model_fields))
    return "invalid"


Criterion = Annotated[
    Annotated[Equals, Tag("equals")]
    | Annotated[OneOf, Tag("one_of")]
    | Annotated[Range, Tag("range")]
    | Annotated[SameAs, Tag("same_as")]
    | Annotated[SameAsField, Tag("same_as_field")]
    | Annotated[Count, Tag("count")]
    | Annotated[Recorded, Tag("recorded")],
    Discriminator(
        _criterion_tag,
        custom_error_type="criterion",
        custom_error_message=(
            "a criterion is one of equals, one_of, at_least / at_most, same_as, same_as_field,"
            " count, recorded"
        ),
    ),
]


class Condition(_Strict):
    """When an item applies: a test on a product attribute or on an earlier answer."""

    attribute: Id | None = None
    answer: str | None = None
    equals: Scalar | None = None
    one_of: list[Scalar] | None = None
    below: Number | None = None
    at_least: Number | None = None

    @model_validator(mode="after")
    def _one_subject_one_test(self) -> Condition:
        if (self.attribute is None) == (self.answer is None):
            raise ValueError("a condition names exactly one of attribute or answer")
        tests = [self.equals, self.one_of, self.below, self.at_least]
        if sum(test is not None for test in tests) != 1:
            raise ValueError("a condition has exactly one of equals, one_of, below, at_least")
        return self


def _as_list(value: object) -> object:
    return [value] if isinstance(value, dict) else value


Severity = Literal["critical", "major", "minor"]


class Evidence(_Strict):
    """A photo the guided run asks for once an item is answered: what it shows, and when.

    Data of the checklist, so that which checks need a photo is a checklist edit, never code.
    """

    photo: Text
    """What the photo must show; it is also the photo's caption on the certificate."""
    if_answer: list[Scalar] | None = Field(default=None, min_length=1)
    """Only after these answers (for a series, per entry: ``damaged``); none: after any answer."""


class Item(_Strict):
    """One check: what to ask, how it is answered, and what a passing answer is."""

    id: Id
    rule: str = Field(pattern=RULE_PATTERN)
    prompt: Text
    label: Text | None = None
    """A short name for certificates (``Drop height``); the prompt stands in when absent."""
    help: Text
    answer: AnswerSpec
    severity: Severity
    criterion: Criterion
    corrective: Text
    when: Annotated[list[Condition], BeforeValidator(_as_list)] = Field(default_factory=list)
    evidence: Evidence | None = None
    """A photo the guided run asks for after the answer (optional: most items need none)."""


class Checklist(_Strict):
    """A versioned list of items citing the domain rules they check."""

    id: Id
    version: Version
    title: Text
    standard: Text | None = None
    """The standard or procedure the checklist follows, printed per section on certificates.

    A buyer reading a certificate beside a lab report looks for what it was tested against.
    """
    order: int = Field(default=100, ge=0, le=10_000)
    """Where this checklist comes in an inspection, lowest first (ties: in the order loaded)."""
    settings: dict[Id, Number] = Field(default_factory=dict)
    valid_months: int | None = Field(default=None, ge=1, le=120)
    """How long a certificate judged against this checklist stays valid after the inspection.

    The shortest of a record's checklists wins; none given means 12 months, after ISTA's
    practice of re-testing yearly.
    """
    sampling: Literal["unit", "destructive"] | None = None
    """In a lot inspected by AQL sampling: asked of every sampled unit (packaging, labels), or a
    destructive test done on a few units (drop, compression); unset, a lot record may do either.
    """
    items: list[Item] = Field(min_length=1)
    retest_repeats: list[Id] = Field(
        default_factory=list,
        description="Items a re-test (run --retest) asks again whenever an item of this"
        " checklist failed or was not done, besides the failed ones: a test repeated whole.",
    )
    """Items a re-test asks again whenever an item of this checklist failed or was not done.

    A re-test (``run --retest``) asks again the failed items; a test that must be repeated
    whole (DT-3: all nine drops, whatever broke) lists its items here.
    """

    @model_validator(mode="after")
    def _repeats_known_items(self) -> Checklist:
        known = {item.id for item in self.items}
        unknown = [item_id for item_id in self.retest_repeats if item_id not in known]
        if unknown:
            names = ", ".join(unknown)
            raise ValueError(f"retest_repeats names no item of this checklist: {names}")
        return self

    @property
    def key(self) -> str:
        """``id@version``, how records and reports name a checklist."""
        return f"{self.id}@{self.version}"


class Withdrawal(_Strict):
    """A released version no certificate is issued against from a day on, and its successor.

    Kept beside the checklists (``withdrawals.yaml``), not in them: withdrawing a version
    changes no checklist's content, so no hash and no certificate already issued.
    """

    since: date = Field(alias="from")
    """The first day it is withdrawn on, by a certificate's issue time (UTC, as it records)."""
    use: Key
    """The version to record the inspection against instead."""


# --- result records ------------------------------------------------------------------------

ATTRIBUTE_UNITS: dict[str, str | None] = {
    "electrical": None,
    "gross_weight_kg": "kg",
    "length_cm": "cm",
    "width_cm": "cm",
    "height_cm": "cm",
}
"""Product attributes a condition or threshold may name, with their units."""


def _positive(unit: str) -> Any:
    def check(value: object) -> float:
        number = parse_number(value, unit)
        if number <= 0:
            raise AnswerError(msg("not_positive", unit=unit, value=value))
        return number

    return BeforeValidator(check)


_NUMBER_SCHEMA = WithJsonSchema({"type": ["number", "string"]})
Kilograms = Annotated[float, _positive("kg"), _NUMBER_SCHEMA]
Centimetres = Annotated[float, _positive("cm"), _NUMBER_SCHEMA]


class Product(_Strict):
    """What the checks depend on: electrical or not, gross weight, package dimensions."""

    electrical: YesNo
    gross_weight_kg: Kilograms
    length_cm: Centimetres
    width_cm: Centimetres
    height_cm: Centimetres


_NO_CONTROL = r"^[^\x00-\x1f\x7f]+$"
PARTY_FIELDS = ("applicant", "brand", "model")
"""Optional record fields naming for whom and what was tested; a certificate prints them."""
SAMPLE_FIELDS = ("sample_quantity", "received_on")
"""Optional record fields a test report prints: how many units were tested, received when."""


class PhotoRef(_Strict):
    """A photo a record names: its file beside the record, and what it shows on the certificate.

    A record may give just the file name (``photos/a.jpg``) or ``{file: …, caption: …}``.
    """

    file: str
    caption: str | None = Field(default=None, min_length=1, max_length=200, pattern=_NO_CONTROL)

    @field_validator("caption", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else _text(value)

    @model_serializer(mode="wrap")
    def _plain(self, handler: SerializerFunctionWrapHandler) -> str | dict[str, Any]:
        """Without a caption, the file name alone: a record keeps the payload it had before."""
        return self.file if self.caption is None else handler(self)


def _photo_ref(value: object) -> object:
    """Anything but a mapping (or a PhotoRef) is a file name: a list is refused as ``file`` is."""
    return value if isinstance(value, dict | PhotoRef) else {"file": value}


_PhotoEntry = Annotated[
    PhotoRef, BeforeValidator(_photo_ref, json_schema_input_type=str | PhotoRef)
]


class SkippedPhoto(_Strict):
    """An evidence photo the guided run asked for and did not get, with the worker's reason."""

    step: str = Field(min_length=1, max_length=200, pattern=_NO_CONTROL)
    """The answer the photo was asked for: ``checklist.item``, ``#n`` for a series entry."""
    reason: str = Field(min_length=1, max_length=300, pattern=_NO_CONTROL)

    @field_validator("reason", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else _text(value)


class Record(_Strict):
    """One SKU's inspection: who, where, when, against which checklists, and the answers."""

    sku: str = Field(min_length=1, max_length=100, pattern=_NO_CONTROL)
    product_name: str = Field(min_length=1, max_length=300, pattern=_NO_CONTROL)
    applicant: str | None = Field(default=None, min_length=1, max_length=300, pattern=_NO_CONTROL)
    """The seller the certificate is issued for."""
    brand: str | None = Field(default=None, min_length=1, max_length=100, pattern=_NO_CONTROL)
    model: str | None = Field(default=None, min_length=1, max_length=100, pattern=_NO_CONTROL)
    product: Product
    inspector: str = Field(min_length=1, max_length=100)
    site: str = Field(min_length=1, max_length=100)
    inspected_at: AwareDatetime
    """When the inspection started."""
    finished_at: AwareDatetime | None = None
    """When it ended (a guided run records both)."""
    checklists: dict[Id, Version] = Field(min_length=1)
    answers: dict[str, dict[str, Any]] = Field(default_factory=dict)
    photos: list[_PhotoEntry] = Field(default_factory=list)
    photos_skipped: list[SkippedPhoto] | None = Field(default=None, min_length=1)
    """Evidence photos a guided run asked for and the worker skipped, each with why."""
    not_done: dict[Id, list[Id]] = Field(
        default_factory=dict,
        description="Items not done, by checklist id (a test stopped once a failure decided it):"
        " each is a FAIL, never a pass. Such an item has no answer, or a series with null for"
        " the entries not done.",
    )
    """Items not done, by checklist: a test stopped once a failure had decided it.

    Never read as passed: each is a FAIL (not done), so such a record is FAIL. An item listed
    here has no answer, or a series only partly answered (``null`` for the entries not done).
    """
    sample_quantity: int | None = Field(default=None, ge=1, le=100_000)
    """How many units of the SKU were tested (a test report's sample quantity)."""
    received_on: date | None = None
    """The day the sample reached the lab."""

    @field_validator("sku", "product_name", *PARTY_FIELDS, "inspector", "site", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else _text(value)
