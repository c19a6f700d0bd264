"""The register: an SQLite file listing every certificate issued, so that it can be looked up.

``certify`` (the parent process, never a worker) adds what it issued in batches, each one
transaction: a killed run leaves the batches it committed and nothing of the one it was
writing. ``verify --register`` finds a certificate by its id; ``register list`` shows them all,
with the ones revoked, superseded by a newer certificate of the same SKU, or judged against a
checklist whose content has changed since (STALE, worked out when listing, never stored).

The file itself (opened safely, its format and schema checked, older formats migrated, and
SQLite's work bounded) is ``qa_check.certificates.register_file``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple

from qa_check.certificates.register_file import (
    KEEP_NEWEST,
    KEEP_NEWEST_LOT,
    Bound,
    connect,
    lot_key,
    sqlite_errors,
)
from qa_check.core.errors import Location, Problem, RegisterError
from qa_check.core.messages import Message, msg, printable

if TYPE_CHECKING:
    from datetime import datetime

MAX_WHY = 500

Seal = Callable[[str, str, str], tuple[str, str, str]]
"""Signs a revocation: (certificate id or key fingerprint, revoked_at, why) -> (signer,
signature, signer's certificate as PEM); see ``certificates.signing.revocation_seal``."""
Sealed = tuple[str, str, str, str, str, str]
"""A revocation as the register keeps it: (certificate id or key fingerprint, revoked_at, why,
signer, signature, signer's certificate); the last three empty when it was made unsigned."""

_INSERT = """
INSERT OR IGNORE INTO certificates (
    seq, certificate_id, lang, sku, product, verdict, digest, checklists,
    inspected_at, issued_at, file, signer, file_sha256, issuer, valid_until
) VALUES (
    COALESCE(
        (SELECT seq FROM certificates WHERE certificate_id = ?1 LIMIT 1),
        (SELECT IFNULL(MAX(row), 0) + 1 FROM certificates)
    ),
    ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14
)
"""

_FULL = """
SELECT certificate_id, lang, sku, product, verdict, digest, checklists,
    inspected_at, issued_at, file, signer, file_sha256, issuer, valid_until
FROM certificates {where}
ORDER BY issued_at, seq, certificate_id, lang
"""

# What ``list`` shows (with the issuer, which tells a merged register's sites apart).
_BRIEF = """
SELECT certificate_id, lang, sku, verdict, issued_at, issuer{checklists}
FROM certificates {where}
ORDER BY issued_at, seq, certificate_id, lang
"""

# The newest certificate of each SKU, and of each SKU's lot (under ``lot_key``), as kept.
_NEWEST = """
SELECT sku, certificate_id FROM newest {where}
"""

_ISSUER = " || CASE c.issuer WHEN '' THEN '' ELSE '  ' || :by || ' ' || c.issuer END"

# A lot certificate's key in ``newest``; the SKU for any other (``c`` is the certificate).
_KEY = (
    "c.sku || IFNULL((SELECT char(31) || l.lot FROM lots AS l"
    " WHERE l.certificate_id = c.certificate_id), '')"
)

# The lots of a SKU, each by its newest certificate unless that was revoked, in inspection order.
_LOT_HISTORY = """
SELECT l.lot, l.decision, l.inspected_at, l.certificate_id
FROM lots AS l JOIN newest AS n ON n.sku = l.sku || char(31) || l.lot
WHERE l.sku = ? AND n.certificate_id = l.certificate_id
    AND l.certificate_id NOT IN (SELECT certificate_id FROM revocations)
ORDER BY l.inspected_at, l.lot
"""

# One certificate's files, each with its SKU's newest certificate, through the SKU index.
_FIND = """
SELECT certificate_id, lang, sku, product, verdict, digest, checklists,
    inspected_at, issued_at, file, signer, file_sha256, issuer, valid_until,
    (SELECT n.certificate_id FROM newest AS n WHERE n.sku = {key})
FROM certificates AS c
WHERE certificate_id = ?
ORDER BY row
"""

# ``register list``'s text, a line per file, laid out by SQLite: formatting 100,000 lines in
# Python took longer than the whole command may. The status first, for counting.
# ``{issuer}`` is _ISSUER for one SKU's history, else nothing: reading each row's issuer from
# the table, not the index, took 100,000 lines from 0.79 s to 1.07 s.
_LINES = """
SELECT status, printf('%s  %-5s  %-4s  %.10s  %-7s  %s%s', certificate_id, lang, verdict,
    {day}(issued_at), status, sku, CASE status
        WHEN 'REVOKED' THEN printf('  (%s %.10s: %s)', :revoked, {day}(revoked_at), why)
        WHEN 'STALE' THEN printf('  (%s %s)', :superseded, newest)
        ELSE '' END)
FROM (
    SELECT *, CASE
        WHEN revoked_at IS NOT NULL THEN 'REVOKED'
        WHEN newest != certificate_id THEN 'STALE'
        ELSE 'ISSUED' END AS status
    FROM (
        SELECT c.certificate_id, c.lang, c.verdict, c.issued_at, c.sku || IFNULL((
                SELECT '  ' || :lot || ' ' || l.lot || ' ' || l.decision FROM lots AS l
                WHERE l.certificate_id = c.certificate_id), ''){issuer} AS sku,
            r.revoked_at, r.why,
            (SELECT n.certificate_id FROM newest AS n WHERE n.sku = {key}) AS newest
        FROM certificates AS c
        LEFT JOIN revocations AS r ON r.certificate_id = c.certificate_id
        {where}
        ORDER BY c.issued_at, c.seq, c.certificate_id, c.lang
    )
)
"""

_REVOCATION_TABLES = {
    False: ("revocations", "certificate_id"),
    True: ("key_revocations", "fingerprint"),
}
"""A certificate's revocations, or (``keys``) the signing certificates withdrawn, and their key."""
_NOT_REVOKED = ("", "")
_NO_LOT = ("", "", "")


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
    """SHA-256 of the embedded payload (its QR code's digest), 64 lower-case hex digits."""
    checklists: tuple[tuple[str, str, str], ...]
    """(id, version, content SHA-256) of each checklist the record was judged against."""
    inspected_at: str
    issued_at: str
    """``utc_text`` of the issue time: these texts sort as the times do."""
    file: str
    """The file's name inside ``--out``."""
    signer: str
    """The signing certificate's fingerprint; empty when unsigned."""
    file_sha256: str = ""
    """SHA-256 of the PDF file as written, signature and all: what a copy is compared with.
    Empty for files registered before it was kept (register format 3)."""
    lot: str = ""
    """A lot certificate's lot id; empty for a SKU's certificate."""
    decision: str = ""
    """A lot certificate's ACCEPT or REJECT."""
    lot_inspected_at: str = ""
    """``utc_text`` of when the lot was inspected: these texts sort as the times do."""
    issuer: str = ""
    """The issuer's full name as the page prints it; empty when none is configured."""
    valid_until: str = ""
    """The last valid day (``YYYY-MM-DD``) a PASS certificate prints; empty for a FAIL or a lot."""


class LotDecision(NamedTuple):
    """A lot of a SKU as its newest certificate in the register decided it."""

    lot: str
    decision: str
    """ACCEPT or REJECT."""
    inspected_at: str
    """``utc_text`` of when the lot was inspected."""
    certificate_id: str


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
    file_sha256: str
    """SHA-256 of the file as certify wrote it; empty for files registered before 0.6.0."""
    revoked_at: str
    """``utc_text`` of the revocation; empty when the certificate stands."""
    revoked_why: str
    superseded_by: str
    """The id of the SKU's newest certificate when that is another one; else empty."""
    changed: tuple[str, ...] = ()
    """``id@version`` of its checklists installed with other content (when they were given)."""
    lot: str = ""
    """A lot certificate's lot id; empty for a SKU's certificate."""
    decision: str = ""
    """A lot certificate's ACCEPT or REJECT."""
    lot_inspected_at: str = ""
    """``utc_text`` of when the lot was inspected."""
    issuer: str = ""
    """The issuer's full name as the page prints it; empty when none, or registered before
    register format 4."""
    valid_until: str = ""
    """The last valid day (``YYYY-MM-DD``); empty for a FAIL, a lot, or a row from before
    register format 4."""

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
    issuer: str = ""
    """The issuer the page names; empty for files registered before register format 4."""

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

    def __init__(self, path: Path, connection: sqlite3.Connection, bound: Bound) -> None:
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
        schema is not the one its format defines (``register_file``), or when another command
        kept it locked for ``BUSY_SECONDS``. A register of an older format is migrated.
        """
        db, bound = connect(path, create=create)
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
                e.file_sha256,
                e.issuer,
                e.valid_until,
            )
            for e in entries
        ]
        with sqlite_errors(self.path, self._bound), self._transaction():
            before = self._db.total_changes
            self._db.executemany(_INSERT, values)
            added = self._db.total_changes - before
            lots = [e for e in entries if e.lot]
            self._db.executemany(
                "INSERT OR IGNORE INTO lots VALUES (?, ?, ?, ?, ?)",
                [(e.certificate_id, e.sku, e.lot, e.decision, e.lot_inspected_at) for e in lots],
            )
            self._db.executemany(KEEP_NEWEST, [(sku,) for sku in {e.sku for e in entries}])
            self._db.executemany(KEEP_NEWEST_LOT, {(e.sku, e.lot) for e in lots})
            return added

    def lot_history(self, sku: str) -> list[LotDecision]:
        """The lots of ``sku`` in inspection order, each decided by its newest certificate.

        A lot certified again counts once, as the newer certificate decided it; a lot whose
        newest certificate was revoked decided nothing.
        """
        with sqlite_errors(self.path, self._bound):
            return [LotDecision._make(row) for row in self._db.execute(_LOT_HISTORY, (sku,))]

    def find(self, certificate_id: str) -> list[Row]:
        """Every file (language) of a certificate, oldest first; empty when not registered."""
        wanted = certificate_id.strip().upper()
        with sqlite_errors(self.path, self._bound):
            found = self._db.execute(_FIND.format(key=_KEY), (wanted,)).fetchall()
            revoked = self._revoked(wanted)
            lots = self._lots(wanted)
        rows = []
        for *values, newest in found:
            revocation = revoked.get(values[0], _NOT_REVOKED)
            superseded = newest if newest != values[0] else ""
            rows.append(self._row(values, revocation, superseded, None, lots.get(values[0])))
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
        with sqlite_errors(self.path, self._bound):
            revoked = self._revoked()
            newest = self._newest(sku)
            lots = self._lots()
            cursor = self._db.execute(_FULL.format(where=where), values)
            while batch := self._batch(cursor):
                for found in batch:
                    certificate_id = found[0]
                    lot = lots.get(certificate_id)
                    latest = newest[lot_key(found[2], lot[0] if lot else "")]
                    revocation = revoked.get(certificate_id, _NOT_REVOKED)
                    superseded = latest if latest != certificate_id else ""
                    yield self._row(found, revocation, superseded, installed, lot)

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
        with sqlite_errors(self.path, self._bound):
            revoked = self._revoked()
            newest = self._newest(sku)
            lots = self._lots()
            cursor = self._db.execute(query, values)
            while batch := self._batch(cursor):
                for certificate_id, lang, sku_, verdict_, issued_at, issuer, *text in batch:
                    lot = lots.get(certificate_id)
                    latest = newest[lot_key(sku_, lot[0] if lot else "")]
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
                        issuer,
                    )

    def lines(
        self,
        *,
        sku: str | None = None,
        verdict: str | None = None,
        words: Mapping[str, str],
        shown: Callable[[str], str] | None = None,
    ) -> Iterator[tuple[str, str]]:
        """(status, line) of each file, the line as ``register list`` prints it, not escaped.

        Laid out by SQLite, which is several times quicker than Python at it: ``words`` gives
        the ``revoked`` and ``superseded`` words of the reasons, ``lot``, naming a lot
        certificate's lot, and ``by``, before the issuer, which one SKU's lines name (the site,
        in a merged register); ``shown`` turns a stored time into the one printed (the site's
        zone), called by SQLite. The status is ISSUED, STALE
        (superseded; changed checklists need ``listing``) or REVOKED.
        """
        where, values = _where(sku, verdict)
        values = {**values, "revoked": words["revoked"], "superseded": words["superseded"]}
        values["lot"] = words["lot"]
        if sku is not None:
            values["by"] = words["by"]
        day = ""
        if shown is not None:
            self._db.create_function("qa_shown_time", 1, shown, deterministic=True)
            day = "qa_shown_time"
        with sqlite_errors(self.path, self._bound):
            issuer = _ISSUER if sku is not None else ""
            query = _LINES.format(where=where, key=_KEY, day=day, issuer=issuer)
            cursor = self._db.execute(query, values)
            while batch := self._batch(cursor):
                yield from batch

    def revoke(
        self, certificate_id: str, why: str, at: datetime, seal: Seal | None = None
    ) -> Revocation:
        """Revoke a certificate, every language of it, for a reason; the revocation that stands.

        ``seal`` signs it (revocations made before keys signed them have none). A certificate
        revoked before keeps its first revocation (``new`` is false). RegisterError for an id
        the register does not hold, or a reason that is not one line of 1 to ``MAX_WHY``
        printable characters.
        """
        from qa_check.certificates.payload import utc_text  # noqa: PLC0415 - heavy; list needs none

        wanted = certificate_id.strip().upper()
        why = why.strip()
        bad = why_problem(why)
        if bad is not None:
            raise RegisterError([Problem(Location(str(self.path)), bad)])
        with sqlite_errors(self.path, self._bound), self._transaction():
            (files,) = self._db.execute(
                "SELECT COUNT(*) FROM certificates WHERE certificate_id = ?", (wanted,)
            ).fetchone()
            if not files:
                unknown = msg("register_unknown_id", id=printable(wanted))
                raise RegisterError([Problem(Location(str(self.path)), unknown)])
            sealed = (wanted, utc_text(at), why)
            inserted = self._db.execute(
                "INSERT OR IGNORE INTO revocations (certificate_id, revoked_at, why, signer,"
                " signature, signer_certificate) VALUES (?, ?, ?, ?, ?, ?)",
                (*sealed, *(seal(*sealed) if seal is not None else ("", "", ""))),
            ).rowcount
            revoked_at, first_why = self._db.execute(
                "SELECT revoked_at, why FROM revocations WHERE certificate_id = ?", (wanted,)
            ).fetchone()
        return Revocation(wanted, revoked_at, first_why, files, inserted == 1)

    def revoke_key(self, fingerprint: str, why: str, at: datetime, seal: Seal) -> Revocation:
        """Withdraw a signing certificate (by fingerprint): the revocation that stands.

        What it signed after ``at`` is not trusted; its first revocation is kept, as a
        certificate's is. ``files`` is 0: no file of the register is named.
        """
        from qa_check.certificates.payload import utc_text  # noqa: PLC0415 - as revoke

        sealed = (fingerprint, utc_text(at), why.strip())
        with sqlite_errors(self.path, self._bound), self._transaction():
            inserted = self._db.execute(
                "INSERT OR IGNORE INTO key_revocations VALUES (?, ?, ?, ?, ?, ?)",
                (*sealed, *seal(*sealed)),
            ).rowcount
            revoked_at, first_why = self._db.execute(
                "SELECT revoked_at, why FROM key_revocations WHERE fingerprint = ?",
                (fingerprint,),
            ).fetchone()
        return Revocation(fingerprint, revoked_at, first_why, 0, inserted == 1)

    def revocations(self, *, keys: bool = False) -> list[Sealed]:
        """(id, revoked_at, why, signer, signature, certificate) of each revocation, oldest first.

        ``keys``: the signing certificates withdrawn instead, the fingerprint for the id.
        """
        table, named = _REVOCATION_TABLES[keys]
        query = f"SELECT {named}, revoked_at, why, signer, signature, signer_certificate FROM"
        query += f" {table}"
        with sqlite_errors(self.path, self._bound):
            return list(self._db.execute(query + f" ORDER BY revoked_at, {named}"))

    def add_seals(self, sealed: Sequence[tuple[str, str, str, str]], *, keys: bool = False) -> None:
        """Sign revocations made unsigned: (id, signer, signature, certificate); signed stay."""
        table, named = _REVOCATION_TABLES[keys]
        update = (
            f"UPDATE {table} SET signer = ?, signature = ?, signer_certificate = ?"
            f" WHERE {named} = ? AND signature = ''"
        )
        with sqlite_errors(self.path, self._bound), self._transaction():
            self._db.executemany(update, [(*seal, name) for name, *seal in sealed])

    def report_number(self, issuer: str, record: str, number: Callable[[int], str]) -> str:
        """The report number of ``record`` (its digest) from ``issuer``: its own, else the next.

        Each issuer numbers 1, 2, 3…; ``number`` makes the text of the n-th. One transaction
        takes the next one, so that two commands certifying into one register at once never
        share a number; a record certified again (another language, a rerun) keeps its number.
        """
        with sqlite_errors(self.path, self._bound), self._transaction():
            found = self._db.execute(
                "SELECT number FROM report_numbers WHERE issuer = ? AND record = ?",
                (issuer, record),
            ).fetchone()
            if found is not None:
                return str(found[0])
            (seq,) = self._db.execute(
                "SELECT IFNULL(MAX(seq), 0) + 1 FROM report_numbers WHERE issuer = ?", (issuer,)
            ).fetchone()
            made = number(int(seq))
            self._db.execute(
                "INSERT INTO report_numbers VALUES (?, ?, ?, ?)", (issuer, seq, record, made)
            )
            return made

    def count(self) -> int:
        """How many files the register holds."""
        with sqlite_errors(self.path, self._bound):
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
        """SKU (or ``lot_key``) -> the id of its newest certificate, the last in issue order."""
        if sku is None:
            return dict(self._db.execute(_NEWEST.format(where="")))
        where = "WHERE sku = ?1 OR substr(sku, 1, length(?1) + 1) = ?1 || char(31)"
        return dict(self._db.execute(_NEWEST.format(where=where), (sku,)))

    def _lots(self, certificate_id: str | None = None) -> dict[str, tuple[str, str, str]]:
        """Lot certificates' ids -> (lot, decision, inspected): a few per SKU, read whole."""
        query = "SELECT certificate_id, lot, decision, inspected_at FROM lots"
        found = (
            self._db.execute(query + " WHERE certificate_id = ?", (certificate_id,))
            if certificate_id is not None
            else self._db.execute(query)
        )
        return {lot_id: (lot, decision, at) for lot_id, lot, decision, at in found}

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
        lot: tuple[str, str, str] | None = None,
    ) -> Row:
        text = values[6]
        changed = self._changed(text, installed)
        return Row._make(
            (
                *values[:6],
                self._decoded(text),
                *values[7:12],
                *revocation,
                superseded,
                changed,
                *(lot or _NO_LOT),
                *values[12:14],  # issuer, valid_until: Row's last fields, added with format 4
            )
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
