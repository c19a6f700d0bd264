"""Two names that print alike but are not the same text, and where they part.

The issuer a page or a configuration names must be the signing key's name exactly (a look-alike
is another issuer: ``verify`` says TAMPERED, ``certify`` refuses). When the two differ only by
what a reader cannot see (a zero-width character, a no-break or trailing space, a bidi mark, a
full-width letter), the message quoting both would show the same name twice; this says where
they differ, by code point. Letters of other scripts that look Latin (Cyrillic о) are not
caught here: they stay another name, as they are.
"""

from __future__ import annotations

import re
import unicodedata

from qa_check.core.messages import Message, msg

_SPACES = re.compile(r"\s+")


def where_differ(first: str, second: str) -> Message | None:
    """Where ``first`` and ``second`` part, when they differ but print alike; else None."""
    if first == second or _seen(first) != _seen(second):
        return None
    at = next(
        (n for n, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )
    return msg("attack_names_differ", at=at + 1, first=_named(first, at), second=_named(second, at))


def _seen(text: str) -> str:
    """What a reader sees of ``text``: its compatibility form, no format characters, spaces one."""
    visible = "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf"
    )
    return _SPACES.sub(" ", visible).strip()


def _named(text: str, at: int) -> Message:
    """The character at ``at`` by its code point and name; the end of the name past its end."""
    if at >= len(text):
        return msg("attack_name_ends")
    char = text[at]
    return Message(*[f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()] * 2)
