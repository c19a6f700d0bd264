"""``qa-check register merge`` and ``register list --sku`` over the merged file, as run."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_cli_register import entry
from typer.testing import CliRunner, Result

from conftest import CHECKLISTS, Certified
from qa_check.certificates.register import Entry, Register
from qa_check.cli import register_merge as merge_command
from qa_check.cli.app import app

runner = CliRunner()
ID = {number: entry(number).certificate_id for number in range(1, 10)}
AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def register_with(path: Path, *entries: Entry, issuer: str = "") -> Path:
    """A register holding ``entries``, each naming ``issuer`` as certify fills it in."""
    with Register.open(path, create=True) as opened:
        opened.add(entries)
    if issuer:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE certificates SET issuer = ?", (issuer,))
        db.close()
    return path


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(arg) for arg in args], prog_name="qa-check")


@pytest.fixture
def sites(tmp_path: Path) -> tuple[Path, Path]:
    """Two sites' registers: EB-1 certified at both, one file copied into both."""
    shenzhen = register_with(
        tmp_path / "shenzhen.sqlite",
        entry(1, sku="EB-1"),
        entry(2),
        entry(3, sku="EB-1"),
        issuer="Shenzhen QA Lab",
    )
    dongguan = register_with(
        tmp_path / "dongguan.sqlite",
        entry(3, sku="EB-1"),
        entry(4, sku="EB-1"),
        issuer="Dongguan QA Lab",
    )
    return shenzhen, dongguan


def test_a_merge_prints_what_all_holds_and_exits_0(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    result = run("register", "merge", *sites, "-o", tmp_path / "all.sqlite")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{tmp_path}/all.sqlite: 4 certificate files (4 new), 0 revocations; registers merged: 2\n"
    )
    again = run("register", "merge", sites[1], "--output", tmp_path / "all.sqlite")
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout == (
        f"{tmp_path}/all.sqlite: 4 certificate files (0 new), 0 revocations; registers merged: 1\n"
    )


def test_a_conflict_is_an_error_naming_both_registers_the_rest_written_exit_2(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    other = register_with(tmp_path / "other.sqlite", entry(2, digest="e" * 64), entry(9))
    result = run("register", "merge", *sites, other, "-o", tmp_path / "all.sqlite")
    assert result.exit_code == 2
    assert result.stdout == (
        f"{tmp_path}/all.sqlite: 5 certificate files (5 new), 0 revocations; registers merged: 3\n"
    )
    assert result.stderr == (
        f"error: {other}: {ID[2]} (en) conflicts with the file of that id and language in"
        f" {sites[0]}: another payload digest; the one in {sites[0]} is kept, this one is left"
        " out\n"
        f"conflicts: 1; {tmp_path}/all.sqlite holds every other row and, of each conflict, the"
        " first register's file\n"
    )


def test_strict_writes_nothing_on_a_conflict_in_chinese_too(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    other = register_with(tmp_path / "other.sqlite", entry(2, digest="e" * 64))
    result = run("register", "merge", *sites, other, "-o", tmp_path / "all.sqlite", "--strict")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"conflicts: 1; with --strict nothing was written, and {tmp_path}/all.sqlite is as it was\n"
    )
    chinese = run(
        "register",
        "merge",
        *sites,
        other,
        "-o",
        tmp_path / "all.sqlite",
        "--strict",
        "--lang",
        "zh",
    )
    assert (chinese.exit_code, chinese.stdout) == (2, "")
    assert chinese.stderr == (
        f"error: {other}: {ID[2]}（en）与 {sites[0]} 中同一编号、同一语言的文件冲突：载荷摘要不同；"
        f"保留 {sites[0]} 中的，此处的未并入\n"
        f"冲突：1 处；因使用 --strict，未写入任何内容，{tmp_path}/all.sqlite 保持原样\n"
    )
    assert not (tmp_path / "all.sqlite").exists()


def test_two_revocations_with_other_reasons_are_a_note_and_exit_0(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    for path, why, at in (
        (sites[0], "label misprinted", AT.replace(day=5)),
        (sites[1], "wrong batch", AT),
    ):
        with Register.open(path, create=False) as opened:
            opened.revoke(ID[3], why, at)
    result = run("register", "merge", *sites, "-o", tmp_path / "all.sqlite")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        " 4 certificate files (4 new), 1 revocations; registers merged: 2\n"
    )
    assert result.stderr == (
        f"note: {sites[1]}: {ID[3]} is revoked here on 2026-12-01T09:30:00Z (wrong batch) and in"
        f" {sites[0]} on 2026-12-05T09:30:00Z (label misprinted); the earlier revocation,"
        " 2026-12-01T09:30:00Z, is kept\n"
    )


def test_the_output_among_the_inputs_is_refused_and_left_as_it_was(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    before = hashlib.sha256(sites[0].read_bytes()).hexdigest()
    result = run("register", "merge", *sites, "-o", sites[0])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {sites[0]}: the register to write is also one to merge ({sites[0]}): name another"
        " file with -o; one that exists is added to, without being named again\n"
    )
    assert hashlib.sha256(sites[0].read_bytes()).hexdigest() == before


def test_a_missing_register_is_named_and_the_others_merged(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    result = run(
        "register", "merge", sites[0], tmp_path / "nowhere.sqlite", "-o", tmp_path / "all.sqlite"
    )
    assert result.exit_code == 2
    assert result.stdout.endswith(
        " 3 certificate files (3 new), 0 revocations; registers merged: 1\n"
    )
    assert result.stderr.startswith(f"error: {tmp_path}/nowhere.sqlite: no register here;")


def test_without_output_or_registers_it_is_a_usage_error(sites: tuple[Path, Path]) -> None:
    for args in ([*sites], ["-o", "all.sqlite"]):
        result = run("register", "merge", *args)
        assert (result.exit_code, result.stdout) == (2, "")
        assert "Missing" in result.stderr


def test_large_registers_are_announced_on_stderr(
    tmp_path: Path, sites: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merge_command, "LARGE", 3)
    result = run("register", "merge", *sites, "-o", tmp_path / "all.sqlite")
    assert result.exit_code == 0
    assert result.stderr == f"merging 1 of 2: {sites[0]} (3 certificate files)\n"
    chinese = run("register", "merge", *sites, "-o", tmp_path / "zh.sqlite", "--lang", "zh")
    assert chinese.stderr == f"正在合并第 1 个（共 2 个）：{sites[0]}（3 个证书文件）\n"


# --- one SKU's history across the sites ------------------------------------------------------


@pytest.fixture
def merged(tmp_path: Path, sites: tuple[Path, Path]) -> Path:
    with Register.open(sites[1], create=False) as opened:
        opened.revoke(ID[3], "wrong batch", AT)
    assert run("register", "merge", *sites, "-o", tmp_path / "all.sqlite").exit_code == 0
    return tmp_path / "all.sqlite"


def test_list_sku_over_the_merged_file_names_each_files_site(merged: Path) -> None:
    result = run("register", "list", "--sku", "EB-1", "-r", merged)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{ID[1]}  en     PASS  2026-11-23  STALE    EB-1  by Shenzhen QA Lab"
        f"  (superseded by {ID[4]})\n"
        f"{ID[3]}  en     PASS  2026-11-23  REVOKED  EB-1  by Shenzhen QA Lab"
        "  (revoked 2026-12-01: wrong batch)\n"
        f"{ID[4]}  en     PASS  2026-11-23  ISSUED   EB-1  by Dongguan QA Lab\n"
    )
    assert result.stderr == "3 certificate files: 1 issued, 1 stale, 1 revoked\n"
    chinese = run("register", "list", "--sku", "EB-1", "-r", merged, "--lang", "zh")
    assert (
        chinese.stdout.splitlines()[2]
        == f"{ID[4]}  en     PASS  2026-11-23  ISSUED   EB-1  签发方 Dongguan QA Lab"
    )


def test_list_sku_with_checklists_names_the_sites_as_sqlite_does(merged: Path) -> None:
    """With --checklists the lines are laid out in Python: the same, but for what changed."""
    plain = run("register", "list", "--sku", "EB-1", "-r", merged)
    compared = run("register", "list", "--sku", "EB-1", "-r", merged, "-c", CHECKLISTS)
    assert compared.exit_code == 0
    changed = "checklist changed: drop-test@1"  # the entries' made-up hash is no checklist's
    assert compared.stdout.replace(f"; {changed}", "") == plain.stdout.replace(
        f"{ID[4]}  en     PASS  2026-11-23  ISSUED   EB-1  by Dongguan QA Lab\n",
        f"{ID[4]}  en     PASS  2026-11-23  STALE    EB-1  by Dongguan QA Lab  ({changed})\n",
    )


def test_the_whole_list_leaves_the_issuer_out(merged: Path) -> None:
    result = run("register", "list", "-r", merged)
    assert result.exit_code == 0
    assert "QA Lab" not in result.stdout
    assert len(result.stdout.splitlines()) == 4


def test_json_and_csv_carry_each_files_issuer(merged: Path) -> None:
    document = json.loads(
        run("register", "list", "--sku", "EB-1", "-r", merged, "-f", "json").stdout
    )
    assert [entry["issuer"] for entry in document["certificates"]] == [
        "Shenzhen QA Lab",
        "Shenzhen QA Lab",
        "Dongguan QA Lab",
    ]
    table = run("register", "list", "-r", merged, "-f", "csv").stdout.removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [(row["sku"], row["issuer"]) for row in rows] == [
        ("EB-1", "Shenzhen QA Lab"),
        ("SKU-2", "Shenzhen QA Lab"),
        ("EB-1", "Shenzhen QA Lab"),
        ("EB-1", "Dongguan QA Lab"),
    ]


def test_a_register_without_issuers_lists_as_before(tmp_path: Path) -> None:
    plain = register_with(tmp_path / "plain.sqlite", entry(1, sku="EB-1"))
    result = run("register", "list", "--sku", "EB-1", "-r", plain)
    assert result.stdout == f"{ID[1]}  en     PASS  2026-11-23  ISSUED   EB-1\n"
    document = json.loads(run("register", "list", "-r", plain, "-f", "json").stdout)
    assert "issuer" not in document["certificates"][0]


# --- registers certify wrote, and verify against the merged one ----------------------------


def test_a_revocation_at_one_site_reaches_verify_through_the_merged_register(
    tmp_path: Path, signed: Certified, unsigned: Certified, signing_keys: Path
) -> None:
    """Two sites' registers as certify wrote them; one revokes its PASS; ALL says REVOKED."""
    site = tmp_path / "site-b.sqlite"
    site.write_bytes(unsigned.register.read_bytes())
    revoked = run("verify", unsigned.passed, "--register", site)
    certificate_id = revoked.stdout.split()[2]
    revoke = ("register", "revoke", certificate_id, "--why", "wrong batch", "-r", site)
    assert run(*revoke, "--keys", signing_keys).exit_code == 0
    merged = run("register", "merge", signed.register, site, "-o", tmp_path / "all.sqlite")
    assert (merged.exit_code, merged.stderr) == (0, "")
    assert merged.stdout.endswith(
        " 4 certificate files (4 new), 1 revocations; registers merged: 2\n"
    )
    found = run("verify", unsigned.passed, "--register", tmp_path / "all.sqlite")
    assert found.stdout.startswith(f"REVOKED   {unsigned.passed}  {certificate_id}"), found.stdout
    assert found.exit_code == 1
    history = run("register", "list", "--sku", "TWS-EB-001", "-r", tmp_path / "all.sqlite")
    assert [line.split()[4] for line in history.stdout.splitlines()] == ["STALE", "REVOKED"]
