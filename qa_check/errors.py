"""Errors as values: a location and a plain message, so a batch can collect them and go on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file, then a line (text files) or a row (CSV), then a field."""

    file: str
    line: int | None = None
    row: int | None = None
    field: str | None = None

    def at(self, *, line: int | None = None, field: str | None = None) -> Location:
        """The same place, narrowed to a line or a field."""
        return Location(
            self.file,
            line if line is not None else self.line,
            self.row,
            field if field is not None else self.field,
        )

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        if self.row is not None:
            text += f" row {self.row}"
        if self.field:
            text += f" [{self.field}]"
        return text


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that stops a file, record or checklist from being judged."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


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


class UsageError(QaCheckError):
    """The command was asked for something that does not exist (a path, a checklist)."""


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


_LANGUAGES = {"en": "English (en)", "zh": "Chinese (zh)"}
_PATTERN_HINTS = {
    "rule": "a rule id such as DT-3",
    "sku": "text without line breaks or control characters",
    "product_name": "text without line breaks or control characters",
}


def pydantic_messages(
    errors: Sequence[ErrorDetails], data: object
) -> list[tuple[tuple[str | int, ...], str]]:
    """Turn pydantic's error dicts into (path in the data, plain message) pairs."""
    found = []
    for error in errors:
        loc = error["loc"]
        kind = error["type"]
        path = data_path(data, loc, missing=kind == "missing")
        message = str(error["msg"]).removeprefix("Value error, ")
        last = loc[-1] if loc else ""
        if kind == "missing":
            message = (
                f"missing {_LANGUAGES[last]} translation" if last in _LANGUAGES else "required"
            )
        elif kind == "extra_forbidden":
            message = "unknown field"
        elif kind == "string_pattern_mismatch":
            hint = _PATTERN_HINTS.get(str(last), "lower-case letters, digits, - and _")
            message = f"{error.get('input')!r} is not valid here: use {hint}"
        found.append((path, message))
    return found
