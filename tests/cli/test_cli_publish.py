"""``qa-check publish`` as a site operator runs it: the examples' 14 certificates, one revoked."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import ROOT
from qa_check.certificates.signing.keys import init_keys
from qa_check.cli import publish as publish_command
from qa_check.cli.app import app

runner = CliRunner()
ISSUER = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
NAMES = ["Li Wei", "Maria Lopez", "李娜", "王芳", "陈明", "Wang Fang"]
"""The examples' inspectors and the site's approver: never on the site."""


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(arg) for arg in args], prog_name="qa-check")


@pytest.fixture(scope="module")
def certified(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples certified and signed under the example site (14 certificates)."""
    folder = tmp_path_factory.mktemp("certified")
    init_keys(folder / "keys", ISSUER, None, now=datetime(2026, 1, 1, tzinfo=UTC))
    done = run(
        *("certify", ROOT / "examples", "--config", ROOT / "examples" / "qa-check.toml"),
        *("--keys", folder / "keys", "--out", folder / "reports", "-q"),
    )
    assert done.exit_code == 2, done.output  # one example is deliberately invalid
    return folder


def site_text(site: Path) -> str:
    return "".join(path.read_text("utf-8") for path in sorted(site.rglob("*")) if path.is_file())


def test_publishing_the_examples_with_one_revoked_gives_a_site(
    certified: Path, tmp_path: Path
) -> None:
    register = tmp_path / "register.sqlite"
    register.write_bytes((certified / "reports" / "register.sqlite").read_bytes())
    lamp = next((certified / "reports").glob("LAMP-220_PASS_*.pdf"))
    lamp_sha = hashlib.sha256(lamp.read_bytes()).hexdigest()
    [certificate_id] = _id_of(register, "LAMP-220")
    revoked = run(
        "register",
        "revoke",
        certificate_id,
        "--why",
        "label printed wrong",
        "--register",
        register,
        "--keys",
        certified / "keys",
        "--lang",
        "en",
    )
    assert revoked.exit_code == 0, revoked.output
    site = tmp_path / "site"
    done = run(
        "publish", "-r", register, "--out", site, "--keys", certified / "keys", "--lang", "en"
    )
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        f"7 certificates published in {site}: 41 files written, 0 removed, 0 unchanged\n"
    )
    assert done.stderr == (
        "note: 7 FAIL or REJECT certificates not published (--include-fail publishes them)\n"
    )
    status = json.loads((site / "c" / certificate_id / "status.json").read_text("utf-8"))
    assert (status["status"], status["issuer"]) == ("REVOKED", ISSUER)
    assert status["valid_until"] == "2027-11-18"  # as its page prints it: 12 months
    assert status["revoked"]["why"] == "label printed wrong"
    assert status["files"] == [{"lang": "en", "sha256": lamp_sha}]
    by_hash = json.loads((site / "h" / f"{lamp_sha}.json").read_text("utf-8"))
    assert by_hash["certificate"]["certificate_id"] == certificate_id
    page = (site / "c" / certificate_id / "zh" / "index.html").read_text("utf-8")
    assert 'data-status="REVOKED"' in page and "已于" in page and "label printed wrong" in page
    assert (site / "ca-cert.pem").read_bytes() == (certified / "keys" / "ca-cert.pem").read_bytes()
    text = site_text(site)
    assert [name for name in NAMES if name in text] == []
    checked = run(  # a reader with the PDF, the CA and the published list, and no register
        *("verify", lamp, "--trust", site / "ca-cert.pem"),
        *("--revocations", site / "revocations.json"),
    )
    assert (checked.exit_code, checked.stderr) == (1, "")
    assert checked.stdout.startswith(f"REVOKED   {lamp}  {certificate_id}  LAMP-220  PASS\n")
    assert "label printed wrong" in checked.stdout
    again = run(
        "publish",
        "-r",
        register,
        "--out",
        site,
        "--keys",
        certified / "keys",
        "--include-fail",
        "--lang",
        "zh",
    )
    assert (again.exit_code, again.stderr) == (0, "")
    # the FAILs' 35 files, the index in both languages and the list (its this_update is new)
    assert again.stdout == f"已在 {site} 发布 14 份证书：写入 38 个文件，删除 0 个，38 个未变\n"
    assert [name for name in NAMES if name in site_text(site)] == []


def _id_of(register: Path, sku: str) -> list[str]:
    with sqlite3.connect(register) as db:
        (found,) = db.execute("SELECT certificate_id FROM certificates WHERE sku = ?", (sku,))
    return [str(found[0])]


def test_without_a_key_it_says_there_is_no_revocation_list(certified: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = run(
        "publish",
        "-r",
        certified / "reports" / "register.sqlite",
        "-o",
        site,
        "--include-fail",
        "--lang",
        "en",
    )
    assert (done.exit_code, done.stdout) == (
        0,
        f"14 certificates published in {site}: 74 files written, 0 removed, 0 unchanged\n",
    )
    assert done.stderr == (
        "note: no signing key given (--keys): the site has no signed revocation list, and its"
        " index says so\n"
    )
    assert "No signed revocation list" in (site / "index.html").read_text("utf-8")
    assert not (site / "revocations.json").exists()


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["-r", "missing.sqlite"], "missing.sqlite"),
        (["-r", "{register}", "--ca", "{register}"], "no X.509 certificate"),
    ],
)
def test_a_missing_register_or_a_bad_ca_is_one_line_and_exit_2(
    certified: Path, tmp_path: Path, args: list[str], error: str
) -> None:
    register = str(certified / "reports" / "register.sqlite")
    given = [arg.format(register=register) for arg in args]
    done = run("publish", *given, "--out", tmp_path / "site", "--lang", "en")
    assert done.exit_code == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()[-1:]
    assert line.startswith("error: ") and error in line
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_goes_to_stderr_unless_quiet(
    certified: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: bool
) -> None:
    """A line every PROGRESS_INTERVAL seconds (here every call): how many certificates are done."""
    monkeypatch.setattr(publish_command, "PROGRESS_INTERVAL", -1.0)
    register = certified / "reports" / "register.sqlite"
    done = run(
        "publish",
        "-r",
        register,
        "-o",
        tmp_path / "site",
        "--lang",
        "zh",
        *(["-q"] if quiet else []),
    )
    assert done.exit_code == 0
    assert done.stdout.startswith("已在 ")
    assert ("发布中：已完成 7 / 7 份证书\n" in done.stderr) is not quiet


def test_a_revocation_made_before_they_were_signed_is_named_when_it_is_signed(
    certified: Path, tmp_path: Path
) -> None:
    """The file cannot tell an earlier version's revocation from a row written without a key."""
    register = tmp_path / "register.sqlite"
    register.write_bytes((certified / "reports" / "register.sqlite").read_bytes())
    [wanted] = _id_of(register, "LAMP-220")
    with sqlite3.connect(register) as db:  # as 0.5.0 revoked: no signature
        db.execute(
            "INSERT INTO revocations (certificate_id, revoked_at, why)"
            " VALUES (?, '2026-11-30T08:00:00Z', 'label printed wrong')",
            (wanted,),
        )
    db.close()
    keyed = ("--keys", certified / "keys", "--include-fail", "-q", "--lang")
    done = run("publish", "-r", register, "-o", tmp_path / "site", *keyed, "en")
    assert done.exit_code == 0, done.output
    assert done.stderr == (
        "note: revoked before revocations were signed, now signed with this key, which vouches"
        f" for them in the list: {wanted}\n"
    )
    again = run("publish", "-r", register, "-o", tmp_path / "site", *keyed, "zh")
    assert (again.exit_code, again.stderr) == (0, "")  # signed once, named once
    listed = json.loads((tmp_path / "site" / "revocations.json").read_text("utf-8"))
    assert [r["certificate_id"] for r in listed["revoked_certificates"]] == [wanted]
@pytest.mark.parametrize(
    ("lang", "warning"),
    [
        (
            "en",
            "warning: 1 file fingerprint(s) are claimed by more than one certificate in the"
            " registers (one file is one certificate): the site vouches for none of those"
            " claims, so such a file dropped on it is not issued here. Find the rows with"
            " register list and the register they came from",
        ),
        ("zh", "warning: 登记册中有 1 个文件指纹被多份证书同时认领（一份文件只属于一份证书）"),
    ],
)
def test_a_file_claimed_by_two_certificates_is_vouched_for_by_neither(
    certified: Path, tmp_path: Path, lang: str, warning: str
) -> None:
    """Attack: a row (from a register handed over, or a merged site) claims the fingerprint of
    another certificate's genuine PDF for a revoked certificate of another issuer. A reader
    dropping the genuine PDF was told it was that revoked certificate, issued by that issuer."""
    register = tmp_path / "register.sqlite"
    register.write_bytes((certified / "reports" / "register.sqlite").read_bytes())
    with sqlite3.connect(register) as db:
        rows = db.execute("SELECT certificate_id, file_sha256 FROM certificates").fetchall()
        genuine, sha = rows[0]
        claimant = next(cid for cid, _ in rows if cid != genuine)
        db.execute(
            "UPDATE certificates SET file_sha256 = ?, issuer = 'Evil Lab' WHERE certificate_id = ?",
            (sha, claimant),
        )
    db.close()
    site = tmp_path / "site"
    done = run("publish", "-r", register, "-o", site, "--include-fail", "--lang", lang)
    assert done.exit_code == 0, done.output
    assert "14" in done.stdout
    assert done.stderr.splitlines()[-1].startswith(warning)
    assert not (site / "h" / f"{sha}.json").exists()
    shown = [
        json.loads((site / "c" / cid / "status.json").read_text()) for cid in (genuine, claimant)
    ]
    assert all(sha not in json.dumps(status["files"]) for status in shown)
