"""Which encoding a text file is in, when nobody said: UTF-8, else Chinese in GB18030.

Excel and WPS on a Chinese system save "CSV" in GBK, which GB18030 covers. GB18030 decodes
almost any bytes, though: Western single-byte text (Latin-1, cp1252) comes out as rare CJK
characters. So a file is taken as GB18030 only when what it decodes to reads as Chinese: its
characters beyond ASCII are nearly all common Simplified Chinese ones (the GB2312 set).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from qa_check.core.errors import InputError, Location, Problem
from qa_check.core.messages import msg
from qa_check.files.safe_yaml import cannot_read, open_regular

UTF8 = "utf-8-sig"
CHINESE = "gb18030"
BLOCK_BYTES = 1 << 20
COMMON_SHARE = 0.8
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

    The refusal is one InputError naming the line of the first bad byte: of the first byte not
    in GB18030 when the text before it reads as Chinese (a GBK file with a broken byte), else
    of the first byte not in UTF-8. The file is read in blocks: memory stays flat.
    """
    utf8 = _first_bad(path, "utf-8")
    if utf8 is None:
        return Found(UTF8, guessed=False)
    gb18030 = _first_bad(path, CHINESE)
    if _reads_as_chinese(path, gb18030):
        if gb18030 is None:
            return Found(CHINESE, guessed=True)
        utf8 = gb18030
    where = Location(str(path), utf8)
    raise InputError([Problem(where, msg("sheets_not_text", row=utf8))])


def _first_bad(path: Path, encoding: str) -> int | None:
    """The line of the first byte not valid in ``encoding``; None when the file is valid."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    with _opened(path) as handle:
        while block := handle.read(BLOCK_BYTES):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return lines + block.count(b"\n", 0, max(exc.start, 0))
            lines += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:  # a character cut off by the end of the file
            return lines
    return None


def _reads_as_chinese(path: Path, before: int | None) -> bool:
    """Whether the file's non-ASCII characters (some at least) are nearly all GB2312's.

    Only the lines ``before`` the given one are looked at (all, for None): they decode.
    """
    decoder = codecs.getincrementaldecoder(CHINESE)("replace")
    common = others = 0
    lines = 1
    with _opened(path) as handle:
        while block := handle.read(BLOCK_BYTES):
            last = False
            if before is not None and lines + block.count(b"\n") >= before:
                block, last = b"\n".join(block.split(b"\n")[: before - lines]), True
            lines += block.count(b"\n")
            beyond = _NOT_ASCII.sub("", decoder.decode(block))
            found = len(beyond.encode("gb2312", "ignore")) // 2
            common += found
            others += len(beyond) - found
            if last:
                break
    return common > 0 and common >= COMMON_SHARE * (common + others)


@contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    """The file opened for its bytes; InputError when it cannot be read."""
    try:
        with open_regular(path) as handle:
            yield handle
    except OSError as exc:
        raise InputError([Problem(Location(str(path)), cannot_read(exc))]) from None
