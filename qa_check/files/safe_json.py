r"""Strict JSON reading for records and embedded certificate payloads, located by line.

Python's ``json`` recurses once per nesting level (100,000 levels is a RecursionError), turns
a 400-digit number into an int that overflows as a float, keeps the last of duplicate keys and
lets ``"\ud800"`` through as a lone surrogate that cannot be written out again. Here the depth
is measured before parsing, numbers stay the text that was typed (as YAML's do, so the item that
receives one decides what it means), and a duplicate key, ``NaN`` or a lone surrogate is refused
with its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from qa_check.core.errors import InputError, Location, Problem
from qa_check.core.messages import Message, msg
from qa_check.files.safe_yaml import MAX_DEPTH, load_yaml

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STRING_OR_BRACKET = re.compile(_STRING.pattern + r"|[\[\]{}]")
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


class _Refused(ValueError):
    """A value JSON allows but a record may not hold; the message says which."""

    def __init__(self, message: Message, line: Callable[[str], int | None]) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        """Finds the line of what was refused in the text (the parser hook cannot tell)."""


def parse_json(text: str, source: str, first_line: int = 1) -> Any:
    """Parse one JSON document; InputError with a located, plain-worded problem when it fails.

    ``first_line`` is the line ``text`` starts on in its file (a JSON Lines line).
    """

    def fail(line: int | None, detail: Message) -> InputError:
        where = Location(source, None if line is None else first_line + line - 1)
        return InputError([Problem(where, msg("invalid_json", detail=detail))])

    deep = _too_deep_at(text)
    if deep is not None:
        raise fail(deep, msg("json_too_deep", limit=MAX_DEPTH))
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_int=str,
            parse_float=str,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise fail(exc.lineno, _syntax(exc)) from None
    except _Refused as exc:
        raise fail(exc.line(text), exc.message) from None
    lone = _LONE_SURROGATE.search(text)
    if lone is not None and _has_lone_surrogate(data):
        raise fail(text.count("\n", 0, lone.start()) + 1, msg("json_lone_surrogate"))
    return data


def _too_deep_at(text: str) -> int | None:
    """The line where brackets nest deeper than MAX_DEPTH, found without recursion."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    levels = accumulate(1 if char in "[{" else -1 for char in brackets)
    for index, level in enumerate(levels):
        if level > MAX_DEPTH:
            return _line_of_bracket(text, index)
    return None


def _line_of_bracket(text: str, index: int) -> int:
    """The line of the ``index``-th bracket outside strings (only on the refusing path)."""
    seen = -1
    position = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        if match.group() in "[]{}":
            seen += 1
            if seen == index:
                position = match.start()
                break
    return text.count("\n", 0, position) + 1


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Refused(msg("json_duplicate_key", key=key), _duplicate_line)
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    def line(text: str) -> int | None:
        outside = _STRING.sub('""', text)  # a string holds no line break, so lines stay put
        return outside.count("\n", 0, outside.find(name)) + 1

    raise _Refused(msg("json_constant", name=name), line)


def _duplicate_line(text: str) -> int | None:
    """The line of a duplicate key, from the YAML reader: JSON is YAML, and it knows lines."""
    try:
        load_yaml(text, "")
    except InputError as exc:
        [problem] = exc.problems
        if problem.message.startswith("duplicate key"):  # not some JSON that YAML cannot read
            return problem.location.line
    return None


def _has_lone_surrogate(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


_HINTS = (
    ("Expecting value", "json_expecting_value"),
    ("Expecting ',' delimiter", "json_expecting_comma"),
    ("Expecting ':' delimiter", "json_expecting_colon"),
    ("Expecting property name", "json_expecting_key"),
    ("Extra data", "json_extra_data"),
    ("Unterminated string", "json_unterminated"),
    ("Invalid control character", "json_control"),
    ("Invalid \\", "json_escape"),
    ("trailing comma", "json_trailing_comma"),
)
_FULLWIDTH_PUNCTUATION = frozenset("“”‘’：，｛｝［］　")


def _syntax(exc: json.JSONDecodeError) -> Message:
    """The parser's words, then what to do, in English and Chinese; the line is the location."""
    found = exc.doc[exc.pos : exc.pos + 1]
    if found in _FULLWIDTH_PUNCTUATION:
        hint = msg("json_fullwidth", char=found)
    else:
        key = next((key for words, key in _HINTS if words in exc.msg), None)
        if key is None:
            return msg("json_other", detail=exc.msg)
        hint = msg(key)
    return Message(f"{exc.msg}; {hint}", hint.zh)
