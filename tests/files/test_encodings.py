"""Finding a CSV's encoding: UTF-8, else Chinese in GB18030, never Western text read as Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_check.core.errors import InputError
from qa_check.files import encodings
from qa_check.files.encodings import Found, find_encoding

CHINESE = "sku,product_name,inspector\r\nTWS-EB-001,无线蓝牙耳机 Wireless Earbuds,李娜\r\n"
WESTERN = "sku,product_name,inspector\r\nMUG-1,Café crème mug,Bjørn Ødegård\r\n"


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (CHINESE.encode("utf-8"), Found("utf-8-sig", guessed=False)),
        (CHINESE.encode("utf-8-sig"), Found("utf-8-sig", guessed=False)),
        (b"sku,product_name\r\nA,plain ASCII\r\n", Found("utf-8-sig", guessed=False)),
        (CHINESE.encode("gbk"), Found("gb18030", guessed=True)),
        (CHINESE.encode("gb2312"), Found("gb18030", guessed=True)),
        # A rare name beyond GB2312 (堃) among common characters is still Chinese.
        ("sku,name,inspector\nA,无线蓝牙耳机,李堃\n".encode("gbk"), Found("gb18030", guessed=True)),
    ],
)
def test_a_csv_is_utf8_else_chinese(tmp_path: Path, content: bytes, found: Found) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(content)
    assert find_encoding(path) == found


@pytest.mark.parametrize(
    ("content", "line"),
    [
        # Latin-1 and cp1252: GB18030 decodes some of it, into characters no Chinese text holds.
        (WESTERN.encode("latin-1"), 2),
        (WESTERN.encode("cp1252"), 2),
        ("sku,name\nA,ÄÖÜ Größe\n".encode("latin-1"), 2),
        ("sku,name\nA,Müller\n".encode("latin-1"), 2),
        # GBK with a broken byte: the text before it reads as Chinese, so its line is named.
        (CHINESE.encode("gbk") + "B,电水壶,周婷\r\n".encode("gbk") + b"C,\xff\xfe,x\r\n", 4),
        # Valid in neither, from the first line.
        (b"\xff\xfe\x00s\x00k\x00u", 1),
    ],
)
def test_text_that_is_neither_is_one_error_at_the_first_bad_line(
    tmp_path: Path, content: bytes, line: int
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        find_encoding(path)
    [problem] = caught.value.problems
    assert problem.location.line == line
    assert problem.message.startswith(f"neither UTF-8 nor Chinese text in GB18030, from row {line}")


def test_a_bad_byte_past_the_first_block_is_found_on_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(encodings, "BLOCK_BYTES", 16)
    path = tmp_path / "sheet.csv"
    path.write_bytes(("A,无线蓝牙耳机\n" * 20).encode("gbk") + b"B,\x81\n")
    with pytest.raises(InputError) as caught:
        find_encoding(path)
    assert caught.value.problems[0].location.line == 21
    path.write_bytes(("A,无线蓝牙耳机\n" * 20).encode("gbk"))
    assert find_encoding(path) == Found("gb18030", guessed=True)
