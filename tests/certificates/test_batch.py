"""The certify use case below the command line: lock, register, summary, signing; no printing."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import certificates_in, held_in_another_process, with_sku, write_record
from qa_check.certificates import register_file
from qa_check.certificates.batch import BatchEnd, certify_batch, signing_for
from qa_check.certificates.payload import ATTACHMENT_NAME, read_payload
from qa_check.certificates.pipeline import Issued
from qa_check.certificates.register import Register
from qa_check.certificates.signing.keys import KeysError
from qa_check.certificates.site import NO_SITE, Issuer, Lab, Site
from qa_check.certificates.verify import embedded_record, read_certificate
from qa_check.core.errors import UsageError
from qa_check.core.languages import CertificateLang
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import Verdict
from qa_check.records.read import read_records, record_files

ISSUED_AT = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
HOLD = """
import sys
from pathlib import Path
from qa_check.files.lock import FolderLock
with FolderLock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


class Rows:
    """A summary that lists the SKUs it was given, and whether the batch was stopped."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.skus: list[str] = []

    def add(self, issued: Issued) -> None:
        self.skus.append(str(issued.result.sku))

    def files(self, *, interrupted: bool) -> Mapping[Path, bytes]:
        said = " ".join([*self.skus, "interrupted" if interrupted else "whole"])
        return {self.out / "rows.txt": said.encode("utf-8")}


def records(folder: Path, record: dict[str, Any], *skus: str) -> Path:
    folder.mkdir()
    for sku in skus:
        write_record(folder / f"{sku}.yaml", with_sku(record, sku))
    return folder


def test_a_batch_yields_each_outcome_registers_it_and_hands_over_its_end(
    tmp_path: Path, registry: Registry, record: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    found = read_records(record_files([records(tmp_path / "in", record, "A-1", "B-2")]), registry)
    out = tmp_path / "out"
    ends: list[BatchEnd] = []
    rows = Rows(out)
    batch = certify_batch(
        found, registry, out, ISSUED_AT, CertificateLang.EN, site=NO_SITE, summary=rows,
        ended=ends.append,
    )
    issued = list(batch)
    assert [(i.result.sku, i.result.verdict) for i in issued] == [
        ("A-1", Verdict.PASS),
        ("B-2", Verdict.PASS),
    ]
    assert [path.name for path in certificates_in(out)] == [
        "A-1_PASS_2026-11-20.pdf",
        "B-2_PASS_2026-11-20.pdf",
        "rows.txt",
    ]
    assert (out / "rows.txt").read_text("utf-8") == "A-1 B-2 whole"
    assert ends == [BatchEnd()]
    with Register.open(out / "register.sqlite", create=False) as register:
        assert [row.sku for row in register.rows()] == ["A-1", "B-2"]
    assert capsys.readouterr() == ("", "")  # a library: it never prints


def test_a_batch_closed_early_writes_what_it_has_marked_interrupted(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    found = read_records(record_files([records(tmp_path / "in", record, "A-1", "B-2")]), registry)
    out = tmp_path / "out"
    ends: list[BatchEnd] = []
    batch = certify_batch(
        found, registry, out, ISSUED_AT, CertificateLang.EN, site=NO_SITE, summary=Rows(out),
        ended=ends.append,
    )
    assert next(batch).result.sku == "A-1"
    batch.close()
    assert (out / "rows.txt").read_text("utf-8") == "A-1 interrupted"
    assert ends == [BatchEnd()]
    assert not (out / ".qa-check.lock").exists()  # let go


def test_a_folder_another_batch_holds_is_refused_before_anything_is_read(
    tmp_path: Path, registry: Registry
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def never() -> Any:
        raise AssertionError("read")
        yield

    with held_in_another_process(HOLD, str(out)), pytest.raises(UsageError) as refused:
        next(certify_batch(never(), registry, out, ISSUED_AT, CertificateLang.EN, site=NO_SITE))
    assert "another qa-check certify (process " in str(refused.value.problems[0])


def test_signing_follows_sign_and_whether_the_folder_was_named(tmp_path: Path) -> None:
    def asked(folder: Path) -> bytes | None:
        raise AssertionError("no passphrase is needed")

    empty = tmp_path / "keys"
    assert signing_for(empty, asked, sign=False, named=True) is None
    assert signing_for(empty, asked, sign=None, named=False) is None  # unsigned, as before keys
    with pytest.raises(KeysError):
        signing_for(empty, lambda folder: None, sign=None, named=True)


# --- a lab's test reports: numbers from the register, each file's SHA-256 ---------------------


def test_a_lab_numbers_its_reports_and_the_register_keeps_each_files_sha256(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    """Each record its issuer's next number, the same in every language and on a rerun."""
    folder = records(tmp_path / "in", record, "A-1", "B-2")
    out = tmp_path / "out"
    site = Site(Issuer("Lab 1"), timezone="Asia/Shanghai", lab=Lab("L-{year}-{seq:03d}"))

    def certify(lang: CertificateLang) -> list[Issued]:
        found = read_records(record_files([folder]), registry)
        return list(certify_batch(found, registry, out, ISSUED_AT, lang, site=site))

    english = certify(CertificateLang.EN)
    chinese = certify(CertificateLang.ZH)
    again = certify(CertificateLang.EN)
    numbers: dict[str, set[str | None]] = {}
    for issued in (*english, *chinese, *again):
        assert issued.path is not None and issued.entry is not None
        data = read_certificate(issued.path)
        payload = read_payload(embedded_record(data, ATTACHMENT_NAME), "x")[0]
        numbers.setdefault(str(issued.result.sku), set()).add(payload.report.number)
        assert issued.entry.file_sha256 == hashlib.sha256(data).hexdigest()
    assert numbers == {"A-1": {"L-2026-001"}, "B-2": {"L-2026-002"}}
    assert [issued.kept for issued in again] == [True, True]
    with Register.open(out / "register.sqlite", create=False) as register:
        rows = list(register.rows())
    assert len(rows) == 4  # two records, two languages; the rerun added nothing
    for row in rows:
        assert row.file_sha256 == hashlib.sha256((out / row.file).read_bytes()).hexdigest()


def test_a_register_kept_busy_leaves_numbered_records_invalid_after_one_wait(
    tmp_path: Path, registry: Registry, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No number, no certificate: each record says why, and the batch waits once, not per record."""
    monkeypatch.setattr(register_file, "BUSY_SECONDS", 0.5)
    folder = records(tmp_path / "in", record, "A-1", "B-2", "C-3")
    out = tmp_path / "out"
    out.mkdir()
    Register.open(out / "register.sqlite", create=True).close()
    holder = sqlite3.connect(out / "register.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another command writing, for longer than one waits
    try:
        site = Site(Issuer("Lab 1"), lab=Lab("L-{seq}"))
        found = read_records(record_files([folder]), registry)
        started = time.monotonic()
        issued = list(certify_batch(found, registry, out, ISSUED_AT, CertificateLang.EN, site=site))
        took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [i.result.verdict for i in issued] == [Verdict.INVALID] * 3
    for outcome in issued:
        [problem] = outcome.result.problems
        assert problem.show().startswith(f"{out / 'register.sqlite'}: another qa-check kept")
    assert certificates_in(out) == []
    assert took < 2.5  # one wait of 0.5 s, not three
