"""``publish --trust``: two sites, each revoking with its own key, published as one site.

Site A ("Lab One 深圳", ``signing_keys``) publishes; site B ("Lab Two", ``other_keys``) certified
and revoked under its own CA. Their registers meet in ``register merge``, or as two ``-r``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import KEYS_MADE, Certified, certify_into
from qa_check.certificates.payload import grouped_fingerprint
from qa_check.certificates.signing.keys import CA_CERT, init_keys, read_keys
from qa_check.certificates.signing.trust import load_trust
from qa_check.cli.app import app

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(arg) for arg in args], prog_name="qa-check")


@pytest.fixture(scope="module")
def site_b(tmp_path_factory: pytest.TempPathFactory, other_keys: Path) -> Certified:
    """Site B's certificates, signed with its own key under its own CA."""
    return certify_into(tmp_path_factory, "site-b", "--keys", other_keys)


def passed_id(certified: Certified) -> str:
    with sqlite3.connect(certified.register) as db:
        [(found,)] = db.execute("SELECT certificate_id FROM certificates WHERE verdict = 'PASS'")
    db.close()
    return str(found)


def revoked_copy(certified: Certified, into: Path, why: str, keys: Path) -> Path:
    """A copy of the site's register whose PASS its operator revoked with the site's key."""
    into.write_bytes(certified.register.read_bytes())
    done = run("register", "revoke", passed_id(certified), "--why", why, "-r", into, "--keys", keys)
    assert done.exit_code == 0, done.output
    return into


@pytest.fixture
def registers(
    tmp_path: Path, signed: Certified, site_b: Certified, signing_keys: Path, other_keys: Path
) -> tuple[Path, Path]:
    a = revoked_copy(signed, tmp_path / "a.sqlite", "wrong photo", signing_keys)
    b = revoked_copy(site_b, tmp_path / "b.sqlite", "wrong batch 批次错误", other_keys)
    return a, b


def publish(site: Path, registers: list[Path], keys: Path, *trust: Path) -> Result:
    given = [arg for register in registers for arg in ("-r", register)]
    trusted = [arg for path in trust for arg in ("--trust", path)]
    return run("publish", *given, "--out", site, "--keys", keys, *trusted, "--lang", "en")


def _fingerprint(ca: Path) -> str:
    [der] = load_trust([ca]).roots
    return grouped_fingerprint(hashlib.sha256(der).hexdigest().upper())


@pytest.mark.parametrize("merged", [True, False], ids=["register merge", "two -r"])
def test_two_sites_revocations_publish_as_one_site_under_trust(
    tmp_path: Path,
    registers: tuple[Path, Path],
    signed: Certified,
    site_b: Certified,
    signing_keys: Path,
    other_keys: Path,
    merged: bool,
) -> None:
    if merged:
        union = tmp_path / "all.sqlite"
        assert run("register", "merge", *registers, "-o", union).exit_code == 0
        given = [union]
    else:
        given = list(registers)
    site = tmp_path / "site"
    b_ca = other_keys / CA_CERT
    refused = publish(site, given, signing_keys)
    b_id, b_key = passed_id(site_b), _signing_fingerprint(other_keys)
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"error: {given[-1]} [{b_id}]: the revocation of {b_id} is signed by Lab Two, key"
        f" {b_key[:16]}…, whose CA is neither this key folder's nor one given with --trust:"
        " publish with --trust FILE naming that site's ca-cert.pem, or it is not published\n"
    )
    done = publish(site, given, signing_keys, b_ca)
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        f"2 certificates published in {site}: 15 files written, 0 removed, 0 unchanged\n"
    )
    assert done.stderr == (
        "note: 2 FAIL or REJECT certificates not published (--include-fail publishes them)\n"
    )
    listed = json.loads((site / "revocations.json").read_text("utf-8"))
    assert {(e["certificate_id"], e["why"]) for e in listed["revoked_certificates"]} == {
        (passed_id(signed), "wrong photo"),
        (b_id, "wrong batch 批次错误"),
    }
    assert (site / "ca-cert.pem").read_text("ascii") == (
        (signing_keys / CA_CERT).read_text("ascii") + b_ca.read_text("ascii")
    )
    index = (site / "index.html").read_text("utf-8")
    assert _fingerprint(signing_keys / CA_CERT) in index and _fingerprint(b_ca) in index
    status = json.loads((site / "c" / b_id / "status.json").read_text("utf-8"))
    assert (status["status"], status["revoked"]["why"]) == ("REVOKED", "wrong batch 批次错误")


def _signing_fingerprint(keys: Path) -> str:
    return read_keys(keys).fingerprint


def test_a_reader_trusting_the_sites_cas_sees_the_other_sites_certificate_revoked(
    tmp_path: Path,
    registers: tuple[Path, Path],
    site_b: Certified,
    signing_keys: Path,
    other_keys: Path,
) -> None:
    site = tmp_path / "site"
    assert publish(site, list(registers), signing_keys, other_keys / CA_CERT).exit_code == 0
    listed = site / "revocations.json"
    for trusted in (site / "ca-cert.pem", signing_keys / CA_CERT):
        found = run("verify", site_b.passed, "--revocations", listed, "--trust", trusted)
        assert (found.exit_code, found.stderr) == (1, "")
        first = found.stdout.splitlines()[0]
        if trusted.name == "ca-cert.pem" and trusted.parent == site:
            # both CAs: B's PDF signature checks, and A's list says B revoked it
            assert first.startswith(f"REVOKED   {site_b.passed}  {passed_id(site_b)}"), found.stdout
            assert "! revoked on " in found.stdout and "wrong batch 批次错误" in found.stdout
        else:
            # A's CA alone reads A's list (B's entry on the list's word), but B's PDF signature
            # has nothing vouching for it: UNTRUSTED comes first
            assert first.startswith(f"UNTRUSTED {site_b.passed}"), found.stdout
    unread = run("verify", site_b.passed, "--revocations", listed, "--trust", other_keys / CA_CERT)
    assert unread.exit_code == 2
    assert "is signed by Lab One 深圳" in unread.stderr  # B's CA alone is not A's list's


def test_a_row_sealed_under_a_ca_nobody_named_or_with_no_certificate_is_still_refused(
    tmp_path: Path,
    registers: tuple[Path, Path],
    site_b: Certified,
    signing_keys: Path,
    other_keys: Path,
) -> None:
    b_id = passed_id(site_b)
    forged = tmp_path / "forged.sqlite"
    init_keys(tmp_path / "forger", "Lab Two", None, now=KEYS_MADE)  # B's name, another CA
    revoked_copy(site_b, forged, "forged", tmp_path / "forger")
    site = tmp_path / "site"
    done = publish(site, [registers[0], forged], signing_keys, other_keys / CA_CERT)
    assert (done.exit_code, done.stdout) == (2, "")
    forger = _signing_fingerprint(tmp_path / "forger")
    assert done.stderr.startswith(
        f"error: {forged} [{b_id}]: the revocation of {b_id} is signed by Lab Two, key"
        f" {forger[:16]}…, whose CA is neither"
    )
    with sqlite3.connect(registers[1]) as db:
        db.execute("UPDATE revocations SET signer_certificate = ''")
    db.close()
    done = publish(site, list(registers), signing_keys, other_keys / CA_CERT)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {registers[1]} [{b_id}]: the revocation of {b_id} is not signed by this key"
        " folder's signing key or a retired one (written without the key?): it is not"
        " published\n"
    )
    assert not (site / "revocations.json").exists()


def test_a_trust_file_that_is_no_certificate_is_named_and_nothing_written(
    tmp_path: Path, registers: tuple[Path, Path], signing_keys: Path
) -> None:
    not_a_ca = tmp_path / "dongguan-ca.pem"
    not_a_ca.write_text("a note, not a certificate\n", encoding="utf-8")
    done = publish(tmp_path / "site", list(registers), signing_keys, not_a_ca)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {not_a_ca}: no X.509 certificate in it (PEM or DER); --trust takes the CA"
        " certificate a site hands out, such as ca-cert.pem\n"
    )
    assert not (tmp_path / "site").exists()
