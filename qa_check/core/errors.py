"""Errors as values: a location and a plain message, so a batch can collect them and go on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any

from qa_check.core.messages import Message, in_lang, msg, printable

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file, then a line (text files) or a row (CSV), then a field.

    In a workbook the row is a sheet's, and a field's cell is named as Excel names it:
    ``march.xlsx:Sheet1!C12``.
    """

    file: str
    line: int | None = None
    row: int | None = None
    field: str | None = None
    sheet: str | None = None
    cell: str | None = None
    """A workbook cell in the sheet, ``C12``; None for a whole row."""

    def at(self, *, line: int | None = None, field: str | None = None) -> Location:
        """The same place, narrowed to a line or a field."""
        return Location(
            self.file,
            line if line is not None else self.line,
            self.row,
            field if field is not None else self.field,
            self.sheet,
            self.cell,
        )

    def __str__(self) -> str:
        return self.show()

    def show(self, lang: str = "en") -> str:
        """The place as a person reads it, in a language (only a CSV row has words)."""
        text = printable(self.file)
        if self.line is not None:
            text += f":{self.line}"
        if self.sheet is not None:
            text += f":{printable(sheet_reference(self.sheet))}"
            text += f"!{self.cell}" if self.cell is not None else ""
        if self.row is not None and self.cell is None:
            text += in_lang(msg("report_row", row=self.row), lang)
        if self.field:
            text += f" [{printable(self.field)}]"
        return text


def sheet_reference(name: str) -> str:
    """A sheet's name as a formula names it: quoted (``'March 2026'``) unless letters and digits."""
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that stops a file, record or checklist from being judged."""

    location: Location
    message: str

    def __str__(self) -> str:
        return self.show()

    def show(self, lang: str = "en") -> str:
        """The problem in a language: its place, then its message (a Message knows Chinese)."""
        return f"{self.location.show(lang)}: {printable(in_lang(self.message, lang))}"


class QaCheckError(Exception):
    """Base of the project's own exceptions; each carries one or more located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class InputError(QaCheckError):
    """A file could not be read as data (size, encoding, YAML/JSON/CSV syntax, unsafe YAML)."""


class ChecklistError(QaCheckError):
    """The checklists themselves are wrong, so nothing can be judged against them."""


class CertificateError(QaCheckError):
    """A record cannot be certified (font, barcode, photo), or a file is no readable certificate."""


class RegisterError(QaCheckError):
    """The register cannot be used: missing, damaged, not a register, newer, locked."""


class ConfigError(QaCheckError):
    """The site configuration (``qa-check.toml``) cannot be used: its syntax, keys, values, logo."""


class UsageError(QaCheckError):
    """The command was asked for something that does not exist (a path, a checklist)."""


class WriteError(QaCheckError):
    """A file cannot be written: a file where its folder should be, no permission, a full disk."""


def data_path(
    data: object, loc: Sequence[str | int], *, missing: bool = False
) -> tuple[str | int, ...]:
    """The part of a pydantic error location that exists in the data.

    Union tags (``range``, ``number``) that pydantic puts in a location are skipped; for a
    ``missing`` error the absent field at the end is kept, so that the message can name it.
    """
    path: list[str | int] = []
    last = len(loc) - 1
    for index, part in enumerate(loc):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif not (missing and index == last and isinstance(data, dict) and isinstance(part, str)):
            continue
        path.append(part)
    return tuple(path)


def dotted(path: tuple[str | int, ...]) -> str:
    """``items[3].prompt.zh``: how a path into a document reads in a message."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_PATTERN_HINTS = {
    "rule": "hint_rule_id",
    "sku": "hint_plain_text",
    "product_name": "hint_plain_text",
    "applicant": "hint_plain_text",
    "brand": "hint_plain_text",
    "model": "hint_plain_text",
    "caption": "hint_plain_text",
}
_BOUNDS = {
    "greater_than_equal": ("at_least", "ge"),
    "less_than_equal": ("at_most", "le"),
    "greater_than": ("more_than", "gt"),
    "less_than": ("less_than", "lt"),
}
_WHOLE_NUMBER = frozenset(("int_parsing", "int_type", "int_from_float", "int_parsing_size"))
_DATETIME = frozenset(
    ("datetime_parsing", "datetime_from_date_parsing", "datetime_object_invalid", "date_parsing")
)
_FIELDS = frozenset(("model_type", "model_attributes_type", "dict_type"))
_OUT_OF_RANGE = "out of range", "outside expected range"


def pydantic_messages(
    errors: Sequence[ErrorDetails], data: object
) -> list[tuple[tuple[str | int, ...], str]]:
    """Turn pydantic's error dicts into (path in the data, plain message) pairs.

    The messages are catalogue Messages (English, with Chinese for ``in_lang``) for every
    error a record or checklist can realistically give; any other keeps pydantic's words.
    """
    return [
        (data_path(data, error["loc"], missing=error["type"] == "missing"), _plain(error))
        for error in errors
    ]


def _plain(error: ErrorDetails) -> str:
    """One pydantic error in plain words, with a hint."""
    kind = error["type"]
    loc = error["loc"]
    last = loc[-1] if loc else ""
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    if kind == "missing":
        if last in ("en", "zh"):
            return msg("missing_translation", language=msg(f"language_{last}"))
        return msg("field_required")
    if kind == "extra_forbidden":
        return msg("unknown_field")
    if kind == "value_error":
        message = getattr(ctx.get("error"), "message", None)  # a models.AnswerError
        if isinstance(message, Message):
            return message
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        hint = msg(_PATTERN_HINTS.get(str(last), "hint_id"))
        return msg("not_valid_here", value=value, hint=hint)
    if kind == "timezone_aware":
        return msg("timezone_missing")
    if kind in _DATETIME:
        reason = str(ctx.get("error", ""))
        if any(words in reason for words in _OUT_OF_RANGE):
            return msg("no_such_datetime", value=value)
        if isinstance(value, str):
            return msg("not_a_datetime", value=value)
        return msg("datetime_expected", kind=_kind(value))
    if kind == "datetime_type":
        return msg("datetime_expected", kind=_kind(value))
    if kind in ("date_from_datetime_parsing", "date_type"):  # a day alone: a withdrawal's
        return msg("not_a_date", value=value)
    if kind in _FIELDS:
        if isinstance(value, str) and "\uff1a" in value:
            return msg("invalid_yaml", reason=msg("yaml_fullwidth_colon", where=""))
        return msg("fields_expected", kind=_kind(value))
    if kind == "list_type":
        return msg("list_expected", kind=_kind(value))
    if kind == "string_type":
        return msg("text_expected", kind=_kind(value))
    if kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        return _length(kind, ctx, value)
    if kind in _WHOLE_NUMBER:
        return msg("not_whole_number", value=value)
    if kind == "float_parsing":
        return msg("not_a_number", value=value)
    if kind == "float_type":
        return msg("number_expected", kind=_kind(value))
    if kind in ("bool_parsing", "bool_type"):
        return msg("not_yes_no", value=value)
    if kind in ("literal_error", "enum"):  # a Literal, or a StrEnum such as CertificateLang
        return _literal(ctx, value)
    if kind in _BOUNDS:
        key, bound = _BOUNDS[kind]
        return msg(key, limit=ctx.get(bound), value=value)
    if kind == "union_tag_invalid":
        field = str(ctx.get("discriminator", "")).strip("'")
        allowed = _quoted_words(str(ctx.get("expected_tags", "")))
        return msg("kind_not_allowed", field=field, value=ctx.get("tag"), allowed=allowed)
    if kind == "union_tag_not_found":
        return msg("kind_missing", field=str(ctx.get("discriminator", "")).strip("'"))
    if kind == "operand":
        return msg("operand_invalid")
    if kind == "criterion":
        return msg("criterion_invalid")
    return str(error["msg"]).removeprefix("Value error, ")


def _kind(value: object) -> Message:
    """What a value is, in words: text, a number, yes/no, a list, a group of fields."""
    if value is None:
        return msg("kind_nothing")
    if isinstance(value, bool):
        return msg("kind_yes_no")
    if isinstance(value, int | float):
        return msg("kind_number")
    if isinstance(value, list | tuple):
        return msg("kind_list")
    if isinstance(value, dict):
        return msg("kind_fields")
    if isinstance(value, date | time):  # TOML has dates and times of its own
        return msg("kind_date")
    return msg("kind_text")


def _length(kind: str, ctx: dict[str, Any], value: object) -> Message:
    """Too short or too long: characters for text, entries for lists and groups of fields."""
    got = len(value) if isinstance(value, str | list | dict) else ctx.get("actual_length")
    text = kind.startswith("string") or isinstance(value, str)
    if kind.endswith("short"):
        limit = ctx.get("min_length", 1)
        if limit == 1:
            return msg("field_empty" if text else "list_empty")
        return msg("text_too_short" if text else "list_too_short", limit=limit, got=got)
    limit = ctx.get("max_length")
    return msg("text_too_long" if text else "list_too_long", limit=limit, got=got)


def _literal(ctx: dict[str, Any], value: object) -> Message:
    """A value that is not one of a fixed few: name them."""
    expected = str(ctx.get("expected", ""))
    if expected == "True":
        return msg("must_be_yes")
    return msg("not_a_choice", value=value, allowed=_quoted_words(expected))


def _quoted_words(text: str) -> Message:
    """``'a', 'b' or 'c'`` (how pydantic lists what it expected) -> a list in both languages."""
    words = re.findall(r"'([^']*)'", text) or [text]
    return Message(", ".join(words), "、".join(words))
