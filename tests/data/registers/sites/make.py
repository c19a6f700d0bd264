"""Make the registers of two sites, and a stale copy of one, that the managers' page merges.

    python tests/data/registers/sites/make.py

From the repository root, with qa-check importable. Each register is written as certify
writes one (``Register.add``, ``revoke``), its format 4 columns filled as a certify that names
its issuer fills them, and is left in SQLite's rollback journal mode, so that reading it (the
docs' transcript does) leaves no file beside it. Run it after a change of the register's
format, and commit the files.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from qa_check.certificates.register import Entry, Register

HERE = Path(__file__).resolve().parent
CHECKLISTS = (
    ("packaging-stack", "2", hashlib.sha256(b"packaging-stack@2").hexdigest()),
    ("drop-test", "3", hashlib.sha256(b"drop-test@3").hexdigest()),
)
SHENZHEN, DONGGUAN = "Shenzhen QA Lab", "Dongguan QA Lab"


def certificate(number: int, sku: str, verdict: str, issued: str, **changes: str) -> Entry:
    """A certificate file as certify registers it; ``number`` makes its id and hashes."""
    made = Entry(
        certificate_id=f"QC-{number:04X}-5A1E-{number * 7919 % 65536:04X}",
        lang="en",
        sku=sku,
        product={"TWS-EB-001": "Wireless Earbuds", "LAMP-220": "Desk lamp 220 V"}.get(sku, sku),
        verdict=verdict,
        digest=hashlib.sha256(f"payload {number}".encode()).hexdigest(),
        checklists=CHECKLISTS,
        inspected_at=f"{issued[:10]}T10:00:00+08:00",
        issued_at=issued,
        file=f"{sku}_{verdict}_{issued[:10]}.pdf",
        signer="9F3A" * 16,
        file_sha256=hashlib.sha256(f"file {number}".encode()).hexdigest(),
    )
    return replace(made, **changes)  # type: ignore[arg-type]


EARBUDS_SZ = certificate(0x1A2B, "TWS-EB-001", "PASS", "2026-11-03T02:00:00Z")
LAMP = certificate(0x2B3C, "LAMP-220", "PASS", "2026-11-10T03:00:00Z")
EARBUDS_DG_FAIL = certificate(0x3C4D, "TWS-EB-001", "FAIL", "2026-11-12T06:00:00Z")
EARBUDS_DG = certificate(0x4D5E, "TWS-EB-001", "PASS", "2026-11-19T07:00:00Z")
SITES = {
    "shenzhen.sqlite": (SHENZHEN, [EARBUDS_SZ, replace(EARBUDS_SZ, lang="zh"), LAMP], []),
    "dongguan.sqlite": (
        DONGGUAN,
        [EARBUDS_DG_FAIL, EARBUDS_DG],
        [(EARBUDS_DG_FAIL.certificate_id, "re-tested after the carton was changed")],
    ),
    # Shenzhen's register as a backup kept it before the earbuds' file was signed again.
    "shenzhen-backup.sqlite": (
        SHENZHEN,
        [replace(EARBUDS_SZ, file_sha256=hashlib.sha256(b"file first signed").hexdigest())],
        [],
    ),
}
REVOKED_AT = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)


def make(name: str) -> None:
    issuer, files, revocations = SITES[name]
    path = HERE / name
    path.unlink(missing_ok=True)
    with Register.open(path, create=True) as register:
        register.add(files)
        for certificate_id, why in revocations:
            register.revoke(certificate_id, why, REVOKED_AT)
    with sqlite3.connect(path, isolation_level=None) as db:
        db.execute("UPDATE certificates SET issuer = ?, valid_until = '2027-11-18'", (issuer,))
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    for site in SITES:
        make(site)
