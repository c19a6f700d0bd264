"""Reading result records from YAML, JSON, JSON Lines, CSV and workbooks, streaming and located.

Each source yields RawRecord values (data plus a way to locate any field in the file) or, for
what cannot be read at all, a Problem; nothing stops a batch. CSV and workbooks are the
spreadsheet route: one row per SKU, the columns described by ``columns``. JSON Lines and CSV are
read line by line within a size limit, so that a broken line or row is one INVALID entry and the
rest still count.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from qa_check.core.errors import InputError, Location, Problem, UsageError, dotted
from qa_check.core.messages import Message, msg, word
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import Locate, RawRecord
from qa_check.files.encodings import UTF8, find_encoding
from qa_check.files.fileio import files_under
from qa_check.files.safe_json import parse_json
from qa_check.files.safe_yaml import (
    DECODE_ERRORS,
    UNDECODABLE,
    Path_,
    cannot_read,
    encoding_message,
    line_for,
    load_yaml,
    open_regular,
    read_text,
)
from qa_check.records.columns import (
    FIXED_COLUMNS,
    answer_columns,
    column_plan,
    csv_column,
    row_record,
    series_lengths,
    unknown_column,
)
from qa_check.records.workbook import WORKBOOK_SUFFIXES, read_workbook

RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".csv", ".xlsx", ".xls")

MAX_LINE_BYTES = 1024 * 1024


def record_files(paths: Sequence[Path]) -> list[Path | Problem]:
    """Record files under the given files and folders, in a stable order, and what was skipped."""
    return files_under(paths, RECORD_SUFFIXES, msg("kind_record_file"))


def expected_count(files: Sequence[Path | Problem]) -> int:
    """About how many records ``files`` hold, read fast: for a progress bar, not for counting.

    A CSV or JSON Lines file holds about one record a line (a CSV less its header); any other
    file, or an entry the folder walk skipped, one. Lines are counted in 1 MiB blocks, so a
    file of any size costs little memory; a file that cannot be read counts one.
    """
    total = 0
    for file in files:
        lines = _line_count(file) if isinstance(file, Path) else None
        header = isinstance(file, Path) and file.suffix.lower() == ".csv"
        total += 1 if lines is None else max(lines - header, 0)
    return total


def _line_count(file: Path) -> int | None:
    """The lines of a CSV or JSON Lines file, a last one without its newline included."""
    if file.suffix.lower() not in (".csv", ".jsonl"):
        return None
    lines, last = 0, b"\n"
    try:
        with open_regular(file) as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
    except (OSError, InputError):  # reading it for real reports why
        return None
    return lines + (last != b"\n")


def read_records(
    files: Sequence[Path | Problem],
    registry: Registry,
    encoding: str | None = "utf-8-sig",
    *,
    timezone: str | None = None,
    note: Callable[[Problem], None] = lambda problem: None,
) -> Iterator[RawRecord | Problem]:
    """Every record in the files, in order; what cannot be read is a located Problem.

    A file that yields nothing at all (an empty JSON list, a CSV header alone) is reported too,
    so that no file named on the command line passes unmentioned. ``encoding`` None finds a
    CSV's (UTF-8, else Chinese in GB18030, with a ``note``); other text files are UTF-8.
    ``timezone`` (the site's) is the zone of a workbook's date and time cells.
    """
    for file in files:
        if isinstance(file, Problem):  # skipped by the folder walk: counted, with its reason
            yield file
            continue
        suffix = file.suffix.lower()
        count = 0
        try:
            if suffix in WORKBOOK_SUFFIXES:
                source = read_workbook(file, registry, timezone, note)
            elif suffix == ".csv":
                source = _read_csv(file, registry, encoding or _csv_encoding(file, note))
            elif suffix == ".jsonl":
                source = _read_jsonl(file, encoding or UTF8)
            elif suffix == ".json":
                source = _read_json(file, encoding or UTF8)
            else:
                source = _read_yaml(file, encoding or UTF8)
            for entry in source:
                count += 1
                yield entry
        except InputError as exc:
            count += len(exc.problems)
            yield from exc.problems
        if not count:
            yield Problem(Location(str(file)), msg("no_records"))


def _csv_encoding(file: Path, note: Callable[[Problem], None]) -> str:
    """The encoding a CSV was found in, said in a note when it is not UTF-8."""
    found = find_encoding(file)
    if found.guessed:
        note(Problem(Location(str(file)), msg("sheets_gb18030")))
    return found.encoding


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
    blank = True
    for number, text, problem in _Lines(file, encoding):
        if text.isspace():
            continue
        blank = False
        where = Location(source, number)
        if problem is not None:
            yield Problem(where, problem)
            continue
        try:
            data = parse_json(text, source, number)
        except InputError as exc:
            yield from exc.problems
            continue

        def locate(path: Path_, where: Location = where) -> Location:
            return where.at(field=dotted(path) or None)

        yield RawRecord(data, where, locate)
    if blank:
        raise InputError([Problem(Location(source), msg("file_empty"))])


# --- text lines ----------------------------------------------------------------------------

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


_Line = tuple[int, str, Message | None]
"""A line's number, its text with its line end (U+FFFD where bytes were not valid; empty for
a line over the limit, which is passed over, not held) and what is wrong with it."""


_SKIP_CHARS = 64 * 1024
"""Characters read at a time while passing over the rest of a line that is too long."""
_MOST_BYTES_PER_CHAR = 8
"""No character takes more bytes in an accepted encoding (ISO-2022 wraps one in escapes), so
a text this many times shorter than a limit is within it without being measured."""
_LINE_ENDS = ("\n", "\r")


class _Lines:
    """Numbered lines of a text file, decoded as they are read and split at CR LF, CR or LF.

    Decoding comes before splitting, so UTF-16 and old Mac files (CR only) read right. Bytes
    that are not valid in the encoding become U+FFFD and give the line a problem, so that its
    record is INVALID at the right line while every other line is still read. A line over
    MAX_LINE_BYTES (its line end not counted) is refused while it is read: the rest of it is
    passed over in pieces, never held whole, and reading goes on at the next line.
    """

    def __init__(self, file: Path, encoding: str) -> None:
        self.file = file
        self.encoding = encoding
        self.number = 0
        self.cut_cr = False
        self.mark_bytes = len("".encode(encoding))  # a byte order mark the encoder writes

    def __iter__(self) -> Iterator[_Line]:
        with io.TextIOWrapper(
            open_regular(self.file), self.encoding, DECODE_ERRORS, newline=""
        ) as stream:
            try:
                while (line := self._next(stream)) is not None:
                    yield line
            except UnicodeError:  # a refusal, not bad bytes: UTF-16 without its byte order mark
                where = Location(str(self.file), self.number + 1)
                raise InputError([Problem(where, encoding_message(self.encoding))]) from None
            except OSError as exc:
                where = Location(str(self.file), self.number + 1)
                raise InputError([Problem(where, cannot_read(exc))]) from None

    def size(self, text: str) -> int:
        """The bytes ``text`` takes in the file's encoding."""
        return len(text.encode(self.encoding, "replace")) - self.mark_bytes

    def _next(self, stream: io.TextIOWrapper) -> _Line | None:
        text = self._read(stream, MAX_LINE_BYTES + 1)
        if not text:
            return None
        self.number += 1
        if self.number == 1:
            text = text.removeprefix("\ufeff")
        # Characters are never more than bytes, so only a line long in characters is measured.
        if len(text) * _MOST_BYTES_PER_CHAR > MAX_LINE_BYTES and self._too_long(text):
            while text and not text.endswith(_LINE_ENDS):
                text = self._read(stream, _SKIP_CHARS)
            return self.number, "", msg("line_too_long", limit=MAX_LINE_BYTES)
        bad = text.find(UNDECODABLE)
        if bad < 0:
            return self.number, text, None
        problem = encoding_message(self.encoding, bad + 1)
        return self.number, text.replace(UNDECODABLE, "\ufffd"), problem

    def _too_long(self, text: str) -> bool:
        body = text.rstrip("\r\n")
        return len(body) > MAX_LINE_BYTES or self.size(body) > MAX_LINE_BYTES

    def _read(self, stream: io.TextIOWrapper, size: int) -> str:
        """``readline(size)``, without the LF of a CR LF that the last size limit cut in two."""
        text = stream.readline(size)
        if self.cut_cr and text == "\n":
            text = stream.readline(size)
        self.cut_cr = len(text) == size and text.endswith("\r")
        return text


# --- CSV -----------------------------------------------------------------------------------


def _read_csv(file: Path, registry: Registry, encoding: str) -> Iterator[RawRecord | Problem]:
    source = str(file)
    csv.field_size_limit(MAX_LINE_BYTES)  # rows are held to it in bytes, so cells never pass it
    lines = _Lines(file, encoding)
    feed = _RowLines(iter(lines), lines.size)
    reader = csv.reader(feed, strict=True)
    header = _next_row(reader, feed)
    if isinstance(header, str):
        raise InputError([Problem(Location(source, row=1), header)])
    if header is None or not any(cell.strip() for cell in header):
        raise InputError([Problem(Location(source), msg("file_empty"))])
    if any(problem for _, _, problem in feed.taken):
        raise InputError(feed.problems(source))
    header = [cell.strip() for cell in header]
    answers = answer_columns(registry)
    header_problems: list[Problem] = []
    seen: set[str] = set()
    for name in header:
        where = Location(source, row=1, field=name or "(blank)")
        if name in seen:
            header_problems.append(Problem(where, msg("csv_column_twice")))
        elif name not in FIXED_COLUMNS and name not in answers:
            header_problems.append(Problem(where, unknown_column(name, registry)))
        seen.add(name)
    problems = tuple(header_problems)
    plan = column_plan(header, answers)
    lengths = series_lengths(plan)
    row_number = 1
    while (cells := _next_row(reader, feed, len(header))) is not None:
        row_number += 1
        where = Location(source, row=row_number)
        if isinstance(cells, str):
            yield Problem(where, cells)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        row_problems = (*problems, *feed.problems(source))
        if len(cells) > len(header):
            extra = Problem(where, msg("csv_extra_cells", cells=len(cells), columns=len(header)))
            row_problems = (*row_problems, extra)

        def locate(path: Path_, where: Location = where) -> Location:
            return where.at(field=csv_column(path) or None)

        record, cell_problems = row_record(plan, lengths, cells, where)
        yield RawRecord(record, where, locate, (*row_problems, *cell_problems))


def _next_row(
    reader: Iterator[list[str]], feed: _RowLines, columns: int | None = None
) -> list[str] | Message | None:
    """The next row's cells; None at the end; or why the row cannot be read.

    A row that cannot be read is lost, not the file: its lines after the first are read again
    as rows. A row over several lines with the wrong number of ``columns`` is one too: a quote
    that was never closed swallowed the lines after it, until a later quote ended the cell.
    """
    feed.start()
    try:
        cells = next(reader, None)
    except (csv.Error, _RowTooLong, _QuoteLeftOpen) as exc:
        failure: Exception | None = exc
    else:
        if cells is None or len(feed.taken) == 1 or columns in (None, len(cells)):
            return cells
        failure = None
    span = len(feed.taken)
    first = feed.retry()
    if isinstance(failure, _RowTooLong):
        too_long = msg("csv_cell_too_long", line=first, limit=MAX_LINE_BYTES)
        return msg("invalid_csv", detail=too_long)
    if isinstance(failure, csv.Error) and span == 1 and not feed.ended:
        return _csv_problem(failure)
    return msg("invalid_csv", detail=msg("csv_unclosed_quote", line=first))


class _RowTooLong(Exception):
    """The row being read has grown past MAX_LINE_BYTES, or holds a line that did."""


class _QuoteLeftOpen(Exception):
    """A row read again from a failed row's lines leaves a quote open at its line's end."""


class _RowLines:
    """The physical lines csv.reader reads, kept per row so that a failed row can be retried.

    After a row fails (a csv error, the end of the file inside a quote, over the size limit,
    the wrong number of cells), its lines after the first are pushed back to be read again.
    Those before the line it failed on cannot start a row over several lines: the quote that
    row leaves open runs through the same lines into the same failure. So such a row fails at
    once, no line is read more than twice, and a file of broken quotes is still read in linear
    time; memory stays within one row.
    """

    def __init__(self, lines: Iterator[_Line], size: Callable[[str], int]) -> None:
        self.lines = lines
        self.size = size
        self.back: deque[tuple[_Line, bool]] = deque()
        """Lines pushed back, each with whether it comes from before a failed row's end."""
        self.taken: list[_Line] = []
        """The lines of the row being read."""
        self.doomed = False
        self.ended = False
        """The file ended inside the row being read."""
        self.chars = 0
        self.bytes: int | None = None

    def __iter__(self) -> _RowLines:
        return self

    def __next__(self) -> str:
        if self.taken:
            return self._more()
        if self.back:
            line, self.doomed = self.back.popleft()
        else:
            line, self.doomed = self._line(), False
        self.taken.append(line)
        if not line[1]:
            raise _RowTooLong
        return line[1]

    def _more(self) -> str:
        """The next line of a row that runs on: a quote is open at the end of the last one."""
        if self.doomed:
            raise _QuoteLeftOpen
        if len(self.taken) == 1:
            self.chars, self.bytes = len(self.taken[0][1]), None
        line = self.back.popleft()[0] if self.back else self._line()
        self.taken.append(line)
        text = line[1]
        if not text:
            raise _RowTooLong
        self.chars += len(text)
        if self.chars * _MOST_BYTES_PER_CHAR > MAX_LINE_BYTES:  # long enough to measure
            if self.bytes is None:
                self.bytes = sum(self.size(taken) for _, taken, _ in self.taken)
            else:
                self.bytes += self.size(text)
            if self.bytes > MAX_LINE_BYTES:
                raise _RowTooLong
        return text

    def _line(self) -> _Line:
        try:
            return next(self.lines)
        except StopIteration:
            self.ended = True
            raise

    def start(self) -> None:
        """A new row begins."""
        self.taken = []
        self.ended = False

    def retry(self) -> int:
        """Push back a failed row's lines after its first; return the first one's number."""
        first, *rest = self.taken
        last = len(rest) - 1
        self.back.extendleft(
            reversed([(line, index < last or self.ended) for index, line in enumerate(rest)])
        )
        return first[0]

    def problems(self, source: str) -> list[Problem]:
        """Decoding problems on the lines of the row just read, each at its line."""
        return [
            Problem(Location(source, number), problem)
            for number, _, problem in self.taken
            if problem is not None
        ]


_CSV_HINTS = (
    ("expected after '\"'", "csv_quote"),
    ("NUL", "csv_nul"),
)


def _csv_problem(exc: csv.Error) -> Message:
    """``invalid CSV: …``: the reader's words, then what to do, in English and Chinese."""
    text = str(exc)
    key = next((key for words, key in _CSV_HINTS if words in text), None)
    if key is None:
        return msg("invalid_csv", detail=msg("csv_other", detail=text))
    return msg("invalid_csv", detail=Message(f"{text}; {word(key, 'en')}", word(key, "zh")))
