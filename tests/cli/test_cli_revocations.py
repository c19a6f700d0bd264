"""Revocations that travel, as an issuer and a reviewer run them: ``register revoke`` signed,
``verify --revocations`` on a machine with no register, ``keys rotate`` and ``keys revoke``."""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pytest
from test_run_pty import interrupt
from typer.testing import CliRunner, Result

from conftest import JUDGED_AT, ROOT, Certified
from qa_check.certificates.register import Register
from qa_check.certificates.signing.keys import (
    CA_CERT,
    SigningKey,
    init_keys,
    load_signing_key,
    read_keys,
)
from qa_check.certificates.signing.revocation_seal import checks, pem_of, revocation_bytes, sealer
from qa_check.certificates.signing.revocations import revocation_list
from qa_check.cli.app import app

runner = CliRunner()
THIS_UPDATE = datetime(2026, 11, 22, tzinfo=UTC)
NEXT_UPDATE = datetime(2026, 11, 29, tzinfo=UTC)
SIGNED_AT = "2026-11-23T01:00:00Z"
"""When the ``signed`` fixture's certificates were signed (their issue time)."""


def run(*args: str | Path, lang: str = "en") -> Result:
    env = {"QA_CHECK_LANG": lang}
    return runner.invoke(app, [str(arg) for arg in args], prog_name="qa-check", env=env)


@pytest.fixture
def issued(tmp_path: Path, signed: Certified) -> Certified:
    """The issuer's copy of the signed certificates and their register, to revoke in."""
    out = tmp_path / "issuer"
    shutil.copytree(signed.out, out)
    return Certified(out, out / signed.passed.name, out / signed.failed.name)


@pytest.fixture
def keys(tmp_path: Path, signing_keys: Path) -> Path:
    """The issuer's key folder, a copy that may be rotated."""
    copied = tmp_path / "keys"
    shutil.copytree(signing_keys, copied)
    return copied


def certificate_id(issued: Certified) -> str:
    with Register.open(issued.register, create=False) as register:
        return next(row.certificate_id for row in register.rows(verdict="PASS"))


def published(issued: Certified, key: SigningKey, site: Path, **times: datetime) -> Path:
    """``SITE/revocations.json`` as ``publish`` writes it from the issuer's register."""
    site.mkdir(exist_ok=True)
    this_update = times.get("this_update", THIS_UPDATE)
    next_update = times.get("next_update", NEXT_UPDATE)
    with Register.open(issued.register, create=False) as register:
        data = revocation_list([register], key, this_update=this_update, next_update=next_update)
    (site / "revocations.json").write_bytes(data)
    return site / "revocations.json"


# --- register revoke signs -----------------------------------------------------------------------


def test_revoke_without_a_key_is_refused_and_writes_nothing(issued: Certified) -> None:
    wanted = certificate_id(issued)
    done = run("register", "revoke", wanted, "--why", "wrong batch", "-r", issued.register)
    assert (done.exit_code, done.stdout) == (2, "")
    lines = done.stderr.splitlines()
    assert lines[0].endswith(
        ": no signing key here: create one with qa-check keys init --issuer NAME"
    )
    assert lines[1] == (
        "error: --keys: register revoke signs each revocation with the site's signing key"
        " (--keys DIR): nothing was revoked"
    )
    with Register.open(issued.register, create=False) as register:
        assert register.revocations() == []


def test_revoke_with_a_wrong_passphrase_writes_nothing(issued: Certified, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    init_keys(locked, "Lab One 深圳", b"s3cret", now=JUDGED_AT)
    env = {"QA_CHECK_KEY_PASSPHRASE": "wrong", "QA_CHECK_LANG": "zh"}
    args = ["register", "revoke", certificate_id(issued), "--why", "x", "-r", str(issued.register)]
    done = runner.invoke(app, [*args, "--keys", str(locked)], env=env)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        f"error: {locked / 'signing-key.pem'}: 该密钥的口令不正确",
        "error: --keys: register revoke 用站点的签名密钥（--keys 目录）为每项撤销签名："
        "未撤销任何证书",
    ]
    with Register.open(issued.register, create=False) as register:
        assert register.revocations() == []


def test_revoke_signs_the_revocation_with_the_sites_key(issued: Certified, keys: Path) -> None:
    wanted = certificate_id(issued)
    done = run(
        "register",
        "revoke",
        wanted,
        "--why",
        "wrong photo 照片",
        "-r",
        issued.register,
        "--keys",
        keys,
    )
    fingerprint = read_keys(keys).fingerprint
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout == (
        f"{wanted} revoked, in every language it was issued in (1): wrong photo 照片\n"
        f"    signed with the key {fingerprint[:16]}…\n"
    )
    with Register.open(issued.register, create=False) as register:
        [(named, at, why, signer, signature, certificate)] = register.revocations()
    assert (named, why, signer) == (wanted, "wrong photo 照片", fingerprint)
    key = load_signing_key(keys, None, now=JUDGED_AT)
    assert certificate == pem_of(key.cert)  # it travels with the seal through register merge
    assert checks(key.cert, revocation_bytes(named, at, why), signature)
    assert not checks(key.cert, revocation_bytes(named, at, "another reason"), signature)


# --- verify --revocations: a reviewer with the site's list and no register --------------------


def test_verify_with_the_published_list_reports_revoked_without_a_register(
    issued: Certified, keys: Path, tmp_path: Path
) -> None:
    wanted = certificate_id(issued)
    run("register", "revoke", wanted, "--why", "wrong photo", "-r", issued.register, "--keys", keys)
    site = published(issued, load_signing_key(keys, None, now=JUDGED_AT), tmp_path / "site")
    reviewer = tmp_path / "reviewer"  # the files and the issuer's CA: no register, no key folder
    reviewer.mkdir()
    for file in (issued.passed, issued.failed, keys / CA_CERT):
        shutil.copy(file, reviewer)
    passed, failed = reviewer / issued.passed.name, reviewer / issued.failed.name
    trust = ("--trust", reviewer / CA_CERT)
    done = run("verify", passed, failed, *trust, "--revocations", site)
    assert (done.exit_code, done.stderr) == (1, "")
    lines = done.stdout.splitlines()
    assert lines[0] == f"REVOKED   {passed}  {wanted}  TWS-EB-001  PASS"
    with Register.open(issued.register, create=False) as register:
        [(_, at, *_)] = register.revocations()
    assert lines[2] == f"    ! revoked on {at}: wrong photo (revocation list {site})"
    assert lines[3].startswith(f"VALID     {failed}  ")
    chinese = run("verify", passed, *trust, "--revocations", site, lang="zh")
    assert chinese.stdout.splitlines()[2] == f"    ! 已于 {at} 撤销：wrong photo（撤销列表 {site}）"
    without = run("verify", passed, *trust)  # the file alone cannot know
    assert (without.exit_code, without.stdout.split()[0]) == (0, "VALID")


def test_a_list_past_its_next_update_warns_and_the_verdict_stands(
    issued: Certified, keys: Path, tmp_path: Path
) -> None:
    run(
        "register",
        "revoke",
        certificate_id(issued),
        "--why",
        "x",
        "-r",
        issued.register,
        "--keys",
        keys,
    )
    site = published(issued, load_signing_key(keys, None, now=JUDGED_AT), tmp_path / "site")
    done = run(
        "verify",
        issued.passed,
        "--keys",
        keys,
        "--revocations",
        site,
        "--at",
        "2026-12-01T00:00:00Z",
    )
    assert (done.exit_code, done.stdout.split()[0]) == (1, "REVOKED")
    assert done.stderr == (
        f"warning: {site} is past its next update (2026-11-29T00:00:00Z): a newer list may"
        " revoke more; get the issuer's current one. What it revokes stays revoked.\n"
    )


def test_an_edited_list_is_an_error_naming_the_file(
    issued: Certified, keys: Path, tmp_path: Path
) -> None:
    run(
        "register",
        "revoke",
        certificate_id(issued),
        "--why",
        "x",
        "-r",
        issued.register,
        "--keys",
        keys,
    )
    site = published(issued, load_signing_key(keys, None, now=JUDGED_AT), tmp_path / "site")
    document = json.loads(site.read_text("utf-8"))
    document["revoked_certificates"] = []  # the revoked certificate taken off the list
    site.write_text(json.dumps(document), "utf-8")
    done = run("verify", issued.passed, "--keys", keys, "--revocations", site)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {site}: the revocation list's signature does not match its content: it was"
        " edited after signing\n"
    )


def test_a_list_signed_by_an_untrusted_key_is_an_error_naming_the_file(
    issued: Certified, keys: Path, other_keys: Path, tmp_path: Path
) -> None:
    forger = load_signing_key(other_keys, None, now=JUDGED_AT)
    with Register.open(issued.register, create=False) as register:
        register.revoke(certificate_id(issued), "forged", JUDGED_AT, sealer(forger))
    site = published(issued, forger, tmp_path / "site")
    done = run("verify", issued.passed, "--keys", keys, "--revocations", site)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {site}: the revocation list is signed by Lab Two, key"
        f" {forger.info.fingerprint[:16]}…, which no trusted CA vouches for (--trust FILE"
        " names the issuer's ca-cert.pem)\n"
    )


# --- keys rotate, keys revoke: a compromised signing certificate --------------------------------


def test_rotate_keeps_what_the_old_key_signed_valid(issued: Certified, keys: Path) -> None:
    old = read_keys(keys)
    done = run("keys", "rotate", "--keys", keys)
    assert (done.exit_code, done.stderr) == (0, "")
    new = read_keys(keys)
    assert new.fingerprint != old.fingerprint
    retired = keys / "retired" / f"{old.fingerprint}.pem"
    assert done.stdout.splitlines()[-1] == (
        f"The old signing certificate is kept in {retired}: what it signed keeps verifying"
        " (same CA), and its private key is gone."
    )
    verified = run("verify", issued.passed, "--keys", keys)
    assert (verified.exit_code, verified.stdout.split()[0]) == (0, "VALID")
    shown = run("keys", "show", "--keys", keys, lang="zh")
    grouped = " ".join(old.fingerprint[i : i + 4] for i in range(0, 64, 4))
    assert shown.stdout.splitlines()[-1].startswith(f"已停用：          {grouped}（至 20")


def test_a_withdrawn_key_untrusts_what_it_signed_after_and_not_before(
    issued: Certified, keys: Path, tmp_path: Path
) -> None:
    old = read_keys(keys).fingerprint
    earlier = tmp_path / "earlier"  # the register as it was before the key was withdrawn
    shutil.copytree(issued.out, earlier)
    run("keys", "rotate", "--keys", keys)
    in_use = run(
        "keys",
        "revoke",
        read_keys(keys).fingerprint,
        "--why",
        "x",
        "-r",
        issued.register,
        "--keys",
        keys,
    )
    assert (in_use.exit_code, in_use.stdout) == (2, "")
    assert "this is the signing key in use: run qa-check keys rotate first" in in_use.stderr
    grouped = " ".join(old[i : i + 4] for i in range(0, 64, 4))
    done = run(
        "keys", "revoke", grouped, "--why", "laptop stolen", "-r", issued.register, "--keys", keys
    )
    assert (done.exit_code, done.stderr) == (0, "")
    with Register.open(issued.register, create=False) as register:
        [(named, at, *_)] = register.revocations(keys=True)
    assert named == old
    assert done.stdout == (
        f"signing certificate {old[:16]}… withdrawn: what it signed from {at} on is"
        " UNTRUSTED (laptop stolen)\n"
    )
    before = run("verify", issued.passed, "--keys", keys, "--register", issued.register)
    assert (before.exit_code, before.stdout.split()[0]) == (0, "VALID")  # signed before it
    assert before.stdout.splitlines()[2] == (
        f"    signed at {SIGNED_AT}, before its key {old[:16]}… was withdrawn on {at}"
        f" (laptop stolen; {issued.register})"
    )
    # Withdrawn earlier (the laptop went missing on the 20th): what it signed on the 23rd is not
    # the issuer's. The register says so, and so does the list it publishes.
    now = datetime.now(UTC)
    key = load_signing_key(keys, None, now=now)
    with Register.open(earlier / "register.sqlite", create=False) as register:
        register.revoke_key(
            old, "laptop stolen", datetime(2026, 11, 20, tzinfo=UTC), sealer(key, keys=True)
        )
    after = run("verify", issued.passed, "--keys", keys, "--register", earlier / "register.sqlite")
    assert (after.exit_code, after.stdout.splitlines()[0].split()[0]) == (1, "UNTRUSTED")
    reason = (
        f"    ! signed at {SIGNED_AT} by the key {old[:16]}…, withdrawn on 2026-11-20T00:00:00Z:"
        " laptop stolen ({})"
    )
    assert after.stdout.splitlines()[2] == reason.format(earlier / "register.sqlite")
    site = published(
        Certified(earlier, issued.passed, issued.failed),
        key,
        tmp_path / "site",
        this_update=now,
        next_update=now + timedelta(days=7),
    )
    listed = run("verify", issued.passed, "--keys", keys, "--revocations", site)
    assert (listed.exit_code, listed.stdout.splitlines()[2]) == (1, reason.format(site))


# --- at a terminal: the passphrase typed, Ctrl-C ------------------------------------------------


def spawned(tmp_path: Path, *args: str | Path) -> pexpect.spawn[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QA_CHECK_LANG": "en"}
    env.pop("QA_CHECK_KEY_PASSPHRASE", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "qa_check", *map(str, args)],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
    )


def test_at_a_terminal_revoke_and_rotate_ask_for_the_passphrase_and_ctrl_c_writes_nothing(
    issued: Certified, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    init_keys(locked, "Lab One 深圳", b"pw", now=datetime.now(UTC))
    wanted = certificate_id(issued)
    revoke = ("register", "revoke", wanted, "--why", "wrong photo", "-r", issued.register)
    stopped = spawned(tmp_path, *revoke, "--keys", locked)
    stopped.expect("Passphrase for the signing key:")
    interrupt(stopped)
    stopped.expect(pexpect.EOF)
    stopped.close()
    assert stopped.exitstatus == 130
    with Register.open(issued.register, create=False) as register:
        assert register.revocations() == []
    typed = spawned(tmp_path, *revoke, "--keys", locked)
    typed.expect("Passphrase for the signing key:")
    typed.sendline("pw")
    typed.expect(f"{wanted} revoked, in every language it was issued in \\(1\\): wrong photo")
    typed.expect(pexpect.EOF)
    typed.close()
    assert typed.exitstatus == 0
    old = read_keys(locked).fingerprint
    rotated = spawned(tmp_path, "keys", "rotate", "--keys", locked)
    rotated.expect("Passphrase for the signing key:")
    rotated.sendline("pw")
    rotated.expect(f"The old signing certificate is kept in {locked}/retired/{old}.pem")
    rotated.expect(pexpect.EOF)
    rotated.close()
    assert rotated.exitstatus == 0
    load_signing_key(locked, b"pw", now=datetime.now(UTC))  # the new key keeps the passphrase
