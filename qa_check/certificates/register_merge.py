"""``register merge``: the registers of several sites or shards united in one, each row once.

Each input is read through ``register_file.open_read_only``: never written, one of an older
format migrated in a copy in memory. The union is built in a temporary file beside ALL, which
SQLite fills from each input in turn (the input's own connection attaches it), and is renamed
into place once whole: a Ctrl-C or a kill leaves ALL as it was, or absent. An ALL that exists is
read as the first input, so that what it held stays and what the inputs add joins it.

Rows are copied by their columns' names, so every column of the format travels as it is. A
certificate file is one id and language: the same file in two inputs is kept once, and a column
one copy leaves empty (a hash an older format did not keep) is filled from the other. The same
id and language with another payload digest or file SHA-256 is a **conflict**: a located problem
naming both registers; the first one's row is kept, and the caller decides whether the rest is
written. Two revocations of one certificate (or signing certificate) keep the earliest; other
reasons are a note. An issuer's report number given to two records is a conflict too.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import os
import secrets
import sqlite3
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qa_check.certificates.register_file import (
    KEEP_NEWEST,
    KEEP_NEWEST_LOT,
    connect,
    open_read_only,
    sqlite_errors,
)
from qa_check.core.errors import Location, Problem, RegisterError, UsageError
from qa_check.core.messages import msg, printable
from qa_check.files.fileio import cannot_write, remove_stale_temps, writable_folder
from qa_check.files.lock import FolderLock

Step = Callable[[int, int, Path, int], None]
"""Told before each input is merged: its number, how many there are, its path, its files."""

_OUTPUT = "merged"
"""The schema name the union is attached under, in each input's connection."""
_JOURNALS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merge did: counts for its report, its conflicts and notes, located."""

    output: Path
    inputs: int
    """How many of the inputs were merged (not those that could not be read, nor ALL's own)."""
    files: int
    """Certificate files in ALL after the merge."""
    added: int
    """Certificate files the inputs added to what ALL held before (all of them for a new ALL)."""
    revocations: int
    """Revocations in ALL after the merge."""
    conflicts: tuple[Problem, ...]
    notes: tuple[Problem, ...]
    written: bool
    """False when ``strict`` and a conflict left ALL as it was."""


def merge(
    inputs: Sequence[Path], output: Path, *, strict: bool = False, step: Step | None = None
) -> Merged:
    """Unite the registers ``inputs`` (and ALL's own rows, when it exists) into ``output``.

    An input that cannot be read as a register is a conflict of its own, and the others are
    merged. With ``strict``, any conflict leaves ``output`` as it was. UsageError when
    ``output`` is one of the inputs; RegisterError when ``output`` exists but is no register
    (it is never replaced then); WriteError when its folder cannot be written.
    """
    for given in inputs:
        if _same_file(given, output):
            taken = msg("merge_output_is_input", input=printable(str(given)))
            raise UsageError([Problem(Location(str(output)), taken)])
    writable_folder(output.parent)
    with MergeLock(output):
        remove_stale_temps(output.parent)
        existing = os.path.lexists(output)
        sources = [output, *inputs] if existing else list(inputs)
        temp = output.parent / f".{output.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
        try:
            _create(temp, output)
            union = _Union(temp)
            merged = 0
            for number, source in enumerate(sources, 1):
                told = None if step is None else functools.partial(step, number, len(sources))
                own = existing and number == 1
                merged += union.add(source, own=own, told=told) and not own
            files, revocations = union.finish()
            written = not (strict and union.conflicts)
            if written:
                _replace(temp, output)
        finally:
            for leftover in (temp, *(temp.with_name(temp.name + end) for end in _JOURNALS)):
                leftover.unlink(missing_ok=True)
    return Merged(
        output,
        merged,
        files,
        files - union.own_files,
        revocations,
        tuple(union.conflicts),
        tuple(union.notes),
        written,
    )


class MergeLock(FolderLock):
    """One merge into an ALL at a time: a second would rename its union over the first's.

    A hidden file beside ALL, ``.ALL.merge-lock``, locked as certify locks its ``--out``.
    """

    def __init__(self, output: Path) -> None:
        """Take the lock of merging into ``output``; UsageError naming the holder if taken."""
        self.output = output
        super().__init__(output.parent, f".{output.name}.merge-lock")

    def _refusal(self, folder: Path, holder: str) -> Problem:
        return Problem(Location(str(self.output)), msg("merge_locked", pid=holder))


def _same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file: the same inode when both exist, else the same name."""
    try:
        return one.samefile(other)
    except OSError:
        return os.path.normpath(one.absolute()) == os.path.normpath(other.absolute())


def _create(temp: Path, output: Path) -> None:
    """A new, empty register at ``temp``, in SQLite's rollback journal mode.

    A register is made in WAL mode; the union's file leaves it, so that no WAL file is ever
    beside ALL's name, and is written with its journal in memory (a kill leaves only the
    temporary file, which is thrown away). What stops it is said of ``output``, the file the
    user named.
    """
    try:
        db, bound = connect(temp, create=True)
    except RegisterError as exc:
        problems = [Problem(Location(str(output)), problem.message) for problem in exc.problems]
        raise RegisterError(problems) from None
    try:
        with sqlite_errors(temp, bound):
            db.execute("PRAGMA journal_mode = DELETE")
    finally:
        db.close()


def _replace(temp: Path, output: Path) -> None:
    """Rename the finished union onto ``output``, its data on disk first.

    A journal beside an ALL that exists and holds changes belongs to a command still writing
    it (or one killed): SQLite would replay it into the new file, so nothing is replaced then.
    The empty ones a reader leaves go with the file they belonged to.
    """
    for end in _JOURNALS:
        beside = output.with_name(output.name + end)
        with contextlib.suppress(FileNotFoundError):
            if end != "-shm" and beside.stat().st_size > 0:
                in_use = msg("merge_in_use", journal=printable(beside.name))
                raise RegisterError([Problem(Location(str(output)), in_use)])
    try:
        with contextlib.suppress(FileNotFoundError):  # the register it replaces keeps its mode
            temp.chmod(stat.S_IMODE(output.stat().st_mode))
        handle = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        temp.replace(output)
        for end in _JOURNALS:
            output.with_name(output.name + end).unlink(missing_ok=True)
    except OSError as exc:
        raise cannot_write(output, exc) from exc


@dataclass
class _Union:
    """The union being built in ``temp``, and where each of its rows came from."""

    temp: Path
    conflicts: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    own_files: int = 0
    """The files ALL held before the merge."""
    _last_rows: list[int] = field(default_factory=list)
    _row_sources: list[Path] = field(default_factory=list)
    """The union's rows by input: rows up to ``_last_rows[i]`` came from ``_row_sources[i]``."""
    _revoked_in: dict[tuple[str, str], Path] = field(default_factory=dict)
    _numbered_in: dict[tuple[str, int], Path] = field(default_factory=dict)

    def add(
        self, source: Path, *, own: bool, told: Callable[[Path, int], None] | None = None
    ) -> bool:
        """Merge one register, ``told`` how many files it holds first; whether it could be read.

        One that cannot be read is a conflict and adds nothing, unless it is ALL's own.
        """
        try:
            db, bound = open_read_only(source)
        except RegisterError as exc:
            if own:
                raise  # a file at ALL's name that is no register is never replaced
            self.conflicts.extend(exc.problems)
            return False
        try:
            with sqlite_errors(source, bound):
                db.execute(f"ATTACH DATABASE ? AS {_OUTPUT}", (str(self.temp),))
                db.execute(f"PRAGMA {_OUTPUT}.journal_mode = MEMORY")
                db.execute(f"PRAGMA {_OUTPUT}.synchronous = OFF")
                (files,) = db.execute("SELECT COUNT(*) FROM certificates").fetchone()
                if own:
                    self.own_files = int(files)
                if told is not None:
                    told(source, int(files))
                db.execute("BEGIN IMMEDIATE")
                try:
                    self._certificates(db, source)
                    bound.again()
                    self._revocations(db, source, "revocations", "certificate_id")
                    self._revocations(db, source, "key_revocations", "fingerprint")
                    self._report_numbers(db, source)
                    _copy_new(db, "lots")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        finally:
            db.close()
        return True

    def finish(self) -> tuple[int, int]:
        """Each SKU's (and lot's) newest certificate worked out again; (files, revocations)."""
        db, bound = connect(self.temp, create=False)
        try:
            with sqlite_errors(self.temp, bound):
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM newest")
                db.executemany(KEEP_NEWEST, db.execute("SELECT DISTINCT sku FROM certificates"))
                bound.again()
                lots = db.execute("SELECT DISTINCT sku, lot FROM lots").fetchall()
                db.executemany(KEEP_NEWEST_LOT, lots)
                db.execute("COMMIT")
                (files,) = db.execute("SELECT COUNT(*) FROM certificates").fetchone()
                (revocations,) = db.execute("SELECT COUNT(*) FROM revocations").fetchone()
        finally:
            db.close()
        return int(files), int(revocations)

    def _certificates(self, db: sqlite3.Connection, source: Path) -> None:
        """The input's files the union lacks added; the same file's empty columns filled."""
        columns = [c for c in _columns(db, "certificates") if c not in ("row", "seq")]
        for certificate_id, lang, digest_differs, row in db.execute(_CLASHES):
            what = msg("merge_what_digest" if digest_differs else "merge_what_file")
            clash = msg(
                "merge_conflict",
                id=printable(certificate_id),
                lang=printable(lang),
                what=what,
                first=printable(str(self._source_of(row))),
            )
            self.conflicts.append(Problem(Location(str(source)), clash))
        blank = _blank_by_default(db, "certificates")
        if blank:
            db.execute(_fill_blanks(blank))
        (before,) = db.execute(f"SELECT IFNULL(MAX(row), 0) FROM {_OUTPUT}.certificates").fetchone()
        names = ", ".join(columns)
        picked = ", ".join(f"s.{name}" for name in columns)
        db.execute(_ADD_FILES.format(names=names, picked=picked))
        (after,) = db.execute(f"SELECT IFNULL(MAX(row), 0) FROM {_OUTPUT}.certificates").fetchone()
        if after > before:
            db.execute(_FIRST_OF_ID, (before,))
            self._last_rows.append(int(after))
            self._row_sources.append(source)

    def _source_of(self, row: int) -> Path:
        return self._row_sources[bisect.bisect_left(self._last_rows, row)]

    def _revocations(self, db: sqlite3.Connection, source: Path, table: str, key: str) -> None:
        """The input's revocations added; of two of one thing, the earlier is kept.

        Revocations are few (a handful a year), so they are compared here, row by row.
        """
        columns = _columns(db, table)
        names = ", ".join(columns)
        kept = {
            row[key]: row for row in _dicts(db, f"SELECT {names} FROM {_OUTPUT}.{table}", columns)
        }
        insert = f"INSERT OR REPLACE INTO {_OUTPUT}.{table} ({names}) VALUES ({_marks(columns)})"
        for row in _dicts(db, f"SELECT {names} FROM main.{table}", columns):
            first = kept.get(row[key])
            if first is not None and first["why"] != row["why"]:
                earlier = min(first["revoked_at"], row["revoked_at"])
                twice = msg(
                    "merge_revoked_twice",
                    what=printable(row[key]),
                    at=printable(row["revoked_at"]),
                    why=printable(row["why"]),
                    first=printable(str(self._revoked_in[(table, row[key])])),
                    first_at=printable(first["revoked_at"]),
                    first_why=printable(first["why"]),
                    kept=printable(earlier),
                )
                self.notes.append(Problem(Location(str(source)), twice))
            if first is None or row["revoked_at"] < first["revoked_at"]:
                db.execute(insert, [row[name] for name in columns])
                self._revoked_in[(table, row[key])] = source

    def _report_numbers(self, db: sqlite3.Connection, source: Path) -> None:
        """The input's report numbers added; one that names another record is a conflict."""
        for issuer, number, first_seq, here_number in db.execute(_NUMBER_CLASHES):
            clash = msg(
                "merge_number_clash",
                issuer=printable(issuer),
                number=printable(here_number),
                other=printable(number),
                first=printable(str(self._numbered_in[(issuer, first_seq)])),
            )
            self.conflicts.append(Problem(Location(str(source)), clash))
        for issuer, seq in db.execute(_NEW_NUMBERS).fetchall():
            self._numbered_in[(issuer, seq)] = source
        _copy_new(db, "report_numbers")


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    """The names of ``table``'s columns in both the input and the union, in the input's order."""
    found = [row[1] for row in db.execute(f"PRAGMA main.table_info({table})")]
    union = {row[1] for row in db.execute(f"PRAGMA {_OUTPUT}.table_info({table})")}
    return [name for name in found if name in union]


def _copy_new(db: sqlite3.Connection, table: str) -> None:
    """The input's rows of ``table`` whose key the union lacks, copied column by column."""
    names = ", ".join(_columns(db, table))
    db.execute(
        f"INSERT OR IGNORE INTO {_OUTPUT}.{table} ({names}) SELECT {names} FROM main.{table}"
    )


def _blank_by_default(db: sqlite3.Connection, table: str) -> list[str]:
    """The columns a later format added, empty (``DEFAULT ''``) in rows from before it."""
    return [row[1] for row in db.execute(f"PRAGMA {_OUTPUT}.table_info({table})") if row[4] == "''"]


def _fill_blanks(columns: Sequence[str]) -> str:
    """An UPDATE filling the union's empty ``columns`` from the same file in the input.

    The same file: the same payload digest, and no other file SHA-256 (that is a conflict).
    """
    sets = ", ".join(f"{c} = CASE WHEN m.{c} = '' THEN s.{c} ELSE m.{c} END" for c in columns)
    blank = " OR ".join(f"(m.{c} = '' AND s.{c} != '')" for c in columns)
    return (
        f"UPDATE {_OUTPUT}.certificates AS m SET {sets} FROM main.certificates AS s"
        " WHERE s.certificate_id = m.certificate_id AND s.lang = m.lang"
        " AND s.digest = m.digest"
        " AND (m.file_sha256 = '' OR s.file_sha256 = '' OR m.file_sha256 = s.file_sha256)"
        f" AND ({blank})"
    )


def _dicts(db: sqlite3.Connection, query: str, columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows of a table whose columns are all text, by column name."""
    return [dict(zip(columns, map(str, row), strict=True)) for row in db.execute(query)]


def _marks(columns: Sequence[str]) -> str:
    return ", ".join("?" for _ in columns)


# The input's files that the union holds with another payload digest or file SHA-256 (an empty
# one is not known, so not another), each with the union's row, whose input is named.
_CLASHES = f"""
SELECT s.certificate_id, s.lang, s.digest != m.digest, m.row
FROM main.certificates AS s
JOIN {_OUTPUT}.certificates AS m ON m.certificate_id = s.certificate_id AND m.lang = s.lang
WHERE s.digest != m.digest
    OR (s.file_sha256 != '' AND m.file_sha256 != '' AND s.file_sha256 != m.file_sha256)
ORDER BY s.row
"""

# The input's files the union lacks, in the input's order; ``seq`` is set by _FIRST_OF_ID.
_ADD_FILES = f"""
INSERT INTO {_OUTPUT}.certificates (seq, {{names}})
SELECT 0, {{picked}} FROM main.certificates AS s
WHERE NOT EXISTS (
    SELECT 1 FROM {_OUTPUT}.certificates AS m
    WHERE m.certificate_id = s.certificate_id AND m.lang = s.lang
)
ORDER BY s.row
"""

# ``seq`` of the rows just added: the row of the id's first file, as ``Register.add`` sets it.
_FIRST_OF_ID = f"""
UPDATE {_OUTPUT}.certificates AS c SET seq = (
    SELECT MIN(f.row) FROM {_OUTPUT}.certificates AS f WHERE f.certificate_id = c.certificate_id
)
WHERE c.row > ?
"""

# An issuer's number the union gives to another record, or a record it numbers otherwise:
# (issuer, the union's number, the union's seq, the input's number).
_NUMBER_CLASHES = f"""
SELECT s.issuer, m.number, m.seq, s.number
FROM main.report_numbers AS s
JOIN {_OUTPUT}.report_numbers AS m ON m.issuer = s.issuer AND (m.seq = s.seq OR m.record = s.record)
WHERE m.seq != s.seq OR m.record != s.record OR m.number != s.number
"""

# The input's report numbers that clash with none of the union's: the ones added.
_NEW_NUMBERS = f"""
SELECT s.issuer, s.seq FROM main.report_numbers AS s
WHERE NOT EXISTS (
    SELECT 1 FROM {_OUTPUT}.report_numbers AS m
    WHERE m.issuer = s.issuer AND (m.seq = s.seq OR m.record = s.record)
)
"""
