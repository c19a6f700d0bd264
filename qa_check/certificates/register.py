"""The register: an SQLite file listing every certificate issued, so that it can be looked up.

``certify`` (the parent process, never a worker) adds what it issued in batches, each one
transaction: a killed run leaves the batches it committed and nothing of the one it was
writing. ``verify --register`` finds a certificate by its id; ``register list`` shows them all,
with the ones revoked, superseded by a newer certificate of the same SKU, or judged against a
checklist whose content has changed since (STALE, worked out when listing, never stored).

The file says what it is: SQLite's ``application_id`` marks it as a qa-check register and its
``user_version`` is the register's format, so another SQLite file, or a register written by a
newer qa-check, is refused with a plain message instead of being read wrongly.

A register is data, never code: SQL in the file (a trigger, a view) would run with the
command's rights whenever it reads or writes. So its schema is compared, on open and before
anything is read or written, with the one its format defines, and anything else is refused.
A register of an older format (0.5.0 wrote format 1) is brought up to date on open, in one
transaction.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from qa_check.core.errors import Location, Problem, QaCheckError
from qa_check.core.messages import Message, msg, printable
from qa_check.files.fileio import NotRegularFile, open_regular, os_reason

if TYPE_CHECKING:
    from datetime import datetime

REGISTER_NAME = "register.sqlite"
"""The register's file name inside certify's ``--out``."""
APPLICATION_ID = 0x51434B52  # "QCKR"
FORMAT_VERSION = 2
"""1: 0.5.0's. 2: adds ``newest`` (a format 1 writer would leave it stale, hence the number)."""
BUSY_SECONDS = 10.0
"""How long a command waits for another one writing the register before it gives up."""
QUERY_SECONDS = 60.0
"""The longest SQLite may work at one step (a statement, a batch of rows) before it is stopped:
listing 100,000 rows takes well under a second a batch."""
_TICK = 10_000
"""SQLite's steps between two looks at the clock (well under a millisecond of its work)."""
MAX_WHY = 500

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

_SCHEMAS = {1: _SCHEMA_1, 2: _SCHEMA_1 + _NEWEST_TABLE}
"""Each format's statements, as the qa-check that wrote it ran them: SQLite keeps their text."""

_INSERT = """
INSERT OR IGNORE INTO certificates (
    seq, certificate_id, lang, sku, product, verdict, digest, checklists,
    inspected_at, issued_at, file, signer
) VALUES (
    COALESCE(
        (SELECT seq FROM certificates WHERE certificate_id = ?1 LIMIT 1),
        (SELECT IFNULL(MAX(row), 0) + 1 FROM certificates)
    ),
    ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11
)
"""

_FULL = """
SELECT certificate_id, lang, sku, product, verdict, digest, checklists,
    inspected_at, issued_at, file, signer
FROM certificates {where}
ORDER BY issued_at, seq, certificate_id, lang
"""

# What ``list`` shows, read from the index alone (it holds these columns in this order).
_BRIEF = """
SELECT certificate_id, lang, sku, verdict, issued_at{checklists}
FROM certificates {where}
ORDER BY issued_at, seq, certificate_id, lang
"""

# The newest certificate of each SKU: the last one per SKU in issue order, from the index.
_NEWEST = """
SELECT sku, certificate_id FROM certificates {where} ORDER BY issued_at, seq
"""

# After an add: the SKU's newest certificate, in issue order, as the ``newest`` table keeps it.
_KEEP_NEWEST = """
INSERT INTO newest (sku, certificate_id)
SELECT sku, certificate_id FROM certificates WHERE sku = ?1
ORDER BY issued_at DESC, seq DESC LIMIT 1
ON CONFLICT (sku) DO UPDATE SET certificate_id = excluded.certificate_id
"""

# One certificate's files, each with its SKU's newest certificate, through the SKU index.
_FIND = """
SELECT certificate_id, lang, sku, product, verdict, digest, checklists,
    inspected_at, issued_at, file, signer,
    (
        SELECT n.certificate_id FROM certificates AS n
        WHERE n.sku = c.sku
        ORDER BY n.issued_at DESC, n.seq DESC LIMIT 1
    )
FROM certificates AS c
WHERE certificate_id = ?
ORDER BY row
"""

# ``register list``'s text, a line per file, laid out by SQLite: formatting 100,000 lines in
# Python took longer than the whole command may. The status first, for counting.
_LINES = """
SELECT status, printf('%s  %-5s  %-4s  %.10s  %-7s  %s%s', certificate_id, lang, verdict,
    issued_at, status, sku, CASE status
        WHEN 'REVOKED' THEN printf('  (%s %.10s: %s)', :revoked, revoked_at, why)
        WHEN 'STALE' THEN printf('  (%s %s)', :superseded, newest)
        ELSE '' END)
FROM (
    SELECT *, CASE
        WHEN revoked_at IS NOT NULL THEN 'REVOKED'
        WHEN newest != certificate_id THEN 'STALE'
        ELSE 'ISSUED' END AS status
    FROM (
        SELECT c.certificate_id, c.lang, c.verdict, c.issued_at, c.sku, r.revoked_at, r.why,
            n.certificate_id AS newest
        FROM certificates AS c
        JOIN newest AS n USING (sku)
        LEFT JOIN revocations AS r ON r.certificate_id = c.certificate_id
        {where}
        ORDER BY c.issued_at, c.seq, c.certificate_id, c.lang
    )
)
"""

_NOT_REVOKED = ("", "")


class RegisterError(QaCheckError):
    """The register cannot be used: missing, damaged, not a register, newer, locked."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One certificate file as certify issued it: what the register records."""

    certificate_id: str
    lang: str
    """``en``, ``zh`` or ``en+zh``: the same id in another language is another file."""
    sku: str
    product: str
    verdict: str
    """PASS or FAIL."""
    digest: str
    """SHA-256 of the embedded record, 64 lower-case hex digits."""
    checklists: tuple[tuple[str, str, str], ...]
    """(id, version, content SHA-256) of each checklist the record was judged against."""
    inspected_at: str
    issued_at: str
    """``utc_text`` of the issue time: these texts sort as the times do."""
    file: str
    """The file's name inside ``--out``."""
    signer: str
    """The signing certificate's fingerprint; empty when unsigned."""


class Row(NamedTuple):
    """A certificate file in the register, with what became of it since it was issued.

    A tuple, not a dataclass: listing makes one per row, 100,000 of them in well under a second.
    """

    certificate_id: str
    lang: str
    sku: str
    product: str
    verdict: str
    digest: str
    checklists: tuple[tuple[str, str, str], ...]
    inspected_at: str
    issued_at: str
    file: str
    signer: str
    revoked_at: str
    """``utc_text`` of the revocation; empty when the certificate stands."""
    revoked_why: str
    superseded_by: str
    """The id of the SKU's newest certificate when that is another one; else empty."""
    changed: tuple[str, ...] = ()
    """``id@version`` of its checklists installed with other content (when they were given)."""

    @property
    def status(self) -> str:
        """``revoked`` or ``issued``, as stored (STALE is worked out, see ``stale``)."""
        return "revoked" if self.revoked_at else "issued"

    @property
    def stale(self) -> bool:
        """Superseded by a newer certificate of the SKU, or judged against a changed checklist."""
        return bool(self.superseded_by or self.changed)


class Listed(NamedTuple):
    """A row as ``register list`` shows it: the columns of ``Row`` it needs, read quicker."""

    certificate_id: str
    lang: str
    sku: str
    verdict: str
    issued_at: str
    revoked_at: str
    revoked_why: str
    superseded_by: str
    changed: tuple[str, ...]

    @property
    def stale(self) -> bool:
        """Superseded by a newer certificate of the SKU, or judged against a changed checklist."""
        return bool(self.superseded_by or self.changed)


@dataclass(frozen=True, slots=True)
class Revocation:
    """What ``revoke`` did: the revocation that stands, and whether it was made just now."""

    certificate_id: str
    revoked_at: str
    why: str
    files: int
    """How many files (languages) of the certificate it covers."""
    new: bool
    """False when the certificate had been revoked before: that first revocation is kept."""


class Register:
    """An open register; ``with`` closes it."""

    def __init__(self, path: Path, connection: sqlite3.Connection, bound: _Bound) -> None:
        """Use ``Register.open``: it checks the file before anything is read or written."""
        self.path = path
        self._db = connection
        self._bound = bound
        self._checklists: dict[str, tuple[tuple[str, str, str], ...]] = {}

    @classmethod
    def open(cls, path: Path, *, create: bool) -> Register:
        """Open the register at ``path``; ``create`` makes a new one when there is none.

        RegisterError, naming the file, when there is none (and ``create`` is false), when it
        or its journal is a symbolic link or a special file (never followed: a link in
        ``--out`` must not fill a register elsewhere), when the file is not SQLite or damaged,
        when it is another program's SQLite file, when a newer qa-check wrote it, when its
        schema is not the one its format defines (``_check_schema``), or when another command
        kept it locked for ``BUSY_SECONDS``. A register of an older format is migrated.
        """
        handle = _open_file(path, create=create)
        try:
            # Without ``create``, mode=rw: SQLite must not make an empty file where none was.
            target = path.absolute().as_uri() + ("" if create else "?mode=rw")
            with _sqlite_errors(path):
                db = sqlite3.connect(target, timeout=BUSY_SECONDS, isolation_level=None, uri=True)
            bound = _Bound(db)
            try:
                _same_file(path, handle)
                with _sqlite_errors(path, bound):
                    _check_or_create(db, path, create=create)
            except BaseException:
                db.close()
                raise
        finally:
            os.close(handle)
        return cls(path, db, bound)

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file; a transaction not committed is rolled back by SQLite."""
        self._db.close()

    def add(self, entries: Sequence[Entry]) -> int:
        """Record ``entries`` in one transaction; how many were new.

        A file the register holds already (same certificate id and language) is left as it is,
        so a rerun that keeps its certificates adds nothing.
        """
        if not entries:
            return 0
        values = [
            (
                e.certificate_id,
                e.lang,
                e.sku,
                e.product,
                e.verdict,
                e.digest,
                _checklists_text(e.checklists),
                e.inspected_at,
                e.issued_at,
                e.file,
                e.signer,
            )
            for e in entries
        ]
        with _sqlite_errors(self.path, self._bound), self._transaction():
            before = self._db.total_changes
            self._db.executemany(_INSERT, values)
            added = self._db.total_changes - before
            self._db.executemany(_KEEP_NEWEST, [(sku,) for sku in {e.sku for e in entries}])
            return added

    def find(self, certificate_id: str) -> list[Row]:
        """Every file (language) of a certificate, oldest first; empty when not registered."""
        wanted = certificate_id.strip().upper()
        with _sqlite_errors(self.path, self._bound):
            found = self._db.execute(_FIND, (wanted,)).fetchall()
            revoked = self._revoked(wanted)
        rows = []
        for *values, newest in found:
            revocation = revoked.get(values[0], _NOT_REVOKED)
            superseded = newest if newest != values[0] else ""
            rows.append(self._row(values, revocation, superseded, None))
        return rows

    def rows(
        self,
        *,
        sku: str | None = None,
        verdict: str | None = None,
        installed: Mapping[str, str] | None = None,
    ) -> Iterator[Row]:
        """The registered files in the order they were issued, maybe only one SKU's or verdict's.

        ``installed`` maps ``id@version`` to the content hash of the checklists installed here:
        a row judged against one of them with other content gets it in ``changed``. A checklist
        that is not installed is no reason: there is nothing to compare it with.
        """
        where, values = _where(sku, verdict)
        with _sqlite_errors(self.path, self._bound):
            revoked = self._revoked()
            newest = self._newest(sku)
            cursor = self._db.execute(_FULL.format(where=where), values)
            while batch := self._batch(cursor):
                for found in batch:
                    certificate_id = found[0]
                    latest = newest[found[2]]
                    revocation = revoked.get(certificate_id, _NOT_REVOKED)
                    superseded = latest if latest != certificate_id else ""
                    yield self._row(found, revocation, superseded, installed)

    def listing(
        self,
        *,
        sku: str | None = None,
        verdict: str | None = None,
        installed: Mapping[str, str] | None = None,
    ) -> Iterator[Listed]:
        """What ``rows`` gives, but only the columns ``register list`` shows: quicker to read.

        The columns come from an index, without reading the table, unless ``installed``
        checklists are given (their hashes are in the table).
        """
        where, values = _where(sku, verdict)
        query = _BRIEF.format(where=where, checklists=", checklists" if installed else "")
        with _sqlite_errors(self.path, self._bound):
            revoked = self._revoked()
            newest = self._newest(sku)
            cursor = self._db.execute(query, values)
            while batch := self._batch(cursor):
                for certificate_id, lang, sku_, verdict_, issued_at, *text in batch:
                    latest = newest[sku_]
                    revoked_at, why = revoked.get(certificate_id, _NOT_REVOKED)
                    yield Listed(
                        certificate_id,
                        lang,
                        sku_,
                        verdict_,
                        issued_at,
                        revoked_at,
                        why,
                        latest if latest != certificate_id else "",
                        self._changed(text[0], installed) if installed else (),
                    )

    def lines(
        self, *, sku: str | None = None, verdict: str | None = None, words: Mapping[str, str]
    ) -> Iterator[tuple[str, str]]:
        """(status, line) of each file, the line as ``register list`` prints it, not escaped.

        Laid out by SQLite, which is several times quicker than Python at it: ``words`` gives
        the ``revoked`` and ``superseded`` words of the reasons. The status is ISSUED, STALE
        (superseded; changed checklists need ``listing``) or REVOKED.
        """
        where, values = _where(sku, verdict)
        values = {**values, "revoked": words["revoked"], "superseded": words["superseded"]}
        with _sqlite_errors(self.path, self._bound):
            cursor = self._db.execute(_LINES.format(where=where), values)
            while batch := self._batch(cursor):
                yield from batch

    def revoke(self, certificate_id: str, why: str, at: datetime) -> Revocation:
        """Revoke a certificate, every language of it, for a reason; the revocation that stands.

        A certificate revoked before keeps its first revocation (``new`` is false). RegisterError
        for an id the register does not hold, or a reason that is not one line of 1 to
        ``MAX_WHY`` printable characters.
        """
        from qa_check.certificates.payload import utc_text  # noqa: PLC0415 - heavy; list needs none

        wanted = certificate_id.strip().upper()
        why = why.strip()
        bad = why_problem(why)
        if bad is not None:
            raise RegisterError([Problem(Location(str(self.path)), bad)])
        with _sqlite_errors(self.path, self._bound), self._transaction():
            (files,) = self._db.execute(
                "SELECT COUNT(*) FROM certificates WHERE certificate_id = ?", (wanted,)
            ).fetchone()
            if not files:
                unknown = msg("register_unknown_id", id=printable(wanted))
                raise RegisterError([Problem(Location(str(self.path)), unknown)])
            inserted = self._db.execute(
                "INSERT OR IGNORE INTO revocations VALUES (?, ?, ?)", (wanted, utc_text(at), why)
            ).rowcount
            revoked_at, first_why = self._db.execute(
                "SELECT revoked_at, why FROM revocations WHERE certificate_id = ?", (wanted,)
            ).fetchone()
        return Revocation(wanted, revoked_at, first_why, files, inserted == 1)

    def count(self) -> int:
        """How many files the register holds."""
        with _sqlite_errors(self.path, self._bound):
            (total,) = self._db.execute("SELECT COUNT(*) FROM certificates").fetchone()
        return int(total)

    def _batch(self, cursor: sqlite3.Cursor) -> list[Any]:
        """The next rows of a listing, the time bound started again: it bounds each batch."""
        self._bound.again()
        return cursor.fetchmany(4096)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``): all of it or nothing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _revoked(self, certificate_id: str | None = None) -> dict[str, tuple[str, str]]:
        """Revoked ids -> (when, why): a few a year, read whole instead of joined per row."""
        query = "SELECT certificate_id, revoked_at, why FROM revocations"
        found = (
            self._db.execute(query + " WHERE certificate_id = ?", (certificate_id,))
            if certificate_id is not None
            else self._db.execute(query)
        )
        return {revoked: (at, why) for revoked, at, why in found}

    def _newest(self, sku: str | None) -> dict[str, str]:
        """SKU -> the id of its newest certificate: the last one per SKU in issue order."""
        if sku is None:
            return dict(self._db.execute(_NEWEST.format(where="")))
        return dict(self._db.execute(_NEWEST.format(where="WHERE sku = ?"), (sku,)))

    def _decoded(self, text: str) -> tuple[tuple[str, str, str], ...]:
        """The checklists column decoded, once per distinct text (a batch shares one)."""
        checklists = self._checklists.get(text)
        if checklists is None:
            checklists = self._checklists[text] = _read_checklists(text)
        return checklists

    def _changed(self, text: str, installed: Mapping[str, str] | None) -> tuple[str, ...]:
        if not installed:
            return ()
        return tuple(
            f"{checklist_id}@{version}"
            for checklist_id, version, sha in self._decoded(text)
            if installed.get(f"{checklist_id}@{version}", sha) != sha
        )

    def _row(
        self,
        values: Sequence[str],
        revocation: tuple[str, str],
        superseded: str,
        installed: Mapping[str, str] | None,
    ) -> Row:
        text = values[6]
        changed = self._changed(text, installed)
        return Row._make(
            (*values[:6], self._decoded(text), *values[7:], *revocation, superseded, changed)
        )


def _where(sku: str | None, verdict: str | None) -> tuple[str, dict[str, str]]:
    """The WHERE clause and its values for the filters given."""
    values = {
        name: value for name, value in (("sku", sku), ("verdict", verdict)) if value is not None
    }
    tests = " AND ".join(f"{name} = :{name}" for name in values)
    return (f"WHERE {tests}" if tests else ""), values


def why_problem(why: str) -> Message | None:
    """What is wrong with a revocation's reason, or None: one line, printable, 1 to 500 chars."""
    if not why.strip() or len(why) > MAX_WHY or printable(why) != why:
        return msg("register_bad_why", limit=MAX_WHY)
    return None


def _checklists_text(checklists: Sequence[tuple[str, str, str]]) -> str:
    return json.dumps([list(c) for c in checklists], ensure_ascii=False, separators=(",", ":"))


def _read_checklists(text: str) -> tuple[tuple[str, str, str], ...]:
    try:
        data = json.loads(text)
        return tuple((str(i), str(v), str(s)) for i, v, s in data)
    except (ValueError, TypeError):
        return ()  # written by this module only; a damaged value shows as no checklists


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


def _same_file(path: Path, handle: int) -> None:
    """RegisterError unless ``path`` is still the file checked by ``_open_file``."""
    found, held = os.lstat(path), os.fstat(handle)
    if (found.st_dev, found.st_ino) != (held.st_dev, held.st_ino):
        replaced = msg("register_cannot_open", reason=msg("register_replaced"))
        raise RegisterError([Problem(Location(str(path)), replaced)])


def _check_or_create(db: sqlite3.Connection, path: Path, *, create: bool) -> None:
    """Make sure ``db`` is a register this qa-check reads; make one in an empty file."""
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
    if version < FORMAT_VERSION:
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
    """Bring a format 1 register (0.5.0's) to the current format, all in one transaction.

    Format 2 adds ``newest``, filled here as ``add`` keeps it. A command that migrated it
    meanwhile leaves nothing to do once the write lock is held.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _identity(db)[1]
        if version < FORMAT_VERSION:
            _check_schema(db, path, version)
            _run(db, _NEWEST_TABLE)
            skus = db.execute("SELECT DISTINCT sku FROM certificates").fetchall()
            db.executemany(_KEEP_NEWEST, skus)
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


class _Bound:
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
def _sqlite_errors(path: Path, bound: _Bound | None = None) -> Iterator[None]:
    """An SQLite error as a RegisterError naming the file, in words a QA manager can act on.

    With ``bound``, the work inside is one use of the register, bounded in time and stopped
    by a signal (see ``_Bound``).
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
