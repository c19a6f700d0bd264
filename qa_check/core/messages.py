"""Every message a person reads, in English and Simplified Chinese, from ``core.catalogue``.

A message is built once, from a catalogue key and its values, and carries both languages: it is
an English ``str`` (so logs, JSON and tests read it as before) that also knows its Chinese. The
reporter, the certificate or the guided run picks the language when it shows it (``in_lang``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from qa_check.core.catalogue import CATALOGUE
from qa_check.core.languages import Lang

LANGUAGES: tuple[Lang, ...] = tuple(Lang)


class Message(str):
    """English text that also carries its Chinese translation."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Message:
        """The English text, with ``zh`` attached."""
        made = super().__new__(cls, en)
        made.zh = zh
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (str(self), self.zh))

    def __add__(self, other: str) -> Message:
        return Message(str(self) + str(other), self.zh + in_lang(other, "zh"))


def in_both(show: Callable[[Lang], str]) -> Message:
    """A text that is worded one language at a time (``show(lang)``), as one Message of both."""
    return Message(*(show(lang) for lang in LANGUAGES))


def in_lang(text: str, lang: str) -> str:
    """``text`` in a language: a Message's Chinese for ``zh``, else the text as it is."""
    if lang == "zh" and isinstance(text, Message):
        return text.zh
    return str(text)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    r"""``text`` with control characters shown as escapes (``\n``, ``\x1b``, ``\u202e``).

    A SKU, a product name or a file name comes from whoever wrote the file: printed raw, a
    newline in it forges a report line, ESC drives the terminal and a bidi override reorders
    what is read. Every value a person sees goes through here.
    """
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def msg(key: str, /, **values: Any) -> Message:
    """The catalogue message ``key`` with its ``{placeholders}`` filled, in both languages.

    A value that is itself a Message is filled in its own language on each side.
    """
    en, zh = CATALOGUE[key]
    return Message(
        en.format_map(_Filled(values, "en")),
        zh.format_map(_Filled(values, "zh")),
    )


class _Filled(dict[str, Any]):
    def __init__(self, values: Mapping[str, Any], lang: str) -> None:
        super().__init__(
            (key, in_lang(value, lang) if isinstance(value, Message) else value)
            for key, value in values.items()
        )


def word(key: str, lang: str) -> str:
    """A catalogue entry with no placeholders, in one language."""
    en, zh = CATALOGUE[key]
    return zh if lang == "zh" else en
