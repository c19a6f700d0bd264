"""Records from Excel and WPS workbooks (.xlsx, .xls), read with python-calamine.

Every sheet that has the record header is read, one sheet in memory at a time, as a CSV is:
the same columns, one row per SKU, each cell as Excel shows it. A problem is located at its
cell, ``march.xlsx:Sheet1!C12``. What spreadsheets write that a CSV does not is handled here:
a title above the header, ids in a hidden row under the headings (``template``), merged cells,
numbers as floats (``1.2000000000000002`` is 1.2), dates and times as serial numbers, formulas
(their cached values) and hidden sheets (read, with a note).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from qa_check.core.errors import InputError, Location, Problem
from qa_check.core.messages import Message, msg
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord
from qa_check.files.safe_yaml import Path_, cannot_read, open_regular
from qa_check.records.columns import (
    FIXED_COLUMNS,
    answer_columns,
    column_plan,
    csv_column,
    row_record,
    series_lengths,
    unknown_column,
)
from qa_check.records.headings import heading_key, known_headings

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

WORKBOOK_SUFFIXES = (".xlsx", ".xls")
HEADER_SEARCH_ROWS = 30
"""How far down a sheet the header is looked for: below a title block, never past the data."""
SHOWN_DIGITS = 15
"""Excel shows and keeps 15 significant digits; the float's 16th and 17th are noise."""
SERIAL_EPOCH = dt.datetime(1899, 12, 30)
"""Day 0 of Excel's serial dates (the 1900 date system, as Excel and WPS save by default)."""

Cell = int | float | str | bool | dt.time | dt.date | dt.datetime | dt.timedelta
Note = Callable[[Problem], None]


def read_workbook(
    file: Path, registry: Registry, timezone: str | None, note: Note
) -> Iterator[RawRecord | Problem]:
    """The records on every sheet with the record header; a located Problem for what fails.

    ``timezone`` is the site's (``[site] timezone``): a date and time cell holds no zone, and
    is read in it; without one, such a time is kept without a zone (INVALID), with a note.
    """
    source = str(file)
    reader = _Reader(source, registry, ZoneInfo(timezone) if timezone else None)
    # Imported here: reading YAML or CSV never pays for it.
    from python_calamine import (  # noqa: PLC0415
        CalamineError,
        CalamineWorkbook,
        SheetVisibleEnum,
    )

    try:
        with open_regular(file) as handle:
            book = CalamineWorkbook.from_filelike(handle)
        found = False
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)  # the whole sheet, and only it, in memory
            records = reader.sheet(sheet)
            if records is None:
                continue
            found = True
            if meta.visible is not SheetVisibleEnum.Visible:
                hidden = msg("sheets_hidden", sheet=meta.name)
                note(Problem(Location(source, sheet=meta.name), hidden))
            yield from records
            del sheet
    except CalamineError as exc:
        reason = Message(str(exc), str(exc))
        unreadable = msg("sheets_unreadable", reason=reason)
        raise InputError([Problem(Location(source), unreadable)]) from None
    except OSError as exc:
        raise InputError([Problem(Location(source), cannot_read(exc))]) from None
    if not found:
        raise InputError([Problem(Location(source), msg("sheets_no_header"))])
    if reader.zoneless:
        note(Problem(Location(source), msg("sheets_no_zone")))


class _Reader:
    """What reading a workbook's sheets shares: the columns known, the zone, what was met."""

    def __init__(self, source: str, registry: Registry, zone: ZoneInfo | None) -> None:
        self.source = source
        self.registry = registry
        self.zone = zone
        self.answers = answer_columns(registry)
        self.known = {name: name for name in (*FIXED_COLUMNS, *self.answers)}
        self.headings = known_headings(
            item for compiled in registry.nameable() for item in compiled.items
        )
        self.zoneless = False
        """A date and time was read without a zone to read it in."""

    def column_of(self, cell: Cell) -> str | None:
        """The column a header cell names, by its id or by its heading in either language."""
        if not isinstance(cell, str) or not cell.strip():
            return None
        text = cell.strip()
        return self.known.get(text) or self.headings.get(heading_key(text))

    def sheet(self, sheet: CalamineSheet) -> Iterator[RawRecord | Problem] | None:
        """The sheet's records, or None when it has no record header (notes, a chart)."""
        start = sheet.start
        if start is None:
            return None
        rows = _Merged(sheet, start)
        for number, cells in rows:
            if number > HEADER_SEARCH_ROWS:
                return None
            names = [self.column_of(cell) for cell in cells]
            if "sku" in names and sum(name is not None for name in names) >= 3:
                return self._records(sheet.name, start[1], cells, names, rows)
        return None

    def _records(
        self,
        name: str,
        first_column: int,
        header: list[Cell],
        names: list[str | None],
        rows: _Merged,
    ) -> Iterator[RawRecord | Problem]:
        source = self.source
        letters = [_letters(first_column + index) for index in range(len(header))]
        header_row = rows.number
        problems: list[Problem] = []
        seen: set[str] = set()
        for index, (cell, column) in enumerate(zip(header, names, strict=True)):
            text = _text(cell, None, self.zone).strip()
            at = f"{letters[index]}{header_row}"
            where = Location(source, row=header_row, field=text, sheet=name, cell=at)
            if column is None:
                if text:
                    problems.append(Problem(where, unknown_column(text, self.registry)))
            elif column in seen:
                problems.append(Problem(where, msg("csv_column_twice")))
            seen.add(column or "")
        columns = [column or "" for column in names]
        plan = column_plan(columns, self.answers)
        lengths = series_lengths(plan)
        index_of = {column: index for index, column in enumerate(columns) if column}
        spans = _spans(index_of, letters)
        for number, cells in rows:
            if all(_blank(cell) for cell in cells):
                continue
            if self._header_again(cells, columns):
                continue
            pairs = zip(cells, columns, strict=False)
            texts = [_text(cell, column, self.zone) for cell, column in pairs]
            if self.zone is None and _zoneless(cells, index_of):
                self.zoneless = True
            where = Location(source, row=number, sheet=name)

            def locate(path: Path_, number: int = number) -> Location:
                column = csv_column(path)
                span = spans.get(column) if column else None
                if span is None:  # a whole checklist's answers, or a column the sheet lacks
                    return Location(source, row=number, field=column or None, sheet=name)
                first, last = span
                at = f"{first}{number}" if first == last else f"{first}{number}:{last}{number}"
                return Location(source, row=number, field=column, sheet=name, cell=at)

            record, cell_problems = row_record(plan, lengths, texts, where)
            located = [
                Problem(locate((problem.location.field or "",)), problem.message)
                for problem in cell_problems
            ]
            yield RawRecord(record, where, locate, (*problems, *located))

    def _header_again(self, cells: list[Cell], columns: list[str]) -> bool:
        """Whether a row names the header's columns again: ids under headings, a repeat."""
        return all(
            _blank(cell) or self.column_of(cell) == column
            for cell, column in zip(cells, columns, strict=False)
        )


def _spans(index_of: dict[str, int], letters: list[str]) -> dict[str, tuple[str, str]]:
    """Column -> its first and last letters: one column, or a series' entries side by side."""
    spans = {column: (letters[index], letters[index]) for column, index in index_of.items()}
    for column, index in sorted(index_of.items(), key=lambda pair: pair[1]):
        series, dot, number = column.rpartition(".")
        if dot and number.isdigit() and series.count(".") == 1:
            first = spans.get(series, (letters[index], letters[index]))[0]
            spans[series] = (first, letters[index])
    return spans


def _blank(cell: Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _zoneless(cells: list[Cell], index_of: dict[str, int]) -> bool:
    """Whether the row's inspection time is a date and time cell (no zone in it)."""
    index = index_of.get("inspected_at")
    if index is None or index >= len(cells):
        return False
    cell = cells[index]
    return isinstance(cell, dt.date | int | float) and not isinstance(cell, bool)


class _Merged:
    """A sheet's rows with Excel's row numbers, a merged area's value in each of its cells.

    python-calamine pads the rows above the used area but starts the columns at its first:
    row numbers count from the top, cell indexes from ``start``'s column.
    """

    def __init__(self, sheet: CalamineSheet, start: tuple[int, int]) -> None:
        self.rows = enumerate(sheet.iter_rows(), start=1)
        self.first_column = start[1]
        merged = sorted(sheet.merged_cell_ranges or [])
        self.pending = [
            (top + 1, left, bottom + 1, right) for (top, left), (bottom, right) in merged
        ]
        self.active: list[tuple[int, int, int, Cell]] = []
        """Merged areas under way: (last row, first index, last index, value)."""
        self.number = 0

    def __iter__(self) -> _Merged:
        return self

    def __next__(self) -> tuple[int, list[Cell]]:
        self.number, cells = next(self.rows)
        number = self.number
        while self.pending and self.pending[0][0] == number:
            _, left, bottom, right = self.pending.pop(0)
            first, last = left - self.first_column, right - self.first_column
            if 0 <= first < len(cells):
                self.active.append((bottom, first, last, cells[first]))
        if self.active:
            cells = list(cells)
            for _, first, last, value in self.active:
                for index in range(first, min(last, len(cells) - 1) + 1):
                    cells[index] = value
            self.active = [area for area in self.active if area[0] > number]
        return number, cells


def _text(cell: Cell, column: str | None, zone: ZoneInfo | None) -> str:
    """A cell as the text a CSV would hold: a number as Excel shows it, a time in the zone."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if column == "inspected_at" and isinstance(cell, int | float):
        # A serial number that lost its date format; Excel keeps times to the millisecond.
        cell = SERIAL_EPOCH + dt.timedelta(milliseconds=round(cell * 86_400_000))
    if isinstance(cell, dt.datetime):
        return (cell.replace(tzinfo=zone) if zone and cell.tzinfo is None else cell).isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    if isinstance(cell, dt.timedelta):
        return str(cell)
    return shown_number(cell)


def shown_number(number: float) -> str:
    """A number to 15 significant digits, as Excel shows it: ``1.2000000000000002`` is 1.2.

    Never in exponent form, which a sheet's user did not type: ``1e-05`` is 0.00001.
    """
    if isinstance(number, int):
        return str(number)
    text = f"{number:.{SHOWN_DIGITS}g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def _letters(index: int) -> str:
    """A column's letters from its index from 0: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
