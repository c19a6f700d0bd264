"""``qa-check register list / show / revoke`` as a QA manager runs them."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import CHECKLISTS
from qa_check.certificates.register import Entry, Register
from qa_check.certificates.signing.keys import read_keys
from qa_check.cli.app import app
from qa_check.engine.checklists import content_hash, load_registry
from qa_check.reporters.register import counted, lines_text, list_text, words

runner = CliRunner()


def entry(number: int, **changes: object) -> Entry:
    made = Entry(
        certificate_id=f"QC-0000-0000-{number:04X}",
        lang="en",
        sku=f"SKU-{number}",
        product=f"Product {number}",
        verdict="PASS",
        digest=f"{number:064x}",
        checklists=(("drop-test", "1", "a" * 64),),
        inspected_at="2026-11-20T10:15:00+08:00",
        issued_at=f"2026-11-23T01:{number:02d}:00Z",
        file=f"SKU-{number}_PASS_2026-11-20.pdf",
        signer="",
    )
    return replace(made, **changes)  # type: ignore[arg-type]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """Four files: SKU-1 superseded by SKU-1's second, a FAIL, and one with a hostile SKU."""
    path = tmp_path / "reports" / "register.sqlite"
    path.parent.mkdir()
    with Register.open(path, create=True) as opened:
        opened.add(
            [
                entry(1, sku="EB-1"),
                entry(2, sku="EB-1", verdict="FAIL"),
                entry(3, sku="=HYPERLINK(1)\x1b[31m"),
                entry(4, lang="zh"),
            ]
        )
    return path


def run(*args: str) -> Result:
    return runner.invoke(app, list(args), prog_name="qa-check")


def test_list_text_is_a_line_per_file_with_its_status(register: Path) -> None:
    result = run("register", "list", "--register", str(register))
    assert result.exit_code == 0
    assert result.stdout == (
        "QC-0000-0000-0001  en     PASS  2026-11-23  STALE    EB-1"
        "  (superseded by QC-0000-0000-0002)\n"
        "QC-0000-0000-0002  en     FAIL  2026-11-23  ISSUED   EB-1\n"
        "QC-0000-0000-0003  en     PASS  2026-11-23  ISSUED   =HYPERLINK(1)\\x1b[31m\n"
        "QC-0000-0000-0004  zh     PASS  2026-11-23  ISSUED   SKU-4\n"
    )
    assert result.stderr == "4 certificate files: 3 issued, 1 stale, 0 revoked\n"


def test_list_filters_by_sku_verdict_and_stale(register: Path) -> None:
    where = ("--register", str(register))
    by_sku = run("register", "list", *where, "--sku", "EB-1")
    assert [line[:17] for line in by_sku.stdout.splitlines()] == [
        "QC-0000-0000-0001",
        "QC-0000-0000-0002",
    ]
    failed = run("register", "list", *where, "--verdict", "FAIL")
    assert [line[:17] for line in failed.stdout.splitlines()] == ["QC-0000-0000-0002"]
    stale = run("register", "list", *where, "--stale")
    assert [line[:17] for line in stale.stdout.splitlines()] == ["QC-0000-0000-0001"]
    assert stale.stderr == "4 certificate files: 3 issued, 1 stale, 0 revoked\n"
    bad = run("register", "list", *where, "--verdict", "MAYBE")
    assert bad.exit_code == 2
    assert "MAYBE" in bad.stderr


def test_list_json_is_one_document(register: Path) -> None:
    result = run("register", "list", "-r", str(register), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["format"] == "qa-check/register-list@1"
    first = document["certificates"][0]
    assert first == {
        "certificate_id": "QC-0000-0000-0001",
        "lang": "en",
        "sku": "EB-1",
        "product": "Product 1",
        "verdict": "PASS",
        "status": "STALE",
        "reason": "superseded by QC-0000-0000-0002",
        "issued_at": "2026-11-23T01:01:00Z",
        "inspected_at": "2026-11-20T10:15:00+08:00",
        "file": "SKU-1_PASS_2026-11-20.pdf",
        "digest": f"{1:064x}",
        "signer": "",
        "checklists": [{"id": "drop-test", "version": "1", "sha256": "a" * 64}],
        "revoked_at": None,
        "revoked_why": None,
        "superseded_by": "QC-0000-0000-0002",
        "changed_checklists": [],
        "file_sha256": None,  # registered without it, as before register format 3
    }
    assert [c["status"] for c in document["certificates"]] == ["STALE", "ISSUED"] + ["ISSUED"] * 2


def test_list_json_of_nothing_still_parses(register: Path) -> None:
    result = run("register", "list", "-r", str(register), "-f", "json", "--sku", "nobody")
    assert json.loads(result.stdout) == {
        "format": "qa-check/register-list@1",
        "certificates": [],
    }
    assert result.stderr == "0 certificate files: 0 issued, 0 stale, 0 revoked\n"


def test_list_csv_guards_cells_a_spreadsheet_would_run(register: Path) -> None:
    result = run("register", "list", "-r", str(register), "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfcertificate_id,")  # Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert [row["certificate_id"] for row in rows] == [f"QC-0000-0000-000{n}" for n in range(1, 5)]
    assert rows[2]["sku"] == "'=HYPERLINK(1)\x1b[31m"
    assert rows[0]["checklists"] == f"drop-test@1={'a' * 64}"
    assert (rows[0]["status"], rows[0]["superseded_by"]) == ("STALE", "QC-0000-0000-0002")


def test_list_with_checklists_marks_a_changed_one_stale(register: Path, tmp_path: Path) -> None:
    installed = {c.checklist.key: content_hash(c.data) for c in load_registry([CHECKLISTS])}
    key = next(key for key in installed if key.startswith("drop-test@"))
    checklist_id, version = key.split("@")
    path = tmp_path / "other.sqlite"
    with Register.open(path, create=True) as opened:
        opened.add(
            [
                entry(1, checklists=((checklist_id, version, "f" * 64),)),
                entry(2, checklists=((checklist_id, version, installed[key]),)),
            ]
        )
    result = run("register", "list", "-r", str(path), "-c", str(CHECKLISTS), "--stale")
    assert result.exit_code == 0
    assert result.stdout == (
        f"QC-0000-0000-0001  en     PASS  2026-11-23  STALE    SKU-1  (checklist changed: {key})\n"
    )


def test_show_prints_the_certificate_and_each_file(register: Path) -> None:
    with Register.open(register, create=False) as opened:
        opened.add([entry(1, sku="EB-1", lang="zh", file="SKU-1_zh.pdf")])
    result = run("register", "show", "qc-0000-0000-0001", "-r", str(register))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "QC-0000-0000-0001  STALE  (superseded by QC-0000-0000-0002)\n"
        "  SKU         EB-1\n"
        "  Product     Product 1\n"
        "  Verdict     PASS\n"
        "  Inspected   2026-11-20T10:15:00+08:00\n"
        "  Issued      2026-11-23T01:01:00Z\n"
        f"  Checklists  drop-test@1 sha256:{'a' * 16}…\n"
        "  Signer      unsigned\n"
        f"  File        en     SKU-1_PASS_2026-11-20.pdf  sha256:{1:064x}\n"
        f"  File        zh     SKU-1_zh.pdf  sha256:{1:064x}\n"
    )
    as_json = run("register", "show", "QC-0000-0000-0001", "-r", str(register), "-f", "json")
    document = json.loads(as_json.stdout)
    assert document["format"] == "qa-check/register-show@1"
    assert [c["lang"] for c in document["certificates"]] == ["en", "zh"]


def test_show_prints_the_sha256_of_each_file_certify_hashed(register: Path) -> None:
    with Register.open(register, create=False) as opened:
        opened.add([entry(1, lang="zh", file="SKU-1_zh.pdf", file_sha256="f" * 64)])
    result = run("register", "show", "QC-0000-0000-0001", "-r", str(register))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.endswith(
        f"  File        en     SKU-1_PASS_2026-11-20.pdf  sha256:{1:064x}\n"
        f"  File        zh     SKU-1_zh.pdf  sha256:{1:064x}\n"
        f"  File SHA-256  {'f' * 64}\n"
    )
    as_json = run("register", "show", "QC-0000-0000-0001", "-r", str(register), "-f", "json")
    files = json.loads(as_json.stdout)["certificates"]
    assert [found["file_sha256"] for found in files] == [None, "f" * 64]


def test_show_an_unknown_id_is_exit_2(register: Path) -> None:
    result = run("register", "show", "QC-FFFF-FFFF-FFFF", "-r", str(register))
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == f"error: {register}: no certificate QC-FFFF-FFFF-FFFF in this register\n"
    )


def test_revoke_then_list_and_show_say_revoked(register: Path, signing_keys: Path) -> None:
    keyed = ("-r", str(register), "--keys", str(signing_keys))
    result = run("register", "revoke", "QC-0000-0000-0004", "--why", "wrong batch", *keyed)
    assert (result.exit_code, result.stderr) == (0, "")
    revoked = "QC-0000-0000-0004 revoked, in every language it was issued in (1): wrong batch\n"
    fingerprint = read_keys(signing_keys).fingerprint
    assert result.stdout == f"{revoked}    signed with the key {fingerprint[:16]}…\n"
    again = run("register", "revoke", "QC-0000-0000-0004", "--why", "other", *keyed)
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr.startswith("note: QC-0000-0000-0004 was revoked already on 20")
    assert again.stderr.endswith("(wrong batch); that first revocation is kept\n")
    listed = run("register", "list", "-r", str(register), "--sku", "SKU-4")
    assert listed.stdout.startswith("QC-0000-0000-0004  zh     PASS  2026-11-23  REVOKED  SKU-4  (")
    assert listed.stdout.endswith(": wrong batch)\n")
    shown = run("register", "show", "QC-0000-0000-0004", "-r", str(register), "--lang", "zh")
    assert shown.stdout.splitlines()[0].startswith("QC-0000-0000-0004  REVOKED  (已撤销 20")


def test_revoke_errors_are_exit_2_with_one_located_line(
    register: Path, signing_keys: Path
) -> None:
    keyed = ("-r", str(register), "--keys", str(signing_keys))
    unknown = run("register", "revoke", "QC-FFFF-FFFF-FFFF", "--why", "x", *keyed)
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert unknown.stderr == (
        f"error: {register}: no certificate QC-FFFF-FFFF-FFFF in this register\n"
    )
    bad = run("register", "revoke", "QC-0000-0000-0001", "--why", "a\nb", *keyed)
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr == (
        "error: --why: the reason must be one line of 1 to 500 printable characters\n"
    )
    missing = run("register", "revoke", "QC-0000-0000-0001", "-r", str(register))
    assert missing.exit_code == 2
    assert "--why" in missing.stderr


@pytest.mark.parametrize("command", [["list"], ["show", "QC-0000-0000-0001"]])
def test_no_register_is_exit_2_and_says_certify_writes_one(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("register", *command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: reports/register.sqlite: no register here;"
        " certify writes one (register.sqlite) into --out\n"
    )
    assert not (tmp_path / "reports").exists()


def test_a_file_that_is_no_register_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    path.write_text("verdict,sku\n" * 100)
    result = run("register", "list", "-r", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path}: not a register: the file is no SQLite database"
        " (or is encrypted or damaged)\n"
    )


@pytest.mark.parametrize("command", ["list", "show", "revoke"])
def test_help_fits_80_columns(command: str) -> None:
    result = run("register", command, "--help")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Usage: qa-check register {command} [OPTIONS]")
    assert "Examples:" in result.stdout
    for line in result.stdout.splitlines():
        assert len(line) <= 80, line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lines_laid_out_by_sqlite_are_those_python_lays_out(register: Path, lang: str) -> None:
    """``list`` lays its text out in SQL unless --checklists asks for Python's comparison."""
    with Register.open(register, create=False) as opened:
        opened.add([replace(entry(4), lang="en+zh", sku="批次\u202eX")])
        opened.revoke(
            "QC-0000-0000-0004", "wrong batch? no: typo", datetime(2026, 12, 1, tzinfo=UTC)
        )
        for only in (None, {"STALE"}, {"REVOKED"}):
            by_sql: dict[str, int] = {}
            by_python: dict[str, int] = {}
            sql = lines_text(opened.lines(words=words(lang)), by_sql, only)
            python = list_text(counted(opened.listing(), by_python, only), lang)
            assert sql == python
            assert by_sql == by_python == {"ISSUED": 2, "STALE": 1, "REVOKED": 2}


def test_qa_check_lang_speaks_every_register_command_in_chinese(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--lang, else QA_CHECK_LANG, else the locale: the output, the notes and the errors."""
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    listed = run("register", "list", "--register", str(register))
    assert listed.exit_code == 0
    assert listed.stderr == "共 4 个证书文件：有效 3 个，已失效 1 个，已撤销 0 个\n"
    assert "(已被取代： QC-0000-0000-0002)" in listed.stdout
    unknown = run("register", "show", "QC-FFFF-FFFF-FFFF", "-r", str(register))
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        f"error: {register}: 此登记册中没有证书 QC-FFFF-FFFF-FFFF\n",
    )
    told = run("register", "list", "--register", str(register), "--lang", "en")
    assert told.stderr.startswith("4 certificate files: ")


@pytest.fixture
def late_register(tmp_path: Path) -> Path:
    """Two files issued late in the UTC day: already the next day in Shanghai and Tokyo."""
    path = tmp_path / "late" / "register.sqlite"
    path.parent.mkdir()
    with Register.open(path, create=True) as opened:
        opened.add([entry(1, issued_at="2026-11-23T20:30:00Z"), entry(2, sku="B")])
        opened.revoke("QC-0000-0000-0001", "wrong photo", datetime(2026, 11, 23, 22, tzinfo=UTC))
    return path


def site(folder: Path, zone: str | None) -> Path:
    config = folder / "qa-check.toml"
    text = f'[site]\ntimezone = "{zone}"\n' if zone else '[signatory]\napprover = "Wang"\n'
    config.write_text(text, "utf-8")
    return config


@pytest.mark.parametrize(
    ("zone", "issued", "revoked", "inspected"),
    [
        (None, "2026-11-23T20:30:00Z", "2026-11-23", "2026-11-20T10:15:00+08:00"),
        ("Asia/Shanghai", "2026-11-24T04:30:00+08:00", "2026-11-24", "2026-11-20T10:15:00+08:00"),
        ("Asia/Tokyo", "2026-11-24T05:30:00+09:00", "2026-11-24", "2026-11-20T11:15:00+09:00"),
        (
            "America/New_York",
            "2026-11-23T15:30:00-05:00",
            "2026-11-23",
            "2026-11-19T21:15:00-05:00",
        ),
    ],
)
def test_register_times_are_shown_in_the_sites_time_zone_with_its_offset(
    late_register: Path, tmp_path: Path, zone: str | None, issued: str, revoked: str, inspected: str
) -> None:
    """Stored in UTC; shown in ``[site] timezone`` when the configuration has one."""
    config = ["--config", str(site(tmp_path, zone)), "-r", str(late_register)]
    listed = run("register", "list", *config)
    assert listed.exit_code == 0, listed.output
    first = listed.stdout.splitlines()[-1]  # issued last
    assert first == (
        f"QC-0000-0000-0001  en     PASS  {issued[:10]}  REVOKED  SKU-1"
        f"  (revoked {revoked}: wrong photo)"
    )
    shown = run("register", "show", "QC-0000-0000-0001", *config)
    assert f"  Issued      {issued}\n" in shown.stdout
    assert f"  Inspected   {inspected}\n" in shown.stdout
    assert f"(revoked {revoked}: wrong photo)" in shown.stdout.splitlines()[0]
    table = run("register", "list", "-f", "csv", *config).stdout.removeprefix("\ufeff")
    [_, row] = list(csv.DictReader(io.StringIO(table)))
    assert (row["issued_at"], row["inspected_at"]) == (issued, inspected)
    assert row["revoked_at"][:10] == revoked
    document = json.loads(run("register", "list", "-f", "json", *config).stdout)
    assert document["certificates"][1]["issued_at"] == "2026-11-23T20:30:00Z"  # programs: UTC


def test_the_working_folders_qa_check_toml_gives_the_time_zone(
    late_register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site(tmp_path, "Asia/Shanghai")
    monkeypatch.chdir(tmp_path)
    listed = run("register", "list", "-r", str(late_register))
    assert listed.stdout.splitlines()[-1].startswith("QC-0000-0000-0001  en     PASS  2026-11-24")
