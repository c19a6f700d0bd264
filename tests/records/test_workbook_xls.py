""".xls workbooks (Excel 97-2003, BIFF8) read as .xlsx ones: every sheet, every cell located.

No library here writes .xls, and a committed binary would not say what it holds, so the test
writes a small one itself: the BIFF8 records of MS-XLS (strings, numbers, booleans, a formula
with its cached value, a date cell, a hidden sheet) in a compound file of MS-CFB, the same bytes
every run.
"""

from __future__ import annotations

import copy
import datetime as dt
import struct
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]

from conftest import PASSING_RECORD
from qa_check.certificates.preflight import CHECKS
from qa_check.core.errors import Location, Problem
from qa_check.engine.checklists import Registry, select
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import Verdict
from qa_check.records.columns import csv_columns_for
from qa_check.records.read import read_records

SECTOR = 512
END_OF_CHAIN, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
GENERAL, DATE_TIME = 0, 1
"""The two cell formats (XF records): General, and the built-in date and time format 22."""
SERIAL_EPOCH = dt.datetime(1899, 12, 30)


def record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def text(value: str, length_bytes: int = 2) -> bytes:
    """An XLUnicodeString (or a short one): its length, then UTF-16 characters."""
    size = struct.pack("<H" if length_bytes == 2 else "<B", len(value))
    return size + b"\x01" + value.encode("utf-16-le")


def cell(row: int, column: int, value: object, formula: bool = False) -> bytes:
    if isinstance(value, dt.datetime):
        days = (value - SERIAL_EPOCH).total_seconds() / 86400
        return record(0x0203, struct.pack("<HHHd", row, column, DATE_TIME, days))
    if isinstance(value, bool):
        return record(0x0205, struct.pack("<HHHBB", row, column, GENERAL, value, 0))
    if isinstance(value, float):
        if formula:  # the cached value, then flags, a cache id and no formula tokens
            data = struct.pack("<HHHdHIH", row, column, GENERAL, value, 0, 0, 0)
            return record(0x0006, data)
        return record(0x0203, struct.pack("<HHHd", row, column, GENERAL, value))
    return record(0x0204, struct.pack("<HHH", row, column, GENERAL) + text(str(value)))


def biff8(sheets: list[tuple[str, bool, list[list[object]]]]) -> bytes:
    """The Workbook stream: globals (formats, sheet list), then each sheet's cells."""
    bodies = []
    for _, _, rows in sheets:
        body = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
        for number, values in enumerate(rows):
            for column, value in enumerate(values):
                if value is None:
                    continue
                formula = isinstance(value, tuple)
                cached = value[0] if isinstance(value, tuple) else value
                body += cell(number, column, cached, formula)
        bodies.append(body + record(0x000A, b""))
    bof = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    formats = b"".join(record(0x00E0, struct.pack("<HH", 0, code) + bytes(16)) for code in (0, 22))
    names = [text(name, 1) for name, _, _ in sheets]
    globals_size = len(bof) + len(formats) + sum(4 + 6 + len(name) for name in names) + 4
    stream, offset = bof + formats, globals_size
    for (_, hidden, _), name, body in zip(sheets, names, bodies, strict=True):
        stream += record(0x0085, struct.pack("<IH", offset, int(hidden)) + name)
        offset += len(body)
    stream += record(0x000A, b"") + b"".join(bodies)
    return stream.ljust(max(len(stream), 4096), b"\0")  # past the mini-stream cutoff


def compound_file(stream: bytes) -> bytes:
    """A compound file holding one stream, ``Workbook``: header, FAT, directory, the stream."""
    stream = stream.ljust(-(-len(stream) // SECTOR) * SECTOR, b"\0")
    count = len(stream) // SECTOR
    assert count + 2 <= SECTOR // 4
    fat = [FAT_SECTOR, END_OF_CHAIN, *range(3, count + 2), END_OF_CHAIN]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        bytes(16),
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        1,
        0,
        4096,
        END_OF_CHAIN,
        0,
        END_OF_CHAIN,
        0,
    ) + struct.pack("<109I", 0, *[FREE] * 108)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            1,
            NO_STREAM,
            NO_STREAM,
            child,
            bytes(16),
            0,
            0,
            0,
            start,
            size,
        )

    directory = entry("Root Entry", 5, 1, END_OF_CHAIN, 0) + entry(
        "Workbook", 2, NO_STREAM, 2, len(stream)
    )
    directory += entry("", 0, NO_STREAM, 0, 0) * 2
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + stream


def test_an_xls_workbook_reads_as_its_records_with_cells_located(
    tmp_path: Path, registry: Registry
) -> None:
    header = csv_columns_for(select(registry, []))
    record_ = copy.deepcopy(PASSING_RECORD)
    values: dict[str, Any] = {name: record_.get(name) for name in ("sku", "product_name")}
    values |= {"inspector": record_["inspector"], "site": record_["site"]}
    values |= record_["product"]
    values["inspected_at"] = dt.datetime(2026, 11, 20, 10, 15)
    values["checklists"] = "; ".join(f"{k}@{v}" for k, v in record_["checklists"].items())
    for checklist_id, answers in record_["answers"].items():
        for item_id, value in answers.items():
            if isinstance(value, list):
                values |= {f"{checklist_id}.{item_id}.{n}": v for n, v in enumerate(value, 1)}
            else:
                values[f"{checklist_id}.{item_id}"] = value

    def row(changes: dict[str, object]) -> list[object]:
        cells: list[object] = []
        for name in header:
            value = changes.get(name, values.get(name))
            if isinstance(value, str) and value in ("yes", "no"):
                value = value == "yes"
            elif isinstance(value, int | float) and not isinstance(value, bool):
                value = float(value) * (1 + 2e-16)
            cells.append(value)
        return cells

    load = header.index("compression-test.applied_load_kg")
    formula_row = row({})
    formula_row[load] = (60.00000000000001,)  # a formula whose cached value has float noise
    bad = row({"drop-test.drop_height_m": "1.2 m", "sku": "TWS-EB-BAD"})
    title: list[object] = ["QA results, March"]
    sheets: list[tuple[str, bool, list[list[object]]]] = [
        ("Records", False, [title, [], list(header), formula_row]),
        ("Hidden", True, [list(header), bad]),
    ]
    path = tmp_path / "march.xls"
    path.write_bytes(compound_file(biff8(sheets)))
    notes: list[Problem] = []
    found = read_records([path], registry, timezone="Asia/Shanghai", note=notes.append)
    results = list(judge_all(found, registry, checks=CHECKS))
    assert [r.verdict for r in results] == [Verdict.PASS, Verdict.INVALID], results[0].problems
    assert results[0].location == Location(str(path), row=4, sheet="Records")
    [problem] = results[1].problems
    column = header.index("drop-test.drop_height_m")
    assert (
        problem.location.show()
        == f"{path}:Hidden!{xl_col_to_name(column)}2 [drop-test.drop_height_m]"
    )
    assert [note.message for note in notes] == ["sheet Hidden is hidden; its records were read"]
    assert results[0].record is not None
    assert results[0].record.inspected_at.isoformat() == "2026-11-20T10:15:00+08:00"
