"""The register's file: opened safely, checked to be a register, migrated, SQLite bounded.

The file says what it is: SQLite's ``application_id`` marks it as a qa-check register and its
``user_version`` is the register's format, so another SQLite file, or a register written by a
newer qa-check, is refused with a plain message instead of being read wrongly.

A register is data, never code: SQL in the file (a trigger, a view) would run with the
command's rights whenever it reads or writes. So its schema is compared, on open and before
anything is read or written, with the one its format defines, and anything else is refused.
A register of an older format (0.5.0 wrote format 1) is brought up to date on open, in one
transaction.

Every use of the file is bounded in time and stopped by a signal (``Bound``), and SQLite's
errors become RegisterErrors naming the file, in words a QA manager can act on.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sqlite3
import stat
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from qa_check.core.errors import Location, Problem, RegisterError
from qa_check.core.messages import Message, msg, printable
from qa_check.files.fileio import NotRegularFile, open_regular, os_reason

REGISTER_NAME = "register.sqlite"
"""The register's file name inside certify's ``--out``."""
APPLICATION_ID = 0x51434B52  # "QCKR"
FORMAT_VERSION = 4
"""1: 0.5.0's. 2: adds ``newest`` (a format 1 writer would leave it stale, hence the number).
3: adds each file's SHA-256, the issuers' report numbers, and ``lots``, each lot certificate's
lot and decision (``newest`` then keeps a lot's too). 4: adds the issuer a page names and its
last valid day (what a published page shows without the PDF), each revocation's signature and
its signer's certificate, and ``key_revocations``, signing certificates withdrawn (what they
signed after it is not trusted)."""
BUSY_SECONDS = 10.0
"""How long a command waits for another one writing the register before it gives up."""
QUERY_SECONDS = 60.0
"""The longest SQLite may work at one step (a statement, a batch of rows) before it is stopped:
listing 100,000 rows takes well under a second a batch."""
_TICK = 10_000
"""SQLite's steps between two looks at the clock (well under a millisecond of its work)."""

_SCHEMA_1 = """
CREATE TABLE certificates (
    row INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,         -- the row of the first file of this id: orders ties
    certificate_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    sku TEXT NOT NULL,
    product TEXT NOT NULL,
    verdict TEXT NOT NULL,
    digest TEXT NOT NULL,
    checklists TEXT NOT NULL,     -- JSON [[id, version, sha256], ...]
    inspected_at TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    file TEXT NOT NULL,
    signer TEXT NOT NULL,
    UNIQUE (certificate_id, lang)
);
CREATE INDEX certificates_by_sku ON certificates (sku, issued_at, seq, certificate_id);
CREATE INDEX certificates_by_time
    ON certificates (issued_at, seq, certificate_id, lang, sku, verdict);
CREATE TABLE revocations (
    certificate_id TEXT PRIMARY KEY,
    revoked_at TEXT NOT NULL,
    why TEXT NOT NULL
) WITHOUT ROWID;
"""

_NEWEST_TABLE = """
CREATE TABLE newest (             -- each SKU's newest certificate, kept by add: listing
    sku TEXT PRIMARY KEY,            -- joins it instead of searching the SKU's rows per row
    certificate_id TEXT NOT NULL
) WITHOUT ROWID;
"""

_FORMAT_3 = """
ALTER TABLE certificates ADD COLUMN file_sha256 TEXT NOT NULL DEFAULT '';
CREATE TABLE report_numbers (     -- each issuer's report numbers, one per record
    issuer TEXT NOT NULL,
    seq INTEGER NOT NULL,
    record TEXT NOT NULL,         -- the record's digest: its certificates share the number
    number TEXT NOT NULL,
    PRIMARY KEY (issuer, seq),
    UNIQUE (issuer, record)
) WITHOUT ROWID;
"""

_LOTS_TABLE = """
CREATE TABLE lots (               -- each lot certificate's lot: only a newer certificate of
    certificate_id TEXT PRIMARY KEY, -- the same SKU and lot supersedes it
    sku TEXT NOT NULL,
    lot TEXT NOT NULL,
    decision TEXT NOT NULL,       -- ACCEPT or REJECT
    inspected_at TEXT NOT NULL    -- the order of a SKU's lots, for the switching rules
) WITHOUT ROWID;
CREATE INDEX lots_by_sku ON lots (sku, lot);
"""

_FORMAT_4 = """
ALTER TABLE certificates ADD COLUMN issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN valid_until TEXT NOT NULL DEFAULT '';
ALTER TABLE revocations ADD COLUMN signer TEXT NOT NULL DEFAULT '';
ALTER TABLE revocations ADD COLUMN signature TEXT NOT NULL DEFAULT '';
ALTER TABLE revocations ADD COLUMN signer_certificate TEXT NOT NULL DEFAULT '';
CREATE TABLE key_revocations (    -- signing certificates withdrawn: what one signed after its
    fingerprint TEXT PRIMARY KEY,    -- revoked_at is UNTRUSTED
    revoked_at TEXT NOT NULL,
    why TEXT NOT NULL,
    signer TEXT NOT NULL DEFAULT '',
    signature TEXT NOT NULL DEFAULT '',
    signer_certificate TEXT NOT NULL DEFAULT '' -- PEM: another site's seal checks after a merge
) WITHOUT ROWID;
"""

_STEPS = {2: _NEWEST_TABLE, 3: _FORMAT_3 + _LOTS_TABLE, 4: _FORMAT_4}
"""What brings a register of the format before up to each format: a new register runs them too,
so that its schema's text is the one a migrated register has (SQLite keeps the text an ALTER
makes)."""
_SCHEMAS = {
    version: _SCHEMA_1 + "".join(_STEPS[step] for step in range(2, version + 1))
    for version in range(1, FORMAT_VERSION + 1)
}
"""Each format's statements, as the qa-check that wrote it ran them: SQLite keeps their text."""

# After an add: the SKU's newest certificate, in issue order, as the ``newest`` table keeps it.
KEEP_NEWEST = """
INSERT INTO newest (sku, certificate_id)
SELECT sku, certificate_id FROM certificates WHERE sku = ?1
    AND certificate_id NOT IN (SELECT certificate_id FROM lots WHERE sku = ?1)
ORDER BY issued_at DESC, seq DESC LIMIT 1
ON CONFLICT (sku) DO UPDATE SET certificate_id = excluded.certificate_id
"""

# After adding a lot certificate: the newest of its SKU's lot, under the key ``lot_key`` makes.
KEEP_NEWEST_LOT = """
INSERT INTO newest (sku, certificate_id)
SELECT l.sku || char(31) || l.lot, l.certificate_id
FROM lots AS l JOIN certificates AS c USING (certificate_id)
WHERE l.sku = ?1 AND l.lot = ?2
ORDER BY c.issued_at DESC, c.seq DESC LIMIT 1
ON CONFLICT (sku) DO UPDATE SET certificate_id = excluded.certificate_id
"""


def lot_key(sku: str, lot: str) -> str:
    """``newest``'s key for a lot: a lot certificate is superseded per SKU and lot only.

    The unit separator between them is a control character, which neither a SKU nor a lot holds.
    """
    return f"{sku}\x1f{lot}" if lot else sku


def connect(
    path: Path, *, create: bool, read_only: bool = False
) -> tuple[sqlite3.Connection, Bound]:
    """The register's database at ``path``, checked before anything is read or written.

    ``read_only``: SQLite may not write the file, and an older format is left as it is (see
    ``open_read_only``). See ``Register.open`` for every RegisterError it raises.
    """
    handle = _open_file(path, create=create)
    try:
        held = os.fstat(handle)
    finally:
        # Closed before SQLite opens the file: closing any descriptor of a file drops every
        # POSIX lock this process holds on it, SQLite's among them, and another process then
        # takes itself for the last one and deletes the WAL this connection still writes to.
        os.close(handle)
    # Without ``create``, mode=rw: SQLite must not make an empty file where none was.
    target = path.absolute().as_uri() + ("?mode=ro" if read_only else "" if create else "?mode=rw")
    with sqlite_errors(path):
        db = sqlite3.connect(target, timeout=BUSY_SECONDS, isolation_level=None, uri=True)
    bound = Bound(db)
    try:
        _same_file(path, held)
        with sqlite_errors(path, bound):
            _check_or_create(db, path, create=create, read_only=read_only)
    except BaseException:
        db.close()
        raise
    return db, bound


def open_read_only(path: Path) -> tuple[sqlite3.Connection, Bound]:
    """The register at ``path`` to read, never to write: nothing in the file changes.

    One of an older format comes as a copy in memory, migrated there. SQLite reads it with its
    locks, so another command writing it meanwhile is seen whole or not at all.
    """
    db, bound = connect(path, create=False, read_only=True)
    copy = None
    try:
        with sqlite_errors(path, bound):
            if _identity(db)[1] == FORMAT_VERSION:
                return db, bound
            copy = sqlite3.connect(":memory:", isolation_level=None)
            db.backup(copy)
        db.close()
        with sqlite_errors(path):
            _migrate(copy, path)
    except BaseException:
        db.close()
        if copy is not None:
            copy.close()
        raise
    return copy, Bound(copy)


_JOURNALS = ("-journal", "-wal", "-shm")
"""The files SQLite keeps beside a database, which it opens following links."""


def _open_file(path: Path, *, create: bool) -> int:
    """The register's file, opened (made when ``create``) as a regular file, never a link.

    SQLite follows links and cannot be told not to, so the file is opened here first, and the
    files SQLite keeps beside it are checked too: each must be absent or a regular file.
    """
    where = Location(str(path))
    try:
        handle = open_regular(path, os.O_RDONLY | (os.O_CREAT if create else 0))
    except FileNotFoundError as exc:
        if create:
            raise RegisterError([Problem(where, _cannot_open(exc))]) from None
        raise RegisterError([Problem(where, msg("register_missing", name=REGISTER_NAME))]) from None
    except IsADirectoryError:
        problem = Problem(where, msg("register_not_a_file", name=REGISTER_NAME))
        raise RegisterError([problem]) from None
    except OSError as exc:
        raise RegisterError([Problem(where, _cannot_open(exc))]) from None
    for suffix in _JOURNALS:
        beside = path.with_name(path.name + suffix)
        try:
            mode = beside.lstat().st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            os.close(handle)
            link = stat.S_ISLNK(mode)
            found = OSError(errno.ELOOP, "") if link else NotRegularFile(str(beside))
            raise RegisterError([Problem(Location(str(beside)), _cannot_open(found))])
    return handle


def _cannot_open(exc: OSError) -> Message:
    return msg("register_cannot_open", reason=os_reason(exc))


def _same_file(path: Path, held: os.stat_result) -> None:
    """RegisterError unless ``path`` is still the file ``_open_file`` checked (``held``)."""
    found = os.lstat(path)
    if (found.st_dev, found.st_ino) != (held.st_dev, held.st_ino):
        replaced = msg("register_cannot_open", reason=msg("register_replaced"))
        raise RegisterError([Problem(Location(str(path)), replaced)])


def _check_or_create(
    db: sqlite3.Connection, path: Path, *, create: bool, read_only: bool = False
) -> None:
    """Make sure ``db`` is a register this qa-check reads; make one in an empty file.

    ``read_only``: an older format is checked but not migrated.
    """
    where = Location(str(path))
    application, version, tables = _identity(db)
    if application == 0 and version == 0 and tables == 0:
        if not create:
            raise RegisterError([Problem(where, msg("register_missing", name=REGISTER_NAME))])
        db.execute("BEGIN IMMEDIATE")
        try:
            if _identity(db) == (0, 0, 0):  # nobody else made it meanwhile
                _run(db, _SCHEMAS[FORMAT_VERSION])
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        if db.in_transaction:
            db.execute("COMMIT")
        application, version, tables = _identity(db)
    if application != APPLICATION_ID:
        raise RegisterError([Problem(where, msg("register_foreign"))])
    if version > FORMAT_VERSION:
        newer = msg("register_newer", found=version, known=FORMAT_VERSION)
        raise RegisterError([Problem(where, newer)])
    if version < 1:
        raise RegisterError([Problem(where, msg("register_corrupt", reason="user_version 0"))])
    _check_schema(db, path, version)
    if version < FORMAT_VERSION and not read_only:
        _migrate(db, path)
    if create:
        _journal(db)


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run each statement of ``script`` in the open transaction (executescript commits first)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master"


@functools.cache
def _schema(version: int) -> frozenset[tuple[str, str, str, str | None]]:
    """What ``sqlite_master`` holds in a register of ``version``: made in memory to compare."""
    with contextlib.closing(sqlite3.connect(":memory:", isolation_level=None)) as db:
        _run(db, _SCHEMAS[version])
        return frozenset(db.execute(_MASTER))


def _check_schema(db: sqlite3.Connection, path: Path, version: int) -> None:
    """RegisterError unless the file's schema is exactly the one ``version`` defines.

    A trigger, a view, a table or index qa-check does not make, or one made differently, is
    named; nothing of the file but its schema has been read, nothing written.
    """
    found = frozenset(db.execute(_MASTER))
    expected = _schema(version)
    if found == expected:
        return
    names = {(kind, name) for kind, name, _, _ in expected}
    extra = sorted({(kind, name) for kind, name, _, _ in found} - names)
    changed = sorted({(kind, name) for kind, name, _, _ in expected ^ found} & names)
    parts = []
    if extra:
        parts.append(msg("register_schema_extra", what=_objects(extra)))
    if changed:
        parts.append(msg("register_schema_changed", what=_objects(changed)))
    found_text = parts[0] if len(parts) == 1 else parts[0] + "; " + parts[1]
    problem = Problem(
        Location(str(path)), msg("register_schema", version=version, found=found_text)
    )
    raise RegisterError([problem])


def _objects(named: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{kind} {printable(name)}" for kind, name in named)


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring an older register to the current format, step by step, all in one transaction.

    Format 2 adds ``newest``, filled here as ``add`` keeps it. Format 3 adds ``file_sha256``,
    empty for the files issued before (nobody hashed them then), ``report_numbers``, and
    ``lots``, empty (no earlier version issued a lot certificate). Format 4's columns are empty
    for what was issued or revoked before: an unsigned revocation is signed when next published.
    A command that migrated it meanwhile leaves nothing to do once the write lock is held.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _identity(db)[1]
        if version < FORMAT_VERSION:
            _check_schema(db, path, version)
            for step in range(version + 1, FORMAT_VERSION + 1):
                _run(db, _STEPS[step])
            if version < 2:  # ``newest`` is new: filled as ``add`` keeps it (it reads ``lots``)
                skus = db.execute("SELECT DISTINCT sku FROM certificates").fetchall()
                db.executemany(KEEP_NEWEST, skus)
            db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _identity(db: sqlite3.Connection) -> tuple[int, int, int]:
    """(application_id, user_version, number of schema objects): what the file says it is."""
    (application,) = db.execute("PRAGMA application_id").fetchone()
    (version,) = db.execute("PRAGMA user_version").fetchone()
    (tables,) = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    return int(application), int(version), int(tables)


def _journal(db: sqlite3.Connection) -> str:
    """WAL when the file system allows it; else SQLite's default rollback journal.

    WAL needs shared memory beside the file, which network drives do not give: there setting it
    fails, and the register goes on with the rollback journal, as safe, a little slower.
    """
    try:
        (mode,) = _set_wal(db)
    except sqlite3.OperationalError:
        mode = ""
    if str(mode).lower() != "wal":
        (mode,) = db.execute("PRAGMA journal_mode = DELETE").fetchone()
    return str(mode).lower()


def _set_wal(db: sqlite3.Connection) -> tuple[str]:
    """Ask for WAL; a test replaces this to play a network drive."""
    found: tuple[str] = db.execute("PRAGMA journal_mode = WAL").fetchone()
    return found


_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class Bound:
    """Stops SQLite at a step longer than ``QUERY_SECONDS``, or at once when a signal comes.

    SQLite asks the progress handler every ``_TICK`` steps of its work; a true answer stops
    the statement ("interrupted"). A signal's Python handler (the command line's SIGTERM
    handler raises, to stop) runs in the first Python code that runs, which during a query is
    the progress handler, and SQLite drops whatever that raises. So the handler is a
    generator whose ``try`` holds the call where pending signal handlers run: what they raise
    is kept, the statement stopped, and it is raised again once SQLite has let go.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.deadline = 0.0
        self.stopped: BaseException | None = None

    def start(self) -> None:
        """A new use of the register: its own time bound, nothing stopped yet."""
        self.stopped = None
        self.again()
        self._db.set_progress_handler(self._ticks().__next__, _TICK)

    def again(self) -> None:
        """Start the time bound again (for the next batch of rows)."""
        self.deadline = time.monotonic() + QUERY_SECONDS

    def _ticks(self) -> Iterator[bool]:
        try:
            while True:
                _checkpoint()
                yield time.monotonic() > self.deadline
        except GeneratorExit:
            return  # replaced by the next use's
        except BaseException as exc:  # a signal handler's: raised again by ``interrupted``
            self.stopped = exc
        while True:
            yield True

    def interrupted(self, path: Path) -> NoReturn:
        """Raise what stopped SQLite: a signal's exception, or a RegisterError for the time."""
        if self.stopped is not None:
            raise self.stopped
        if time.monotonic() > self.deadline:
            too_slow = msg("register_too_slow", seconds=f"{QUERY_SECONDS:g}")
            raise RegisterError([Problem(Location(str(path)), too_slow)])
        raise KeyboardInterrupt  # a signal's exception, raised where SQLite dropped it


def _checkpoint() -> None:
    """Nothing: entering a function is where Python runs the signal handlers pending."""


@contextlib.contextmanager
def sqlite_errors(path: Path, bound: Bound | None = None) -> Iterator[None]:
    """An SQLite error as a RegisterError naming the file, in words a QA manager can act on.

    With ``bound``, the work inside is one use of the register, bounded in time and stopped
    by a signal (see ``Bound``).
    """
    if bound is not None:
        bound.start()
    try:
        yield
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if bound is not None and code == sqlite3.SQLITE_INTERRUPT:
            bound.interrupted(path)
        raise RegisterError([Problem(Location(str(path)), _reason(exc))]) from exc


def _reason(exc: sqlite3.Error) -> Message:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    text = str(exc)
    if code in _BUSY:
        return msg("register_locked", seconds=int(BUSY_SECONDS))
    if code == sqlite3.SQLITE_NOTADB:
        return msg("register_not_sqlite")
    if code == sqlite3.SQLITE_CORRUPT:
        return msg("register_corrupt", reason=text)
    if code == sqlite3.SQLITE_CANTOPEN:
        return msg("register_cannot_open", reason=text)
    return msg("register_failed", reason=text)
