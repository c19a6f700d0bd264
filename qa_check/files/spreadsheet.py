"""CSV cells a spreadsheet shows as text: a cell that starts like a formula is never run."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP's CSV injection list)."""


def cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading quote before what could start a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
