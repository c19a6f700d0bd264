"""register merge: several sites' registers in one, each row once, conflicts named, inputs kept."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from test_register import AT, entry

from conftest import ROOT, held_in_another_process
from qa_check.certificates import register_file
from qa_check.certificates.register import Entry, Register
from qa_check.certificates.register_merge import Merged, merge
from qa_check.core.errors import RegisterError, UsageError


def register_with(path: Path, *entries: Entry, issuer: str = "") -> Path:
    """A register at ``path`` holding ``entries``, each naming ``issuer`` (format 4's column)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Register.open(path, create=True) as opened:
        opened.add(entries)
    if issuer:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE certificates SET issuer = ?, valid_until = '2027-11-22'", (issuer,))
        db.close()
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        found = db.execute(query).fetchall()
    db.close()
    return found


def beside_all(folder: Path) -> list[str]:
    """The output's files in ``folder``, and temporary ones: not the inputs' (nor the empty
    -wal and -shm files SQLite leaves beside a register in WAL mode that it read)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".", "all")))


def shown(merged: Merged, kind: str = "conflicts") -> list[str]:
    return [problem.show() for problem in getattr(merged, kind)]


@pytest.fixture
def sites(tmp_path: Path) -> tuple[Path, Path]:
    """Shenzhen's register and Dongguan's: EB-1 certified at both, one file in both."""
    shenzhen = register_with(
        tmp_path / "shenzhen" / "register.sqlite",
        entry(1, sku="EB-1"),
        entry(2),
        entry(3, sku="EB-1"),
        issuer="Shenzhen QA Lab",
    )
    dongguan = register_with(
        tmp_path / "dongguan" / "register.sqlite",
        entry(3, sku="EB-1"),  # the same file, copied to the other site's register too
        entry(3, sku="EB-1", lang="zh"),
        entry(4, sku="EB-1"),
        issuer="Dongguan QA Lab",
    )
    return shenzhen, dongguan


# --- every row once -----------------------------------------------------------------------


def test_two_registers_with_an_overlap_give_every_file_once(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    before = [sha256(path) for path in sites]
    merged = merge(sites, tmp_path / "all.sqlite")
    assert (merged.inputs, merged.files, merged.added, merged.revocations) == (2, 5, 5, 0)
    assert (merged.conflicts, merged.notes, merged.written) == ((), (), True)
    assert [sha256(path) for path in sites] == before  # read, never written
    for path in sites:  # what SQLite leaves beside a register in WAL mode it read holds nothing
        assert path.with_name(path.name + "-wal").stat().st_size == 0
    with Register.open(tmp_path / "all.sqlite", create=False) as opened:
        rows = list(opened.rows(sku="EB-1"))
    assert [(row.certificate_id, row.lang) for row in rows] == [
        (entry(1).certificate_id, "en"),
        (entry(3).certificate_id, "en"),
        (entry(3).certificate_id, "zh"),
        (entry(4).certificate_id, "en"),
    ]
    assert [row.superseded_by for row in rows] == [entry(4).certificate_id] * 3 + [""]


def test_columns_travel_by_name_and_each_file_keeps_its_sites_issuer(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    merge(sites, tmp_path / "all.sqlite")
    found = table(
        tmp_path / "all.sqlite",
        "SELECT certificate_id, lang, issuer, valid_until FROM certificates ORDER BY row",
    )
    assert found == [
        (entry(1).certificate_id, "en", "Shenzhen QA Lab", "2027-11-22"),
        (entry(2).certificate_id, "en", "Shenzhen QA Lab", "2027-11-22"),
        (entry(3).certificate_id, "en", "Shenzhen QA Lab", "2027-11-22"),  # the first kept
        (entry(3).certificate_id, "zh", "Dongguan QA Lab", "2027-11-22"),
        (entry(4).certificate_id, "en", "Dongguan QA Lab", "2027-11-22"),
    ]


def test_seq_is_the_row_of_the_ids_first_file_as_add_keeps_it(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    merge(sites, tmp_path / "all.sqlite")
    rows = table(tmp_path / "all.sqlite", "SELECT row, seq, certificate_id FROM certificates")
    first: dict[object, object] = {}
    for row, seq, certificate_id in rows:
        first.setdefault(certificate_id, row)
        assert seq == first[certificate_id]
    assert len(first) == 4


def test_a_column_one_copy_leaves_empty_is_filled_from_the_other(tmp_path: Path) -> None:
    hashed = entry(5, file_sha256="f" * 64)
    old = register_with(tmp_path / "old.sqlite", replace(hashed, file_sha256=""))
    new = register_with(tmp_path / "new.sqlite", hashed, issuer="Shenzhen QA Lab")
    merged = merge([old, new], tmp_path / "all.sqlite")
    assert merged.conflicts == ()
    assert table(tmp_path / "all.sqlite", "SELECT file_sha256, issuer FROM certificates") == [
        ("f" * 64, "Shenzhen QA Lab")
    ]


def test_an_existing_all_keeps_its_rows_and_gains_the_inputs(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    shenzhen, dongguan = sites
    merge([shenzhen], tmp_path / "all.sqlite")
    merged = merge([dongguan], tmp_path / "all.sqlite")
    assert (merged.files, merged.added, merged.conflicts) == (5, 2, ())
    again = merge([shenzhen, dongguan], tmp_path / "all.sqlite")
    assert (again.files, again.added) == (5, 0)


def test_lots_travel_and_a_lots_newest_certificate_is_worked_out_again(tmp_path: Path) -> None:
    def lot(number: int, name: str) -> Entry:
        return entry(number, sku="EB-1", lot=name, decision="ACCEPT", lot_inspected_at=f"t{number}")

    one = register_with(tmp_path / "one.sqlite", lot(1, "L1"), lot(2, "L2"))
    two = register_with(tmp_path / "two.sqlite", lot(3, "L1"), entry(4, sku="EB-1"))
    merge([one, two], tmp_path / "all.sqlite")
    with Register.open(tmp_path / "all.sqlite", create=False) as opened:
        history = opened.lot_history("EB-1")
        rows = {row.certificate_id: row for row in opened.rows()}
    assert [(h.lot, h.certificate_id) for h in history] == [
        ("L2", entry(2).certificate_id),
        ("L1", entry(3).certificate_id),
    ]
    assert rows[entry(1).certificate_id].superseded_by == entry(3).certificate_id
    assert rows[entry(4).certificate_id].superseded_by == ""  # a SKU's own newest


# --- conflicts ------------------------------------------------------------------------------


def test_one_id_and_language_with_two_digests_is_a_conflict_naming_both_registers(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    shenzhen, _ = sites
    other = register_with(
        tmp_path / "other.sqlite", entry(2, digest="e" * 64), entry(9), entry(2, lang="zh")
    )
    merged = merge([shenzhen, other], tmp_path / "all.sqlite")
    assert shown(merged) == [
        f"{other}: {entry(2).certificate_id} (en) conflicts with the file of that id and language"
        f" in {shenzhen}: another payload digest; the one in {shenzhen} is kept, this one is"
        " left out"
    ]
    assert merged.written
    found = table(tmp_path / "all.sqlite", "SELECT certificate_id, lang, digest FROM certificates")
    assert (entry(2).certificate_id, "en", entry(2).digest) in found
    assert (entry(2).certificate_id, "zh", entry(2).digest) in found  # not in conflict
    assert (entry(9).certificate_id, "en", entry(9).digest) in found
    assert len(found) == 5


def test_the_same_payload_in_another_file_is_a_conflict(tmp_path: Path) -> None:
    one = register_with(tmp_path / "one.sqlite", entry(1, file_sha256="a" * 64))
    two = register_with(tmp_path / "two.sqlite", entry(1, file_sha256="b" * 64), issuer="Other")
    merged = merge([one, two], tmp_path / "all.sqlite")
    assert shown(merged) == [
        f"{two}: {entry(1).certificate_id} (en) conflicts with the file of that id and language"
        f" in {one}: the same payload in another file (another file SHA-256); the one in {one} is"
        " kept, this one is left out"
    ]
    kept = table(tmp_path / "all.sqlite", "SELECT file_sha256, issuer FROM certificates")
    assert kept == [("a" * 64, "")]  # nothing of the other file, not even a column it fills


def test_strict_writes_nothing_on_a_conflict(tmp_path: Path, sites: tuple[Path, Path]) -> None:
    shenzhen, dongguan = sites
    merge([shenzhen], tmp_path / "all.sqlite")
    kept = sha256(tmp_path / "all.sqlite")
    other = register_with(tmp_path / "other.sqlite", entry(2, digest="e" * 64), entry(9))
    merged = merge([dongguan, other], tmp_path / "all.sqlite", strict=True)
    assert (len(merged.conflicts), merged.written) == (1, False)
    assert sha256(tmp_path / "all.sqlite") == kept
    assert beside_all(tmp_path) == ["all.sqlite"]  # and no temporary file


def test_an_issuers_report_number_given_to_two_records_is_a_conflict(tmp_path: Path) -> None:
    def numbered(path: Path, *records: str) -> Path:
        register_with(path, entry(len(records)))
        with Register.open(path, create=False) as opened:
            for record in records:
                opened.report_number("Shenzhen QA Lab", record, "SZ-{:04d}".format)
        return path

    one = numbered(tmp_path / "one.sqlite", "r1", "r2")
    two = numbered(tmp_path / "two.sqlite", "r1", "r3")  # r3 numbered SZ-0002 too
    merged = merge([one, two], tmp_path / "all.sqlite")
    assert shown(merged) == [
        f"{two}: Shenzhen QA Lab's report number SZ-0002 here clashes with SZ-0002 in {one} (one"
        f" number for two records, or two numbers for one record); the one in {one} is kept"
    ]
    assert table(tmp_path / "all.sqlite", "SELECT seq, record FROM report_numbers") == [
        (1, "r1"),
        (2, "r2"),
    ]


def test_a_register_that_cannot_be_read_is_a_conflict_and_the_others_are_merged(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a register at all" * 100)
    merged = merge([sites[0], broken, sites[1]], tmp_path / "all.sqlite")
    assert shown(merged) == [
        f"{broken}: not a register: the file is no SQLite database (or is encrypted or damaged)"
    ]
    assert (merged.files, merged.inputs) == (5, 2)


# --- revocations ------------------------------------------------------------------------------


def test_a_revocation_in_one_register_revokes_in_the_union(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    shenzhen, dongguan = sites
    with Register.open(dongguan, create=False) as opened:
        opened.revoke(entry(3).certificate_id, "wrong batch", AT)
    merged = merge([shenzhen, dongguan], tmp_path / "all.sqlite")
    assert merged.revocations == 1
    with Register.open(tmp_path / "all.sqlite", create=False) as opened:
        rows = opened.find(entry(3).certificate_id)
    assert [(row.lang, row.revoked_at, row.revoked_why) for row in rows] == [
        ("en", "2026-12-01T09:30:00Z", "wrong batch"),
        ("zh", "2026-12-01T09:30:00Z", "wrong batch"),
    ]


def test_of_two_revocations_the_earlier_is_kept_and_other_reasons_are_a_note(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    shenzhen, dongguan = sites
    with Register.open(shenzhen, create=False) as opened:
        opened.revoke(entry(3).certificate_id, "label misprinted", AT.replace(day=5))
    with Register.open(dongguan, create=False) as opened:
        opened.revoke(entry(3).certificate_id, "wrong batch", AT)
    merged = merge([shenzhen, dongguan], tmp_path / "all.sqlite")
    assert merged.conflicts == ()
    assert shown(merged, "notes") == [
        f"{dongguan}: {entry(3).certificate_id} is revoked here on 2026-12-01T09:30:00Z (wrong"
        f" batch) and in {shenzhen} on 2026-12-05T09:30:00Z (label misprinted); the earlier"
        " revocation, 2026-12-01T09:30:00Z, is kept"
    ]
    assert table(tmp_path / "all.sqlite", "SELECT revoked_at, why FROM revocations") == [
        ("2026-12-01T09:30:00Z", "wrong batch")
    ]


def test_revoked_signing_keys_keep_the_earliest_with_its_signature(tmp_path: Path) -> None:
    one = register_with(tmp_path / "one.sqlite", entry(1))
    two = register_with(tmp_path / "two.sqlite", entry(2))
    for path, at, signature in ((one, "2026-12-02", "sig-1"), (two, "2026-12-01", "sig-2")):
        with sqlite3.connect(path) as db:
            db.execute(
                "INSERT INTO key_revocations VALUES ('AB', ?, 'key lost', 'CA', ?, ?)",
                (at, signature, f"PEM of {signature}"),
            )
        db.close()
    merged = merge([one, two], tmp_path / "all.sqlite")
    assert merged.notes == ()  # the same reason: nothing to say
    assert table(tmp_path / "all.sqlite", "SELECT * FROM key_revocations") == [
        ("AB", "2026-12-01", "key lost", "CA", "sig-2", "PEM of sig-2")  # the seal's certificate
    ]


def test_a_revocations_sealing_certificate_travels_with_it(tmp_path: Path) -> None:
    """Another site's seal is checked against the certificate beside it after the merge."""
    one = register_with(tmp_path / "one.sqlite", entry(1))
    with Register.open(one, create=False) as opened:
        opened.revoke(entry(1).certificate_id, "wrong batch", AT, lambda *_: ("F", "sig", "PEM"))
    merge([register_with(tmp_path / "two.sqlite", entry(2)), one], tmp_path / "all.sqlite")
    sealed = "SELECT signer, signature, signer_certificate FROM revocations"
    assert table(tmp_path / "all.sqlite", sealed) == [("F", "sig", "PEM")]


# --- inputs of older formats, and what is refused -------------------------------------------


def format_3(path: Path) -> Path:
    """A register as format 3 wrote it, one file of SKU S revoked."""
    with sqlite3.connect(path) as db:
        for statement in register_file._SCHEMAS[3].split(";"):
            db.execute(statement)
        db.execute(f"PRAGMA application_id = {register_file.APPLICATION_ID}")
        db.execute("PRAGMA user_version = 3")
        db.execute(
            "INSERT INTO certificates VALUES (1, 1, 'QC-0000-0000-0003', 'en', 'S', 'p', 'PASS',"
            " 'd', '[]', '2026-11-20T10:15:00+08:00', '2026-11-23T01:00:00Z', 'S.pdf', '', 'ab')"
        )
        db.execute("INSERT INTO newest VALUES ('S', 'QC-0000-0000-0003')")
        db.execute(
            "INSERT INTO revocations VALUES ('QC-0000-0000-0003', '2026-11-24T00:00:00Z', 'w')"
        )
    db.close()
    return path


def test_an_input_of_format_3_is_read_and_left_as_it_was(tmp_path: Path) -> None:
    old = format_3(tmp_path / "old.sqlite")
    before = sha256(old)
    new = register_with(tmp_path / "new.sqlite", entry(1))
    merged = merge([old, new], tmp_path / "all.sqlite")
    assert (merged.files, merged.revocations, merged.conflicts) == (2, 1, ())
    assert sha256(old) == before
    assert table(old, "PRAGMA user_version") == [(3,)]
    assert table(tmp_path / "all.sqlite", "PRAGMA user_version") == [
        (register_file.FORMAT_VERSION,)
    ]
    found = table(
        tmp_path / "all.sqlite", "SELECT certificate_id, file_sha256, issuer FROM certificates"
    )
    assert found == [("QC-0000-0000-0003", "ab", ""), (entry(1).certificate_id, "", "")]


def test_an_input_of_format_1_from_0_5_0_is_read(tmp_path: Path) -> None:
    old = tmp_path / "0.5.0.sqlite"
    old.write_bytes((ROOT / "tests" / "data" / "registers" / "0.5.0.sqlite").read_bytes())
    merged = merge([old], tmp_path / "all.sqlite")
    assert (merged.files, merged.conflicts) == (1, ())
    assert old.read_bytes() == (ROOT / "tests" / "data" / "registers" / "0.5.0.sqlite").read_bytes()
    assert table(tmp_path / "all.sqlite", "SELECT sku FROM newest") == [("LAMP-220",)]


@pytest.mark.parametrize("spelled", ["same", "dotted", "linked"])
def test_the_output_may_not_be_an_input(
    tmp_path: Path, sites: tuple[Path, Path], spelled: str
) -> None:
    shenzhen, dongguan = sites
    before = sha256(shenzhen)
    output = {
        "same": shenzhen,
        "dotted": shenzhen.parent / "." / shenzhen.name,
        "linked": tmp_path / "link.sqlite",
    }[spelled]
    if spelled == "linked":
        output.symlink_to(shenzhen)
    with pytest.raises(UsageError) as error:
        merge([dongguan, shenzhen], output)
    [problem] = error.value.problems
    assert problem.show() == (
        f"{output}: the register to write is also one to merge ({shenzhen}): name another file"
        " with -o; one that exists is added to, without being named again"
    )
    assert sha256(shenzhen) == before


def test_an_output_that_is_no_register_is_never_replaced(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", "utf-8")
    with pytest.raises(RegisterError, match="not a register"):
        merge(sites, notes)
    assert notes.read_text("utf-8") == "my notes\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["dongguan", "notes.txt", "shenzhen"]


def test_an_output_another_command_is_writing_is_not_replaced(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    merge([sites[0]], tmp_path / "all.sqlite")
    kept = sha256(tmp_path / "all.sqlite")
    (tmp_path / "all.sqlite-wal").write_bytes(b"frames")
    with pytest.raises(RegisterError) as error:
        merge([sites[1]], tmp_path / "all.sqlite")
    assert str(error.value) == (
        f"{tmp_path / 'all.sqlite'}: another command is writing this register (all.sqlite-wal"
        " holds its changes): nothing was replaced; merge again when it has finished"
    )
    assert sha256(tmp_path / "all.sqlite") == kept


# --- stopped half-way -------------------------------------------------------------------------


def test_ctrl_c_between_registers_leaves_all_as_it_was(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    shenzhen, dongguan = sites
    merge([shenzhen], tmp_path / "all.sqlite")
    kept = sha256(tmp_path / "all.sqlite")

    def interrupt(number: int, total: int, source: Path, files: int) -> None:
        if source == dongguan:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        merge([shenzhen, dongguan], tmp_path / "all.sqlite", step=interrupt)
    assert sha256(tmp_path / "all.sqlite") == kept
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "all.sqlite",
        "dongguan",
        "shenzhen",
    ]


STOPPED_MERGE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from qa_check.certificates import register_merge
    from qa_check.cli.app import main

    def held(self, db, source):  # after the files went into the union, before it is whole
        print("half-way", flush=True)
        time.sleep(60)

    register_merge._Union._report_numbers = held
    sys.argv = ["qa-check", "register", "merge", *sys.argv[1:]]
    main()
    """
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL])
def test_a_merge_stopped_or_killed_half_way_leaves_no_all(
    tmp_path: Path, sites: tuple[Path, Path], signum: signal.Signals
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    output = tmp_path / "all.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-c", STOPPED_MERGE, *map(str, sites), "-o", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline() == b"half-way\n"
    child.send_signal(signum)
    code = child.wait(30)
    errors = child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    assert not output.exists()
    left = sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("."))
    if signum == signal.SIGINT:
        assert (code, errors, left) == (130, b"", [])
        return
    assert code == -signal.SIGKILL
    [union, lock] = left  # the union, never renamed, and the lock its holder could not remove
    assert union.startswith(".all.sqlite.") and union.endswith(".tmp")
    assert lock == ".all.sqlite.merge-lock"
    os.utime(tmp_path / union, (0, 0))  # a minute old: its writer is gone
    merge(sites, output)  # takes the lock over, and removes the union left behind
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "all.sqlite",
        "dongguan",
        "shenzhen",
    ]


def test_progress_is_told_each_register_and_its_files(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    told: list[tuple[int, int, Path, int]] = []
    merge([sites[0]], tmp_path / "all.sqlite")
    merge([sites[1]], tmp_path / "all.sqlite", step=lambda *said: told.append(said))
    assert told == [(1, 2, tmp_path / "all.sqlite", 3), (2, 2, sites[1], 3)]


def test_a_folder_that_cannot_be_written_is_said_of_all(
    tmp_path: Path, sites: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file's name is nobody's: what stops it is located at the ALL named."""

    def refused(path: Path, flags: int = os.O_RDONLY, mode: int = 0o666) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(register_file, "open_regular", refused)
    with pytest.raises(RegisterError) as error:
        merge(sites, tmp_path / "all.sqlite")
    assert (
        str(error.value)
        == f"{tmp_path / 'all.sqlite'}: cannot open the register (Permission denied)"
    )
    assert beside_all(tmp_path) == []


MERGE_HOLD = """
import sys
from pathlib import Path
from qa_check.certificates.register_merge import MergeLock
lock = MergeLock(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.readline()
lock.release()
"""


def test_a_second_merge_into_one_all_at_once_is_refused(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    output = tmp_path / "all.sqlite"
    with held_in_another_process(MERGE_HOLD, str(output)) as holder:
        with pytest.raises(UsageError) as error:
            merge(sites, output)
        assert str(error.value) == (
            f"{output}: another qa-check register merge (process {holder}) is writing this"
            " register: wait until it ends"
        )
        assert beside_all(tmp_path) == [".all.sqlite.merge-lock"]
    merge(sites, output)
    assert beside_all(tmp_path) == ["all.sqlite"]
