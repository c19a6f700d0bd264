"""Reading result records from YAML, JSON, JSON Lines and CSV, streaming and located.

Each source yields RawRecord values (data plus a way to locate any field in the file) or, for
what cannot be read at all, a Problem; nothing stops a batch. CSV is the spreadsheet route: one
row per SKU, the columns described by ``csv_columns``.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from qa_check import models as m
from qa_check.checklists import CompiledChecklist, Registry
from qa_check.errors import InputError, Location, Problem, UsageError, dotted
from qa_check.fileio import files_under
from qa_check.i18n import Message, msg, word
from qa_check.safe_json import parse_json
from qa_check.safe_yaml import Path_, cannot_read, encoding_message, line_for, load_yaml, read_text
from qa_check.validate import Locate, RawRecord

RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".csv")

PRODUCT_COLUMNS = tuple(m.ATTRIBUTE_UNITS)
FIXED_COLUMNS = (
    "sku",
    "product_name",
    *PRODUCT_COLUMNS,
    "inspector",
    "site",
    "inspected_at",
    "checklists",
    "photos",
)
"""The CSV columns every sheet has; answer columns (``checklist.item``) follow them."""

_PRODUCT_SET = frozenset(PRODUCT_COLUMNS)
_FIXED_SET = frozenset(FIXED_COLUMNS)

LIST_SEPARATOR = ";"
MAX_LINE_BYTES = 1024 * 1024


def record_files(paths: Sequence[Path]) -> list[Path]:
    """Record files under the given files and folders, in a stable order."""
    return files_under(paths, RECORD_SUFFIXES, "record file")


def read_records(
    files: Sequence[Path], registry: Registry, encoding: str = "utf-8-sig"
) -> Iterator[RawRecord | Problem]:
    """Every record in the files, in order; what cannot be read is a located Problem.

    A file that yields nothing at all (an empty JSON list, a CSV header alone) is reported too,
    so that no file named on the command line passes unmentioned.
    """
    for file in files:
        suffix = file.suffix.lower()
        count = 0
        try:
            if suffix == ".csv":
                source = _read_csv(file, registry, encoding)
            elif suffix == ".jsonl":
                source = _read_jsonl(file, encoding)
            elif suffix == ".json":
                source = _read_json(file, encoding)
            else:
                source = _read_yaml(file, encoding)
            for entry in source:
                count += 1
                yield entry
        except InputError as exc:
            count += len(exc.problems)
            yield from exc.problems
        if not count:
            yield Problem(Location(str(file)), msg("no_records"))


# --- YAML and JSON documents ---------------------------------------------------------------


def _read_yaml(file: Path, encoding: str) -> Iterator[RawRecord]:
    source = str(file)
    data, lines = load_yaml(read_text(file, encoding), source)
    yield from _documents(source, data, lines)


def _documents(source: str, data: object, lines: dict[Path_, int]) -> Iterator[RawRecord]:
    """The records of a YAML or JSON document: one mapping or a list of them, located by line."""

    def locator(base: Path_) -> Locate:
        def locate(path: Path_) -> Location:
            return Location(source, line_for(lines, (*base, *path)), field=dotted(path) or None)

        return locate

    if isinstance(data, list):
        for index, entry in enumerate(data):
            yield RawRecord(entry, Location(source, line_for(lines, (index,))), locator((index,)))
    else:
        yield RawRecord(data, Location(source, 1), locator(()))


def _read_json(file: Path, encoding: str) -> Iterator[RawRecord]:
    source = str(file)
    text = read_text(file, encoding)
    data = parse_json(text, source)
    try:  # JSON is YAML, and the YAML reader knows the line of every value
        _, lines = load_yaml(text, source)
    except InputError:
        lines = {}
    yield from _documents(source, data, lines)


def _read_jsonl(file: Path, encoding: str) -> Iterator[RawRecord | Problem]:
    source = str(file)
    lines = _Lines(file, encoding)
    blank = True
    for line in lines:
        number = lines.number
        if not line.strip():
            continue
        blank = False
        where = Location(source, number)
        if number in lines.bad:
            yield Problem(where, lines.bad[number])
            continue
        if len(line) > MAX_LINE_BYTES:
            yield Problem(where, msg("line_too_long", limit=MAX_LINE_BYTES))
            continue
        try:
            data = parse_json(line, source, number)
        except InputError as exc:
            yield from exc.problems
            continue

        def locate(path: Path_, where: Location = where) -> Location:
            return where.at(field=dotted(path) or None)

        yield RawRecord(data, where, locate)
    if blank:
        raise InputError([Problem(Location(source), msg("file_empty"))])


_NOT_PLAIN_TEXT = frozenset(
    ("idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7")
)
"""Text encodings that do not turn bytes into plain text: domain-name forms, escapes, one
that refuses everything, and UTF-7, which decodes to half characters (lone surrogates)."""


def text_encoding(name: str) -> str:
    """The codec that record files are read with; UsageError for an unknown or unfit one.

    Only encodings from bytes to plain text qualify: ``rot13`` or ``base64`` transform bytes or
    text, and would fail with a traceback or read nonsense. UTF-8 becomes ``utf-8-sig``, so
    that the byte order mark Excel writes is dropped.
    """
    where = Location("--encoding")
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        raise UsageError([Problem(where, msg("encoding_unknown", name=name))]) from None
    if not info._is_text_encoding or info.name in _NOT_PLAIN_TEXT:
        raise UsageError([Problem(where, msg("encoding_not_text", name=name))])
    return "utf-8-sig" if info.name == "utf-8" else info.name


class _Lines:
    """Numbered text lines of a file, each decoded on its own.

    A line that is not valid in the encoding is decoded with replacement characters and noted
    in ``bad`` (line number -> message), so that the record it belongs to is reported INVALID at
    the right line and every other line is still read.
    """

    def __init__(self, file: Path, encoding: str) -> None:
        self.file = file
        self.encoding = encoding
        self.number = 0
        self.bad: dict[int, Message] = {}

    def __iter__(self) -> Iterator[str]:
        try:
            with self.file.open("rb") as handle:
                for raw in handle:
                    self.number += 1
                    try:
                        yield raw.decode(self.encoding)
                    except UnicodeDecodeError as exc:
                        column = len(raw[: exc.start].decode(self.encoding, "replace")) + 1
                        self.bad[self.number] = encoding_message(self.encoding, column)
                        yield raw.decode(self.encoding, errors="replace")
        except OSError as exc:
            where = Location(str(self.file))
            raise InputError([Problem(where, cannot_read(exc))]) from None

    def problems(self, first: int, last: int) -> list[Problem]:
        """Decoding problems on lines ``first`` to ``last``, located."""
        return [
            Problem(Location(str(self.file), number), self.bad[number])
            for number in range(first, last + 1)
            if number in self.bad
        ]


# --- CSV -----------------------------------------------------------------------------------


def _answer_columns_of(
    compiled: CompiledChecklist,
) -> Iterator[tuple[str, tuple[str, str, int | None]]]:
    """Each answer column of a checklist -> (checklist id, item id, series index or None)."""
    checklist_id = compiled.checklist.id
    for item in compiled.checklist.items:
        name = f"{checklist_id}.{item.id}"
        if isinstance(item.answer, m.SeriesAnswer):
            for n in range(1, len(item.answer.labels) + 1):
                yield f"{name}.{n}", (checklist_id, item.id, n - 1)
        else:
            yield name, (checklist_id, item.id, None)


def csv_columns_for(checklists: Sequence[CompiledChecklist]) -> list[str]:
    """The header of a CSV for the given checklists: the fixed columns, then the answers.

    An answer column is ``checklist.item``; a series item has one column per entry,
    ``checklist.item.1`` to ``checklist.item.N`` (the drops).
    """
    answers = [name for compiled in checklists for name, _ in _answer_columns_of(compiled)]
    return [*FIXED_COLUMNS, *answers]


def _answer_columns(registry: Registry) -> dict[str, tuple[str, str, int | None]]:
    """Every answer column any loaded checklist allows."""
    return dict(column for compiled in registry for column in _answer_columns_of(compiled))


def _csv_column(path: Path_) -> str:
    """The column a record field came from, for messages about CSV rows."""
    if not path:
        return ""
    head = path[0]
    if head == "product" and len(path) > 1:
        return str(path[1])
    if head == "answers" and len(path) >= 3:
        column = f"{path[1]}.{path[2]}"
        return f"{column}.{int(path[3]) + 1}" if len(path) > 3 else column
    if head == "answers" and len(path) == 2:
        return f"{path[1]}.*"
    return str(head)


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _read_csv(file: Path, registry: Registry, encoding: str) -> Iterator[RawRecord | Problem]:
    source = str(file)
    csv.field_size_limit(MAX_LINE_BYTES)
    lines = _Lines(file, encoding)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError([Problem(Location(source, row=1), _csv_problem(exc))]) from None
    if header is None or not any(cell.strip() for cell in header):
        raise InputError([Problem(Location(source), msg("file_empty"))])
    if lines.bad:
        raise InputError(lines.problems(1, lines.number))
    header = [cell.strip() for cell in header]
    answers = _answer_columns(registry)
    header_problems: list[Problem] = []
    seen: set[str] = set()
    for name in header:
        where = Location(source, row=1, field=name or "(blank)")
        if name in seen:
            header_problems.append(Problem(where, msg("csv_column_twice")))
        elif name not in FIXED_COLUMNS and name not in answers:
            header_problems.append(Problem(where, _unknown_column(name, registry)))
        seen.add(name)
    problems = tuple(header_problems)
    plan = _plan(header, answers)
    lengths = _series_lengths(plan)
    row_number = 1
    while True:
        first_line = lines.number + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            yield Problem(Location(source, row=row_number + 1), _csv_problem(exc))
            return
        if cells is None:
            return
        row_number += 1
        if not any(cell.strip() for cell in cells):
            continue
        where = Location(source, row=row_number)
        row_problems = (*problems, *lines.problems(first_line, lines.number))
        if len(cells) > len(header):
            extra = Problem(where, msg("csv_extra_cells", cells=len(cells), columns=len(header)))
            row_problems = (*row_problems, extra)

        def locate(path: Path_, where: Location = where) -> Location:
            return where.at(field=_csv_column(path) or None)

        record, cell_problems = _row_record(plan, lengths, cells, where)
        yield RawRecord(record, where, locate, (*row_problems, *cell_problems))


def _unknown_column(name: str, registry: Registry) -> Message:
    checklist_id = name.split(".", 1)[0]
    if "." in name and checklist_id in registry.ids():
        return msg("csv_unknown_item_column", checklist=checklist_id, name=name)
    return msg("csv_unknown_column")


_CSV_HINTS = (
    ("expected after '\"'", "csv_quote"),
    ("unexpected end of data", "csv_unclosed_quote"),
    ("field larger than field limit", "csv_cell_too_long"),
    ("NUL", "csv_nul"),
    ("new-line character", "csv_line_break"),
)


def _csv_problem(exc: csv.Error) -> Message:
    """``invalid CSV: …``: the reader's words, then what to do, in English and Chinese."""
    text = str(exc)
    key = next((key for words, key in _CSV_HINTS if words in text), None)
    if key is None:
        return msg("invalid_csv", detail=msg("csv_other", detail=text))
    return msg("invalid_csv", detail=Message(f"{text}; {word(key, 'en')}", word(key, "zh")))


_Column = tuple[int, str, str, str, int]
"""How one CSV column fills a record: (cell index, kind, checklist or field, item, entry)."""


def _plan(header: list[str], answers: dict[str, tuple[str, str, int | None]]) -> list[_Column]:
    """Decide once per file where each column's cells go, so that rows are filled quickly."""
    plan: list[_Column] = []
    for index, name in enumerate(header):
        if name in _PRODUCT_SET:
            plan.append((index, "product", name, "", 0))
        elif name in ("checklists", "photos"):
            plan.append((index, name, name, "", 0))
        elif name in _FIXED_SET:
            plan.append((index, "field", name, "", 0))
        elif name in answers:
            checklist_id, item_id, entry = answers[name]
            kind = "answer" if entry is None else "series"
            plan.append((index, kind, checklist_id, item_id, entry or 0))
    return plan


def _row_record(
    plan: list[_Column],
    series_lengths: dict[tuple[str, str], int],
    cells: list[str],
    where: Location,
) -> tuple[dict[str, Any], list[Problem]]:
    product: dict[str, str] = {}
    answers: dict[str, dict[str, Any]] = {}
    record: dict[str, Any] = {"product": product, "answers": answers}
    problems: list[Problem] = []
    size = len(cells)
    for index, kind, first, item_id, entry in plan:
        if index >= size:
            continue
        value = cells[index].strip()
        if not value:
            continue
        if kind == "answer":
            answers.setdefault(first, {})[item_id] = value
        elif kind == "series":
            entries = answers.setdefault(first, {}).get(item_id)
            if not isinstance(entries, list):
                entries = [None] * series_lengths[(first, item_id)]
                answers[first][item_id] = entries
            entries[entry] = value
        elif kind == "product":
            product[first] = value
        elif kind == "field":
            record[first] = value
        elif kind == "photos":
            record["photos"] = _split_list(value)
        else:
            try:
                record["checklists"] = _checklist_cell(value)
            except m.AnswerError as exc:
                problems.append(Problem(where.at(field=first), exc.message))
    return record, problems


def _series_lengths(plan: list[_Column]) -> dict[tuple[str, str], int]:
    """How many entries each series has columns for (unknown columns are not counted)."""
    lengths: dict[tuple[str, str], int] = {}
    for _, kind, checklist_id, item_id, entry in plan:
        if kind == "series":
            key = (checklist_id, item_id)
            lengths[key] = max(lengths.get(key, 0), entry + 1)
    return lengths


def _checklist_cell(cell: str) -> dict[str, str]:
    """``packaging-stack@1; drop-test@1`` -> {id: version}."""
    found: dict[str, str] = {}
    for part in _split_list(cell):
        checklist_id, at, version = (text.strip() for text in part.partition("@"))
        if not at or not checklist_id or not version:
            raise m.AnswerError(msg("csv_checklist_cell", part=part))
        if checklist_id in found:
            raise m.AnswerError(msg("csv_checklist_twice", id=checklist_id))
        found[checklist_id] = version
    return found
