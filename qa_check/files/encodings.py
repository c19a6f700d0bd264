"""Which encoding a text file is in, when nobody said: UTF-8, else Chinese in GB18030.

Excel and WPS on a Chinese system save "CSV" in GBK, which GB18030 covers. GB18030 decodes
almost any bytes, though: Western single-byte text (Latin-1, cp1252) comes out as rare CJK
characters. So a file is taken as GB18030 only when what it decodes to reads as Chinese: its
characters beyond ASCII are nearly all common Simplified Chinese ones (the GB2312 set).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from qa_check.core.errors import InputError, Location, Problem
from qa_check.core.messages import msg
from qa_check.files.safe_yaml import cannot_read, open_regular

UTF8 = "utf-8-sig"
CHINESE = "gb18030"
BLOCK_BYTES = 1 << 20
COMMON_SHARE = 0.9
"""The least share of a GB18030 file's non-ASCII characters that must be common Chinese (in
GB2312): a Chinese sheet has a rare name or two beyond it, decoded Latin-1 has few inside."""
_NOT_ASCII = re.compile(r"[\x00-\x7f]+")


@dataclass(frozen=True, slots=True)
class Found:
    """The encoding a file was found in; ``guessed`` when it is not UTF-8, which a note says."""

    encoding: str
    guessed: bool


def find_encoding(path: Path) -> Found:
    """UTF-8 (a BOM or none) when the file is; GB18030 when it reads as Chinese; else refused.

    The refusal is one InputError naming the line of the first byte that is not UTF-8. The
    file is read in blocks, so memory stays flat however large it is.
    """
    utf8 = _first_bad(path, "utf-8")
    if utf8 is None:
        return Found(UTF8, guessed=False)
    if _first_bad(path, CHINESE) is None and _reads_as_chinese(path):
        return Found(CHINESE, guessed=True)
    where = Location(str(path), utf8)
    raise InputError([Problem(where, msg("sheets_not_text", row=utf8))])


def _first_bad(path: Path, encoding: str) -> int | None:
    """The line of the first byte not valid in ``encoding``; None when the file is valid."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    try:
        with open_regular(path) as handle:
            while block := handle.read(BLOCK_BYTES):
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    return lines + block.count(b"\n", 0, exc.start)
                lines += block.count(b"\n")
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:  # a sequence cut off by the end of the file
        return lines
    except OSError as exc:
        raise InputError([Problem(Location(str(path)), cannot_read(exc))]) from None
    return None


def _reads_as_chinese(path: Path) -> bool:
    """Whether the file's non-ASCII characters (some at least) are nearly all GB2312's."""
    decoder = codecs.getincrementaldecoder(CHINESE)()
    common = others = 0
    with open_regular(path) as handle:
        while block := handle.read(BLOCK_BYTES):
            beyond = _NOT_ASCII.sub("", decoder.decode(block))
            found = len(beyond.encode("gb2312", "ignore")) // 2
            common += found
            others += len(beyond) - found
    return common > 0 and common >= COMMON_SHARE * (common + others)
