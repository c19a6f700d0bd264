"""Lot certificates in the register: kept with their lot, superseded per SKU and lot, as history."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from qa_check.certificates import register_file
from qa_check.certificates.register import Entry, LotDecision, Register
from qa_check.certificates.register_file import FORMAT_VERSION

WORDS = {"revoked": "revoked", "superseded": "superseded by", "lot": "lot"}


def certificate(number: int, *, sku: str = "EB-1", lot: str = "", decision: str = "") -> Entry:
    """A registered file; ``lot``: a lot certificate inspected on day ``number`` of November."""
    return Entry(
        certificate_id=f"QC-0000-0000-{number:04X}",
        lang="en",
        sku=sku,
        product="Earbuds",
        verdict="FAIL" if decision == "REJECT" else "PASS",
        digest=f"{number:064x}",
        checklists=(),
        inspected_at=f"2026-11-{number:02d}T10:00:00+08:00",
        issued_at=f"2026-11-{number:02d}T09:00:00Z",
        file=f"{sku}_{lot or 'sku'}_{number}.pdf",
        signer="",
        lot=lot,
        decision=decision,
        lot_inspected_at=f"2026-11-{number:02d}T02:00:00Z" if lot else "",
    )


def test_a_newer_lot_certificate_supersedes_the_same_lot_only(tmp_path: Path) -> None:
    first_a = certificate(1, lot="A", decision="REJECT")
    lot_b = certificate(2, lot="B", decision="ACCEPT")
    sku_own = certificate(3)
    again_a = replace(certificate(4, lot="A", decision="ACCEPT"), inspected_at="x")
    with Register.open(tmp_path / "register.sqlite", create=True) as register:
        register.add([first_a, lot_b, sku_own])
        register.add([again_a])
        superseded = {row.certificate_id: row.superseded_by for row in register.rows()}
        listed = {row.certificate_id: row.superseded_by for row in register.listing()}
        [found] = register.find(first_a.certificate_id)
        lines = [line for _, line in register.lines(words=WORDS)]
    assert superseded == {
        first_a.certificate_id: again_a.certificate_id,
        lot_b.certificate_id: "",
        sku_own.certificate_id: "",
        again_a.certificate_id: "",
    }
    assert listed == superseded
    assert (found.lot, found.decision, found.superseded_by) == (
        "A",
        "REJECT",
        again_a.certificate_id,
    )
    assert lines[0].endswith(
        f"STALE    EB-1  lot A REJECT  (superseded by {again_a.certificate_id})"
    )
    assert lines[1].endswith("ISSUED   EB-1  lot B ACCEPT")
    assert lines[2].endswith("ISSUED   EB-1")


def test_a_skus_certificate_is_superseded_by_its_own_kind_only(tmp_path: Path) -> None:
    older, newer = certificate(1), certificate(3)
    with Register.open(tmp_path / "register.sqlite", create=True) as register:
        register.add([older, certificate(2, lot="A", decision="ACCEPT"), newer])
        register.add([certificate(5, lot="B", decision="ACCEPT")])
        [found] = register.find(older.certificate_id)
        [latest] = register.find(newer.certificate_id)
    assert (found.superseded_by, latest.superseded_by) == (newer.certificate_id, "")


def test_the_lot_history_takes_each_lot_once_as_its_newest_certificate_decided_it(
    tmp_path: Path,
) -> None:
    with Register.open(tmp_path / "register.sqlite", create=True) as register:
        register.add(
            [
                certificate(3, lot="C", decision="REJECT"),
                certificate(1, lot="A", decision="REJECT"),
                certificate(2, lot="B", decision="ACCEPT"),
                certificate(4, lot="D", decision="REJECT"),
                certificate(9, sku="OTHER", lot="A", decision="REJECT"),
            ]
        )
        reissued = replace(
            certificate(8, lot="A", decision="ACCEPT"), lot_inspected_at="2026-11-01T02:00:00Z"
        )
        register.add([reissued])
        register.revoke(
            certificate(4).certificate_id, "wrong lot", datetime(2026, 12, 1, tzinfo=UTC)
        )
        history = register.lot_history("EB-1")
    assert history == [
        LotDecision("A", "ACCEPT", "2026-11-01T02:00:00Z", reissued.certificate_id),
        LotDecision("B", "ACCEPT", "2026-11-02T02:00:00Z", certificate(2).certificate_id),
        LotDecision("C", "REJECT", "2026-11-03T02:00:00Z", certificate(3).certificate_id),
    ]


def test_a_format_2_register_gains_the_lots_table_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(register_file._SCHEMAS[2])
        db.execute(f"PRAGMA application_id = {register_file.APPLICATION_ID}")
        db.execute("PRAGMA user_version = 2")
        db.execute(
            "INSERT INTO certificates VALUES (1, 1, 'QC-0000-0000-0001', 'en', 'EB-1', 'Earbuds',"
            " 'PASS', 'ab', '[]', 'x', '2026-11-01T00:00:00Z', 'a.pdf', '')"
        )
        db.execute("INSERT INTO newest VALUES ('EB-1', 'QC-0000-0000-0001')")
    db.close()
    with Register.open(path, create=False) as register:
        [row] = register.rows()
        register.add([certificate(2, lot="A", decision="ACCEPT")])
        assert register.lot_history("EB-1")[0].lot == "A"
    assert (row.certificate_id, row.lot, row.superseded_by) == ("QC-0000-0000-0001", "", "")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (FORMAT_VERSION,)
    db.close()
