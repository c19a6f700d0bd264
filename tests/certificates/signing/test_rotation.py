"""rotation.py: a new signing key under the same CA, the old certificate kept in retired/."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qa_check.certificates.signing.keys import (
    CA_KEY,
    SIGNING_CERT,
    SIGNING_KEY,
    KeysError,
    init_keys,
    load_signing_key,
    read_certificate,
    read_keys,
)
from qa_check.certificates.signing.rotation import (
    RETIRED,
    fingerprint_given,
    retired_certificates,
    rotate_keys,
)

NOW = datetime(2026, 12, 6, 19, 30, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path: Path, signing_keys: Path) -> Path:
    copied = tmp_path / "keys"
    shutil.copytree(signing_keys, copied)
    return copied


def test_rotate_makes_a_new_signing_key_under_the_same_ca_and_keeps_the_old_certificate(
    folder: Path,
) -> None:
    before = read_keys(folder)
    old_pem = (folder / SIGNING_CERT).read_bytes()
    after, retired = rotate_keys(folder, None, now=NOW)
    assert (after.issuer, after.ca_fingerprint) == (before.issuer, before.ca_fingerprint)
    assert after.fingerprint != before.fingerprint
    assert retired == folder / RETIRED / f"{before.fingerprint}.pem"
    assert retired.read_bytes() == old_pem
    new = load_signing_key(folder, None, now=NOW)  # the new key and certificate belong together
    new.cert.verify_directly_issued_by(new.ca)
    assert new.cert.not_valid_before_utc == NOW.replace(minute=30)
    [listed] = retired_certificates(folder)
    assert (listed.fingerprint, listed.file) == (before.fingerprint, retired)
    assert (folder / SIGNING_KEY).stat().st_mode & 0o777 == 0o600


def test_rotating_twice_retires_both_earlier_certificates(folder: Path) -> None:
    first = read_keys(folder).fingerprint
    second = rotate_keys(folder, None, now=NOW)[0].fingerprint
    rotate_keys(folder, None, now=NOW)
    assert {old.fingerprint for old in retired_certificates(folder)} == {first, second}


def test_an_encrypted_folder_rotates_with_its_passphrase_and_stays_encrypted(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "locked"
    init_keys(folder, "Lab Three", b"s3cret", now=NOW)
    before = (folder / SIGNING_KEY).read_bytes()
    with pytest.raises(KeysError) as wrong:
        rotate_keys(folder, b"wrong", now=NOW)
    assert wrong.value.problems[0].show().endswith("wrong passphrase for this key")
    assert (folder / SIGNING_KEY).read_bytes() == before  # nothing changed
    assert not (folder / RETIRED).exists()
    rotate_keys(folder, b"s3cret", now=NOW)
    assert b"ENCRYPTED PRIVATE KEY" in (folder / SIGNING_KEY).read_bytes()
    load_signing_key(folder, b"s3cret", now=NOW)


def test_without_the_ca_key_nothing_is_rotated(folder: Path) -> None:
    (folder / CA_KEY).unlink()
    before = read_certificate(folder / SIGNING_CERT)
    with pytest.raises(KeysError) as refused:
        rotate_keys(folder, None, now=NOW)
    assert refused.value.problems[0].show() == (
        f"{folder / CA_KEY}: no CA key here: a new signing key needs the CA's private key"
        " (ca-key.pem) that keys init wrote beside it"
    )
    assert read_certificate(folder / SIGNING_CERT) == before


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ab" * 32, "AB" * 32),
        (" ".join(["ABCD"] * 16), "ABCD" * 16),
        (":".join(["ab"] * 32), "AB" * 32),
        ("AB" * 31, None),
        ("G" * 64, None),
        ("", None),
    ],
)
def test_a_fingerprint_is_taken_as_keys_show_prints_it(typed: str, read: str | None) -> None:
    assert fingerprint_given(typed) == read
