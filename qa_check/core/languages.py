"""The languages qa-check speaks and issues certificates in: one type each, for every floor.

StrEnums, so that typer offers them as choices (``--lang``), the library compares them with
the text a file holds (``"zh"``), and JSON writes them as that text.
"""

from enum import StrEnum


class Lang(StrEnum):
    """A language people read qa-check's output, errors and reports in."""

    EN = "en"
    ZH = "zh"


class CertificateLang(StrEnum):
    """A language a certificate is issued in: ``en+zh`` prints both in each cell."""

    EN = "en"
    ZH = "zh"
    BOTH = "en+zh"
