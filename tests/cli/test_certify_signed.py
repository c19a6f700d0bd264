"""certify with a signing key: every certificate signed, named on its page, kept in the register."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from conftest import (
    CHECKLISTS,
    JUDGED_AT,
    PASSING_RECORD,
    SIGNED_ISSUED_AT,
    Certified,
    certificates_in,
    certify_into,
    with_sku,
)
from qa_check.certificates.payload import SignedBy, grouped_fingerprint, read_payload
from qa_check.certificates.register import Register, Row
from qa_check.certificates.signing.keys import CA_CERT, init_keys, read_keys
from qa_check.certificates.signing.trust import load_trust, read_signature
from qa_check.certificates.verify import embedded_record
from qa_check.cli.app import app

runner = CliRunner()


def certify(*args: str | Path) -> Result:
    return runner.invoke(app, ["certify", *map(str, args), "-c", str(CHECKLISTS), "--jobs", "1"])


def write_records(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        data = with_sku(PASSING_RECORD, f"SKU-{n:03}")
        text = yaml.safe_dump(data, allow_unicode=True)
        (folder / f"r{n:03}.yaml").write_text(text, encoding="utf-8")
    return folder


def signer_named(path: Path) -> SignedBy | None:
    data = path.read_bytes()
    return read_payload(embedded_record(data, str(path)), str(path))[0].signer


def registered(path: Path) -> list[Row]:
    with Register.open(path, create=False) as register:
        return list(register.rows())


def tool(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True)
    return done.stdout


# --- what certify writes -----------------------------------------------------------------------


def test_every_certificate_is_signed_and_names_its_signer_on_the_page(
    signed: Certified, signing_keys: Path
) -> None:
    info = read_keys(signing_keys)
    trust = load_trust([info.ca_file])
    for path in (signed.passed, signed.failed):
        found = read_signature(path.read_bytes(), trust, JUDGED_AT)
        assert found is not None
        assert (found.name, found.fingerprint, found.problem) == (
            info.issuer,
            info.fingerprint,
            None,
        )
        assert signer_named(path) == SignedBy(info.issuer, info.fingerprint)
        text = " ".join(tool("pdftotext", "-layout", path, "-").split())
        key = grouped_fingerprint(info.fingerprint)
        assert f"Digitally signed by {info.issuer} · key {key}" in text


def test_no_sign_writes_unsigned_certificates(unsigned: Certified, signing_keys: Path) -> None:
    trust = load_trust([signing_keys / CA_CERT])
    for path in (unsigned.passed, unsigned.failed):
        assert read_signature(path.read_bytes(), trust, JUDGED_AT) is None
        assert signer_named(path) is None
        assert "Digitally signed" not in tool("pdftotext", path, "-")


def test_a_key_in_the_configuration_folder_signs_by_default_and_no_sign_does_not(
    tmp_path: Path,
) -> None:
    """The autouse fixture points XDG_CONFIG_HOME at a folder of this test's own."""
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "qa-check" / "keys"
    info = init_keys(folder, "Default Lab", None, now=JUDGED_AT.replace(year=2026, month=1))
    records = write_records(tmp_path / "in", 1)
    by_default = certify(records, "-o", tmp_path / "a", "-q", "--issued-at", SIGNED_ISSUED_AT)
    assert (by_default.exit_code, by_default.stderr) == (0, "")
    [made] = certificates_in(tmp_path / "a")[:1]
    assert signer_named(made) == SignedBy("Default Lab", info.fingerprint)
    plain = certify(records, "-o", tmp_path / "b", "-q", "--no-sign")
    assert (plain.exit_code, plain.stderr) == (0, "")
    assert signer_named(certificates_in(tmp_path / "b")[0]) is None


def test_the_qr_code_holds_the_id_the_digest_and_the_signing_key(
    signed: Certified, signing_keys: Path, tmp_path: Path
) -> None:
    data = signed.passed.read_bytes()
    payload = read_payload(embedded_record(data, "x"), "x")[0]
    tool("pdftoppm", "-r", "150", "-png", signed.passed, tmp_path / "page")
    [image] = sorted(tmp_path.glob("page-*.png"))
    key = read_keys(signing_keys).fingerprint[:16]
    assert sorted(tool("zbarimg", "-q", image).splitlines()) == [
        "CODE-128:TWS-EB-001",
        f"QR-Code:{payload.certificate_id} SHA256:{payload.digest.upper()} KEY:{key}",
    ]


def test_signed_certificates_are_the_same_bytes_on_one_job_or_two(
    signed: Certified, signing_keys: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    two = certify_into(tmp_path_factory, "two-jobs", "--keys", signing_keys, "--jobs", "2")
    assert two.passed.read_bytes() == signed.passed.read_bytes()
    assert two.failed.read_bytes() == signed.failed.read_bytes()
    assert [row._replace(file="") for row in registered(two.register)] == [
        row._replace(file="") for row in registered(signed.register)
    ]


# --- the register --------------------------------------------------------------------------------


def test_the_register_has_a_row_per_certificate_with_its_signer(
    signed: Certified, unsigned: Certified, signing_keys: Path
) -> None:
    fingerprint = read_keys(signing_keys).fingerprint
    rows = registered(signed.register)
    assert sorted((row.file, row.verdict, row.signer) for row in rows) == [
        (signed.passed.name, "PASS", fingerprint),
        (signed.failed.name, "FAIL", fingerprint),
    ]
    for row in rows:
        payload = read_payload(embedded_record((signed.out / row.file).read_bytes(), "x"), "x")[0]
        assert (row.certificate_id, row.digest, row.status) == (
            payload.certificate_id,
            payload.digest,
            "issued",
        )
    assert {row.signer for row in registered(unsigned.register)} == {""}


def test_a_rerun_keeps_the_signed_certificates_and_adds_nothing(
    signed: Certified, signing_keys: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(signed.out, out)
    before = {path.name: path.read_bytes() for path in certificates_in(out)}
    again = certify(signed.out.parent / "records", "-o", out, "--keys", signing_keys)
    assert (again.exit_code, again.stderr) == (1, "")
    assert again.stdout.count("(unchanged, kept)") == 2
    assert {path.name: path.read_bytes() for path in certificates_in(out)} == before
    assert registered(out / "register.sqlite") == registered(signed.register)


def test_a_rerun_registers_kept_certificates_as_they_were_issued(
    signed: Certified, signing_keys: Path, tmp_path: Path
) -> None:
    """A register lost or never written: the rerun adds the kept files under their own issue."""
    out = tmp_path / "out"
    shutil.copytree(signed.out, out)
    (out / "register.sqlite").unlink()
    again = certify(signed.out.parent / "records", "-o", out, "--keys", signing_keys)
    assert again.stdout.count("(unchanged, kept)") == 2
    assert registered(out / "register.sqlite") == registered(signed.register)


def test_a_batch_killed_outright_leaves_whole_rows_and_the_rerun_completes_the_register(
    tmp_path: Path, signing_keys: Path
) -> None:
    records = write_records(tmp_path / "in", 60)
    out = tmp_path / "out"
    args: list[Any] = [sys.executable, "-m", "qa_check", "certify", records, "-o", out]
    args += ["-c", CHECKLISTS, "--keys", signing_keys, "--jobs", "2"]
    with subprocess.Popen(
        [str(arg) for arg in args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("PASS")
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
    killed = sorted(out.glob("*.pdf"))
    assert 1 <= len(killed) < 60
    fingerprint = read_keys(signing_keys).fingerprint
    rows = registered(out / "register.sqlite")  # opens: SQLite rolled back the open batch
    assert len(rows) <= len(killed)
    assert all(row.signer == fingerprint and (out / row.file).is_file() for row in rows)
    again = certify(records, "-o", out, "-q", "--keys", signing_keys)
    assert (again.exit_code, again.stderr) == (0, "")
    rows = registered(out / "register.sqlite")
    assert sorted(row.sku for row in rows) == [f"SKU-{n:03}" for n in range(60)]
    assert {row.signer for row in rows} == {fingerprint}
    trust = load_trust([signing_keys / CA_CERT])
    for path in out.glob("*.pdf"):
        if path.name != "summary.pdf":
            found = read_signature(path.read_bytes(), trust, JUDGED_AT)
            assert found is not None
            assert found.problem is None


# --- keys that cannot sign ----------------------------------------------------------------------


def test_keys_naming_a_folder_without_a_key_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    records = write_records(tmp_path / "in", 1)
    done = certify(records, "-o", tmp_path / "out", "--keys", tmp_path / "empty")
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {tmp_path / 'empty'}: no signing key here: create one with qa-check keys init"
        " --issuer NAME\n"
    )
    assert not (tmp_path / "out").exists() or certificates_in(tmp_path / "out") == []


def test_a_wrong_passphrase_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "keys"
    init_keys(folder, "Locked Lab", b"right horse battery", now=JUDGED_AT.replace(month=1))
    monkeypatch.setenv("QA_CHECK_KEY_PASSPHRASE", "wrong")
    records = write_records(tmp_path / "in", 1)
    done = certify(records, "-o", tmp_path / "out", "--keys", folder)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"error: {folder / 'signing-key.pem'}: wrong passphrase for this key\n"
    monkeypatch.setenv("QA_CHECK_KEY_PASSPHRASE", "right horse battery")
    right = certify(records, "-o", tmp_path / "out", "-q", "--keys", folder)
    assert (right.exit_code, right.stderr) == (0, "")
    assert signer_named(certificates_in(tmp_path / "out")[0]) is not None


@pytest.mark.parametrize("issued_at", [None, "2024-06-01T09:00:00+00:00"])
def test_an_expired_signing_certificate_is_refused_exit_2(
    tmp_path: Path, issued_at: str | None
) -> None:
    """Also when --issued-at is back-dated to when it was valid: the signature is made now."""
    folder = tmp_path / "keys"
    made = JUDGED_AT.replace(year=2023)
    init_keys(folder, "Old Lab", None, now=made, signing_years=1)
    record: dict[str, Any] = with_sku(PASSING_RECORD, "OLD-1")
    record["inspected_at"] = "2024-05-20T10:15:00+08:00"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "old.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), "utf-8")
    when = [] if issued_at is None else ["--issued-at", issued_at]
    done = certify(tmp_path / "in", "-o", tmp_path / "out", "--keys", folder, *when)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.startswith(
        f"error: {folder / 'signing-cert.pem'}: the signing certificate expired on"
        " 2024-11-23 00:00 UTC: create new keys in another folder"
    )
    assert "Traceback" not in done.stderr
