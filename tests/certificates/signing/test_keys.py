"""The key folder: what init writes and with which modes, and every way a key can be unusable."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from qa_check.certificates.signing.keys import (
    CA_CERT,
    CA_KEY,
    FULL_NAME,
    NAME_ATTRIBUTE_BYTES,
    SIGNING_CERT,
    SIGNING_KEY,
    KeysError,
    full_name,
    has_keys,
    init_keys,
    load_signing_key,
    needs_passphrase,
    read_keys,
)

MADE = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
LATER = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
ISSUER = "深圳 QA Lab"


def made(folder: Path, passphrase: bytes | None = None, **years: int) -> Path:
    init_keys(folder, ISSUER, passphrase, now=MADE, **years)
    return folder


def problem(caught: pytest.ExceptionInfo[KeysError]) -> str:
    [found] = caught.value.problems
    return str(found)


def cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_init_writes_a_ca_and_a_signing_key_owner_only_in_a_private_folder(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "keys"
    info = init_keys(folder, ISSUER, None, now=MADE)
    assert sorted(p.name for p in folder.iterdir()) == [CA_CERT, CA_KEY, SIGNING_CERT, SIGNING_KEY]
    assert folder.stat().st_mode & 0o777 == 0o700
    for private in (CA_KEY, SIGNING_KEY):
        assert (folder / private).stat().st_mode & 0o777 == 0o600
    for public in (CA_CERT, SIGNING_CERT):
        assert (folder / public).stat().st_mode & 0o077 in (0o044, 0o004, 0o040, 0o000)
    signing, ca = cert(folder / SIGNING_CERT), cert(folder / CA_CERT)
    assert info.folder == folder
    assert info.issuer == ISSUER
    assert info.ca_file == folder / CA_CERT
    der = serialization.Encoding.DER
    assert info.fingerprint == hashlib.sha256(signing.public_bytes(der)).hexdigest().upper()
    assert info.ca_fingerprint == hashlib.sha256(ca.public_bytes(der)).hexdigest().upper()
    assert info.not_after == datetime(2036, 1, 5, 8, 30, tzinfo=UTC)
    assert read_keys(folder) == info


def test_the_certificates_are_a_ca_and_a_signing_certificate_under_it(tmp_path: Path) -> None:
    folder = made(tmp_path / "k")
    signing, ca = cert(folder / SIGNING_CERT), cert(folder / CA_CERT)
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == f"{ISSUER} CA"
    assert ca.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == ISSUER
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    ca_usage = ca.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (ca_usage.key_cert_sign, ca_usage.crl_sign, ca_usage.digital_signature) == (
        True,
        True,
        False,
    )
    assert ca.not_valid_after_utc == datetime(2046, 1, 5, 8, 30, tzinfo=UTC)
    assert signing.issuer == ca.subject
    assert signing.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == ISSUER
    assert not signing.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = signing.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (usage.digital_signature, usage.content_commitment, usage.key_cert_sign) == (
        True,
        True,
        False,
    )
    signing.verify_directly_issued_by(ca)
    name = ISSUER.encode("utf-8")
    assert bytes([0x0C, len(name)]) + name in signing.subject.public_bytes()  # a UTF8String


def test_a_second_init_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    folder = made(tmp_path / "k")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(KeysError) as caught:
        init_keys(folder, "Another Lab", None, now=LATER)
    assert problem(caught) == (
        f"{folder / SIGNING_KEY}: a key is already here: it is never replaced"
        " (move the folder away to start anew)"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize(
    ("issuer", "says"),
    [
        ("Lab\nB", "is not valid here"),
        ("", "empty: write something here"),
        ("   ", "empty: write something here"),
        ("Lab 😀", "cannot show"),
        ("x" * 201, "at most 200"),
    ],
)
def test_an_issuer_name_follows_the_site_configuration_rules(
    tmp_path: Path, issuer: str, says: str
) -> None:
    with pytest.raises(KeysError) as caught:
        init_keys(tmp_path / "k", issuer, None, now=MADE)
    assert problem(caught).startswith("--issuer: ")
    assert says in problem(caught)
    assert not (tmp_path / "k").exists()


def test_the_issuer_name_is_stripped_as_the_configuration_strips_it(tmp_path: Path) -> None:
    assert init_keys(tmp_path / "k", "  Shenzhen Lab ", None, now=MADE).issuer == "Shenzhen Lab"


def test_has_keys_and_a_missing_folder(tmp_path: Path) -> None:
    assert not has_keys(tmp_path / "none")
    with pytest.raises(KeysError) as caught:
        read_keys(tmp_path / "none")
    assert problem(caught) == (
        f"{tmp_path / 'none'}: no signing key here: create one with"
        " qa-check keys init --issuer NAME"
    )
    assert has_keys(made(tmp_path / "k"))


def test_needs_passphrase_tells_an_encrypted_key(tmp_path: Path) -> None:
    assert needs_passphrase(made(tmp_path / "locked", b"s3cret"))
    assert not needs_passphrase(made(tmp_path / "open"))
    assert b"ENCRYPTED" in (tmp_path / "locked" / CA_KEY).read_bytes()


def test_the_signing_key_loads_with_its_passphrase(tmp_path: Path) -> None:
    folder = made(tmp_path / "k", b"s3cret")
    loaded = load_signing_key(folder, b"s3cret", now=LATER)
    assert loaded.info == read_keys(folder)
    assert loaded.cert == cert(folder / SIGNING_CERT)


def test_a_wrong_or_missing_passphrase_is_a_clear_error(tmp_path: Path) -> None:
    folder = made(tmp_path / "k", b"s3cret")
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, b"guess", now=LATER)
    assert problem(caught) == f"{folder / SIGNING_KEY}: wrong passphrase for this key"
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, None, now=LATER)
    assert "QA_CHECK_KEY_PASSPHRASE" in problem(caught)


def test_a_passphrase_longer_than_the_key_takes_is_a_plain_error(tmp_path: Path) -> None:
    """Issue 19: over 1,023 bytes, OpenSSL's ValueError came out as a traceback."""
    too_long = "口".encode() * 342  # 1,026 bytes: within 1,023 characters, not bytes
    with pytest.raises(KeysError) as caught:
        made(tmp_path / "new", too_long)
    assert problem(caught) == (
        f"{tmp_path / 'new'}: the passphrase is 1,026 bytes long: a key takes at most 1,023 bytes"
    )
    assert not (tmp_path / "new").exists(), "nothing written"
    folder = made(tmp_path / "k", b"x" * 1023)
    assert load_signing_key(folder, b"x" * 1023, now=LATER).info.issuer == ISSUER
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, b"x" * 1024, now=LATER)
    assert problem(caught) == (
        f"{folder / SIGNING_KEY}: the passphrase is 1,024 bytes long: a key takes at most"
        " 1,023 bytes"
    )


def test_a_passphrase_given_for_an_open_key_is_not_needed(tmp_path: Path) -> None:
    folder = made(tmp_path / "k")
    assert load_signing_key(folder, b"anything", now=LATER).info.issuer == ISSUER


@pytest.mark.parametrize("file", [SIGNING_KEY, CA_KEY])
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_private_key_readable_by_others_is_refused(tmp_path: Path, file: str, mode: int) -> None:
    folder = made(tmp_path / "k")
    (folder / file).chmod(mode)
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, None, now=LATER)
    path = folder / file
    assert problem(caught) == (
        f"{path}: the private key can be read by other accounts: run chmod 600 {path}"
    )


def test_a_private_key_readable_by_its_owner_only_is_accepted(tmp_path: Path) -> None:
    folder = made(tmp_path / "k")
    (folder / SIGNING_KEY).chmod(0o400)
    assert load_signing_key(folder, None, now=LATER).info.issuer == ISSUER


@pytest.mark.parametrize("file", [SIGNING_KEY, SIGNING_CERT, CA_CERT])
@pytest.mark.parametrize("content", [b"", b"garbage\n", b"-----BEGIN PRIVATE KEY-----\nAA==\n"])
def test_a_damaged_file_is_a_clear_error(tmp_path: Path, file: str, content: bytes) -> None:
    folder = made(tmp_path / "k")
    (folder / file).write_bytes(content)
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, None, now=LATER)
    assert problem(caught) == (
        f"{folder / file}: not a readable key or certificate (damaged or replaced?)"
    )


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    folder = made(tmp_path / "k")
    (folder / SIGNING_CERT).write_bytes(b"x" * 10_000_000)
    with pytest.raises(KeysError) as caught:
        read_keys(folder)
    assert "not a readable key or certificate" in problem(caught)


def test_a_certificate_of_another_key_is_refused(tmp_path: Path) -> None:
    folder, other = made(tmp_path / "k"), made(tmp_path / "other")
    shutil.copy(other / SIGNING_CERT, folder / SIGNING_CERT)
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, None, now=LATER)
    assert problem(caught) == (
        f"{folder / SIGNING_CERT}: this certificate does not belong to the key"
        f" {folder / SIGNING_KEY}"
    )


def test_a_signing_certificate_not_issued_under_the_ca_is_refused(tmp_path: Path) -> None:
    folder, other = made(tmp_path / "k"), made(tmp_path / "other")
    shutil.copy(other / CA_CERT, folder / CA_CERT)
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, None, now=LATER)
    assert problem(caught) == (
        f"{folder / SIGNING_CERT}: this certificate was not issued under {folder / CA_CERT}"
    )


def test_an_expired_signing_certificate_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    init_keys(folder, ISSUER, None, now=datetime(2020, 2, 29, tzinfo=UTC), signing_years=1)
    assert read_keys(folder).not_after == datetime(2021, 2, 28, tzinfo=UTC)  # no 29 February
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, None, now=LATER)
    assert problem(caught).startswith(
        f"{folder / SIGNING_CERT}: the signing certificate expired on 2021-02-28 00:00 UTC: "
    )
    assert load_signing_key(folder, None, now=datetime(2021, 2, 1, tzinfo=UTC))


def test_a_signing_certificate_not_yet_valid_is_refused(tmp_path: Path) -> None:
    folder = made(tmp_path / "k")
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, None, now=datetime(2025, 12, 31, tzinfo=UTC))
    assert "valid only from 2026-01-05 08:30 UTC" in problem(caught)


def test_every_message_has_chinese(tmp_path: Path) -> None:
    folder = made(tmp_path / "k", b"s3cret")
    with pytest.raises(KeysError) as caught:
        load_signing_key(folder, b"guess", now=LATER)
    assert caught.value.problems[0].show("zh").endswith("该密钥的口令不正确")


@pytest.mark.parametrize("file", [SIGNING_KEY, SIGNING_CERT])
def test_a_key_or_certificate_that_is_a_link_or_a_fifo_is_refused(
    tmp_path: Path, file: str
) -> None:
    folder = made(tmp_path / "k")
    moved = tmp_path / "moved.pem"
    (folder / file).rename(moved)
    (folder / file).symlink_to(moved)
    with pytest.raises(KeysError) as link:
        load_signing_key(folder, None, now=LATER)
    assert problem(link) == f"{folder / file}: a symbolic link: qa-check does not follow links here"
    (folder / file).unlink()
    os.mkfifo(folder / file, 0o600)
    with pytest.raises(KeysError) as fifo:
        load_signing_key(folder, None, now=LATER)  # at once: nothing waits for a writer
    assert problem(fifo) == f"{folder / file}: not a regular file (a pipe, a device or a socket)"


README_ISSUER = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"


@pytest.mark.parametrize(
    ("name", "common_name"),
    [
        ("Shenzhen QA Lab", "Shenzhen QA Lab"),
        (README_ISSUER, "东莞示例包装测试实验室 Dongguan Example Packaging…"),
        ("深" * 200, "深" * 20 + "…"),
        ("A" * 200, "A" * 61 + "…"),
    ],
)
def test_an_issuer_name_of_any_length_and_script_makes_keys_that_keep_it_whole(
    tmp_path: Path, name: str, common_name: str
) -> None:
    """X.509 bounds a common name at 64 (UTF-8 bytes, as cryptography counts): 21 Chinese
    characters. The subject carries what fits and, beside it, the whole name."""
    info = init_keys(tmp_path / "k", name, None, now=MADE)
    assert info.issuer == read_keys(tmp_path / "k").issuer == name
    subject = cert(tmp_path / "k" / SIGNING_CERT).subject
    [common] = subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    [organisation] = subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    assert common.value == organisation.value == common_name
    assert len(str(common.value).encode("utf-8")) <= NAME_ATTRIBUTE_BYTES
    whole = subject.get_attributes_for_oid(FULL_NAME)
    assert [attribute.value for attribute in whole] == ([] if common_name == name else [name])
    ca = cert(tmp_path / "k" / CA_CERT).subject
    [ca_common] = ca.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert str(ca_common.value).endswith(" CA")
    assert len(str(ca_common.value).encode("utf-8")) <= NAME_ATTRIBUTE_BYTES
    load_signing_key(tmp_path / "k", None, now=LATER)  # and it signs


def test_a_certificate_of_an_earlier_version_names_its_issuer_by_the_common_name() -> None:
    """0.5.0's keys have a common name and no whole-name attribute: read as before."""
    released = cert(Path(__file__).parents[2] / "data" / "released" / "0.5.0" / "ca-cert.pem")
    assert not released.subject.get_attributes_for_oid(FULL_NAME)
    [common] = released.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert full_name(released.subject) == common.value != ""
