"""The register: what certify records, what list and verify read back, and a file gone wrong."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import ROOT
from qa_check.certificates import register as register_module
from qa_check.certificates import register_file
from qa_check.certificates.register import Entry, Listed, Register, Row, why_problem
from qa_check.certificates.register_file import FORMAT_VERSION
from qa_check.core.errors import RegisterError

DROP = ("drop-test", "1", "a" * 64)
LABEL = ("labelling", "2", "b" * 64)


def entry(number: int = 1, **changes: object) -> Entry:
    """A registered certificate file; ``number`` makes its id, SKU and time."""
    made = Entry(
        certificate_id=f"QC-0000-0000-{number:04X}",
        lang="en",
        sku=f"SKU-{number}",
        product=f"Product {number}",
        verdict="PASS",
        digest=f"{number:064x}",
        checklists=(DROP, LABEL),
        inspected_at="2026-11-20T10:15:00+08:00",
        issued_at=f"2026-11-23T01:{number % 60:02d}:00Z",
        file=f"SKU-{number}_PASS_2026-11-20.pdf",
        signer="",
    )
    return replace(made, **changes)  # type: ignore[arg-type]


def opened(tmp_path: Path, *entries: Entry) -> Register:
    register = Register.open(tmp_path / "register.sqlite", create=True)
    register.add(entries)
    return register


def problem_text(error: pytest.ExceptionInfo[RegisterError]) -> str:
    [problem] = error.value.problems
    return problem.show()


# --- adding and reading back ------------------------------------------------------------


def test_an_entry_comes_back_whole_from_find_and_rows(tmp_path: Path) -> None:
    first = entry(
        1, signer="AB" * 32, checklists=(("drop-test", "1.2", "c" * 64),), file_sha256="d" * 64
    )
    first = replace(first, issuer="东莞实验室 Lab", valid_until="2027-11-20")
    with opened(tmp_path, first) as register:
        [found] = register.find(first.certificate_id)
        assert list(register.rows()) == [found]
    assert isinstance(found, Row)
    for name in Entry.__dataclass_fields__:
        assert getattr(found, name) == getattr(first, name), name
    assert (found.status, found.revoked_at, found.revoked_why) == ("issued", "", "")
    assert (found.superseded_by, found.changed, found.stale) == ("", (), False)


def test_add_counts_new_files_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    entries = [entry(n) for n in range(1, 4)]
    with opened(tmp_path) as register:
        assert register.add(entries) == 3
        assert register.add(entries) == 0
        assert register.add([*entries, entry(4)]) == 1
        assert register.add([]) == 0
        assert register.count() == 4


def test_another_language_of_a_certificate_is_another_file(tmp_path: Path) -> None:
    english = entry(1)
    chinese = replace(english, lang="zh", file="SKU-1_PASS_2026-11-20_zh.pdf", digest="f" * 64)
    with opened(tmp_path, english, chinese) as register:
        assert [row.lang for row in register.find("qc-0000-0000-0001 ")] == ["en", "zh"]
        assert register.find("QC-0000-0000-FFFF") == []


def test_rows_are_in_issue_order_and_filter_by_sku_and_verdict(tmp_path: Path) -> None:
    late, early = entry(2), entry(1, verdict="FAIL")
    with opened(tmp_path, late, early) as register:
        assert [row.sku for row in register.rows()] == ["SKU-1", "SKU-2"]
        assert [row.sku for row in register.rows(sku="SKU-2")] == ["SKU-2"]
        assert [row.sku for row in register.rows(verdict="FAIL")] == ["SKU-1"]
        assert list(register.rows(sku="SKU-2", verdict="FAIL")) == []
        assert list(register.rows(sku="nobody")) == []


def test_two_batches_one_after_the_other(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    for batch in ([entry(1), entry(2)], [entry(2), entry(3)]):
        with Register.open(path, create=True) as register:
            register.add(batch)
    with Register.open(path, create=False) as register:
        assert [row.sku for row in register.rows()] == ["SKU-1", "SKU-2", "SKU-3"]


def test_values_with_quotes_and_any_text_are_kept_as_given(tmp_path: Path) -> None:
    odd = entry(1, sku="a'; DROP TABLE certificates; --", product="产品\n名", checklists=())
    with opened(tmp_path, odd) as register:
        [found] = register.rows()
    assert (found.sku, found.product, found.checklists) == (odd.sku, odd.product, ())


# --- superseded and stale ------------------------------------------------------------------


def test_a_newer_certificate_of_the_sku_supersedes_every_older_one(tmp_path: Path) -> None:
    old = entry(1, sku="EB-1")
    older_zh = replace(old, lang="zh")
    new = entry(2, sku="EB-1", verdict="FAIL")
    other = entry(3)
    with opened(tmp_path, old, new, older_zh, other) as register:
        by_file = {(row.certificate_id, row.lang): row for row in register.rows()}
        assert by_file[old.certificate_id, "en"].superseded_by == new.certificate_id
        assert by_file[old.certificate_id, "zh"].superseded_by == new.certificate_id
        assert by_file[new.certificate_id, "en"].superseded_by == ""
        assert by_file[other.certificate_id, "en"].superseded_by == ""
        found = register.find(old.certificate_id)
        assert [row.superseded_by for row in found] == [new.certificate_id] * 2
        assert register.find(new.certificate_id)[0].superseded_by == ""
        # A filter on the verdict does not hide the newer certificate from the older one.
        passed = list(register.rows(verdict="PASS", sku="EB-1"))
        assert [(row.lang, row.superseded_by) for row in passed] == [
            ("en", new.certificate_id),
            ("zh", new.certificate_id),
        ]
        assert all(row.stale for row in passed)


def test_at_the_same_issue_time_the_later_certificate_supersedes(tmp_path: Path) -> None:
    first = entry(1, sku="EB-1")
    second = entry(2, sku="EB-1", issued_at=first.issued_at)
    first_again = replace(first, lang="zh")  # the first one in Chinese, added last
    with opened(tmp_path, first, second, first_again) as register:
        found = {(row.certificate_id, row.lang): row.superseded_by for row in register.rows()}
        finds = [row.superseded_by for row in register.find(first.certificate_id)]
    assert found == {
        (first.certificate_id, "en"): second.certificate_id,
        (second.certificate_id, "en"): "",
        (first.certificate_id, "zh"): second.certificate_id,
    }
    assert finds == [second.certificate_id] * 2


def test_a_checklist_installed_with_other_content_makes_a_row_stale(tmp_path: Path) -> None:
    with opened(tmp_path, entry(1), entry(2, checklists=(LABEL,))) as register:
        same = {"drop-test@1": DROP[2], "labelling@2": LABEL[2]}
        assert [row.changed for row in register.rows(installed=same)] == [(), ()]
        edited = {"drop-test@1": "d" * 64}
        assert [row.changed for row in register.rows(installed=edited)] == [("drop-test@1",), ()]
        assert [row.stale for row in register.rows(installed=edited)] == [True, False]
        # another version, or a checklist not installed here: nothing to compare with
        elsewhere = {"drop-test@2": "d" * 64}
        assert [row.changed for row in register.rows(installed=elsewhere)] == [(), ()]
        assert [row.changed for row in register.rows(installed={})] == [(), ()]


# --- revoking ----------------------------------------------------------------------------


AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_revoke_covers_every_language_and_the_first_revocation_stays(tmp_path: Path) -> None:
    english = entry(1)
    with opened(tmp_path, english, replace(english, lang="zh"), entry(2)) as register:
        done = register.revoke("qc-0000-0000-0001", "  issued from the wrong batch  ", AT)
        assert (done.certificate_id, done.revoked_at, done.why) == (
            english.certificate_id,
            "2026-12-01T09:30:00Z",
            "issued from the wrong batch",
        )
        assert (done.files, done.new) == (2, True)
        again = register.revoke(english.certificate_id, "another reason", datetime.now(UTC))
        assert (again.revoked_at, again.why, again.files, again.new) == (
            done.revoked_at,
            done.why,
            2,
            False,
        )
        statuses = [(row.lang, row.status, row.revoked_why) for row in register.rows()]
    assert statuses == [
        ("en", "revoked", "issued from the wrong batch"),
        ("zh", "revoked", "issued from the wrong batch"),
        ("en", "issued", ""),
    ]


def test_a_revocation_keeps_what_seals_it_and_an_unsigned_one_is_sealed_once(
    tmp_path: Path,
) -> None:
    sealed: list[tuple[str, str, str]] = []

    def seal(named: str, revoked_at: str, why: str) -> tuple[str, str, str]:
        sealed.append((named, revoked_at, why))
        return "F" * 64, f"sig:{named}", "PEM F"

    with opened(tmp_path, entry(1), entry(2)) as register:
        register.revoke(entry(1).certificate_id, "wrong batch", AT, seal)
        register.revoke(entry(2).certificate_id, "made before keys", AT)  # unsigned, as 0.6.0
        assert sealed == [(entry(1).certificate_id, "2026-12-01T09:30:00Z", "wrong batch")]
        assert [row[3:] for row in register.revocations()] == [
            ("F" * 64, f"sig:{entry(1).certificate_id}", "PEM F"),
            ("", "", ""),
        ]
        register.add_seals(
            [
                (entry(1).certificate_id, "A" * 64, "other", "PEM A"),
                (entry(2).certificate_id, "B" * 64, "late", "PEM B"),
            ]
        )
        assert [row[3:] for row in register.revocations()] == [
            ("F" * 64, f"sig:{entry(1).certificate_id}", "PEM F"),  # never re-signed
            ("B" * 64, "late", "PEM B"),
        ]
        first = register.revoke_key("C" * 64, "laptop lost", AT, seal)
        again = register.revoke_key("C" * 64, "again", datetime.now(UTC), seal)
        assert (first.new, again.new, again.revoked_at, again.why) == (
            True,
            False,
            "2026-12-01T09:30:00Z",
            "laptop lost",
        )
        assert register.revocations(keys=True) == [
            ("C" * 64, "2026-12-01T09:30:00Z", "laptop lost", "F" * 64, f"sig:{'C' * 64}", "PEM F")
        ]


def test_revoking_an_unknown_id_or_with_a_bad_reason_is_an_error(tmp_path: Path) -> None:
    with opened(tmp_path, entry(1)) as register:
        with pytest.raises(RegisterError) as unknown:
            register.revoke("QC-FFFF-FFFF-FFFF", "typo", AT)
        assert problem_text(unknown) == (
            f"{register.path}: no certificate QC-FFFF-FFFF-FFFF in this register"
        )
        for why in ("", "   ", "two\nlines", "x" * 501, "bell\x07"):
            with pytest.raises(RegisterError, match="one line of 1 to 500 printable"):
                register.revoke(entry(1).certificate_id, why, AT)
        assert register.rows().__next__().status == "issued"


def test_why_problem_takes_one_printable_line_up_to_500_characters() -> None:
    assert why_problem("批次错误 wrong batch") is None
    assert why_problem("x" * 500) is None
    assert why_problem("x" * 501) is not None
    assert why_problem("a\u202eb") is not None


# --- files gone wrong ------------------------------------------------------------------------


def test_no_register_without_create_says_certify_writes_one(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "register.sqlite"
    with pytest.raises(RegisterError) as missing:
        Register.open(path, create=False)
    assert problem_text(missing) == (
        f"{path}: no register here; certify writes one (register.sqlite) into --out"
    )
    assert not path.exists()
    path.parent.mkdir()
    path.touch()  # an empty file is no register either
    with pytest.raises(RegisterError, match="no register here"):
        Register.open(path, create=False)
    with pytest.raises(RegisterError, match="not a register file"):
        Register.open(tmp_path, create=False)


@pytest.mark.parametrize("create", [True, False])
def test_a_register_that_is_a_link_is_refused_and_its_target_untouched(
    tmp_path: Path, create: bool
) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite"
    path = tmp_path / "register.sqlite"
    path.symlink_to(elsewhere)
    with pytest.raises(RegisterError) as refused:
        Register.open(path, create=create)
    assert problem_text(refused) == (
        f"{path}: cannot open the register (a symbolic link: qa-check does not follow links here)"
    )
    assert not elsewhere.exists()  # not made, let alone filled


@pytest.mark.parametrize("suffix", ["-journal", "-wal", "-shm"])
def test_a_link_or_fifo_beside_the_register_is_refused(tmp_path: Path, suffix: str) -> None:
    opened(tmp_path).close()
    path = tmp_path / "register.sqlite"
    beside = tmp_path / f"register.sqlite{suffix}"
    beside.unlink(missing_ok=True)
    beside.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(RegisterError) as link:
        Register.open(path, create=False)
    assert problem_text(link) == (
        f"{beside}: cannot open the register (a symbolic link: qa-check does not follow links here)"
    )
    beside.unlink()
    os.mkfifo(beside)
    with pytest.raises(RegisterError, match="not a regular file"):
        Register.open(path, create=True)
    assert not (tmp_path / "elsewhere").exists()


def test_a_fifo_as_the_register_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    os.mkfifo(path)
    with pytest.raises(RegisterError) as refused:
        Register.open(path, create=True)
    assert problem_text(refused) == (
        f"{path}: cannot open the register (not a regular file (a pipe, a device or a socket))"
    )


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    path.write_text("sku,verdict\nEB-1,PASS\n" * 50)
    for create in (True, False):
        with pytest.raises(RegisterError) as refused:
            Register.open(path, create=create)
        assert problem_text(refused) == (
            f"{path}: not a register: the file is no SQLite database (or is encrypted or damaged)"
        )
    assert path.read_text().startswith("sku,verdict")


def test_another_programs_sqlite_file_is_not_a_register(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE things (name TEXT)")
    db.close()
    with pytest.raises(RegisterError) as refused:
        Register.open(path, create=True)
    assert problem_text(refused) == f"{path}: an SQLite file, but not a qa-check register"


def test_a_register_of_a_newer_format_is_refused(tmp_path: Path) -> None:
    opened(tmp_path, entry(1)).close()
    path = tmp_path / "register.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {FORMAT_VERSION + 1}")
    db.close()
    with pytest.raises(RegisterError) as refused:
        Register.open(path, create=False)
    assert problem_text(refused) == (
        f"{path}: written by a newer qa-check (register format {FORMAT_VERSION + 1};"
        f" this one reads {FORMAT_VERSION}): upgrade qa-check"
    )


# --- a register is data, never code ---------------------------------------------------------

RELEASED = ROOT / "tests" / "data" / "registers"


def schema_of(path: Path) -> set[tuple[str, str, str, str | None]]:
    with sqlite3.connect(path) as db:
        found = set(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    db.close()
    return found


def test_a_register_written_by_0_5_0_opens_and_is_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    path.write_bytes((RELEASED / "0.5.0.sqlite").read_bytes())
    with Register.open(path, create=False) as register:
        [row] = register.rows()
        words = {"revoked": "revoked", "superseded": "superseded", "lot": "lot"}
        lines = list(register.lines(words=words))
    assert (row.certificate_id, row.lang, row.sku, row.verdict) == (
        "QC-429A-CA41-80BC",
        "en",
        "LAMP-220",
        "PASS",
    )
    assert [status for status, _ in lines] == ["ISSUED"]  # was "no such table: newest"
    (tmp_path / "new").mkdir()
    opened(tmp_path / "new").close()
    assert schema_of(path) == schema_of(tmp_path / "new" / "register.sqlite")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (FORMAT_VERSION,)
        assert db.execute("SELECT * FROM newest").fetchall() == [("LAMP-220", row.certificate_id)]
    db.close()
    assert row.file_sha256 == ""  # nobody hashed the file when 0.5.0 registered it


def test_a_register_of_format_2_gains_file_hashes_and_report_numbers(tmp_path: Path) -> None:
    """Format 2 (the register before file hashes) migrates to a schema a new register has."""
    path = tmp_path / "register.sqlite"
    with sqlite3.connect(path) as db:
        for statement in register_file._SCHEMAS[2].split(";"):
            db.execute(statement)
        db.execute(f"PRAGMA application_id = {register_file.APPLICATION_ID}")
        db.execute("PRAGMA user_version = 2")
        db.execute(
            "INSERT INTO certificates VALUES (1, 1, 'QC-1', 'en', 'S', 'p', 'PASS', 'd', '[]',"
            " '2026-11-20T10:15:00+08:00', '2026-11-23T01:00:00Z', 'S.pdf', '')"
        )
        db.execute("INSERT INTO newest VALUES ('S', 'QC-1')")  # format 2 keeps it on every add
    db.close()
    with Register.open(path, create=False) as register:
        [row] = register.rows()
        assert register.report_number("Lab", "r" * 64, str) == "1"
    assert (row.certificate_id, row.file_sha256) == ("QC-1", "")
    (tmp_path / "new").mkdir()
    opened(tmp_path / "new").close()
    assert schema_of(path) == schema_of(tmp_path / "new" / "register.sqlite")


# --- report numbers: a sequence per issuer ----------------------------------------------------


def test_report_numbers_count_per_issuer_and_a_record_keeps_its_number(tmp_path: Path) -> None:
    def number(seq: int) -> str:
        return f"N-{seq:03d}"

    with opened(tmp_path) as register:
        taken = [
            (issuer, record, register.report_number(issuer, record, number))
            for issuer, record in [("A", "r1"), ("A", "r2"), ("B", "r1"), ("A", "r1"), ("B", "r3")]
        ]
    assert taken == [
        ("A", "r1", "N-001"),
        ("A", "r2", "N-002"),
        ("B", "r1", "N-001"),  # another issuer's sequence starts at 1
        ("A", "r1", "N-001"),  # the same record (another language, a rerun): the same number
        ("B", "r3", "N-002"),
    ]


NUMBERING_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from qa_check.certificates.register import Register

    issuer, first = sys.argv[2], int(sys.argv[3])
    with Register.open(Path(sys.argv[1]), create=True) as register:
        for n in range(first, first + 40):
            print(register.report_number(issuer, f"record-{n}", lambda seq: f"{issuer}-{seq}"))
    """
)


def test_processes_numbering_at_once_never_share_a_number(tmp_path: Path) -> None:
    """Four certify runs into one register at once, two issuers: each number once per issuer."""
    path = tmp_path / "register.sqlite"
    opened(tmp_path).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", NUMBERING_WRITER, str(path), issuer, str(first)],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        for issuer, first in [("A", 0), ("A", 1000), ("B", 0), ("B", 1000)]
    ]
    said = [child.communicate(timeout=120)[0].split() for child in children]
    assert [child.returncode for child in children] == [0, 0, 0, 0]
    for issuer, numbers in (("A", said[0] + said[1]), ("B", said[2] + said[3])):
        assert sorted(numbers) == sorted(f"{issuer}-{seq}" for seq in range(1, 81))


def test_a_migration_that_fails_leaves_the_0_5_0_register_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "register.sqlite"
    path.write_bytes((RELEASED / "0.5.0.sqlite").read_bytes())
    monkeypatch.setattr(register_file, "KEEP_NEWEST", "INSERT INTO nowhere VALUES (?)")
    with pytest.raises(RegisterError, match="no such table: nowhere"):
        Register.open(path, create=False)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (1,)
    db.close()
    assert "newest" not in {name for _, name, _, _ in schema_of(path)}


HOSTILE_SQL = {
    "a trigger": (
        "CREATE TRIGGER forget AFTER INSERT ON certificates BEGIN DELETE FROM revocations; END",
        "it holds trigger forget, which qa-check never defines",
    ),
    "an endless view": (
        "CREATE VIEW endless AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)"
        " SELECT i FROM r",
        "it holds view endless, which qa-check never defines",
    ),
    "a table of its own": (
        "CREATE TABLE notes (text TEXT)",
        "it holds table notes, which qa-check never defines",
    ),
    "an index of its own": (
        "CREATE INDEX by_product ON certificates (product)",
        "it holds index by_product, which qa-check never defines",
    ),
    "a table changed": (
        "DROP TABLE revocations; CREATE TABLE revocations (certificate_id TEXT, revoked_at TEXT,"
        " why TEXT, CHECK (why != ''))",
        "table revocations differs from qa-check's or is missing",
    ),
    "a table missing": (
        "DROP TABLE newest",
        "table newest differs from qa-check's or is missing",
    ),
}


@pytest.mark.parametrize("create", [True, False])
@pytest.mark.parametrize("name", list(HOSTILE_SQL))
def test_sql_in_a_register_is_refused_before_anything_is_read_or_written(
    tmp_path: Path, name: str, create: bool
) -> None:
    register = opened(tmp_path, entry(1))
    register.revoke(entry(1).certificate_id, "wrong batch", datetime(2026, 11, 24, tzinfo=UTC))
    register.close()
    path = tmp_path / "register.sqlite"
    sql, said = HOSTILE_SQL[name]
    with sqlite3.connect(path) as db:
        db.executescript(sql)
    db.close()
    before = path.read_bytes()
    with pytest.raises(RegisterError) as refused:
        Register.open(path, create=create)
    assert problem_text(refused) == (
        f"{path}: not a register as qa-check writes it (format {FORMAT_VERSION}): {said};"
        " refused before anything in it was read or run"
    )
    assert path.read_bytes() == before


def test_a_0_5_0_register_with_a_trigger_is_refused_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    path.write_bytes((RELEASED / "0.5.0.sqlite").read_bytes())
    with sqlite3.connect(path) as db:
        db.execute("CREATE TRIGGER t AFTER INSERT ON certificates BEGIN SELECT 1; END")
    db.close()
    before = path.read_bytes()
    with pytest.raises(RegisterError, match=r"format 1\): it holds trigger t"):
        Register.open(path, create=True)
    assert path.read_bytes() == before


# --- queries bounded in time, stopped by a signal -------------------------------------------

SLOW = (
    "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < {count})"
    " SELECT 'ISSUED', i FROM r WHERE i < 0 AND :revoked != :superseded {{where}}"
)
LONG = SLOW.format(count=30_000_000)
"""Several seconds of work for ``register list``: in-process, a missing bound fails, not hangs."""
ENDLESS = SLOW.format(count="i + 1")
"""What a hostile view once made ``register list`` run (a view is refused now): it never ends."""
WORDS = {"revoked": "revoked", "superseded": "superseded by", "lot": "lot"}


def test_a_query_longer_than_its_bound_is_stopped_with_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register_file, "QUERY_SECONDS", 0.5)
    monkeypatch.setattr(register_module, "_LINES", LONG)
    with opened(tmp_path, entry(1)) as register, pytest.raises(RegisterError) as stopped:
        list(register.lines(words=WORDS))
    assert problem_text(stopped) == (
        f"{tmp_path / 'register.sqlite'}: the register took longer than 0.5 s to answer and was"
        " stopped: keep a copy and restore it from a backup"
    )


def test_a_signal_during_a_query_stops_it_and_its_exception_is_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stopped(KeyboardInterrupt):
        pass

    def stop(signum: int, frame: object) -> None:
        raise Stopped

    monkeypatch.setattr(register_module, "_LINES", LONG)
    previous = signal.signal(signal.SIGUSR1, stop)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGUSR1))
    started = time.monotonic()
    try:
        with opened(tmp_path, entry(1)) as register, pytest.raises(Stopped):
            timer.start()
            list(register.lines(words=WORDS))
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    assert time.monotonic() - started < 2  # not when the query ends by itself
    with Register.open(tmp_path / "register.sqlite", create=False) as register:
        assert register.count() == 1  # usable again at once


LISTS_FOR_EVER = f"""
import sys
from qa_check.certificates import register
register._LINES = {ENDLESS!r}
sys.argv = ["qa-check", "register", "list", "--register", sys.argv[1]]
print("listing", flush=True)
from qa_check.cli.app import main
main()
"""


def test_sigterm_ends_register_list_in_a_query_that_never_ends(tmp_path: Path) -> None:
    opened(tmp_path, entry(1)).close()
    with subprocess.Popen(
        [sys.executable, "-c", LISTS_FOR_EVER, str(tmp_path / "register.sqlite")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "listing\n"
        time.sleep(1)  # in the query by now
        child.send_signal(signal.SIGTERM)
        try:
            out, err = child.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            pytest.fail("SIGTERM did not end register list")
    assert (child.returncode, out) == (143, "")
    assert "Traceback" not in err


def test_a_damaged_register_is_an_error_when_read_not_a_crash(tmp_path: Path) -> None:
    register = opened(tmp_path, *(entry(n, product="p" * 300) for n in range(1, 400)))
    register.close()
    path = tmp_path / "register.sqlite"
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page + 16 : page * 6] = b"\xa5" * (page * 6 - page - 16)  # pages 2-6 overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(RegisterError) as damaged, Register.open(path, create=False) as broken:
        list(broken.rows())  # the file opens: the damage shows when its pages are read
    assert "the register is damaged" in problem_text(damaged)
    assert problem_text(damaged).startswith(f"{path}: ")


def test_a_register_locked_by_another_writer_is_an_error_after_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register_file, "BUSY_SECONDS", 0.2)
    path = tmp_path / "register.sqlite"
    opened(tmp_path, entry(1)).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Register.open(path, create=False) as register, pytest.raises(RegisterError) as busy:
            register.add([entry(2)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert problem_text(busy).startswith(f"{path}: another qa-check kept the register busy")


def journal_mode(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        (mode,) = db.execute("PRAGMA journal_mode").fetchone()
    finally:
        db.close()
    return str(mode)


def test_the_register_is_written_in_wal_mode(tmp_path: Path) -> None:
    opened(tmp_path, entry(1)).close()
    assert journal_mode(tmp_path / "register.sqlite") == "wal"


def test_where_wal_fails_the_rollback_journal_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A network drive refuses WAL (no shared memory): the register still works."""

    def refuse(db: sqlite3.Connection) -> tuple[str]:
        raise sqlite3.OperationalError("locking protocol")

    monkeypatch.setattr(register_file, "_set_wal", refuse)
    with opened(tmp_path, entry(1), entry(2)) as register:
        assert register.count() == 2
    assert journal_mode(tmp_path / "register.sqlite") == "delete"


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from qa_check.certificates import register as r
    from qa_check.certificates import register_file

    if sys.argv[2] == "rollback":
        register_file._set_wal = lambda db: ("delete",)
    def entry(n):
        return r.Entry(f"QC-0000-0000-{n:04X}", "en", f"SKU-{n}", "p", "PASS", "0" * 64, (),
                       "2026-11-20T10:15:00+08:00", "2026-11-23T01:00:00Z", f"{n}.pdf", "")
    register = r.Register.open(Path(sys.argv[1]), create=True)
    register.add([entry(n) for n in range(10)])
    register.add([entry(n) for n in range(10, 20)])
    rows = [entry(n) for n in range(20, 20000)]
    with register._transaction():  # what add does, stopped half-way through
        for row in rows[:5000]:
            register._db.execute(r._INSERT, (row.certificate_id, row.lang, row.sku, row.product,
                row.verdict, row.digest, "[]", row.inspected_at, row.issued_at, row.file, "", "",
                "", ""))
        print("half-way", flush=True)
        time.sleep(60)
    """
)


@pytest.mark.parametrize("journal", ["wal", "rollback"])
def test_a_writer_killed_mid_batch_leaves_only_the_batches_it_committed(
    tmp_path: Path, journal: str
) -> None:
    path = tmp_path / "register.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path), journal],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"half-way\n"
    child.send_signal(signal.SIGKILL)
    assert child.wait(10) == -signal.SIGKILL
    child.stdout.close()
    assert journal_mode(path) == ("wal" if journal == "wal" else "delete")
    with Register.open(path, create=True) as register:
        assert register.count() == 20
        assert [row.certificate_id for row in register.rows()][-1] == "QC-0000-0000-0013"
        assert register.add([entry(100)]) == 1


def test_listing_gives_what_rows_give_in_the_columns_list_shows(tmp_path: Path) -> None:
    old, new = entry(1, sku="EB-1"), entry(2, sku="EB-1", verdict="FAIL")
    with opened(tmp_path, old, replace(old, lang="zh"), new, entry(3)) as register:
        register.revoke(entry(3).certificate_id, "wrong batch", AT)
        filters: list[tuple[str | None, str | None]] = [
            (None, None),
            ("EB-1", None),
            (None, "PASS"),
            ("", None),
        ]
        for sku, verdict in filters:
            for installed in (None, {"drop-test@1": "d" * 64}):
                rows = list(register.rows(sku=sku, verdict=verdict, installed=installed))
                listed = list(register.listing(sku=sku, verdict=verdict, installed=installed))
                wanted = [tuple(getattr(row, name) for name in Listed._fields) for row in rows]
                assert wanted == [tuple(item) for item in listed]
                assert [row.stale for row in rows] == [item.stale for item in listed]
        assert [item.sku for item in register.listing()] == ["EB-1", "EB-1", "EB-1", "SKU-3"]


def test_a_register_of_format_3_gains_issuers_and_signed_revocations(tmp_path: Path) -> None:
    """Format 3's rows and revocations keep their values; the new columns start empty."""
    path = tmp_path / "register.sqlite"
    with sqlite3.connect(path) as db:
        for statement in register_file._SCHEMAS[3].split(";"):
            db.execute(statement)
        db.execute(f"PRAGMA application_id = {register_file.APPLICATION_ID}")
        db.execute("PRAGMA user_version = 3")
        db.execute(
            "INSERT INTO certificates VALUES (1, 1, 'QC-1', 'en', 'S', 'p', 'PASS', 'd', '[]',"
            " '2026-11-20T10:15:00+08:00', '2026-11-23T01:00:00Z', 'S.pdf', '', 'ab')"
        )
        db.execute("INSERT INTO newest VALUES ('S', 'QC-1')")
        db.execute("INSERT INTO revocations VALUES ('QC-1', '2026-11-24T00:00:00Z', 'wrong batch')")
    db.close()
    with Register.open(path, create=False) as register:
        [row] = register.rows()
    assert (row.certificate_id, row.file_sha256, row.revoked_at) == (
        "QC-1",
        "ab",
        "2026-11-24T00:00:00Z",
    )
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT issuer, valid_until FROM certificates").fetchall() == [("", "")]
        assert db.execute("SELECT signer, signature FROM revocations").fetchall() == [("", "")]
        assert db.execute("SELECT COUNT(*) FROM key_revocations").fetchone() == (0,)
    db.close()
    (tmp_path / "new").mkdir()
    opened(tmp_path / "new").close()
    assert schema_of(path) == schema_of(tmp_path / "new" / "register.sqlite")
